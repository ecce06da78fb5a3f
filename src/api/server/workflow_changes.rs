//! Changing run history: deleting runs (`DELETE /workflow/{id}`, `POST /workflow/delete`),
//! their labels (`POST /workflow/labels/add|apply|remove`), and reading the launch a run came
//! from (`GET /workflow/{id}/launch`).

use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Body, Path, Query, WorkspaceParams};
use super::json::Json;
use super::{AppState, NO_CONTENT};
use crate::api::convert::required;
use crate::api::convert::run_launch::workflow_launch_dto;
use crate::api::dto::launch::DescribeWorkflowLaunchResponse;
use crate::api::dto::workflow::{
    AssociateWorkflowLabelsRequest, DeleteWorkflowParams, DeleteWorkflowsRequest,
    DeleteWorkflowsResponse,
};
use crate::domain::{RunLabelChange, Scope};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};

/// Routed before `/workflow/{workflowId}` ones by path shape; `delete` sits beside
/// `{workflowId}` only for POST, which the id route does not take.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/workflow/delete", post(delete_many))
        .route("/workflow/labels/add", post(add_labels))
        .route("/workflow/labels/apply", post(apply_labels))
        .route("/workflow/labels/remove", post(remove_labels))
        .route("/workflow/{workflowId}/launch", get(launch))
}

/// 204; an active run (SUBMITTED or RUNNING) is refused with 409 unless `force=true`.
pub async fn delete_one(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(params): Query<DeleteWorkflowParams>,
) -> Result<StatusCode, ApiError> {
    let scope = Scope::from_workspace_id(params.workspace_id);
    let force = params.force.unwrap_or(false);
    s.write(actor, move |cx| cx.delete_run(scope, &id, force))
        .await?;
    Ok(NO_CONTENT)
}

/// Deletes what it can and lists the rest (unknown, or active without `force`).
async fn delete_many(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(params): Query<DeleteWorkflowParams>,
    Body(req): Body<DeleteWorkflowsRequest>,
) -> Result<Json<DeleteWorkflowsResponse>, ApiError> {
    let scope = Scope::from_workspace_id(params.workspace_id);
    let force = params.force.unwrap_or(false);
    let ids = required(req.workflow_ids, "workflowIds")?;
    let failed = s
        .write(actor, move |cx| cx.delete_runs(scope, &ids, force))
        .await?;
    Ok(Json(DeleteWorkflowsResponse {
        failed_workflow_ids: Some(failed),
    }))
}

async fn change_labels(
    s: AppState,
    actor: crate::engine::Actor,
    ws: WorkspaceParams,
    req: AssociateWorkflowLabelsRequest,
    change: RunLabelChange,
) -> Result<StatusCode, ApiError> {
    let scope = ws.scope();
    let runs = required(req.workflow_ids, "workflowIds")?;
    let labels = required(req.label_ids, "labelIds")?;
    s.write(actor, move |cx| {
        cx.change_run_labels(scope, &runs, &labels, change)
    })
    .await?;
    Ok(NO_CONTENT)
}

async fn add_labels(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(ws): Query<WorkspaceParams>,
    Body(req): Body<AssociateWorkflowLabelsRequest>,
) -> Result<StatusCode, ApiError> {
    change_labels(s, actor, ws, req, RunLabelChange::Add).await
}

async fn apply_labels(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(ws): Query<WorkspaceParams>,
    Body(req): Body<AssociateWorkflowLabelsRequest>,
) -> Result<StatusCode, ApiError> {
    change_labels(s, actor, ws, req, RunLabelChange::Replace).await
}

async fn remove_labels(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(ws): Query<WorkspaceParams>,
    Body(req): Body<AssociateWorkflowLabelsRequest>,
) -> Result<StatusCode, ApiError> {
    change_labels(s, actor, ws, req, RunLabelChange::Remove).await
}

async fn launch(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
) -> Result<Json<DescribeWorkflowLaunchResponse>, ApiError> {
    let scope = ws.scope();
    let (run, env) = s.read(actor, move |cx| cx.run_launch(scope, &id)).await?;
    Ok(Json(DescribeWorkflowLaunchResponse {
        launch: Some(workflow_launch_dto(&run, env.as_ref())),
    }))
}
