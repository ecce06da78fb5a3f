//! Custom roles of an org: read by anyone who sees the org, created, changed and deleted by
//! its owners (and the operator). The six built-in roles are not stored and never change.

use super::Ctx;
use super::audit::snap;
use super::store::{self, orgs::OrgRow};
use crate::domain::custom_roles::{check_role_fields, check_role_name};
use crate::domain::participant_role::held_role_refusal;
use crate::domain::{CustomRole, CustomRoleFields, Error, OrgId, Result, ResultExt, Usage};

fn org_label(row: &OrgRow) -> String {
    format!("org '{}'", row.fields.name)
}

impl Ctx<'_> {
    pub fn list_custom_roles(&self, org: OrgId) -> Result<Vec<CustomRole>> {
        self.visible_org(org)?;
        store::custom_roles::list(self.conn, org)
    }

    pub fn get_custom_role(&self, org: OrgId, name: &str) -> Result<CustomRole> {
        let row = self.visible_org(org)?;
        self.custom_role(&row, name)
    }

    /// 400 when the name breaks the rule, 409 when a built-in or a custom role of the org has it.
    pub fn check_custom_role_name(&self, org: OrgId, name: &str) -> Result<()> {
        let row = self.visible_org(org)?;
        self.check_role_name_free(&row, name)
    }

    pub fn create_custom_role(&self, org: OrgId, fields: &CustomRoleFields) -> Result<CustomRole> {
        let row = self.owned_org(org, "create roles")?;
        let object = format!("{} role '{}'", org_label(&row), fields.name);
        let permissions = check_role_fields(fields).about(&object)?;
        self.check_role_name_free(&row, &fields.name)?;
        let tier = row.fields.tier;
        Usage::new(
            store::custom_roles::count(self.conn, org)?,
            tier.limits().custom_roles,
        )
        .check_room(1, "custom roles", tier)
        .about(&object)?;
        store::custom_roles::insert(
            self.conn,
            org,
            &fields.name,
            &fields.description,
            &permissions,
        )?;
        let role = self.custom_role(&row, &fields.name)?;
        self.audit(
            "role.create",
            "role",
            audit_id(&role),
            &role.name,
            None,
            snap(&role),
        )?;
        Ok(role)
    }

    /// Changes name, description and permissions of the role called `name`.
    pub fn update_custom_role(
        &self,
        org: OrgId,
        name: &str,
        fields: &CustomRoleFields,
    ) -> Result<CustomRole> {
        let row = self.owned_org(org, "edit roles")?;
        let before = self.custom_role(&row, name)?;
        let object = format!("{} role '{}'", org_label(&row), before.name);
        let permissions = check_role_fields(fields).about(&object)?;
        if !fields.name.eq_ignore_ascii_case(&before.name) {
            self.check_role_name_free(&row, &fields.name)?;
        }
        store::custom_roles::update(
            self.conn,
            org,
            &before.name,
            &fields.name,
            &fields.description,
            &permissions,
        )?;
        let after = self.custom_role(&row, &fields.name)?;
        self.audit(
            "role.update",
            "role",
            audit_id(&after),
            &after.name,
            snap(&before),
            snap(&after),
        )?;
        Ok(after)
    }

    pub fn delete_custom_role(&self, org: OrgId, name: &str) -> Result<()> {
        let row = self.owned_org(org, "delete roles")?;
        let before = self.custom_role(&row, name)?;
        if let Some(id) = store::custom_roles::id_by_name(self.conn, org, &before.name)? {
            let holders = store::custom_roles::holders(self.conn, id)?;
            if holders > 0 {
                return Err(held_role_refusal(&before.name, holders).about(org_label(&row)));
            }
        }
        store::custom_roles::delete(self.conn, org, &before.name)?;
        self.audit(
            "role.delete",
            "role",
            audit_id(&before),
            &before.name,
            snap(&before),
            None,
        )
    }

    fn custom_role(&self, row: &OrgRow, name: &str) -> Result<CustomRole> {
        store::custom_roles::by_name(self.conn, row.id, name)?.ok_or_else(|| {
            Error::not_found(format!("role '{name}' not found in {}", org_label(row)))
        })
    }

    fn check_role_name_free(&self, row: &OrgRow, name: &str) -> Result<()> {
        check_role_name(name)?;
        if let Some(taken) = store::custom_roles::by_name(self.conn, row.id, name)? {
            return Err(Error::conflict(format!(
                "{} already has a role named '{}'",
                org_label(row),
                taken.name
            )));
        }
        Ok(())
    }
}

/// The audit log's object id: roles have no number, so the org and the name.
fn audit_id(role: &CustomRole) -> String {
    format!("{}/{}", role.org_id, role.name)
}
