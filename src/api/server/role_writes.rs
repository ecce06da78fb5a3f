//! Custom roles' writes (`POST /roles`, `PUT`/`DELETE /roles/{roleName}`) and name checks
//! (`GET /roles/validate`), all for one org (`orgId`). Built-in roles never change.

use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Body, Path, Query, name_param};
use super::json::Json;
use super::roles::{OrgParams, builtin};
use super::{AppState, NO_CONTENT};
use crate::api::convert::required;
use crate::api::dto::roles::{CreateRoleRequest, CreateRoleResponse, UpdateRoleRequest};
use crate::domain::{CustomRoleFields, Error, OrgId};
use axum::extract::State;
use axum::http::StatusCode;

fn org_param(org: Option<OrgId>) -> Result<OrgId, ApiError> {
    org.ok_or_else(|| {
        Error::invalid("the query parameter `orgId` is required: custom roles belong to an org")
            .into()
    })
}

/// Built-in roles are the same everywhere and come from the permission table.
fn refuse_builtin(name: &str) -> Result<(), ApiError> {
    match builtin(name) {
        Some(role) => Err(Error::forbidden(format!(
            "'{role}' is a built-in role: it cannot be changed or deleted"
        ))
        .into()),
        None => Ok(()),
    }
}

pub(super) async fn create(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(p): Query<OrgParams>,
    Body(req): Body<CreateRoleRequest>,
) -> Result<(StatusCode, Json<CreateRoleResponse>), ApiError> {
    let org = org_param(p.org_id)?;
    let fields = CustomRoleFields {
        name: required(req.name, "name")?,
        description: required(req.description, "description")?,
        permissions: required(req.permissions, "permissions")?,
    };
    let role = s
        .write(actor, move |cx| cx.create_custom_role(org, &fields))
        .await?;
    let permissions = role.permissions.iter().map(|p| p.wire_name().into());
    Ok((
        StatusCode::CREATED,
        Json(CreateRoleResponse {
            name: Some(role.name),
            description: Some(role.description),
            permissions: Some(permissions.collect()),
        }),
    ))
}

/// A missing name or permissions list keeps the role's own.
pub(super) async fn update(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(name): Path<String>,
    Query(p): Query<OrgParams>,
    Body(req): Body<UpdateRoleRequest>,
) -> Result<StatusCode, ApiError> {
    refuse_builtin(&name)?;
    let org = org_param(p.org_id)?;
    let description = required(req.description, "description")?;
    s.write(actor, move |cx| {
        let current = cx.get_custom_role(org, &name)?;
        let fields = CustomRoleFields {
            name: req.name.unwrap_or(current.name),
            description,
            permissions: req.permissions.unwrap_or_else(|| {
                let names = current.permissions.iter().map(|p| p.wire_name().into());
                names.collect()
            }),
        };
        cx.update_custom_role(org, &name, &fields).map(drop)
    })
    .await?;
    Ok(NO_CONTENT)
}

pub(super) async fn remove(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(name): Path<String>,
    Query(p): Query<OrgParams>,
) -> Result<StatusCode, ApiError> {
    refuse_builtin(&name)?;
    let org = org_param(p.org_id)?;
    s.write(actor, move |cx| cx.delete_custom_role(org, &name))
        .await?;
    Ok(NO_CONTENT)
}

/// 204 when the name is valid and free in the org, 400 when invalid, 409 when taken (by a
/// built-in role or one of the org's).
pub(super) async fn validate(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(p): Query<OrgParams>,
) -> Result<StatusCode, ApiError> {
    let name = name_param(p.name)?;
    let org = org_param(p.org_id)?;
    s.read(actor, move |cx| cx.check_custom_role_name(org, &name))
        .await?;
    Ok(NO_CONTENT)
}
