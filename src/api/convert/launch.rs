//! Launch configurations: the domain's `LaunchRequest` (a saved pipeline and its overrides)
//! and the API's `WorkflowLaunchRequest`/`LaunchDbDto`. nfdeck names a saved pipeline's launch
//! by the pipeline id, so `launch.id` is the pipeline id as text (what `GET
//! /pipelines/{id}/launch` answers, and what `tw launch` sends back).

use crate::api::dto::compute::ComputeEnvComputeConfig;
use crate::api::dto::launch::{LaunchDbDto, WorkflowLaunchRequest};
use crate::domain::{Error, LaunchRequest, PipelineId, Result, WorkspaceId};

/// The pipeline id of a launch whose id is not a pipeline id (a real platform's launch).
pub const UNKNOWN_PIPELINE: PipelineId = 0;

/// The launch id of a saved pipeline.
pub fn launch_id(pipeline: PipelineId) -> String {
    pipeline.to_string()
}

/// The pipeline a launch id names.
pub fn pipeline_of_launch(id: Option<&str>) -> Result<PipelineId> {
    let id = id.filter(|s| !s.trim().is_empty()).ok_or_else(|| {
        Error::invalid(
            "launch.id is required: nfdeck serve launches saved pipelines (read it with GET /pipelines/{pipelineId}/launch)",
        )
    })?;
    id.trim()
        .parse()
        .map_err(|_| Error::invalid(format!("launch.id '{id}' is not a launch of this server")))
}

/// A launch request on the wire: what the domain request leaves `None` is left out, so the
/// pipeline's own values apply.
pub fn workflow_launch_request(r: &LaunchRequest) -> WorkflowLaunchRequest {
    WorkflowLaunchRequest {
        id: Some(launch_id(r.pipeline_id)),
        compute_env_id: r.compute_env_id.clone(),
        run_name: r.run_name.clone(),
        revision: r.revision.clone(),
        work_dir: r.work_dir.clone(),
        config_profiles: r.profiles.clone(),
        params_text: r.params.clone(),
        label_ids: r.label_ids.clone(),
        ..Default::default()
    }
}

pub fn launch_request(
    w: WorkflowLaunchRequest,
    source: Option<WorkspaceId>,
) -> Result<LaunchRequest> {
    Ok(LaunchRequest {
        pipeline_id: pipeline_of_launch(w.id.as_deref())?,
        source_workspace_id: source,
        compute_env_id: w.compute_env_id.filter(|s| !s.is_empty()),
        run_name: w.run_name.filter(|s| !s.is_empty()),
        revision: w.revision.filter(|s| !s.is_empty()),
        work_dir: w.work_dir.filter(|s| !s.is_empty()),
        profiles: w.config_profiles,
        params: w.params_text,
        label_ids: w.label_ids,
    })
}

/// A stored launch request (an action's) on the wire; `workspaceId` is the pipeline's source
/// workspace when it is a shared pipeline. `LaunchDbDto` has no label ids: run labels of an
/// action do not travel.
pub fn launch_db_dto(r: &LaunchRequest) -> LaunchDbDto {
    let w = workflow_launch_request(r);
    LaunchDbDto {
        id: w.id,
        compute_env: r.compute_env_id.as_ref().map(|id| ComputeEnvComputeConfig {
            id: Some(id.clone()),
            ..Default::default()
        }),
        run_name: w.run_name,
        revision: w.revision,
        work_dir: w.work_dir,
        config_profiles: w.config_profiles,
        params_text: w.params_text,
        workspace_id: r.source_workspace_id,
        ..Default::default()
    }
}

/// A stored launch read from a server. The spec's `launch.id` is an opaque string (the
/// platform's are like `4Nvz0ZaXhjE6mmnDeyS1qZ`); only nfdeck serve names a launch by its
/// pipeline id. Any other id leaves the pipeline id unknown (`UNKNOWN_PIPELINE`): the launch
/// still names its pipeline (`pipeline`), and nothing reads the id of a read action.
pub fn launch_request_of_db(d: LaunchDbDto) -> Result<LaunchRequest> {
    Ok(LaunchRequest {
        pipeline_id: d
            .id
            .as_deref()
            .and_then(|id| id.trim().parse().ok())
            .unwrap_or(UNKNOWN_PIPELINE),
        source_workspace_id: d.workspace_id,
        compute_env_id: d.compute_env.and_then(|c| c.id),
        run_name: d.run_name,
        revision: d.revision,
        work_dir: d.work_dir,
        profiles: d.config_profiles,
        params: d.params_text,
        label_ids: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn launch_requests_round_trip_and_need_an_id() {
        let r = LaunchRequest {
            pipeline_id: 7,
            source_workspace_id: Some(3),
            compute_env_id: Some("ce1".into()),
            run_name: Some("happy_turing".into()),
            revision: None,
            work_dir: Some("/scratch".into()),
            profiles: Some(vec!["docker".into()]),
            params: Some("{\"a\": 1}".into()),
            label_ids: Some(vec![1]),
        };
        assert_eq!(
            launch_request(workflow_launch_request(&r), Some(3)).unwrap(),
            r
        );
        let err = launch_request(WorkflowLaunchRequest::default(), None).unwrap_err();
        assert!(err.message.contains("launch.id is required"), "{err}");
    }

    #[test]
    fn a_stored_launch_with_an_opaque_id_is_read() {
        let d = LaunchDbDto {
            id: Some("4Nvz0ZaXhjE6mmnDeyS1qZ".into()),
            revision: Some("3.14.0".into()),
            ..Default::default()
        };
        let r = launch_request_of_db(d).unwrap();
        assert_eq!(
            (r.pipeline_id, r.revision.as_deref()),
            (UNKNOWN_PIPELINE, Some("3.14.0"))
        );
    }
}
