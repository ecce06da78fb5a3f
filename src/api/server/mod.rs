//! `nfdeck serve`: the Seqera REST API over the embedded engine (axum on tokio). Every request
//! but `GET /service-info` needs a token; the engine checks the caller's role for every read
//! and write, exactly as in embedded mode. One file per area, plus auth, errors, extractors.

mod actions;
mod answers;
mod audit;
mod auth;
mod bodies;
mod catalog;
mod changes;
mod coerce;
mod compute;
mod conditional;
mod credentials;
mod errors;
mod ext;
mod ext_settings;
mod extract;
mod json;
mod labels;
mod listen;
mod members;
mod orgs;
mod participants;
mod pipelines;
mod role_writes;
mod roles;
mod secrets;
mod strict;
mod studios;
mod teams;
mod tokens;
mod trace;
mod trace_body;
mod unoffered;
mod user;
mod users;
mod workflow;
mod workflow_changes;
mod workspaces;

pub use errors::{ApiError, RETRY_AFTER_SECS, status_of};
pub use listen::ConnLimits;
pub use unoffered::NOT_OFFERED;

use crate::domain::{Result, UserId};
use crate::engine::progress_reports::{ProgressReport, Reporter};
use crate::engine::{Actor, Ctx, SharedEngine};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::Response;
use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

/// The largest request body accepted (1 MiB); larger ones get 413.
pub const BODY_LIMIT: usize = 1 << 20;

/// What every handler shares.
pub struct ServerState {
    pub engine: SharedEngine,
    /// The operator's user id: their tokens act with root rights, as the operator does in
    /// embedded mode. None serves every token with its user's own rights only.
    pub operator: Option<UserId>,
    /// Serve nfdeck's extension endpoints (and announce them). Without them the server offers
    /// only what Seqera's own servers do, which is how clients are checked against those.
    pub extensions: bool,
    /// Timeouts and the cap on open connections.
    pub connections: ConnLimits,
}

impl ServerState {
    /// A server over `engine` with the extensions on.
    pub fn new(engine: SharedEngine, operator: Option<UserId>) -> Self {
        Self {
            engine,
            operator,
            extensions: true,
            connections: ConnLimits::default(),
        }
    }
}

pub type AppState = Arc<ServerState>;

impl ServerState {
    /// Runs read-only engine work as the caller.
    pub(crate) async fn read<T, F>(&self, actor: Actor, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx) -> Result<T> + Send + 'static,
    {
        Ok(self.engine.read(actor, f).await?)
    }

    /// Runs engine changes as the caller, in one transaction.
    pub(crate) async fn write<T, F>(&self, actor: Actor, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx) -> Result<T> + Send + 'static,
    {
        Ok(self.engine.write(actor, f).await?)
    }

    /// Records a Nextflow progress report (`SharedEngine::report_progress`).
    pub(crate) async fn report_progress(
        &self,
        reporter: Reporter,
        report: ProgressReport<'static>,
    ) -> Result<(), ApiError> {
        Ok(self.engine.report_progress(reporter, report).await?)
    }

    /// `write` for a change that only records a run's progress (`SharedEngine::write_run_progress`).
    pub(crate) async fn write_run_progress<T, F>(&self, actor: Actor, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx) -> Result<T> + Send + 'static,
    {
        Ok(self.engine.write_run_progress(actor, f).await?)
    }
}

/// Every endpoint, with the body limit and request logging.
pub fn router(state: ServerState) -> Router {
    let ext = if state.extensions {
        ext::routes()
            .merge(ext_settings::routes())
            .merge(changes::routes())
    } else {
        Router::new()
    };
    let state = Arc::new(state);
    Router::new()
        .merge(user::routes(state.extensions))
        .merge(users::routes())
        .merge(audit::routes())
        .merge(tokens::routes())
        .merge(secrets::routes())
        .merge(catalog::routes())
        .merge(roles::routes())
        .merge(orgs::routes())
        .merge(members::routes())
        .merge(teams::routes())
        .merge(workspaces::routes())
        .merge(participants::routes())
        .merge(studios::routes())
        .merge(labels::routes())
        .merge(pipelines::routes())
        .merge(compute::routes())
        .merge(credentials::routes())
        .merge(workflow::routes())
        .merge(workflow_changes::routes())
        .merge(actions::routes())
        .merge(trace::routes())
        .merge(ext)
        .merge(unoffered::routes())
        .fallback(unoffered::not_offered)
        .method_not_allowed_fallback(unoffered::method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(
            conditional::Conditional::new(state.clone()),
            conditional::conditional,
        ))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// Logs method, path, status and time of every request. Never headers (they carry tokens) nor
/// query strings or bodies.
async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let status = response.status();
    let ms = started.elapsed().as_millis() as u64;
    if status.is_server_error() {
        tracing::warn!(%method, path, status = status.as_u16(), ms, "request failed");
    } else {
        tracing::info!(%method, path, status = status.as_u16(), ms, "request");
    }
    response
}

/// Serves `router` on `listener` until `shutdown` completes, closing idle connections (see
/// `listen`); then waits for the requests in progress.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: ServerState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let limits = state.connections;
    listen::run(listener, router(state), limits, shutdown).await;
    Ok(())
}

/// 204 No Content, the answer to most updates and deletes.
pub(crate) const NO_CONTENT: StatusCode = StatusCode::NO_CONTENT;
