use crate::domain::{ApiToken, Result};
use async_trait::async_trait;

/// The acting user's own API access tokens (`/tokens`).
#[async_trait]
pub trait TokenClient: Send + Sync {
    async fn list_tokens(&self) -> Result<Vec<ApiToken>>;
    /// A new token: what the list shows of it, and the token itself, which is never shown
    /// again.
    async fn create_token(&self, name: String) -> Result<(ApiToken, String)>;
    async fn delete_token(&self, id: i64) -> Result<()>;
    /// Revokes every token of the user (on a server, the one in use too).
    async fn delete_all_tokens(&self) -> Result<()>;
}
