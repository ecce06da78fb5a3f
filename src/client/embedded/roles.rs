use super::EmbeddedClient;
use crate::client::RoleClient;
use crate::domain::{CustomRole, CustomRoleFields, OrgId, Result};
use async_trait::async_trait;

#[async_trait]
impl RoleClient for EmbeddedClient {
    async fn list_custom_roles(&self, org: OrgId) -> Result<Vec<CustomRole>> {
        self.read(move |cx| cx.list_custom_roles(org)).await
    }

    async fn create_custom_role(&self, org: OrgId, fields: CustomRoleFields) -> Result<()> {
        self.write(move |cx| cx.create_custom_role(org, &fields).map(drop))
            .await
    }

    async fn update_custom_role(
        &self,
        org: OrgId,
        name: &str,
        fields: CustomRoleFields,
    ) -> Result<()> {
        let name = name.to_string();
        self.write(move |cx| cx.update_custom_role(org, &name, &fields).map(drop))
            .await
    }

    async fn delete_custom_role(&self, org: OrgId, name: &str) -> Result<()> {
        let name = name.to_string();
        self.write(move |cx| cx.delete_custom_role(org, &name))
            .await
    }
}
