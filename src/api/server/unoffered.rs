//! What the server answers for what it does not serve: 404 for a path it has no endpoint for,
//! 405 for a method a path does not take, both with the `{"message": ...}` body every error
//! has. The spec's fixed paths that sit beside an `{id}` route (`/pipelines/info` beside
//! `/pipelines/{pipelineId}`) are routed here explicitly: without that they would reach the
//! `{id}` handler and answer a parse error or "pipeline 'info' not found".

use super::AppState;
use super::errors::ApiError;
use crate::domain::Error;
use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::routing::{MethodFilter, on};

/// Spec paths nfdeck does not offer whose last segment would otherwise be taken for an id, with
/// the method the spec gives them.
pub const NOT_OFFERED: &[(&str, &str)] = &[
    ("GET", "/pipelines/info"),
    ("GET", "/pipelines/repositories"),
    ("GET", "/workflow/validate"),
    ("GET", "/admin/audit-logs-v2/export-csv"),
];

pub fn routes() -> Router<AppState> {
    NOT_OFFERED
        .iter()
        .fold(Router::new(), |router, (method, path)| {
            let filter = match *method {
                "GET" => MethodFilter::GET,
                "POST" => MethodFilter::POST,
                other => unreachable!("no method {other} in NOT_OFFERED"),
            };
            router.route(path, on(filter, not_offered).fallback(method_not_allowed))
        })
}

/// 404 with a message that says the endpoint is not nfdeck's, not that an object is missing.
pub async fn not_offered(request: Request) -> ApiError {
    ApiError::from(Error::not_found(format!(
        "nfdeck does not offer {} {}",
        request.method(),
        request.uri().path()
    )))
}

/// 405 with a message naming the method and the path.
pub async fn method_not_allowed(request: Request) -> ApiError {
    ApiError::rejected_as(
        StatusCode::METHOD_NOT_ALLOWED,
        format!(
            "{} is not allowed on {} (nfdeck does not offer it)",
            request.method(),
            request.uri().path()
        ),
    )
}
