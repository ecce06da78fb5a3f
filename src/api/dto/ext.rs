//! nfdeck's extension endpoints (under `api::EXT_PREFIX`): what the public API has no endpoint
//! for. No Seqera server offers them; `GET /service-info` says whether a server does.

use super::user::UserResponseDto;

/// The extension names `GET /service-info` lists in `nfdeck.features`.
pub mod features {
    /// `GET /ext/nfdeck/session`: whether the caller is the operator, their personal workspace.
    pub const SESSION: &str = "session";
    /// Org members' default workspace roles (Latch).
    pub const DEFAULT_ROLES: &str = "default-roles";
    /// Effective roles of participants, with every source.
    pub const EFFECTIVE_ROLES: &str = "effective-roles";
    /// The caller's workspaces with participant counts and effective roles.
    pub const WORKSPACE_ROLES: &str = "workspace-roles";
    /// Listing and creating users (operator).
    pub const USERS: &str = "users";
    /// The audit log (operator), at the spec's `/admin/audit-logs-v2`.
    pub const AUDIT: &str = "audit";
    /// Credits: balances, allocations, spend, transfers.
    pub const CREDITS: &str = "credits";
    /// A workspace's pipelines and labels against its limits.
    pub const USAGE: &str = "usage";
    /// The compute environments a launch may use, and why there is no default.
    pub const LAUNCH_OPTIONS: &str = "launch-options";
    /// `GET /ext/nfdeck/changes`: the database's change counter (has anything changed?).
    pub const CHANGES: &str = "changes";
}

dto! {
    /// `GET /ext/nfdeck/changes`: a number that moves whenever anything was written.
    pub struct ExtChangesResponse {
        pub changes: Option<u64>,
    }
}

dto! {
    /// `GET /ext/nfdeck/session`.
    pub struct ExtSessionResponse {
        pub user_id: Option<i64>,
        pub email: Option<String>,
        /// True when the token belongs to the server's operator (root rights everywhere).
        pub operator: Option<bool>,
        pub personal_workspace_id: Option<i64>,
    }
}

dto! {
    /// `GET /ext/nfdeck/orgs/{orgId}/default-roles`: the members that have a default role.
    pub struct ExtDefaultRolesResponse {
        pub default_roles: Option<Vec<ExtDefaultRole>>,
    }
}

dto! {
    /// A member's default role in every workspace of the org.
    pub struct ExtDefaultRole {
        pub member_id: Option<i64>,
        pub role: Option<String>,
    }
}

/// `PUT /ext/nfdeck/orgs/{orgId}/members/{memberId}/default-role`; `"role": null` clears it.
/// The key is always sent (a `None` is written as `null`): the server refuses a body without
/// it, so that a misspelt key cannot clear the role.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExtUpdateDefaultRoleRequest {
    #[serde(default)]
    pub role: Option<String>,
}

dto! {
    /// `GET /ext/nfdeck/orgs/{orgId}/workspaces/{workspaceId}/roles?max&offset&search`: the
    /// effective roles of the participants on the same page of `GET .../participants`.
    pub struct ExtParticipantRolesResponse {
        pub participants: Option<Vec<ExtParticipantRoles>>,
        pub total_size: Option<i64>,
    }
}

dto! {
    /// One participant's grants, the winning one first (none for teams).
    pub struct ExtParticipantRoles {
        pub participant_id: Option<i64>,
        pub grants: Option<Vec<ExtRoleGrant>>,
    }
}

dto! {
    /// One way a user holds a role: `source` is `operator`, `personalWorkspace`, `orgOwner`,
    /// `participant`, `team` (with `teamId`, `teamName`) or `orgDefault`.
    pub struct ExtRoleGrant {
        pub role: Option<String>,
        pub source: Option<String>,
        pub team_id: Option<i64>,
        pub team_name: Option<String>,
    }
}

dto! {
    /// `GET /ext/nfdeck/workspaces?orgId&workspaceId`: what the public API does not send with
    /// a workspace, for the caller's workspaces (one org's, or one, when filtered).
    pub struct ExtWorkspacesResponse {
        pub workspaces: Option<Vec<ExtWorkspaceRoles>>,
    }
}

dto! {
    /// One workspace's participant count and the caller's grants there (winning one first).
    pub struct ExtWorkspaceRoles {
        pub workspace_id: Option<i64>,
        pub org_id: Option<i64>,
        pub participants_count: Option<i64>,
        pub grants: Option<Vec<ExtRoleGrant>>,
    }
}

/// The query parameters of `GET /ext/nfdeck/workspaces`.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtWorkspacesParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace_id: Option<i64>,
}

dto! {
    /// `GET /ext/nfdeck/users?max&offset&search` (operator).
    pub struct ExtListUsersResponse {
        pub users: Option<Vec<UserResponseDto>>,
        pub total_size: Option<i64>,
    }
}

dto! {
    /// `POST /ext/nfdeck/users` (operator): a user and their personal workspace.
    pub struct ExtCreateUserRequest {
        pub email: Option<String>,
        pub user_name: Option<String>,
        pub first_name: Option<String>,
        pub last_name: Option<String>,
    }
}

dto! {
    /// The answer to `POST /ext/nfdeck/users`.
    pub struct ExtCreateUserResponse {
        pub user: Option<UserResponseDto>,
    }
}

// Credits, usage and launch options answer with the domain's own types
// (`WorkspaceCredits`, `OrgBilling`, `CreditTransfer`, `Usage`, `LaunchOptions`) as JSON.

dto! {
    /// `PUT /ext/nfdeck/orgs/{orgId}/credits` (operator): the org's credit balance.
    pub struct ExtSetCreditsRequest {
        pub credits: Option<f64>,
    }
}

/// `PUT /ext/nfdeck/orgs/{orgId}/workspaces/{workspaceId}/allocation`; `"allocation": null`
/// removes it. The key is always sent (a `None` is written as `null`): the server refuses a
/// body without it, so that `{}` or a misspelt key cannot remove an allocation.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExtSetAllocationRequest {
    #[serde(default)]
    pub allocation: Option<f64>,
}

dto! {
    /// `POST /ext/nfdeck/orgs/{orgId}/transfers`: moves allocated credits.
    pub struct ExtTransferRequest {
        pub from_workspace_id: Option<i64>,
        pub to_workspace_id: Option<i64>,
        pub amount: Option<f64>,
    }
}

/// `GET /ext/nfdeck/usage?workspaceId`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExtUsageResponse {
    pub pipelines: crate::domain::Usage,
    pub labels: crate::domain::Usage,
}
