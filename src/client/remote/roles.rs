//! What the API does not send with a workspace: its participant count and the caller's
//! effective role. From nfdeck's extension when the server offers it (one request); otherwise
//! from the spec: `GET /orgs/{orgId}/users/{userId}/roles` (own and team roles), org
//! ownership, and a one-item participant page per workspace for the count.

use super::{RemoteClient, optional};
use crate::api::convert::roles::{effective_from_ext, grant_from_user_role, wsp_role_lenient};
use crate::api::dto::ext::features;
use crate::api::dto::{ExtWorkspacesResponse, ListParticipantsResponse, ListUserRolesResponse};
use crate::client::RoleClient;
use crate::domain::{
    CustomRole, EffectiveRole, OrgId, Result, RoleGrant, RoleSource, Workspace, WorkspaceId,
};
use futures::{StreamExt, TryStreamExt};
use std::collections::{HashMap, HashSet};

/// Which workspaces to fill in.
#[derive(Clone, Copy, Debug)]
pub(super) enum Scope {
    All,
    Org(OrgId),
    One(WorkspaceId),
}

/// How many participant counts are read at once from a server without the extension.
const CONCURRENT_COUNTS: usize = 8;

impl RemoteClient {
    /// Fills `participants_count` and `my_role` of org workspaces. `owned` lists the orgs the
    /// caller owns; `row_roles` are the role names `GET /user/{userId}/workspaces` sent, used
    /// when the server will not tell where roles come from.
    pub(super) async fn fill_extras(
        &self,
        scope: Scope,
        workspaces: &mut [Workspace],
        owned: &HashSet<OrgId>,
        row_roles: &HashMap<WorkspaceId, Vec<String>>,
    ) -> Result<()> {
        let query = match scope {
            Scope::All => vec![],
            Scope::Org(org) => vec![("orgId", org.to_string())],
            Scope::One(ws) => vec![("workspaceId", ws.to_string())],
        };
        if let Some(path) = self
            .ext_path(features::WORKSPACE_ROLES, "/workspaces")
            .await?
        {
            let r: ExtWorkspacesResponse = self.http.get(&path, query).await?;
            fill_from_ext(r, workspaces)?;
        } else {
            self.fill_from_spec(workspaces, owned, row_roles).await?;
        }
        self.fill_custom_permissions(workspaces).await
    }

    /// A role row names a custom role but not what it allows: read each such org's custom
    /// roles once (`/roles`, then each described) so the TUI and `apply` grant what the server
    /// will. Unreadable roles (a server without them, a caller who may not read them) stay
    /// without permissions: the server decides, and a workspace list never fails for them.
    async fn fill_custom_permissions(&self, workspaces: &mut [Workspace]) -> Result<()> {
        let orgs: HashSet<OrgId> = workspaces
            .iter()
            .filter(|w| w.my_role.grants.iter().any(|g| g.custom.is_some()))
            .filter_map(|w| w.org_id)
            .collect();
        let roles = futures::future::join_all(orgs.into_iter().map(|org| async move {
            let roles = self.list_custom_roles(org).await.unwrap_or_else(|e| {
                tracing::warn!(
                    org,
                    "custom roles not read ({e}); the server decides what they allow"
                );
                Vec::new()
            });
            (org, roles)
        }))
        .await;
        let by_org: HashMap<OrgId, Vec<CustomRole>> = roles.into_iter().collect();
        for w in workspaces.iter_mut() {
            let Some(roles) = w.org_id.and_then(|org| by_org.get(&org)) else {
                continue;
            };
            for custom in w
                .my_role
                .grants
                .iter_mut()
                .filter_map(|g| g.custom.as_mut())
            {
                if let Some(role) = roles.iter().find(|r| r.name == custom.name) {
                    custom.permissions = role.permissions.clone();
                }
            }
        }
        Ok(())
    }

    async fn fill_from_spec(
        &self,
        workspaces: &mut [Workspace],
        owned: &HashSet<OrgId>,
        row_roles: &HashMap<WorkspaceId, Vec<String>>,
    ) -> Result<()> {
        let orgs: HashSet<OrgId> = workspaces.iter().filter_map(|w| w.org_id).collect();
        let per_org = futures::future::try_join_all(orgs.into_iter().map(|org| async move {
            Ok::<_, crate::domain::Error>((org, self.spec_grants(org).await?))
        }))
        .await?;
        let per_org: HashMap<OrgId, Option<HashMap<WorkspaceId, Vec<RoleGrant>>>> =
            per_org.into_iter().collect();
        for w in workspaces.iter_mut() {
            let Some(org) = w.org_id else { continue };
            let mut grants = Vec::new();
            if owned.contains(&org) {
                grants.push(RoleGrant {
                    custom: None,
                    role: crate::domain::WspRole::Owner,
                    source: RoleSource::OrgOwner,
                });
            }
            match per_org.get(&org) {
                Some(Some(by_ws)) => grants.extend(by_ws.get(&w.id).cloned().unwrap_or_default()),
                _ => grants.extend(
                    row_roles
                        .get(&w.id)
                        .into_iter()
                        .flatten()
                        .map(|r| RoleGrant {
                            custom: None,
                            role: wsp_role_lenient(r),
                            source: RoleSource::Participant,
                        }),
                ),
            }
            w.my_role = EffectiveRole::from_grants(grants);
        }
        self.fill_counts(workspaces).await
    }

    /// The caller's own and team grants per workspace of an org; None when the server will
    /// not say.
    async fn spec_grants(
        &self,
        org: OrgId,
    ) -> Result<Option<HashMap<WorkspaceId, Vec<RoleGrant>>>> {
        let me = self.me().await?.user.id;
        let path = format!("/orgs/{org}/users/{me}/roles");
        let Some(r) = optional(self.http.get::<ListUserRolesResponse>(&path, vec![]).await)? else {
            return Ok(None);
        };
        let mut by_ws = HashMap::new();
        for w in r.user_workspaces.unwrap_or_default() {
            let Some(id) = w.workspace_id else { continue };
            let grants: Vec<RoleGrant> = w
                .roles
                .unwrap_or_default()
                .iter()
                .map(grant_from_user_role)
                .collect();
            by_ws.insert(id, grants);
        }
        Ok(Some(by_ws))
    }

    /// Participant counts of the workspaces where the caller has a role (the others' lists
    /// are not readable), a few requests at a time.
    async fn fill_counts(&self, workspaces: &mut [Workspace]) -> Result<()> {
        let wanted: Vec<(OrgId, WorkspaceId)> = workspaces
            .iter()
            .filter(|w| w.my_role.role().is_some())
            .filter_map(|w| Some((w.org_id?, w.id)))
            .collect();
        let counts: HashMap<WorkspaceId, u64> = futures::stream::iter(wanted)
            .map(|(org, ws)| async move {
                let path = format!("/orgs/{org}/workspaces/{ws}/participants");
                let count = optional(
                    self.count::<ListParticipantsResponse>(&path, |r| r.total_size)
                        .await,
                )?;
                Ok::<_, crate::domain::Error>((ws, count.unwrap_or(0)))
            })
            .buffer_unordered(CONCURRENT_COUNTS)
            .try_collect()
            .await?;
        for w in workspaces.iter_mut() {
            w.participants_count = counts.get(&w.id).copied().unwrap_or(0);
        }
        Ok(())
    }
}

fn fill_from_ext(r: ExtWorkspacesResponse, workspaces: &mut [Workspace]) -> Result<()> {
    let mut by_id = HashMap::new();
    for e in r.workspaces.unwrap_or_default() {
        if let Some(id) = e.workspace_id {
            by_id.insert(id, e);
        }
    }
    for w in workspaces.iter_mut() {
        if let Some(e) = by_id.remove(&w.id) {
            w.participants_count = e.participants_count.unwrap_or(0).max(0) as u64;
            w.my_role = effective_from_ext(e.grants.unwrap_or_default())?;
        }
    }
    Ok(())
}
