//! `nfdeck export [--output FILE]`.

use super::Context;
use crate::cli::{ExportArgs, GlobalArgs};
use crate::declarative::export::export;
use crate::domain::{Error, Result};
use std::process::ExitCode;

pub async fn run(ctx: &Context, global: &GlobalArgs, args: &ExportArgs) -> Result<ExitCode> {
    let client = ctx.client(global).await?;
    let text = export(client.as_ref()).await?;
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| Error::invalid(format!("cannot write {}: {e}", path.display())))?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
