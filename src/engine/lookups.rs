//! Reads the HTTP API needs beyond what the client trait offers: name validation (the
//! `validate` endpoints), one team, a user's roles across an org's workspaces, and the
//! caller's personal workspace.

use super::Ctx;
use super::store;
use crate::domain::names::check_name;
use crate::domain::roles::org_owner_refusal;
use crate::domain::{
    EffectiveRole, Error, Member, OrgId, Result, Team, TeamId, UserId, WorkspaceId,
};
use std::collections::BTreeMap;

/// A user's roles in one workspace of an org.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceRoles {
    pub workspace_id: WorkspaceId,
    pub workspace_name: String,
    pub role: EffectiveRole,
}

impl Ctx<'_> {
    /// Fails when `name` breaks the name rule (Invalid) or an org has it (Conflict).
    pub fn check_org_name(&self, name: &str) -> Result<()> {
        check_name(name)?;
        if store::orgs::by_name(self.conn, name)?.is_some() {
            return Err(Error::conflict(format!(
                "an organization named '{name}' already exists"
            )));
        }
        Ok(())
    }

    /// Fails when `name` breaks the name rule or a workspace of the org has it.
    pub fn check_workspace_name(&self, org: OrgId, name: &str) -> Result<()> {
        let row = self.visible_org(org)?;
        check_name(name)?;
        if store::workspaces::by_name(self.conn, org, name)?.is_some() {
            return Err(Error::conflict(format!(
                "a workspace named '{name}' already exists in org '{}'",
                row.fields.name
            )));
        }
        Ok(())
    }

    /// Fails when `name` breaks the name rule or a team of the org has it.
    pub fn check_team_name(&self, org: OrgId, name: &str) -> Result<()> {
        let row = self.org_for_members(org)?;
        check_name(name)?;
        if store::teams::by_name(self.conn, org, name)?.is_some() {
            return Err(Error::conflict(format!(
                "a team named '{name}' already exists in org '{}'",
                row.fields.name
            )));
        }
        Ok(())
    }

    /// One team, for those who may read the org's teams.
    pub fn get_team(&self, org: OrgId, team: TeamId) -> Result<Team> {
        self.org_for_members(org)?;
        self.team(org, team)
    }

    /// A user's membership and their roles (with sources) in every workspace of the org where
    /// they hold one. The user themselves and the org's owners may read it.
    pub fn user_roles_in_org(
        &self,
        org: OrgId,
        user: UserId,
    ) -> Result<(Member, Vec<WorkspaceRoles>)> {
        let row = self.visible_org(org)?;
        let my_role = self.my_membership(org)?.map(|m| m.role);
        if user != self.actor.user_id && !self.actor.operator {
            let what = "read other users' roles";
            if let Some(refusal) = org_owner_refusal(&row.fields.name, my_role, what) {
                return Err(Error::forbidden(refusal));
            }
        }
        let member = store::members::by_user(self.conn, org, user)?.ok_or_else(|| {
            Error::not_found(format!(
                "user {user} is not a member of org '{}'",
                row.fields.name
            ))
        })?;
        let names: BTreeMap<WorkspaceId, String> = store::workspaces::list_org(self.conn, org)?
            .into_iter()
            .map(|w| (w.id, w.fields.name))
            .collect();
        let mut grants: BTreeMap<WorkspaceId, Vec<_>> = BTreeMap::new();
        for (ws, grant) in store::roles::grants_for_user(self.conn, user, None)? {
            if names.contains_key(&ws) {
                grants.entry(ws).or_default().push(grant);
            }
        }
        let roles = grants
            .into_iter()
            .map(|(ws, g)| WorkspaceRoles {
                workspace_id: ws,
                workspace_name: names[&ws].clone(),
                role: EffectiveRole::from_grants(g),
            })
            .collect();
        Ok((member, roles))
    }

    /// The id of the acting user's personal workspace.
    pub fn personal_workspace_id(&self) -> Result<WorkspaceId> {
        Ok(self.personal_workspace()?.id)
    }
}
