//! A run's tasks (as Nextflow reported them) and per-process metrics: readable by whoever can
//! read the run. The scheduler's run id (`PATCH /workflow/{id}`) needs launch rights, like the
//! trace calls Nextflow makes with the same token.

use super::Ctx;
use super::store;
use crate::domain::tasks::{check_sched_run_id, process_metrics};
use crate::domain::{
    Error, Paged, Permission, ProcessMetrics, ProcessProgress, Result, ResultExt, Run, Scope, Task,
    TaskQuery,
};

impl Ctx<'_> {
    /// A page of the run's tasks, in task id order.
    pub fn list_tasks(&self, scope: Scope, run_id: &str, query: &TaskQuery) -> Result<Paged<Task>> {
        let run = self.get_run(scope, run_id)?;
        store::tasks::list(self.conn, &run.id, query)
    }

    pub fn get_task(&self, scope: Scope, run_id: &str, task_id: i64) -> Result<Task> {
        let run = self.get_run(scope, run_id)?;
        store::tasks::by_id(self.conn, &run.id, task_id)?.ok_or_else(|| {
            Error::not_found(format!(
                "task {task_id} not found in run '{}'",
                run.run_name
            ))
        })
    }

    /// Resource summaries per process over the run's finished tasks.
    pub fn run_metrics(&self, scope: Scope, run_id: &str) -> Result<Vec<ProcessMetrics>> {
        let run = self.get_run(scope, run_id)?;
        Ok(process_metrics(&store::tasks::all(self.conn, &run.id)?))
    }

    /// Task counters per process, from the tasks Nextflow reported (none for other runs).
    pub fn process_progress(&self, scope: Scope, run_id: &str) -> Result<Vec<ProcessProgress>> {
        let run = self.get_run(scope, run_id)?;
        store::tasks::process_progress(self.conn, &run.id)
    }

    /// The scheduler's run id of a run (None when never set).
    pub fn sched_run_id(&self, scope: Scope, run_id: &str) -> Result<Option<String>> {
        let run = self.get_run(scope, run_id)?;
        store::tasks::sched_run_id(self.conn, &run.id)
    }

    /// Sets (or with None clears) the scheduler's run id. Not audited: it is telemetry
    /// Nextflow sends once per run.
    pub fn set_sched_run_id(&self, scope: Scope, run_id: &str, id: Option<&str>) -> Result<Run> {
        let (ws, _) = self.require_scope(scope, Permission::LaunchPipelines)?;
        let run = self.run_in(&ws, run_id)?;
        if let Some(id) = id {
            check_sched_run_id(id).about(format!("run '{}'", run.run_name))?;
        }
        store::tasks::set_sched_run_id(self.conn, &run.id, id)?;
        Ok(run)
    }
}
