//! `nfdeck apply FILE [--dry-run] [--prune]`: prints the plan, then applies it.

use super::Context;
use super::progress::Reporter;
use crate::cli::{ApplyArgs, GlobalArgs};
use crate::client::Client;
use crate::declarative;
use crate::declarative::secrets::{ProcessEnv, SecretSource};
use crate::domain::changes::{Progress, no_progress};
use crate::domain::{Error, Result};
use std::process::ExitCode;

pub async fn run(ctx: &Context, global: &GlobalArgs, args: &ApplyArgs) -> Result<ExitCode> {
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| Error::invalid(format!("cannot read {}: {e}", args.file.display())))?;
    let client = ctx.client(global).await?;
    let origin = args.file.display().to_string();
    let reporter = Reporter::stderr("apply", "runs and changes");
    let applied = apply_text_reporting(
        client.as_ref(),
        &text,
        &origin,
        args.dry_run,
        args.prune,
        &ProcessEnv,
        &mut |s| reporter.suspend(|| print!("{s}")),
        reporter.progress(),
    )
    .await;
    reporter.finish();
    applied?;
    Ok(ExitCode::SUCCESS)
}

/// Plans and applies a file's text, writing the plan and the outcome to `out` as it goes. On
/// the embedded engine any failure writes nothing; against a server each change is its own
/// request, and the output says so.
pub async fn apply_text(
    client: &dyn Client,
    text: &str,
    origin: &str,
    dry_run: bool,
    prune: bool,
    out: &mut dyn FnMut(&str),
) -> Result<()> {
    apply_text_with(client, text, origin, dry_run, prune, &ProcessEnv, out).await
}

/// `apply_text`, with credential secrets from `secrets` instead of the process environment.
pub async fn apply_text_with(
    client: &dyn Client,
    text: &str,
    origin: &str,
    dry_run: bool,
    prune: bool,
    secrets: &dyn SecretSource,
    out: &mut dyn FnMut(&str),
) -> Result<()> {
    apply_text_reporting(
        client,
        text,
        origin,
        dry_run,
        prune,
        secrets,
        out,
        no_progress(),
    )
    .await
}

/// `apply_text_with`, telling `progress` how far the changes have come (see
/// `declarative::execute_reporting`).
#[allow(clippy::too_many_arguments)]
pub async fn apply_text_reporting(
    client: &dyn Client,
    text: &str,
    origin: &str,
    dry_run: bool,
    prune: bool,
    secrets: &dyn SecretSource,
    out: &mut dyn FnMut(&str),
    progress: Progress,
) -> Result<()> {
    let (session, caps) = futures::try_join!(client.session(), client.capabilities())?;
    let plan = declarative::prepare_with(client, text, origin, prune, secrets).await?;
    out(&format!(
        "Applying {origin} as {} on {}:\n{plan}",
        session.user.email, session.backend
    ));
    if plan.is_empty() {
        out("Nothing to change: everything is already as the file says.\n");
        return Ok(());
    }
    if !caps.atomic_apply {
        out(if dry_run {
            "Remote dry run: checks what can be checked by reading (names, objects, your roles).\n"
        } else {
            "Remote apply: one request per change, not atomic; a failure leaves the changes before it in place.\n"
        });
    }
    declarative::execute_reporting(client, &plan, dry_run, progress)
        .await
        .map_err(|e| {
            if caps.atomic_apply {
                Error::new(e.kind, format!("{}\nnothing was changed", e.message))
            } else {
                e
            }
        })?;
    out(if dry_run {
        "Dry run: every change was checked; nothing was written.\n"
    } else {
        "Applied.\n"
    });
    Ok(())
}
