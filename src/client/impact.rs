//! Impact before harm, computed through the `Client` traits from the lists every backend
//! offers, so the embedded engine and a server (nfdeck serve or Seqera's) answer alike. What
//! the caller may not read (another workspace's participants, runs of a workspace they do not
//! see) is named in `Impact::unknown` instead of being counted as nothing.

use super::Client;
use crate::domain::{Action, ComputeEnv, Pipeline};
use crate::domain::{
    Harm, Impact, ImpactItem, OrgId, Page, PipelineQuery, PipelineVisibility, Result, RunQuery,
    Scope, TeamId, Visibility, WorkspaceId,
};
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// Names are listed up to this many; beyond, only the count.
const NAMES: usize = 10;

/// What `harm` would take with it.
pub async fn impact_of(c: &dyn Client, harm: &Harm) -> Result<Impact> {
    let mut unknown = Vec::new();
    let mut lists = Lists::default();
    let items = items_of(c, harm, &mut lists, &mut unknown).await?;
    Ok(Impact::new(harm, items, unknown))
}

/// A workspace's lists, read once per impact: marked rows of one workspace (`Harm::Each`)
/// look at the same pipelines, actions and environments.
#[derive(Default)]
struct Lists {
    pipelines: HashMap<Scope, Vec<Pipeline>>,
    actions: HashMap<Scope, Vec<Action>>,
    envs: HashMap<Scope, Vec<ComputeEnv>>,
}

impl Lists {
    async fn pipelines(&mut self, c: &dyn Client, scope: Scope) -> Result<&[Pipeline]> {
        if let Entry::Vacant(slot) = self.pipelines.entry(scope) {
            slot.insert(own_pipelines(c, scope).await?);
        }
        Ok(&self.pipelines[&scope])
    }

    async fn actions(&mut self, c: &dyn Client, scope: Scope) -> Result<&[Action]> {
        if let Entry::Vacant(slot) = self.actions.entry(scope) {
            slot.insert(c.list_actions(scope).await?);
        }
        Ok(&self.actions[&scope])
    }

    async fn envs(&mut self, c: &dyn Client, scope: Scope) -> Result<&[ComputeEnv]> {
        if let Entry::Vacant(slot) = self.envs.entry(scope) {
            slot.insert(c.list_compute_envs(scope, None).await?);
        }
        Ok(&self.envs[&scope])
    }
}

/// What one harm affects; for several, each one's items named after it ("hpc: pipelines
/// launching on it").
async fn items_of(
    c: &dyn Client,
    harm: &Harm,
    lists: &mut Lists,
    unknown: &mut Vec<String>,
) -> Result<Vec<ImpactItem>> {
    Ok(match harm {
        Harm::Each(harms) => {
            let mut items = Vec::new();
            for (name, harm) in harms {
                let mut inner = Vec::new();
                let got = Box::pin(items_of(c, harm, lists, &mut inner)).await?;
                items.extend(got.into_iter().map(|i| ImpactItem {
                    of: Some(name.clone()),
                    ..i
                }));
                unknown.extend(inner.into_iter().map(|u| format!("{name}: {u}")));
            }
            items
        }
        Harm::DeleteComputeEnv { scope, id } => compute_env(c, lists, *scope, id).await?,
        Harm::MakePrivate { org, workspace } => made_private(c, *org, *workspace).await?,
        Harm::DeleteTeam { org, team } => team_workspaces(c, *org, *team, unknown).await?,
        Harm::DeleteWorkspace { workspace, .. } => workspace_contents(c, *workspace).await?,
        Harm::DeleteOrg { org } => org_contents(c, *org, unknown).await?,
        Harm::DeleteCredentials { scope, id } => credentials_users(c, lists, *scope, id).await?,
    })
}

/// `what` names many ("pipelines launching on it"), `one` names one.
fn item((one, what): (&str, &str), names: Vec<String>) -> ImpactItem {
    ImpactItem {
        what: what.into(),
        one: one.into(),
        of: None,
        count: names.len() as u64,
        names: names.into_iter().take(NAMES).collect(),
    }
}

fn counted((one, what): (&str, &str), count: u64) -> ImpactItem {
    ImpactItem {
        what: what.into(),
        one: one.into(),
        of: None,
        count,
        names: Vec::new(),
    }
}

/// The workspace's own pipelines.
async fn own_pipelines(c: &dyn Client, scope: Scope) -> Result<Vec<crate::domain::Pipeline>> {
    let query = PipelineQuery {
        visibility: PipelineVisibility::Private,
        page: Page::all(),
        label: None,
    };
    let all = c.list_pipelines(scope, query).await?.items;
    Ok(match scope {
        Scope::Workspace(ws) => all.into_iter().filter(|p| p.workspace_id == ws).collect(),
        Scope::Personal => all,
    })
}

async fn compute_env(
    c: &dyn Client,
    lists: &mut Lists,
    scope: Scope,
    id: &str,
) -> Result<Vec<ImpactItem>> {
    let using: Vec<String> = lists
        .pipelines(c, scope)
        .await?
        .iter()
        .filter(|p| p.compute_env_id.as_deref() == Some(id))
        .map(|p| p.name.clone())
        .collect();
    let triggering = lists
        .actions(c, scope)
        .await?
        .iter()
        .filter(|a| a.launch.compute_env_id.as_deref() == Some(id))
        .map(|a| a.name.clone());
    Ok(vec![
        item(
            ("pipeline launching on it", "pipelines launching on it"),
            using,
        ),
        item(
            ("action launching on it", "actions launching on it"),
            triggering.collect(),
        ),
    ])
}

/// The compute environments of the workspace that use the credentials.
async fn credentials_users(
    c: &dyn Client,
    lists: &mut Lists,
    scope: Scope,
    id: &str,
) -> Result<Vec<ImpactItem>> {
    let using = lists
        .envs(c, scope)
        .await?
        .iter()
        .filter(|e| e.credentials_id.as_deref() == Some(id))
        .map(|e| e.name.clone());
    Ok(vec![item(
        (
            "compute environment using them",
            "compute environments using them",
        ),
        using.collect(),
    )])
}

/// Shared pipelines of a SHARED workspace leave the Launchpads of the org's other workspaces.
async fn made_private(c: &dyn Client, org: OrgId, ws: WorkspaceId) -> Result<Vec<ImpactItem>> {
    let workspace = c.get_workspace(org, ws).await?;
    if workspace.visibility != Visibility::Shared {
        return Ok(Vec::new());
    }
    // Every pipeline of a SHARED workspace shows on the org's other Launchpads.
    let shared: Vec<String> = own_pipelines(c, Scope::Workspace(ws))
        .await?
        .into_iter()
        .map(|p| p.name)
        .collect();
    if shared.is_empty() {
        return Ok(Vec::new());
    }
    let others: Vec<String> = c
        .list_org_workspaces(org)
        .await?
        .into_iter()
        .filter(|w| w.id != ws)
        .map(|w| w.name)
        .collect();
    Ok(vec![
        item(
            (
                "shared pipeline leaving other Launchpads",
                "shared pipelines leaving other Launchpads",
            ),
            shared,
        ),
        item(
            (
                "workspace whose Launchpad loses them",
                "workspaces whose Launchpads lose them",
            ),
            others,
        ),
    ])
}

async fn team_workspaces(
    c: &dyn Client,
    org: OrgId,
    team: TeamId,
    unknown: &mut Vec<String>,
) -> Result<Vec<ImpactItem>> {
    let mut joined = Vec::new();
    for ws in c.list_org_workspaces(org).await? {
        match c.list_participants(org, ws.id, Page::all()).await {
            Ok(list) if list.items.iter().any(|p| p.team_id == Some(team)) => joined.push(ws.name),
            Ok(_) => {}
            Err(e) => unknown.push(format!("whether the team is in workspace {}: {e}", ws.name)),
        }
    }
    Ok(vec![item(
        (
            "workspace it participates in",
            "workspaces it participates in",
        ),
        joined,
    )])
}

async fn workspace_contents(c: &dyn Client, ws: WorkspaceId) -> Result<Vec<ImpactItem>> {
    let scope = Scope::Workspace(ws);
    let runs = c.list_runs(
        scope,
        RunQuery {
            page: Page::first(1),
            status: None,
        },
    );
    let runs = runs.await?.total;
    let pipelines = own_pipelines(c, Scope::Workspace(ws))
        .await?
        .into_iter()
        .map(|p| p.name)
        .collect();
    let actions = c
        .list_actions(scope)
        .await?
        .into_iter()
        .map(|a| a.name)
        .collect();
    let secrets = c
        .list_secrets(scope)
        .await?
        .into_iter()
        .map(|s| s.name)
        .collect();
    let envs = c.list_compute_envs(scope, None).await?;
    Ok(vec![
        counted(("run", "runs"), runs),
        item(("pipeline", "pipelines"), pipelines),
        item(("action", "actions"), actions),
        item(("secret", "secrets"), secrets),
        item(
            ("compute environment", "compute environments"),
            envs.into_iter().map(|e| e.name).collect(),
        ),
    ])
}

async fn org_contents(
    c: &dyn Client,
    org: OrgId,
    unknown: &mut Vec<String>,
) -> Result<Vec<ImpactItem>> {
    let workspaces = c.list_org_workspaces(org).await?;
    let members = c.list_members(org, Page::first(1)).await?.total;
    let mut runs = 0;
    for ws in &workspaces {
        let query = RunQuery {
            page: Page::first(1),
            status: None,
        };
        match c.list_runs(Scope::Workspace(ws.id), query).await {
            Ok(page) => runs += page.total,
            Err(e) => unknown.push(format!("the runs of workspace {}: {e}", ws.name)),
        }
    }
    Ok(vec![
        item(
            ("workspace", "workspaces"),
            workspaces.into_iter().map(|w| w.name).collect(),
        ),
        counted(("member", "members"), members),
        counted(("run", "runs"), runs),
    ])
}
