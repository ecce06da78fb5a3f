//! Runs (`/workflow`): list, describe, progress, cancel. `ListWorkflowsResponse.ListWorkflowsElement`
//! is [`ListWorkflowsElement`]; `WorkflowMaxDbDto` (allOf `WorkflowDbDto`) flattens it.

use super::labels::LabelDbDto;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

wire_enum! {
    /// `WorkflowStatus`.
    pub enum WorkflowStatus {
        Submitted = "SUBMITTED",
        Running = "RUNNING",
        Succeeded = "SUCCEEDED",
        Failed = "FAILED",
        Cancelled = "CANCELLED",
        Unknown = "UNKNOWN",
    }
}

dto! {
    /// `ListWorkflowsResponse` (`GET /workflow?workspaceId&max&offset&search&attributes&includeTotalSize`).
    pub struct ListWorkflowsResponse {
        pub workflows: Option<Vec<ListWorkflowsElement>>,
        pub total_size: Option<i64>,
        pub has_more: Option<bool>,
    }
}

dto! {
    /// `ListWorkflowsResponse.ListWorkflowsElement`.
    pub struct ListWorkflowsElement {
        pub workflow: Option<WorkflowDbDto>,
        pub progress: Option<ProgressData>,
        pub labels: Option<Vec<LabelDbDto>>,
        pub starred: Option<bool>,
        pub optimized: Option<bool>,
        pub org_id: Option<i64>,
        pub org_name: Option<String>,
        pub workspace_id: Option<i64>,
        pub workspace_name: Option<String>,
        pub pipeline_info: Option<PipelineMinInfoResponse>,
    }
}

dto! {
    /// `WorkflowDbDto`.
    pub struct WorkflowDbDto {
        pub id: Option<String>,
        pub run_name: Option<String>,
        pub session_id: Option<String>,
        pub status: Option<WorkflowStatus>,
        pub submit: Option<String>,
        pub start: Option<String>,
        pub complete: Option<String>,
        pub date_created: Option<String>,
        pub last_updated: Option<String>,
        pub duration: Option<i64>,
        pub project_name: Option<String>,
        pub project_dir: Option<String>,
        pub repository: Option<String>,
        pub revision: Option<String>,
        pub commit_id: Option<String>,
        pub command_line: Option<String>,
        pub work_dir: Option<String>,
        pub launch_dir: Option<String>,
        pub home_dir: Option<String>,
        pub script_name: Option<String>,
        pub script_file: Option<String>,
        pub script_id: Option<String>,
        pub config_files: Option<Vec<String>>,
        pub config_text: Option<String>,
        pub container: Option<String>,
        pub container_engine: Option<String>,
        pub profile: Option<String>,
        pub launch_id: Option<String>,
        pub user_name: Option<String>,
        pub owner_id: Option<i64>,
        pub success: Option<bool>,
        pub exit_status: Option<i32>,
        pub error_message: Option<String>,
        pub error_report: Option<String>,
        pub resume: Option<bool>,
        pub requires_attention: Option<bool>,
        pub deleted: Option<bool>,
        pub params: Option<Map<String, Value>>,
        pub manifest: Option<WfManifest>,
        pub nextflow: Option<WfNextflow>,
        pub stats: Option<WfStats>,
    }
}

/// `WorkflowMaxDbDto`: `WorkflowDbDto` and the fields only `GET /workflow/{id}` sends.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowMaxDbDto {
    #[serde(flatten)]
    pub workflow: WorkflowDbDto,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_profiles: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nextflow_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nextflow_config: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tower_config: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_run_script: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_run_script: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub syntax_parser: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
}

dto! {
    /// `WfManifest`.
    pub struct WfManifest {
        pub name: Option<String>,
        pub description: Option<String>,
        pub author: Option<String>,
        pub home_page: Option<String>,
        pub main_script: Option<String>,
        pub default_branch: Option<String>,
        pub nextflow_version: Option<String>,
        pub version: Option<String>,
        pub icon: Option<String>,
        pub gitmodules: Option<String>,
    }
}

dto! {
    /// `WfNextflow`.
    pub struct WfNextflow {
        pub version: Option<String>,
        pub build: Option<String>,
        pub timestamp: Option<String>,
    }
}

dto! {
    /// `WfStats`.
    pub struct WfStats {
        pub compute_time_fmt: Option<String>,
        pub cached_count: Option<i32>,
        pub failed_count: Option<i32>,
        pub ignored_count: Option<i32>,
        pub succeed_count: Option<i32>,
        pub cached_count_fmt: Option<String>,
        pub succeed_count_fmt: Option<String>,
        pub failed_count_fmt: Option<String>,
        pub ignored_count_fmt: Option<String>,
        pub cached_pct: Option<f64>,
        pub failed_pct: Option<f64>,
        pub succeed_pct: Option<f64>,
        pub ignored_pct: Option<f64>,
        pub cached_duration: Option<i64>,
        pub failed_duration: Option<i64>,
        pub succeed_duration: Option<i64>,
    }
}

dto! {
    /// `ProgressData`.
    pub struct ProgressData {
        pub workflow_progress: Option<WorkflowLoad>,
        pub processes_progress: Option<Vec<ProcessLoad>>,
        pub total_processes: Option<i32>,
    }
}

dto! {
    /// `WorkflowLoad`: the run's task counters and resource use.
    pub struct WorkflowLoad {
        pub pending: Option<i64>,
        pub submitted: Option<i64>,
        pub running: Option<i64>,
        pub succeeded: Option<i64>,
        pub failed: Option<i64>,
        pub cached: Option<i64>,
        pub ignored: Option<i64>,
        pub aborted: Option<i64>,
        pub retries: Option<i64>,
        pub cpus: Option<i64>,
        pub cpu_time: Option<i64>,
        pub cpu_load: Option<i64>,
        pub memory_rss: Option<i64>,
        pub memory_req: Option<i64>,
        pub read_bytes: Option<i64>,
        pub write_bytes: Option<i64>,
        pub vol_ctx_switch: Option<i64>,
        pub inv_ctx_switch: Option<i64>,
        pub load_tasks: Option<i64>,
        pub load_cpus: Option<i64>,
        pub load_memory: Option<i64>,
        pub peak_tasks: Option<i64>,
        pub peak_cpus: Option<i64>,
        pub peak_memory: Option<i64>,
        pub cpu_efficiency: Option<f64>,
        pub memory_efficiency: Option<f64>,
        pub cost: Option<f64>,
        /// nfdeck serve reports a run's memory use here, in GiB-hours.
        pub net_memory_consumption: Option<f64>,
        pub executors: Option<Vec<String>>,
        pub num_spot_interruptions: Option<i32>,
        pub date_created: Option<String>,
        pub last_updated: Option<String>,
    }
}

dto! {
    /// `ProcessLoad`: one process's task counters.
    pub struct ProcessLoad {
        pub process: Option<String>,
        pub pending: Option<i64>,
        pub submitted: Option<i64>,
        pub running: Option<i64>,
        pub succeeded: Option<i64>,
        pub failed: Option<i64>,
        pub cached: Option<i64>,
        pub ignored: Option<i64>,
        pub aborted: Option<i64>,
        pub retries: Option<i64>,
        pub cpus: Option<i64>,
        pub cpu_time: Option<i64>,
        pub cpu_load: Option<i64>,
        pub memory_rss: Option<i64>,
        pub memory_req: Option<i64>,
        pub read_bytes: Option<i64>,
        pub write_bytes: Option<i64>,
        pub vol_ctx_switch: Option<i64>,
        pub inv_ctx_switch: Option<i64>,
        pub load_tasks: Option<i64>,
        pub load_cpus: Option<i64>,
        pub load_memory: Option<i64>,
        pub peak_tasks: Option<i64>,
        pub peak_cpus: Option<i64>,
        pub peak_memory: Option<i64>,
        pub cpu_efficiency: Option<f64>,
        pub memory_efficiency: Option<f64>,
        pub date_created: Option<String>,
        pub last_updated: Option<String>,
    }
}

dto! {
    /// `PipelineMinInfoResponse`.
    pub struct PipelineMinInfoResponse {
        pub id: Option<i64>,
        pub workspace_id: Option<i64>,
    }
}

dto! {
    /// `JobInfoDto`.
    pub struct JobInfoDto {
        pub id: Option<i64>,
        pub operation_id: Option<String>,
        pub message: Option<String>,
        pub status: Option<String>,
        pub exit_code: Option<i32>,
    }
}

dto! {
    /// `ComputePlatformDto`.
    pub struct ComputePlatformDto {
        pub id: Option<String>,
        pub name: Option<String>,
    }
}

dto! {
    /// `DescribeWorkflowResponse` (`GET /workflow/{workflowId}`).
    pub struct DescribeWorkflowResponse {
        pub workflow: Option<WorkflowMaxDbDto>,
        pub progress: Option<ProgressData>,
        pub platform: Option<ComputePlatformDto>,
        pub job_info: Option<JobInfoDto>,
        pub labels: Option<Vec<LabelDbDto>>,
        pub messages: Option<Vec<String>>,
        pub optimized: Option<bool>,
        pub org_id: Option<i64>,
        pub org_name: Option<String>,
        pub workspace_id: Option<i64>,
        pub workspace_name: Option<String>,
        pub pipeline_info: Option<PipelineMinInfoResponse>,
        pub cost: Option<f64>,
        pub cost_currency: Option<String>,
        pub cost_is_estimate: Option<bool>,
        /// The scheduler's run id (`PATCH /workflow/{id}`).
        pub sched_run_id: Option<String>,
    }
}

dto! {
    /// `UpdateWorkflowRequest` (`PATCH /workflow/{workflowId}`): Nextflow sends the Seqera
    /// scheduler's run id once it is known.
    pub struct UpdateWorkflowRequest {
        pub sched_run_id: Option<String>,
    }
}

dto! {
    /// `DescribeTaskResponse` (`GET /workflow/{workflowId}/task/{taskId}`).
    pub struct DescribeTaskResponse {
        pub task: Option<super::trace::Task>,
    }
}

dto! {
    /// `ListTasksResponse` (`GET /workflow/{workflowId}/tasks`).
    pub struct ListTasksResponse {
        pub tasks: Option<Vec<DescribeTaskResponse>>,
        pub total: Option<i64>,
    }
}

dto! {
    /// `GetWorkflowMetricsResponse` (`GET /workflow/{workflowId}/metrics`).
    pub struct GetWorkflowMetricsResponse {
        pub metrics: Option<Vec<super::trace::WorkflowMetrics>>,
    }
}

/// The query parameters of `GET /workflow/{workflowId}/tasks`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListTasksParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<i32>,
    /// Only `taskId` is sortable here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_by: Option<String>,
    /// `asc` or `desc`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_dir: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
}

dto! {
    /// `GetProgressResponse` (`GET /workflow/{workflowId}/progress`).
    pub struct GetProgressResponse {
        pub progress: Option<ProgressData>,
    }
}

dto! {
    /// `AssociateWorkflowLabelsRequest` (`POST /workflow/labels/{add|apply|remove}`).
    pub struct AssociateWorkflowLabelsRequest {
        pub workflow_ids: Option<Vec<String>>,
        pub label_ids: Option<Vec<i64>>,
    }
}

/// The query parameters of `GET /workflow`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListWorkflowsParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// Comma-separated `WorkflowQueryAttribute`s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_total_size: Option<bool>,
}

/// The query parameters of `POST /workflow/{workflowId}/cancel`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelWorkflowParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force: Option<bool>,
}

/// The query parameters of `DELETE /workflow/{workflowId}` and `POST /workflow/delete`.
pub type DeleteWorkflowParams = CancelWorkflowParams;

dto! {
    /// `DeleteWorkflowsRequest` (`POST /workflow/delete`).
    pub struct DeleteWorkflowsRequest {
        pub workflow_ids: Option<Vec<String>>,
    }
}

dto! {
    /// `DeleteWorkflowsResponse`: the runs that could not be deleted.
    pub struct DeleteWorkflowsResponse {
        pub failed_workflow_ids: Option<Vec<String>>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_list_and_detail_decode() {
        let json = r#"{"workflows": [{"workflow": {"id": "1a2b3c", "runName": "happy_turing",
            "status": "RUNNING", "submit": "2024-01-01T10:00:00Z", "projectName": "nf-core/rnaseq",
            "params": {"outdir": "results", "genome": null}, "stats": null},
            "progress": {"workflowProgress": {"pending": 1, "running": 2, "succeeded": 3,
               "failed": 0, "cached": 4, "cpuTime": 3600000, "memoryRss": 1024, "cost": 0.12},
               "processesProgress": [{"process": "FASTQC", "running": 2, "succeeded": 3}],
               "totalProcesses": 12},
            "starred": false, "orgName": "biolab", "workspaceId": 10}],
            "totalSize": 1, "hasMore": false}"#;
        let r: ListWorkflowsResponse = serde_json::from_str(json).unwrap();
        let e = &r.workflows.unwrap()[0];
        let wf = e.workflow.as_ref().unwrap();
        assert_eq!(wf.status, Some(WorkflowStatus::Running));
        assert_eq!(wf.params.as_ref().unwrap()["outdir"], "results");
        let load = e
            .progress
            .as_ref()
            .unwrap()
            .workflow_progress
            .as_ref()
            .unwrap();
        assert_eq!(load.cached, Some(4));
        assert_eq!(load.cost, Some(0.12));

        let d: DescribeWorkflowResponse = serde_json::from_str(
            r#"{"workflow": {"id": "1a2b3c", "status": "SUCCEEDED", "configProfiles": ["docker"],
                "nextflowVersion": "24.10.0", "manifest": {"name": "nf-core/rnaseq"},
                "nextflow": {"version": "24.10.0", "build": "5928"}},
                "platform": {"id": "aws-batch", "name": "AWS Batch"}, "messages": []}"#,
        )
        .unwrap();
        let w = d.workflow.unwrap();
        assert_eq!(w.workflow.status, Some(WorkflowStatus::Succeeded));
        assert_eq!(w.config_profiles, Some(vec!["docker".to_string()]));
    }
}

dto! {
    /// `RandomWorkflowNameResponse`: a run name such as `happy_darwin`.
    pub struct RandomWorkflowNameResponse {
        pub name: Option<String>,
    }
}
