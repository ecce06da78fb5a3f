//! A workspace's Studios settings: session lifespan (0 = always keep running) and whether
//! sessions are private by default.

use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Body, Path};
use super::json::Json;
use super::{AppState, NO_CONTENT};
use crate::api::dto::{DataStudioWorkspaceSettingsRequest, DataStudioWorkspaceSettingsResponse};
use crate::domain::{Error, OrgId, Scope, StudiosSettings, WorkspaceId};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/orgs/{orgId}/workspaces/{workspaceId}/settings/studios",
        get(describe).put(update),
    )
}

fn response(
    org: OrgId,
    ws: WorkspaceId,
    s: &StudiosSettings,
) -> DataStudioWorkspaceSettingsResponse {
    DataStudioWorkspaceSettingsResponse {
        org_id: Some(org),
        wsp_id: Some(ws),
        lifespan_hours: Some(s.lifespan_hours.min(i32::MAX as u32) as i32),
        container_repository: None,
        name_strategy: None,
        private_studio_by_default: Some(s.private_by_default),
    }
}

async fn describe(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, ws)): Path<(OrgId, WorkspaceId)>,
) -> Result<Json<DataStudioWorkspaceSettingsResponse>, ApiError> {
    let settings = s
        .read(actor, move |cx| {
            cx.get_workspace(org, ws)?;
            cx.studios_settings(Scope::Workspace(ws))
        })
        .await?;
    Ok(Json(response(org, ws, &settings)))
}

/// Fields left out of the request keep their value. nfdeck keeps no container repository or
/// name strategy: setting one is refused rather than dropped.
async fn update(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, ws)): Path<(OrgId, WorkspaceId)>,
    Body(req): Body<DataStudioWorkspaceSettingsRequest>,
) -> Result<StatusCode, ApiError> {
    if req.container_repository.is_some() || req.name_strategy.is_some() {
        return Err(Error::invalid(
            "this server keeps no Studios container repository or name strategy",
        )
        .into());
    }
    let lifespan = match req.lifespan_hours {
        Some(h) if h < 0 => return Err(Error::invalid("lifespanHours must not be negative").into()),
        other => other.map(|h| h as u32),
    };
    s.write(actor, move |cx| {
        cx.get_workspace(org, ws)?;
        let scope = Scope::Workspace(ws);
        let current = cx.studios_settings(scope)?;
        let wanted = StudiosSettings {
            lifespan_hours: lifespan.unwrap_or(current.lifespan_hours),
            private_by_default: req
                .private_studio_by_default
                .unwrap_or(current.private_by_default),
        };
        cx.set_studios_settings(scope, &wanted).map(drop)
    })
    .await?;
    Ok(NO_CONTENT)
}
