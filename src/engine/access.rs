//! Who may see and do what: org membership, workspace visibility, effective roles, and the
//! permission table. Every refusal names the object and the rule.

use super::Ctx;
use super::store::{self, orgs::OrgRow, workspaces::WorkspaceRow};
use crate::domain::roles::org_owner_refusal;
use crate::domain::{
    EffectiveRole, Error, Member, OrgId, OrgRole, Permission, Result, RoleGrant, RoleSource, Scope,
    Visibility, WorkspaceId, WspRole,
};

impl Ctx<'_> {
    /// The acting user's membership in an org, if any.
    pub(crate) fn my_membership(&self, org: OrgId) -> Result<Option<Member>> {
        store::members::by_user(self.conn, org, self.actor.user_id)
    }

    /// An org the acting user may see (a member, a collaborator, or the operator).
    pub(crate) fn visible_org(&self, org: OrgId) -> Result<OrgRow> {
        let row = store::orgs::by_id(self.conn, org)?;
        match row {
            Some(row) if self.actor.operator || self.my_membership(org)?.is_some() => Ok(row),
            _ => Err(Error::not_found(format!("organization {org} not found"))),
        }
    }

    /// An org visible by name.
    pub(crate) fn visible_org_by_name(&self, name: &str) -> Result<OrgRow> {
        let row = store::orgs::by_name(self.conn, name)?
            .ok_or_else(|| Error::not_found(format!("organization '{name}' not found")))?;
        self.visible_org(row.id)
    }

    /// An org whose owners and members (not collaborators) may read its member and team lists.
    pub(crate) fn org_for_members(&self, org: OrgId) -> Result<OrgRow> {
        let row = self.visible_org(org)?;
        if !self.actor.operator
            && self.my_membership(org)?.map(|m| m.role) == Some(OrgRole::Collaborator)
        {
            return Err(Error::forbidden(format!(
                "org '{}': collaborators cannot see the org's members and teams",
                row.fields.name
            )));
        }
        Ok(row)
    }

    /// An org the acting user owns (or the operator); `what` says what they want to do.
    pub(crate) fn owned_org(&self, org: OrgId, what: &str) -> Result<OrgRow> {
        let row = self.visible_org(org)?;
        if self.actor.operator {
            return Ok(row);
        }
        let role = self.my_membership(org)?.map(|m| m.role);
        match org_owner_refusal(&row.fields.name, role, what) {
            Some(refusal) => Err(Error::forbidden(refusal)),
            None => Ok(row),
        }
    }

    /// The acting user's effective role in a workspace, with every grant behind it.
    pub(crate) fn effective_role(&self, ws: &WorkspaceRow) -> Result<EffectiveRole> {
        let grants = match ws.org_id {
            Some(_) => store::roles::grants_for_user(self.conn, self.actor.user_id, Some(ws.id))?
                .into_iter()
                .map(|(_, g)| g)
                .collect(),
            None => Vec::new(),
        };
        Ok(self.role_from(ws, grants))
    }

    /// The acting user's effective role in `ws`, from the grants they hold there (none in a
    /// personal workspace, which only its owner holds).
    fn role_from(&self, ws: &WorkspaceRow, mut grants: Vec<RoleGrant>) -> EffectiveRole {
        if ws.org_id.is_none() {
            let grants = if ws.owner_user_id == Some(self.actor.user_id) {
                vec![RoleGrant {
                    custom: None,
                    role: WspRole::Owner,
                    source: RoleSource::PersonalWorkspace,
                }]
            } else {
                vec![]
            };
            return EffectiveRole::from_grants(grants);
        }
        if self.actor.operator {
            grants.insert(
                0,
                RoleGrant {
                    custom: None,
                    role: WspRole::Owner,
                    source: RoleSource::Operator,
                },
            );
        }
        EffectiveRole::from_grants(grants)
    }

    /// A workspace the acting user may see, with their effective role in it. A SHARED
    /// workspace is visible to every owner and member of its org, even without a role.
    pub(crate) fn visible_workspace(
        &self,
        id: WorkspaceId,
    ) -> Result<(WorkspaceRow, EffectiveRole)> {
        let Some(memo) = self.memo else {
            return self.look_up_workspace(id);
        };
        if let Some(found) = memo.get(self.actor, id) {
            return Ok(found);
        }
        let found = self.look_up_workspace(id)?;
        memo.keep(self.actor, id, &found);
        Ok(found)
    }

    fn look_up_workspace(&self, id: WorkspaceId) -> Result<(WorkspaceRow, EffectiveRole)> {
        let not_found = || Error::not_found(format!("workspace {id} not found"));
        let (ws, grants) = store::workspaces::by_id_with_grants(self.conn, id, self.actor.user_id)?
            .ok_or_else(not_found)?;
        let role = self.role_from(&ws, grants);
        if role.role().is_some() {
            return Ok((ws, role));
        }
        let shared_member = match ws.org_id {
            Some(org) if ws.fields.visibility == Visibility::Shared => self
                .my_membership(org)?
                .is_some_and(|m| m.role != OrgRole::Collaborator),
            _ => false,
        };
        if shared_member {
            Ok((ws, role))
        } else {
            Err(not_found())
        }
    }

    /// An org workspace, checked to belong to `org`.
    pub(crate) fn org_workspace(
        &self,
        org: OrgId,
        id: WorkspaceId,
    ) -> Result<(WorkspaceRow, EffectiveRole)> {
        let (ws, role) = self.visible_workspace(id)?;
        if ws.org_id != Some(org) {
            return Err(Error::not_found(format!(
                "workspace {id} not found in organization {org}"
            )));
        }
        Ok((ws, role))
    }

    /// A workspace where the acting user holds `permission`, or a refusal that names the
    /// workspace, the permission and the roles that hold it.
    pub(crate) fn require(
        &self,
        id: WorkspaceId,
        permission: Permission,
    ) -> Result<(WorkspaceRow, EffectiveRole)> {
        let (ws, role) = self.visible_workspace(id)?;
        check_permission(&ws, &role, permission)?;
        Ok((ws, role))
    }
}

impl Ctx<'_> {
    /// The workspace a scoped call runs in (the personal workspace for `Scope::Personal`), with
    /// the acting user's effective role there.
    pub(crate) fn scope_workspace(&self, scope: Scope) -> Result<(WorkspaceRow, EffectiveRole)> {
        match scope {
            Scope::Personal => {
                let ws = self.personal_workspace()?;
                let role = self.effective_role(&ws)?;
                Ok((ws, role))
            }
            Scope::Workspace(id) => self.visible_workspace(id),
        }
    }

    /// A scoped workspace where the acting user holds `permission`.
    pub(crate) fn require_scope(
        &self,
        scope: Scope,
        permission: Permission,
    ) -> Result<(WorkspaceRow, EffectiveRole)> {
        match scope {
            Scope::Personal => {
                let (ws, role) = self.scope_workspace(scope)?;
                check_permission(&ws, &role, permission)?;
                Ok((ws, role))
            }
            Scope::Workspace(id) => self.require(id, permission),
        }
    }
}

/// Fails unless `role` holds `permission` in `ws`.
pub(crate) fn check_permission(
    ws: &WorkspaceRow,
    role: &EffectiveRole,
    permission: Permission,
) -> Result<()> {
    if role.allows(permission) {
        return Ok(());
    }
    let refusal = permission.refusal_named(role.role_name());
    Err(Error::forbidden(refusal).about(format!("workspace {}", path(ws))))
}

/// "biolab/rnaseq", or "~ana" for a personal workspace.
pub(crate) fn path(ws: &WorkspaceRow) -> String {
    match &ws.org_name {
        Some(org) => format!("{org}/{}", ws.fields.name),
        None => format!("~{}", ws.fields.name),
    }
}
