use super::EmbeddedClient;
use crate::client::TokenClient;
use crate::domain::{ApiToken, Result};
use async_trait::async_trait;

#[async_trait]
impl TokenClient for EmbeddedClient {
    async fn list_tokens(&self) -> Result<Vec<ApiToken>> {
        self.read(|cx| cx.list_my_tokens()).await
    }

    async fn create_token(&self, name: String) -> Result<(ApiToken, String)> {
        self.write(move |cx| cx.create_my_token(&name)).await
    }

    async fn delete_token(&self, id: i64) -> Result<()> {
        self.write(move |cx| cx.delete_my_token(id)).await
    }

    async fn delete_all_tokens(&self) -> Result<()> {
        self.write(|cx| cx.delete_all_my_tokens().map(drop)).await
    }
}
