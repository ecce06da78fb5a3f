//! An org's custom roles over `/roles?orgId`: the list names them (without permissions), so
//! each is described once more for its permissions (an org has at most a few dozen).

use super::RemoteClient;
use crate::api::convert::need;
use crate::api::dto::roles::{
    CreateRoleRequest, CreateRoleResponse, DescribeRoleResponse, ListRolesResponse,
    UpdateRoleRequest,
};
use crate::client::RoleClient;
use crate::domain::custom_roles::parse_permissions;
use crate::domain::{CustomRole, CustomRoleFields, Error, ErrorKind, OrgId, Result};
use async_trait::async_trait;
use futures::future::try_join_all;
use reqwest::Method;

/// A server without `/roles` answers 404: say so, rather than "not found".
fn not_offered(e: Error) -> Error {
    if e.kind == ErrorKind::NotFound {
        Error::unavailable("this server does not offer custom roles")
    } else {
        e
    }
}

fn org_query(org: OrgId) -> Vec<(&'static str, String)> {
    vec![("orgId", org.to_string())]
}

impl RemoteClient {
    async fn describe_custom_role(&self, org: OrgId, name: String) -> Result<CustomRole> {
        let r: DescribeRoleResponse = self
            .http
            .get(&format!("/roles/{name}"), org_query(org))
            .await?;
        let role = need(r.role, "role")?;
        Ok(CustomRole {
            org_id: org,
            description: role.description.unwrap_or_default(),
            permissions: parse_permissions(&role.permissions.unwrap_or_default())?,
            name: role.name.unwrap_or(name),
            date_created: String::new(),
            last_updated: String::new(),
        })
    }
}

#[async_trait]
impl RoleClient for RemoteClient {
    async fn list_custom_roles(&self, org: OrgId) -> Result<Vec<CustomRole>> {
        let mut query = org_query(org);
        query.push(("type", "custom".into()));
        let list: ListRolesResponse = self.http.get("/roles", query).await.map_err(not_offered)?;
        let names = list
            .roles
            .unwrap_or_default()
            .into_iter()
            .filter(|r| r.is_predefined != Some(true))
            .filter_map(|r| r.name);
        try_join_all(names.map(|name| self.describe_custom_role(org, name))).await
    }

    async fn create_custom_role(&self, org: OrgId, fields: CustomRoleFields) -> Result<()> {
        let request = CreateRoleRequest {
            name: Some(fields.name),
            description: Some(fields.description),
            permissions: Some(fields.permissions),
        };
        let _: CreateRoleResponse = self
            .http
            .call(Method::POST, "/roles", org_query(org), &request)
            .await?;
        Ok(())
    }

    async fn update_custom_role(
        &self,
        org: OrgId,
        name: &str,
        fields: CustomRoleFields,
    ) -> Result<()> {
        let request = UpdateRoleRequest {
            name: Some(fields.name),
            description: Some(fields.description),
            permissions: Some(fields.permissions),
        };
        self.http
            .call_no_content(
                Method::PUT,
                &format!("/roles/{name}"),
                org_query(org),
                &request,
            )
            .await
    }

    async fn delete_custom_role(&self, org: OrgId, name: &str) -> Result<()> {
        self.http
            .delete(&format!("/roles/{name}"), org_query(org))
            .await
    }
}
