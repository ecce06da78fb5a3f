use crate::domain::{Credentials, CredentialsFields, Provider, Result, Scope};
use async_trait::async_trait;

/// Credentials of a workspace (`/credentials?workspaceId`). Secrets go in and never come back:
/// responses carry only the names of the secret fields that are set.
#[async_trait]
pub trait CredentialsClient: Send + Sync {
    async fn list_credentials(
        &self,
        scope: Scope,
        provider: Option<Provider>,
    ) -> Result<Vec<Credentials>>;
    async fn get_credentials(&self, scope: Scope, id: String) -> Result<Credentials>;
    async fn create_credentials(
        &self,
        scope: Scope,
        fields: CredentialsFields,
    ) -> Result<Credentials>;
    /// Secrets left out of `fields` keep their stored values; an empty value removes one.
    async fn update_credentials(
        &self,
        scope: Scope,
        id: String,
        fields: CredentialsFields,
    ) -> Result<Credentials>;
    /// Refused (409) while a compute environment uses them.
    async fn delete_credentials(&self, scope: Scope, id: String) -> Result<()>;
}
