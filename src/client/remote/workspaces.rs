//! Workspaces over the API. The API sends neither participant counts nor the caller's role
//! with a workspace; `roles.rs` adds them.

use super::roles::Scope;
use super::{RemoteClient, optional};
use crate::api::convert::need;
use crate::api::convert::workspaces::{
    create_workspace_request, update_workspace_request, visibility, workspace_from_db_dto,
    workspace_from_dto,
};
use crate::api::dto::{
    CreateWorkspaceResponse, DescribeWorkspaceResponse, ListWorkspacesAndOrgResponse,
    ListWorkspacesResponse, OrgAndWorkspaceDto,
};
use crate::client::{OrgClient, WorkspaceClient};
use crate::domain::{
    EffectiveRole, OrgId, OrgRole, Result, RoleGrant, RoleSource, Visibility, Workspace,
    WorkspaceFields, WorkspaceId, WspRole,
};
use async_trait::async_trait;
use reqwest::Method;
use std::collections::{HashMap, HashSet};

impl RemoteClient {
    /// The personal workspace (the API's "user context"), as the session knows it.
    async fn personal_workspace(&self) -> Result<Workspace> {
        let me = self.me().await?;
        Ok(Workspace {
            id: me.personal_workspace_id.unwrap_or(0),
            org_id: None,
            org_name: None,
            name: me.user.user_name.clone(),
            full_name: me.user.display_name(),
            description: String::new(),
            visibility: Visibility::Private,
            participants_count: 0,
            my_role: EffectiveRole::from_grants(vec![RoleGrant {
                custom: None,
                role: WspRole::Owner,
                source: RoleSource::PersonalWorkspace,
            }]),
        })
    }

    /// Workspace descriptions by id, for the orgs given (the rows of
    /// `GET /user/{userId}/workspaces` carry none); one request per org, concurrently.
    async fn descriptions(&self, orgs: Vec<OrgId>) -> Result<HashMap<WorkspaceId, String>> {
        let lists = futures::future::try_join_all(orgs.into_iter().map(|org| async move {
            let path = format!("/orgs/{org}/workspaces");
            optional(self.http.get::<ListWorkspacesResponse>(&path, vec![]).await)
        }))
        .await?;
        Ok(lists
            .into_iter()
            .flatten()
            .flat_map(|r| r.workspaces.unwrap_or_default())
            .filter_map(|w| Some((w.id?, w.description.unwrap_or_default())))
            .collect())
    }

    /// The orgs the caller owns in a set, for the extras.
    fn owned(org: OrgId, role: Option<OrgRole>) -> HashSet<OrgId> {
        role.filter(|r| *r == OrgRole::Owner)
            .map(|_| org)
            .into_iter()
            .collect()
    }
}

/// A workspace row of `GET /user/{userId}/workspaces` (None for an org's own row).
fn workspace_of_row(row: &OrgAndWorkspaceDto) -> Result<Option<Workspace>> {
    let Some(id) = row.workspace_id else {
        return Ok(None);
    };
    Ok(Some(Workspace {
        id,
        org_id: row.org_id,
        org_name: row.org_name.clone(),
        name: row.workspace_name.clone().unwrap_or_default(),
        full_name: row.workspace_full_name.clone().unwrap_or_default(),
        description: String::new(),
        visibility: row
            .visibility
            .as_ref()
            .map(visibility)
            .transpose()?
            .unwrap_or_default(),
        participants_count: 0,
        my_role: EffectiveRole::none(),
    }))
}

#[async_trait]
impl WorkspaceClient for RemoteClient {
    /// The personal workspace first, then the rows of `GET /user/{userId}/workspaces` (a row
    /// with `workspaceId: null` is the org itself and says the caller's org role).
    async fn list_workspaces(&self) -> Result<Vec<Workspace>> {
        let me = self.me().await?.user.id;
        let rows: ListWorkspacesAndOrgResponse = self
            .http
            .get(&format!("/user/{me}/workspaces"), vec![])
            .await?;
        let rows = rows.orgs_and_workspaces.unwrap_or_default();
        let mut owned = HashSet::new();
        let mut row_roles = HashMap::new();
        let mut list = Vec::new();
        for row in &rows {
            let roles = row.roles.clone().unwrap_or_default();
            match workspace_of_row(row)? {
                Some(w) => {
                    row_roles.insert(w.id, roles);
                    list.push(w);
                }
                None if roles.iter().any(|r| r == "owner") => {
                    owned.extend(row.org_id);
                }
                None => {}
            }
        }
        let orgs: Vec<OrgId> = rows
            .iter()
            .filter(|r| r.workspace_id.is_none())
            .filter_map(|r| r.org_id)
            .collect();
        let (descriptions, ()) = futures::try_join!(
            self.descriptions(orgs),
            self.fill_extras(Scope::All, &mut list, &owned, &row_roles),
        )?;
        for w in &mut list {
            w.description = descriptions.get(&w.id).cloned().unwrap_or_default();
        }
        let mut all = vec![self.personal_workspace().await?];
        all.extend(list);
        Ok(all)
    }

    async fn list_org_workspaces(&self, org: OrgId) -> Result<Vec<Workspace>> {
        let path = format!("/orgs/{org}/workspaces");
        // Both are read at once; the workspace list's error (if any) is the one reported.
        let (r, info) = futures::join!(
            self.http.get::<ListWorkspacesResponse>(&path, vec![]),
            self.get_org(org),
        );
        let (r, info) = (r?, info?);
        let mut list = r
            .workspaces
            .unwrap_or_default()
            .into_iter()
            .map(|w| workspace_from_db_dto(w, org, &info.name))
            .collect::<Result<Vec<_>>>()?;
        let owned = Self::owned(org, info.my_role);
        self.fill_extras(Scope::Org(org), &mut list, &owned, &HashMap::new())
            .await?;
        Ok(list)
    }

    async fn get_workspace(&self, org: OrgId, workspace: WorkspaceId) -> Result<Workspace> {
        let path = format!("/orgs/{org}/workspaces/{workspace}");
        // Both are read at once; the workspace's error (if any) is the one reported.
        let (r, info) = futures::join!(
            self.http.get::<DescribeWorkspaceResponse>(&path, vec![]),
            self.get_org(org),
        );
        let (r, info) = (r?, info?);
        let mut list = [workspace_from_dto(
            need(r.workspace, "workspace")?,
            org,
            &info.name,
        )?];
        let owned = Self::owned(org, info.my_role);
        self.fill_extras(Scope::One(workspace), &mut list, &owned, &HashMap::new())
            .await?;
        let [w] = list;
        Ok(w)
    }

    async fn create_workspace(&self, org: OrgId, fields: WorkspaceFields) -> Result<Workspace> {
        let r: CreateWorkspaceResponse = self
            .http
            .call(
                Method::POST,
                &format!("/orgs/{org}/workspaces"),
                vec![],
                &create_workspace_request(&fields),
            )
            .await?;
        let id = need(need(r.workspace, "workspace")?.id, "workspace id")?;
        self.get_workspace(org, id).await
    }

    async fn update_workspace(
        &self,
        org: OrgId,
        workspace: WorkspaceId,
        fields: WorkspaceFields,
    ) -> Result<Workspace> {
        let _: DescribeWorkspaceResponse = self
            .http
            .call(
                Method::PUT,
                &format!("/orgs/{org}/workspaces/{workspace}"),
                vec![],
                &update_workspace_request(&fields),
            )
            .await?;
        self.get_workspace(org, workspace).await
    }

    async fn delete_workspace(&self, org: OrgId, workspace: WorkspaceId) -> Result<()> {
        self.http
            .delete(&format!("/orgs/{org}/workspaces/{workspace}"), vec![])
            .await
    }
}
