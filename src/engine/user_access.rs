//! Users and their access as the Seqera API reads them: one user by id, whether a user name is
//! free, removing a user from a workspace, and the workspaces a team takes part in.

use super::Ctx;
use super::access::{check_permission, path};
use super::store;
use crate::domain::names::check_user_name;
use crate::domain::{
    Error, OrgId, Page, Paged, Permission, Result, TeamId, TeamWorkspace, User, UserId, WorkspaceId,
};

impl Ctx<'_> {
    /// A user by id: yourself, or anyone for the operator. Other users' profiles are not
    /// shared (their emails would be).
    pub fn get_user(&self, id: UserId) -> Result<User> {
        if id != self.actor.user_id && !self.actor.operator {
            return Err(Error::forbidden(format!(
                "user {id}: you may only read your own user"
            )));
        }
        store::users::by_id(self.conn, id)?
            .ok_or_else(|| Error::not_found(format!("user {id} not found")))
    }

    /// Whether `name` can be a new user name: valid (400 otherwise) and not taken (409).
    pub fn check_user_name_free(&self, name: &str) -> Result<()> {
        check_user_name(name)?;
        if store::users::by_user_name(self.conn, name)?.is_some() {
            return Err(Error::conflict(format!("the user name '{name}' is taken")));
        }
        Ok(())
    }

    /// Removes a user's own participant row from a workspace (not a team they are in), with
    /// the same rules as removing that participant.
    pub fn remove_workspace_user(&self, org: OrgId, ws: WorkspaceId, user: UserId) -> Result<()> {
        let (row, my_role) = self.org_workspace(org, ws)?;
        check_permission(&row, &my_role, Permission::ManageParticipants)?;
        let object = format!("workspace {}", path(&row));
        let member = store::members::by_user(self.conn, org, user)?.ok_or_else(|| {
            Error::not_found(format!("user {user} is not a member of the org")).about(&object)
        })?;
        let participant = store::participants::by_member(self.conn, ws, member.member_id)?
            .ok_or_else(|| {
                Error::not_found(format!(
                    "{} is not a participant in their own right (a team or an org role gives access)",
                    member.email
                ))
                .about(&object)
            })?;
        self.remove_participant(org, ws, participant.id)
    }

    /// The workspaces a team takes part in, with its role there (org owners: it names private
    /// workspaces).
    pub fn list_team_workspaces(
        &self,
        org: OrgId,
        team: TeamId,
        page: &Page,
    ) -> Result<Paged<TeamWorkspace>> {
        self.owned_org(org, "list a team's workspaces")?;
        self.team(org, team)?;
        store::teams::workspaces(self.conn, team, page)
    }
}
