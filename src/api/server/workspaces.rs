//! Org workspaces: list, create, get, update (answers the workspace), delete, validate.

use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Body, Path, Query, name_param};
use super::json::Json;
use super::{AppState, NO_CONTENT};
use crate::api::convert::workspaces::{
    fields_from_create, fields_from_update, workspace_db_dto, workspace_dto,
};
use crate::api::dto::{
    CreateWorkspaceRequest, CreateWorkspaceResponse, DescribeWorkspaceResponse,
    ListWorkspacesResponse, UpdateWorkspaceRequest, ValidateParams,
};
use crate::domain::{OrgId, WorkspaceId};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/orgs/{orgId}/workspaces", get(list).post(create))
        .route("/orgs/{orgId}/workspaces/validate", get(validate))
        .route(
            "/orgs/{orgId}/workspaces/{workspaceId}",
            get(describe).put(update).delete(remove),
        )
}

async fn list(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(org): Path<OrgId>,
) -> Result<Json<ListWorkspacesResponse>, ApiError> {
    let list = s.read(actor, move |cx| cx.list_org_workspaces(org)).await?;
    Ok(Json(ListWorkspacesResponse {
        workspaces: Some(list.iter().map(workspace_db_dto).collect()),
    }))
}

async fn create(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(org): Path<OrgId>,
    Body(req): Body<CreateWorkspaceRequest>,
) -> Result<Json<CreateWorkspaceResponse>, ApiError> {
    let fields = fields_from_create(req)?;
    let ws = s
        .write(actor, move |cx| cx.create_workspace(org, &fields))
        .await?;
    Ok(Json(CreateWorkspaceResponse {
        workspace: Some(workspace_dto(&ws)),
    }))
}

async fn validate(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(org): Path<OrgId>,
    Query(params): Query<ValidateParams>,
) -> Result<StatusCode, ApiError> {
    let name = name_param(params.name)?;
    s.read(actor, move |cx| cx.check_workspace_name(org, &name))
        .await?;
    Ok(NO_CONTENT)
}

async fn describe(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, ws)): Path<(OrgId, WorkspaceId)>,
) -> Result<Json<DescribeWorkspaceResponse>, ApiError> {
    let ws = s.read(actor, move |cx| cx.get_workspace(org, ws)).await?;
    Ok(Json(DescribeWorkspaceResponse {
        workspace: Some(workspace_dto(&ws)),
    }))
}

/// Fields left out of the request keep their value; the answer is the updated workspace.
async fn update(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, ws)): Path<(OrgId, WorkspaceId)>,
    Body(req): Body<UpdateWorkspaceRequest>,
) -> Result<Json<DescribeWorkspaceResponse>, ApiError> {
    let ws = s
        .write(actor, move |cx| {
            let current = cx.get_workspace(org, ws)?;
            let fields = fields_from_update(req, &current)?;
            cx.update_workspace(org, ws, &fields)
        })
        .await?;
    Ok(Json(DescribeWorkspaceResponse {
        workspace: Some(workspace_dto(&ws)),
    }))
}

async fn remove(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, ws)): Path<(OrgId, WorkspaceId)>,
) -> Result<StatusCode, ApiError> {
    s.write(actor, move |cx| cx.delete_workspace(org, ws))
        .await?;
    Ok(NO_CONTENT)
}
