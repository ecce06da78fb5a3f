//! Organizations, members and collaborators over the API.

use super::RemoteClient;
use crate::api::convert::members::member_from_dto;
use crate::api::convert::need;
use crate::api::convert::orgs::{
    create_org_request, org_from_dto, org_role_dto, update_org_request,
};
use crate::api::dto::ext::features;
use crate::api::dto::{
    AddMemberRequest, AddMemberResponse, CreateOrganizationResponse,
    DescribeOrganizationQuotasResponse, DescribeOrganizationResponse, ExtDefaultRolesResponse,
    ExtUpdateDefaultRoleRequest, ListMembersResponse, ListOrganizationsResponse, ListTeamResponse,
    ListWorkspacesResponse, OrganizationQuotas, UpdateMemberRoleRequest,
};
use crate::client::OrgClient;
use crate::domain::{
    ErrorKind, Member, MemberId, Org, OrgFields, OrgId, OrgRole, OrgUsage, Page, Paged, Result,
    Usage, WspRole,
};
use async_trait::async_trait;
use reqwest::Method;
use std::collections::HashMap;

/// A quota as a limit (a server without one reads as unlimited).
/// A quota as a limit. A missing or negative one (servers send -1 for "no quota") is no
/// limit, never "at most 0".
pub(super) fn limit(q: Option<i64>) -> u32 {
    match q {
        Some(v) if v >= 0 => v.min(i64::from(u32::MAX)) as u32,
        _ => u32::MAX,
    }
}

fn members_page(r: ListMembersResponse) -> Result<(Vec<crate::api::dto::MemberDbDto>, u64)> {
    let total = r.total_size.unwrap_or(0).max(0) as u64;
    Ok((r.members.unwrap_or_default(), total))
}

impl RemoteClient {
    /// The org's quotas; a server that does not show them (to this user) has none to check.
    pub(super) async fn quotas(&self, org: OrgId) -> Result<OrganizationQuotas> {
        let r = self
            .http
            .get::<DescribeOrganizationQuotasResponse>(&format!("/orgs/{org}/quotas"), vec![])
            .await;
        match r {
            Ok(r) => Ok(r.quotas.unwrap_or_default()),
            Err(e)
                if matches!(
                    e.kind,
                    ErrorKind::NotFound | ErrorKind::Forbidden | ErrorKind::Unavailable
                ) =>
            {
                Ok(OrganizationQuotas::default())
            }
            Err(e) => Err(e),
        }
    }

    /// Default workspace roles by member id (empty when the server does not offer them).
    async fn default_roles(&self, org: OrgId) -> Result<HashMap<MemberId, WspRole>> {
        let path = format!("/orgs/{org}/default-roles");
        let Some(path) = self.ext_path(features::DEFAULT_ROLES, &path).await? else {
            return Ok(HashMap::new());
        };
        let r: ExtDefaultRolesResponse = self.http.get(&path, vec![]).await?;
        Ok(r.default_roles
            .unwrap_or_default()
            .into_iter()
            .filter_map(|d| Some((d.member_id?, d.role?.parse().ok()?)))
            .collect())
    }

    /// Members (or collaborators, or team members) of one list endpoint.
    pub(super) async fn members_of(&self, path: String, page: Page) -> Result<Paged<Member>> {
        let paged = self.paged(&path, &page, members_page).await?;
        let items = paged
            .items
            .into_iter()
            .map(|m| member_from_dto(m, None))
            .collect::<Result<Vec<_>>>()?;
        Ok(Paged::new(items, paged.total))
    }
}

#[async_trait]
impl OrgClient for RemoteClient {
    async fn list_orgs(&self) -> Result<Vec<Org>> {
        let r: ListOrganizationsResponse = self.http.get("/orgs", vec![]).await?;
        r.organizations
            .unwrap_or_default()
            .into_iter()
            .map(org_from_dto)
            .collect()
    }

    async fn get_org(&self, org: OrgId) -> Result<Org> {
        let r: DescribeOrganizationResponse =
            self.http.get(&format!("/orgs/{org}"), vec![]).await?;
        org_from_dto(need(r.organization, "organization")?)
    }

    /// Orgs are created on the basic tier; another tier is a second request, and when the
    /// server refuses it the new org is deleted again, so a refusal leaves nothing behind.
    async fn create_org(&self, fields: OrgFields) -> Result<Org> {
        let r: CreateOrganizationResponse = self
            .http
            .call(Method::POST, "/orgs", vec![], &create_org_request(&fields))
            .await?;
        let org = org_from_dto(need(r.organization, "organization")?)?;
        if fields.tier == org.tier {
            return Ok(org);
        }
        let path = format!("/orgs/{}", org.id);
        let request = update_org_request(&fields, org.tier);
        if let Err(e) = self
            .http
            .call_no_content(Method::PUT, &path, vec![], &request)
            .await
        {
            let _ = self.http.delete(&path, vec![]).await;
            return Err(e);
        }
        self.get_org(org.id).await
    }

    async fn update_org(&self, org: OrgId, fields: OrgFields) -> Result<Org> {
        let current = self.get_org(org).await?;
        let request = update_org_request(&fields, current.tier);
        self.http
            .call_no_content(Method::PUT, &format!("/orgs/{org}"), vec![], &request)
            .await?;
        self.get_org(org).await
    }

    async fn delete_org(&self, org: OrgId) -> Result<()> {
        self.http.delete(&format!("/orgs/{org}"), vec![]).await
    }

    /// Limits from the org's quotas; usage from list totals, read concurrently.
    async fn org_usage(&self, org: OrgId) -> Result<OrgUsage> {
        let members = format!("/orgs/{org}/members");
        let collaborators = format!("/orgs/{org}/collaborators");
        let teams = format!("/orgs/{org}/teams");
        let workspaces = format!("/orgs/{org}/workspaces");
        let (info, quotas, members, collaborators, teams, workspaces) = futures::try_join!(
            self.get_org(org),
            self.quotas(org),
            self.count::<ListMembersResponse>(&members, |r| r.total_size),
            self.count::<ListMembersResponse>(&collaborators, |r| r.total_size),
            self.count::<ListTeamResponse>(&teams, |r| r.total_size),
            self.http.get::<ListWorkspacesResponse>(&workspaces, vec![]),
        )?;
        let workspaces = workspaces.workspaces.unwrap_or_default().len() as u64;
        Ok(OrgUsage {
            tier: info.tier,
            members: Usage::new(members, limit(quotas.max_members)),
            collaborators,
            workspaces: Usage::new(workspaces, limit(quotas.max_workspaces)),
            teams: Usage::new(teams, limit(quotas.max_teams)),
        })
    }

    /// Members with their default roles (an nfdeck extension), read concurrently.
    async fn list_members(&self, org: OrgId, page: Page) -> Result<Paged<Member>> {
        let (mut paged, defaults) = futures::try_join!(
            self.members_of(format!("/orgs/{org}/members"), page),
            self.default_roles(org),
        )?;
        for m in &mut paged.items {
            m.default_role = defaults.get(&m.member_id).copied();
        }
        Ok(paged)
    }

    async fn list_collaborators(&self, org: OrgId, page: Page) -> Result<Paged<Member>> {
        self.members_of(format!("/orgs/{org}/collaborators"), page)
            .await
    }

    async fn add_member(&self, org: OrgId, email: &str) -> Result<Member> {
        let request = AddMemberRequest {
            user: Some(email.to_string()),
        };
        let r: AddMemberResponse = self
            .http
            .call(
                Method::PUT,
                &format!("/orgs/{org}/members/add"),
                vec![],
                &request,
            )
            .await?;
        member_from_dto(need(r.member, "member")?, None)
    }

    async fn set_member_role(&self, org: OrgId, member: MemberId, role: OrgRole) -> Result<()> {
        let request = UpdateMemberRoleRequest {
            role: Some(org_role_dto(role)),
        };
        self.http
            .call_no_content(
                Method::PUT,
                &format!("/orgs/{org}/members/{member}/role"),
                vec![],
                &request,
            )
            .await
    }

    async fn set_default_role(
        &self,
        org: OrgId,
        member: MemberId,
        role: Option<WspRole>,
    ) -> Result<()> {
        let path = self
            .require_ext(
                features::DEFAULT_ROLES,
                &format!("/orgs/{org}/members/{member}/default-role"),
                "default workspace roles for org members",
            )
            .await?;
        let request = ExtUpdateDefaultRoleRequest {
            role: role.map(|r| r.to_string()),
        };
        self.http
            .call_no_content(Method::PUT, &path, vec![], &request)
            .await
    }

    async fn remove_member(&self, org: OrgId, member: MemberId) -> Result<()> {
        self.http
            .delete(&format!("/orgs/{org}/members/{member}"), vec![])
            .await
    }

    async fn leave_org(&self, org: OrgId) -> Result<()> {
        self.http
            .delete(&format!("/orgs/{org}/members/leave"), vec![])
            .await
    }
}
