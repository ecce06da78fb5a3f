//! Runs what the command line asked for. Errors are printed on stderr (before any terminal UI
//! takes the screen) and give a non-zero exit code.

mod apply;
mod audit;
mod bench_data;
mod context;
pub mod demo;
mod export;
mod progress;
mod runs;
mod serve;
pub mod simulate;
mod token;
mod tui;

pub use apply::{apply_text, apply_text_reporting, apply_text_with};
pub use context::{Backend, Context, RemoteSettings, backend};

use crate::cli::{Cli, Command};
use crate::domain::Result;
use crate::signals::{self, Stop};
use std::process::ExitCode;

/// Runs the command; prints any error and returns the exit code.
pub fn run(cli: Cli) -> ExitCode {
    crate::tui::probe::mark_start();
    match run_inner(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("nfdeck: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run_inner(cli: Cli) -> Result<ExitCode> {
    let ctx = Context::load(&cli.global)?;
    let _log = crate::logging::init(&ctx.dirs.log_file(), &ctx.log_level());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            crate::domain::Error::internal(format!("cannot start the async runtime: {e}"))
        })?;
    let global = &cli.global;
    let outcome = runtime.block_on(async {
        let done = |code: Result<ExitCode>| code.map(Outcome::Done);
        match &cli.command {
            Some(Command::Apply(args)) => stoppable("apply", apply::run(&ctx, global, args)).await,
            Some(Command::Export(args)) => {
                stoppable("export", export::run(&ctx, global, args)).await
            }
            Some(Command::Audit(args)) => done(audit::run(&ctx, global, args).await),
            Some(Command::Serve(args)) => done(serve::run(&ctx, global, args).await),
            Some(Command::Token(command)) => done(token::run(&ctx, global, command).await),
            Some(Command::Runs(command)) => {
                stoppable("runs watch", runs::run(&ctx, global, command)).await
            }
            Some(Command::BenchData(args)) => done(bench_data::run(args)),
            None => done(tui::run(&ctx, global, cli.first_frame).await),
        }
    });
    match outcome? {
        Outcome::Done(code) => Ok(code),
        Outcome::Stopped(stop) => {
            // Not waiting for the engine: an apply's transaction still under way must not
            // commit after the user asked to stop.
            runtime.shutdown_background();
            Ok(stop.exit_code())
        }
    }
}

enum Outcome {
    Done(ExitCode),
    Stopped(Stop),
}

/// Runs an `apply` or `export` until it ends or a stop signal arrives. On a signal it says so
/// on stderr (after clearing a progress bar's line) and the command exits with 128 + the
/// signal's number, as the shell reports a program a signal ended.
async fn stoppable(command: &str, work: impl Future<Output = Result<ExitCode>>) -> Result<Outcome> {
    match signals::until_stopped(work).await {
        Ok(result) => result.map(Outcome::Done),
        Err(stop) => {
            use std::io::IsTerminal;
            let clear = if std::io::stderr().is_terminal() {
                "\r\x1b[2K"
            } else {
                ""
            };
            eprintln!(
                "{clear}nfdeck: {command} stopped by {} before it finished{}",
                stop.name,
                if command == "apply" {
                    " (the embedded database writes an apply only once all of it is done; against a server the changes made so far stay: `nfdeck apply --dry-run FILE` shows what is left)"
                } else {
                    ""
                }
            );
            Ok(Outcome::Stopped(stop))
        }
    }
}
