//! What the Nextflow trace endpoints call (`nextflow run -with-tower`): create a run, begin,
//! progress, complete. Each checks the status transition and needs launch rights.

use super::Ctx;
use super::audit::snap;
use super::ids::{RUN_ID_LEN, new_id};
use super::progress_reports::{ProgressReport, Recorder, Reporter};
use super::store::runs::NewRun;
use super::store::{self, workspaces::WorkspaceRow};
use crate::domain::launchpad::{check_launch_overrides, check_repository, check_run_name};
use crate::domain::names::check_max;
use crate::domain::runs::{ERROR_MESSAGE_MAX, RunEvent, check_event, check_trace_create};
use crate::domain::{
    Error, Permission, Result, ResultExt, Run, RunUsage, Scope, Task, TraceBegin, TraceComplete,
    TraceProgress, WorkflowId,
};

impl Ctx<'_> {
    /// A run reported by Nextflow itself (not launched from the Launchpad): SUBMITTED, with
    /// no compute environment. Returns the new run's id.
    pub fn trace_create(
        &self,
        scope: Scope,
        session_id: &str,
        run_name: &str,
        project_name: &str,
        repository: Option<&str>,
    ) -> Result<WorkflowId> {
        let (ws, _) = self.require_scope(scope, Permission::LaunchPipelines)?;
        let object = format!("run '{run_name}'");
        check_trace_create(session_id, project_name).about(&object)?;
        check_run_name(run_name)?;
        // Nextflow reports a pipeline run from a local clone with the clone's path as its
        // repository: refusing it would stop the pipeline, so only a repository URL is kept.
        let repository = repository.filter(|repo| match check_repository(repo) {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(
                    run = run_name,
                    error = e.message,
                    "the reported repository is not kept"
                );
                false
            }
        });
        let id = new_id(RUN_ID_LEN);
        let user = self.me()?;
        store::runs::insert(
            self.conn,
            &NewRun {
                id: &id,
                workspace_id: ws.id,
                pipeline_id: None,
                launch_id: None,
                session_id: Some(session_id),
                run_name,
                project_name,
                repository,
                revision: None,
                work_dir: None,
                profiles: &[],
                params: "",
                user_name: &user.user_name,
                env: None,
                submit: &store::runs::timestamp(),
            },
        )?;
        let run = self.run_in(&ws, &id)?;
        self.audit("run.trace_create", "run", &id, run_name, None, snap(&run))?;
        Ok(id)
    }

    /// The run started: SUBMITTED → RUNNING.
    pub fn trace_begin(&self, scope: Scope, id: &str, begin: &TraceBegin) -> Result<Run> {
        let (ws, run) = self.traced_run(scope, id)?;
        let object = format!("run '{}'", run.run_name);
        check_event(&run.run_name, run.status, RunEvent::Begin)?;
        let profiles = begin.profiles.as_deref().unwrap_or(&[]);
        check_launch_overrides(
            begin.revision.as_deref(),
            begin.work_dir.as_deref(),
            profiles,
        )
        .about(&object)?;
        store::runs::begin(
            self.conn,
            id,
            &store::runs::timestamp(),
            begin.work_dir.as_deref(),
            begin.revision.as_deref(),
            begin.profiles.as_deref(),
        )?;
        let after = self.run_in(&ws, id)?;
        self.audit(
            "run.begin",
            "run",
            id,
            &after.run_name,
            snap(&run),
            snap(&after),
        )?;
        Ok(after)
    }

    /// Task counters and usage so far (totals); the cost follows the credit rates. A run that
    /// stopped reporting (UNKNOWN) is RUNNING again. Not audited: Nextflow reports every
    /// second, and the run itself keeps the latest numbers.
    pub fn trace_progress(&self, scope: Scope, id: &str, progress: &TraceProgress) -> Result<Run> {
        self.trace_report(scope, id, progress, &[])
    }

    /// A progress report with the tasks that changed since the last one: each replaces what
    /// was stored for its task id, and the run's usage becomes that of all its stored tasks
    /// (a task reported twice counts once). Without tasks, the usage is `progress`'s.
    pub fn trace_report(
        &self,
        scope: Scope,
        id: &str,
        progress: &TraceProgress,
        tasks: &[Task],
    ) -> Result<Run> {
        let ws = self.record_report(scope, id, |_| *progress, tasks)?;
        self.run_in(&ws, id)
    }

    /// Stores a progress report (see `progress_reports`); returns the run's workspace.
    fn record_report(
        &self,
        scope: Scope,
        id: &str,
        report: impl FnOnce(&Run) -> TraceProgress + Send,
        tasks: &[Task],
    ) -> Result<WorkspaceRow> {
        let recorder = Recorder {
            conn: self.conn,
            keys: self.keys,
            memo: self.memo,
        };
        let report = ProgressReport {
            scope,
            run_id: id.to_string(),
            report: Box::new(report),
            tasks: tasks.to_vec(),
        };
        let mut outcomes = recorder.record(vec![(Reporter::Actor(self.actor.clone()), report)])?;
        outcomes
            .pop()
            .unwrap_or_else(|| Err(Error::internal("progress report not recorded")))
    }

    /// The run ended: RUNNING → SUCCEEDED or FAILED (a run may also fail before it began).
    pub fn trace_complete(&self, scope: Scope, id: &str, complete: &TraceComplete) -> Result<Run> {
        let (ws, run) = self.traced_run(scope, id)?;
        let object = format!("run '{}'", run.run_name);
        let event = if complete.success {
            RunEvent::Succeed
        } else {
            RunEvent::Fail
        };
        let status = check_event(&run.run_name, run.status, event)?;
        if let Some(msg) = &complete.error_message {
            check_max("error message", msg, ERROR_MESSAGE_MAX).about(&object)?;
        }
        if let Some(progress) = &complete.progress {
            progress.check().about(&object)?;
            self.store_progress(id, progress)?;
        }
        self.finish_run(
            &run,
            status,
            complete.exit_status,
            complete.error_message.as_deref(),
        )?;
        let after = self.run_in(&ws, id)?;
        self.audit(
            "run.complete",
            "run",
            id,
            &after.run_name,
            snap(&run),
            snap(&after),
        )?;
        Ok(after)
    }

    fn traced_run(&self, scope: Scope, id: &str) -> Result<(WorkspaceRow, Run)> {
        let (ws, _) = self.require_scope(scope, Permission::LaunchPipelines)?;
        let run = self.run_in(&ws, id)?;
        Ok((ws, run))
    }

    fn store_progress(&self, id: &str, progress: &TraceProgress) -> Result<()> {
        let usage = RunUsage::new(progress.cpu_hours, progress.memory_gib_hours);
        store::runs::set_progress(self.conn, id, &progress.counters, &usage)
    }
}
