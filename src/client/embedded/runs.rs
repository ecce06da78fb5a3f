use super::EmbeddedClient;
use crate::client::RunClient;
use crate::domain::{
    LabelId, Paged, ProcessProgress, Result, Run, RunLabelChange, RunProgress, RunQuery, Scope,
    TraceBegin, TraceComplete, TraceProgress, WorkflowId,
};
use async_trait::async_trait;

#[async_trait]
impl RunClient for EmbeddedClient {
    async fn list_runs(&self, scope: Scope, query: RunQuery) -> Result<Paged<Run>> {
        self.read(move |cx| cx.list_runs(scope, &query)).await
    }

    async fn get_run(&self, scope: Scope, id: WorkflowId) -> Result<Run> {
        self.read(move |cx| cx.get_run(scope, &id)).await
    }

    async fn run_progress(&self, scope: Scope, id: WorkflowId) -> Result<RunProgress> {
        self.read(move |cx| cx.run_progress(scope, &id)).await
    }

    async fn process_progress(&self, scope: Scope, id: WorkflowId) -> Result<Vec<ProcessProgress>> {
        self.read(move |cx| cx.process_progress(scope, &id)).await
    }

    async fn cancel_run(&self, scope: Scope, id: WorkflowId) -> Result<Run> {
        self.write(move |cx| cx.cancel_run(scope, &id)).await
    }

    async fn delete_runs(
        &self,
        scope: Scope,
        ids: Vec<WorkflowId>,
        force: bool,
    ) -> Result<Vec<WorkflowId>> {
        self.write(move |cx| cx.delete_runs(scope, &ids, force))
            .await
    }

    async fn change_run_labels(
        &self,
        scope: Scope,
        runs: Vec<WorkflowId>,
        labels: Vec<LabelId>,
        change: RunLabelChange,
    ) -> Result<()> {
        self.write(move |cx| cx.change_run_labels(scope, &runs, &labels, change))
            .await
    }

    async fn trace_create(
        &self,
        scope: Scope,
        session_id: String,
        run_name: String,
        project_name: String,
        repository: Option<String>,
    ) -> Result<WorkflowId> {
        self.write(move |cx| {
            cx.trace_create(
                scope,
                &session_id,
                &run_name,
                &project_name,
                repository.as_deref(),
            )
        })
        .await
    }

    async fn trace_begin(&self, scope: Scope, id: WorkflowId, begin: TraceBegin) -> Result<Run> {
        self.write(move |cx| cx.trace_begin(scope, &id, &begin))
            .await
    }

    async fn trace_progress(
        &self,
        scope: Scope,
        id: WorkflowId,
        progress: TraceProgress,
    ) -> Result<Run> {
        self.write(move |cx| cx.trace_progress(scope, &id, &progress))
            .await
    }

    async fn trace_complete(
        &self,
        scope: Scope,
        id: WorkflowId,
        complete: TraceComplete,
    ) -> Result<Run> {
        self.write(move |cx| cx.trace_complete(scope, &id, &complete))
            .await
    }
}
