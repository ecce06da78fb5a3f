//! The plan: what `apply` will create, update, leave unchanged or (with `--prune`) remove, per
//! object, and the changes that do it, in an order that always works (users before orgs,
//! owners before demotions, members before participants, removals last). The org's people and
//! teams are planned in `people`, workspaces and participants in `workspaces`, and a
//! workspace's contents (`contents`) in `settings` (credits, Studios, labels), `compute`
//! (credentials, compute envs), `launchpad` (pipelines, actions) and `runs`; `refs` checks what
//! they refer to.

mod compute;
mod contents;
mod launchpad;
mod people;
mod refs;
mod roles;
mod runs;
mod settings;
mod workspaces;

pub use workspaces::spec_of;

use super::desired::{Desired, DesiredOrg, Problems};
use super::secrets::{ProcessEnv, SecretSource};
use super::state::{OrgState, State};
use crate::domain::changes::{Change, WorkspaceChange};
use crate::domain::{Error, OrgFields, Result, Tier};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    Create,
    Update,
    Unchanged,
    Remove,
}

impl Action {
    fn symbol(self) -> &'static str {
        match self {
            Action::Create => "+ create   ",
            Action::Update => "~ update   ",
            Action::Unchanged => "= unchanged",
            Action::Remove => "- remove   ",
        }
    }
}

/// When a change runs; lower phases first. References resolve because what is referred to
/// comes first: labels and credentials before compute envs, compute envs (and the primary)
/// before pipelines, pipelines before actions and runs, the org's credits before workspace
/// allocations (and allocations before imported runs spend credits). Removals run last, users
/// of an object before the object (actions, pipelines, compute envs, credentials, labels).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    Users,
    Orgs,
    OrgCredits,
    Owners,
    Members,
    Teams,
    TeamMembers,
    Roles,
    Workspaces,
    Participants,
    DefaultRoles,
    Studios,
    Allocations,
    Labels,
    Credentials,
    ComputeEnvs,
    EnvStatus,
    Primary,
    Pipelines,
    Actions,
    Runs,
    Demotions,
    RemoveActions,
    RemovePipelines,
    RemoveComputeEnvs,
    RemoveCredentials,
    RemoveLabels,
    Removals,
    /// After participants were given other roles or removed: a held role is not deleted.
    RemoveRoles,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlanItem {
    pub action: Action,
    pub object: String,
    pub detail: String,
    pub change: Option<Change>,
    phase: Phase,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub items: Vec<PlanItem>,
}

impl Plan {
    /// The changes to run, in order. Runs imported into the same workspace one after the
    /// other become one change, so the engine resolves the workspace once for all of them.
    pub fn changes(&self) -> Vec<Change> {
        let mut items: Vec<&PlanItem> = self.items.iter().filter(|i| i.change.is_some()).collect();
        items.sort_by_key(|i| i.phase);
        let mut changes: Vec<Change> = Vec::with_capacity(items.len());
        for change in items.into_iter().filter_map(|i| i.change.clone()) {
            if let Some(last) = changes.last_mut()
                && let Some(runs) = more_runs(last, &change)
            {
                runs.extend(imported(change));
                continue;
            }
            changes.push(change);
        }
        changes
    }

    pub fn count(&self, action: Action) -> usize {
        self.items.iter().filter(|i| i.action == action).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.iter().all(|i| i.change.is_none())
    }

    pub fn summary(&self) -> String {
        format!(
            "{} to create, {} to update, {} to remove, {} unchanged",
            self.count(Action::Create),
            self.count(Action::Update),
            self.count(Action::Remove),
            self.count(Action::Unchanged)
        )
    }

    fn push(
        &mut self,
        phase: Phase,
        action: Action,
        object: String,
        detail: String,
        change: Option<Change>,
    ) {
        self.items.push(PlanItem {
            action,
            object,
            detail,
            change,
            phase,
        });
    }
}

/// The runs list of `last` when `next` imports runs into the same workspace.
fn more_runs<'c>(
    last: &'c mut Change,
    next: &Change,
) -> Option<&'c mut Vec<crate::domain::run_history::RunRecord>> {
    let (
        Change::Workspace {
            org,
            workspace,
            change: WorkspaceChange::ImportRuns(runs),
        },
        Change::Workspace {
            org: next_org,
            workspace: next_ws,
            change: WorkspaceChange::ImportRuns(_),
        },
    ) = (last, next)
    else {
        return None;
    };
    (org == next_org && workspace == next_ws).then_some(runs)
}

fn imported(change: Change) -> Vec<crate::domain::run_history::RunRecord> {
    match change {
        Change::Workspace {
            change: WorkspaceChange::ImportRuns(runs),
            ..
        } => runs,
        _ => Vec::new(),
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for item in &self.items {
            write!(f, "  {} {}", item.action.symbol(), item.object)?;
            if !item.detail.is_empty() {
                write!(f, ": {}", item.detail)?;
            }
            writeln!(f)?;
        }
        writeln!(f, "Plan: {}.", self.summary())
    }
}

/// Builds the plan with secrets from the process environment.
pub fn build(desired: &Desired, state: &State, actor_email: &str, prune: bool) -> Result<Plan> {
    build_with(desired, state, actor_email, prune, &ProcessEnv)
}

/// Builds the plan; fails (naming the object) when the file refers to something that neither
/// the file nor the current state has, or when a secret it must write has no value in
/// `secrets`. Every such problem is listed.
pub fn build_with(
    desired: &Desired,
    state: &State,
    actor_email: &str,
    prune: bool,
    secrets: &dyn SecretSource,
) -> Result<Plan> {
    let mut plan = Plan::default();
    let mut problems = Problems::default();
    plan_users(desired, state, &mut plan)?;
    for org in &desired.orgs {
        OrgPlanner {
            d: org,
            c: state.org(&org.name),
            prune,
            plan: &mut plan,
            secrets,
            problems: &mut problems,
        }
        .run(actor_email)?;
    }
    problems.into_result(plan)
}

fn plan_users(desired: &Desired, state: &State, plan: &mut Plan) -> Result<()> {
    if desired.users.is_empty() {
        return Ok(());
    }
    for user in &desired.users {
        let object = format!("user {}", user.email);
        // Without the operator's list of users, a user the caller can see in one of the file's
        // orgs exists: an export's [[users]] re-applies unchanged.
        let exists = match &state.users {
            Some(_) => state.user(&user.email).is_some(),
            None => state.orgs.iter().any(|o| o.person(&user.email).is_some()),
        };
        match exists {
            true => plan.push(Phase::Users, Action::Unchanged, object, String::new(), None),
            false if state.users.is_none() => {
                return Err(Error::forbidden(format!(
                    "{object} does not exist, and only the operator may create users (embedded mode, without --as)"
                )));
            }
            false => plan.push(
                Phase::Users,
                Action::Create,
                object,
                String::new(),
                Some(Change::CreateUser(user.clone())),
            ),
        }
    }
    Ok(())
}

/// Shows a value change: `visibility PRIVATE -> SHARED`.
fn diff(field: &str, old: &str, new: &str, out: &mut Vec<String>) {
    if old != new {
        out.push(format!("{field} '{old}' -> '{new}'"));
    }
}

struct OrgPlanner<'a> {
    d: &'a DesiredOrg,
    c: Option<&'a OrgState>,
    prune: bool,
    plan: &'a mut Plan,
    secrets: &'a dyn SecretSource,
    /// Problems found while planning (unknown references, missing secrets), all reported.
    problems: &'a mut Problems,
}

impl<'a> OrgPlanner<'a> {
    fn org(&self) -> &str {
        &self.d.name
    }

    fn run(mut self, actor_email: &str) -> Result<()> {
        self.check_people_visible()?;
        let creator = self.plan_org(actor_email);
        self.plan_org_credits();
        self.plan_people(creator.as_deref());
        for team in &self.d.teams {
            self.plan_team(team)?;
        }
        self.plan_roles();
        let d = self.d;
        for ws in &d.workspaces {
            self.plan_workspace(ws)?;
        }
        self.plan_default_roles();
        if self.prune {
            self.prune_org();
            self.prune_roles();
        }
        Ok(())
    }

    /// A file that manages the org's people, teams or workspace participants needs to see
    /// them: for a user who may not (a collaborator), that is the rule the file breaks. A file
    /// that only manages workspace contents goes on, and each change meets its own rule.
    fn check_people_visible(&self) -> Result<()> {
        let Some(reason) = self.c.and_then(|c| c.people_hidden.as_deref()) else {
            return Ok(());
        };
        let d = self.d;
        let manages_people = d.owners_listed
            || !d.members.is_empty()
            || !d.collaborators.is_empty()
            || !d.default_roles.is_empty()
            || !d.teams.is_empty()
            || self.prune
            || d.workspaces.iter().any(|w| !w.participants.is_empty());
        match manages_people {
            true => Err(Error::forbidden(format!(
                "{reason}, so this file cannot manage its people, teams or workspace participants"
            ))),
            false => Ok(()),
        }
    }

    /// A new org needs what an existing one may leave out: its full name and an owner.
    fn check_creatable(&mut self, object: &str) {
        if self.d.full_name.is_none() {
            self.problems
                .add(object, "full_name is required to create an org");
        }
        if self.d.owners.is_empty() {
            self.problems.add(
                object,
                "owners must name at least one owner to create an org",
            );
        }
    }

    /// Creates or updates the org; returns the creator (its first owner) for a new org.
    fn plan_org(&mut self, actor_email: &str) -> Option<String> {
        let d = self.d;
        let object = format!("org {}", d.name);
        let Some(c) = self.c else {
            self.check_creatable(&object);
            let creator = if d.owners.iter().any(|o| o.eq_ignore_ascii_case(actor_email)) {
                actor_email.to_ascii_lowercase()
            } else {
                d.owners.first().cloned().unwrap_or_default()
            };
            let fields = OrgFields {
                name: d.name.clone(),
                full_name: d.full_name.clone().unwrap_or_default(),
                description: d.description.clone().unwrap_or_default(),
                location: d.location.clone().unwrap_or_default(),
                website: d.website.clone().unwrap_or_default(),
                tier: d.tier.unwrap_or(Tier::Basic),
            };
            let detail = format!("{} tier, first owner {creator}", fields.tier);
            self.plan.push(
                Phase::Orgs,
                Action::Create,
                object,
                detail,
                Some(Change::CreateOrg {
                    fields,
                    owner: creator.clone(),
                }),
            );
            return Some(creator);
        };
        let current = OrgFields::from(&c.org);
        let wanted = OrgFields {
            name: c.org.name.clone(),
            full_name: d.full_name.clone().unwrap_or(current.full_name.clone()),
            description: d.description.clone().unwrap_or(current.description.clone()),
            location: d.location.clone().unwrap_or(current.location.clone()),
            website: d.website.clone().unwrap_or(current.website.clone()),
            tier: d.tier.unwrap_or(current.tier),
        };
        let mut changes = Vec::new();
        diff(
            "full_name",
            &current.full_name,
            &wanted.full_name,
            &mut changes,
        );
        diff(
            "description",
            &current.description,
            &wanted.description,
            &mut changes,
        );
        diff(
            "location",
            &current.location,
            &wanted.location,
            &mut changes,
        );
        diff("website", &current.website, &wanted.website, &mut changes);
        diff(
            "tier",
            current.tier.as_str(),
            wanted.tier.as_str(),
            &mut changes,
        );
        if changes.is_empty() {
            self.plan
                .push(Phase::Orgs, Action::Unchanged, object, String::new(), None);
        } else {
            let change = Change::UpdateOrg {
                org: c.org.name.clone(),
                fields: wanted,
                base: Some(Box::new(current.clone())),
            };
            self.plan.push(
                Phase::Orgs,
                Action::Update,
                object,
                changes.join(", "),
                Some(change),
            );
        }
        None
    }
}
