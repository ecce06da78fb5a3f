//! Compute environments. Spec names with dots or generics are written without them:
//! `ComputeEnv_ComputeConfig_` is [`ComputeEnvComputeConfig`], `ListComputeEnvsResponse.Entry`
//! is [`ListComputeEnvsResponseEntry`], `ComputeEnv.Status` is [`ComputeEnvStatus`].

use super::labels::LabelDbDto;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

wire_enum! {
    /// `ComputeEnv.Status`.
    pub enum ComputeEnvStatus {
        Creating = "CREATING",
        Available = "AVAILABLE",
        Disabled = "DISABLED",
        Deleting = "DELETING",
        Errored = "ERRORED",
        Invalid = "INVALID",
        Deleted = "DELETED",
    }
}

dto! {
    /// `ListComputeEnvsResponse` (`GET /compute-envs?workspaceId&status&attributes`; no paging).
    pub struct ListComputeEnvsResponse {
        pub compute_envs: Option<Vec<ListComputeEnvsResponseEntry>>,
    }
}

dto! {
    /// `ListComputeEnvsResponse.Entry`. `primary` marks the workspace's primary environment
    /// (there is no endpoint that reads it otherwise).
    pub struct ListComputeEnvsResponseEntry {
        pub id: Option<String>,
        pub name: Option<String>,
        pub description: Option<String>,
        pub platform: Option<String>,
        pub status: Option<ComputeEnvStatus>,
        pub message: Option<String>,
        pub primary: Option<bool>,
        pub credentials_id: Option<String>,
        pub region: Option<String>,
        pub work_dir: Option<String>,
        pub visibility: Option<String>,
        pub workspace_name: Option<String>,
        pub last_used: Option<String>,
        pub labels: Option<Vec<LabelDbDto>>,
        pub resources: Option<ComputeEnvResources>,
        pub wave_enabled: Option<bool>,
        pub fusion2_enabled: Option<bool>,
        pub sched_enabled: Option<bool>,
    }
}

dto! {
    /// `ComputeEnvResources`.
    pub struct ComputeEnvResources {
        pub cpus: Option<i32>,
        pub memory: Option<i32>,
        pub gpus: Option<i32>,
        pub gpu_enabled: Option<bool>,
        pub disk_size: Option<i32>,
        pub instance_type: Option<String>,
        pub estimated_price: Option<f64>,
    }
}

dto! {
    /// `ComputeEnv_ComputeConfig_`: a compute environment in create requests and launch
    /// configurations (`name`, `platform` and `config` required; `primary` is read-only).
    pub struct ComputeEnvComputeConfig {
        pub id: Option<String>,
        pub name: Option<String>,
        pub description: Option<String>,
        pub platform: Option<String>,
        pub config: Option<ComputeConfig>,
        pub credentials_id: Option<String>,
        pub status: Option<ComputeEnvStatus>,
        pub message: Option<String>,
        pub primary: Option<bool>,
        pub org_id: Option<i64>,
        pub workspace_id: Option<i64>,
        pub fusion_metrics_collection_enabled: Option<bool>,
        pub deleted: Option<bool>,
        pub date_created: Option<String>,
        pub last_updated: Option<String>,
        pub last_used: Option<String>,
    }
}

dto! {
    /// `ComputeEnvResponseDto` (inside `DescribeComputeEnvResponse`).
    pub struct ComputeEnvResponseDto {
        pub id: Option<String>,
        pub name: Option<String>,
        pub description: Option<String>,
        pub platform: Option<String>,
        pub config: Option<ComputeConfig>,
        pub credentials_id: Option<String>,
        pub status: Option<ComputeEnvStatus>,
        pub message: Option<String>,
        pub primary: Option<bool>,
        pub org_id: Option<i64>,
        pub workspace_id: Option<i64>,
        pub labels: Option<Vec<LabelDbDto>>,
        pub resources: Option<ComputeEnvResources>,
        pub aws_account_id: Option<String>,
        pub managed_identity_id: Option<String>,
        pub fusion_metrics_collection_enabled: Option<bool>,
        pub deleted: Option<bool>,
        pub date_created: Option<String>,
        pub last_updated: Option<String>,
        pub last_used: Option<String>,
    }
}

/// `ComputeConfig`: a `oneOf` over 17 platform schemas, told apart by the `discriminator`
/// property (the platform id, e.g. `aws-batch`, `slurm-platform`). The base fields and the
/// platform fields nfdeck reads are typed; every other platform field is kept in `extra`, so a
/// configuration read from a server is written back unchanged.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComputeConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discriminator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_dir: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_run_script: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_run_script: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nextflow_config: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<Vec<ConfigEnvVariable>>,
    /// Cloud platforms (AWS, Azure, Seqera Compute).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Google platforms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Batch schedulers and AWS Batch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compute_queue: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head_queue: Option<String>,
    /// HPC schedulers (Slurm, LSF, UGE, Altair, Moab): the login node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// Kubernetes platforms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wave_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fusion2_enabled: Option<bool>,
    /// Every other field of the platform's schema, unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

dto! {
    /// `ConfigEnvVariable`.
    pub struct ConfigEnvVariable {
        pub name: Option<String>,
        pub value: Option<String>,
        pub head: Option<bool>,
        pub compute: Option<bool>,
    }
}

dto! {
    /// `CreateComputeEnvRequest` (`POST /compute-envs?workspaceId`).
    pub struct CreateComputeEnvRequest {
        pub compute_env: Option<ComputeEnvComputeConfig>,
        pub label_ids: Option<Vec<i64>>,
    }
}

dto! {
    /// `CreateComputeEnvResponse`.
    pub struct CreateComputeEnvResponse {
        pub compute_env_id: Option<String>,
    }
}

dto! {
    /// `DescribeComputeEnvResponse` (`GET /compute-envs/{computeEnvId}`).
    pub struct DescribeComputeEnvResponse {
        pub compute_env: Option<ComputeEnvResponseDto>,
    }
}

dto! {
    /// `UpdateComputeEnvRequest` (`PUT /compute-envs/{computeEnvId}`).
    pub struct UpdateComputeEnvRequest {
        pub name: Option<String>,
        pub description: Option<String>,
        pub credentials_id: Option<String>,
        pub fusion_metrics_collection_enabled: Option<bool>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_discriminator_and_platform_fields() {
        let json = r#"{"computeEnv": {"id": "4Xq1", "name": "hpc", "platform": "slurm-platform",
            "status": "AVAILABLE", "primary": true, "credentialsId": "c1",
            "config": {"discriminator": "slurm-platform", "workDir": "/scratch/work",
                       "hostName": "login.hpc.example", "userName": "ana", "port": 22,
                       "headQueue": "long", "computeQueue": "normal",
                       "propagateHeadJobOptions": true,
                       "environment": [{"name": "TMPDIR", "value": "/tmp", "head": true, "compute": false}]},
            "labels": null, "resources": null}}"#;
        let r: DescribeComputeEnvResponse = serde_json::from_str(json).unwrap();
        let ce = r.compute_env.unwrap();
        assert_eq!(ce.status, Some(ComputeEnvStatus::Available));
        let config = ce.config.unwrap();
        assert_eq!(config.discriminator.as_deref(), Some("slurm-platform"));
        assert_eq!(config.host_name.as_deref(), Some("login.hpc.example"));
        assert_eq!(config.extra.get("port"), Some(&serde_json::json!(22)));
        let back = serde_json::to_value(&config).unwrap();
        assert_eq!(back["propagateHeadJobOptions"], serde_json::json!(true));
        assert_eq!(back["discriminator"], serde_json::json!("slurm-platform"));
    }

    #[test]
    fn aws_batch_config_with_forge_round_trips() {
        let json = serde_json::json!({"discriminator": "aws-batch", "region": "eu-west-1",
            "workDir": "s3://bucket/work", "forge": {"type": "SPOT", "minCpus": 0, "maxCpus": 256},
            "waveEnabled": true, "fusion2Enabled": true});
        let config: ComputeConfig = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(config.region.as_deref(), Some("eu-west-1"));
        assert_eq!(serde_json::to_value(&config).unwrap(), json);
    }

    #[test]
    fn list_entries_mark_the_primary() {
        let json = r#"{"computeEnvs": [
            {"id": "a", "name": "batch", "platform": "aws-batch", "status": "AVAILABLE",
             "primary": true, "region": "eu-west-1", "workDir": "s3://b", "visibility": "PRIVATE",
             "workspaceName": "rnaseq", "lastUsed": null, "message": null},
            {"id": "b", "name": "k8s", "platform": "k8s-platform", "status": "ERRORED",
             "primary": false, "message": "cannot reach the cluster"}]}"#;
        let r: ListComputeEnvsResponse = serde_json::from_str(json).unwrap();
        let envs = r.compute_envs.unwrap();
        assert_eq!(envs.iter().filter(|e| e.primary == Some(true)).count(), 1);
        assert_eq!(envs[1].status, Some(ComputeEnvStatus::Errored));
    }
}

dto! {
    /// `ComputePlatform` (`GET /platforms`).
    pub struct ComputePlatform {
        pub id: Option<String>,
        pub name: Option<String>,
        pub credentials_providers: Option<Vec<String>>,
    }
}

dto! {
    /// `ListPlatformsResponse` (`GET /platforms`).
    pub struct ListPlatformsResponse {
        pub platforms: Option<Vec<ComputePlatform>>,
    }
}
