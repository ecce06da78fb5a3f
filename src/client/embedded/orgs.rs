use super::EmbeddedClient;
use crate::client::{OrgClient, TeamClient};
use crate::domain::{
    Member, MemberId, Org, OrgFields, OrgId, OrgRole, OrgUsage, Page, Paged, Result, Team,
    TeamFields, TeamId, WspRole,
};
use async_trait::async_trait;

#[async_trait]
impl OrgClient for EmbeddedClient {
    async fn list_orgs(&self) -> Result<Vec<Org>> {
        self.read(|cx| cx.list_orgs()).await
    }

    async fn get_org(&self, org: OrgId) -> Result<Org> {
        self.read(move |cx| cx.get_org(org)).await
    }

    async fn create_org(&self, fields: OrgFields) -> Result<Org> {
        self.write(move |cx| cx.create_org(&fields)).await
    }

    async fn update_org(&self, org: OrgId, fields: OrgFields) -> Result<Org> {
        self.write(move |cx| cx.update_org(org, &fields)).await
    }

    async fn delete_org(&self, org: OrgId) -> Result<()> {
        self.write(move |cx| cx.delete_org(org)).await
    }

    async fn org_usage(&self, org: OrgId) -> Result<OrgUsage> {
        self.read(move |cx| cx.org_usage(org)).await
    }

    async fn list_members(&self, org: OrgId, page: Page) -> Result<Paged<Member>> {
        self.read(move |cx| cx.list_members(org, &page)).await
    }

    async fn list_collaborators(&self, org: OrgId, page: Page) -> Result<Paged<Member>> {
        self.read(move |cx| cx.list_collaborators(org, &page)).await
    }

    async fn add_member(&self, org: OrgId, email: &str) -> Result<Member> {
        let email = email.to_string();
        self.write(move |cx| cx.add_member(org, &email)).await
    }

    async fn set_member_role(&self, org: OrgId, member: MemberId, role: OrgRole) -> Result<()> {
        self.write(move |cx| cx.set_member_role(org, member, role).map(drop))
            .await
    }

    async fn set_default_role(
        &self,
        org: OrgId,
        member: MemberId,
        role: Option<WspRole>,
    ) -> Result<()> {
        self.write(move |cx| cx.set_default_role(org, member, role).map(drop))
            .await
    }

    async fn remove_member(&self, org: OrgId, member: MemberId) -> Result<()> {
        self.write(move |cx| cx.remove_member(org, member)).await
    }

    async fn leave_org(&self, org: OrgId) -> Result<()> {
        self.write(move |cx| cx.leave_org(org)).await
    }
}

#[async_trait]
impl TeamClient for EmbeddedClient {
    async fn list_teams(&self, org: OrgId, page: Page) -> Result<Paged<Team>> {
        self.read(move |cx| cx.list_teams(org, &page)).await
    }

    async fn create_team(&self, org: OrgId, fields: TeamFields) -> Result<Team> {
        self.write(move |cx| cx.create_team(org, &fields)).await
    }

    async fn update_team(&self, org: OrgId, team: TeamId, fields: TeamFields) -> Result<Team> {
        self.write(move |cx| cx.update_team(org, team, &fields))
            .await
    }

    async fn delete_team(&self, org: OrgId, team: TeamId) -> Result<()> {
        self.write(move |cx| cx.delete_team(org, team)).await
    }

    async fn list_team_members(
        &self,
        org: OrgId,
        team: TeamId,
        page: Page,
    ) -> Result<Paged<Member>> {
        self.read(move |cx| cx.list_team_members(org, team, &page))
            .await
    }

    async fn add_team_member(&self, org: OrgId, team: TeamId, user: &str) -> Result<Member> {
        let user = user.to_string();
        self.write(move |cx| cx.add_team_member(org, team, &user))
            .await
    }

    async fn remove_team_member(&self, org: OrgId, team: TeamId, member: MemberId) -> Result<()> {
        self.write(move |cx| cx.remove_team_member(org, team, member))
            .await
    }
}
