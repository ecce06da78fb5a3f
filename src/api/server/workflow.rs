//! Runs (`/workflow`): list (paged; `search` also takes `status:RUNNING`), describe, progress,
//! cancel, and launching a saved pipeline (`/workflow/launch`).

use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Body, Path, Query, WorkspaceParams, page};
use super::json::Json;
use super::{AppState, NO_CONTENT};
use crate::api::convert::launch::launch_request;
use crate::api::convert::required;
use crate::api::convert::runs::{describe_dto, list_element, progress_response};
use crate::api::dto::ListParams;
use crate::api::dto::launch::{SubmitWorkflowLaunchRequest, SubmitWorkflowLaunchResponse};
use crate::api::dto::workflow::{
    CancelWorkflowParams, DescribeWorkflowResponse, GetProgressResponse, ListWorkflowsParams,
    ListWorkflowsResponse,
};
use crate::domain::{Result, RunQuery, Scope, WorkflowStatus};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/workflow", get(list))
        .route("/workflow/launch", post(launch))
        .route("/workflow/{workflowId}", get(describe))
        .route("/workflow/{workflowId}/progress", get(progress))
        .route("/workflow/{workflowId}/cancel", post(cancel))
}

/// A search with an optional `status:NAME` keyword: the status, and the rest of the text.
pub fn split_status(search: Option<String>) -> Result<(Option<WorkflowStatus>, Option<String>)> {
    let (status, rest) = super::extract::split_keyword(search, "status");
    Ok((status.map(|s| s.parse()).transpose()?, rest))
}

async fn list(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(params): Query<ListWorkflowsParams>,
) -> Result<Json<ListWorkflowsResponse>, ApiError> {
    let scope = Scope::from_workspace_id(params.workspace_id);
    let (status, search) = split_status(params.search)?;
    let query = RunQuery {
        page: page(ListParams {
            max: params.max,
            offset: params.offset,
            search,
        })?,
        status,
    };
    let offset = u64::from(query.page.offset);
    let paged = s.read(actor, move |cx| cx.list_runs(scope, &query)).await?;
    let has_more = offset + (paged.items.len() as u64) < paged.total;
    Ok(Json(ListWorkflowsResponse {
        workflows: Some(paged.items.into_iter().map(list_element).collect()),
        total_size: Some(paged.total as i64),
        has_more: Some(has_more),
    }))
}

async fn describe(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
) -> Result<Json<DescribeWorkflowResponse>, ApiError> {
    let scope = ws.scope();
    let run = s.read(actor, move |cx| cx.get_run(scope, &id)).await?;
    Ok(Json(describe_dto(run)))
}

async fn progress(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
) -> Result<Json<GetProgressResponse>, ApiError> {
    let scope = ws.scope();
    let run = s.read(actor, move |cx| cx.get_run(scope, &id)).await?;
    Ok(Json(progress_response(&run)))
}

/// Only SUBMITTED or RUNNING runs can be cancelled (409 otherwise). The body (`{}`) is
/// optional.
async fn cancel(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(params): Query<CancelWorkflowParams>,
) -> Result<StatusCode, ApiError> {
    let scope = Scope::from_workspace_id(params.workspace_id);
    s.write(actor, move |cx| cx.cancel_run(scope, &id).map(drop))
        .await?;
    Ok(NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LaunchParams {
    workspace_id: Option<i64>,
    source_workspace_id: Option<i64>,
}

/// Launches a saved pipeline: `launch.id` is its launch id (from `GET /pipelines/{id}/launch`),
/// the other fields override its configuration.
async fn launch(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(params): Query<LaunchParams>,
    Body(req): Body<SubmitWorkflowLaunchRequest>,
) -> Result<Json<SubmitWorkflowLaunchResponse>, ApiError> {
    let scope = Scope::from_workspace_id(params.workspace_id);
    let request = launch_request(required(req.launch, "launch")?, params.source_workspace_id)?;
    let run = s.write(actor, move |cx| cx.launch(scope, &request)).await?;
    Ok(Json(SubmitWorkflowLaunchResponse {
        workflow_id: Some(run.id),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_keywords_leave_the_rest_of_the_search() {
        let (status, rest) = split_status(Some("rnaseq status:running ana".into())).unwrap();
        assert_eq!(
            (status, rest.as_deref()),
            (Some(WorkflowStatus::Running), Some("rnaseq ana"))
        );
        assert_eq!(split_status(None).unwrap(), (None, None));
        assert!(split_status(Some("status:sleeping".into())).is_err());
    }
}
