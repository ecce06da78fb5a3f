//! Workspace secrets (`/pipeline-secrets`): list, create, describe, change the value, delete,
//! validate a name. No answer ever carries a value.

use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Body, NameInWorkspace, Path, Query, WorkspaceParams};
use super::json::Json;
use super::{AppState, NO_CONTENT};
use crate::api::convert::required;
use crate::api::convert::secrets::secret_dto;
use crate::api::dto::secrets::{
    CreatePipelineSecretRequest, CreatePipelineSecretResponse, DescribePipelineSecretResponse,
    ListPipelineSecretsResponse, UpdatePipelineSecretRequest,
};
use crate::domain::SecretString;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/pipeline-secrets", get(list).post(create))
        .route("/pipeline-secrets/validate", get(validate))
        .route(
            "/pipeline-secrets/{secretId}",
            get(describe).put(update).delete(remove),
        )
}

async fn list(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(ws): Query<WorkspaceParams>,
) -> Result<Json<ListPipelineSecretsResponse>, ApiError> {
    let scope = ws.scope();
    let secrets = s
        .read(actor, move |cx| cx.list_pipeline_secrets(scope))
        .await?;
    Ok(Json(ListPipelineSecretsResponse {
        total_size: Some(secrets.len() as i64),
        pipeline_secrets: Some(secrets.iter().map(secret_dto).collect()),
    }))
}

async fn create(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(ws): Query<WorkspaceParams>,
    Body(req): Body<CreatePipelineSecretRequest>,
) -> Result<Json<CreatePipelineSecretResponse>, ApiError> {
    let scope = ws.scope();
    let name = required(req.name, "name")?;
    let value = SecretString::new(required(req.value, "value")?);
    let secret = s
        .write(actor, move |cx| {
            cx.create_pipeline_secret(scope, &name, &value)
        })
        .await?;
    Ok(Json(CreatePipelineSecretResponse {
        secret_id: Some(secret.id),
    }))
}

async fn describe(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<i64>,
    Query(ws): Query<WorkspaceParams>,
) -> Result<Json<DescribePipelineSecretResponse>, ApiError> {
    let scope = ws.scope();
    let secret = s
        .read(actor, move |cx| cx.get_pipeline_secret(scope, id))
        .await?;
    Ok(Json(DescribePipelineSecretResponse {
        pipeline_secret: Some(secret_dto(&secret)),
    }))
}

async fn update(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<i64>,
    Query(ws): Query<WorkspaceParams>,
    Body(req): Body<UpdatePipelineSecretRequest>,
) -> Result<StatusCode, ApiError> {
    let scope = ws.scope();
    let value = SecretString::new(required(req.value, "value")?);
    s.write(actor, move |cx| {
        cx.update_pipeline_secret(scope, id, &value).map(drop)
    })
    .await?;
    Ok(NO_CONTENT)
}

async fn remove(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<i64>,
    Query(ws): Query<WorkspaceParams>,
) -> Result<StatusCode, ApiError> {
    let scope = ws.scope();
    s.write(actor, move |cx| cx.delete_pipeline_secret(scope, id))
        .await?;
    Ok(NO_CONTENT)
}

/// 204 when the name is valid and free in the workspace, 400 when invalid, 409 when taken.
async fn validate(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(params): Query<NameInWorkspace>,
) -> Result<StatusCode, ApiError> {
    params
        .check(&s, actor, |cx, scope, name| {
            cx.check_pipeline_secret_name(scope, name)
        })
        .await
}
