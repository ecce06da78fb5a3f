//! Org members and collaborators: add, change role (the last-owner rule), default workspace
//! role, remove, leave.

use super::Ctx;
use super::audit::snap;
use super::store;
use crate::domain::names::normalize_email;
use crate::domain::roles::{default_role_refusal, losing_owner_refusal};
use crate::domain::{
    Error, Member, MemberId, OrgId, OrgRole, Page, Paged, Result, ResultExt, Usage, WspRole,
};

impl Ctx<'_> {
    pub fn list_members(&self, org: OrgId, page: &Page) -> Result<Paged<Member>> {
        self.org_for_members(org)?;
        store::members::list(self.conn, org, false, page)
    }

    pub fn list_collaborators(&self, org: OrgId, page: &Page) -> Result<Paged<Member>> {
        self.org_for_members(org)?;
        store::members::list(self.conn, org, true, page)
    }

    /// A member or collaborator by id.
    pub(crate) fn member(&self, org: OrgId, member: MemberId) -> Result<Member> {
        store::members::by_id(self.conn, org, member)?.ok_or_else(|| {
            Error::not_found(format!("member {member} not found in organization {org}"))
        })
    }

    /// A member or collaborator by email or user name.
    pub(crate) fn member_named(&self, org: OrgId, who: &str) -> Result<Member> {
        let org_name = store::orgs::by_id(self.conn, org)?
            .map(|o| o.fields.name)
            .unwrap_or_default();
        store::members::by_name_or_email(self.conn, org, &normalize_email(who))?.ok_or_else(|| {
            Error::not_found(format!(
                "{who} is not a member or collaborator of org '{org_name}'"
            ))
        })
    }

    /// Adds a user as an org member by email (owners). An unknown email gets an account; a
    /// collaborator is promoted to member.
    pub fn add_member(&self, org: OrgId, email: &str) -> Result<Member> {
        let user = store::users::by_email(self.conn, &normalize_email(email))?;
        if let Some(user) = user
            && let Some(existing) = store::members::by_user(self.conn, org, user.id)?
            && existing.role.is_member()
        {
            let row = self.owned_org(org, "add members")?;
            return Err(Error::conflict(format!(
                "{} is already {} of org '{}'",
                existing.email,
                article(existing.role),
                row.fields.name
            )));
        }
        self.set_member(org, email, OrgRole::Member)
    }

    /// Makes the user an org member with `role`: adds them, or changes the role they have.
    pub fn set_member(&self, org: OrgId, email: &str, role: OrgRole) -> Result<Member> {
        let row = self.owned_org(org, "add or change members")?;
        let object = format!("org '{}' member {email}", row.fields.name);
        let user = self.ensure_user(email).about(&object)?;
        if let Some(existing) = store::members::by_user(self.conn, org, user.id)? {
            if existing.role == role {
                return Err(Error::conflict(format!(
                    "{} is already {} of org '{}'",
                    user.email,
                    article(role),
                    row.fields.name
                )));
            }
            return self.change_member_role(org, &existing, role);
        }
        if role.is_member() {
            self.member_room(org, row.fields.tier).about(&object)?;
        }
        let id = store::members::insert(self.conn, org, user.id, role)?;
        let member = self.member(org, id)?;
        self.audit(
            "member.add",
            "member",
            id,
            &member.email,
            None,
            snap(&member),
        )?;
        Ok(member)
    }

    fn member_room(&self, org: OrgId, tier: crate::domain::Tier) -> Result<()> {
        let used = store::members::count_members(self.conn, org)?;
        Usage::new(used, tier.limits().members).check_room(1, "members", tier)
    }

    /// Changes an org role (owners), keeping at least one owner and the member limit.
    pub fn set_member_role(&self, org: OrgId, member: MemberId, role: OrgRole) -> Result<Member> {
        self.owned_org(org, "change member roles")?;
        let existing = self.member(org, member)?;
        if existing.role == role {
            return Ok(existing);
        }
        self.change_member_role(org, &existing, role)
    }

    fn change_member_role(&self, org: OrgId, existing: &Member, role: OrgRole) -> Result<Member> {
        let row = self.visible_org(org)?;
        let object = format!("org '{}' member {}", row.fields.name, existing.email);
        if existing.role == OrgRole::Owner {
            self.keep_an_owner(org, existing).about(&object)?;
        }
        if role.is_member() && !existing.role.is_member() {
            self.member_room(org, row.fields.tier).about(&object)?;
        }
        store::members::set_role(self.conn, existing.member_id, role)?;
        if role != OrgRole::Member && existing.default_role.is_some() {
            // Only members carry a default role: owners are owners everywhere, and
            // collaborators take part only where they are added.
            store::members::set_default_role(self.conn, existing.member_id, None)?;
        }
        let after = self.member(org, existing.member_id)?;
        self.audit(
            "member.role",
            "member",
            after.member_id,
            &after.email,
            snap(existing),
            snap(&after),
        )?;
        Ok(after)
    }

    /// The last-owner rule.
    fn keep_an_owner(&self, org: OrgId, leaving: &Member) -> Result<()> {
        let owners = store::members::count_owners(self.conn, org)?;
        match losing_owner_refusal(leaving.role, owners, &leaving.email) {
            Some(why) => Err(Error::conflict(why)),
            None => Ok(()),
        }
    }

    /// Gives a member a default role in every workspace of the org (owners).
    pub fn set_default_role(
        &self,
        org: OrgId,
        member: MemberId,
        role: Option<WspRole>,
    ) -> Result<Member> {
        let row = self.owned_org(org, "set default roles")?;
        let existing = self.member(org, member)?;
        let object = format!("org '{}' member {}", row.fields.name, existing.email);
        if role.is_some()
            && let Some(why) = default_role_refusal(existing.role)
        {
            return Err(Error::invalid(why).about(&object));
        }
        store::members::set_default_role(self.conn, member, role)?;
        let after = self.member(org, member)?;
        self.audit(
            "member.default_role",
            "member",
            member,
            &after.email,
            snap(&existing),
            snap(&after),
        )?;
        Ok(after)
    }

    /// Removes a member or collaborator from the org, its teams and its workspaces (owners).
    pub fn remove_member(&self, org: OrgId, member: MemberId) -> Result<()> {
        let row = self.owned_org(org, "remove members")?;
        let existing = self.member(org, member)?;
        self.keep_an_owner(org, &existing).about(format!(
            "org '{}' member {}",
            row.fields.name, existing.email
        ))?;
        store::members::delete(self.conn, member)?;
        self.audit(
            "member.remove",
            "member",
            member,
            &existing.email,
            snap(&existing),
            None,
        )
    }

    /// The acting user leaves the org (not the last owner).
    pub fn leave_org(&self, org: OrgId) -> Result<()> {
        let row = self.visible_org(org)?;
        let me = self.my_membership(org)?.ok_or_else(|| {
            Error::not_found(format!("you are not a member of org '{}'", row.fields.name))
        })?;
        self.keep_an_owner(org, &me)
            .about(format!("org '{}'", row.fields.name))?;
        store::members::delete(self.conn, me.member_id)?;
        self.audit(
            "member.leave",
            "member",
            me.member_id,
            &me.email,
            snap(&me),
            None,
        )
    }
}

fn article(role: OrgRole) -> &'static str {
    match role {
        OrgRole::Owner => "an owner",
        OrgRole::Member => "a member",
        OrgRole::Collaborator => "a collaborator",
    }
}
