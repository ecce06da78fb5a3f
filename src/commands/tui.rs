//! `nfdeck` without a subcommand: the terminal UI on whatever backend the context picks: the
//! embedded engine (or, with `--demo`, the demo database) or a remote server. The config's `[keys]` and `[theme]` are checked before the screen
//! opens, so a mistake there is a plain error message, not a broken screen.

use super::Context;
use crate::cli::GlobalArgs;
use crate::client::SharedClient;
use crate::domain::Result;
use crate::tui::{self, Settings};
use std::process::ExitCode;

/// `first_frame`: quit once the first screen's data is drawn and print the start-up timings.
pub async fn run(ctx: &Context, global: &GlobalArgs, first_frame: bool) -> Result<ExitCode> {
    let mut settings = Settings::from_config(&ctx.config, tui::no_color_env())?;
    settings.readonly = ctx.readonly(global)?;
    let client: SharedClient = ctx.client(global).await?;
    let mut probe = first_frame.then(tui::probe::Probe::default);
    let readonly = global.readonly;
    // `:profile NAME` connects as `--profile NAME` would (keeping --readonly).
    let connect: tui::Connect = Box::new(move |name| {
        Box::pin(async move {
            let global = GlobalArgs {
                profile: Some(name),
                readonly,
                config: None,
                db: None,
                act_as: None,
                demo: false,
                reset: false,
                endpoint: None,
                token: None,
                workspace: None,
            };
            Ok((ctx.client(&global).await?, ctx.readonly(&global)?))
        })
    });
    tui::run(client, settings, probe.as_mut(), Some(connect)).await?;
    if let Some(probe) = probe {
        eprintln!("{}", probe.report());
    }
    // The terminal is restored by now; a stop by a signal exits as the shell expects.
    Ok(tui::event::stopped_by().map_or(ExitCode::SUCCESS, |s| s.exit_code()))
}
