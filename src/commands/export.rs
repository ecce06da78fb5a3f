//! `nfdeck export [--output FILE]`.

use super::Context;
use super::progress::Reporter;
use crate::cli::{ExportArgs, GlobalArgs};
use crate::declarative::export::export_with_notes;
use crate::domain::{Error, Result};
use std::process::ExitCode;

pub async fn run(ctx: &Context, global: &GlobalArgs, args: &ExportArgs) -> Result<ExitCode> {
    let client = ctx.client(global).await?;
    // Progress on stderr only: stdout may be the exported file itself.
    let reporter = Reporter::stderr("export", "runs read");
    let out = export_with_notes(client.as_ref(), reporter.progress()).await;
    reporter.finish();
    let out = out?;
    // What the file leaves out is said on stderr; the file itself is still written.
    for note in &out.skipped {
        eprintln!("nfdeck export: {note}");
    }
    let text = out.text;
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| Error::invalid(format!("cannot write {}: {e}", path.display())))?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
