//! Organizations, their quotas, and a user's roles in an org's workspaces.

use super::common::{OrgRole, OrgType, TeamType, WspRoleSourceType};
use super::members::MemberDbDto;

dto! {
    /// `ListOrganizationsResponse` (`GET /orgs`).
    pub struct ListOrganizationsResponse {
        pub organizations: Option<Vec<OrganizationDbDto>>,
        pub total_size: Option<i32>,
    }
}

dto! {
    /// `OrganizationDbDto`: an org as the caller sees it (`memberId`, `memberRole` are theirs).
    pub struct OrganizationDbDto {
        pub org_id: Option<i64>,
        pub name: Option<String>,
        pub full_name: Option<String>,
        pub description: Option<String>,
        pub location: Option<String>,
        pub website: Option<String>,
        pub logo_id: Option<String>,
        pub logo_url: Option<String>,
        pub member_id: Option<i64>,
        pub member_role: Option<OrgRole>,
        pub r#type: Option<OrgType>,
        /// Deprecated in the spec.
        pub paying: Option<bool>,
    }
}

dto! {
    /// `Organization`: the org in a create request (`name` and `fullName` required).
    pub struct Organization {
        pub id: Option<i64>,
        pub name: Option<String>,
        pub full_name: Option<String>,
        pub description: Option<String>,
        pub location: Option<String>,
        pub website: Option<String>,
        pub date_created: Option<String>,
        pub last_updated: Option<String>,
    }
}

dto! {
    /// `CreateOrganizationRequest` (`POST /orgs`).
    pub struct CreateOrganizationRequest {
        pub organization: Option<Organization>,
        pub logo_id: Option<String>,
    }
}

dto! {
    /// `CreateOrganizationResponse`.
    pub struct CreateOrganizationResponse {
        pub organization: Option<OrganizationDbDto>,
    }
}

dto! {
    /// `DescribeOrganizationResponse` (`GET /orgs/{orgId}`).
    pub struct DescribeOrganizationResponse {
        pub organization: Option<OrganizationDbDto>,
    }
}

dto! {
    /// `UpdateOrganizationRequest` (`PUT /orgs/{orgId}`). `type` changes the plan.
    pub struct UpdateOrganizationRequest {
        pub name: Option<String>,
        pub full_name: Option<String>,
        pub description: Option<String>,
        pub location: Option<String>,
        pub website: Option<String>,
        pub logo_id: Option<String>,
        pub r#type: Option<OrgType>,
        /// Deprecated in the spec.
        pub paying: Option<bool>,
    }
}

dto! {
    /// `DescribeOrganizationQuotasResponse` (`GET /orgs/{orgId}/quotas`).
    pub struct DescribeOrganizationQuotasResponse {
        pub quotas: Option<OrganizationQuotas>,
    }
}

dto! {
    /// `OrganizationQuotas`: the org's limits.
    pub struct OrganizationQuotas {
        pub max_workspaces: Option<i64>,
        pub max_members: Option<i64>,
        pub max_teams: Option<i64>,
        pub max_pipelines_per_workspace: Option<i64>,
        pub max_participants_per_workspace: Option<i64>,
        pub max_datasets_per_workspace: Option<i64>,
        pub max_versions_per_dataset: Option<i64>,
        pub max_runs: Option<i64>,
        pub max_run_history: Option<i64>,
        pub max_labels_per_workspace: Option<i64>,
        pub max_data_studios_running: Option<i64>,
        pub max_seqera_compute_compute_envs: Option<i64>,
        pub max_custom_roles_per_org: Option<i64>,
        pub max_fusion_throughput_bytes: Option<i64>,
    }
}

dto! {
    /// `ListUserRolesResponse` (`GET /orgs/{orgId}/users/{userId}/roles`).
    pub struct ListUserRolesResponse {
        pub user: Option<MemberDbDto>,
        pub user_workspaces: Option<Vec<UserWorkspaceRolesDto>>,
    }
}

dto! {
    /// `UserWorkspaceRolesDto`: a user's roles in one workspace.
    pub struct UserWorkspaceRolesDto {
        pub workspace_id: Option<i64>,
        pub workspace_name: Option<String>,
        pub roles: Option<Vec<UserWorkspaceRoleDto>>,
        pub permissions: Option<Vec<UserWorkspacePermissionDto>>,
    }
}

dto! {
    /// `UserWorkspaceRoleDto`: one role and where it comes from (the user, or a team).
    pub struct UserWorkspaceRoleDto {
        pub role: Option<String>,
        pub role_source_type: Option<WspRoleSourceType>,
        pub source_team_id: Option<i64>,
        pub source_team_name: Option<String>,
        pub source_team_type: Option<TeamType>,
    }
}

dto! {
    /// `UserWorkspacePermissionDto`.
    pub struct UserWorkspacePermissionDto {
        pub permission: Option<String>,
        pub roles: Option<Vec<String>>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organizations_decode() {
        let json = r#"{"organizations": [{"orgId": 3, "name": "biolab", "fullName": "Bio Lab",
            "description": "", "location": "Lisbon", "website": "https://bio.example",
            "logoId": null, "logoUrl": null, "memberId": 9, "memberRole": "owner",
            "type": "academic", "paying": false}], "totalSize": 1}"#;
        let r: ListOrganizationsResponse = serde_json::from_str(json).unwrap();
        let org = &r.organizations.unwrap()[0];
        assert_eq!(org.org_id, Some(3));
        assert_eq!(org.member_role, Some(OrgRole::Owner));
        assert_eq!(org.r#type, Some(OrgType::Academic));
        assert_eq!(r.total_size, Some(1));
    }

    #[test]
    fn update_request_writes_type() {
        let req = UpdateOrganizationRequest {
            full_name: Some("Bio Lab".into()),
            r#type: Some(OrgType::Pro),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&req).unwrap(),
            serde_json::json!({"fullName": "Bio Lab", "type": "pro"})
        );
    }

    #[test]
    fn quotas_and_user_roles_decode() {
        let q: DescribeOrganizationQuotasResponse = serde_json::from_str(
            r#"{"quotas": {"maxWorkspaces": 50, "maxMembers": 3, "maxTeams": 20,
                "maxParticipantsPerWorkspace": 3, "maxRuns": 100000}}"#,
        )
        .unwrap();
        assert_eq!(q.quotas.unwrap().max_members, Some(3));
        let r: ListUserRolesResponse = serde_json::from_str(
            r#"{"user": {"memberId": 4, "userId": 2, "userName": "ben", "role": "member"},
                "userWorkspaces": [{"workspaceId": 10, "workspaceName": "rnaseq",
                  "roles": [{"role": "launch", "roleSourceType": "individual"},
                            {"role": "maintain", "roleSourceType": "team",
                             "sourceTeamId": 5, "sourceTeamName": "analysts",
                             "sourceTeamType": "regular"}],
                  "permissions": [{"permission": "pipeline:read", "roles": ["launch"]}]}]}"#,
        )
        .unwrap();
        let ws = &r.user_workspaces.unwrap()[0];
        let roles = ws.roles.as_ref().unwrap();
        assert_eq!(roles[1].role_source_type, Some(WspRoleSourceType::Team));
        assert_eq!(roles[1].source_team_name.as_deref(), Some("analysts"));
    }
}
