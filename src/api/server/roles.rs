//! Roles (`GET /roles`, `/roles/permissions`, `/roles/{roleName}`): the six predefined
//! workspace roles and the permissions each holds, from the one permission table in
//! `domain::permissions`. nfdeck has no custom roles, so creating, changing or deleting one is
//! answered 405 with a message saying nfdeck does not offer it, and `type=custom` lists none.

use super::AppState;
use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Path, Query};
use super::json::Json;
use crate::api::dto::roles::{
    DescribeRoleResponse, ListRolePermissionsResponse, ListRolesResponse, RoleDto, RoleInfo,
    RolePermission,
};
use crate::domain::permissions::Permission;
use crate::domain::{Error, OrgId, WspRole};
use crate::engine::Actor;
use axum::Router;
use axum::extract::State;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/roles", get(list_roles))
        .route("/roles/permissions", get(list_permissions))
        .route("/roles/{roleName}", get(describe_role))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct RolesParams {
    org_id: Option<OrgId>,
    max: Option<i64>,
    offset: Option<i64>,
    name: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrgParams {
    org_id: Option<OrgId>,
    name: Option<String>,
}

/// Roles are the same in every org; naming an org the caller cannot see is still refused, as
/// the spec's 403 says.
async fn check_org(s: &AppState, actor: Actor, org: Option<OrgId>) -> Result<(), ApiError> {
    if let Some(org) = org {
        s.read(actor, move |cx| cx.get_org(org).map(|_| ())).await?;
    }
    Ok(())
}

async fn list_roles(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(p): Query<RolesParams>,
) -> Result<Json<ListRolesResponse>, ApiError> {
    check_org(&s, actor, p.org_id).await?;
    let custom_only = match p.kind.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("predefined") => false,
        Some("custom") => true,
        Some(other) => {
            return Err(Error::invalid(format!(
                "type: '{other}' is not a role type (predefined or custom)"
            ))
            .into());
        }
    };
    let (max, offset) = (paging(p.max, "max")?, paging(p.offset, "offset")?);
    let needle = p.name.unwrap_or_default().to_ascii_lowercase();
    let matching: Vec<WspRole> = WspRole::ALL
        .into_iter()
        .filter(|r| !custom_only && r.as_str().contains(needle.trim()))
        .collect();
    let roles = matching
        .iter()
        .skip(offset.unwrap_or(0))
        .take(max.unwrap_or(usize::MAX))
        .map(|r| RoleInfo {
            name: Some(r.as_str().to_string()),
            description: Some(r.describe().to_string()),
            is_predefined: Some(true),
        })
        .collect();
    Ok(Json(ListRolesResponse {
        roles: Some(roles),
        total_size: Some(matching.len() as i32),
    }))
}

fn paging(value: Option<i64>, name: &str) -> Result<Option<usize>, ApiError> {
    match value {
        Some(v) if v < 0 => Err(Error::invalid(format!("{name} must not be negative")).into()),
        other => Ok(other.map(|v| v as usize)),
    }
}

async fn list_permissions(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(p): Query<OrgParams>,
) -> Result<Json<ListRolePermissionsResponse>, ApiError> {
    check_org(&s, actor, p.org_id).await?;
    let needle = p.name.unwrap_or_default().to_ascii_lowercase();
    let permissions = Permission::all()
        .filter(|p| p.wire_name().contains(needle.trim()))
        .map(|p| RolePermission {
            name: Some(p.wire_name().to_string()),
            category: Some(p.category().to_string()),
        })
        .collect();
    Ok(Json(ListRolePermissionsResponse {
        permissions: Some(permissions),
    }))
}

async fn describe_role(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(name): Path<String>,
    Query(p): Query<OrgParams>,
) -> Result<Json<DescribeRoleResponse>, ApiError> {
    check_org(&s, actor, p.org_id).await?;
    let role = WspRole::ALL
        .into_iter()
        .find(|r| r.as_str() == name.to_ascii_lowercase())
        .ok_or_else(|| Error::not_found(format!("role '{name}' not found")))?;
    Ok(Json(DescribeRoleResponse {
        role: Some(RoleDto {
            name: Some(role.as_str().to_string()),
            description: Some(role.describe().to_string()),
            is_predefined: Some(true),
            permissions: Some(
                role.permissions()
                    .into_iter()
                    .map(|p| p.wire_name().to_string())
                    .collect(),
            ),
        }),
    }))
}
