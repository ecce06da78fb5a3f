//! `apply` against a server: each change runs through the one dispatcher
//! (`domain::changes::apply_change`) over the remote primitives (`apply_target`), as one or
//! more API requests, in order. This is **not atomic**: the API has no transactions, so a
//! failure leaves the changes before it in place (the error says how many). A dry run checks
//! what reads can check (names free, objects present, the caller's roles) and writes nothing.

use super::RemoteClient;
use super::apply_target::no_run_import;
use crate::client::{SessionClient, WorkspaceClient};
use crate::domain::changes::{
    Authority, Change, ParticipantSpec, WorkspaceChange, apply_change, need_team, need_workspace,
    total_steps,
};
use crate::domain::roles::org_owner_refusal;
use crate::domain::{Error, Org, Result};
use std::collections::HashSet;

impl RemoteClient {
    /// Runs the changes one at a time; the first failure stops and says what was applied.
    pub(super) async fn run_changes(
        &self,
        changes: &[Change],
        progress: &(dyn Fn(u64, u64) + Send + Sync),
    ) -> Result<()> {
        // What the server cannot do at all is refused before the first request, so a plan
        // that would fail there never leaves half its changes behind.
        for change in changes {
            if let Some(e) = self.unsupported(change).await? {
                return Err(failure(e, change, "nothing was changed"));
            }
        }
        let (total, mut steps) = (total_steps(changes), 0);
        for (done, change) in changes.iter().enumerate() {
            progress(steps, total);
            steps += change.steps();
            if let Err(e) = apply_change(self, change, &mut |_| {}).await {
                let note = match done {
                    0 => "nothing was changed".to_string(),
                    n => format!(
                        "the {n} change(s) before it were applied: a remote apply is not atomic"
                    ),
                };
                return Err(failure(e, change, &note));
            }
        }
        progress(total, total);
        Ok(())
    }

    /// Why this server cannot make the change at all, if it cannot.
    async fn unsupported(&self, change: &Change) -> Result<Option<Error>> {
        let caps = self.capabilities().await?;
        Ok(match change {
            Change::Workspace {
                change: WorkspaceChange::ImportRuns(_),
                ..
            } => Some(no_run_import(self.endpoint())),
            Change::SetOrgCredits { .. }
            | Change::Workspace {
                change: WorkspaceChange::SetAllocation(_),
                ..
            } if !caps.credits => Some(self.no_credits()),
            Change::SetDefaultRole { .. } if !caps.default_roles => Some(self.no_default_roles()),
            Change::CreateUser(_) if !caps.manage_users => Some(self.no_user_creation()),
            _ => None,
        })
    }

    /// Checks every change by reading; writes nothing.
    pub(super) async fn check_changes(
        &self,
        changes: &[Change],
        progress: &(dyn Fn(u64, u64) + Send + Sync),
    ) -> Result<()> {
        let mut planned = Planned::default();
        let (total, mut steps) = (total_steps(changes), 0);
        for change in changes {
            progress(steps, total);
            steps += change.steps();
            self.check_change(change, &planned)
                .await
                .map_err(|e| failure(e, change, "dry run: nothing was written"))?;
            planned.record(change);
        }
        progress(total, total);
        Ok(())
    }
}

/// What a server without nfdeck's extensions cannot do, said the same way by a run and a dry run.
impl RemoteClient {
    fn no_credits(&self) -> Error {
        Error::unavailable(format!(
            "{} does not offer credits (an nfdeck extension)",
            self.endpoint()
        ))
    }

    fn no_default_roles(&self) -> Error {
        Error::unavailable(format!(
            "{} does not offer default workspace roles (an nfdeck extension)",
            self.endpoint()
        ))
    }

    fn no_user_creation(&self) -> Error {
        Error::forbidden(format!(
            "only the operator of an nfdeck server may create users; {} does not allow it",
            self.endpoint()
        ))
    }
}

/// Names that earlier changes of a dry run would have created.
#[derive(Default)]
struct Planned {
    orgs: HashSet<String>,
    teams: HashSet<(String, String)>,
    workspaces: HashSet<(String, String)>,
    people: HashSet<(String, String)>,
}

fn key(a: &str, b: &str) -> (String, String) {
    (a.to_ascii_lowercase(), b.to_ascii_lowercase())
}

impl Planned {
    fn record(&mut self, change: &Change) {
        match change {
            Change::CreateOrg { fields, owner } => {
                self.orgs.insert(fields.name.to_ascii_lowercase());
                self.people.insert(key(&fields.name, owner));
            }
            Change::SetMember { org, email, .. } => {
                self.people.insert(key(org, email));
            }
            Change::CreateTeam { org, fields } => {
                self.teams.insert(key(org, &fields.name));
            }
            Change::CreateWorkspace { org, fields } => {
                self.workspaces.insert(key(org, &fields.name));
            }
            _ => {}
        }
    }

    fn org(&self, org: &str) -> bool {
        self.orgs.contains(&org.to_ascii_lowercase())
    }
}

impl RemoteClient {
    async fn check_change(&self, change: &Change, planned: &Planned) -> Result<()> {
        match change {
            Change::CreateUser(_) => {
                if self.capabilities().await?.manage_users {
                    Ok(())
                } else {
                    Err(self.no_user_creation())
                }
            }
            Change::CreateOrg { fields, owner } => {
                let me = self.session().await?;
                if !owner.eq_ignore_ascii_case(&me.user.email) && !me.operator {
                    return Err(Error::forbidden(
                        "only the operator may create an org on behalf of someone else",
                    ));
                }
                self.validate("/orgs/validate", &fields.name).await
            }
            _ => self.check_in_org(change, planned).await,
        }
    }

    /// Checks a change inside an org: the org exists (or an earlier change creates it, and
    /// then there is nothing more to read) and the caller's org role allows it.
    async fn check_in_org(&self, change: &Change, planned: &Planned) -> Result<()> {
        let org_name = change.org().unwrap_or_default();
        if planned.org(org_name) {
            return Ok(());
        }
        let org = self.org_named(org_name).await?;
        let what = "change its members, teams and workspaces";
        if change.permission() == Authority::OrgOwner
            && let Some(refusal) = org_owner_refusal(&org.name, org.my_role, what)
            && !self.session().await?.operator
        {
            return Err(Error::forbidden(refusal));
        }
        match change {
            Change::SetDefaultRole { .. } if !self.capabilities().await?.default_roles => {
                Err(self.no_default_roles())
            }
            Change::CreateTeam { fields, .. } => {
                self.validate(&format!("/orgs/{}/teams/validate", org.id), &fields.name)
                    .await
            }
            Change::CreateWorkspace { fields, .. } => {
                self.validate(
                    &format!("/orgs/{}/workspaces/validate", org.id),
                    &fields.name,
                )
                .await
            }
            Change::UpdateTeam { team, .. }
            | Change::DeleteTeam { team, .. }
            | Change::AddTeamMember { team, .. }
            | Change::RemoveTeamMember { team, .. } => {
                if planned.teams.contains(&key(org_name, team)) {
                    return Ok(());
                }
                need_team(self, org.id, team).await.map(drop)
            }
            Change::UpdateWorkspace { workspace, .. }
            | Change::DeleteWorkspace { workspace, .. }
            | Change::SetParticipant { workspace, .. }
            | Change::RemoveParticipant { workspace, .. } => {
                if planned.workspaces.contains(&key(org_name, workspace)) {
                    return Ok(());
                }
                self.check_workspace_role(change.permission(), &org, workspace)
                    .await?;
                self.check_participant_known(change, &org, planned).await
            }
            Change::SetOrgCredits { .. } => self.check_org_credits().await,
            Change::Workspace {
                workspace, change, ..
            } => {
                self.check_in_workspace(&org, workspace, change, planned)
                    .await
            }
            _ => Ok(()),
        }
    }

    /// Only the operator sets an org's balance, and only on a server that offers credits.
    async fn check_org_credits(&self) -> Result<()> {
        if !self.capabilities().await?.credits {
            return Err(self.no_credits());
        }
        if !self.session().await?.operator {
            return Err(Error::forbidden(
                "only the operator may set an org's credit balance (credits are billing)",
            ));
        }
        Ok(())
    }

    /// A change inside a workspace: the caller's role there allows it (org owners were
    /// checked for the allocation), and what a server cannot do is said up front.
    async fn check_in_workspace(
        &self,
        org: &Org,
        workspace: &str,
        change: &WorkspaceChange,
        planned: &Planned,
    ) -> Result<()> {
        if let WorkspaceChange::ImportRuns(_) = change {
            return Err(no_run_import(self.endpoint()));
        }
        if planned.workspaces.contains(&key(&org.name, workspace)) {
            return Ok(());
        }
        self.check_workspace_role(change.permission(), org, workspace)
            .await
    }

    /// The caller's role in the workspace holds the permission the change needs (what an org
    /// role decides was checked before).
    async fn check_workspace_role(
        &self,
        needed: Authority,
        org: &Org,
        workspace: &str,
    ) -> Result<()> {
        let Authority::Workspace(permission) = needed else {
            return Ok(());
        };
        let ws = need_workspace(self, org.id, workspace).await?;
        let ws = self.get_workspace(org.id, ws).await?;
        if ws.my_role.allows(permission) {
            Ok(())
        } else {
            let refusal = permission.refusal_named(ws.my_role.role_name());
            Err(Error::forbidden(refusal).about(format!("workspace {}", ws.path())))
        }
    }

    /// Whom a new participant names is in the org (or an earlier change puts them there).
    async fn check_participant_known(
        &self,
        change: &Change,
        org: &Org,
        planned: &Planned,
    ) -> Result<()> {
        let Change::SetParticipant { who, .. } = change else {
            return Ok(());
        };
        let known = match who {
            ParticipantSpec::Team(t) => {
                planned.teams.contains(&key(&org.name, t))
                    || self.team_named(org.id, t).await?.is_some()
            }
            ParticipantSpec::Member(e) => {
                planned.people.contains(&key(&org.name, e))
                    || self.person_named(org.id, e).await?.is_some()
            }
            ParticipantSpec::Collaborator(_) => true,
        };
        if known {
            Ok(())
        } else {
            Err(Error::not_found(format!("{who} is not in the org")))
        }
    }

    /// A `validate` endpoint: 204 when the name is free.
    async fn validate(&self, path: &str, name: &str) -> Result<()> {
        self.http
            .get::<serde_json::Value>(path, vec![("name", name.to_string())])
            .await
            .map(drop)
    }
}

/// The error of a failed change, naming the change's object, with a note on what happened.
fn failure(e: Error, change: &Change, note: &str) -> Error {
    let e = change.failed(e);
    Error::new(e.kind, format!("{}\n({note})", e.message))
}
