//! `GET /ext/nfdeck/changes`: the database's change counter, for any signed-in caller. A
//! remote nfdeck polls it and loads its lists again only when it moved (one tiny request per
//! `refresh_seconds` while nothing changes). The counter says only that something, somewhere,
//! was written, never what.

use super::AppState;
use super::auth::Caller;
use super::errors::ApiError;
use super::json::Json;
use crate::api::EXT_PREFIX;
use crate::api::dto::ext::ExtChangesResponse;
use axum::Router;
use axum::extract::State;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new().route(&format!("{EXT_PREFIX}/changes"), get(changes))
}

async fn changes(
    State(s): State<AppState>,
    Caller(_): Caller,
) -> Result<Json<ExtChangesResponse>, ApiError> {
    let changes = s.engine.change_count().await?;
    Ok(Json(ExtChangesResponse {
        changes: Some(changes),
    }))
}
