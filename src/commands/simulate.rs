//! With `--demo`, the demo's RUNNING runs move on their own, so the live views (the Runs tab,
//! a run's details, `runs watch`) have something to follow: every few seconds each running run
//! reports progress through the client, as Nextflow's trace calls would (some tasks finish,
//! pending ones start, CPU and memory accrue), and completes once no task is left. The task
//! stops when no run is running any more, or with the program.

use crate::client::SharedClient;
use crate::domain::{
    Page, Result, Run, RunQuery, Scope, TaskCounters, TraceComplete, TraceProgress, WorkflowStatus,
};
use std::time::Duration;

/// Between two reports.
pub const STEP: Duration = Duration::from_secs(3);
/// A run finishes in about this many steps, whatever its size.
const STEPS_TO_FINISH: u32 = 60;

/// Starts the simulator on the runtime; it ends by itself.
pub fn spawn(client: SharedClient) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(STEP).await;
            match step(&client).await {
                Ok(0) => return,
                Ok(_) => {}
                Err(e) => {
                    tracing::info!(error = %e, "demo simulator stopped");
                    return;
                }
            }
        }
    })
}

/// Moves every running run one step; returns how many are still running.
pub async fn step(client: &SharedClient) -> Result<usize> {
    let mut running = 0;
    for ws in client.list_workspaces().await? {
        let scope = ws.scope();
        let query = RunQuery {
            page: Page::first(100),
            status: Some(WorkflowStatus::Running),
        };
        for run in client.list_runs(scope, query).await?.items {
            if advance(client, scope, &run).await? {
                running += 1;
            }
        }
    }
    Ok(running)
}

/// One report for `run`; false once it completed.
async fn advance(client: &SharedClient, scope: Scope, run: &Run) -> Result<bool> {
    let next = next_counters(run.progress);
    let finished = u64::from(next.succeeded.saturating_sub(run.progress.succeeded));
    // About half an hour of 2 CPUs and 6 GiB per finished task.
    let progress = TraceProgress {
        counters: next,
        cpu_hours: run.usage.cpu_hours + finished as f64,
        memory_gib_hours: run.usage.memory_gib_hours + 3.0 * finished as f64,
    };
    if next.pending + next.submitted + next.running > 0 {
        client
            .trace_progress(scope, run.id.clone(), progress)
            .await?;
        return Ok(true);
    }
    let complete = TraceComplete {
        success: next.failed == 0,
        exit_status: Some(if next.failed == 0 { 0 } else { 1 }),
        error_message: None,
        progress: Some(progress),
    };
    client
        .trace_complete(scope, run.id.clone(), complete)
        .await?;
    Ok(false)
}

/// A step of a run's tasks: some running tasks succeed, as many pending ones start.
pub fn next_counters(c: TaskCounters) -> TaskCounters {
    let total = u32::try_from(c.total()).unwrap_or(u32::MAX);
    let batch = (total / STEPS_TO_FINISH).max(1);
    let done = batch.min(c.running);
    let started = batch.min(c.pending + c.submitted);
    let from_submitted = started.min(c.submitted);
    TaskCounters {
        running: c.running - done + started,
        succeeded: c.succeeded + done,
        submitted: c.submitted - from_submitted,
        pending: c.pending - (started - from_submitted),
        ..c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_always_ends_and_never_loses_a_task() {
        let mut c = TaskCounters {
            pending: 472,
            running: 1,
            succeeded: 47,
            cached: 5,
            ..Default::default()
        };
        let total = c.total();
        let mut steps = 0;
        while c.pending + c.submitted + c.running > 0 {
            c = next_counters(c);
            assert_eq!(c.total(), total);
            steps += 1;
            assert!(steps < 200, "{c:?}");
        }
        assert_eq!(c.succeeded, 47 + 472 + 1);
    }
}
