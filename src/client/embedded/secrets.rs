use super::EmbeddedClient;
use crate::client::SecretClient;
use crate::domain::{PipelineSecret, Result, Scope, SecretString};
use async_trait::async_trait;

#[async_trait]
impl SecretClient for EmbeddedClient {
    async fn list_secrets(&self, scope: Scope) -> Result<Vec<PipelineSecret>> {
        self.read(move |cx| cx.list_pipeline_secrets(scope)).await
    }

    async fn create_secret(
        &self,
        scope: Scope,
        name: String,
        value: SecretString,
    ) -> Result<PipelineSecret> {
        self.write(move |cx| cx.create_pipeline_secret(scope, &name, &value))
            .await
    }

    async fn update_secret(&self, scope: Scope, id: i64, value: SecretString) -> Result<()> {
        self.write(move |cx| cx.update_pipeline_secret(scope, id, &value).map(drop))
            .await
    }

    async fn delete_secret(&self, scope: Scope, id: i64) -> Result<()> {
        self.write(move |cx| cx.delete_pipeline_secret(scope, id))
            .await
    }
}
