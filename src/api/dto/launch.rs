//! Launch configurations: what `POST /workflow/launch` takes, what pipelines and actions keep.

use super::compute::ComputeEnvComputeConfig;

dto! {
    /// `WorkflowLaunchRequest`: the `launch` of a pipeline, an action or a launch request.
    pub struct WorkflowLaunchRequest {
        pub id: Option<String>,
        pub compute_env_id: Option<String>,
        pub pipeline: Option<String>,
        pub work_dir: Option<String>,
        pub revision: Option<String>,
        pub commit_id: Option<String>,
        pub run_name: Option<String>,
        pub config_profiles: Option<Vec<String>>,
        pub config_text: Option<String>,
        pub params_text: Option<String>,
        pub tower_config: Option<String>,
        pub pre_run_script: Option<String>,
        pub post_run_script: Option<String>,
        pub main_script: Option<String>,
        pub entry_name: Option<String>,
        pub schema_name: Option<String>,
        pub pipeline_schema_id: Option<i64>,
        pub resume: Option<bool>,
        pub session_id: Option<String>,
        pub pull_latest: Option<bool>,
        pub stub_run: Option<bool>,
        pub label_ids: Option<Vec<i64>>,
        pub user_secrets: Option<Vec<String>>,
        pub workspace_secrets: Option<Vec<String>>,
        pub head_job_cpus: Option<i32>,
        pub head_job_memory_mb: Option<i32>,
        pub launch_container: Option<String>,
        pub nextflow_version: Option<String>,
        pub output_dir: Option<String>,
        /// `v1` or `v2`.
        pub syntax_parser: Option<String>,
        pub optimization_id: Option<String>,
        pub optimization_targets: Option<String>,
        pub date_created: Option<String>,
    }
}

dto! {
    /// `LaunchDbDto`: a stored launch configuration, with its compute environment resolved.
    pub struct LaunchDbDto {
        pub id: Option<String>,
        pub compute_env: Option<ComputeEnvComputeConfig>,
        pub pipeline: Option<String>,
        pub work_dir: Option<String>,
        pub revision: Option<String>,
        pub commit_id: Option<String>,
        pub run_name: Option<String>,
        pub config_profiles: Option<Vec<String>>,
        pub config_text: Option<String>,
        pub params_text: Option<String>,
        pub tower_config: Option<String>,
        pub pre_run_script: Option<String>,
        pub post_run_script: Option<String>,
        pub main_script: Option<String>,
        pub entry_name: Option<String>,
        pub schema_name: Option<String>,
        pub pipeline_schema_id: Option<i64>,
        pub resume: Option<bool>,
        pub resume_launch_id: Option<String>,
        pub session_id: Option<String>,
        pub pull_latest: Option<bool>,
        pub stub_run: Option<bool>,
        pub user_secrets: Option<Vec<String>>,
        pub workspace_secrets: Option<Vec<String>>,
        pub head_job_cpus: Option<i32>,
        pub head_job_memory_mb: Option<i32>,
        pub launch_container: Option<String>,
        pub nextflow_version: Option<String>,
        pub output_dir: Option<String>,
        pub syntax_parser: Option<String>,
        pub optimization_id: Option<String>,
        pub optimization_targets: Option<String>,
        pub workspace_id: Option<i64>,
        pub date_created: Option<String>,
        pub last_updated: Option<String>,
    }
}

dto! {
    /// `DescribeLaunchResponse` (`GET /pipelines/{id}/launch`, `GET /launch/{launchId}`).
    pub struct DescribeLaunchResponse {
        pub launch: Option<LaunchDbDto>,
    }
}

dto! {
    /// `WorkflowLaunchResponse`: the launch configuration a run was launched with.
    pub struct WorkflowLaunchResponse {
        pub id: Option<String>,
        pub compute_env: Option<ComputeEnvComputeConfig>,
        pub pipeline: Option<String>,
        pub pipeline_id: Option<i64>,
        pub work_dir: Option<String>,
        pub revision: Option<String>,
        pub config_profiles: Option<Vec<String>>,
        pub params_text: Option<String>,
        pub session_id: Option<String>,
        pub resume: Option<bool>,
        pub date_created: Option<String>,
    }
}

dto! {
    /// `DescribeWorkflowLaunchResponse` (`GET /workflow/{workflowId}/launch`).
    pub struct DescribeWorkflowLaunchResponse {
        pub launch: Option<WorkflowLaunchResponse>,
    }
}

dto! {
    /// `SubmitWorkflowLaunchRequest` (`POST /workflow/launch?workspaceId&sourceWorkspaceId`).
    pub struct SubmitWorkflowLaunchRequest {
        pub launch: Option<WorkflowLaunchRequest>,
    }
}

dto! {
    /// `SubmitWorkflowLaunchResponse`.
    pub struct SubmitWorkflowLaunchResponse {
        pub workflow_id: Option<String>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn launch_request_round_trips() {
        let json = r#"{"launch": {"computeEnvId": "4Xq1", "pipeline": "https://github.com/nf-core/rnaseq",
            "workDir": "s3://bucket/work", "revision": "3.14.0", "configProfiles": ["docker"],
            "paramsText": "{\"outdir\": \"results\"}", "labelIds": [1, 2],
            "syntaxParser": "v2", "resume": false}}"#;
        let r: SubmitWorkflowLaunchRequest = serde_json::from_str(json).unwrap();
        let l = r.launch.as_ref().unwrap();
        assert_eq!(
            l.config_profiles.as_deref(),
            Some(&["docker".to_string()][..])
        );
        assert_eq!(l.label_ids, Some(vec![1, 2]));
        let back: SubmitWorkflowLaunchRequest =
            serde_json::from_value(serde_json::to_value(&r).unwrap()).unwrap();
        assert_eq!(back, r);
    }
}
