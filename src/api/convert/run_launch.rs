//! A run's launch configuration (`GET /workflow/{id}/launch`), rebuilt from what the run keeps:
//! enough for `tw` or the TUI to relaunch it.

use super::compute::{config, config_dto};
use crate::api::dto::compute::ComputeEnvComputeConfig;
use crate::api::dto::launch::WorkflowLaunchResponse;
use crate::domain::{ComputeEnv, Run};

/// The environment the run ran on: as it is now when it still exists in the run's workspace,
/// otherwise as the run recorded it (history outlives the environment).
fn env_of(run: &Run, env: Option<&ComputeEnv>) -> Option<ComputeEnvComputeConfig> {
    if let Some(env) = env {
        return Some(config_dto(env));
    }
    let platform = run.platform?;
    Some(ComputeEnvComputeConfig {
        id: run.compute_env_id.clone(),
        name: Some(run.compute_env_name.clone().unwrap_or_default()),
        platform: Some(platform.to_string()),
        config: Some(config(
            platform,
            run.work_dir.as_deref().unwrap_or_default(),
            None,
        )),
        ..Default::default()
    })
}

pub fn workflow_launch_dto(run: &Run, env: Option<&ComputeEnv>) -> WorkflowLaunchResponse {
    WorkflowLaunchResponse {
        id: run.launch_id.clone(),
        compute_env: env_of(run, env),
        pipeline: run.repository.clone(),
        pipeline_id: run.pipeline_id,
        work_dir: run.work_dir.clone(),
        revision: run.revision.clone(),
        config_profiles: Some(run.profiles.clone()),
        params_text: Some(run.params.clone()),
        session_id: run.session_id.clone(),
        resume: Some(false),
        date_created: Some(run.submit.clone()),
    }
}
