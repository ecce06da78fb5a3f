//! Workspace-scoped calls: the `workspaceId` query parameter (absent for the personal
//! workspace), the id to put on what comes back, and the org a workspace belongs to.

use super::RemoteClient;
use super::http::QueryParams;
use crate::api::dto::ListWorkspacesAndOrgResponse;
use crate::domain::{Error, OrgId, Result, Scope, WorkspaceId};

/// `workspaceId` for an org workspace; nothing for the personal workspace.
pub fn scope_query(scope: Scope) -> QueryParams {
    scope
        .workspace_id()
        .map(|id| ("workspaceId", id.to_string()))
        .into_iter()
        .collect()
}

impl RemoteClient {
    /// The workspace id a scope stands for (the personal workspace's, when the server says it;
    /// 0 otherwise).
    pub(super) async fn scope_id(&self, scope: Scope) -> Result<WorkspaceId> {
        match scope {
            Scope::Workspace(id) => Ok(id),
            Scope::Personal => Ok(self.me().await?.personal_workspace_id.unwrap_or(0)),
        }
    }

    /// The org of an org workspace, from `GET /user/{userId}/workspaces` (remembered).
    pub(super) async fn org_of(&self, ws: WorkspaceId) -> Result<OrgId> {
        if let Some(org) = self.orgs_of.lock().ok().and_then(|m| m.get(&ws).copied()) {
            return Ok(org);
        }
        let me = self.me().await?.user.id;
        let rows: ListWorkspacesAndOrgResponse = self
            .http
            .get(&format!("/user/{me}/workspaces"), vec![])
            .await?;
        let found: Vec<(WorkspaceId, OrgId)> = rows
            .orgs_and_workspaces
            .unwrap_or_default()
            .into_iter()
            .filter_map(|r| Some((r.workspace_id?, r.org_id?)))
            .collect();
        if let Ok(mut known) = self.orgs_of.lock() {
            known.extend(found.iter().copied());
        }
        found
            .into_iter()
            .find(|(w, _)| *w == ws)
            .map(|(_, org)| org)
            .ok_or_else(|| Error::not_found(format!("workspace {ws} not found")))
    }
}
