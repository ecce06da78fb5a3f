//! The Launchpad over the API: `/pipelines` (a list carries summaries; one pipeline is its
//! summary and its launch configuration, read concurrently) and `/workflow/launch`.

use super::RemoteClient;
use super::scope::scope_query;
use crate::api::convert::compute::from_config;
use crate::api::convert::launch::workflow_launch_request;
use crate::api::convert::need;
use crate::api::convert::pipelines::{create_request, pipeline_from_dtos, update_request};
use crate::api::dto::ExtUsageResponse;
use crate::api::dto::ext::features;
use crate::api::dto::launch::{
    DescribeLaunchResponse, SubmitWorkflowLaunchRequest, SubmitWorkflowLaunchResponse,
};
use crate::api::dto::pipelines::{
    CreatePipelineResponse, DescribePipelineResponse, ListPipelinesResponse, UpdatePipelineResponse,
};
use crate::client::{ComputeClient, LaunchpadClient, RunClient};
use crate::domain::{
    ComputeEnvStatus, LaunchOptions, LaunchRequest, Paged, Pipeline, PipelineFields, PipelineId,
    PipelineQuery, Result, Run, Scope, Usage, WorkspaceId,
};
use async_trait::async_trait;
use reqwest::Method;

fn with_source(scope: Scope, source: Option<WorkspaceId>) -> super::http::QueryParams {
    let mut q = scope_query(scope);
    if let Some(s) = source {
        q.push(("sourceWorkspaceId", s.to_string()));
    }
    q
}

impl RemoteClient {
    /// What nfdeck's usage extension says about a workspace, when the server offers it.
    pub(super) async fn ext_usage(&self, scope: Scope) -> Result<Option<ExtUsageResponse>> {
        match self.ext_path(features::USAGE, "/usage").await? {
            Some(path) => Ok(Some(self.http.get(&path, scope_query(scope)).await?)),
            None => Ok(None),
        }
    }

    /// A workspace's limit from its org's quotas (a personal workspace has the basic tier's).
    pub(super) async fn quota(
        &self,
        scope: Scope,
        pick: impl Fn(&crate::api::dto::OrganizationQuotas) -> Option<i64>,
        basic: u32,
    ) -> Result<u32> {
        let Scope::Workspace(ws) = scope else {
            return Ok(basic);
        };
        let quotas = self.quotas(self.org_of(ws).await?).await?;
        Ok(super::orgs::limit(pick(&quotas)))
    }

    async fn launch_options_from_spec(
        &self,
        scope: Scope,
        id: PipelineId,
        source: Option<WorkspaceId>,
    ) -> Result<LaunchOptions> {
        let path = format!("/pipelines/{id}/launch");
        let (pipeline, launch, available) = futures::try_join!(
            self.get_pipeline(scope, id, source),
            self.http
                .get::<DescribeLaunchResponse>(&path, with_source(scope, source)),
            self.list_compute_envs(scope, Some(ComputeEnvStatus::Available)),
        )?;
        let default = launch
            .launch
            .and_then(|l| l.compute_env)
            .map(from_config)
            .transpose()?;
        let mut compute_envs = available;
        if let Some(d) = &default
            && !compute_envs.iter().any(|e| e.id == d.id)
        {
            compute_envs.push(d.clone());
        }
        let no_default_reason = default.is_none().then(|| {
            "the server names no default compute environment: the pipeline has none and the workspace has no primary".to_string()
        });
        Ok(LaunchOptions {
            pipeline,
            default_compute_env: default,
            compute_envs,
            no_default_reason,
        })
    }
}

#[async_trait]
impl LaunchpadClient for RemoteClient {
    /// Summaries only: the launch configuration of each is read by `get_pipeline`.
    async fn list_pipelines(&self, scope: Scope, query: PipelineQuery) -> Result<Paged<Pipeline>> {
        let mut page = query.page.clone();
        if let Some(label) = &query.label {
            let search = page.search.take().unwrap_or_default();
            page.search = Some(format!("{search} label:{label}").trim().to_string());
        }
        let mut base = scope_query(scope);
        base.push(("visibility", query.visibility.to_string()));
        let mut items = Vec::new();
        let mut total;
        let mut offset = page.offset;
        loop {
            let want = page
                .max
                .saturating_sub(items.len() as u32)
                .min(crate::domain::Page::MAX);
            let mut q = base.clone();
            q.extend(super::paging::page_query(want, offset, &page.search));
            let r: ListPipelinesResponse = self.http.get("/pipelines", q).await?;
            total = r.total_size.unwrap_or(0).max(0) as u64;
            let batch = r.pipelines.unwrap_or_default();
            let got = batch.len() as u32;
            for p in batch {
                items.push(pipeline_from_dtos(p, None)?);
            }
            offset += got;
            if got == 0 || items.len() as u32 >= page.max || u64::from(offset) >= total {
                break;
            }
        }
        Ok(Paged::new(items, total))
    }

    async fn get_pipeline(
        &self,
        scope: Scope,
        id: PipelineId,
        source: Option<WorkspaceId>,
    ) -> Result<Pipeline> {
        let q = with_source(scope, source);
        let (summary_path, launch_path) = (
            format!("/pipelines/{id}"),
            format!("/pipelines/{id}/launch"),
        );
        let (summary, launch) = futures::join!(
            self.http
                .get::<DescribePipelineResponse>(&summary_path, q.clone()),
            self.http.get::<DescribeLaunchResponse>(&launch_path, q),
        );
        let summary = need(summary?.pipeline, "pipeline")?;
        pipeline_from_dtos(summary, launch?.launch)
    }

    async fn pipeline_usage(&self, scope: Scope) -> Result<Usage> {
        if let Some(u) = self.ext_usage(scope).await? {
            return Ok(u.pipelines);
        }
        let mut q = scope_query(scope);
        q.extend(super::paging::page_query(1, 0, &None));
        let (r, limit) = futures::try_join!(
            self.http.get::<ListPipelinesResponse>("/pipelines", q),
            self.quota(scope, |q| q.max_pipelines_per_workspace, 100),
        )?;
        Ok(Usage::new(r.total_size.unwrap_or(0).max(0) as u64, limit))
    }

    async fn create_pipeline(&self, scope: Scope, fields: PipelineFields) -> Result<Pipeline> {
        let r: CreatePipelineResponse = self
            .http
            .call(
                Method::POST,
                "/pipelines",
                scope_query(scope),
                &create_request(&fields),
            )
            .await?;
        let id = need(need(r.pipeline, "pipeline")?.pipeline_id, "pipelineId")?;
        self.get_pipeline(scope, id, None).await
    }

    async fn update_pipeline(
        &self,
        scope: Scope,
        id: PipelineId,
        fields: PipelineFields,
    ) -> Result<Pipeline> {
        let _: UpdatePipelineResponse = self
            .http
            .call(
                Method::PUT,
                &format!("/pipelines/{id}"),
                scope_query(scope),
                &update_request(&fields),
            )
            .await?;
        self.get_pipeline(scope, id, None).await
    }

    async fn delete_pipeline(&self, scope: Scope, id: PipelineId) -> Result<()> {
        self.http
            .delete(&format!("/pipelines/{id}"), scope_query(scope))
            .await
    }

    /// From nfdeck's extension when offered (with the reason there is no default); from the
    /// launch configuration and the available compute environments otherwise.
    async fn launch_options(
        &self,
        scope: Scope,
        id: PipelineId,
        source: Option<WorkspaceId>,
    ) -> Result<LaunchOptions> {
        let path = format!("/pipelines/{id}/launch-options");
        match self.ext_path(features::LAUNCH_OPTIONS, &path).await? {
            Some(path) => self.http.get(&path, with_source(scope, source)).await,
            None => self.launch_options_from_spec(scope, id, source).await,
        }
    }

    async fn launch(&self, scope: Scope, request: LaunchRequest) -> Result<Run> {
        let body = SubmitWorkflowLaunchRequest {
            launch: Some(workflow_launch_request(&request)),
        };
        let r: SubmitWorkflowLaunchResponse = self
            .http
            .call(
                Method::POST,
                "/workflow/launch",
                with_source(scope, request.source_workspace_id),
                &body,
            )
            .await?;
        self.get_run(scope, need(r.workflow_id, "workflowId")?)
            .await
    }
}
