//! `GET /service-info` (no token), `GET /user-info`, `GET /user/{userId}/workspaces`.

use super::AppState;
use super::auth::Caller;
use super::errors::ApiError;
use super::extract::Path;
use super::json::Json;
use crate::api::convert::users::user_dto;
use crate::api::convert::workspaces::org_and_workspace_rows;
use crate::api::dto::ext::features;
use crate::api::dto::{
    DescribeUserResponse, ListWorkspacesAndOrgResponse, NfdeckExtensions, ServiceInfo,
    ServiceInfoResponse,
};
use crate::api::{API_VERSION, EXT_PREFIX, EXT_VERSION};
use crate::domain::{Error, UserId};
use axum::Router;
use axum::extract::State;
use axum::routing::get;

pub fn routes(extensions: bool) -> Router<AppState> {
    let info = service_info_response(extensions);
    Router::new()
        .route("/service-info", get(move || async move { Json(info) }))
        .route("/user-info", get(user_info))
        .route("/user/{userId}/workspaces", get(user_workspaces))
}

/// What this server is, and (when served) nfdeck's extension endpoints.
pub fn service_info_response(extensions: bool) -> ServiceInfoResponse {
    let version = env!("CARGO_PKG_VERSION").to_string();
    ServiceInfoResponse {
        service_info: Some(ServiceInfo {
            version: Some(version.clone()),
            api_version: Some(API_VERSION.to_string()),
            auth_types: Some(vec![]),
            heartbeat_interval: Some(60),
            user_workspace_enabled: Some(true),
            allow_instance_credentials: Some(false),
            allow_nextflow_cli_logs: Some(true),
            seqera_cloud: Some(false),
            seqera_compute_enabled: Some(false),
            wave_enabled: Some(false),
            groundswell_enabled: Some(false),
            llm_enabled: Some(false),
            ..Default::default()
        }),
        nfdeck: extensions.then(|| NfdeckExtensions {
            version: Some(version),
            prefix: Some(EXT_PREFIX.to_string()),
            api: Some(EXT_VERSION),
            features: Some(
                [
                    features::SESSION,
                    features::DEFAULT_ROLES,
                    features::EFFECTIVE_ROLES,
                    features::WORKSPACE_ROLES,
                    features::USERS,
                    features::AUDIT,
                    features::CREDITS,
                    features::USAGE,
                    features::LAUNCH_OPTIONS,
                    features::CHANGES,
                ]
                .map(String::from)
                .to_vec(),
            ),
        }),
    }
}

async fn user_info(
    State(s): State<AppState>,
    Caller(actor): Caller,
) -> Result<Json<DescribeUserResponse>, ApiError> {
    let user = s.read(actor, |cx| cx.me()).await?;
    Ok(Json(DescribeUserResponse {
        user: Some(user_dto(&user)),
        need_consent: Some(false),
        default_workspace_id: None,
    }))
}

/// The caller's orgs (a row with `workspaceId: null` each) and the workspaces they can see.
async fn user_workspaces(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(user): Path<UserId>,
) -> Result<Json<ListWorkspacesAndOrgResponse>, ApiError> {
    if user != actor.user_id {
        return Err(
            Error::forbidden("you may list only your own organizations and workspaces").into(),
        );
    }
    let rows = s
        .read(actor, |cx| {
            let orgs = cx.list_orgs()?;
            let workspaces = cx.list_workspaces()?;
            Ok(org_and_workspace_rows(&orgs, &workspaces))
        })
        .await?;
    Ok(Json(ListWorkspacesAndOrgResponse {
        orgs_and_workspaces: Some(rows),
    }))
}
