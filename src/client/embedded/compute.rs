use super::EmbeddedClient;
use crate::client::ComputeClient;
use crate::domain::{ComputeEnv, ComputeEnvFields, ComputeEnvStatus, Result, Scope};
use async_trait::async_trait;

#[async_trait]
impl ComputeClient for EmbeddedClient {
    async fn list_compute_envs(
        &self,
        scope: Scope,
        status: Option<ComputeEnvStatus>,
    ) -> Result<Vec<ComputeEnv>> {
        self.read(move |cx| cx.list_compute_envs(scope, status))
            .await
    }

    async fn get_compute_env(&self, scope: Scope, id: String) -> Result<ComputeEnv> {
        self.read(move |cx| cx.get_compute_env(scope, &id)).await
    }

    async fn primary_compute_env(&self, scope: Scope) -> Result<Option<ComputeEnv>> {
        self.read(move |cx| cx.primary_compute_env(scope)).await
    }

    async fn create_compute_env(
        &self,
        scope: Scope,
        fields: ComputeEnvFields,
    ) -> Result<ComputeEnv> {
        self.write(move |cx| cx.create_compute_env(scope, &fields))
            .await
    }

    async fn update_compute_env(
        &self,
        scope: Scope,
        id: String,
        fields: ComputeEnvFields,
    ) -> Result<ComputeEnv> {
        self.write(move |cx| cx.update_compute_env(scope, &id, &fields))
            .await
    }

    async fn delete_compute_env(&self, scope: Scope, id: String) -> Result<()> {
        self.write(move |cx| cx.delete_compute_env(scope, &id))
            .await
    }

    async fn make_primary(&self, scope: Scope, id: String) -> Result<ComputeEnv> {
        self.write(move |cx| cx.make_primary(scope, &id)).await
    }

    async fn disable_compute_env(&self, scope: Scope, id: String) -> Result<ComputeEnv> {
        self.write(move |cx| cx.disable_compute_env(scope, &id))
            .await
    }

    async fn enable_compute_env(&self, scope: Scope, id: String) -> Result<ComputeEnv> {
        self.write(move |cx| cx.enable_compute_env(scope, &id))
            .await
    }
}
