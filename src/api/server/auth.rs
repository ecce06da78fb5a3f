//! Who is calling: `Authorization: Bearer <token>`, or Nextflow's fallback `Basic` with user
//! `@token` and the token as password. The token is looked up by its hash; it is never logged.

use super::AppState;
use super::errors::ApiError;
use crate::domain::{Error, Result};
use crate::engine::Actor;
use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

/// The authenticated caller, acting with their own permissions (or the operator's, for the
/// operator's tokens).
pub struct Caller(pub Actor);

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(known) = parts.extensions.remove::<Authenticated>() {
            return Ok(caller(state, known.actor, known.stale_use));
        }
        let token = token_from(&parts.headers)?;
        let (actor, stale_use) = state
            .engine
            .lookup(move |engine| engine.actor_for_token(&token))
            .await?;
        Ok(caller(state, actor, stale_use))
    }
}

/// A request's access token, not looked up yet: the progress endpoint hands it to the writer
/// with the report (`progress_reports::Reporter::Token`), which looks each token up once for all
/// the reports it records together instead of one read per request. A request without a
/// readable token is refused here, before its body is read.
pub struct Credential(pub String);

impl FromRequestParts<AppState> for Credential {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, ApiError> {
        Ok(Credential(token_from(&parts.headers)?))
    }
}

/// A caller whose token a middleware has already looked up in this request (`conditional`,
/// for GETs): put in the request's extensions, which only the server itself can write.
#[derive(Clone)]
pub struct Authenticated {
    pub actor: Actor,
    /// The token's id when its last use is due to be recorded.
    pub stale_use: Option<i64>,
}

fn caller(state: &AppState, mut actor: Actor, stale_use: Option<i64>) -> Caller {
    record_use(state, stale_use);
    actor.operator = state.operator == Some(actor.user_id);
    Caller(actor)
}

fn missing() -> Error {
    Error::unauthorized(
        "this endpoint needs an access token: send `Authorization: Bearer <token>` (create one with `nfdeck token create --user EMAIL`)",
    )
}

/// Records a token's use when the last record is older than its resolution (`stale_use` is
/// the token's id then); the request does not wait for it.
pub fn record_use(state: &AppState, stale_use: Option<i64>) {
    let Some(id) = stale_use else {
        return;
    };
    let engine = state.engine.clone();
    tokio::spawn(async move {
        if let Err(e) = engine.run(move |engine| engine.touch_token(id)).await {
            tracing::warn!("recording token {id}'s use: {}", e.message);
        }
    });
}

/// The token of a request's `Authorization` header.
pub fn token_from(headers: &HeaderMap) -> Result<String> {
    let value = headers.get(AUTHORIZATION).ok_or_else(missing)?;
    let value = value
        .to_str()
        .map_err(|_| Error::unauthorized("the Authorization header is not readable text"))?;
    let (scheme, credentials) = value.trim().split_once(' ').ok_or_else(missing)?;
    let token = if scheme.eq_ignore_ascii_case("bearer") {
        credentials.trim().to_string()
    } else if scheme.eq_ignore_ascii_case("basic") {
        basic_token(credentials.trim())?
    } else {
        return Err(Error::unauthorized(format!(
            "the Authorization scheme '{scheme}' is not supported (use Bearer)"
        )));
    };
    if token.is_empty() {
        return Err(missing());
    }
    Ok(token)
}

/// Nextflow sends tokens it cannot tell apart as `Basic base64("@token:<token>")`.
fn basic_token(credentials: &str) -> Result<String> {
    let bad = || Error::unauthorized("Basic credentials must be user `@token` and the token");
    let decoded = BASE64.decode(credentials).map_err(|_| bad())?;
    let text = String::from_utf8(decoded).map_err(|_| bad())?;
    match text.split_once(':') {
        Some(("@token", token)) => Ok(token.to_string()),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn bearer_and_basic_tokens() {
        assert_eq!(token_from(&headers("Bearer abc")).unwrap(), "abc");
        assert_eq!(token_from(&headers("bearer  abc ")).unwrap(), "abc");
        let basic = format!("Basic {}", BASE64.encode("@token:abc"));
        assert_eq!(token_from(&headers(&basic)).unwrap(), "abc");
        let wrong_user = format!("Basic {}", BASE64.encode("ana:abc"));
        assert!(token_from(&headers(&wrong_user)).is_err());
        assert!(token_from(&headers("Digest x")).is_err());
        assert!(token_from(&headers("Bearer")).is_err());
        assert!(token_from(&HeaderMap::new()).is_err());
    }
}
