//! Workspace participants: list (paged, searchable), add, change role, remove, leave.

use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Body, Path, Query, page};
use super::json::Json;
use super::{AppState, NO_CONTENT};
use crate::api::convert::participants::{participant_dto, participant_ref};
use crate::api::convert::required;
use crate::api::dto::{
    AddParticipantRequest, AddParticipantResponse, ListParams, ListParticipantsResponse,
    UpdateParticipantRoleRequest,
};
use crate::domain::{OrgId, ParticipantId, ParticipantRole, WorkspaceId};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, put};

const BASE: &str = "/orgs/{orgId}/workspaces/{workspaceId}/participants";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(BASE, get(list).delete(leave))
        .route(&format!("{BASE}/add"), put(add))
        .route(&format!("{BASE}/{{participantId}}"), delete(remove))
        .route(&format!("{BASE}/{{participantId}}/role"), put(set_role))
}

async fn list(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, ws)): Path<(OrgId, WorkspaceId)>,
    Query(params): Query<ListParams>,
) -> Result<Json<ListParticipantsResponse>, ApiError> {
    let page = page(params)?;
    let paged = s
        .read(actor, move |cx| cx.list_participants(org, ws, &page))
        .await?;
    Ok(Json(ListParticipantsResponse {
        participants: Some(paged.items.iter().map(participant_dto).collect()),
        total_size: Some(paged.total as i64),
    }))
}

/// Adds a member, a team, or a user by name or email (an email that is not in the org
/// becomes a collaborator), with the default role `launch`; change it with `/role`.
async fn add(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, ws)): Path<(OrgId, WorkspaceId)>,
    Body(req): Body<AddParticipantRequest>,
) -> Result<Json<AddParticipantResponse>, ApiError> {
    let who = participant_ref(req)?;
    let p = s
        .write(actor, move |cx| cx.add_participant(org, ws, &who, None))
        .await?;
    Ok(Json(AddParticipantResponse {
        participant: Some(participant_dto(&p)),
    }))
}

async fn set_role(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, ws, id)): Path<(OrgId, WorkspaceId, ParticipantId)>,
    Body(req): Body<UpdateParticipantRoleRequest>,
) -> Result<StatusCode, ApiError> {
    let role: ParticipantRole = required(req.role, "role")?.parse()?;
    s.write(actor, move |cx| {
        cx.set_participant_role(org, ws, id, role).map(drop)
    })
    .await?;
    Ok(NO_CONTENT)
}

async fn remove(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, ws, id)): Path<(OrgId, WorkspaceId, ParticipantId)>,
) -> Result<StatusCode, ApiError> {
    s.write(actor, move |cx| cx.remove_participant(org, ws, id))
        .await?;
    Ok(NO_CONTENT)
}

async fn leave(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, ws)): Path<(OrgId, WorkspaceId)>,
) -> Result<StatusCode, ApiError> {
    s.write(actor, move |cx| cx.leave_workspace(org, ws))
        .await?;
    Ok(NO_CONTENT)
}
