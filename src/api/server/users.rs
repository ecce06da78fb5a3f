//! Users by id (`GET /users/{userId}`), user-name availability (`GET /users/validate`),
//! removing a user from a workspace (`DELETE /orgs/{o}/workspaces/{w}/users/{u}`) and a team's
//! workspaces (`GET /orgs/{o}/teams/{t}/workspaces`).

use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Path, Query, name_param, page};
use super::json::Json;
use super::{AppState, NO_CONTENT};
use crate::api::convert::users::user_dto;
use crate::api::dto::teams::{ListWorkspacesByTeamResponse, WorkspaceParticipantResponseDto};
use crate::api::dto::{DescribeUserResponse, ListParams, ValidateParams};
use crate::domain::{OrgId, TeamId, TeamWorkspace, UserId, WorkspaceId};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/users/validate", get(validate))
        .route("/users/{userId}", get(describe))
        .route(
            "/orgs/{orgId}/workspaces/{workspaceId}/users/{userId}",
            delete(remove_from_workspace),
        )
        .route(
            "/orgs/{orgId}/teams/{teamId}/workspaces",
            get(team_workspaces),
        )
}

async fn describe(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<UserId>,
) -> Result<Json<DescribeUserResponse>, ApiError> {
    let user = s.read(actor, move |cx| cx.get_user(id)).await?;
    Ok(Json(DescribeUserResponse {
        user: Some(user_dto(&user)),
        need_consent: Some(false),
        default_workspace_id: None,
    }))
}

/// 204 when `name` is a valid user name nobody has; 400 when invalid, 409 when taken.
async fn validate(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(params): Query<ValidateParams>,
) -> Result<StatusCode, ApiError> {
    let name = name_param(params.name)?;
    s.read(actor, move |cx| cx.check_user_name_free(&name))
        .await?;
    Ok(NO_CONTENT)
}

async fn remove_from_workspace(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, ws, user)): Path<(OrgId, WorkspaceId, UserId)>,
) -> Result<StatusCode, ApiError> {
    s.write(actor, move |cx| cx.remove_workspace_user(org, ws, user))
        .await?;
    Ok(NO_CONTENT)
}

fn team_workspace_dto(w: TeamWorkspace) -> WorkspaceParticipantResponseDto {
    WorkspaceParticipantResponseDto {
        org_id: Some(w.org_id),
        org_name: Some(w.org_name),
        participant_id: Some(w.participant_id),
        participant_role: Some(w.role.to_string()),
        workspace_id: Some(w.workspace_id),
        workspace_name: Some(w.workspace_name),
        workspace_full_name: Some(w.workspace_full_name),
    }
}

async fn team_workspaces(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, team)): Path<(OrgId, TeamId)>,
    Query(params): Query<ListParams>,
) -> Result<Json<ListWorkspacesByTeamResponse>, ApiError> {
    let page = page(params)?;
    let paged = s
        .read(actor, move |cx| cx.list_team_workspaces(org, team, &page))
        .await?;
    Ok(Json(ListWorkspacesByTeamResponse {
        workspaces: Some(paged.items.into_iter().map(team_workspace_dto).collect()),
        total_size: Some(paged.total as i64),
    }))
}
