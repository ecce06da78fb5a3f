//! The current user, the service, and the user's orgs and workspaces.

use super::common::{OrgType, Visibility};
use serde::{Deserialize, Serialize};

dto! {
    /// `DescribeUserResponse` (`GET /user-info`).
    pub struct DescribeUserResponse {
        pub user: Option<UserResponseDto>,
        pub need_consent: Option<bool>,
        pub default_workspace_id: Option<i64>,
    }
}

dto! {
    /// `UserResponseDto`.
    pub struct UserResponseDto {
        pub id: Option<i64>,
        pub user_name: Option<String>,
        pub email: Option<String>,
        pub first_name: Option<String>,
        pub last_name: Option<String>,
        pub organization: Option<String>,
        pub description: Option<String>,
        pub avatar: Option<String>,
        pub avatar_id: Option<String>,
        pub date_created: Option<String>,
        pub last_access: Option<String>,
        pub last_updated: Option<String>,
        pub deleted: Option<bool>,
        pub marketing_consent: Option<bool>,
        pub notification: Option<bool>,
        pub terms_of_use_consent: Option<bool>,
    }
}

/// `ServiceInfoResponse` (`GET /service-info`), plus `nfdeck`, which only `nfdeck serve` sends:
/// it announces the extension endpoints (other servers leave it out; clients ignore it).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceInfoResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_info: Option<ServiceInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nfdeck: Option<NfdeckExtensions>,
}

dto! {
    /// `ServiceInfo`.
    pub struct ServiceInfo {
        pub version: Option<String>,
        pub api_version: Option<String>,
        pub commit_id: Option<String>,
        pub auth_types: Option<Vec<String>>,
        pub login_path: Option<String>,
        pub heartbeat_interval: Option<i32>,
        pub user_workspace_enabled: Option<bool>,
        pub allow_instance_credentials: Option<bool>,
        pub allow_nextflow_cli_logs: Option<bool>,
        pub content_url: Option<String>,
        pub content_max_file_size: Option<i64>,
        pub contact_email: Option<String>,
        pub landing_url: Option<String>,
        pub terms_of_use_url: Option<String>,
        pub launch_config_text_max_size: Option<i32>,
        pub launch_params_text_max_size: Option<i32>,
        pub seqera_cloud: Option<bool>,
        pub seqera_compute_enabled: Option<bool>,
        pub wave_enabled: Option<bool>,
        pub groundswell_enabled: Option<bool>,
        pub llm_enabled: Option<bool>,
        pub eval_workspace_ids: Option<Vec<i64>>,
    }
}

dto! {
    /// nfdeck's extension announcement: where its own endpoints live and which it offers.
    pub struct NfdeckExtensions {
        /// The nfdeck version of the server.
        pub version: Option<String>,
        /// The path prefix of the extension endpoints, e.g. `/ext/nfdeck`.
        pub prefix: Option<String>,
        /// The version of the extension endpoints.
        pub api: Option<u32>,
        /// The extensions offered, e.g. `default-roles`, `users`, `audit`.
        pub features: Option<Vec<String>>,
    }
}

dto! {
    /// `ListWorkspacesAndOrgResponse` (`GET /user/{userId}/workspaces`).
    pub struct ListWorkspacesAndOrgResponse {
        pub orgs_and_workspaces: Option<Vec<OrgAndWorkspaceDto>>,
    }
}

dto! {
    /// `OrgAndWorkspaceDto`: a row with `workspaceId: null` is the org itself.
    pub struct OrgAndWorkspaceDto {
        pub org_id: Option<i64>,
        pub org_name: Option<String>,
        pub org_logo_url: Option<String>,
        pub org_type: Option<OrgType>,
        pub workspace_id: Option<i64>,
        pub workspace_name: Option<String>,
        pub workspace_full_name: Option<String>,
        pub visibility: Option<Visibility>,
        pub roles: Option<Vec<String>>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_info_decodes() {
        let json = r#"{
            "user": {"id": 42, "userName": "ana", "email": "ana@biolab.example",
                     "firstName": "Ana", "lastName": "Lima", "organization": "Bio Lab",
                     "avatar": "https://x/a.png", "dateCreated": "2024-01-02T03:04:05Z",
                     "lastAccess": "2024-05-06T07:08:09Z", "deleted": false,
                     "termsOfUseConsent": true, "marketingConsent": false,
                     "waveBuildNotification": null},
            "needConsent": false,
            "defaultWorkspaceId": 7
        }"#;
        let r: DescribeUserResponse = serde_json::from_str(json).unwrap();
        let user = r.user.unwrap();
        assert_eq!(user.id, Some(42));
        assert_eq!(user.user_name.as_deref(), Some("ana"));
        assert_eq!(r.default_workspace_id, Some(7));
    }

    #[test]
    fn service_info_decodes_with_and_without_nfdeck() {
        let json = r#"{"serviceInfo": {"version": "25.1.0", "apiVersion": "1.187.0",
            "commitId": "abc", "heartbeatInterval": 60, "userWorkspaceEnabled": true,
            "seqeraCloud": true, "waveEnabled": true, "navbar": {"menus": []},
            "analytics": {"hubspotId": "x"}}}"#;
        let r: ServiceInfoResponse = serde_json::from_str(json).unwrap();
        assert_eq!(r.service_info.unwrap().seqera_cloud, Some(true));
        assert!(r.nfdeck.is_none());
        let json = r#"{"serviceInfo": {"version": "0.1.0"},
            "nfdeck": {"prefix": "/ext/nfdeck", "api": 1, "features": ["users"]}}"#;
        let r: ServiceInfoResponse = serde_json::from_str(json).unwrap();
        assert_eq!(r.nfdeck.unwrap().prefix.as_deref(), Some("/ext/nfdeck"));
    }

    #[test]
    fn org_rows_have_a_null_workspace_id() {
        let json = r#"{"orgsAndWorkspaces": [
            {"orgId": 1, "orgName": "biolab", "orgLogoUrl": null, "orgType": "pro",
             "workspaceId": null, "workspaceName": null, "workspaceFullName": null,
             "visibility": null, "roles": ["owner"]},
            {"orgId": 1, "orgName": "biolab", "orgLogoUrl": null, "orgType": "pro",
             "workspaceId": 10, "workspaceName": "rnaseq", "workspaceFullName": "RNA-seq",
             "visibility": "SHARED", "roles": ["owner", "admin"]}
        ]}"#;
        let r: ListWorkspacesAndOrgResponse = serde_json::from_str(json).unwrap();
        let rows = r.orgs_and_workspaces.unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].workspace_id, None);
        assert_eq!(rows[0].org_type, Some(OrgType::Pro));
        assert_eq!(rows[1].workspace_id, Some(10));
        assert_eq!(rows[1].visibility, Some(Visibility::Shared));
        let back = serde_json::to_value(&rows[0]).unwrap();
        assert!(
            back.get("workspaceId").is_none(),
            "None is left out: {back}"
        );
    }
}

dto! {
    /// `AccessToken`: a token as its owner sees it (never the token itself).
    pub struct AccessToken {
        pub id: Option<i64>,
        pub name: Option<String>,
        pub date_created: Option<String>,
        pub last_used: Option<String>,
    }
}

dto! {
    /// `ListAccessTokensResponse` (`GET /tokens`).
    pub struct ListAccessTokensResponse {
        pub tokens: Option<Vec<AccessToken>>,
    }
}

dto! {
    /// `CreateAccessTokenRequest` (`POST /tokens`).
    pub struct CreateAccessTokenRequest {
        pub name: Option<String>,
    }
}

dto! {
    /// `CreateAccessTokenResponse`: `accessKey` is the token, shown this once.
    pub struct CreateAccessTokenResponse {
        pub access_key: Option<String>,
        pub token: Option<AccessToken>,
    }
}
