//! `nfdeck` without a subcommand: the terminal UI on the embedded engine (or, with `--demo`,
//! on the demo database). The config's `[keys]` and `[theme]` are checked before the screen
//! opens, so a mistake there is a plain error message, not a broken screen.

use super::Context;
use crate::cli::GlobalArgs;
use crate::client::SharedClient;
use crate::domain::Result;
use crate::tui::{self, Settings};
use std::process::ExitCode;
use std::sync::Arc;

pub async fn run(ctx: &Context, global: &GlobalArgs) -> Result<ExitCode> {
    let settings = Settings::from_config(&ctx.config, tui::no_color_env())?;
    let client: SharedClient = Arc::new(ctx.embedded_client(global).await?);
    tui::run(client, settings).await?;
    Ok(ExitCode::SUCCESS)
}
