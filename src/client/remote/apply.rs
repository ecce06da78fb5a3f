//! `apply` against a server: each change resolves the names it refers to and runs as one or
//! more API requests, in order. This is **not atomic**: the API has no transactions, so a
//! failure leaves the changes before it in place (the error says how many). A dry run checks
//! what reads can check (names free, objects present, the caller's roles) and writes nothing.

use super::RemoteClient;
use crate::client::{
    OrgClient, ParticipantClient, SessionClient, SettingsClient, TeamClient, WorkspaceClient,
};
use crate::domain::changes::{
    Change, ParticipantSpec, WorkspaceChange, check_unchanged, merged, total_steps,
};
use crate::domain::{
    Error, Member, Org, OrgFields, OrgId, OrgRole, Page, Participant, ParticipantRef,
    ParticipantType, Permission, Result, Team, TeamFields, WorkspaceFields, WorkspaceId, WspRole,
};
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
            if let Err(e) = self.run_change(change).await {
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
            } => Some(super::apply_workspace::no_run_import(self.endpoint())),
            Change::SetOrgCredits { .. }
            | Change::Workspace {
                change: WorkspaceChange::SetAllocation(_),
                ..
            } if !caps.credits => Some(Error::unavailable(format!(
                "{} does not offer credits (an nfdeck extension)",
                self.endpoint()
            ))),
            Change::SetDefaultRole { .. } if !caps.default_roles => {
                Some(Error::unavailable(format!(
                    "{} does not offer default workspace roles (an nfdeck extension)",
                    self.endpoint()
                )))
            }
            Change::CreateUser(_) if !caps.manage_users => Some(Error::forbidden(format!(
                "only the operator of an nfdeck server may create users; {} does not allow it",
                self.endpoint()
            ))),
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

    async fn org_named(&self, name: &str) -> Result<Org> {
        self.list_orgs()
            .await?
            .into_iter()
            .find(|o| o.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| Error::not_found(format!("organization '{name}' not found")))
    }

    /// An owner, member or collaborator by email (both lists, read concurrently).
    async fn person(&self, org: OrgId, email: &str) -> Result<Option<Member>> {
        let page = Page::first(Page::MAX).with_search(email);
        let (members, collaborators) = futures::try_join!(
            self.list_members(org, page.clone()),
            self.list_collaborators(org, page),
        )?;
        Ok(members
            .items
            .into_iter()
            .chain(collaborators.items)
            .find(|m| m.email.eq_ignore_ascii_case(email)))
    }

    async fn team_named(&self, org: OrgId, name: &str) -> Result<Option<Team>> {
        let page = Page::first(Page::MAX).with_search(name);
        Ok(self
            .list_teams(org, page)
            .await?
            .items
            .into_iter()
            .find(|t| t.name.eq_ignore_ascii_case(name)))
    }

    async fn workspace_named(&self, org: OrgId, name: &str) -> Result<Option<WorkspaceId>> {
        let path = format!("/orgs/{org}/workspaces");
        let r: crate::api::dto::ListWorkspacesResponse = self.http.get(&path, vec![]).await?;
        Ok(r.workspaces
            .unwrap_or_default()
            .into_iter()
            .find(|w| {
                w.name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
            .and_then(|w| w.id))
    }

    async fn need_workspace(&self, org: OrgId, name: &str) -> Result<WorkspaceId> {
        self.workspace_named(org, name)
            .await?
            .ok_or_else(|| Error::not_found(format!("workspace '{name}' not found")))
    }

    async fn need_team(&self, org: OrgId, name: &str) -> Result<Team> {
        self.team_named(org, name)
            .await?
            .ok_or_else(|| Error::not_found(format!("team '{name}' not found")))
    }

    async fn need_person(&self, org: OrgId, email: &str) -> Result<Member> {
        self.person(org, email)
            .await?
            .ok_or_else(|| Error::not_found(format!("{email} is not a member or collaborator")))
    }

    /// The participant a file entry refers to, if there is one.
    async fn participant_for(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        who: &ParticipantSpec,
    ) -> Result<Option<Participant>> {
        let (search, kind_team) = match who {
            ParticipantSpec::Team(t) => (t, true),
            ParticipantSpec::Member(e) | ParticipantSpec::Collaborator(e) => (e, false),
        };
        let page = Page::first(Page::MAX).with_search(search.clone());
        Ok(self
            .list_participants(org, ws, page)
            .await?
            .items
            .into_iter()
            .find(|p| {
                let name = if kind_team { &p.team_name } else { &p.email };
                (p.kind == ParticipantType::Team) == kind_team
                    && name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(search))
            }))
    }

    /// Adds the user with this org role, or changes the role they have.
    async fn set_member(&self, org: OrgId, email: &str, role: OrgRole) -> Result<()> {
        match self.person(org, email).await? {
            Some(m) if m.role == role => Ok(()),
            Some(m) => self.set_member_role(org, m.member_id, role).await,
            None => {
                let m = self.add_member(org, email).await?;
                if role == OrgRole::Member {
                    Ok(())
                } else {
                    self.set_member_role(org, m.member_id, role).await
                }
            }
        }
    }

    /// Creates an org whose first owner is `owner`: the caller, or (for the operator) someone
    /// else, who is made owner before the caller leaves the org again.
    async fn create_org_for(&self, fields: &crate::domain::OrgFields, owner: &str) -> Result<()> {
        let me = self.session().await?;
        let for_me = owner.eq_ignore_ascii_case(&me.user.email);
        if !for_me && !me.operator {
            return Err(Error::forbidden(
                "only the operator may create an org on behalf of someone else",
            ));
        }
        let org = self.create_org(fields.clone()).await?;
        if !for_me {
            self.set_member(org.id, owner, OrgRole::Owner).await?;
            self.leave_org(org.id).await?;
        }
        Ok(())
    }

    async fn run_change(&self, change: &Change) -> Result<()> {
        match change {
            Change::CreateUser(user) => self.create_user(user.clone()).await.map(drop),
            Change::CreateOrg { fields, owner } => self.create_org_for(fields, owner).await,
            // Updates re-read the object right before writing it and write only the fields
            // they change (merge3): the REST API has no conditional writes, so this is as close
            // as a remote apply can get to the engine's check inside its transaction.
            Change::UpdateOrg { org, fields, base } => {
                let now = self.org_named(org).await?;
                let current = OrgFields::from(&now);
                let fields = merged(&change.object(), base.as_deref(), fields, &current)?;
                if fields == current {
                    return Ok(());
                }
                self.update_org(now.id, fields).await.map(drop)
            }
            Change::SetMember {
                org,
                email,
                role,
                base,
            } => {
                let org = self.org_named(org).await?.id;
                let now = self.person(org, email).await?.map(|m| m.role);
                check_unchanged(&change.object(), "role", base, &Some(*role), &now)?;
                if now == Some(*role) {
                    return Ok(());
                }
                self.set_member(org, email, *role).await
            }
            Change::SetDefaultRole {
                org,
                email,
                role,
                base,
            } => {
                let org = self.org_named(org).await?.id;
                let m = self.need_person(org, email).await?;
                let object = change.object();
                check_unchanged(&object, "default role", base, role, &m.default_role)?;
                if m.default_role == *role {
                    return Ok(());
                }
                self.set_default_role(org, m.member_id, *role).await
            }
            Change::RemoveMember { org, email } => {
                let org = self.org_named(org).await?.id;
                let m = self.need_person(org, email).await?;
                self.remove_member(org, m.member_id).await
            }
            _ => self.run_team_change(change).await,
        }
    }

    async fn run_team_change(&self, change: &Change) -> Result<()> {
        match change {
            Change::CreateTeam { org, fields } => {
                let org = self.org_named(org).await?.id;
                self.create_team(org, fields.clone()).await.map(drop)
            }
            Change::UpdateTeam {
                org,
                team,
                fields,
                base,
            } => {
                let org = self.org_named(org).await?.id;
                let team = self.need_team(org, team).await?;
                let current = TeamFields::from(&team);
                let fields = merged(&change.object(), base.as_deref(), fields, &current)?;
                if fields == current {
                    return Ok(());
                }
                self.update_team(org, team.id, fields).await.map(drop)
            }
            Change::DeleteTeam { org, team } => {
                let org = self.org_named(org).await?.id;
                let team = self.need_team(org, team).await?;
                self.delete_team(org, team.id).await
            }
            Change::AddTeamMember { org, team, email } => {
                let org = self.org_named(org).await?.id;
                let team = self.need_team(org, team).await?;
                self.add_team_member(org, team.id, email).await.map(drop)
            }
            Change::RemoveTeamMember { org, team, email } => {
                let org = self.org_named(org).await?.id;
                let team = self.need_team(org, team).await?;
                let m = self.need_person(org, email).await?;
                self.remove_team_member(org, team.id, m.member_id).await
            }
            _ => self.run_workspace_change(change).await,
        }
    }

    async fn run_workspace_change(&self, change: &Change) -> Result<()> {
        match change {
            Change::CreateWorkspace { org, fields } => {
                let org = self.org_named(org).await?.id;
                self.create_workspace(org, fields.clone()).await.map(drop)
            }
            Change::UpdateWorkspace {
                org,
                workspace,
                fields,
                base,
            } => {
                let org = self.org_named(org).await?.id;
                let ws = self.need_workspace(org, workspace).await?;
                let current = WorkspaceFields::from(&self.get_workspace(org, ws).await?);
                let fields = merged(&change.object(), base.as_deref(), fields, &current)?;
                if fields == current {
                    return Ok(());
                }
                self.update_workspace(org, ws, fields).await.map(drop)
            }
            Change::DeleteWorkspace { org, workspace } => {
                let org = self.org_named(org).await?.id;
                let ws = self.need_workspace(org, workspace).await?;
                self.delete_workspace(org, ws).await
            }
            Change::SetParticipant {
                org,
                workspace,
                who,
                role,
                base,
            } => {
                let org = self.org_named(org).await?.id;
                let ws = self.need_workspace(org, workspace).await?;
                let found = self.participant_for(org, ws, who).await?;
                let now = found.as_ref().map(|p| p.role);
                check_unchanged(&change.object(), "role", base, &Some(*role), &now)?;
                match found {
                    Some(p) if p.role == *role => Ok(()),
                    Some(p) => self.set_participant_role(org, ws, p.id, *role).await,
                    None => {
                        let reference = self.participant_ref(org, who).await?;
                        self.add_participant(org, ws, reference, Some(*role))
                            .await
                            .map(drop)
                    }
                }
            }
            Change::RemoveParticipant {
                org,
                workspace,
                who,
            } => {
                let org = self.org_named(org).await?.id;
                let ws = self.need_workspace(org, workspace).await?;
                let p = self
                    .participant_for(org, ws, who)
                    .await?
                    .ok_or_else(|| Error::not_found(format!("{who} is not a participant")))?;
                self.remove_participant(org, ws, p.id).await
            }
            Change::SetOrgCredits { org, credits } => {
                let org = self.org_named(org).await?.id;
                self.set_org_credits(org, *credits).await.map(drop)
            }
            Change::Workspace {
                org,
                workspace,
                change,
            } => {
                let org = self.org_named(org).await?.id;
                let ws = self.need_workspace(org, workspace).await?;
                self.run_in_workspace(org, ws, change).await
            }
            other => Err(Error::internal(format!(
                "no remote request for {}",
                other.object()
            ))),
        }
    }

    /// How to add a file entry: a member must already be in the org; a collaborator's email
    /// joins the org as a collaborator.
    async fn participant_ref(&self, org: OrgId, who: &ParticipantSpec) -> Result<ParticipantRef> {
        match who {
            ParticipantSpec::Team(name) => {
                Ok(ParticipantRef::Team(self.need_team(org, name).await?.id))
            }
            ParticipantSpec::Member(email) => match self.person(org, email).await? {
                Some(m) if m.role.is_member() => Ok(ParticipantRef::Member(m.member_id)),
                _ => Err(Error::not_found(format!(
                    "{email} is not a member of the org (list it under the org's members, or add it as a collaborator)"
                ))),
            },
            ParticipantSpec::Collaborator(email) => {
                Ok(ParticipantRef::UserNameOrEmail(email.clone()))
            }
        }
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
                    Err(Error::forbidden(format!(
                        "only the operator of an nfdeck server may create users; {} does not allow it",
                        self.endpoint()
                    )))
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
        let org_name = org_of(change);
        if planned.org(org_name) {
            return Ok(());
        }
        let org = self.org_named(org_name).await?;
        if needs_org_owner(change) && org.my_role != Some(OrgRole::Owner) {
            let operator = self.session().await?.operator;
            if !operator {
                return Err(Error::forbidden(format!(
                    "only owners of org '{}' may change its members, teams and workspaces",
                    org.name
                )));
            }
        }
        match change {
            Change::SetDefaultRole { .. } if !self.capabilities().await?.default_roles => {
                Err(Error::unavailable(format!(
                    "{} does not offer default workspace roles (an nfdeck extension)",
                    self.endpoint()
                )))
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
                self.need_team(org.id, team).await.map(drop)
            }
            Change::UpdateWorkspace { workspace, .. }
            | Change::DeleteWorkspace { workspace, .. }
            | Change::SetParticipant { workspace, .. }
            | Change::RemoveParticipant { workspace, .. } => {
                if planned.workspaces.contains(&key(org_name, workspace)) {
                    return Ok(());
                }
                self.check_workspace_change(change, &org, workspace, planned)
                    .await
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
            return Err(Error::unavailable(format!(
                "{} does not offer credits (an nfdeck extension)",
                self.endpoint()
            )));
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
            return Err(super::apply_workspace::no_run_import(self.endpoint()));
        }
        if planned.workspaces.contains(&key(&org.name, workspace)) {
            return Ok(());
        }
        let Some(permission) = super::apply_workspace::permission_of(change) else {
            return Ok(());
        };
        let ws = self.need_workspace(org.id, workspace).await?;
        let ws = self.get_workspace(org.id, ws).await?;
        let role = ws.my_role.role();
        if role.is_some_and(|r| permission.allowed_for(r)) {
            Ok(())
        } else {
            Err(Error::forbidden(permission.refusal(role))
                .about(format!("workspace {}", ws.path())))
        }
    }

    /// The caller's role in the workspace allows the change, and whom it names exists.
    async fn check_workspace_change(
        &self,
        change: &Change,
        org: &Org,
        workspace: &str,
        planned: &Planned,
    ) -> Result<()> {
        let ws = self.need_workspace(org.id, workspace).await?;
        let ws = self.get_workspace(org.id, ws).await?;
        let permission = match change {
            Change::UpdateWorkspace { .. } => Permission::EditWorkspace,
            Change::DeleteWorkspace { .. } => Permission::DeleteWorkspace,
            Change::SetParticipant { role, .. } if *role == WspRole::Owner => {
                Permission::GrantOwner
            }
            _ => Permission::ManageParticipants,
        };
        let role = ws.my_role.role();
        if !role.is_some_and(|r| permission.allowed_for(r)) {
            return Err(Error::forbidden(permission.refusal(role))
                .about(format!("workspace {}", ws.path())));
        }
        if let Change::SetParticipant { who, .. } = change {
            let known = match who {
                ParticipantSpec::Team(t) => {
                    planned.teams.contains(&key(&org.name, t))
                        || self.team_named(org.id, t).await?.is_some()
                }
                ParticipantSpec::Member(e) => {
                    planned.people.contains(&key(&org.name, e))
                        || self.person(org.id, e).await?.is_some()
                }
                ParticipantSpec::Collaborator(_) => true,
            };
            if !known {
                return Err(Error::not_found(format!("{who} is not in the org")));
            }
        }
        Ok(())
    }

    /// A `validate` endpoint: 204 when the name is free.
    async fn validate(&self, path: &str, name: &str) -> Result<()> {
        self.http
            .get::<serde_json::Value>(path, vec![("name", name.to_string())])
            .await
            .map(drop)
    }
}

/// The org a change (other than users and new orgs) is about.
fn org_of(change: &Change) -> &str {
    match change {
        Change::CreateUser(_) => "",
        Change::CreateOrg { fields, .. } => &fields.name,
        Change::UpdateOrg { org, .. }
        | Change::SetMember { org, .. }
        | Change::SetDefaultRole { org, .. }
        | Change::RemoveMember { org, .. }
        | Change::CreateTeam { org, .. }
        | Change::UpdateTeam { org, .. }
        | Change::DeleteTeam { org, .. }
        | Change::AddTeamMember { org, .. }
        | Change::RemoveTeamMember { org, .. }
        | Change::CreateWorkspace { org, .. }
        | Change::UpdateWorkspace { org, .. }
        | Change::DeleteWorkspace { org, .. }
        | Change::SetParticipant { org, .. }
        | Change::RemoveParticipant { org, .. }
        | Change::SetOrgCredits { org, .. }
        | Change::Workspace { org, .. } => org,
    }
}

/// Changes only org owners may make (workspace changes depend on the workspace role).
fn needs_org_owner(change: &Change) -> bool {
    !matches!(
        change,
        Change::UpdateWorkspace { .. }
            | Change::DeleteWorkspace { .. }
            | Change::SetParticipant { .. }
            | Change::RemoveParticipant { .. }
            | Change::SetOrgCredits { .. }
            | Change::Workspace { .. }
    ) || matches!(
        change,
        Change::Workspace {
            change: WorkspaceChange::SetAllocation(_),
            ..
        }
    )
}

/// The error of a failed change, naming the change's object, with a note on what happened.
fn failure(e: Error, change: &Change, note: &str) -> Error {
    let e = if e.message.contains(&change.key()) {
        e
    } else {
        e.about(change.object())
    };
    Error::new(e.kind, format!("{}\n({note})", e.message))
}
