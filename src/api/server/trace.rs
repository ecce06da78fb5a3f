//! The Nextflow trace endpoints (`nextflow run -with-tower`): create, begin, progress,
//! heartbeat, complete. Each needs launch rights in the workspace (`?workspaceId`, or the
//! caller's personal workspace). Bodies are read as the nf-tower plugin writes them
//! (`trace_body`). The plugin stops the user's pipeline when create, begin or any progress
//! call fails, so a progress report for a running run is never refused for what it holds:
//! odd values are dropped and logged.

use super::AppState;
use super::auth::{Caller, Credential};
use super::errors::ApiError;
use super::extract::{Path, Query, WorkspaceParams};
use super::json::Json;
use super::trace_body::{TraceBody, TraceReport};
use crate::api::convert::trace;
use crate::api::dto::trace::{
    TraceBeginRequest, TraceBeginResponse, TraceCompleteRequest, TraceCompleteResponse,
    TraceCreateMetadata, TraceCreateRequest, TraceCreateResponse, TraceHeartbeatRequest,
    TraceHeartbeatResponse, TraceProcessingStatus, TraceProgressRequest, TraceProgressResponse,
};
use crate::domain::{Run, Scope, TraceProgress, WorkflowStatus};
use crate::engine::progress_reports::{ProgressReport, Reporter};
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::HeaderMap;
use axum::http::header::HOST;
use axum::routing::{post, put};

/// The largest trace body: a progress call carries up to 100 tasks, each with its script
/// (up to 10,240 characters) and environment (2,048), and begin the whole configuration and
/// DAG, more than the API's 1 MiB.
pub const TRACE_BODY_LIMIT: usize = 32 << 20;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/trace/create", post(create))
        .route("/trace/{workflowId}/begin", put(begin))
        .route("/trace/{workflowId}/progress", put(progress))
        .route("/trace/{workflowId}/heartbeat", put(heartbeat))
        .route("/trace/{workflowId}/complete", put(complete))
        .layer(DefaultBodyLimit::max(TRACE_BODY_LIMIT))
}

/// Where the run can be read: this server's `GET /workflow/{id}`.
fn watch_url(headers: &HeaderMap, id: &str, scope: Scope) -> String {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    match scope.workspace_id() {
        Some(ws) => format!("http://{host}/workflow/{id}?workspaceId={ws}"),
        None => format!("http://{host}/workflow/{id}"),
    }
}

/// A new run for Nextflow to report into; a run Platform launched (`workflowId` set) is used
/// as it is.
async fn create(
    State(s): State<AppState>,
    Caller(actor): Caller,
    headers: HeaderMap,
    Query(ws): Query<WorkspaceParams>,
    TraceBody(req): TraceBody<TraceCreateRequest>,
) -> Result<Json<TraceCreateResponse>, ApiError> {
    let scope = ws.scope();
    let (id, user, workspace) = s
        .write(actor, move |cx| {
            let id = match req.workflow_id.filter(|w| !w.is_empty()) {
                Some(id) => cx.get_run(scope, &id)?.id,
                None => cx.trace_create(
                    scope,
                    req.session_id.as_deref().unwrap_or_default(),
                    req.run_name.as_deref().unwrap_or_default(),
                    req.project_name.as_deref().unwrap_or_default(),
                    req.repository.as_deref().filter(|r| !r.is_empty()),
                )?,
            };
            let workspace = match scope {
                Scope::Workspace(w) => Some(cx.workspace(w)?),
                Scope::Personal => None,
            };
            Ok((id, cx.me()?, workspace))
        })
        .await?;
    Ok(Json(TraceCreateResponse {
        watch_url: Some(watch_url(&headers, &id, scope)),
        workflow_id: Some(id),
        message: None,
        metadata: Some(TraceCreateMetadata {
            user_id: Some(user.id),
            user_name: Some(user.user_name),
            workspace_id: workspace.as_ref().map(|w| w.id),
            workspace_name: workspace.as_ref().map(|w| w.name.clone()),
            workspace_full_name: workspace.as_ref().map(|w| w.full_name.clone()),
            org_name: workspace.and_then(|w| w.org_name),
            ..Default::default()
        }),
    }))
}

/// SUBMITTED → RUNNING, with the work directory, revision and profiles Nextflow reports.
async fn begin(
    State(s): State<AppState>,
    Caller(actor): Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
    TraceBody(req): TraceBody<TraceBeginRequest>,
) -> Result<Json<TraceBeginResponse>, ApiError> {
    let scope = ws.scope();
    let begin = trace::begin(req.workflow.as_ref());
    let run_id = id.clone();
    s.write(actor, move |cx| cx.trace_begin(scope, &run_id, &begin))
        .await?;
    Ok(Json(TraceBeginResponse {
        watch_url: Some(watch_url(&headers, &id, scope)),
        workflow_id: Some(id),
        status: Some(TraceProcessingStatus::Ok),
    }))
}

/// Task counters (totals) and the usage of the tasks that finished since the last report.
async fn progress(
    State(s): State<AppState>,
    Credential(token): Credential,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
    TraceReport(req): TraceReport<TraceProgressRequest>,
) -> Result<Json<TraceProgressResponse>, ApiError> {
    let scope = ws.scope();
    let tasks = trace::tasks(&req);
    let report = ProgressReport {
        scope,
        run_id: id.clone(),
        report: Box::new(move |run: &Run| trace::progress(&req, &run.usage, run.progress)),
        tasks,
    };
    let reporter = Reporter::Token {
        token,
        operator: s.operator,
    };
    s.report_progress(reporter, report).await?;
    Ok(Json(TraceProgressResponse {
        workflow_id: Some(id),
        status: Some(TraceProcessingStatus::Ok),
    }))
}

/// The run is still going: its counters are updated while it runs.
async fn heartbeat(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
    TraceReport(req): TraceReport<TraceHeartbeatRequest>,
) -> Result<Json<TraceHeartbeatResponse>, ApiError> {
    let scope = ws.scope();
    s.write_run_progress(actor, move |cx| {
        let run = cx.get_run(scope, &id)?;
        let running = matches!(
            run.status,
            WorkflowStatus::Running | WorkflowStatus::Unknown
        );
        if let (Some(p), true) = (req.progress, running) {
            let report = TraceProgress {
                counters: trace::counters(&p),
                cpu_hours: run.usage.cpu_hours,
                memory_gib_hours: run.usage.memory_gib_hours,
            };
            cx.trace_progress(scope, &id, &report)?;
        }
        Ok(())
    })
    .await?;
    Ok(Json(TraceHeartbeatResponse {
        message: Some("OK".into()),
    }))
}

/// RUNNING → SUCCEEDED or FAILED, with the final counters.
async fn complete(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
    TraceBody(req): TraceBody<TraceCompleteRequest>,
) -> Result<Json<TraceCompleteResponse>, ApiError> {
    let scope = ws.scope();
    let run_id = id.clone();
    s.write(actor, move |cx| {
        let run = cx.get_run(scope, &run_id)?;
        let end = trace::complete(&req, &run.usage, run.progress);
        cx.trace_complete(scope, &run_id, &end)
    })
    .await?;
    Ok(Json(TraceCompleteResponse {
        workflow_id: Some(id),
        status: Some(TraceProcessingStatus::Ok),
    }))
}
