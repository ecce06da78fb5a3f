use super::EmbeddedClient;
use crate::client::LaunchpadClient;
use crate::domain::{
    LaunchOptions, LaunchRequest, Paged, Pipeline, PipelineFields, PipelineId, PipelineQuery,
    Result, Run, Scope, Usage, WorkspaceId,
};
use async_trait::async_trait;

#[async_trait]
impl LaunchpadClient for EmbeddedClient {
    async fn list_pipelines(&self, scope: Scope, query: PipelineQuery) -> Result<Paged<Pipeline>> {
        self.read(move |cx| cx.list_pipelines(scope, &query)).await
    }

    async fn get_pipeline(
        &self,
        scope: Scope,
        id: PipelineId,
        source: Option<WorkspaceId>,
    ) -> Result<Pipeline> {
        self.read(move |cx| cx.get_pipeline(scope, id, source))
            .await
    }

    async fn pipeline_usage(&self, scope: Scope) -> Result<Usage> {
        self.read(move |cx| cx.pipeline_usage(scope)).await
    }

    async fn create_pipeline(&self, scope: Scope, fields: PipelineFields) -> Result<Pipeline> {
        self.write(move |cx| cx.create_pipeline(scope, &fields))
            .await
    }

    async fn update_pipeline(
        &self,
        scope: Scope,
        id: PipelineId,
        fields: PipelineFields,
    ) -> Result<Pipeline> {
        self.write(move |cx| cx.update_pipeline(scope, id, &fields))
            .await
    }

    async fn edit_pipeline(
        &self,
        scope: Scope,
        id: PipelineId,
        base: PipelineFields,
        fields: PipelineFields,
    ) -> Result<Pipeline> {
        self.write(move |cx| cx.edit_pipeline(scope, id, &base, fields))
            .await
    }

    async fn delete_pipeline(&self, scope: Scope, id: PipelineId) -> Result<()> {
        self.write(move |cx| cx.delete_pipeline(scope, id)).await
    }

    async fn launch_options(
        &self,
        scope: Scope,
        id: PipelineId,
        source: Option<WorkspaceId>,
    ) -> Result<LaunchOptions> {
        self.read(move |cx| cx.launch_options(scope, id, source))
            .await
    }

    async fn launch(&self, scope: Scope, request: LaunchRequest) -> Result<Run> {
        self.write(move |cx| cx.launch(scope, &request)).await
    }
}
