//! The user's own access tokens over the API (`/tokens`).

use super::RemoteClient;
use crate::api::convert::need;
use crate::api::convert::users::token_from_dto;
use crate::api::dto::{
    CreateAccessTokenRequest, CreateAccessTokenResponse, ListAccessTokensResponse,
};
use crate::client::TokenClient;
use crate::domain::{ApiToken, Result};
use async_trait::async_trait;
use reqwest::Method;

#[async_trait]
impl TokenClient for RemoteClient {
    async fn list_tokens(&self) -> Result<Vec<ApiToken>> {
        let r: ListAccessTokensResponse = self.http.get("/tokens", vec![]).await?;
        r.tokens
            .unwrap_or_default()
            .into_iter()
            .map(token_from_dto)
            .collect()
    }

    async fn create_token(&self, name: String) -> Result<(ApiToken, String)> {
        let body = CreateAccessTokenRequest { name: Some(name) };
        let r: CreateAccessTokenResponse = self
            .http
            .call(Method::POST, "/tokens", vec![], &body)
            .await?;
        Ok((
            token_from_dto(need(r.token, "token")?)?,
            need(r.access_key, "accessKey")?,
        ))
    }

    async fn delete_token(&self, id: i64) -> Result<()> {
        self.http.delete(&format!("/tokens/{id}"), vec![]).await
    }

    async fn delete_all_tokens(&self) -> Result<()> {
        self.http.delete("/tokens/delete-all", vec![]).await
    }
}
