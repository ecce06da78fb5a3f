//! Runs over the API (`/workflow`) and the trace calls (`/trace`) Nextflow makes. A status
//! filter travels as the search keyword `status:NAME`.

use super::RemoteClient;
use super::scope::scope_query;
use crate::api::convert::need;
use crate::api::convert::runs::{
    process_from_load, run_from_describe, run_from_element, run_progress,
};
use crate::api::convert::trace::{progress_data, usage_dto};
use crate::api::dto::EmptyBodyRequest;
use crate::api::dto::trace::{
    TraceBeginRequest, TraceCompleteRequest, TraceCreateRequest, TraceCreateResponse,
    TraceProgressRequest, Workflow,
};
use crate::api::dto::workflow::{
    AssociateWorkflowLabelsRequest, DeleteWorkflowsRequest, DeleteWorkflowsResponse,
    DescribeWorkflowResponse, GetProgressResponse, ListWorkflowsResponse,
    WorkflowStatus as WireStatus,
};
use crate::client::RunClient;
use crate::domain::{
    LabelId, Paged, ProcessProgress, Result, Run, RunLabelChange, RunProgress, RunQuery, Scope,
    TraceBegin, TraceComplete, TraceProgress, WorkflowId, WorkflowStatus,
};
use async_trait::async_trait;
use reqwest::Method;

#[async_trait]
impl RunClient for RemoteClient {
    async fn list_runs(&self, scope: Scope, query: RunQuery) -> Result<Paged<Run>> {
        let mut page = query.page.clone();
        if let Some(status) = query.status {
            let search = page.search.take().unwrap_or_default();
            page.search = Some(format!("{search} status:{status}").trim().to_string());
        }
        let mut base = scope_query(scope);
        // The platform counts the matches only when asked to.
        base.push(("includeTotalSize", "true".to_string()));
        let ws = self.scope_id(scope).await?;
        let paged = self
            .paged_with("/workflow", base, &page, |r: ListWorkflowsResponse| {
                let total = r.total_size.unwrap_or(0).max(0) as u64;
                // An entry that cannot be read is left out rather than losing the page.
                let runs = r.workflows.unwrap_or_default().into_iter().filter_map(|e| {
                    match run_from_element(e, ws) {
                        Ok(run) => Some(run),
                        Err(err) => {
                            tracing::warn!(error = err.message, "a run of the list was skipped");
                            None
                        }
                    }
                });
                Ok((runs.collect(), total))
            })
            .await?;
        Ok(paged)
    }

    async fn get_run(&self, scope: Scope, id: WorkflowId) -> Result<Run> {
        let path = format!("/workflow/{id}");
        let (d, ws) = futures::try_join!(
            self.http
                .get::<DescribeWorkflowResponse>(&path, scope_query(scope)),
            self.scope_id(scope),
        )?;
        run_from_describe(d, ws)
    }

    async fn run_progress(&self, scope: Scope, id: WorkflowId) -> Result<RunProgress> {
        Ok(run_progress(&self.get_run(scope, id).await?))
    }

    async fn process_progress(&self, scope: Scope, id: WorkflowId) -> Result<Vec<ProcessProgress>> {
        let path = format!("/workflow/{id}/progress");
        let got: GetProgressResponse = self.http.get(&path, scope_query(scope)).await?;
        let processes = got
            .progress
            .and_then(|p| p.processes_progress)
            .unwrap_or_default();
        Ok(processes.into_iter().map(process_from_load).collect())
    }

    async fn cancel_run(&self, scope: Scope, id: WorkflowId) -> Result<Run> {
        self.http
            .call_no_content(
                Method::POST,
                &format!("/workflow/{id}/cancel"),
                scope_query(scope),
                &EmptyBodyRequest {},
            )
            .await?;
        self.get_run(scope, id).await
    }

    async fn delete_runs(
        &self,
        scope: Scope,
        ids: Vec<WorkflowId>,
        force: bool,
    ) -> Result<Vec<WorkflowId>> {
        let mut query = scope_query(scope);
        if force {
            query.push(("force", "true".to_string()));
        }
        let body = DeleteWorkflowsRequest {
            workflow_ids: Some(ids),
        };
        let r: DeleteWorkflowsResponse = self
            .http
            .call(Method::POST, "/workflow/delete", query, &body)
            .await?;
        Ok(r.failed_workflow_ids.unwrap_or_default())
    }

    async fn change_run_labels(
        &self,
        scope: Scope,
        runs: Vec<WorkflowId>,
        labels: Vec<LabelId>,
        change: RunLabelChange,
    ) -> Result<()> {
        let verb = match change {
            RunLabelChange::Add => "add",
            RunLabelChange::Replace => "apply",
            RunLabelChange::Remove => "remove",
        };
        let body = AssociateWorkflowLabelsRequest {
            workflow_ids: Some(runs),
            label_ids: Some(labels),
        };
        self.http
            .call_no_content(
                Method::POST,
                &format!("/workflow/labels/{verb}"),
                scope_query(scope),
                &body,
            )
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
        let body = TraceCreateRequest {
            session_id: Some(session_id),
            run_name: Some(run_name),
            project_name: Some(project_name),
            repository,
            ..Default::default()
        };
        let r: TraceCreateResponse = self
            .http
            .call(Method::POST, "/trace/create", scope_query(scope), &body)
            .await?;
        need(r.workflow_id, "workflowId")
    }

    async fn trace_begin(&self, scope: Scope, id: WorkflowId, begin: TraceBegin) -> Result<Run> {
        let body = TraceBeginRequest {
            workflow: Some(Workflow {
                id: Some(id.clone()),
                work_dir: begin.work_dir,
                revision: begin.revision,
                profile: begin.profiles.map(|p| p.join(",")),
                status: Some(WireStatus::Running),
                ..Default::default()
            }),
            ..Default::default()
        };
        self.trace_put(scope, &id, "begin", &body).await
    }

    /// Counters as Nextflow sends them, and the usage as nfdeck's addition (other servers
    /// compute usage from tasks and ignore it).
    async fn trace_progress(
        &self,
        scope: Scope,
        id: WorkflowId,
        progress: TraceProgress,
    ) -> Result<Run> {
        let body = TraceProgressRequest {
            tasks: Some(vec![]),
            progress: Some(progress_data(&progress.counters)),
            containers: None,
            nfdeck_usage: Some(usage_dto(&progress)),
        };
        self.trace_put(scope, &id, "progress", &body).await
    }

    async fn trace_complete(
        &self,
        scope: Scope,
        id: WorkflowId,
        complete: TraceComplete,
    ) -> Result<Run> {
        let status = if complete.success {
            WorkflowStatus::Succeeded
        } else {
            WorkflowStatus::Failed
        };
        let body = TraceCompleteRequest {
            workflow: Some(Workflow {
                id: Some(id.clone()),
                success: Some(complete.success),
                status: Some(WireStatus::from(status.as_str())),
                exit_status: complete.exit_status,
                error_message: complete.error_message,
                ..Default::default()
            }),
            metrics: None,
            progress: complete.progress.map(|p| progress_data(&p.counters)),
            nfdeck_usage: complete.progress.map(|p| usage_dto(&p)),
        };
        self.trace_put(scope, &id, "complete", &body).await
    }
}

impl RemoteClient {
    async fn trace_put<B: serde::Serialize + Sync>(
        &self,
        scope: Scope,
        id: &str,
        step: &str,
        body: &B,
    ) -> Result<Run> {
        self.http
            .call_no_content(
                Method::PUT,
                &format!("/trace/{id}/{step}"),
                scope_query(scope),
                body,
            )
            .await?;
        self.get_run(scope, id.to_string()).await
    }
}
