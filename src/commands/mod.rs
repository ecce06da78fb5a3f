//! Runs what the command line asked for. Errors are printed on stderr (before any terminal UI
//! takes the screen) and give a non-zero exit code.

mod apply;
mod bench_data;
mod context;
pub mod demo;
mod export;
mod serve;
mod token;
mod tui;

pub use apply::{apply_text, apply_text_with};
pub use context::{Backend, Context, RemoteSettings, backend};

use crate::cli::{Cli, Command};
use crate::domain::Result;
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
    runtime.block_on(async {
        match cli.command {
            Some(Command::Apply(args)) => apply::run(&ctx, &cli.global, &args).await,
            Some(Command::Export(args)) => export::run(&ctx, &cli.global, &args).await,
            Some(Command::Serve(args)) => serve::run(&ctx, &cli.global, &args).await,
            Some(Command::Token(command)) => token::run(&ctx, &cli.global, &command).await,
            Some(Command::BenchData(args)) => bench_data::run(&args),
            None => tui::run(&ctx, &cli.global, cli.first_frame).await,
        }
    })
}
