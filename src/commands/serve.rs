//! `nfdeck serve [--listen ADDR] [--db PATH]`: the embedded database over the Seqera REST API.

use super::Context;
use crate::api::server::{self, ServerState};
use crate::cli::{GlobalArgs, ServeArgs};
use crate::domain::{Error, Result};
use crate::engine::{Engine, SharedEngine};
use crate::signals;
use std::path::PathBuf;
use std::process::ExitCode;

pub async fn run(ctx: &Context, global: &GlobalArgs, args: &ServeArgs) -> Result<ExitCode> {
    if global.act_as.is_some() {
        return Err(Error::invalid(
            "serve acts as each request's token user; --as does not apply",
        ));
    }
    // Watched from here on, so a signal sent once the address is printed stops gracefully.
    let stop_signal = signals::watch();
    let client = ctx.embedded_client(global).await?;
    let location = crate::config::db_path(
        global.db.clone(),
        &crate::config::process_env,
        &ctx.config,
        &ctx.dirs,
    );
    let engine = with_readers(client.engine().clone(), location).await?;
    // The operator's own tokens act with root rights, as the operator does in embedded mode.
    let email = ctx.operator_email();
    let operator = engine.run(move |e| e.operator(&email)).await?;
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .map_err(|e| Error::invalid(format!("cannot listen on {}: {e}", args.listen)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::internal(format!("cannot read the listening address: {e}")))?;
    eprintln!(
        "nfdeck serve: http://{addr} on {} (requests are logged to {}).\n\
         Create a token with `nfdeck token create --user EMAIL`; the operator ({}) has root rights. Ctrl-C (or SIGTERM, SIGHUP, SIGQUIT) stops.",
        engine.label(),
        ctx.dirs.log_file().display(),
        operator.email
    );
    tracing::info!(%addr, "serving");
    let state = ServerState {
        extensions: !args.spec_only,
        ..ServerState::new(engine, Some(operator.user_id))
    };
    // A stop signal ends the serving gracefully (requests under way finish); the exit status
    // is then 128 + the signal's number, as for the other commands.
    let (stopped, stop) = tokio::sync::oneshot::channel();
    let shutdown = async move {
        let _ = stopped.send(stop_signal.stopped().await);
    };
    server::serve(listener, state, shutdown).await?;
    let stop = stop.await.ok();
    eprintln!(
        "nfdeck serve: stopped{}",
        stop.map(|s| format!(" by {}", s.name)).unwrap_or_default()
    );
    Ok(stop.map_or(ExitCode::SUCCESS, |s| s.exit_code()))
}

/// Reads on connections of their own, next to the one writer, so they use every core and never
/// queue behind writes: more connections to the same file (WAL), or to the same PostgreSQL
/// database (`location`, the `--db` URL). A database in memory has only the one connection.
/// A file's WAL checkpoints run beside the writer too, so that no commit waits for one.
async fn with_readers(engine: SharedEngine, location: PathBuf) -> Result<SharedEngine> {
    let (postgres, path) = engine
        .run(|e| Ok((e.on_postgres(), e.path().map(|p| p.to_path_buf()))))
        .await?;
    if postgres {
        // Enough connections to keep every core busy while others wait on the network, all
        // opened now: a request never waits for one, and the server fails at start, not on
        // its first request, if they cannot be opened.
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let engine = engine.with_blocking_readers(4 * cores, move || Engine::open(&location));
        engine.open_readers()?;
        return Ok(engine);
    }
    Ok(match path {
        Some(path) => {
            Engine::open_reader(&path)?;
            engine.run(|e| e.checkpoint_in_background()).await?;
            engine.with_readers(move || Engine::open_reader(&path))
        }
        None => engine,
    })
}
