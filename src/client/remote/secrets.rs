//! Workspace secrets over the API (`/pipeline-secrets`).

use super::RemoteClient;
use super::scope::scope_query;
use crate::api::convert::need;
use crate::api::convert::secrets::secret_from_dto;
use crate::api::dto::secrets::{
    CreatePipelineSecretRequest, CreatePipelineSecretResponse, DescribePipelineSecretResponse,
    ListPipelineSecretsResponse, UpdatePipelineSecretRequest,
};
use crate::client::SecretClient;
use crate::domain::{PipelineSecret, Result, Scope, SecretString};
use async_trait::async_trait;
use reqwest::Method;

#[async_trait]
impl SecretClient for RemoteClient {
    async fn list_secrets(&self, scope: Scope) -> Result<Vec<PipelineSecret>> {
        let (r, ws) = futures::try_join!(
            self.http
                .get::<ListPipelineSecretsResponse>("/pipeline-secrets", scope_query(scope)),
            self.scope_id(scope),
        )?;
        r.pipeline_secrets
            .unwrap_or_default()
            .into_iter()
            .map(|d| secret_from_dto(d, ws))
            .collect()
    }

    async fn create_secret(
        &self,
        scope: Scope,
        name: String,
        value: SecretString,
    ) -> Result<PipelineSecret> {
        let body = CreatePipelineSecretRequest {
            name: Some(name),
            value: Some(value.expose().to_string()),
        };
        let r: CreatePipelineSecretResponse = self
            .http
            .call(Method::POST, "/pipeline-secrets", scope_query(scope), &body)
            .await?;
        let id = need(r.secret_id, "secretId")?;
        let path = format!("/pipeline-secrets/{id}");
        let (d, ws) = futures::try_join!(
            self.http
                .get::<DescribePipelineSecretResponse>(&path, scope_query(scope)),
            self.scope_id(scope),
        )?;
        secret_from_dto(need(d.pipeline_secret, "pipelineSecret")?, ws)
    }

    async fn update_secret(&self, scope: Scope, id: i64, value: SecretString) -> Result<()> {
        let body = UpdatePipelineSecretRequest {
            value: Some(value.expose().to_string()),
        };
        self.http
            .call_no_content(
                Method::PUT,
                &format!("/pipeline-secrets/{id}"),
                scope_query(scope),
                &body,
            )
            .await
    }

    async fn delete_secret(&self, scope: Scope, id: i64) -> Result<()> {
        self.http
            .delete(&format!("/pipeline-secrets/{id}"), scope_query(scope))
            .await
    }
}
