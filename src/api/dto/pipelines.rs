//! Pipelines (the Launchpad). Listing with `visibility=shared|all` adds the pipelines of the
//! org's SHARED workspaces; read or launch those with `sourceWorkspaceId` = their workspace.

use super::labels::LabelDbDto;
use super::launch::WorkflowLaunchRequest;
use serde::{Deserialize, Serialize};

dto! {
    /// `PipelineDbDto`. `workspaceId`/`workspaceName` are the **owning** workspace.
    pub struct PipelineDbDto {
        pub pipeline_id: Option<i64>,
        pub name: Option<String>,
        pub description: Option<String>,
        pub icon: Option<String>,
        pub repository: Option<String>,
        pub user_id: Option<i64>,
        pub user_name: Option<String>,
        pub user_first_name: Option<String>,
        pub user_last_name: Option<String>,
        pub org_id: Option<i64>,
        pub org_name: Option<String>,
        pub workspace_id: Option<i64>,
        pub workspace_name: Option<String>,
        /// `PRIVATE` or `SHARED` (a plain string in the spec).
        pub visibility: Option<String>,
        pub deleted: Option<bool>,
        pub last_updated: Option<String>,
        pub labels: Option<Vec<LabelDbDto>>,
        pub compute_env: Option<ComputeEnvDbDto>,
        pub version: Option<PipelineVersionFullInfoDto>,
        pub optimization_id: Option<String>,
        pub optimization_targets: Option<String>,
        /// `PipelineOptimizationStatus`: `OPTIMIZED`, `OPTIMIZABLE`, `UNAVAILABLE`.
        pub optimization_status: Option<String>,
    }
}

dto! {
    /// `ComputeEnvDbDto`: the compute environment summary on a pipeline.
    pub struct ComputeEnvDbDto {
        pub id: Option<String>,
        pub name: Option<String>,
        pub platform: Option<String>,
        pub region: Option<String>,
    }
}

dto! {
    /// `PipelineVersionFullInfoDto`.
    pub struct PipelineVersionFullInfoDto {
        pub id: Option<String>,
        pub name: Option<String>,
        pub hash: Option<String>,
        pub is_default: Option<bool>,
        pub creator_user_id: Option<i64>,
        pub creator_user_name: Option<String>,
        pub creator_first_name: Option<String>,
        pub creator_last_name: Option<String>,
        pub creator_avatar_url: Option<String>,
        pub date_created: Option<String>,
        pub last_updated: Option<String>,
    }
}

dto! {
    /// `ListPipelinesResponse`.
    pub struct ListPipelinesResponse {
        pub pipelines: Option<Vec<PipelineDbDto>>,
        pub total_size: Option<i64>,
    }
}

dto! {
    /// `CreatePipelineRequest` (`POST /pipelines?workspaceId`).
    pub struct CreatePipelineRequest {
        pub name: Option<String>,
        pub description: Option<String>,
        pub icon: Option<String>,
        pub label_ids: Option<Vec<i64>>,
        pub launch: Option<WorkflowLaunchRequest>,
        pub version: Option<CreatePipelineVersionRequest>,
    }
}

dto! {
    /// `CreatePipelineVersionRequest`.
    pub struct CreatePipelineVersionRequest {
        pub name: Option<String>,
    }
}

dto! {
    /// `CreatePipelineResponse`.
    pub struct CreatePipelineResponse {
        pub pipeline: Option<PipelineDbDto>,
    }
}

dto! {
    /// `DescribePipelineResponse` (`GET /pipelines/{pipelineId}`).
    pub struct DescribePipelineResponse {
        pub pipeline: Option<PipelineDbDto>,
    }
}

dto! {
    /// `UpdatePipelineRequest` (`PUT /pipelines/{pipelineId}`; `labelIds` replaces the set).
    pub struct UpdatePipelineRequest {
        pub name: Option<String>,
        pub description: Option<String>,
        pub icon: Option<String>,
        pub label_ids: Option<Vec<i64>>,
        pub launch: Option<WorkflowLaunchRequest>,
    }
}

dto! {
    /// `UpdatePipelineResponse`.
    pub struct UpdatePipelineResponse {
        pub pipeline: Option<PipelineDbDto>,
    }
}

dto! {
    /// `AssociatePipelineLabelsRequest` (`POST /pipelines/labels/{add|apply|remove}`).
    pub struct AssociatePipelineLabelsRequest {
        pub pipeline_ids: Option<Vec<i64>>,
        pub label_ids: Option<Vec<i64>>,
    }
}

/// The query parameters of `GET /pipelines`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListPipelinesParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// `CREATED`, `MODIFIED` or `NAME`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_by: Option<String>,
    /// `ASCENDING` or `DESCENDING`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_dir: Option<String>,
    /// `private` (this workspace), `shared` or `all`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<String>,
    /// Comma-separated `PipelineQueryAttribute`s: `optimized`, `labels`, `computeEnv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<String>,
}

/// The query parameters of `GET /pipelines/{pipelineId}` and `.../launch`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace_id: Option<i64>,
    /// The owning workspace of a pipeline shared from another workspace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_workspace_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_pipelines_name_their_workspace() {
        let json = r#"{"pipelines": [
            {"pipelineId": 1, "name": "rnaseq", "repository": "https://github.com/nf-core/rnaseq",
             "workspaceId": 10, "workspaceName": "rnaseq", "orgId": 1, "orgName": "biolab",
             "visibility": "PRIVATE", "labels": [{"id": 1, "name": "rna", "resource": false}],
             "computeEnv": {"id": "4Xq1", "name": "batch", "platform": "aws-batch", "region": "eu-west-1"},
             "version": {"id": "v1", "name": "3.14.0", "isDefault": true}},
            {"pipelineId": 2, "name": "sarek", "workspaceId": 11, "workspaceName": "shared-pipelines",
             "visibility": "SHARED", "optimizationStatus": "UNAVAILABLE"}
        ], "totalSize": 2}"#;
        let r: ListPipelinesResponse = serde_json::from_str(json).unwrap();
        let p = r.pipelines.unwrap();
        assert_eq!(p[1].visibility.as_deref(), Some("SHARED"));
        assert_eq!(p[1].workspace_id, Some(11));
        assert_eq!(
            p[0].compute_env.as_ref().unwrap().platform.as_deref(),
            Some("aws-batch")
        );
        let params = ListPipelinesParams {
            workspace_id: Some(10),
            visibility: Some("all".into()),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&params).unwrap(),
            serde_json::json!({"workspaceId": 10, "visibility": "all"})
        );
        let get = PipelineParams {
            workspace_id: Some(10),
            source_workspace_id: Some(11),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&get).unwrap(),
            serde_json::json!({"workspaceId": 10, "sourceWorkspaceId": 11})
        );
    }
}
