//! Credentials: list (with `platformId`), create, get, update, delete. Secrets go in and never
//! come out.

use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Body, NameInWorkspace, Path, Query, WorkspaceParams};
use super::json::Json;
use super::{AppState, NO_CONTENT};
use crate::api::convert::credentials::{credentials_dto, fields_from_request};
use crate::api::dto::credentials::{
    CreateCredentialsRequest, CreateCredentialsResponse, DescribeCredentialsResponse,
    ListCredentialsResponse, UpdateCredentialsRequest,
};
use crate::domain::{Platform, Provider, Result, Scope};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/credentials", get(list).post(create))
        .route("/credentials/validate", get(validate))
        .route(
            "/credentials/{credentialsId}",
            get(describe).put(update).delete(remove),
        )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListParams {
    workspace_id: Option<i64>,
    /// A platform id (`aws-batch`) or a provider id (`aws`): the credentials that fit it.
    platform_id: Option<String>,
}

/// The providers `platformId` allows (None: all).
fn providers(platform_id: Option<&str>) -> Result<Option<Vec<Provider>>> {
    let Some(id) = platform_id.filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    if let Ok(provider) = id.parse::<Provider>() {
        return Ok(Some(vec![provider]));
    }
    Ok(Some(id.parse::<Platform>()?.providers().to_vec()))
}

async fn list(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(params): Query<ListParams>,
) -> Result<Json<ListCredentialsResponse>, ApiError> {
    let scope = Scope::from_workspace_id(params.workspace_id);
    let wanted = providers(params.platform_id.as_deref())?;
    let all = s
        .read(actor, move |cx| cx.list_credentials(scope, None))
        .await?;
    let credentials = all
        .iter()
        .filter(|c| wanted.as_ref().is_none_or(|w| w.contains(&c.provider)))
        .map(credentials_dto)
        .collect::<Result<Vec<_>>>()?;
    Ok(Json(ListCredentialsResponse {
        credentials: Some(credentials),
    }))
}

async fn create(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(ws): Query<WorkspaceParams>,
    Body(req): Body<CreateCredentialsRequest>,
) -> Result<Json<CreateCredentialsResponse>, ApiError> {
    let fields = fields_from_request(req.credentials)?;
    let scope = ws.scope();
    let c = s
        .write(actor, move |cx| cx.create_credentials(scope, &fields))
        .await?;
    Ok(Json(CreateCredentialsResponse {
        credentials_id: Some(c.id),
    }))
}

async fn describe(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
) -> Result<Json<DescribeCredentialsResponse>, ApiError> {
    let scope = ws.scope();
    let c = s
        .read(actor, move |cx| cx.get_credentials(scope, &id))
        .await?;
    Ok(Json(DescribeCredentialsResponse {
        credentials: Some(credentials_dto(&c)?),
        setup_snippet: None,
    }))
}

/// Secrets left out keep their stored value; an empty one removes it.
async fn update(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
    Body(req): Body<UpdateCredentialsRequest>,
) -> Result<StatusCode, ApiError> {
    let fields = fields_from_request(req.credentials)?;
    let scope = ws.scope();
    s.write(actor, move |cx| {
        cx.update_credentials(scope, &id, &fields).map(drop)
    })
    .await?;
    Ok(NO_CONTENT)
}

async fn remove(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
) -> Result<StatusCode, ApiError> {
    let scope = ws.scope();
    s.write(actor, move |cx| cx.delete_credentials(scope, &id))
        .await?;
    Ok(NO_CONTENT)
}

/// 204 when the name is free in the workspace, 400 when missing, 409 when taken; reading the
/// workspace's credentials needs the same role as listing them.
async fn validate(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(params): Query<NameInWorkspace>,
) -> Result<StatusCode, ApiError> {
    params
        .check(&s, actor, |cx, scope, name| {
            cx.check_credentials_name_free(scope, name)
        })
        .await
}
