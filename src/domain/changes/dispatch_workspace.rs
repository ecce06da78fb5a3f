//! The dispatcher for changes inside one workspace (see `dispatch`): settings, labels,
//! credentials, compute environments, pipelines, actions and imported runs, by name.

use super::dispatch::need_workspace;
use super::target::ApplyTarget;
use super::{
    ActionSpec, ComputeEnvSpec, PipelineSpec, WorkspaceChange, label_name, merge_compute_env,
    merge_credentials, merge_pipeline, merged,
};
use crate::domain::run_history::split_reference;
use crate::domain::{
    ComputeEnvFields, Error, LabelFields, LabelId, OrgId, PipelineFields, Result, WorkspaceId,
};

/// Runs one change inside workspace `ws` of `org`.
pub(super) async fn apply_in_workspace<T: ApplyTarget>(
    t: &T,
    org: OrgId,
    ws: WorkspaceId,
    change: &WorkspaceChange,
    runs_done: &mut impl FnMut(u64),
) -> Result<()> {
    use WorkspaceChange::*;
    let object = change.to_string();
    match change {
        SetAllocation(amount) => t.set_allocation(org, ws, *amount).await,
        SetStudios { settings, base } => {
            let now = t.studios_settings(ws).await?;
            let settings = merged("Studios settings", base.as_deref(), settings, &now)?;
            if settings == now {
                return Ok(());
            }
            t.set_studios_settings(ws, &settings).await
        }
        CreateLabel(fields) => t.create_label(ws, fields).await,
        UpdateLabel { label, fields } => {
            t.update_label(ws, need_label(t, ws, label).await?, fields)
                .await
        }
        DeleteLabel(label) => t.delete_label(ws, need_label(t, ws, label).await?).await,
        CreateCredentials(spec) => t.create_credentials(ws, &spec.fields()).await,
        UpdateCredentials { name, spec, base } => {
            let id = need_credentials(t, ws, name).await?;
            let now = t.credentials(ws, &id).await?;
            let spec = merge_credentials(&object, base.as_deref(), spec, &now)?;
            t.update_credentials(ws, &id, &spec.fields()).await
        }
        DeleteCredentials(name) => {
            let id = need_credentials(t, ws, name).await?;
            t.delete_credentials(ws, &id).await
        }
        CreateComputeEnv(spec) => {
            t.create_compute_env(ws, &env_fields(t, ws, spec).await?)
                .await
        }
        UpdateComputeEnv { name, spec, base } => {
            let id = need_env(t, ws, name).await?;
            let now = t.compute_env(ws, &id).await?;
            let spec = merge_compute_env(&object, base.as_deref(), spec, &now)?;
            t.update_compute_env(ws, &id, &env_fields(t, ws, &spec).await?)
                .await
        }
        SetComputeEnvEnabled { name, enabled } => {
            let id = need_env(t, ws, name).await?;
            t.set_compute_env_enabled(ws, &id, *enabled).await
        }
        MakePrimary(name) => t.make_primary(ws, &need_env(t, ws, name).await?).await,
        DeleteComputeEnv(name) => {
            t.delete_compute_env(ws, &need_env(t, ws, name).await?)
                .await
        }
        CreatePipeline(_)
        | UpdatePipeline { .. }
        | DeletePipeline(_)
        | AddAction(_)
        | ReplaceAction(_)
        | SetActionPaused { .. }
        | DeleteAction(_)
        | ImportRuns(_) => apply_launchpad_change(t, org, ws, change, runs_done).await,
    }
}

/// Pipelines, actions and imported runs.
async fn apply_launchpad_change<T: ApplyTarget>(
    t: &T,
    org: OrgId,
    ws: WorkspaceId,
    change: &WorkspaceChange,
    runs_done: &mut impl FnMut(u64),
) -> Result<()> {
    use WorkspaceChange::*;
    match change {
        CreatePipeline(spec) => {
            let fields = pipeline_fields(t, ws, spec).await?;
            t.create_pipeline(ws, &fields).await
        }
        UpdatePipeline { name, spec, base } => {
            let id = need_pipeline(t, ws, name).await?;
            let now = t.pipeline(ws, id).await?;
            let spec = merge_pipeline(&change.to_string(), base.as_deref(), spec, &now)?;
            let fields = pipeline_fields(t, ws, &spec).await?;
            t.update_pipeline(ws, id, &fields).await
        }
        DeletePipeline(name) => {
            t.delete_pipeline(ws, need_pipeline(t, ws, name).await?)
                .await
        }
        AddAction(spec) => add_action(t, org, ws, spec).await,
        // Actions cannot be edited: the old one goes and the new one is added.
        ReplaceAction(spec) => {
            let id = need_action(t, ws, &spec.name).await?;
            t.delete_action(ws, &id).await?;
            add_action(t, org, ws, spec).await
        }
        SetActionPaused { name, paused } => {
            let id = need_action(t, ws, name).await?;
            t.set_action_paused(ws, &id, *paused).await
        }
        DeleteAction(name) => t.delete_action(ws, &need_action(t, ws, name).await?).await,
        ImportRuns(runs) => t.import_runs(ws, runs, runs_done).await,
        other => Err(Error::internal(format!(
            "{other} is not a Launchpad change"
        ))),
    }
}

/// Adds an action (paused afterwards when the spec says so); its pipeline and compute env may
/// be in a SHARED workspace of the org (`workspace/name`), which the launch rules then check.
async fn add_action<T: ApplyTarget>(
    t: &T,
    org: OrgId,
    ws: WorkspaceId,
    spec: &ActionSpec,
) -> Result<()> {
    let (source, pipeline) = named_in_org(t, org, ws, &spec.pipeline).await?;
    let pipeline_id = need_pipeline(t, source, pipeline).await?;
    let compute_env_id = match &spec.compute_env {
        Some(reference) => {
            let (owner, env) = named_in_org(t, org, ws, reference).await?;
            Some(need_env(t, owner, env).await?)
        }
        None => None,
    };
    let fields = spec.fields(
        pipeline_id,
        (source != ws).then_some(source),
        compute_env_id,
        simple_labels(t, ws, &spec.labels).await?,
    );
    let id = t.add_action(ws, &fields).await?;
    if spec.paused {
        t.set_action_paused(ws, &id, true).await?;
    }
    Ok(())
}

/// The workspace and name of a `name` or `workspace/name` reference.
async fn named_in_org<'r, T: ApplyTarget>(
    t: &T,
    org: OrgId,
    ws: WorkspaceId,
    reference: &'r str,
) -> Result<(WorkspaceId, &'r str)> {
    match split_reference(reference) {
        (Some(other), name) => Ok((need_workspace(t, org, other).await?, name)),
        (None, name) => Ok((ws, name)),
    }
}

async fn env_fields<T: ApplyTarget>(
    t: &T,
    ws: WorkspaceId,
    spec: &ComputeEnvSpec,
) -> Result<ComputeEnvFields> {
    let credentials_id = match &spec.credentials {
        Some(name) => Some(need_credentials(t, ws, name).await?),
        None => None,
    };
    let mut label_ids = Vec::with_capacity(spec.resource_labels.len());
    for (key, value) in &spec.resource_labels {
        let label = LabelFields::resource(key, value, false);
        label_ids.push(need_label(t, ws, &label).await?);
    }
    Ok(spec.fields(credentials_id, label_ids))
}

async fn pipeline_fields<T: ApplyTarget>(
    t: &T,
    ws: WorkspaceId,
    spec: &PipelineSpec,
) -> Result<PipelineFields> {
    let compute_env_id = match &spec.compute_env {
        Some(name) => Some(need_env(t, ws, name).await?),
        None => None,
    };
    Ok(spec.fields(compute_env_id, simple_labels(t, ws, &spec.labels).await?))
}

/// Label ids of simple labels by name.
async fn simple_labels<T: ApplyTarget>(
    t: &T,
    ws: WorkspaceId,
    names: &[String],
) -> Result<Vec<LabelId>> {
    let mut ids = Vec::with_capacity(names.len());
    for name in names {
        ids.push(need_label(t, ws, &LabelFields::simple(name)).await?);
    }
    Ok(ids)
}

async fn need_label<T: ApplyTarget>(
    t: &T,
    ws: WorkspaceId,
    label: &LabelFields,
) -> Result<LabelId> {
    t.label_id(ws, label)
        .await?
        .ok_or_else(|| Error::not_found(format!("{} not found", label_name(label))))
}

async fn need_credentials<T: ApplyTarget>(t: &T, ws: WorkspaceId, name: &str) -> Result<String> {
    t.credentials_id(ws, name)
        .await?
        .ok_or_else(|| Error::not_found(format!("credentials '{name}' not found")))
}

async fn need_env<T: ApplyTarget>(t: &T, ws: WorkspaceId, name: &str) -> Result<String> {
    t.compute_env_id(ws, name)
        .await?
        .ok_or_else(|| Error::not_found(format!("compute env '{name}' not found")))
}

async fn need_pipeline<T: ApplyTarget>(
    t: &T,
    ws: WorkspaceId,
    name: &str,
) -> Result<crate::domain::PipelineId> {
    t.pipeline_id(ws, name)
        .await?
        .ok_or_else(|| Error::not_found(format!("pipeline '{name}' not found")))
}

async fn need_action<T: ApplyTarget>(t: &T, ws: WorkspaceId, name: &str) -> Result<String> {
    t.action_id(ws, name)
        .await?
        .ok_or_else(|| Error::not_found(format!("action '{name}' not found")))
}
