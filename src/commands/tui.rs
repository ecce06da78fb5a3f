//! `nfdeck` without a subcommand: the terminal UI on whatever backend the context picks: the
//! embedded engine (or, with `--demo`, the demo database) or a remote server. The config's `[keys]` and `[theme]` are checked before the screen
//! opens, so a mistake there is a plain error message, not a broken screen.

use super::Context;
use crate::cli::{Cli, GlobalArgs};
use crate::client::{SharedClient, find_workspace};
use crate::domain::{Error, Result};
use crate::tui::{self, Settings};
use clap::Parser;
use std::process::ExitCode;

/// `first_frame`: quit once the first screen's data is drawn and print the start-up timings.
pub async fn run(ctx: &Context, global: &GlobalArgs, first_frame: bool) -> Result<ExitCode> {
    let mut settings = Settings::from_config(&ctx.config, tui::no_color_env())?;
    settings.readonly = ctx.readonly(global)?;
    let client: SharedClient = ctx.client(global).await?;
    // `--workspace` (or TOWER_WORKSPACE_ID, or the profile's): a bad one is an error before
    // the screen opens, naming what was given.
    if let Some(wanted) = ctx.start_workspace(global)? {
        settings.start = Some(find_workspace(client.as_ref(), &wanted).await?.id);
    }
    let mut probe = first_frame.then(tui::probe::Probe::default);
    // The demo's running runs advance, so the live views have something to follow.
    let simulator = global.demo.then(|| super::simulate::spawn(client.clone()));
    let readonly = global.readonly;
    // `:profile NAME` connects as `nfdeck --profile NAME` would (keeping --readonly).
    let connect: tui::Connect = Box::new(move |name| {
        Box::pin(async move {
            let mut args = vec!["nfdeck", "--profile", name.as_str()];
            if readonly {
                args.push("--readonly");
            }
            let global = Cli::try_parse_from(args)
                .map_err(|e| Error::invalid(e.to_string()))?
                .global;
            Ok((ctx.client(&global).await?, ctx.readonly(&global)?))
        })
    });
    let result = tui::run(client, settings, probe.as_mut(), Some(connect)).await;
    if let Some(simulator) = simulator {
        simulator.abort();
    }
    result?;
    if let Some(probe) = probe {
        eprintln!("{}", probe.report());
    }
    // The terminal is restored by now; a stop by a signal exits as the shell expects.
    Ok(tui::event::stopped_by().map_or(ExitCode::SUCCESS, |s| s.exit_code()))
}
