//! Runs (`/workflow`): list (paged; `search` also takes `status:RUNNING`), describe, progress,
//! cancel, launching a saved pipeline (`/workflow/launch`), the tasks and per-process metrics
//! Nextflow reported, and `PATCH` of the workflow-extension fields (the scheduler's run id).

use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Body, Path, Query, WorkspaceParams, page};
use super::json::Json;
use super::trace_body::TraceBody;
use super::{AppState, NO_CONTENT};
use crate::api::convert::launch::launch_request;
use crate::api::convert::required;
use crate::api::convert::runs::{describe_dto, list_element, progress_with_processes};
use crate::api::convert::trace::{metrics_dto, task_dto};
use crate::api::dto::ListParams;
use crate::api::dto::launch::{SubmitWorkflowLaunchRequest, SubmitWorkflowLaunchResponse};
use crate::api::dto::workflow::{
    CancelWorkflowParams, DescribeTaskResponse, DescribeWorkflowResponse, GetProgressResponse,
    GetWorkflowMetricsResponse, ListTasksParams, ListTasksResponse, ListWorkflowsParams,
    ListWorkflowsResponse, RandomWorkflowNameResponse, UpdateWorkflowRequest,
};
use crate::domain::{Error, Result, RunQuery, Scope, TaskQuery, WorkflowStatus};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/workflow", get(list))
        .route("/workflow/launch", post(launch))
        .route("/workflow/random-name", get(random_name))
        .route(
            "/workflow/{workflowId}",
            get(describe)
                .patch(update)
                .delete(super::workflow_changes::delete_one),
        )
        .route("/workflow/{workflowId}/progress", get(progress))
        .route("/workflow/{workflowId}/tasks", get(tasks))
        .route("/workflow/{workflowId}/task/{taskId}", get(task))
        .route("/workflow/{workflowId}/metrics", get(metrics))
        .route("/workflow/{workflowId}/cancel", post(cancel))
}

/// A Nextflow-style run name, as a launch without `runName` would pick.
async fn random_name(Caller(_): Caller) -> Json<RandomWorkflowNameResponse> {
    Json(RandomWorkflowNameResponse {
        name: Some(crate::engine::random_run_name()),
    })
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
    let (run, sched, processes) = s
        .read(actor, move |cx| {
            Ok((
                cx.get_run(scope, &id)?,
                cx.sched_run_id(scope, &id)?,
                cx.process_progress(scope, &id)?,
            ))
        })
        .await?;
    let progress = progress_with_processes(&run, processes);
    Ok(Json(DescribeWorkflowResponse {
        sched_run_id: sched,
        progress: Some(progress),
        ..describe_dto(run)
    }))
}

/// Sets the workflow-extension fields (only `schedRunId` so far; null clears it) and answers
/// with the run. Nextflow sends it once the scheduler assigned the id; unknown fields are
/// ignored.
async fn update(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
    TraceBody(req): TraceBody<UpdateWorkflowRequest>,
) -> Result<Json<DescribeWorkflowResponse>, ApiError> {
    let scope = ws.scope();
    let (run, sched) = s
        .write(actor, move |cx| {
            let sched = req.sched_run_id;
            let run = cx.set_sched_run_id(scope, &id, sched.as_deref())?;
            Ok((run, sched))
        })
        .await?;
    Ok(Json(DescribeWorkflowResponse {
        sched_run_id: sched,
        ..describe_dto(run)
    }))
}

/// The task list's order: by task id only (`sortBy=taskId`), ascending unless `sortDir=desc`.
fn task_query(p: &ListTasksParams) -> Result<TaskQuery> {
    if let Some(by) = p
        .sort_by
        .as_deref()
        .filter(|b| !b.eq_ignore_ascii_case("taskId"))
    {
        return Err(Error::invalid(format!(
            "sortBy '{by}' is not supported: tasks sort by taskId"
        )));
    }
    let descending = match p
        .sort_dir
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("asc") | Some("ascending") => false,
        Some("desc") | Some("descending") => true,
        Some(other) => {
            return Err(Error::invalid(format!(
                "sortDir '{other}' must be asc or desc"
            )));
        }
    };
    Ok(TaskQuery {
        page: page(ListParams {
            max: p.max,
            offset: p.offset,
            search: p.search.clone(),
        })?,
        descending,
    })
}

async fn tasks(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(params): Query<ListTasksParams>,
) -> Result<Json<ListTasksResponse>, ApiError> {
    let scope = Scope::from_workspace_id(params.workspace_id);
    let query = task_query(&params)?;
    let paged = s
        .read(actor, move |cx| cx.list_tasks(scope, &id, &query))
        .await?;
    Ok(Json(ListTasksResponse {
        tasks: Some(
            paged
                .items
                .into_iter()
                .map(|t| DescribeTaskResponse {
                    task: Some(task_dto(t)),
                })
                .collect(),
        ),
        total: Some(paged.total as i64),
    }))
}

async fn task(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((id, task_id)): Path<(String, i64)>,
    Query(ws): Query<WorkspaceParams>,
) -> Result<Json<DescribeTaskResponse>, ApiError> {
    let scope = ws.scope();
    let t = s
        .read(actor, move |cx| cx.get_task(scope, &id, task_id))
        .await?;
    Ok(Json(DescribeTaskResponse {
        task: Some(task_dto(t)),
    }))
}

async fn metrics(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
) -> Result<Json<GetWorkflowMetricsResponse>, ApiError> {
    let scope = ws.scope();
    let m = s.read(actor, move |cx| cx.run_metrics(scope, &id)).await?;
    Ok(Json(GetWorkflowMetricsResponse {
        metrics: Some(m.into_iter().map(metrics_dto).collect()),
    }))
}

async fn progress(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
) -> Result<Json<GetProgressResponse>, ApiError> {
    let scope = ws.scope();
    let (run, processes) = s
        .read(actor, move |cx| {
            Ok((cx.get_run(scope, &id)?, cx.process_progress(scope, &id)?))
        })
        .await?;
    Ok(Json(GetProgressResponse {
        progress: Some(progress_with_processes(&run, processes)),
    }))
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
