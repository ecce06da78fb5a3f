use crate::domain::changes::merge3;
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
    /// Saves an edit made on `base` (the workspace as the user saw it): only the fields the
    /// edit changes are written, merged into what is there now, so another writer's change
    /// to other fields is kept; a field both changed is refused (`merge3`). A server has no
    /// conditional writes: this reads right before writing (the embedded engine does both in
    /// one transaction).
    async fn edit_workspace(
        &self,
        org: OrgId,
        workspace: WorkspaceId,
        base: WorkspaceFields,
        fields: WorkspaceFields,
    ) -> Result<Workspace> {
        let now = WorkspaceFields::from(&self.get_workspace(org, workspace).await?);
        let object = format!("workspace {}", base.name);
        let fields = merge3(&object, &base, &fields, &now)?;
        self.update_workspace(org, workspace, fields).await
    }
    /// Deletes the workspace and everything in it.
    async fn delete_workspace(&self, org: OrgId, workspace: WorkspaceId) -> Result<()>;
}

/// `--workspace` (the CLI's commands and the TUI's start): a numeric id or ORG/WORKSPACE
/// among the workspaces the acting user can see.
pub async fn find_workspace(client: &dyn WorkspaceClient, wanted: &str) -> Result<Workspace> {
    let wanted = wanted.trim();
    client
        .list_workspaces()
        .await?
        .into_iter()
        .find(|w| w.id.to_string() == wanted || w.path().eq_ignore_ascii_case(wanted))
        .ok_or_else(|| {
            crate::domain::Error::not_found(format!(
                "--workspace: no workspace '{wanted}' that you can see (give its id or ORG/WORKSPACE)"
            ))
        })
}
