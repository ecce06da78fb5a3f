//! Organizations: list, create, get, update, delete, validate, quotas, and a user's roles in
//! the org's workspaces.

use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Body, Path, Query, name_param};
use super::json::Json;
use super::{AppState, NO_CONTENT};
use crate::api::convert::members::member_dto;
use crate::api::convert::orgs::{
    fields_from_create, fields_from_update, org_dto, org_role, quotas_dto,
};
use crate::api::convert::roles::user_workspace_role;
use crate::api::dto::{
    CreateOrganizationRequest, CreateOrganizationResponse, DescribeOrganizationQuotasResponse,
    DescribeOrganizationResponse, ListOrganizationsResponse, ListUserRolesResponse, OrgRole,
    UpdateOrganizationRequest, UserWorkspaceRolesDto, ValidateParams,
};
use crate::domain::{OrgId, UserId};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/orgs", get(list).post(create))
        .route("/orgs/validate", get(validate))
        .route("/orgs/{orgId}", get(describe).put(update).delete(delete))
        .route("/orgs/{orgId}/quotas", get(quotas))
        .route("/orgs/{orgId}/users/{userId}/roles", get(user_roles))
}

#[derive(Deserialize)]
struct ListParams {
    role: Option<OrgRole>,
}

async fn list(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(params): Query<ListParams>,
) -> Result<Json<ListOrganizationsResponse>, ApiError> {
    let wanted = params.role.as_ref().map(org_role).transpose()?;
    let orgs = s.read(actor, |cx| cx.list_orgs()).await?;
    let organizations: Vec<_> = orgs
        .iter()
        .filter(|o| wanted.is_none() || o.my_role == wanted)
        .map(org_dto)
        .collect();
    Ok(Json(ListOrganizationsResponse {
        total_size: Some(organizations.len() as i32),
        organizations: Some(organizations),
    }))
}

async fn create(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Body(req): Body<CreateOrganizationRequest>,
) -> Result<Json<CreateOrganizationResponse>, ApiError> {
    let fields = fields_from_create(req)?;
    let org = s.write(actor, move |cx| cx.create_org(&fields)).await?;
    Ok(Json(CreateOrganizationResponse {
        organization: Some(org_dto(&org)),
    }))
}

async fn validate(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(params): Query<ValidateParams>,
) -> Result<StatusCode, ApiError> {
    let name = name_param(params.name)?;
    s.read(actor, move |cx| cx.check_org_name(&name)).await?;
    Ok(NO_CONTENT)
}

async fn describe(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(org): Path<OrgId>,
) -> Result<Json<DescribeOrganizationResponse>, ApiError> {
    let org = s.read(actor, move |cx| cx.get_org(org)).await?;
    Ok(Json(DescribeOrganizationResponse {
        organization: Some(org_dto(&org)),
    }))
}

/// Fields left out of the request keep their value; `type` changes the tier (operator only).
async fn update(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(org): Path<OrgId>,
    Body(req): Body<UpdateOrganizationRequest>,
) -> Result<StatusCode, ApiError> {
    s.write(actor, move |cx| {
        let current = cx.get_org(org)?;
        let fields = fields_from_update(req, &current)?;
        cx.update_org(org, &fields)
    })
    .await?;
    Ok(NO_CONTENT)
}

async fn delete(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(org): Path<OrgId>,
) -> Result<StatusCode, ApiError> {
    s.write(actor, move |cx| cx.delete_org(org)).await?;
    Ok(NO_CONTENT)
}

async fn quotas(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(org): Path<OrgId>,
) -> Result<Json<DescribeOrganizationQuotasResponse>, ApiError> {
    let org = s.read(actor, move |cx| cx.get_org(org)).await?;
    Ok(Json(DescribeOrganizationQuotasResponse {
        quotas: Some(quotas_dto(&org.tier.limits())),
    }))
}

/// A user's own and team roles in each workspace of the org (org ownership and default roles
/// are not participant roles; nfdeck's extension reports them).
async fn user_roles(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, user)): Path<(OrgId, UserId)>,
) -> Result<Json<ListUserRolesResponse>, ApiError> {
    let (member, roles) = s
        .read(actor, move |cx| cx.user_roles_in_org(org, user))
        .await?;
    let user_workspaces = roles
        .iter()
        .map(|w| UserWorkspaceRolesDto {
            workspace_id: Some(w.workspace_id),
            workspace_name: Some(w.workspace_name.clone()),
            roles: Some(
                w.role
                    .grants
                    .iter()
                    .filter_map(user_workspace_role)
                    .collect(),
            ),
            permissions: None,
        })
        .collect();
    Ok(Json(ListUserRolesResponse {
        user: Some(member_dto(&member)),
        user_workspaces: Some(user_workspaces),
    }))
}
