//! Runs the changes of an `apply`, resolving objects by name as it goes, so that a change can
//! refer to what an earlier change in the same transaction created. Changes inside a
//! workspace are in `workspace` (settings, labels), `compute` (credentials, compute envs) and
//! `launchpad` (pipelines, actions, runs).

mod compute;
mod launchpad;
mod workspace;

use super::Ctx;
use super::store;
use crate::domain::changes::{
    Change, ParticipantSpec, WorkspaceChange, check_unchanged, merged, total_steps,
};
use crate::domain::{Error, OrgId, ParticipantRef, Result, Scope, TeamFields, WorkspaceId};

impl Ctx<'_> {
    /// Applies every change in order; the first failure names its object and stops.
    pub fn apply_changes(&self, changes: &[Change]) -> Result<()> {
        self.apply_changes_reporting(changes, &|_, _| {})
    }

    /// `apply_changes`, telling `progress` how many steps (`Change::steps`) are done after
    /// each change and after each imported run.
    pub fn apply_changes_reporting(
        &self,
        changes: &[Change],
        progress: &dyn Fn(u64, u64),
    ) -> Result<()> {
        let total = total_steps(changes);
        let mut done = 0;
        for change in changes {
            let before = done;
            self.apply_change(change, &mut |runs| progress(before + runs, total))
                .map_err(|e| {
                    if e.message.contains(&change.key()) {
                        e
                    } else {
                        e.about(change.object())
                    }
                })?;
            done += change.steps();
            progress(done, total);
        }
        Ok(())
    }

    fn org_id(&self, name: &str) -> Result<OrgId> {
        Ok(self.visible_org_by_name(name)?.id)
    }

    pub(super) fn workspace_id(&self, org: OrgId, name: &str) -> Result<WorkspaceId> {
        store::workspaces::by_name(self.conn, org, name)?
            .map(|w| w.id)
            .ok_or_else(|| Error::not_found(format!("workspace '{name}' not found")))
    }

    /// `runs_done` hears how many runs of an import are in so far.
    fn apply_change(&self, change: &Change, runs_done: &mut dyn FnMut(u64)) -> Result<()> {
        match change {
            Change::CreateUser(user) => self.create_user(user).map(drop),
            Change::CreateOrg { fields, owner } => {
                self.create_org_owned_by(fields, owner).map(drop)
            }
            Change::UpdateOrg { org, fields, base } => {
                let row = self.visible_org_by_name(org)?;
                let fields = merged(&change.object(), base.as_deref(), fields, &row.fields)?;
                if fields == row.fields {
                    return Ok(());
                }
                self.update_org(row.id, &fields).map(drop)
            }
            Change::SetMember {
                org,
                email,
                role,
                base,
            } => {
                let org = self.org_id(org)?;
                let member =
                    store::members::by_name_or_email(self.conn, org, &email.to_ascii_lowercase())?;
                let now = member.as_ref().map(|m| m.role);
                check_unchanged(&change.object(), "role", base, &Some(*role), &now)?;
                match member {
                    Some(m) if m.role == *role => Ok(()),
                    Some(m) => self.set_member_role(org, m.member_id, *role).map(drop),
                    None => self.set_member(org, email, *role).map(drop),
                }
            }
            Change::SetDefaultRole {
                org,
                email,
                role,
                base,
            } => {
                let org = self.org_id(org)?;
                let member = self.member_named(org, email)?;
                let object = change.object();
                check_unchanged(&object, "default role", base, role, &member.default_role)?;
                if member.default_role == *role {
                    return Ok(());
                }
                self.set_default_role(org, member.member_id, *role)
                    .map(drop)
            }
            Change::RemoveMember { org, email } => {
                let org = self.org_id(org)?;
                let member = self.member_named(org, email)?;
                self.remove_member(org, member.member_id)
            }
            Change::CreateTeam { org, fields } => {
                self.create_team(self.org_id(org)?, fields).map(drop)
            }
            Change::UpdateTeam {
                org,
                team,
                fields,
                base,
            } => {
                let org = self.org_id(org)?;
                let team = self.team_named(org, team)?;
                let now = TeamFields::from(&team);
                let fields = merged(&change.object(), base.as_deref(), fields, &now)?;
                if fields == now {
                    return Ok(());
                }
                self.update_team(org, team.id, &fields).map(drop)
            }
            Change::DeleteTeam { org, team } => {
                let org = self.org_id(org)?;
                let team = self.team_named(org, team)?;
                self.delete_team(org, team.id)
            }
            Change::AddTeamMember { org, team, email } => {
                let org = self.org_id(org)?;
                let team = self.team_named(org, team)?;
                self.add_team_member(org, team.id, email).map(drop)
            }
            Change::RemoveTeamMember { org, team, email } => {
                let org = self.org_id(org)?;
                let team = self.team_named(org, team)?;
                let member = self.member_named(org, email)?;
                self.remove_team_member(org, team.id, member.member_id)
            }
            Change::CreateWorkspace { org, fields } => {
                self.create_workspace(self.org_id(org)?, fields).map(drop)
            }
            Change::UpdateWorkspace {
                org,
                workspace,
                fields,
                base,
            } => {
                let org = self.org_id(org)?;
                let row =
                    store::workspaces::by_name(self.conn, org, workspace)?.ok_or_else(|| {
                        Error::not_found(format!("workspace '{workspace}' not found"))
                    })?;
                let fields = merged(&change.object(), base.as_deref(), fields, &row.fields)?;
                if fields == row.fields {
                    return Ok(());
                }
                self.update_workspace(org, row.id, &fields).map(drop)
            }
            Change::DeleteWorkspace { org, workspace } => {
                let org = self.org_id(org)?;
                let ws = self.workspace_id(org, workspace)?;
                self.delete_workspace(org, ws)
            }
            Change::SetParticipant {
                org,
                workspace,
                who,
                role,
                base,
            } => {
                let org = self.org_id(org)?;
                let ws = self.workspace_id(org, workspace)?;
                let found = self.find_participant(org, ws, who)?;
                let now = found.map(|(_, role)| role);
                check_unchanged(&change.object(), "role", base, &Some(*role), &now)?;
                match found {
                    Some((_, current)) if current == *role => Ok(()),
                    Some((id, _)) => self.set_participant_role(org, ws, id, *role).map(drop),
                    None => {
                        let reference = self.participant_ref(org, who)?;
                        self.add_participant(org, ws, &reference, Some(*role))
                            .map(drop)
                    }
                }
            }
            Change::SetOrgCredits { org, credits } => {
                self.set_org_credits(self.org_id(org)?, *credits).map(drop)
            }
            Change::Workspace {
                org,
                workspace,
                change,
            } => {
                let org = self.org_id(org)?;
                let ws = self.workspace_id(org, workspace)?;
                match change {
                    // The long one: its progress is reported run by run.
                    WorkspaceChange::ImportRuns(runs) => self
                        .import_runs_reporting(Scope::Workspace(ws), runs, runs_done)
                        .map(drop),
                    _ => self.apply_workspace_change(org, ws, change),
                }
            }
            Change::RemoveParticipant {
                org,
                workspace,
                who,
            } => {
                let org = self.org_id(org)?;
                let ws = self.workspace_id(org, workspace)?;
                let (id, _) = self
                    .find_participant(org, ws, who)?
                    .ok_or_else(|| Error::not_found(format!("{who} is not a participant")))?;
                self.remove_participant(org, ws, id)
            }
        }
    }

    /// The participant row for a file entry, if there is one.
    fn find_participant(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        who: &ParticipantSpec,
    ) -> Result<Option<(i64, crate::domain::WspRole)>> {
        let found = match who {
            ParticipantSpec::Team(name) => match store::teams::by_name(self.conn, org, name)? {
                Some(team) => store::participants::by_team(self.conn, ws, team.id)?,
                None => None,
            },
            ParticipantSpec::Member(email) | ParticipantSpec::Collaborator(email) => {
                match store::members::by_name_or_email(self.conn, org, &email.to_ascii_lowercase())?
                {
                    Some(m) => store::participants::by_member(self.conn, ws, m.member_id)?,
                    None => None,
                }
            }
        };
        Ok(found.map(|p| (p.id, p.role)))
    }

    /// How to add a file entry: a member must already be in the org; a collaborator's email
    /// joins the org as a collaborator.
    fn participant_ref(&self, org: OrgId, who: &ParticipantSpec) -> Result<ParticipantRef> {
        match who {
            ParticipantSpec::Team(name) => Ok(ParticipantRef::Team(self.team_named(org, name)?.id)),
            ParticipantSpec::Member(email) => {
                let member = self.member_named(org, email).map_err(|_| {
                    Error::not_found(format!(
                        "{email} is not a member of the org (list it under the org's members, or add it as a collaborator)"
                    ))
                })?;
                Ok(ParticipantRef::Member(member.member_id))
            }
            ParticipantSpec::Collaborator(email) => {
                Ok(ParticipantRef::UserNameOrEmail(email.clone()))
            }
        }
    }
}
