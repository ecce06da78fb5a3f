use crate::domain::{CustomRole, CustomRoleFields, OrgId, Result};
use async_trait::async_trait;

/// An org's custom roles (named permission sets participants may hold).
#[async_trait]
pub trait RoleClient: Send + Sync {
    /// The org's custom roles, by name, with their permissions.
    async fn list_custom_roles(&self, org: OrgId) -> Result<Vec<CustomRole>>;
    async fn create_custom_role(&self, org: OrgId, fields: CustomRoleFields) -> Result<()>;
    /// Changes the role called `name` (renaming keeps its holders).
    async fn update_custom_role(
        &self,
        org: OrgId,
        name: &str,
        fields: CustomRoleFields,
    ) -> Result<()>;
    async fn delete_custom_role(&self, org: OrgId, name: &str) -> Result<()>;
}
