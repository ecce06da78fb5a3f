//! Pipelines (the Launchpad): list with `visibility` (private, shared, all; `search` also takes
//! `label:NAME`), create, get (with `sourceWorkspaceId` for a shared pipeline), update, delete,
//! launch configuration, validate.

use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Body, NameInWorkspace, Path, Query, WorkspaceParams, page};
use super::json::Json;
use super::{AppState, NO_CONTENT};
use crate::api::convert::pipelines::{
    fields_from_create, fields_from_update, launch_dto, pipeline_dto,
};
use crate::api::dto::ListParams;
use crate::api::dto::launch::DescribeLaunchResponse;
use crate::api::dto::pipelines::{
    CreatePipelineRequest, CreatePipelineResponse, DescribePipelineResponse, ListPipelinesParams,
    ListPipelinesResponse, PipelineParams, UpdatePipelineRequest, UpdatePipelineResponse,
};
use crate::domain::{PipelineId, PipelineQuery, PipelineVisibility, Scope};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/pipelines", get(list).post(create))
        .route("/pipelines/validate", get(validate))
        .route(
            "/pipelines/{pipelineId}",
            get(describe).put(update).delete(remove),
        )
        .route("/pipelines/{pipelineId}/launch", get(launch))
}

async fn list(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(params): Query<ListPipelinesParams>,
) -> Result<Json<ListPipelinesResponse>, ApiError> {
    let scope = Scope::from_workspace_id(params.workspace_id);
    let visibility: PipelineVisibility =
        params.visibility.as_deref().unwrap_or("private").parse()?;
    // `label:NAME` in the search narrows the list to a simple label.
    let (label, search) = super::extract::split_keyword(params.search, "label");
    let query = PipelineQuery {
        visibility,
        page: page(ListParams {
            max: params.max,
            offset: params.offset,
            search,
        })?,
        label,
    };
    let paged = s
        .read(actor, move |cx| cx.list_pipelines(scope, &query))
        .await?;
    Ok(Json(ListPipelinesResponse {
        pipelines: Some(paged.items.iter().map(pipeline_dto).collect()),
        total_size: Some(paged.total as i64),
    }))
}

async fn create(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(ws): Query<WorkspaceParams>,
    Body(req): Body<CreatePipelineRequest>,
) -> Result<Json<CreatePipelineResponse>, ApiError> {
    let fields = fields_from_create(req)?;
    let scope = ws.scope();
    let p = s
        .write(actor, move |cx| cx.create_pipeline(scope, &fields))
        .await?;
    Ok(Json(CreatePipelineResponse {
        pipeline: Some(pipeline_dto(&p)),
    }))
}

async fn describe(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<PipelineId>,
    Query(params): Query<PipelineParams>,
) -> Result<Json<DescribePipelineResponse>, ApiError> {
    let scope = Scope::from_workspace_id(params.workspace_id);
    let source = params.source_workspace_id;
    let p = s
        .read(actor, move |cx| cx.get_pipeline(scope, id, source))
        .await?;
    Ok(Json(DescribePipelineResponse {
        pipeline: Some(pipeline_dto(&p)),
    }))
}

/// The launch configuration, with the compute environment a launch uses by default.
async fn launch(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<PipelineId>,
    Query(params): Query<PipelineParams>,
) -> Result<Json<DescribeLaunchResponse>, ApiError> {
    let scope = Scope::from_workspace_id(params.workspace_id);
    let source = params.source_workspace_id;
    let options = s
        .read(actor, move |cx| cx.launch_options(scope, id, source))
        .await?;
    Ok(Json(DescribeLaunchResponse {
        launch: Some(launch_dto(
            &options.pipeline,
            options.default_compute_env.as_ref(),
        )),
    }))
}

/// Fields left out of the request keep their value; the answer is the updated pipeline.
async fn update(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<PipelineId>,
    Query(ws): Query<WorkspaceParams>,
    Body(req): Body<UpdatePipelineRequest>,
) -> Result<Json<UpdatePipelineResponse>, ApiError> {
    let scope = ws.scope();
    let p = s
        .write(actor, move |cx| {
            let current = cx.get_pipeline(scope, id, None)?;
            cx.update_pipeline(scope, id, &fields_from_update(req, &current))
        })
        .await?;
    Ok(Json(UpdatePipelineResponse {
        pipeline: Some(pipeline_dto(&p)),
    }))
}

async fn remove(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<PipelineId>,
    Query(ws): Query<WorkspaceParams>,
) -> Result<StatusCode, ApiError> {
    let scope = ws.scope();
    s.write(actor, move |cx| cx.delete_pipeline(scope, id))
        .await?;
    Ok(NO_CONTENT)
}

/// 204 when the name is valid and free in the workspace, 400 when invalid, 409 when taken.
async fn validate(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(params): Query<NameInWorkspace>,
) -> Result<StatusCode, ApiError> {
    params
        .check(&s, actor, |cx, scope, name| {
            cx.check_pipeline_name_free(scope, name)
        })
        .await
}
