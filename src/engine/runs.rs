//! Runs: the list (newest first, by status, by text), details, progress, and cancelling
//! (launch rights; only SUBMITTED or RUNNING runs).

use super::Ctx;
use super::audit::snap;
use super::scope::ws_label;
use super::store::labels::LabelLink;
use super::store::runs::Finish;
use super::store::{self, workspaces::WorkspaceRow};
use crate::domain::runs::{RunEvent, check_event};
use crate::domain::{
    ComputeEnv, Error, Paged, Permission, Result, Run, RunProgress, RunQuery, Scope, WorkflowStatus,
};

/// Milliseconds between two stored times, when both parse.
pub(crate) fn millis_between(from: &str, to: &str) -> Option<i64> {
    let from = chrono::DateTime::parse_from_rfc3339(from).ok()?;
    let to = chrono::DateTime::parse_from_rfc3339(to).ok()?;
    Some((to - from).num_milliseconds().max(0))
}

impl Ctx<'_> {
    /// A page of runs, newest first. Without a search `total` is exact; with one it counts up
    /// to `RUN_SEARCH_TOTAL_CAP`.
    pub fn list_runs(&self, scope: Scope, query: &RunQuery) -> Result<Paged<Run>> {
        let (ws, _) = self.require_scope(scope, Permission::ViewWorkspace)?;
        store::runs::list(self.conn, ws.id, query.status, &query.page)
    }

    /// A run with its labels.
    pub fn get_run(&self, scope: Scope, id: &str) -> Result<Run> {
        let (ws, _) = self.require_scope(scope, Permission::ViewWorkspace)?;
        self.run_in(&ws, id)
    }

    pub(crate) fn run_in(&self, ws: &WorkspaceRow, id: &str) -> Result<Run> {
        let mut run =
            store::runs::by_id(self.conn, ws.id, id)?.ok_or_else(|| run_not_found(ws, id))?;
        run.labels = store::labels::of(self.conn, LabelLink::Run, &run.id)?;
        Ok(run)
    }

    /// A run and the compute environment it ran on, when that still exists in the run's
    /// workspace: what `GET /workflow/{id}/launch` rebuilds the launch from.
    pub fn run_launch(&self, scope: Scope, id: &str) -> Result<(Run, Option<ComputeEnv>)> {
        let (ws, _) = self.require_scope(scope, Permission::ViewWorkspace)?;
        let run = self.run_in(&ws, id)?;
        let env = match &run.compute_env_id {
            Some(env) => store::compute::by_id(self.conn, env)?.filter(|e| e.workspace_id == ws.id),
            None => None,
        };
        Ok((run, env))
    }

    pub fn run_progress(&self, scope: Scope, id: &str) -> Result<RunProgress> {
        let run = self.get_run(scope, id)?;
        Ok(RunProgress {
            status: run.status,
            counters: run.progress,
            usage: run.usage,
            percent_done: run.progress.percent_done(),
        })
    }

    /// Cancels a SUBMITTED or RUNNING run.
    pub fn cancel_run(&self, scope: Scope, id: &str) -> Result<Run> {
        let (ws, _) = self.require_scope(scope, Permission::CancelRuns)?;
        let before = self.run_in(&ws, id)?;
        let status = check_event(&before.run_name, before.status, RunEvent::Cancel)?;
        self.finish_run(&before, status, None, None)?;
        let after = self.run_in(&ws, id)?;
        self.audit(
            "run.cancel",
            "run",
            id,
            &after.run_name,
            snap(&before),
            snap(&after),
        )?;
        Ok(after)
    }

    /// Records the end of a run: status, completion time and duration (from start, or from
    /// submission for a run that never started).
    pub(crate) fn finish_run(
        &self,
        run: &Run,
        status: WorkflowStatus,
        exit_status: Option<i32>,
        error_message: Option<&str>,
    ) -> Result<()> {
        let complete = store::runs::timestamp();
        let from = run.start.as_deref().unwrap_or(&run.submit);
        store::runs::finish(
            self.conn,
            &run.id,
            &Finish {
                status,
                complete: &complete,
                duration_ms: millis_between(from, &complete),
                exit_status,
                error_message,
            },
        )
    }
}

/// No run `id` in workspace `ws`.
pub(crate) fn run_not_found(ws: &WorkspaceRow, id: &str) -> Error {
    Error::not_found(format!("run '{id}' not found in {}", ws_label(ws)))
}
