//! Teams and team membership (org owners manage them; members may read them).

use super::Ctx;
use super::audit::snap;
use super::store;
use crate::domain::names::{check_name, check_team_description};
use crate::domain::{
    Error, Member, MemberId, OrgId, Page, Paged, Result, ResultExt, Team, TeamFields, TeamId, Usage,
};

fn check_team_fields(f: &TeamFields) -> Result<()> {
    check_name(&f.name)?;
    check_team_description(&f.description)
}

impl Ctx<'_> {
    pub fn list_teams(&self, org: OrgId, page: &Page) -> Result<Paged<Team>> {
        self.org_for_members(org)?;
        store::teams::list(self.conn, org, page)
    }

    pub(crate) fn team(&self, org: OrgId, team: TeamId) -> Result<Team> {
        store::teams::by_id(self.conn, org, team)?
            .ok_or_else(|| Error::not_found(format!("team {team} not found in organization {org}")))
    }

    pub fn create_team(&self, org: OrgId, fields: &TeamFields) -> Result<Team> {
        let row = self.owned_org(org, "create teams")?;
        let object = format!("org '{}' team '{}'", row.fields.name, fields.name);
        check_team_fields(fields).about(&object)?;
        if store::teams::by_name(self.conn, org, &fields.name)?.is_some() {
            return Err(Error::conflict(format!(
                "a team named '{}' already exists in org '{}'",
                fields.name, row.fields.name
            )));
        }
        let tier = row.fields.tier;
        Usage::new(store::teams::count(self.conn, org)?, tier.limits().teams)
            .check_room(1, "teams", tier)
            .about(&object)?;
        let id = store::teams::insert(self.conn, org, fields)?;
        let team = self.team(org, id)?;
        self.audit("team.create", "team", id, &team.name, None, snap(&team))?;
        Ok(team)
    }

    pub fn update_team(&self, org: OrgId, team: TeamId, fields: &TeamFields) -> Result<Team> {
        let row = self.owned_org(org, "edit teams")?;
        let before = self.team(org, team)?;
        let object = format!("org '{}' team '{}'", row.fields.name, before.name);
        check_team_fields(fields).about(&object)?;
        if !fields.name.eq_ignore_ascii_case(&before.name)
            && store::teams::by_name(self.conn, org, &fields.name)?.is_some()
        {
            return Err(Error::conflict(format!(
                "a team named '{}' already exists in org '{}'",
                fields.name, row.fields.name
            )));
        }
        store::teams::update(self.conn, team, fields)?;
        let after = self.team(org, team)?;
        self.audit(
            "team.update",
            "team",
            team,
            &after.name,
            snap(&before),
            snap(&after),
        )?;
        Ok(after)
    }

    /// Deletes a team; its workspace participations go with it.
    pub fn delete_team(&self, org: OrgId, team: TeamId) -> Result<()> {
        self.owned_org(org, "delete teams")?;
        let before = self.team(org, team)?;
        store::teams::delete(self.conn, team)?;
        self.audit(
            "team.delete",
            "team",
            team,
            &before.name,
            snap(&before),
            None,
        )
    }

    pub fn list_team_members(
        &self,
        org: OrgId,
        team: TeamId,
        page: &Page,
    ) -> Result<Paged<Member>> {
        self.org_for_members(org)?;
        self.team(org, team)?;
        store::members::list_in_team(self.conn, team, page)
    }

    /// Adds an org member or collaborator (by user name or email) to a team.
    pub fn add_team_member(&self, org: OrgId, team: TeamId, who: &str) -> Result<Member> {
        let row = self.owned_org(org, "change team members")?;
        let t = self.team(org, team)?;
        let object = format!("org '{}' team '{}'", row.fields.name, t.name);
        let member = self.member_named(org, who).about(&object)?;
        if store::teams::has_member(self.conn, team, member.member_id)? {
            return Err(Error::conflict(format!(
                "{} is already in team '{}'",
                member.email, t.name
            )));
        }
        store::teams::add_member(self.conn, team, member.member_id)?;
        self.audit(
            "team.member.add",
            "team",
            team,
            &t.name,
            None,
            snap(&serde_json::json!({"member": member.email})),
        )?;
        Ok(member)
    }

    pub fn remove_team_member(&self, org: OrgId, team: TeamId, member: MemberId) -> Result<()> {
        self.owned_org(org, "change team members")?;
        let t = self.team(org, team)?;
        let m = self.member(org, member)?;
        if !store::teams::remove_member(self.conn, team, member)? {
            return Err(Error::not_found(format!(
                "{} is not in team '{}'",
                m.email, t.name
            )));
        }
        self.audit(
            "team.member.remove",
            "team",
            team,
            &t.name,
            snap(&serde_json::json!({"member": m.email})),
            None,
        )
    }
}
