//! `nfdeck` without a subcommand: the terminal UI on whatever backend the context picks: the
//! embedded engine (or, with `--demo`, the demo database) or a remote server. The config's `[keys]` and `[theme]` are checked before the screen
//! opens, so a mistake there is a plain error message, not a broken screen.

use super::Context;
use crate::cli::GlobalArgs;
use crate::client::SharedClient;
use crate::domain::Result;
use crate::tui::{self, Settings};
use std::process::ExitCode;

pub async fn run(ctx: &Context, global: &GlobalArgs) -> Result<ExitCode> {
    let settings = Settings::from_config(&ctx.config, tui::no_color_env())?;
    let client: SharedClient = ctx.client(global).await?;
    tui::run(client, settings).await?;
    Ok(ExitCode::SUCCESS)
}
