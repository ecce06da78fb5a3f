//! Teams and team members over the API.

use super::RemoteClient;
use crate::api::convert::members::member_from_dto;
use crate::api::convert::need;
use crate::api::convert::teams::{create_team_request, team_from_dto, update_team_request};
use crate::api::dto::{
    AddTeamMemberResponse, CreateTeamMemberRequest, CreateTeamResponse, DescribeTeamResponse,
    ListTeamResponse,
};
use crate::client::TeamClient;
use crate::domain::{Member, MemberId, OrgId, Page, Paged, Result, Team, TeamFields, TeamId};
use async_trait::async_trait;
use reqwest::Method;

impl RemoteClient {
    async fn get_team(&self, org: OrgId, team: TeamId) -> Result<Team> {
        let r: DescribeTeamResponse = self
            .http
            .get(&format!("/orgs/{org}/teams/{team}"), vec![])
            .await?;
        team_from_dto(need(r.team, "team")?, org)
    }
}

#[async_trait]
impl TeamClient for RemoteClient {
    async fn list_teams(&self, org: OrgId, page: Page) -> Result<Paged<Team>> {
        let paged = self
            .paged(
                &format!("/orgs/{org}/teams"),
                &page,
                |r: ListTeamResponse| {
                    Ok((
                        r.teams.unwrap_or_default(),
                        r.total_size.unwrap_or(0).max(0) as u64,
                    ))
                },
            )
            .await?;
        let items = paged
            .items
            .into_iter()
            .map(|t| team_from_dto(t, org))
            .collect::<Result<Vec<_>>>()?;
        Ok(Paged::new(items, paged.total))
    }

    async fn create_team(&self, org: OrgId, fields: TeamFields) -> Result<Team> {
        let r: CreateTeamResponse = self
            .http
            .call(
                Method::POST,
                &format!("/orgs/{org}/teams"),
                vec![],
                &create_team_request(&fields),
            )
            .await?;
        team_from_dto(need(r.team, "team")?, org)
    }

    /// The spec answers 200 or 204; the team is read back either way.
    async fn update_team(&self, org: OrgId, team: TeamId, fields: TeamFields) -> Result<Team> {
        self.http
            .call_no_content(
                Method::PUT,
                &format!("/orgs/{org}/teams/{team}"),
                vec![],
                &update_team_request(&fields),
            )
            .await?;
        self.get_team(org, team).await
    }

    async fn delete_team(&self, org: OrgId, team: TeamId) -> Result<()> {
        self.http
            .delete(&format!("/orgs/{org}/teams/{team}"), vec![])
            .await
    }

    async fn list_team_members(
        &self,
        org: OrgId,
        team: TeamId,
        page: Page,
    ) -> Result<Paged<Member>> {
        self.members_of(format!("/orgs/{org}/teams/{team}/members"), page)
            .await
    }

    async fn add_team_member(&self, org: OrgId, team: TeamId, user: &str) -> Result<Member> {
        let request = CreateTeamMemberRequest {
            user_name_or_email: Some(user.to_string()),
        };
        let r: AddTeamMemberResponse = self
            .http
            .call(
                Method::POST,
                &format!("/orgs/{org}/teams/{team}/members"),
                vec![],
                &request,
            )
            .await?;
        member_from_dto(need(r.member, "member")?, None)
    }

    async fn remove_team_member(&self, org: OrgId, team: TeamId, member: MemberId) -> Result<()> {
        self.http
            .delete(
                &format!("/orgs/{org}/teams/{team}/members/{member}/delete"),
                vec![],
            )
            .await
    }
}
