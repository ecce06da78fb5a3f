use crate::domain::{
    Member, MemberId, Org, OrgFields, OrgId, OrgRole, OrgUsage, Page, Paged, Result, Team,
    TeamFields, TeamId, WspRole,
};
use async_trait::async_trait;

/// Organizations, their members and collaborators.
#[async_trait]
pub trait OrgClient: Send + Sync {
    /// The orgs the acting user belongs to (every org for the operator).
    async fn list_orgs(&self) -> Result<Vec<Org>>;
    async fn get_org(&self, org: OrgId) -> Result<Org>;
    /// Creates an org; the acting user becomes its first owner.
    async fn create_org(&self, fields: OrgFields) -> Result<Org>;
    async fn update_org(&self, org: OrgId, fields: OrgFields) -> Result<Org>;
    async fn delete_org(&self, org: OrgId) -> Result<()>;
    async fn org_usage(&self, org: OrgId) -> Result<OrgUsage>;

    /// Owners and members.
    async fn list_members(&self, org: OrgId, page: Page) -> Result<Paged<Member>>;
    async fn list_collaborators(&self, org: OrgId, page: Page) -> Result<Paged<Member>>;
    /// Adds a user as a member by email (a new email gets an account).
    async fn add_member(&self, org: OrgId, email: &str) -> Result<Member>;
    async fn set_member_role(&self, org: OrgId, member: MemberId, role: OrgRole) -> Result<()>;
    async fn set_default_role(
        &self,
        org: OrgId,
        member: MemberId,
        role: Option<WspRole>,
    ) -> Result<()>;
    async fn remove_member(&self, org: OrgId, member: MemberId) -> Result<()>;
    async fn leave_org(&self, org: OrgId) -> Result<()>;
}

/// Teams and their members.
#[async_trait]
pub trait TeamClient: Send + Sync {
    async fn list_teams(&self, org: OrgId, page: Page) -> Result<Paged<Team>>;
    async fn create_team(&self, org: OrgId, fields: TeamFields) -> Result<Team>;
    async fn update_team(&self, org: OrgId, team: TeamId, fields: TeamFields) -> Result<Team>;
    async fn delete_team(&self, org: OrgId, team: TeamId) -> Result<()>;
    async fn list_team_members(
        &self,
        org: OrgId,
        team: TeamId,
        page: Page,
    ) -> Result<Paged<Member>>;
    /// Adds an org member or collaborator, named by user name or email.
    async fn add_team_member(&self, org: OrgId, team: TeamId, user: &str) -> Result<Member>;
    async fn remove_team_member(&self, org: OrgId, team: TeamId, member: MemberId) -> Result<()>;
}
