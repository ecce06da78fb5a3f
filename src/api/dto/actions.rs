//! Actions (pipeline triggers). `Action.Source` is [`ActionSource`], `Action.Status` is
//! [`ActionStatus`]; `Action.ConfigType` and `Action.EventType` (a `oneOf` on
//! `discriminator` = the source) are [`ActionConfigType`] and [`ActionEventType`].

use super::labels::LabelDbDto;
use super::launch::{LaunchDbDto, WorkflowLaunchRequest};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

wire_enum! {
    /// `Action.Source`.
    pub enum ActionSource {
        Github = "github",
        Tower = "tower",
        Bucket = "bucket",
        Cron = "cron",
    }
}

wire_enum! {
    /// `Action.Status`.
    pub enum ActionStatus {
        Creating = "CREATING",
        Active = "ACTIVE",
        Error = "ERROR",
        Paused = "PAUSED",
    }
}

/// `Action.ConfigType`: the source's settings; fields beyond the discriminator are kept as is.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ActionConfigType {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discriminator: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `Action.EventType`: the last event that triggered the action.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ActionEventType {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discriminator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

dto! {
    /// `ListActionsResponse` (`GET /actions?workspaceId&attributes`; no paging).
    pub struct ListActionsResponse {
        pub actions: Option<Vec<ListActionsResponseActionInfo>>,
    }
}

dto! {
    /// `ListActionsResponse.ActionInfo`.
    pub struct ListActionsResponseActionInfo {
        pub id: Option<String>,
        pub name: Option<String>,
        pub pipeline: Option<String>,
        pub source: Option<ActionSource>,
        pub status: Option<ActionStatus>,
        pub config: Option<ActionConfigType>,
        pub event: Option<ActionEventType>,
        pub endpoint: Option<String>,
        pub usage_cmd: Option<String>,
        pub hint: Option<String>,
        pub error: Option<String>,
        pub labels: Option<Vec<LabelDbDto>>,
        pub last_seen: Option<String>,
        pub next_execution: Option<String>,
        pub date_created: Option<String>,
    }
}

dto! {
    /// `ActionResponseDto` (inside `DescribeActionResponse`).
    pub struct ActionResponseDto {
        pub id: Option<String>,
        pub name: Option<String>,
        pub source: Option<ActionSource>,
        pub status: Option<ActionStatus>,
        pub config: Option<ActionConfigType>,
        pub event: Option<ActionEventType>,
        pub launch: Option<LaunchDbDto>,
        pub hook_id: Option<String>,
        pub hook_url: Option<String>,
        pub error: Option<String>,
        pub labels: Option<Vec<LabelDbDto>>,
        pub last_seen: Option<String>,
        pub next_execution: Option<String>,
        pub date_created: Option<String>,
        pub last_updated: Option<String>,
    }
}

dto! {
    /// `DescribeActionResponse` (`GET /actions/{actionId}`).
    pub struct DescribeActionResponse {
        pub action: Option<ActionResponseDto>,
    }
}

dto! {
    /// `CreateActionRequest` (`POST /actions?workspaceId`).
    pub struct CreateActionRequest {
        pub name: Option<String>,
        pub source: Option<ActionSource>,
        pub launch: Option<WorkflowLaunchRequest>,
        pub bucket: Option<BucketActionRequest>,
        pub cron: Option<CronActionRequest>,
        /// Not in the spec (which labels actions with `/actions/labels/apply`): the action's
        /// simple labels, which nfdeck serve sets on creation. Other servers ignore it.
        pub label_ids: Option<Vec<i64>>,
    }
}

dto! {
    /// `CreateActionResponse`.
    pub struct CreateActionResponse {
        pub action_id: Option<String>,
    }
}

dto! {
    /// `UpdateActionRequest` (`PUT /actions/{actionId}`).
    pub struct UpdateActionRequest {
        pub name: Option<String>,
        pub launch: Option<WorkflowLaunchRequest>,
        pub bucket: Option<BucketActionRequest>,
        pub cron: Option<CronActionRequest>,
    }
}

dto! {
    /// `BucketActionRequest`.
    pub struct BucketActionRequest {
        pub data_link_id: Option<String>,
        pub dataset_id: Option<String>,
        pub events: Option<Vec<String>>,
        pub filter: Option<String>,
        pub marker_file: Option<String>,
    }
}

dto! {
    /// `CronActionRequest`.
    pub struct CronActionRequest {
        pub expression: Option<String>,
        pub preset: Option<String>,
        pub timezone: Option<String>,
    }
}

dto! {
    /// `LaunchActionRequest` (`POST /actions/{actionId}/launch`): the webhook of a `tower` action.
    pub struct LaunchActionRequest {
        pub params: Option<Map<String, Value>>,
    }
}

dto! {
    /// `LaunchActionResponse`.
    pub struct LaunchActionResponse {
        pub workflow_id: Option<String>,
    }
}

dto! {
    /// `AssociateActionLabelsRequest` (`POST /actions/labels/{add|apply|remove}`).
    pub struct AssociateActionLabelsRequest {
        pub action_ids: Option<Vec<String>>,
        pub label_ids: Option<Vec<i64>>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_decode_with_their_config_and_event() {
        let json = r#"{"actions": [
            {"id": "a1", "name": "on-push", "pipeline": "https://github.com/nf-core/rnaseq",
             "source": "github", "status": "ACTIVE",
             "config": {"discriminator": "github", "events": ["push"]},
             "event": {"discriminator": "github", "ref": "refs/heads/main", "commitId": "abc",
                       "timestamp": "2024-01-01T00:00:00Z"},
             "endpoint": "https://hooks.example/a1", "usageCmd": null},
            {"id": "a2", "name": "hook", "source": "tower", "status": "PAUSED",
             "config": {"discriminator": "tower"}}
        ]}"#;
        let r: ListActionsResponse = serde_json::from_str(json).unwrap();
        let a = r.actions.unwrap();
        assert_eq!(a[0].source, Some(ActionSource::Github));
        let event = a[0].event.as_ref().unwrap();
        assert_eq!(event.discriminator.as_deref(), Some("github"));
        assert_eq!(event.extra["ref"], "refs/heads/main");
        assert_eq!(a[1].status, Some(ActionStatus::Paused));
    }
}

dto! {
    /// `EventType`: a kind of action trigger (`GET /actions/types`).
    pub struct EventType {
        pub source: Option<String>,
        pub display: Option<String>,
        pub description: Option<String>,
        pub enabled: Option<bool>,
    }
}

dto! {
    /// `ListEventTypesResponse` (`GET /actions/types`).
    pub struct ListEventTypesResponse {
        pub event_types: Option<Vec<EventType>>,
    }
}
