use crate::domain::{
    LabelId, Paged, ProcessProgress, Result, Run, RunLabelChange, RunProgress, RunQuery, Scope,
    TraceBegin, TraceComplete, TraceProgress, WorkflowId,
};
use async_trait::async_trait;

/// Runs (`/workflow`) and the Nextflow trace calls (`/trace`).
#[async_trait]
pub trait RunClient: Send + Sync {
    /// Newest first, optionally one status; `page.search` matches run name, project and user.
    async fn list_runs(&self, scope: Scope, query: RunQuery) -> Result<Paged<Run>>;
    async fn get_run(&self, scope: Scope, id: WorkflowId) -> Result<Run>;
    async fn run_progress(&self, scope: Scope, id: WorkflowId) -> Result<RunProgress>;
    /// Each process's task counters and resource use so far, from the tasks Nextflow
    /// reported (`GET /workflow/{id}/progress`), in the order the processes first reported.
    async fn process_progress(&self, scope: Scope, id: WorkflowId) -> Result<Vec<ProcessProgress>>;
    /// Only SUBMITTED or RUNNING runs can be cancelled.
    async fn cancel_run(&self, scope: Scope, id: WorkflowId) -> Result<Run>;
    /// Deletes runs; an active one only with `force`. Returns the ids that could not be
    /// deleted (unknown, or active without `force`).
    async fn delete_runs(
        &self,
        scope: Scope,
        ids: Vec<WorkflowId>,
        force: bool,
    ) -> Result<Vec<WorkflowId>>;
    /// Adds, replaces or removes labels on runs, all or nothing.
    async fn change_run_labels(
        &self,
        scope: Scope,
        runs: Vec<WorkflowId>,
        labels: Vec<LabelId>,
        change: RunLabelChange,
    ) -> Result<()>;
    /// `trace/create`: a run reported by Nextflow; returns its id.
    async fn trace_create(
        &self,
        scope: Scope,
        session_id: String,
        run_name: String,
        project_name: String,
        repository: Option<String>,
    ) -> Result<WorkflowId>;
    async fn trace_begin(&self, scope: Scope, id: WorkflowId, begin: TraceBegin) -> Result<Run>;
    async fn trace_progress(
        &self,
        scope: Scope,
        id: WorkflowId,
        progress: TraceProgress,
    ) -> Result<Run>;
    async fn trace_complete(
        &self,
        scope: Scope,
        id: WorkflowId,
        complete: TraceComplete,
    ) -> Result<Run>;
}
