//! The audit log as the spec has it (`/admin/audit-logs-v2`). nfdeck's own action name
//! (`workspace.update`), which the spec's short `AuditEventType` list cannot say, travels as
//! `nfdeckAction`; a snapshot travels inside the spec's image as `nfdeckImage`.

use serde_json::Value;

dto! {
    /// `GET /admin/audit-logs-v2`: newest first, token-paged.
    pub struct ListAuditLogV2Response {
        pub audit_logs: Option<Vec<AuditLogV2ResponseDto>>,
        pub next_page_token: Option<String>,
        /// How many entries match the filter from this page on (nfdeck serve only).
        pub nfdeck_total_size: Option<i64>,
    }
}

dto! {
    /// One audit record; `target.state` only when `attributes=state` was asked for.
    pub struct AuditLogV2ResponseDto {
        pub id: Option<String>,
        pub timestamp: Option<String>,
        /// One of the spec's `AuditEventType`s, when the change is one of them.
        pub event: Option<String>,
        pub actor: Option<AuditActorDto>,
        pub target: Option<AuditTargetDto>,
        pub nfdeck_action: Option<String>,
    }
}

dto! {
    /// `AuditLogV2ResponseDto.Actor`.
    pub struct AuditActorDto {
        pub email: Option<String>,
        /// `user` or `system`.
        #[serde(rename = "type")]
        pub kind: Option<String>,
    }
}

dto! {
    /// `AuditLogV2ResponseDto.Target`: what changed.
    pub struct AuditTargetDto {
        pub id: Option<String>,
        pub name: Option<String>,
        #[serde(rename = "type")]
        pub kind: Option<String>,
        pub state: Option<AuditTargetStateDto>,
    }
}

dto! {
    /// `AuditLogTargetState`: the images before and after.
    pub struct AuditTargetStateDto {
        pub previous_state: Option<Value>,
        pub new_state: Option<Value>,
    }
}

/// Query of `GET /admin/audit-logs-v2` (and `attributes` of the describe endpoint); the
/// `nfdeck…` parameters are nfdeck serve's own filters.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditLogV2Params {
    pub attributes: Option<String>,
    pub next_page_token: Option<String>,
    pub max: Option<i64>,
    pub timestamp_after_or_equal: Option<String>,
    pub timestamp_before_or_equal: Option<String>,
    pub nfdeck_who: Option<String>,
    pub nfdeck_what: Option<String>,
    pub nfdeck_search: Option<String>,
}
