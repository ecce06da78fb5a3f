use crate::domain::{OrgId, Result, Workspace, WorkspaceFields, WorkspaceId};
use async_trait::async_trait;

#[async_trait]
pub trait WorkspaceClient: Send + Sync {
    /// The acting user's personal workspace first, then every org workspace they can see
    /// (with their effective role), ordered by org and name.
    async fn list_workspaces(&self) -> Result<Vec<Workspace>>;
    async fn list_org_workspaces(&self, org: OrgId) -> Result<Vec<Workspace>>;
    async fn get_workspace(&self, org: OrgId, workspace: WorkspaceId) -> Result<Workspace>;
    async fn create_workspace(&self, org: OrgId, fields: WorkspaceFields) -> Result<Workspace>;
    async fn update_workspace(
        &self,
        org: OrgId,
        workspace: WorkspaceId,
        fields: WorkspaceFields,
    ) -> Result<Workspace>;
    /// Deletes the workspace and everything in it.
    async fn delete_workspace(&self, org: OrgId, workspace: WorkspaceId) -> Result<()>;
}
