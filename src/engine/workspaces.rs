//! Workspaces: listing with effective roles, create (org owners), edit (owner, admin), delete
//! with everything in it (owner).

use super::Ctx;
use super::access::check_permission;
use super::audit::snap;
use super::store::{self, workspaces::WorkspaceRow};
use crate::domain::names::{check_description, check_full_name, check_name};
use crate::domain::{
    EffectiveRole, Error, OrgId, Permission, Result, ResultExt, RoleGrant, RoleSource, Usage,
    Workspace, WorkspaceFields, WorkspaceId, WspRole,
};
use std::collections::HashMap;

pub(crate) fn check_workspace_fields(f: &WorkspaceFields) -> Result<()> {
    check_name(&f.name)?;
    check_full_name(&f.full_name)?;
    check_description(&f.description)
}

fn view(row: WorkspaceRow, participants_count: u64, my_role: EffectiveRole) -> Workspace {
    Workspace {
        id: row.id,
        org_id: row.org_id,
        org_name: row.org_name,
        name: row.fields.name,
        full_name: row.fields.full_name,
        description: row.fields.description,
        visibility: row.fields.visibility,
        participants_count,
        my_role,
    }
}

impl Ctx<'_> {
    /// The acting user's personal workspace.
    pub(crate) fn personal_workspace(&self) -> Result<WorkspaceRow> {
        store::workspaces::personal_of(self.conn, self.actor.user_id)?.ok_or_else(|| {
            Error::internal(format!("{} has no personal workspace", self.actor.email))
        })
    }

    /// The personal workspace first, then every org workspace the user can see, with roles.
    pub fn list_workspaces(&self) -> Result<Vec<Workspace>> {
        let personal = self.personal_workspace()?;
        let personal_role = self.effective_role(&personal)?;
        let rows = if self.actor.operator {
            store::workspaces::list_all_org_workspaces(self.conn)?
        } else {
            store::workspaces::visible_to(self.conn, self.actor.user_id)?
        };
        let mut all = vec![view(personal, 0, personal_role)];
        all.extend(self.with_roles(rows)?);
        Ok(all)
    }

    /// Adds participant counts and the acting user's effective roles to workspace rows, with
    /// one query for all the roles.
    fn with_roles(&self, rows: Vec<WorkspaceRow>) -> Result<Vec<Workspace>> {
        let ids: Vec<WorkspaceId> = rows.iter().map(|r| r.id).collect();
        let counts = store::workspaces::participant_counts(self.conn, &ids)?;
        let mut grants: HashMap<WorkspaceId, Vec<RoleGrant>> = HashMap::new();
        for (ws, grant) in store::roles::grants_for_user(self.conn, self.actor.user_id, None)? {
            grants.entry(ws).or_default().push(grant);
        }
        Ok(rows
            .into_iter()
            .map(|row| {
                let mut mine = grants.remove(&row.id).unwrap_or_default();
                if self.actor.operator {
                    mine.insert(
                        0,
                        RoleGrant {
                            custom: None,
                            role: WspRole::Owner,
                            source: RoleSource::Operator,
                        },
                    );
                }
                let count = counts.get(&row.id).copied().unwrap_or(0);
                view(row, count, EffectiveRole::from_grants(mine))
            })
            .collect())
    }

    /// The org's workspaces the acting user can see.
    pub fn list_org_workspaces(&self, org: OrgId) -> Result<Vec<Workspace>> {
        self.visible_org(org)?;
        let rows = if self.actor.operator {
            store::workspaces::list_org(self.conn, org)?
        } else {
            store::workspaces::visible_to(self.conn, self.actor.user_id)?
                .into_iter()
                .filter(|w| w.org_id == Some(org))
                .collect()
        };
        self.with_roles(rows)
    }

    pub fn get_workspace(&self, org: OrgId, id: WorkspaceId) -> Result<Workspace> {
        let (row, role) = self.org_workspace(org, id)?;
        let count = store::participants::count(self.conn, id)?;
        Ok(view(row, count, role))
    }

    /// A workspace by id, personal or org, as the acting user sees it.
    pub fn workspace(&self, id: WorkspaceId) -> Result<Workspace> {
        let (row, role) = self.visible_workspace(id)?;
        let count = store::participants::count(self.conn, id)?;
        Ok(view(row, count, role))
    }

    /// A workspace by org and workspace name.
    pub fn workspace_named(&self, org: OrgId, name: &str) -> Result<Workspace> {
        let row = store::workspaces::by_name(self.conn, org, name)?
            .ok_or_else(|| Error::not_found(format!("workspace '{name}' not found")))?;
        self.get_workspace(org, row.id)
    }

    /// Creates a workspace in an org (org owners), within the tier's workspace limit.
    pub fn create_workspace(&self, org: OrgId, fields: &WorkspaceFields) -> Result<Workspace> {
        let org_row = self.owned_org(org, "create workspaces")?;
        let object = format!("workspace '{}/{}'", org_row.fields.name, fields.name);
        check_workspace_fields(fields).about(&object)?;
        if store::workspaces::by_name(self.conn, org, &fields.name)?.is_some() {
            return Err(Error::conflict(format!(
                "a workspace named '{}' already exists in org '{}'",
                fields.name, org_row.fields.name
            )));
        }
        let tier = org_row.fields.tier;
        Usage::new(
            store::workspaces::count_org(self.conn, org)?,
            tier.limits().workspaces,
        )
        .check_room(1, "workspaces", tier)
        .about(&object)?;
        let id = store::workspaces::insert(self.conn, org, fields)?;
        self.audit(
            "workspace.create",
            "workspace",
            id,
            &fields.name,
            None,
            snap(fields),
        )?;
        self.get_workspace(org, id)
    }

    /// Saves an edit made on `base` (the workspace as the editor showed it): only the fields
    /// the edit changes are written, so another writer's change to the others stays; a field
    /// both changed is refused (`merge3`).
    pub fn edit_workspace(
        &self,
        org: OrgId,
        id: WorkspaceId,
        base: &WorkspaceFields,
        fields: &WorkspaceFields,
    ) -> Result<Workspace> {
        let now = WorkspaceFields::from(&self.get_workspace(org, id)?);
        let object = format!("workspace {}", base.name);
        let fields = crate::domain::changes::merge3(&object, base, fields, &now)?;
        self.update_workspace(org, id, &fields)
    }

    /// Edits name, full name, description and visibility (workspace owner or admin).
    pub fn update_workspace(
        &self,
        org: OrgId,
        id: WorkspaceId,
        fields: &WorkspaceFields,
    ) -> Result<Workspace> {
        let (row, role) = self.org_workspace(org, id)?;
        check_permission(&row, &role, Permission::EditWorkspace)?;
        let object = format!("workspace '{}'", super::access::path(&row));
        check_workspace_fields(fields).about(&object)?;
        if !fields.name.eq_ignore_ascii_case(&row.fields.name)
            && store::workspaces::by_name(self.conn, org, &fields.name)?.is_some()
        {
            return Err(Error::conflict(format!(
                "a workspace named '{}' already exists in org '{}'",
                fields.name,
                row.org_name.clone().unwrap_or_default()
            )));
        }
        if fields.visibility == row.fields.visibility {
            store::workspaces::update(self.conn, id, fields)?;
        } else {
            // A PRIVATE workspace's pipelines leave the other workspaces' Launchpads.
            let what = format!("{object} cannot be made {}", fields.visibility);
            self.keeping_actions_launchable(Some(org), &what, || {
                store::workspaces::update(self.conn, id, fields)
            })?;
        }
        self.audit(
            "workspace.update",
            "workspace",
            id,
            &fields.name,
            snap(&row.fields),
            snap(fields),
        )?;
        self.get_workspace(org, id)
    }

    /// Deletes a workspace and everything in it (workspace owner; org owners are owners).
    pub fn delete_workspace(&self, org: OrgId, id: WorkspaceId) -> Result<()> {
        let (row, role) = self.org_workspace(org, id)?;
        check_permission(&row, &role, Permission::DeleteWorkspace)?;
        store::workspaces::delete(self.conn, id)?;
        self.audit(
            "workspace.delete",
            "workspace",
            id,
            &row.fields.name,
            snap(&row.fields),
            None,
        )
    }
}
