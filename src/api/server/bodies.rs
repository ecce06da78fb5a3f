//! What each request body must hold, beyond its wire type: the keys that must be present (a
//! missing key never means "remove": a `null` does, where the spec allows it) and whether keys
//! the type does not have are refused. The extractor (`extract::Body`) checks both, then
//! decodes the body strictly (`strict`).

use super::strict::UnknownKeys;
use crate::api::dto::actions::{CreateActionRequest, LaunchActionRequest, UpdateActionRequest};
use crate::api::dto::compute::{CreateComputeEnvRequest, UpdateComputeEnvRequest};
use crate::api::dto::credentials::{CreateCredentialsRequest, UpdateCredentialsRequest};
use crate::api::dto::labels::{CreateLabelRequest, UpdateLabelRequest};
use crate::api::dto::launch::SubmitWorkflowLaunchRequest;
use crate::api::dto::pipelines::{CreatePipelineRequest, UpdatePipelineRequest};
use crate::api::dto::roles::{CreateRoleRequest, UpdateRoleRequest};
use crate::api::dto::secrets::{CreatePipelineSecretRequest, UpdatePipelineSecretRequest};
use crate::api::dto::trace::{
    TraceBeginRequest, TraceCompleteRequest, TraceCreateRequest, TraceHeartbeatRequest,
    TraceProgressRequest,
};
use crate::api::dto::workflow::{
    AssociateWorkflowLabelsRequest, DeleteWorkflowsRequest, UpdateWorkflowRequest,
};
use crate::api::dto::{
    AddMemberRequest, AddParticipantRequest, CreateAccessTokenRequest, CreateOrganizationRequest,
    CreateTeamMemberRequest, CreateTeamRequest, CreateWorkspaceRequest,
    DataStudioWorkspaceSettingsRequest, ExtCreateUserRequest, ExtSetAllocationRequest,
    ExtSetCreditsRequest, ExtTransferRequest, ExtUpdateDefaultRoleRequest, UpdateMemberRoleRequest,
    UpdateOrganizationRequest, UpdateParticipantRoleRequest, UpdateTeamRequest,
    UpdateWorkspaceRequest,
};
use serde::de::DeserializeOwned;

/// A key a body must have.
pub struct Required {
    /// Its JSON path (`a.b` for a key inside the object at `a`).
    pub path: &'static str,
    /// What a `null` there does, when the spec lets it be null (told in the message).
    pub null_means: Option<&'static str>,
}

const fn key(path: &'static str) -> Required {
    Required {
        path,
        null_means: None,
    }
}

/// A request body type and its rules.
pub trait RequestBody: DeserializeOwned {
    /// Keys that must be present; a missing one is a 400 naming it.
    const REQUIRED: &'static [Required] = &[];
    /// Keys the type does not have: refused, unless the clients are known to send more.
    const UNKNOWN_KEYS: UnknownKeys = UnknownKeys::Refuse;
}

/// The first required key `body` lacks, as the message of a 400.
pub fn missing<T: RequestBody>(body: &serde_json::Value) -> Option<String> {
    let absent = T::REQUIRED.iter().find(|r| {
        let mut at = Some(body);
        for part in r.path.split('.') {
            at = at.and_then(|v| v.as_object()).and_then(|o| o.get(part));
        }
        at.is_none()
    })?;
    Some(match absent.null_means {
        Some(null) => format!(
            "{} is required (send null to {null}; a missing field changes nothing)",
            absent.path
        ),
        None => format!("{} is required", absent.path),
    })
}

macro_rules! bodies {
    ($($ty:ty => [$($req:expr),*];)*) => {
        $(impl RequestBody for $ty {
            const REQUIRED: &'static [Required] = &[$($req),*];
        })*
    };
}

// Updates are patches: an absent field keeps its value, so nothing is required.
bodies! {
    CreateOrganizationRequest => [key("organization")];
    UpdateOrganizationRequest => [];
    AddMemberRequest => [key("user")];
    UpdateMemberRoleRequest => [key("role")];
    CreateTeamRequest => [key("team")];
    UpdateTeamRequest => [];
    CreateTeamMemberRequest => [key("userNameOrEmail")];
    CreateWorkspaceRequest => [key("workspace")];
    UpdateWorkspaceRequest => [];
    AddParticipantRequest => [];
    UpdateParticipantRoleRequest => [key("role")];
    DataStudioWorkspaceSettingsRequest => [];
    CreateLabelRequest => [key("name")];
    UpdateLabelRequest => [];
    CreatePipelineRequest => [key("name")];
    UpdatePipelineRequest => [];
    CreateComputeEnvRequest => [key("computeEnv")];
    UpdateComputeEnvRequest => [];
    CreateCredentialsRequest => [key("credentials")];
    UpdateCredentialsRequest => [key("credentials")];
    CreateActionRequest => [key("name")];
    LaunchActionRequest => [];
    UpdateActionRequest => [];
    DeleteWorkflowsRequest => [key("workflowIds")];
    AssociateWorkflowLabelsRequest => [key("workflowIds"), key("labelIds")];
    ExtCreateUserRequest => [key("email")];
    CreateAccessTokenRequest => [key("name")];
    CreatePipelineSecretRequest => [key("name"), key("value")];
    UpdatePipelineSecretRequest => [key("value")];
    CreateRoleRequest => [key("name"), key("description"), key("permissions")];
    UpdateRoleRequest => [key("description")];
    ExtSetCreditsRequest => [key("credits")];
    ExtTransferRequest => [key("fromWorkspaceId"), key("toWorkspaceId"), key("amount")];
}

impl RequestBody for ExtSetAllocationRequest {
    const REQUIRED: &'static [Required] = &[Required {
        path: "allocation",
        null_means: Some("remove the allocation"),
    }];
}

impl RequestBody for ExtUpdateDefaultRoleRequest {
    const REQUIRED: &'static [Required] = &[Required {
        path: "role",
        null_means: Some("clear the default role"),
    }];
}

/// Bodies real clients send with more fields than the request's schema has (Nextflow's
/// nf-tower plugin; tw echoing a launch configuration): unknown keys are skipped, but the
/// shape, the types and the keys a step needs are still checked.
macro_rules! lenient_bodies {
    ($($ty:ty => [$($req:expr),*];)*) => {
        $(impl RequestBody for $ty {
            const REQUIRED: &'static [Required] = &[$($req),*];
            const UNKNOWN_KEYS: UnknownKeys = UnknownKeys::Ignore;
        })*
    };
}

// tw sends the launch configuration it read (`GET /pipelines/{id}/launch`) back, with the
// answer's fields (`computeEnv`, `pipelineId`, `resumeDir`, ...) that the request's schema
// does not have.
lenient_bodies! {
    SubmitWorkflowLaunchRequest => [key("launch")];

    TraceCreateRequest => [];
    TraceBeginRequest => [key("workflow")];
    TraceProgressRequest => [];
    TraceHeartbeatRequest => [];
    TraceCompleteRequest => [key("workflow")];
    UpdateWorkflowRequest => [];
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_missing_key_is_named_with_what_null_would_do() {
        assert_eq!(
            missing::<ExtSetAllocationRequest>(&json!({})).unwrap(),
            "allocation is required (send null to remove the allocation; a missing field changes nothing)"
        );
        assert_eq!(
            missing::<ExtSetAllocationRequest>(&json!({"allocation": null})),
            None
        );
        assert_eq!(
            missing::<TraceCompleteRequest>(&json!([])).unwrap(),
            "workflow is required"
        );
        assert_eq!(missing::<UpdateTeamRequest>(&json!({})), None);
    }
}
