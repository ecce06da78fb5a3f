use super::EmbeddedClient;
use crate::client::WorkspaceClient;
use crate::domain::{OrgId, Result, Workspace, WorkspaceFields, WorkspaceId};
use async_trait::async_trait;

#[async_trait]
impl WorkspaceClient for EmbeddedClient {
    async fn list_workspaces(&self) -> Result<Vec<Workspace>> {
        self.read(|cx| cx.list_workspaces()).await
    }

    async fn list_org_workspaces(&self, org: OrgId) -> Result<Vec<Workspace>> {
        self.read(move |cx| cx.list_org_workspaces(org)).await
    }

    async fn get_workspace(&self, org: OrgId, workspace: WorkspaceId) -> Result<Workspace> {
        self.read(move |cx| cx.get_workspace(org, workspace)).await
    }

    async fn create_workspace(&self, org: OrgId, fields: WorkspaceFields) -> Result<Workspace> {
        self.write(move |cx| cx.create_workspace(org, &fields))
            .await
    }

    async fn update_workspace(
        &self,
        org: OrgId,
        workspace: WorkspaceId,
        fields: WorkspaceFields,
    ) -> Result<Workspace> {
        self.write(move |cx| cx.update_workspace(org, workspace, &fields))
            .await
    }

    async fn edit_workspace(
        &self,
        org: OrgId,
        workspace: WorkspaceId,
        base: WorkspaceFields,
        fields: WorkspaceFields,
    ) -> Result<Workspace> {
        self.write(move |cx| cx.edit_workspace(org, workspace, &base, &fields))
            .await
    }

    async fn delete_workspace(&self, org: OrgId, workspace: WorkspaceId) -> Result<()> {
        self.write(move |cx| cx.delete_workspace(org, workspace))
            .await
    }
}
