//! `nfdeck runs watch RUN`: follows a run (by id or name, in the `--workspace` workspace) until
//! it ends, and exits with its status, so a script can wait for a pipeline:
//!
//! | run status | exit code |
//! | --- | --- |
//! | SUCCEEDED | 0 |
//! | (nfdeck itself failed: bad arguments, no such run, server unreachable) | 1 |
//! | FAILED | 2 |
//! | CANCELLED | 3 |
//! | UNKNOWN (Nextflow stopped reporting) | 4 |
//!
//! On a terminal one status line is rewritten in place; otherwise (a pipe, a CI log) a plain
//! line is printed for each change.

use super::Context;
use crate::cli::{GlobalArgs, RunsCommand, RunsWatchArgs};
use crate::client::{Client, find_workspace};
use crate::domain::{Error, Page, Result, Run, RunQuery, Scope, WorkflowStatus};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

pub async fn run(ctx: &Context, global: &GlobalArgs, command: &RunsCommand) -> Result<ExitCode> {
    match command {
        RunsCommand::Watch(args) => watch(ctx, global, args).await,
    }
}

/// The exit code a finished run gives `runs watch` (see the module's table).
pub fn exit_code(status: WorkflowStatus) -> u8 {
    match status {
        WorkflowStatus::Succeeded => 0,
        WorkflowStatus::Failed => 2,
        WorkflowStatus::Cancelled => 3,
        WorkflowStatus::Unknown => 4,
        // Not an end: never asked for.
        WorkflowStatus::Submitted | WorkflowStatus::Running => 1,
    }
}

/// Whether `runs watch` stops at this status.
fn ended(status: WorkflowStatus) -> bool {
    status.is_final() || status == WorkflowStatus::Unknown
}

async fn watch(ctx: &Context, global: &GlobalArgs, args: &RunsWatchArgs) -> Result<ExitCode> {
    if args.interval == 0 || args.interval > 3600 {
        return Err(Error::invalid(format!(
            "--interval: must be from 1 to 3600 seconds, got {}",
            args.interval
        )));
    }
    let workspace = ctx.start_workspace(global)?.ok_or_else(|| {
        Error::invalid(
            "runs watch: which workspace? give --workspace ID|ORG/WORKSPACE (or TOWER_WORKSPACE_ID)",
        )
    })?;
    let client = ctx.client(global).await?;
    let scope = find_workspace(client.as_ref(), &workspace).await?.scope();
    let mut run = find_run(client.as_ref(), scope, &args.run).await?;
    let terminal = std::io::stdout().is_terminal();
    let mut out = std::io::stdout();
    let mut last = String::new();
    loop {
        let line = status_line(&run);
        if line != last {
            if terminal {
                let _ = write!(out, "\r\x1b[2K{line}");
            } else {
                let _ = writeln!(out, "{line}");
            }
            let _ = out.flush();
            last = line;
        }
        if ended(run.status) {
            break;
        }
        tokio::time::sleep(Duration::from_secs(args.interval)).await;
        run = client.get_run(scope, run.id.clone()).await?;
    }
    if terminal {
        let _ = writeln!(out);
    }
    Ok(ExitCode::from(exit_code(run.status)))
}

/// A run by exact name (the newest of that name), else by id.
async fn find_run(client: &dyn Client, scope: Scope, wanted: &str) -> Result<Run> {
    let query = RunQuery {
        page: Page::first(100).with_search(wanted),
        status: None,
    };
    let named = client.list_runs(scope, query).await?;
    if let Some(run) = named.items.into_iter().find(|r| r.run_name == wanted) {
        return Ok(run);
    }
    client
        .get_run(scope, wanted.to_string())
        .await
        .map_err(|e| match e.kind {
            crate::domain::ErrorKind::NotFound => Error::not_found(format!(
                "RUN: no run named or with id '{wanted}' in this workspace"
            )),
            _ => e,
        })
}

/// "run ecstatic_hopper RUNNING 50% · 5/10 tasks · 3 running · 1 failed · 1.50 CPU-h ·
/// 6.00 GiB-h · 0.30 credits".
pub fn status_line(run: &Run) -> String {
    let c = run.progress;
    let done = u64::from(c.succeeded) + u64::from(c.cached);
    let mut line = format!(
        "run {} {} {}% · {done}/{} tasks · {} running",
        run.run_name,
        run.status,
        c.percent_done(),
        c.total(),
        c.running
    );
    if c.failed > 0 {
        line.push_str(&format!(" · {} failed", c.failed));
    }
    line.push_str(&format!(
        " · {:.2} CPU-h · {:.2} GiB-h · {:.2} credits",
        run.usage.cpu_hours, run.usage.memory_gib_hours, run.usage.cost
    ));
    if let Some(e) = run.error_message.as_deref().filter(|_| ended(run.status)) {
        line.push_str(&format!(" · {e}"));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_success_exits_zero_and_each_end_has_its_own_code() {
        let codes: Vec<u8> = [
            WorkflowStatus::Succeeded,
            WorkflowStatus::Failed,
            WorkflowStatus::Cancelled,
            WorkflowStatus::Unknown,
        ]
        .into_iter()
        .map(exit_code)
        .collect();
        assert_eq!(codes, [0, 2, 3, 4]);
    }
}
