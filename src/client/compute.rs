use crate::domain::{ComputeEnv, ComputeEnvFields, ComputeEnvStatus, Result, Scope};
use async_trait::async_trait;

/// Compute environments of a workspace (`/compute-envs?workspaceId`).
#[async_trait]
pub trait ComputeClient: Send + Sync {
    /// The primary first, then by name; `status` narrows the list (tw lists `AVAILABLE`).
    async fn list_compute_envs(
        &self,
        scope: Scope,
        status: Option<ComputeEnvStatus>,
    ) -> Result<Vec<ComputeEnv>>;
    async fn get_compute_env(&self, scope: Scope, id: String) -> Result<ComputeEnv>;
    /// The primary compute environment, if any (the API has no endpoint: it is the list entry
    /// with `primary: true`).
    async fn primary_compute_env(&self, scope: Scope) -> Result<Option<ComputeEnv>>;
    async fn create_compute_env(
        &self,
        scope: Scope,
        fields: ComputeEnvFields,
    ) -> Result<ComputeEnv>;
    async fn update_compute_env(
        &self,
        scope: Scope,
        id: String,
        fields: ComputeEnvFields,
    ) -> Result<ComputeEnv>;
    async fn delete_compute_env(&self, scope: Scope, id: String) -> Result<()>;
    /// Makes an AVAILABLE environment the workspace's only primary.
    async fn make_primary(&self, scope: Scope, id: String) -> Result<ComputeEnv>;
    /// Disables an environment (it stops being primary).
    async fn disable_compute_env(&self, scope: Scope, id: String) -> Result<ComputeEnv>;
    async fn enable_compute_env(&self, scope: Scope, id: String) -> Result<ComputeEnv>;
}
