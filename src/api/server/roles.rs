//! Roles (`/roles`): the six predefined workspace roles, from the one permission table in
//! `domain::permissions`, and an org's custom roles (`orgId`), which its owners create, change
//! and delete (`role_writes`). A role name means one role: no custom role has a built-in name.

use super::AppState;
use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Path, Query};
use super::json::Json;
use super::role_writes;
use crate::api::dto::roles::{
    DescribeRoleResponse, ListRolePermissionsResponse, ListRolesResponse, RoleDto, RoleInfo,
    RolePermission,
};
use crate::domain::permissions::Permission;
use crate::domain::{CustomRole, Error, OrgId, WspRole};
use crate::engine::Actor;
use axum::Router;
use axum::extract::State;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/roles", get(list_roles).post(role_writes::create))
        .route("/roles/permissions", get(list_permissions))
        .route("/roles/validate", get(role_writes::validate))
        .route(
            "/roles/{roleName}",
            get(describe_role)
                .put(role_writes::update)
                .delete(role_writes::remove),
        )
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

/// The query of the endpoints that name one org's roles (`orgId`, and `name` for validate).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct OrgParams {
    pub org_id: Option<OrgId>,
    pub name: Option<String>,
}

/// Predefined roles are the same in every org; naming an org the caller cannot see is still
/// refused, as the spec's 403 says. With an org, its custom roles.
async fn custom_roles(
    s: &AppState,
    actor: Actor,
    org: Option<OrgId>,
) -> Result<Vec<CustomRole>, ApiError> {
    match org {
        Some(org) => Ok(s.read(actor, move |cx| cx.list_custom_roles(org)).await?),
        None => Ok(Vec::new()),
    }
}

/// Which roles a `type` asks for: (predefined, custom).
fn role_types(kind: Option<&str>, org: Option<OrgId>) -> Result<(bool, bool), ApiError> {
    match kind.map(str::to_ascii_lowercase).as_deref() {
        None => Ok((true, true)),
        Some("predefined") => Ok((true, false)),
        Some("custom") if org.is_none() => {
            Err(Error::invalid("type=custom needs orgId: custom roles belong to an org").into())
        }
        Some("custom") => Ok((false, true)),
        Some(other) => Err(Error::invalid(format!(
            "type: '{other}' is not a role type (predefined or custom)"
        ))
        .into()),
    }
}

async fn list_roles(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(p): Query<RolesParams>,
) -> Result<Json<ListRolesResponse>, ApiError> {
    let (predefined, custom) = role_types(p.kind.as_deref(), p.org_id)?;
    let (max, offset) = (paging(p.max, "max")?, paging(p.offset, "offset")?);
    let customs = custom_roles(&s, actor, p.org_id).await?;
    let needle = p.name.unwrap_or_default().trim().to_ascii_lowercase();
    let builtin = WspRole::ALL
        .into_iter()
        .filter(|_| predefined)
        .map(|r| RoleInfo {
            name: Some(r.as_str().to_string()),
            description: Some(r.describe().to_string()),
            is_predefined: Some(true),
        });
    let own = customs.into_iter().filter(|_| custom).map(|r| RoleInfo {
        name: Some(r.name),
        description: Some(r.description),
        is_predefined: Some(false),
    });
    let matching: Vec<RoleInfo> = builtin
        .chain(own)
        .filter(|r| {
            let name = r.name.as_deref().unwrap_or_default();
            name.to_ascii_lowercase().contains(&needle)
        })
        .collect();
    let total = matching.len() as i32;
    let roles = matching
        .into_iter()
        .skip(offset.unwrap_or(0))
        .take(max.unwrap_or(usize::MAX))
        .collect();
    Ok(Json(ListRolesResponse {
        roles: Some(roles),
        total_size: Some(total),
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
    if let Some(org) = p.org_id {
        s.read(actor, move |cx| cx.get_org(org).map(drop)).await?;
    }
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

fn wire_names(permissions: &[Permission]) -> Vec<String> {
    permissions
        .iter()
        .map(|p| p.wire_name().to_string())
        .collect()
}

/// A built-in role by name, in any case.
pub(super) fn builtin(name: &str) -> Option<WspRole> {
    WspRole::ALL
        .into_iter()
        .find(|r| r.as_str().eq_ignore_ascii_case(name))
}

async fn describe_role(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(name): Path<String>,
    Query(p): Query<OrgParams>,
) -> Result<Json<DescribeRoleResponse>, ApiError> {
    let role = match (builtin(&name), p.org_id) {
        (Some(role), org) => {
            if let Some(org) = org {
                s.read(actor, move |cx| cx.get_org(org).map(drop)).await?;
            }
            RoleDto {
                name: Some(role.as_str().to_string()),
                description: Some(role.describe().to_string()),
                is_predefined: Some(true),
                permissions: Some(wire_names(&role.permissions())),
            }
        }
        (None, Some(org)) => {
            let r = s
                .read(actor, move |cx| cx.get_custom_role(org, &name))
                .await?;
            RoleDto {
                name: Some(r.name),
                description: Some(r.description),
                is_predefined: Some(false),
                permissions: Some(wire_names(&r.permissions)),
            }
        }
        (None, None) => {
            return Err(Error::not_found(format!(
                "role '{name}' is not a built-in role (a custom role needs orgId)"
            ))
            .into());
        }
    };
    Ok(Json(DescribeRoleResponse { role: Some(role) }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_choose_predefined_custom_or_both() {
        assert_eq!(role_types(None, None).unwrap(), (true, true));
        assert_eq!(role_types(Some("Predefined"), None).unwrap(), (true, false));
        assert_eq!(role_types(Some("custom"), Some(1)).unwrap(), (false, true));
        assert!(role_types(Some("custom"), None).is_err());
        assert!(role_types(Some("other"), Some(1)).is_err());
    }
}
