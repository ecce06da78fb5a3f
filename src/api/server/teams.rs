//! Teams and team members (removal has the spec's trailing `/delete`).

use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Body, Path, Query, name_param, page};
use super::json::Json;
use super::members::members_response;
use super::{AppState, NO_CONTENT};
use crate::api::convert::members::member_dto;
use crate::api::convert::required;
use crate::api::convert::teams::{fields_from_create, fields_from_update, team_dto};
use crate::api::dto::{
    AddTeamMemberResponse, CreateTeamMemberRequest, CreateTeamRequest, CreateTeamResponse,
    DescribeTeamResponse, ListMembersResponse, ListParams, ListTeamResponse, UpdateTeamRequest,
    ValidateParams,
};
use crate::domain::{MemberId, OrgId, TeamId};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/orgs/{orgId}/teams", get(list).post(create))
        .route("/orgs/{orgId}/teams/validate", get(validate))
        .route(
            "/orgs/{orgId}/teams/{teamId}",
            get(describe).put(update).delete(remove),
        )
        .route(
            "/orgs/{orgId}/teams/{teamId}/members",
            get(members).post(add_member),
        )
        .route(
            "/orgs/{orgId}/teams/{teamId}/members/{memberId}/delete",
            delete(remove_member),
        )
}

async fn list(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(org): Path<OrgId>,
    Query(params): Query<ListParams>,
) -> Result<Json<ListTeamResponse>, ApiError> {
    let page = page(params)?;
    let paged = s.read(actor, move |cx| cx.list_teams(org, &page)).await?;
    Ok(Json(ListTeamResponse {
        teams: Some(paged.items.iter().map(team_dto).collect()),
        total_size: Some(paged.total as i64),
    }))
}

async fn create(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(org): Path<OrgId>,
    Body(req): Body<CreateTeamRequest>,
) -> Result<Json<CreateTeamResponse>, ApiError> {
    let fields = fields_from_create(req)?;
    let team = s
        .write(actor, move |cx| cx.create_team(org, &fields))
        .await?;
    Ok(Json(CreateTeamResponse {
        team: Some(team_dto(&team)),
    }))
}

async fn validate(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(org): Path<OrgId>,
    Query(params): Query<ValidateParams>,
) -> Result<StatusCode, ApiError> {
    let name = name_param(params.name)?;
    s.read(actor, move |cx| cx.check_team_name(org, &name))
        .await?;
    Ok(NO_CONTENT)
}

async fn describe(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, team)): Path<(OrgId, TeamId)>,
) -> Result<Json<DescribeTeamResponse>, ApiError> {
    let team = s.read(actor, move |cx| cx.get_team(org, team)).await?;
    Ok(Json(DescribeTeamResponse {
        team: Some(team_dto(&team)),
    }))
}

/// Fields left out of the request keep their value.
async fn update(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, team)): Path<(OrgId, TeamId)>,
    Body(req): Body<UpdateTeamRequest>,
) -> Result<StatusCode, ApiError> {
    s.write(actor, move |cx| {
        let current = cx.get_team(org, team)?;
        cx.update_team(org, team, &fields_from_update(req, &current))
    })
    .await?;
    Ok(NO_CONTENT)
}

async fn remove(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, team)): Path<(OrgId, TeamId)>,
) -> Result<StatusCode, ApiError> {
    s.write(actor, move |cx| cx.delete_team(org, team)).await?;
    Ok(NO_CONTENT)
}

async fn members(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, team)): Path<(OrgId, TeamId)>,
    Query(params): Query<ListParams>,
) -> Result<Json<ListMembersResponse>, ApiError> {
    let page = page(params)?;
    let paged = s
        .read(actor, move |cx| cx.list_team_members(org, team, &page))
        .await?;
    Ok(Json(members_response(paged)))
}

async fn add_member(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, team)): Path<(OrgId, TeamId)>,
    Body(req): Body<CreateTeamMemberRequest>,
) -> Result<Json<AddTeamMemberResponse>, ApiError> {
    let who = required(req.user_name_or_email, "userNameOrEmail")?;
    let member = s
        .write(actor, move |cx| cx.add_team_member(org, team, &who))
        .await?;
    Ok(Json(AddTeamMemberResponse {
        member: Some(member_dto(&member)),
    }))
}

async fn remove_member(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, team, member)): Path<(OrgId, TeamId, MemberId)>,
) -> Result<StatusCode, ApiError> {
    s.write(actor, move |cx| cx.remove_team_member(org, team, member))
        .await?;
    Ok(NO_CONTENT)
}
