use crate::domain::{PipelineSecret, Result, Scope, SecretString};
use async_trait::async_trait;

/// Workspace secrets (`/pipeline-secrets`): values go in and never come back.
#[async_trait]
pub trait SecretClient: Send + Sync {
    async fn list_secrets(&self, scope: Scope) -> Result<Vec<PipelineSecret>>;
    async fn create_secret(
        &self,
        scope: Scope,
        name: String,
        value: SecretString,
    ) -> Result<PipelineSecret>;
    /// Replaces the value; the name stays.
    async fn update_secret(&self, scope: Scope, id: i64, value: SecretString) -> Result<()>;
    async fn delete_secret(&self, scope: Scope, id: i64) -> Result<()>;
}
