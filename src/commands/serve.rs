//! `nfdeck serve [--listen ADDR] [--db PATH]`: the embedded database over the Seqera REST API.

use super::Context;
use crate::api::server::{self, ServerState};
use crate::cli::{GlobalArgs, ServeArgs};
use crate::domain::{Error, Result};
use std::process::ExitCode;

pub async fn run(ctx: &Context, global: &GlobalArgs, args: &ServeArgs) -> Result<ExitCode> {
    if global.act_as.is_some() {
        return Err(Error::invalid(
            "serve acts as each request's token user; --as does not apply",
        ));
    }
    let client = ctx.embedded_client(global).await?;
    let engine = client.engine().clone();
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
         Create a token with `nfdeck token create --user EMAIL`; the operator ({}) has root rights. Ctrl-C (or SIGTERM) stops.",
        engine.label(),
        ctx.dirs.log_file().display(),
        operator.email
    );
    tracing::info!(%addr, "serving");
    let state = ServerState {
        extensions: !args.spec_only,
        ..ServerState::new(engine, Some(operator.user_id))
    };
    server::serve(listener, state, shutdown()).await?;
    eprintln!("nfdeck serve: stopped");
    Ok(ExitCode::SUCCESS)
}

/// Completes on Ctrl-C or (on Unix) SIGTERM; a signal that cannot be watched never fires.
async fn shutdown() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        () = interrupt => {}
        () = terminate() => {}
    }
}

#[cfg(unix)]
async fn terminate() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            term.recv().await;
        }
        Err(_) => std::future::pending::<()>().await,
    }
}

#[cfg(not(unix))]
async fn terminate() {
    std::future::pending::<()>().await;
}
