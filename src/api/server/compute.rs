//! Compute environments: list (with `status`), create, get, update (name, description,
//! credentials), delete, make primary, enable, disable, validate.

use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Body, NameInWorkspace, Path, Query, WorkspaceParams};
use super::json::Json;
use super::{AppState, NO_CONTENT};
use crate::api::convert::compute::{
    entry_dto, fields_from_create, fields_from_update, response_dto,
};
use crate::api::dto::compute::{
    CreateComputeEnvRequest, CreateComputeEnvResponse, DescribeComputeEnvResponse,
    ListComputeEnvsResponse, UpdateComputeEnvRequest,
};
use crate::domain::{ComputeEnvStatus, Scope};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/compute-envs", get(list).post(create))
        .route("/compute-envs/validate", get(validate))
        .route(
            "/compute-envs/{computeEnvId}",
            get(describe).put(update).delete(remove),
        )
        .route("/compute-envs/{computeEnvId}/primary", post(primary))
        .route("/compute-envs/{computeEnvId}/enable", post(enable))
        .route("/compute-envs/{computeEnvId}/disable", post(disable))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListParams {
    workspace_id: Option<i64>,
    status: Option<String>,
}

async fn list(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(params): Query<ListParams>,
) -> Result<Json<ListComputeEnvsResponse>, ApiError> {
    let scope = Scope::from_workspace_id(params.workspace_id);
    let status: Option<ComputeEnvStatus> = params
        .status
        .filter(|s| !s.is_empty())
        .map(|s| s.parse())
        .transpose()?;
    let envs = s
        .read(actor, move |cx| cx.list_compute_envs(scope, status))
        .await?;
    Ok(Json(ListComputeEnvsResponse {
        compute_envs: Some(envs.iter().map(entry_dto).collect()),
    }))
}

async fn create(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(ws): Query<WorkspaceParams>,
    Body(req): Body<CreateComputeEnvRequest>,
) -> Result<Json<CreateComputeEnvResponse>, ApiError> {
    let fields = fields_from_create(req)?;
    let scope = ws.scope();
    let ce = s
        .write(actor, move |cx| cx.create_compute_env(scope, &fields))
        .await?;
    Ok(Json(CreateComputeEnvResponse {
        compute_env_id: Some(ce.id),
    }))
}

async fn describe(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
) -> Result<Json<DescribeComputeEnvResponse>, ApiError> {
    let scope = ws.scope();
    let ce = s
        .read(actor, move |cx| cx.get_compute_env(scope, &id))
        .await?;
    Ok(Json(DescribeComputeEnvResponse {
        compute_env: Some(response_dto(&ce)),
    }))
}

/// Name, description and credentials; the rest stays as it is.
async fn update(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
    Body(req): Body<UpdateComputeEnvRequest>,
) -> Result<StatusCode, ApiError> {
    let scope = ws.scope();
    s.write(actor, move |cx| {
        let current = cx.get_compute_env(scope, &id)?;
        cx.update_compute_env(scope, &id, &fields_from_update(req, &current))
    })
    .await?;
    Ok(NO_CONTENT)
}

async fn remove(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
) -> Result<StatusCode, ApiError> {
    let scope = ws.scope();
    s.write(actor, move |cx| cx.delete_compute_env(scope, &id))
        .await?;
    Ok(NO_CONTENT)
}

async fn primary(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
) -> Result<StatusCode, ApiError> {
    let scope = ws.scope();
    s.write(actor, move |cx| cx.make_primary(scope, &id).map(drop))
        .await?;
    Ok(NO_CONTENT)
}

async fn enable(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
) -> Result<StatusCode, ApiError> {
    let scope = ws.scope();
    s.write(actor, move |cx| cx.enable_compute_env(scope, &id).map(drop))
        .await?;
    Ok(NO_CONTENT)
}

async fn disable(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
) -> Result<StatusCode, ApiError> {
    let scope = ws.scope();
    s.write(actor, move |cx| {
        cx.disable_compute_env(scope, &id).map(drop)
    })
    .await?;
    Ok(NO_CONTENT)
}

/// 204 when no compute environment of the workspace has the name, 409 when one has.
async fn validate(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(params): Query<NameInWorkspace>,
) -> Result<StatusCode, ApiError> {
    params
        .check(&s, actor, |cx, scope, name| {
            cx.check_compute_env_name_free(scope, name)
        })
        .await
}
