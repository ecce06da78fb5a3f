//! nfdeck's extension endpoints, under `EXT_PREFIX`: what the public API has no endpoint for.
//! `GET /service-info` announces them; other servers do not offer them.

use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Body, Path, Query, page};
use super::json::Json;
use super::{AppState, NO_CONTENT};
use crate::api::EXT_PREFIX;
use crate::api::convert::roles::ext_grant;
use crate::api::convert::users::{new_user_from_request, user_dto};
use crate::api::dto::{
    ExtCreateUserRequest, ExtCreateUserResponse, ExtDefaultRole, ExtDefaultRolesResponse,
    ExtListUsersResponse, ExtParticipantRoles, ExtParticipantRolesResponse, ExtSessionResponse,
    ExtUpdateDefaultRoleRequest, ExtWorkspaceRoles, ExtWorkspacesParams, ExtWorkspacesResponse,
    ListParams,
};
use crate::domain::{MemberId, OrgId, Page, WorkspaceId, WspRole};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, put};

pub fn routes() -> Router<AppState> {
    let p = EXT_PREFIX;
    Router::new()
        .route(&format!("{p}/session"), get(session))
        .route(
            &format!("{p}/orgs/{{orgId}}/default-roles"),
            get(default_roles),
        )
        .route(
            &format!("{p}/orgs/{{orgId}}/members/{{memberId}}/default-role"),
            put(set_default_role),
        )
        .route(
            &format!("{p}/orgs/{{orgId}}/workspaces/{{workspaceId}}/roles"),
            get(participant_roles),
        )
        .route(&format!("{p}/workspaces"), get(workspaces))
        .route(&format!("{p}/users"), get(users).post(create_user))
}

/// Who the token belongs to, whether they are the operator, and their personal workspace.
async fn session(
    State(s): State<AppState>,
    Caller(actor): Caller,
) -> Result<Json<ExtSessionResponse>, ApiError> {
    let operator = actor.operator;
    let (user, personal) = s
        .read(actor, |cx| Ok((cx.me()?, cx.personal_workspace_id()?)))
        .await?;
    Ok(Json(ExtSessionResponse {
        user_id: Some(user.id),
        email: Some(user.email),
        operator: Some(operator),
        personal_workspace_id: Some(personal),
    }))
}

/// The org's members that have a default workspace role.
async fn default_roles(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(org): Path<OrgId>,
) -> Result<Json<ExtDefaultRolesResponse>, ApiError> {
    let members = s
        .read(actor, move |cx| cx.list_members(org, &Page::all()))
        .await?;
    let default_roles = members
        .items
        .iter()
        .filter_map(|m| {
            Some(ExtDefaultRole {
                member_id: Some(m.member_id),
                role: Some(m.default_role?.to_string()),
            })
        })
        .collect();
    Ok(Json(ExtDefaultRolesResponse {
        default_roles: Some(default_roles),
    }))
}

/// Sets (or, without `role`, clears) a member's default role in every workspace of the org.
async fn set_default_role(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, member)): Path<(OrgId, MemberId)>,
    Body(req): Body<ExtUpdateDefaultRoleRequest>,
) -> Result<StatusCode, ApiError> {
    let role: Option<WspRole> = req.role.map(|r| r.parse()).transpose()?;
    s.write(actor, move |cx| {
        cx.set_default_role(org, member, role).map(drop)
    })
    .await?;
    Ok(NO_CONTENT)
}

/// The effective roles of the participants on the same page as `GET .../participants`.
async fn participant_roles(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, ws)): Path<(OrgId, WorkspaceId)>,
    Query(params): Query<ListParams>,
) -> Result<Json<ExtParticipantRolesResponse>, ApiError> {
    let page = page(params)?;
    let paged = s
        .read(actor, move |cx| cx.list_participants(org, ws, &page))
        .await?;
    let participants = paged
        .items
        .iter()
        .map(|p| ExtParticipantRoles {
            participant_id: Some(p.id),
            grants: p
                .effective
                .as_ref()
                .map(|e| e.grants.iter().map(ext_grant).collect()),
        })
        .collect();
    Ok(Json(ExtParticipantRolesResponse {
        participants: Some(participants),
        total_size: Some(paged.total as i64),
    }))
}

/// The caller's workspaces (all, one org's, or one) with participant counts and the caller's
/// effective roles: what `GET /user/{userId}/workspaces` and `GET /orgs/{orgId}/workspaces` lack.
async fn workspaces(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(params): Query<ExtWorkspacesParams>,
) -> Result<Json<ExtWorkspacesResponse>, ApiError> {
    let list = s
        .read(actor, move |cx| {
            match (params.workspace_id, params.org_id) {
                (Some(ws), _) => Ok(vec![cx.workspace(ws)?]),
                (None, Some(org)) => cx.list_org_workspaces(org),
                (None, None) => cx.list_workspaces(),
            }
        })
        .await?;
    let workspaces = list
        .iter()
        .map(|w| ExtWorkspaceRoles {
            workspace_id: Some(w.id),
            org_id: w.org_id,
            participants_count: Some(w.participants_count as i64),
            grants: Some(w.my_role.grants.iter().map(ext_grant).collect()),
        })
        .collect();
    Ok(Json(ExtWorkspacesResponse {
        workspaces: Some(workspaces),
    }))
}

async fn users(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(params): Query<ListParams>,
) -> Result<Json<ExtListUsersResponse>, ApiError> {
    let page = page(params)?;
    let paged = s.read(actor, move |cx| cx.list_users(&page)).await?;
    Ok(Json(ExtListUsersResponse {
        users: Some(paged.items.iter().map(user_dto).collect()),
        total_size: Some(paged.total as i64),
    }))
}

async fn create_user(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Body(req): Body<ExtCreateUserRequest>,
) -> Result<Json<ExtCreateUserResponse>, ApiError> {
    let new = new_user_from_request(req)?;
    let user = s.write(actor, move |cx| cx.create_user(&new)).await?;
    Ok(Json(ExtCreateUserResponse {
        user: Some(user_dto(&user)),
    }))
}
