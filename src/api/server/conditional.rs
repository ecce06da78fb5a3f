//! Conditional GETs: every successful GET carries an `ETag` made of the database's change
//! counter, the caller's token and the URL, and a GET whose `If-None-Match` names the current
//! tag gets `304 Not Modified` with no body, after the token is checked, without running the
//! handler. Nothing in the database changed since that answer (any committed write moves the
//! counter), the same caller asked for the same URL, so it is still the answer; a client
//! polling an unchanged list costs one counter read and one token lookup.

use super::AppState;
use super::auth::token_from;
use axum::extract::{Request, State};
use axum::http::header::{ETAG, IF_NONE_MATCH, VARY};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

pub async fn conditional(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    // Without a token the handler answers (401, or the public service info) as usual.
    let Ok(token) = token_from(request.headers()) else {
        return next.run(request).await;
    };
    // Read before the handler runs: a write that lands meanwhile makes the next tag differ,
    // so a tag never stands for data older than its answer.
    let Ok(stamp) = state.engine.change_count().await else {
        return next.run(request).await;
    };
    let tag = tag(stamp, &token, &request.uri().to_string());
    if asks_for(&request, &tag) {
        let known = state
            .engine
            .lookup(move |engine| engine.actor_for_token(&token))
            .await
            .is_ok();
        if known {
            return not_modified(&tag);
        }
        return next.run(request).await; // the handler refuses the token
    }
    let mut response = next.run(request).await;
    if response.status() == StatusCode::OK
        && let Ok(value) = HeaderValue::from_str(&tag)
    {
        response.headers_mut().insert(ETAG, value);
        response
            .headers_mut()
            .insert(VARY, HeaderValue::from_static("Authorization"));
    }
    response
}

/// `"<16 hex digits>"`: a digest, so the tag reveals neither the token nor the counter.
fn tag(stamp: u64, token: &str, uri: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(stamp.to_be_bytes());
    hash.update(token.as_bytes());
    hash.update([0]);
    hash.update(uri.as_bytes());
    format!("\"{}\"", hex::encode(&hash.finalize()[..8]))
}

/// Whether `If-None-Match` lists `tag` (or `*`); weak tags compare equal to strong ones, as
/// RFC 9110 says for this header.
fn asks_for(request: &Request, tag: &str) -> bool {
    request
        .headers()
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == tag || t == "*")
}

fn not_modified(tag: &str) -> Response {
    let mut response = StatusCode::NOT_MODIFIED.into_response();
    if let Ok(value) = HeaderValue::from_str(tag) {
        response.headers_mut().insert(ETAG, value);
    }
    response
        .headers_mut()
        .insert(VARY, HeaderValue::from_static("Authorization"));
    response
}

#[cfg(test)]
mod tests {
    use super::tag;

    #[test]
    fn the_tag_changes_with_the_counter_the_caller_and_the_url() {
        let base = tag(7, "token-a", "/workflow?workspaceId=1");
        assert_eq!(base, tag(7, "token-a", "/workflow?workspaceId=1"));
        assert_ne!(base, tag(8, "token-a", "/workflow?workspaceId=1"));
        assert_ne!(base, tag(7, "token-b", "/workflow?workspaceId=1"));
        assert_ne!(base, tag(7, "token-a", "/workflow?workspaceId=2"));
        assert!(!base.contains("token"));
    }
}
