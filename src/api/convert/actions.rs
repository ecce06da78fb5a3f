//! Actions. An action's launch configuration travels as `LaunchDbDto` (answers) and
//! `WorkflowLaunchRequest` (requests); its pipeline's name as the list entry's `pipeline`.

use super::labels::{label_dto, label_from_dto};
use super::launch::{launch_db_dto, launch_request, launch_request_of_db, workflow_launch_request};
use super::{need, required};
use crate::api::dto::actions::{
    ActionConfigType, ActionResponseDto, ActionSource as WireSource, ActionStatus as WireStatus,
    CreateActionRequest, ListActionsResponseActionInfo,
};
use crate::domain::{Action, ActionFields, ActionSource, ActionStatus, Error, Result, WorkspaceId};

pub fn source_dto(s: ActionSource) -> WireSource {
    WireSource::from(s.as_str())
}

fn source(s: &WireSource) -> Result<ActionSource> {
    s.as_str().parse()
}

fn status(s: &WireStatus) -> Result<ActionStatus> {
    s.as_str()
        .parse()
        .map_err(|_| Error::server(format!("the server sent an unknown action status '{s}'")))
}

fn config(s: ActionSource) -> ActionConfigType {
    ActionConfigType {
        discriminator: Some(s.as_str().to_string()),
        ..Default::default()
    }
}

pub fn info_dto(a: &Action) -> ListActionsResponseActionInfo {
    ListActionsResponseActionInfo {
        id: Some(a.id.clone()),
        name: Some(a.name.clone()),
        pipeline: Some(a.pipeline_name.clone()),
        source: Some(source_dto(a.source)),
        status: Some(WireStatus::from(a.status.as_str())),
        config: Some(config(a.source)),
        endpoint: a.endpoint.clone(),
        labels: Some(a.labels.iter().map(label_dto).collect()),
        last_seen: a.last_seen.clone(),
        date_created: Some(a.date_created.clone()),
        ..Default::default()
    }
}

pub fn response_dto(a: &Action) -> ActionResponseDto {
    ActionResponseDto {
        id: Some(a.id.clone()),
        name: Some(a.name.clone()),
        source: Some(source_dto(a.source)),
        status: Some(WireStatus::from(a.status.as_str())),
        config: Some(config(a.source)),
        launch: Some(launch_db_dto(&a.launch)),
        hook_url: a.endpoint.clone(),
        labels: Some(a.labels.iter().map(label_dto).collect()),
        last_seen: a.last_seen.clone(),
        date_created: Some(a.date_created.clone()),
        ..Default::default()
    }
}

/// An action from its description, and its pipeline's name from its list entry. A launch
/// the answer leaves out reads as the pipeline's defaults; a source or status this build
/// does not know fails only this action (the caller shows it as an error row or skips it).
pub fn action_from_dtos(d: ActionResponseDto, pipeline_name: String) -> Result<Action> {
    let launch = d.launch.unwrap_or_default();
    // A list entry without `pipeline`: the launch's own pipeline (its repository).
    let pipeline_name = if pipeline_name.is_empty() {
        launch.pipeline.clone().unwrap_or_default()
    } else {
        pipeline_name
    };
    let launch = launch_request_of_db(launch)?;
    Ok(Action {
        id: need(d.id, "action id")?,
        name: need(d.name, "action name")?,
        source: source(&need(d.source, "action source")?)?,
        status: status(&need(d.status, "action status")?)?,
        pipeline_id: launch.pipeline_id,
        pipeline_name,
        launch,
        endpoint: d.hook_url,
        labels: d
            .labels
            .unwrap_or_default()
            .into_iter()
            .map(label_from_dto)
            .collect::<Result<_>>()?,
        last_seen: d.last_seen,
        date_created: d.date_created.unwrap_or_default(),
    })
}

pub fn create_request(f: &ActionFields) -> CreateActionRequest {
    CreateActionRequest {
        name: Some(f.name.clone()),
        source: Some(source_dto(f.source)),
        launch: Some(workflow_launch_request(&f.launch)),
        label_ids: Some(f.label_ids.clone()),
        ..Default::default()
    }
}

/// The fields of a create request; a shared pipeline's workspace comes as `sourceWorkspaceId`.
pub fn fields_from_create(
    r: CreateActionRequest,
    source_ws: Option<WorkspaceId>,
) -> Result<ActionFields> {
    Ok(ActionFields {
        name: required(r.name, "name")?,
        source: source(&required(r.source, "source")?)?,
        launch: launch_request(required(r.launch, "launch")?, source_ws)?,
        label_ids: r.label_ids.unwrap_or_default(),
    })
}
