//! Actions: list, create (`sourceWorkspaceId` for a shared pipeline), get, delete, pause (which
//! pauses an active action and resumes a paused one), and launch (the `tower` webhook).

use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Body, NameInWorkspace, Path, Query, WorkspaceParams};
use super::json::Json;
use super::{AppState, NO_CONTENT};
use crate::api::convert::actions::{fields_from_create, info_dto, response_dto};
use crate::api::dto::actions::{
    CreateActionRequest, CreateActionResponse, DescribeActionResponse, LaunchActionRequest,
    LaunchActionResponse, ListActionsResponse, UpdateActionRequest,
};
use crate::domain::{ActionStatus, Error, Scope};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/actions", get(list).post(create))
        .route("/actions/validate", get(validate))
        .route(
            "/actions/{actionId}",
            get(describe).put(update).delete(remove),
        )
        .route("/actions/{actionId}/pause", post(pause))
        .route("/actions/{actionId}/launch", post(launch))
}

async fn list(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(ws): Query<WorkspaceParams>,
) -> Result<Json<ListActionsResponse>, ApiError> {
    let scope = ws.scope();
    let actions = s.read(actor, move |cx| cx.list_actions(scope)).await?;
    Ok(Json(ListActionsResponse {
        actions: Some(actions.iter().map(info_dto).collect()),
    }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateParams {
    workspace_id: Option<i64>,
    source_workspace_id: Option<i64>,
}

async fn create(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(params): Query<CreateParams>,
    Body(req): Body<CreateActionRequest>,
) -> Result<Json<CreateActionResponse>, ApiError> {
    let fields = fields_from_create(req, params.source_workspace_id)?;
    let scope = Scope::from_workspace_id(params.workspace_id);
    let action = s
        .write(actor, move |cx| cx.add_action(scope, &fields))
        .await?;
    Ok(Json(CreateActionResponse {
        action_id: Some(action.id),
    }))
}

/// Renames the action and/or replaces its launch (`launch.id` is a pipeline's launch id);
/// 204. nfdeck runs no `bucket` or `cron` actions.
async fn update(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
    Body(req): Body<UpdateActionRequest>,
) -> Result<StatusCode, ApiError> {
    if req.bucket.is_some() || req.cron.is_some() {
        return Err(Error::invalid(
            "bucket and cron are not supported: nfdeck runs github and tower actions",
        )
        .into());
    }
    let scope = ws.scope();
    let launch = req
        .launch
        .map(|l| crate::api::convert::launch::launch_request(l, None))
        .transpose()?;
    let name = req.name;
    s.write(actor, move |cx| {
        cx.update_action(scope, &id, name.as_deref(), launch)
            .map(drop)
    })
    .await?;
    Ok(NO_CONTENT)
}

async fn describe(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
) -> Result<Json<DescribeActionResponse>, ApiError> {
    let scope = ws.scope();
    let action = s.read(actor, move |cx| cx.get_action(scope, &id)).await?;
    Ok(Json(DescribeActionResponse {
        action: Some(response_dto(&action)),
    }))
}

async fn remove(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
) -> Result<StatusCode, ApiError> {
    let scope = ws.scope();
    s.write(actor, move |cx| cx.delete_action(scope, &id))
        .await?;
    Ok(NO_CONTENT)
}

/// "Pauses or resumes": an active action pauses, a paused one resumes.
async fn pause(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
) -> Result<StatusCode, ApiError> {
    let scope = ws.scope();
    s.write(actor, move |cx| {
        if cx.get_action(scope, &id)?.status == ActionStatus::Paused {
            cx.resume_action(scope, &id).map(drop)
        } else {
            cx.pause_action(scope, &id).map(drop)
        }
    })
    .await?;
    Ok(NO_CONTENT)
}

/// Triggers the action; `params` (a JSON object) replace its stored parameters.
async fn launch(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
    Body(req): Body<LaunchActionRequest>,
) -> Result<Json<LaunchActionResponse>, ApiError> {
    let scope = ws.scope();
    let params = req
        .params
        .filter(|p| !p.is_empty())
        .map(|p| serde_json::Value::Object(p).to_string());
    let run = s
        .write(actor, move |cx| {
            cx.run_action(scope, &id, params.as_deref())
        })
        .await?;
    Ok(Json(LaunchActionResponse {
        workflow_id: Some(run.id),
    }))
}

/// 204 when the name is valid and free in the workspace, 400 when invalid, 409 when taken;
/// reading the workspace's actions needs the same role as listing them.
async fn validate(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(params): Query<NameInWorkspace>,
) -> Result<StatusCode, ApiError> {
    params
        .check(&s, actor, |cx, scope, name| {
            cx.check_action_name_free(scope, name)
        })
        .await
}
