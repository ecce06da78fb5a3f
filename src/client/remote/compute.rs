//! Compute environments over the API. A list entry names neither the workspace id nor the
//! credentials; the credentials list (read concurrently) names them.

use super::RemoteClient;
use super::scope::scope_query;
use crate::api::convert::compute::{
    create_request, from_entry, from_response, unchangeable, update_request,
};
use crate::api::convert::need;
use crate::api::dto::EmptyBodyRequest;
use crate::api::dto::compute::{
    CreateComputeEnvResponse, DescribeComputeEnvResponse, ListComputeEnvsResponse,
};
use crate::client::{ComputeClient, CredentialsClient};
use crate::domain::{ComputeEnv, ComputeEnvFields, ComputeEnvStatus, Error, Result, Scope};
use async_trait::async_trait;
use reqwest::Method;
use std::collections::HashMap;

impl RemoteClient {
    /// Credentials names by id (none when they cannot be read).
    async fn credentials_names(&self, scope: Scope) -> Result<HashMap<String, String>> {
        let list = super::optional(self.list_credentials(scope, None).await)?;
        Ok(list
            .unwrap_or_default()
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect())
    }

    async fn compute_env_post(&self, scope: Scope, id: &str, action: &str) -> Result<ComputeEnv> {
        self.http
            .call_no_content(
                Method::POST,
                &format!("/compute-envs/{id}/{action}"),
                scope_query(scope),
                &EmptyBodyRequest {},
            )
            .await?;
        self.get_compute_env(scope, id.to_string()).await
    }
}

#[async_trait]
impl ComputeClient for RemoteClient {
    async fn list_compute_envs(
        &self,
        scope: Scope,
        status: Option<ComputeEnvStatus>,
    ) -> Result<Vec<ComputeEnv>> {
        let mut q = scope_query(scope);
        if let Some(s) = status {
            q.push(("status", s.to_string()));
        }
        let (r, names, ws) = futures::try_join!(
            self.http.get::<ListComputeEnvsResponse>("/compute-envs", q),
            self.credentials_names(scope),
            self.scope_id(scope),
        )?;
        r.compute_envs
            .unwrap_or_default()
            .into_iter()
            .map(|e| {
                let mut ce = from_entry(e, ws)?;
                ce.credentials_name = ce
                    .credentials_id
                    .as_ref()
                    .and_then(|c| names.get(c).cloned());
                Ok(ce)
            })
            .collect()
    }

    /// The description, completed by the list entry (workspace and credentials names).
    async fn get_compute_env(&self, scope: Scope, id: String) -> Result<ComputeEnv> {
        let path = format!("/compute-envs/{id}");
        let (d, list) = futures::join!(
            self.http
                .get::<DescribeComputeEnvResponse>(&path, scope_query(scope)),
            self.list_compute_envs(scope, None),
        );
        let listed = list?.into_iter().find(|e| e.id == id);
        let mut ce = from_response(need(d?.compute_env, "computeEnv")?, "")?;
        if let Some(l) = listed {
            ce.workspace_name = l.workspace_name;
            ce.credentials_name = l.credentials_name;
        }
        Ok(ce)
    }

    async fn primary_compute_env(&self, scope: Scope) -> Result<Option<ComputeEnv>> {
        Ok(self
            .list_compute_envs(scope, None)
            .await?
            .into_iter()
            .find(|e| e.primary))
    }

    async fn create_compute_env(
        &self,
        scope: Scope,
        fields: ComputeEnvFields,
    ) -> Result<ComputeEnv> {
        let r: CreateComputeEnvResponse = self
            .http
            .call(
                Method::POST,
                "/compute-envs",
                scope_query(scope),
                &create_request(&fields),
            )
            .await?;
        self.get_compute_env(scope, need(r.compute_env_id, "computeEnvId")?)
            .await
    }

    /// The API changes a compute environment's name, description and credentials only.
    async fn update_compute_env(
        &self,
        scope: Scope,
        id: String,
        fields: ComputeEnvFields,
    ) -> Result<ComputeEnv> {
        let current = self.get_compute_env(scope, id.clone()).await?;
        if let Some(what) = unchangeable(&fields, &current) {
            return Err(Error::invalid(format!(
                "compute env '{}': the API cannot change its {what}; create a new compute environment instead",
                current.name
            )));
        }
        self.http
            .call_no_content(
                Method::PUT,
                &format!("/compute-envs/{id}"),
                scope_query(scope),
                &update_request(&fields),
            )
            .await?;
        self.get_compute_env(scope, id).await
    }

    async fn delete_compute_env(&self, scope: Scope, id: String) -> Result<()> {
        self.http
            .delete(&format!("/compute-envs/{id}"), scope_query(scope))
            .await
    }

    async fn make_primary(&self, scope: Scope, id: String) -> Result<ComputeEnv> {
        self.compute_env_post(scope, &id, "primary").await
    }

    async fn disable_compute_env(&self, scope: Scope, id: String) -> Result<ComputeEnv> {
        self.compute_env_post(scope, &id, "disable").await
    }

    async fn enable_compute_env(&self, scope: Scope, id: String) -> Result<ComputeEnv> {
        self.compute_env_post(scope, &id, "enable").await
    }
}
