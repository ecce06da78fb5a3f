//! Shapes used across areas: errors, empty bodies, enums shared by several schemas, and the
//! paging query parameters.

use serde::{Deserialize, Serialize};

dto! {
    /// `ErrorResponse`: the body of 400, 403, 404 and 409 answers.
    pub struct ErrorResponse {
        pub message: Option<String>,
    }
}

impl ErrorResponse {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: Some(message.into()),
        }
    }
}

/// `EmptyBodyRequest`: `{}` (compute env primary, workflow cancel, action pause).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmptyBodyRequest {}

wire_enum! {
    /// `OrgRole`.
    pub enum OrgRole {
        Owner = "owner",
        Member = "member",
        Collaborator = "collaborator",
    }
}

wire_enum! {
    /// `OrgType`: the org's plan.
    pub enum OrgType {
        Academic = "academic",
        Evaluating = "evaluating",
        Pro = "pro",
        Basic = "basic",
        Internal = "internal",
    }
}

wire_enum! {
    /// `Visibility` of a workspace.
    pub enum Visibility {
        Private = "PRIVATE",
        Shared = "SHARED",
    }
}

wire_enum! {
    /// `ParticipantType`.
    pub enum ParticipantType {
        Member = "MEMBER",
        Team = "TEAM",
        Collaborator = "COLLABORATOR",
    }
}

wire_enum! {
    /// `WspRoleSourceType`: where a workspace role comes from.
    pub enum WspRoleSourceType {
        Individual = "individual",
        Team = "team",
    }
}

wire_enum! {
    /// `TeamType`.
    pub enum TeamType {
        Regular = "regular",
        SystemOwners = "system_owners",
    }
}

/// The `max`, `offset` and `search` query parameters of paged lists.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
}

/// The `name` query parameter of the `validate` endpoints.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidateParams {
    #[serde(default)]
    pub name: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_keep_unknown_values() {
        let t: OrgType = serde_json::from_str("\"enterprise\"").unwrap();
        assert_eq!(t, OrgType::Other("enterprise".into()));
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"enterprise\"");
        let v: Visibility = serde_json::from_str("\"SHARED\"").unwrap();
        assert_eq!(v, Visibility::Shared);
    }

    #[test]
    fn error_response_reads_extra_fields() {
        let e: ErrorResponse =
            serde_json::from_str(r#"{"message":"Duplicate name","code":17}"#).unwrap();
        assert_eq!(e.message.as_deref(), Some("Duplicate name"));
    }
}
