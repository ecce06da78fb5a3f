use crate::domain::{
    Paged, Result, Run, RunProgress, RunQuery, Scope, TraceBegin, TraceComplete, TraceProgress,
    WorkflowId,
};
use async_trait::async_trait;

/// Runs (`/workflow`) and the Nextflow trace calls (`/trace`).
#[async_trait]
pub trait RunClient: Send + Sync {
    /// Newest first, optionally one status; `page.search` matches run name, project and user.
    async fn list_runs(&self, scope: Scope, query: RunQuery) -> Result<Paged<Run>>;
    async fn get_run(&self, scope: Scope, id: WorkflowId) -> Result<Run>;
    async fn run_progress(&self, scope: Scope, id: WorkflowId) -> Result<RunProgress>;
    /// Only SUBMITTED or RUNNING runs can be cancelled.
    async fn cancel_run(&self, scope: Scope, id: WorkflowId) -> Result<Run>;
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
