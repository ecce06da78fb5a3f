//! Org members and collaborators: list (paged, searchable), add, change role, remove, leave.

use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Body, Path, Query, page};
use super::json::Json;
use super::{AppState, NO_CONTENT};
use crate::api::convert::members::member_dto;
use crate::api::convert::orgs::org_role;
use crate::api::convert::required;
use crate::api::dto::{
    AddMemberRequest, AddMemberResponse, ListMembersResponse, ListParams, UpdateMemberRoleRequest,
};
use crate::domain::{Member, MemberId, OrgId, Paged};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, put};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/orgs/{orgId}/members", get(list))
        .route("/orgs/{orgId}/members/add", put(add))
        .route("/orgs/{orgId}/members/leave", delete(leave))
        .route("/orgs/{orgId}/members/{memberId}", delete(remove))
        .route("/orgs/{orgId}/members/{memberId}/role", put(set_role))
        .route("/orgs/{orgId}/collaborators", get(collaborators))
}

pub(crate) fn members_response(paged: Paged<Member>) -> ListMembersResponse {
    ListMembersResponse {
        members: Some(paged.items.iter().map(member_dto).collect()),
        total_size: Some(paged.total as i64),
    }
}

async fn list(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(org): Path<OrgId>,
    Query(params): Query<ListParams>,
) -> Result<Json<ListMembersResponse>, ApiError> {
    let page = page(params)?;
    let paged = s.read(actor, move |cx| cx.list_members(org, &page)).await?;
    Ok(Json(members_response(paged)))
}

async fn collaborators(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(org): Path<OrgId>,
    Query(params): Query<ListParams>,
) -> Result<Json<ListMembersResponse>, ApiError> {
    let page = page(params)?;
    let paged = s
        .read(actor, move |cx| cx.list_collaborators(org, &page))
        .await?;
    Ok(Json(members_response(paged)))
}

/// Adds a member by email (an unknown email gets an account, as an invitation would) or by
/// the user name of an existing user.
async fn add(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(org): Path<OrgId>,
    Body(req): Body<AddMemberRequest>,
) -> Result<Json<AddMemberResponse>, ApiError> {
    let who = required(req.user, "user")?;
    let member = s
        .write(actor, move |cx| {
            let email = if who.contains('@') {
                who
            } else {
                cx.find_user(&who)?.email
            };
            cx.add_member(org, &email)
        })
        .await?;
    Ok(Json(AddMemberResponse {
        member: Some(member_dto(&member)),
    }))
}

async fn set_role(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, member)): Path<(OrgId, MemberId)>,
    Body(req): Body<UpdateMemberRoleRequest>,
) -> Result<StatusCode, ApiError> {
    let role = org_role(&required(req.role, "role")?)?;
    s.write(actor, move |cx| {
        cx.set_member_role(org, member, role).map(drop)
    })
    .await?;
    Ok(NO_CONTENT)
}

async fn remove(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, member)): Path<(OrgId, MemberId)>,
) -> Result<StatusCode, ApiError> {
    s.write(actor, move |cx| cx.remove_member(org, member))
        .await?;
    Ok(NO_CONTENT)
}

async fn leave(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(org): Path<OrgId>,
) -> Result<StatusCode, ApiError> {
    s.write(actor, move |cx| cx.leave_org(org)).await?;
    Ok(NO_CONTENT)
}
