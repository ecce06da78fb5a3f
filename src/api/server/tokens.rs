//! The caller's own access tokens (`/tokens`): list, create (the token is in the answer, once),
//! revoke one, revoke all.

use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Body, Path};
use super::json::Json;
use super::{AppState, NO_CONTENT};
use crate::api::convert::required;
use crate::api::convert::users::token_dto;
use crate::api::dto::{
    CreateAccessTokenRequest, CreateAccessTokenResponse, ListAccessTokensResponse,
};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/tokens", get(list).post(create))
        .route("/tokens/delete-all", delete(delete_all))
        .route("/tokens/{tokenId}", delete(remove))
}

async fn list(
    State(s): State<AppState>,
    Caller(actor): Caller,
) -> Result<Json<ListAccessTokensResponse>, ApiError> {
    let tokens = s.read(actor, |cx| cx.list_my_tokens()).await?;
    Ok(Json(ListAccessTokensResponse {
        tokens: Some(tokens.into_iter().map(token_dto).collect()),
    }))
}

async fn create(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Body(req): Body<CreateAccessTokenRequest>,
) -> Result<Json<CreateAccessTokenResponse>, ApiError> {
    let name = required(req.name, "name")?;
    let (created, token) = s.write(actor, move |cx| cx.create_my_token(&name)).await?;
    Ok(Json(CreateAccessTokenResponse {
        access_key: Some(token),
        token: Some(token_dto(created)),
    }))
}

async fn remove(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    s.write(actor, move |cx| cx.delete_my_token(id)).await?;
    Ok(NO_CONTENT)
}

async fn delete_all(
    State(s): State<AppState>,
    Caller(actor): Caller,
) -> Result<StatusCode, ApiError> {
    s.write(actor, |cx| cx.delete_all_my_tokens().map(drop))
        .await?;
    Ok(NO_CONTENT)
}
