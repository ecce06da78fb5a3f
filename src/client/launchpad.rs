use crate::domain::{
    LaunchOptions, LaunchRequest, Paged, Pipeline, PipelineFields, PipelineId, PipelineQuery,
    Result, Run, Scope, Usage, WorkspaceId,
};
use async_trait::async_trait;

/// The Launchpad: pipelines (`/pipelines`) and launching them (`/workflow/launch`).
#[async_trait]
pub trait LaunchpadClient: Send + Sync {
    /// `visibility` private (this workspace), shared (the org's other SHARED workspaces) or
    /// all; each pipeline names its owning workspace and says whether it is shared.
    async fn list_pipelines(&self, scope: Scope, query: PipelineQuery) -> Result<Paged<Pipeline>>;
    /// `source` is the owning workspace of a shared pipeline (`sourceWorkspaceId`).
    async fn get_pipeline(
        &self,
        scope: Scope,
        id: PipelineId,
        source: Option<WorkspaceId>,
    ) -> Result<Pipeline>;
    /// Pipelines used against the workspace limit (`12/100`).
    async fn pipeline_usage(&self, scope: Scope) -> Result<Usage>;
    async fn create_pipeline(&self, scope: Scope, fields: PipelineFields) -> Result<Pipeline>;
    async fn update_pipeline(
        &self,
        scope: Scope,
        id: PipelineId,
        fields: PipelineFields,
    ) -> Result<Pipeline>;
    /// Saves an edit made on `base` (the pipeline as the form opened with it): only what the
    /// edit changes is written (see `WorkspaceClient::edit_workspace`).
    async fn edit_pipeline(
        &self,
        scope: Scope,
        id: PipelineId,
        base: PipelineFields,
        fields: PipelineFields,
    ) -> Result<Pipeline> {
        let now = self.get_pipeline(scope, id, None).await?;
        let fields = fields.merged_into(&base, &now)?;
        self.update_pipeline(scope, id, fields).await
    }
    async fn delete_pipeline(&self, scope: Scope, id: PipelineId) -> Result<()>;
    /// The launch form's data: the default compute environment and the allowed ones.
    async fn launch_options(
        &self,
        scope: Scope,
        id: PipelineId,
        source: Option<WorkspaceId>,
    ) -> Result<LaunchOptions>;
    /// Launches a pipeline: a new run, SUBMITTED.
    async fn launch(&self, scope: Scope, request: LaunchRequest) -> Result<Run>;
}
