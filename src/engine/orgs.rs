//! Organizations: create, edit (tier changes are the operator's), delete, usage.

use super::Ctx;
use super::audit::snap;
use super::store::{self, orgs::OrgRow};
use crate::domain::names::{check_description, check_full_name, check_max, check_name};
use crate::domain::{
    Error, Org, OrgFields, OrgId, OrgRole, OrgUsage, Result, ResultExt, Tier, Usage,
};

/// Checks every field of an organization.
pub(crate) fn check_org_fields(f: &OrgFields) -> Result<()> {
    check_name(&f.name)?;
    check_full_name(&f.full_name)?;
    check_description(&f.description)?;
    check_max("location", &f.location, crate::domain::names::LOCATION_MAX)?;
    check_max("website", &f.website, crate::domain::names::WEBSITE_MAX)?;
    Ok(())
}

impl Ctx<'_> {
    fn org_view(&self, row: OrgRow) -> Result<Org> {
        let me = self.my_membership(row.id)?;
        Ok(Org {
            id: row.id,
            name: row.fields.name,
            full_name: row.fields.full_name,
            description: row.fields.description,
            location: row.fields.location,
            website: row.fields.website,
            tier: row.fields.tier,
            my_role: me.as_ref().map(|m| m.role),
            my_member_id: me.map(|m| m.member_id),
        })
    }

    /// The orgs the acting user belongs to; every org for the operator.
    pub fn list_orgs(&self) -> Result<Vec<Org>> {
        let rows = if self.actor.operator {
            store::orgs::list_all(self.conn)?
        } else {
            store::orgs::list_for_user(self.conn, self.actor.user_id)?
        };
        rows.into_iter().map(|r| self.org_view(r)).collect()
    }

    pub fn get_org(&self, org: OrgId) -> Result<Org> {
        let row = self.visible_org(org)?;
        self.org_view(row)
    }

    pub fn org_by_name(&self, name: &str) -> Result<Org> {
        let row = self.visible_org_by_name(name)?;
        self.org_view(row)
    }

    /// Creates an org with the acting user as its first owner.
    pub fn create_org(&self, fields: &OrgFields) -> Result<Org> {
        self.create_org_owned_by(fields, &self.actor.email.clone())
    }

    /// Creates an org whose first owner is `owner_email`: the acting user, or anyone when the
    /// operator creates it. Only the operator sets a tier other than basic.
    pub fn create_org_owned_by(&self, fields: &OrgFields, owner_email: &str) -> Result<Org> {
        let object = format!("org '{}'", fields.name);
        check_org_fields(fields).about(&object)?;
        if !self.actor.operator {
            if !owner_email.eq_ignore_ascii_case(&self.actor.email) {
                return Err(Error::forbidden(
                    "only the operator may create an org on behalf of someone else",
                )
                .about(&object));
            }
            if fields.tier != Tier::Basic {
                return Err(
                    Error::forbidden(crate::domain::tiers::TIER_CREATE_OPERATOR_ONLY)
                        .about(&object),
                );
            }
        }
        if store::orgs::by_name(self.conn, &fields.name)?.is_some() {
            return Err(Error::conflict(format!(
                "an organization named '{}' already exists",
                fields.name
            )));
        }
        let owner = self.ensure_user(owner_email).about(&object)?;
        let id = store::orgs::insert(self.conn, fields)?;
        store::members::insert(self.conn, id, owner.id, OrgRole::Owner)?;
        self.audit("org.create", "org", id, &fields.name, None, snap(fields))?;
        self.audit(
            "member.add",
            "member",
            id,
            &owner.email,
            None,
            snap(&serde_json::json!({"org": fields.name, "email": owner.email, "role": "owner"})),
        )?;
        self.get_org_unchecked(id)
    }

    fn get_org_unchecked(&self, org: OrgId) -> Result<Org> {
        let row = store::orgs::by_id(self.conn, org)?
            .ok_or_else(|| Error::not_found(format!("organization {org} not found")))?;
        self.org_view(row)
    }

    /// Edits an org (owners). Changing the tier is the operator's, and a downgrade must fit.
    pub fn update_org(&self, org: OrgId, fields: &OrgFields) -> Result<Org> {
        let row = self.owned_org(org, "edit it")?;
        let object = format!("org '{}'", row.fields.name);
        check_org_fields(fields).about(&object)?;
        if !fields.name.eq_ignore_ascii_case(&row.fields.name)
            && store::orgs::by_name(self.conn, &fields.name)?.is_some()
        {
            return Err(Error::conflict(format!(
                "an organization named '{}' already exists",
                fields.name
            )));
        }
        if fields.tier != row.fields.tier {
            if !self.actor.operator {
                return Err(
                    Error::forbidden(crate::domain::tiers::TIER_OPERATOR_ONLY).about(&object)
                );
            }
            self.check_fits_tier(org, fields.tier).about(&object)?;
        }
        store::orgs::update(self.conn, org, fields)?;
        self.audit(
            "org.update",
            "org",
            org,
            &fields.name,
            snap(&row.fields),
            snap(fields),
        )?;
        self.get_org_unchecked(org)
    }

    /// Fails when the org uses more than `tier` allows.
    fn check_fits_tier(&self, org: OrgId, tier: Tier) -> Result<()> {
        let limits = tier.limits();
        let members = store::members::count_members(self.conn, org)?;
        if members > u64::from(limits.members) {
            return Err(Error::limit(format!(
                "the {tier} tier allows at most {} members and the org has {members}",
                limits.members
            )));
        }
        for ws in store::workspaces::list_org(self.conn, org)? {
            let n = store::participants::count(self.conn, ws.id)?;
            if n > u64::from(limits.participants_per_workspace) {
                return Err(Error::limit(format!(
                    "the {tier} tier allows at most {} participants per workspace and workspace '{}' has {n}",
                    limits.participants_per_workspace, ws.fields.name
                )));
            }
        }
        Ok(())
    }

    /// Deletes an org with all its workspaces, teams and memberships (owners).
    pub fn delete_org(&self, org: OrgId) -> Result<()> {
        let row = self.owned_org(org, "delete it")?;
        store::orgs::delete(self.conn, org)?;
        self.audit(
            "org.delete",
            "org",
            org,
            &row.fields.name,
            snap(&row.fields),
            None,
        )
    }

    /// The org's usage against its tier (visible to its members).
    pub fn org_usage(&self, org: OrgId) -> Result<OrgUsage> {
        let row = self.visible_org(org)?;
        let tier = row.fields.tier;
        let limits = tier.limits();
        Ok(OrgUsage {
            tier,
            members: Usage::new(
                store::members::count_members(self.conn, org)?,
                limits.members,
            ),
            collaborators: store::members::count_collaborators(self.conn, org)?,
            workspaces: Usage::new(
                store::workspaces::count_org(self.conn, org)?,
                limits.workspaces,
            ),
            teams: Usage::new(store::teams::count(self.conn, org)?, limits.teams),
        })
    }
}
