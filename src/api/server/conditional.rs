//! Conditional GETs: every successful GET carries an `ETag` made of the database's change
//! counter, the caller's token and the URL, and a GET whose `If-None-Match` names the current
//! tag gets `304 Not Modified` with no body, after the token is checked, without running the
//! handler. Nothing in the database changed since that answer (any committed write moves the
//! counter), the same caller asked for the same URL, so it is still the answer; a client
//! polling an unchanged list costs one counter read and one token lookup. For the same reason
//! the answer itself is kept by its tag (`answers`): asked again without `If-None-Match`, the
//! same bytes go out without the handler running (the counter and the token are still read
//! for every request, so a write or a revoked token is seen at once). Pages about people
//! follow a second count that Nextflow's progress reports do not move (`about_people`).

use super::AppState;
use super::answers::{Answer, Answers};
use super::auth::{Authenticated, record_use, token_from};
use axum::body::Body;
use axum::body::HttpBody as _;
use axum::extract::{Request, State};
use axum::http::header::{ETAG, HOST, IF_NONE_MATCH, VARY};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// What the middleware needs: the server, and the answers it keeps.
#[derive(Clone)]
pub struct Conditional {
    pub state: AppState,
    pub answers: Arc<Answers>,
}

impl Conditional {
    pub fn new(state: AppState) -> Self {
        Self {
            state,
            answers: Arc::new(Answers::default()),
        }
    }
}

pub async fn conditional(
    State(c): State<Conditional>,
    mut request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    // Without a token the handler answers (401, or the public service info) as usual.
    let Ok(token) = token_from(request.headers()) else {
        return next.run(request).await;
    };
    // Read before the handler runs: a write that lands meanwhile makes the next tag differ,
    // so a tag never stands for data older than its answer.
    let probe = token.clone();
    let about_people = about_people(request.uri().path());
    let looked = c.state.engine.lookup(move |engine| {
        let (counts, caller) = engine.counts_and_token_holder(&probe)?;
        // A page about people depends on nothing a run's progress report writes, so its tag
        // follows only the other writes: it stays kept while pipelines report.
        let stamp = match about_people {
            true => counts.admin,
            false => counts.all,
        };
        Ok((stamp, caller.ok()))
    });
    let Ok((stamp, Some((actor, stale_use)))) = looked.await else {
        // The handler refuses an unknown token (or answers a failed read) as usual.
        return next.run(request).await;
    };
    let tag = tag(stamp, &token, &request.uri().to_string());
    if asks_for(&request, &tag) {
        record_use(&c.state, stale_use);
        return not_modified(&tag);
    }
    let key = keep_key(&request, &tag);
    if let Some(key) = &key
        && let Some(answer) = c.answers.get(key)
    {
        record_use(&c.state, stale_use);
        return kept(answer, &tag);
    }
    // The handler's `Caller` takes the caller from here instead of looking the token up again.
    request
        .extensions_mut()
        .insert(Authenticated { actor, stale_use });
    let mut response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    if let Ok(value) = HeaderValue::from_str(&tag) {
        response.headers_mut().insert(ETAG, value);
        response
            .headers_mut()
            .insert(VARY, HeaderValue::from_static("Authorization"));
    }
    match key {
        Some(key) => keep(&c.answers, key, response).await,
        None => response,
    }
}

/// The key an answer to this request is kept under, or None for a GET whose answer changes
/// without a write: a random run name, and the token list (a token's last use is recorded
/// outside the change counter), and the audit log (its filters may be relative to now).
fn keep_key(request: &Request, tag: &str) -> Option<String> {
    let path = request.uri().path();
    let unsteady = path == "/workflow/random-name"
        || path.starts_with("/tokens")
        || path.starts_with("/admin/audit")
        || path.starts_with("/audit");
    if unsteady {
        return None;
    }
    // The host too: an answer may name this server (a run's watch URL does).
    let host = request
        .headers()
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    Some(format!("{tag} {host}"))
}

/// Keeps a 200 answer whose size is known and small enough, and sends it on.
async fn keep(answers: &Answers, key: String, response: Response) -> Response {
    let fits = response
        .body()
        .size_hint()
        .exact()
        .is_some_and(|n| Answers::fits(n as usize));
    if !fits {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        // Cannot happen for a body of known size; answered as every error is, all the same.
        let message = serde_json::json!({ "message": "the answer could not be read" });
        return (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(message)).into_response();
    };
    answers.put(
        key,
        Answer {
            body: bytes.clone(),
            headers: parts.headers.clone(),
        },
    );
    Response::from_parts(parts, Body::from(bytes))
}

/// A kept answer, sent again.
fn kept(answer: Answer, tag: &str) -> Response {
    let mut response = Response::new(Body::from(answer.body));
    *response.headers_mut() = answer.headers;
    if let Ok(value) = HeaderValue::from_str(tag) {
        response.headers_mut().insert(ETAG, value);
    }
    response
}

/// `"<16 hex digits>"`: a digest, so the tag reveals neither the token nor the counter.
/// The pages whose answers read only people and roles (members, collaborators, teams and
/// their members, a workspace's participants) with their org and workspace rows, none of
/// which a run's progress report changes (`store::changes::Changed::RunProgress`: runs,
/// tasks, run counts, spend). Add a page here only if that holds for every table it reads.
fn about_people(path: &str) -> bool {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let id = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match segments.as_slice() {
        ["orgs", org, "members" | "collaborators" | "teams"] => id(org),
        ["orgs", org, "teams", team] => id(org) && id(team),
        ["orgs", org, "teams", team, "members"] => id(org) && id(team),
        ["orgs", org, "workspaces", ws, "participants"] => id(org) && id(ws),
        _ => false,
    }
}

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
    use super::{about_people, tag};

    #[test]
    fn only_pages_about_people_follow_the_admin_count() {
        for path in [
            "/orgs/1/members",
            "/orgs/1/collaborators",
            "/orgs/1/teams",
            "/orgs/1/teams/2",
            "/orgs/1/teams/2/members",
            "/orgs/1/workspaces/3/participants",
        ] {
            assert!(about_people(path), "{path}");
        }
        for path in [
            "/workflow",
            "/orgs/1/workspaces/3",
            "/orgs/1/teams/2/workspaces",
            "/orgs/x/members",
            "/orgs/1/workspaces/3/participants/4",
            "/orgs//members",
            "/",
        ] {
            assert!(!about_people(path), "{path}");
        }
    }

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
