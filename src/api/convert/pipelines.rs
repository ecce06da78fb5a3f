//! Pipelines. The API splits a pipeline in two: `PipelineDbDto` (name, repository, owning
//! workspace, labels, compute environment) and its launch configuration `LaunchDbDto`
//! (revision, work directory, profiles, parameters, scripts).

use super::compute::config_dto;
use super::labels::{label_dto, label_from_dto};
use super::launch::launch_id;
use super::{need, non_empty, required};
use crate::api::dto::launch::{LaunchDbDto, WorkflowLaunchRequest};
use crate::api::dto::pipelines::{
    ComputeEnvDbDto, CreatePipelineRequest, PipelineDbDto, UpdatePipelineRequest,
};
use crate::domain::{ComputeEnv, Pipeline, PipelineFields, Result};

/// `PRIVATE` for a workspace's own pipeline, `SHARED` for one listed from another workspace.
fn visibility(shared: bool) -> &'static str {
    if shared { "SHARED" } else { "PRIVATE" }
}

pub fn pipeline_dto(p: &Pipeline) -> PipelineDbDto {
    PipelineDbDto {
        pipeline_id: Some(p.id),
        name: Some(p.name.clone()),
        description: Some(p.description.clone()),
        repository: Some(p.repository.clone()),
        user_name: p.user_name.clone(),
        org_name: p.org_name.clone(),
        workspace_id: Some(p.workspace_id),
        workspace_name: Some(p.workspace_name.clone()),
        visibility: Some(visibility(p.shared).to_string()),
        deleted: Some(false),
        last_updated: Some(p.last_updated.clone()),
        labels: Some(p.labels.iter().map(label_dto).collect()),
        compute_env: p.compute_env_id.as_ref().map(|id| ComputeEnvDbDto {
            id: Some(id.clone()),
            name: p.compute_env_name.clone(),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The launch configuration of a pipeline; `compute_env` is the one a launch uses by default.
pub fn launch_dto(p: &Pipeline, compute_env: Option<&ComputeEnv>) -> LaunchDbDto {
    LaunchDbDto {
        id: Some(launch_id(p.id)),
        compute_env: compute_env.map(config_dto),
        pipeline: Some(p.repository.clone()),
        work_dir: p.work_dir.clone(),
        revision: p.revision.clone(),
        config_profiles: Some(p.profiles.clone()),
        params_text: Some(p.params.clone()),
        pre_run_script: Some(p.pre_run_script.clone()),
        post_run_script: Some(p.post_run_script.clone()),
        workspace_id: Some(p.workspace_id),
        date_created: Some(p.date_created.clone()),
        last_updated: Some(p.last_updated.clone()),
        ..Default::default()
    }
}

/// A pipeline from its summary and, when read, its launch configuration (a list carries only
/// summaries: launch fields stay empty there).
pub fn pipeline_from_dtos(d: PipelineDbDto, launch: Option<LaunchDbDto>) -> Result<Pipeline> {
    let launch = launch.unwrap_or_default();
    let compute_env = d.compute_env.unwrap_or_default();
    Ok(Pipeline {
        id: need(d.pipeline_id, "pipelineId")?,
        workspace_id: d.workspace_id.unwrap_or(0),
        workspace_name: d.workspace_name.unwrap_or_default(),
        org_name: d.org_name,
        shared: d.visibility.as_deref() == Some("SHARED"),
        name: need(d.name, "pipeline name")?,
        description: d.description.unwrap_or_default(),
        repository: d.repository.or(launch.pipeline).unwrap_or_default(),
        revision: launch.revision.filter(|s| !s.is_empty()),
        compute_env_id: compute_env.id,
        compute_env_name: compute_env.name,
        work_dir: launch.work_dir.filter(|s| !s.is_empty()),
        profiles: launch.config_profiles.unwrap_or_default(),
        params: launch.params_text.unwrap_or_default(),
        labels: d
            .labels
            .unwrap_or_default()
            .into_iter()
            .map(label_from_dto)
            .collect::<Result<_>>()?,
        pre_run_script: launch.pre_run_script.unwrap_or_default(),
        post_run_script: launch.post_run_script.unwrap_or_default(),
        user_name: d.user_name,
        date_created: launch.date_created.unwrap_or_default(),
        last_updated: d.last_updated.unwrap_or_default(),
    })
}

fn launch_request(f: &PipelineFields) -> WorkflowLaunchRequest {
    WorkflowLaunchRequest {
        pipeline: Some(f.repository.clone()),
        revision: f.revision.clone(),
        compute_env_id: f.compute_env_id.clone(),
        work_dir: f.work_dir.clone(),
        config_profiles: Some(f.profiles.clone()),
        params_text: Some(f.params.clone()),
        pre_run_script: Some(f.pre_run_script.clone()),
        post_run_script: Some(f.post_run_script.clone()),
        ..Default::default()
    }
}

pub fn create_request(f: &PipelineFields) -> CreatePipelineRequest {
    CreatePipelineRequest {
        name: Some(f.name.clone()),
        description: non_empty(&f.description),
        label_ids: Some(f.label_ids.clone()),
        launch: Some(launch_request(f)),
        ..Default::default()
    }
}

pub fn update_request(f: &PipelineFields) -> UpdatePipelineRequest {
    UpdatePipelineRequest {
        name: Some(f.name.clone()),
        description: Some(f.description.clone()),
        label_ids: Some(f.label_ids.clone()),
        launch: Some(launch_request(f)),
        ..Default::default()
    }
}

/// Fields from a launch configuration over `base` (what the request leaves out keeps the
/// base's value).
fn apply_launch(mut f: PipelineFields, l: WorkflowLaunchRequest) -> PipelineFields {
    let some = |s: Option<String>| s.filter(|v| !v.is_empty());
    if let Some(repo) = l.pipeline {
        f.repository = repo;
    }
    if let Some(rev) = l.revision {
        f.revision = some(Some(rev));
    }
    if let Some(ce) = l.compute_env_id {
        f.compute_env_id = some(Some(ce));
    }
    if let Some(dir) = l.work_dir {
        f.work_dir = some(Some(dir));
    }
    if let Some(profiles) = l.config_profiles {
        f.profiles = profiles;
    }
    if let Some(params) = l.params_text {
        f.params = params;
    }
    if let Some(script) = l.pre_run_script {
        f.pre_run_script = script;
    }
    if let Some(script) = l.post_run_script {
        f.post_run_script = script;
    }
    f
}

pub fn fields_from_create(r: CreatePipelineRequest) -> Result<PipelineFields> {
    let launch = required(r.launch, "launch")?;
    let base = PipelineFields {
        name: required(r.name, "name")?,
        description: r.description.unwrap_or_default(),
        repository: required(launch.pipeline.clone(), "launch.pipeline")?,
        label_ids: r.label_ids.unwrap_or_default(),
        ..Default::default()
    };
    Ok(apply_launch(base, launch))
}

/// The fields after an update request: what it leaves out stays as it is.
pub fn fields_from_update(r: UpdatePipelineRequest, current: &Pipeline) -> PipelineFields {
    let base = PipelineFields {
        name: r.name.unwrap_or_else(|| current.name.clone()),
        description: r.description.unwrap_or_else(|| current.description.clone()),
        repository: current.repository.clone(),
        revision: current.revision.clone(),
        compute_env_id: current.compute_env_id.clone(),
        work_dir: current.work_dir.clone(),
        profiles: current.profiles.clone(),
        params: current.params.clone(),
        label_ids: r
            .label_ids
            .unwrap_or_else(|| current.labels.iter().map(|l| l.id).collect()),
        pre_run_script: current.pre_run_script.clone(),
        post_run_script: current.post_run_script.clone(),
    };
    match r.launch {
        Some(l) => apply_launch(base, l),
        None => base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pipeline() -> Pipeline {
        Pipeline {
            id: 4,
            workspace_id: 10,
            workspace_name: "shared-pipelines".into(),
            org_name: Some("biolab".into()),
            shared: true,
            name: "rnaseq".into(),
            description: "Bulk".into(),
            repository: "https://github.com/nf-core/rnaseq".into(),
            revision: Some("3.14.0".into()),
            compute_env_id: Some("ce1".into()),
            compute_env_name: Some("batch".into()),
            work_dir: Some("s3://b/work".into()),
            profiles: vec!["docker".into()],
            params: "outdir: results\n".into(),
            labels: vec![],
            pre_run_script: String::new(),
            post_run_script: "echo done".into(),
            user_name: Some("ana".into()),
            date_created: "2024-01-01T00:00:00Z".into(),
            last_updated: "2024-01-02T00:00:00Z".into(),
        }
    }

    #[test]
    fn a_pipeline_is_its_summary_and_its_launch() {
        let p = pipeline();
        let back = pipeline_from_dtos(pipeline_dto(&p), Some(launch_dto(&p, None))).unwrap();
        assert_eq!(back, p);
        let summary = pipeline_from_dtos(pipeline_dto(&p), None).unwrap();
        assert_eq!((summary.shared, summary.revision), (true, None));
    }

    #[test]
    fn requests_carry_the_launch_configuration() {
        let fields = PipelineFields {
            name: "rnaseq".into(),
            repository: "https://github.com/nf-core/rnaseq".into(),
            revision: Some("3.14.0".into()),
            profiles: vec!["docker".into()],
            params: "{}".into(),
            label_ids: vec![2],
            ..Default::default()
        };
        assert_eq!(fields_from_create(create_request(&fields)).unwrap(), fields);
        let mut partial = UpdatePipelineRequest {
            description: Some("new".into()),
            ..Default::default()
        };
        let f = fields_from_update(partial.clone(), &pipeline());
        assert_eq!(
            (f.description.as_str(), f.revision.as_deref()),
            ("new", Some("3.14.0"))
        );
        partial.launch = Some(WorkflowLaunchRequest {
            revision: Some("3.15.0".into()),
            ..Default::default()
        });
        assert_eq!(
            fields_from_update(partial, &pipeline()).revision.as_deref(),
            Some("3.15.0")
        );
    }
}
