use super::EmbeddedClient;
use crate::client::CredentialsClient;
use crate::domain::{Credentials, CredentialsFields, Provider, Result, Scope};
use async_trait::async_trait;

#[async_trait]
impl CredentialsClient for EmbeddedClient {
    async fn list_credentials(
        &self,
        scope: Scope,
        provider: Option<Provider>,
    ) -> Result<Vec<Credentials>> {
        self.read(move |cx| cx.list_credentials(scope, provider))
            .await
    }

    async fn get_credentials(&self, scope: Scope, id: String) -> Result<Credentials> {
        self.read(move |cx| cx.get_credentials(scope, &id)).await
    }

    async fn create_credentials(
        &self,
        scope: Scope,
        fields: CredentialsFields,
    ) -> Result<Credentials> {
        self.write(move |cx| cx.create_credentials(scope, &fields))
            .await
    }

    async fn update_credentials(
        &self,
        scope: Scope,
        id: String,
        fields: CredentialsFields,
    ) -> Result<Credentials> {
        self.write(move |cx| cx.update_credentials(scope, &id, &fields))
            .await
    }

    async fn delete_credentials(&self, scope: Scope, id: String) -> Result<()> {
        self.write(move |cx| cx.delete_credentials(scope, &id))
            .await
    }
}
