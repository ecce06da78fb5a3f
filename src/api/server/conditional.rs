//! Conditional GETs: every successful GET carries an `ETag` made of the database's change
//! counter, the caller's token and the URL, and a GET whose `If-None-Match` names the current
//! tag gets `304 Not Modified` with no body, after the token is checked, without running the
//! handler. Nothing in the database changed since that answer (any committed write moves the
//! counter), the same caller asked for the same URL, so it is still the answer; a client
//! polling an unchanged list costs one counter read and one token lookup. For the same reason
//! the answer itself is kept by its tag (`answers`): asked again without `If-None-Match`, the
//! same bytes go out without the handler running (the counter and the token are still read
//! for every request, so a write or a revoked token is seen at once). Pages about people
//! follow a second count that Nextflow's progress reports do not move (`about_people`), and
//! pages of one workspace's runs that count and the one their workspace's reports move
//! (`workspace_runs`), so they stay kept while pipelines report elsewhere.

use super::AppState;
use super::answers::{Answer, Answers};
use super::auth::{Authenticated, record_use, token_from};
use super::extract::WorkspaceParams;
use crate::domain::WorkspaceId;
use axum::body::Body;
use axum::body::HttpBody as _;
use axum::extract::{Query, Request, State};
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
    let follows = follows(&request);
    let looked = c.state.engine.lookup(move |engine| {
        let (counts, progress, caller) =
            engine.counts_and_token_holder(&probe, follows.workspace())?;
        // A page about people depends on nothing a run's progress report writes, and a page
        // of one workspace's runs on no other workspace's reports: their tags follow only
        // the writes they depend on, so they stay kept while pipelines report elsewhere.
        let stamp = match follows {
            Follows::Everything => [counts.all, 0],
            Follows::People => [counts.admin, 0],
            Follows::WorkspaceRuns(_) => [counts.admin, progress],
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

/// Which writes a GET's answer depends on, so which counts its tag is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Follows {
    /// Any write (`Counts::all`).
    Everything,
    /// Writes other than runs' progress (`Counts::admin`): see `about_people`.
    People,
    /// Writes other than runs' progress, and those that recorded progress of this
    /// workspace's runs (`store::changes::workspace_progress`): see `workspace_runs`.
    WorkspaceRuns(WorkspaceId),
}

impl Follows {
    fn workspace(self) -> Option<WorkspaceId> {
        match self {
            Follows::WorkspaceRuns(ws) => Some(ws),
            _ => None,
        }
    }
}

fn follows(request: &Request) -> Follows {
    let path = request.uri().path();
    if about_people(path) {
        return Follows::People;
    }
    if !workspace_runs(path) {
        return Follows::Everything;
    }
    // Read by the type and the parser the handlers read it with, so that both see the same
    // workspace (a second `workspaceId` is refused by both).
    match Query::<WorkspaceParams>::try_from_uri(request.uri()) {
        Ok(Query(WorkspaceParams {
            workspace_id: Some(ws),
        })) => Follows::WorkspaceRuns(ws),
        // The personal workspace: its id is the caller's, not in the URL.
        _ => Follows::Everything,
    }
}

/// The pages whose answers read one workspace's runs and their tasks (with the workspace,
/// its labels, compute environments and pipelines, and the caller's role there), and nothing
/// another workspace's progress reports change: the runs list, a run, its progress, tasks,
/// one task and metrics. Add a page here only if that holds for every table it reads; an
/// answer that depends on the time (`/workflow/random-name`) or on the org's spend must not
/// be here.
fn workspace_runs(path: &str) -> bool {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let run = |s: &str| !s.is_empty() && !matches!(s, "random-name" | "launch");
    match segments.as_slice() {
        ["workflow"] => true,
        ["workflow", id] => run(id),
        ["workflow", id, "progress" | "tasks" | "metrics"] => run(id),
        ["workflow", id, "task", task] => run(id) && !task.is_empty(),
        _ => false,
    }
}

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

/// `"<16 hex digits>"`: a digest, so the tag reveals neither the token nor the counts.
fn tag(stamp: [u64; 2], token: &str, uri: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(stamp[0].to_be_bytes());
    hash.update(stamp[1].to_be_bytes());
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
    use super::{Follows, about_people, follows, tag};
    use axum::body::Body;
    use axum::extract::Request;

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

    fn get(uri: &str) -> Request {
        Request::builder().uri(uri).body(Body::empty()).unwrap()
    }

    #[test]
    fn pages_of_one_workspaces_runs_follow_its_progress_count() {
        for uri in [
            "/workflow?workspaceId=3",
            "/workflow?workspaceId=3&max=50&search=status:FAILED",
            "/workflow/4Xl9?workspaceId=3",
            "/workflow/4Xl9/progress?workspaceId=3",
            "/workflow/4Xl9/tasks?max=10&workspaceId=3",
            "/workflow/4Xl9/task/12?workspaceId=3",
            "/workflow/4Xl9/metrics?workspaceId=3",
            // The handlers read `+3` and `03` as 3 too (the same parser reads it here).
            "/workflow?workspaceId=%2B3",
            "/workflow?workspaceId=03",
        ] {
            assert_eq!(follows(&get(uri)), Follows::WorkspaceRuns(3), "{uri}");
        }
        for uri in [
            // The personal workspace: its id is not in the URL.
            "/workflow",
            "/workflow/4Xl9",
            // A second workspace, or one that is not a number: the handler refuses it.
            "/workflow?workspaceId=3&workspaceId=4",
            "/workflow?workspaceId=x",
            "/workflow/random-name?workspaceId=3",
            "/workflow/4Xl9/launch?workspaceId=3",
            "/workflow/4Xl9/cancel?workspaceId=3",
            "/orgs/1/workspaces/3?workspaceId=3",
            "/workspaces/3/settings/studios?workspaceId=3",
        ] {
            assert_eq!(follows(&get(uri)), Follows::Everything, "{uri}");
        }
        assert_eq!(
            follows(&get("/orgs/1/workspaces/3/participants?workspaceId=3")),
            Follows::People
        );
    }

    #[test]
    fn the_tag_changes_with_the_counts_the_caller_and_the_url() {
        let base = tag([7, 0], "token-a", "/workflow?workspaceId=1");
        assert_eq!(base, tag([7, 0], "token-a", "/workflow?workspaceId=1"));
        assert_ne!(base, tag([8, 0], "token-a", "/workflow?workspaceId=1"));
        assert_ne!(base, tag([7, 1], "token-a", "/workflow?workspaceId=1"));
        assert_ne!(base, tag([7, 0], "token-b", "/workflow?workspaceId=1"));
        assert_ne!(base, tag([7, 0], "token-a", "/workflow?workspaceId=2"));
        assert!(!base.contains("token"));
    }
}
