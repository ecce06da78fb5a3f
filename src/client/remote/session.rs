//! The session, capabilities, and the operator's extensions (users, audit log).

use super::RemoteClient;
use crate::api::convert::audit::audit_from_dto;
use crate::api::convert::need;
use crate::api::convert::users::{new_user_request, user_from_dto};
use crate::api::dto::ext::features;
use crate::api::dto::{ExtCreateUserResponse, ExtListAuditResponse, ExtListUsersResponse};
use crate::client::{Capabilities, SessionClient};
use crate::domain::changes::{Change, Progress};
use crate::domain::{AuditEntry, NewUser, Page, Paged, Result, Session, User};
use async_trait::async_trait;
use reqwest::Method;

#[async_trait]
impl SessionClient for RemoteClient {
    fn backend(&self) -> String {
        self.endpoint().to_string()
    }

    async fn session(&self) -> Result<Session> {
        let me = self.me().await?;
        Ok(Session {
            user: me.user.clone(),
            operator: me.operator,
            backend: self.backend(),
        })
    }

    /// What the server offers beyond the public API, from `GET /service-info`; the operator's
    /// features also need an operator token. A remote apply is never atomic.
    async fn capabilities(&self) -> Result<Capabilities> {
        let operator = self.me().await?.operator;
        Ok(Capabilities {
            manage_users: operator && self.offers(features::USERS).await?,
            audit_log: operator && self.offers(features::AUDIT).await?,
            atomic_apply: false,
            default_roles: self.offers(features::DEFAULT_ROLES).await?,
            credits: self.offers(features::CREDITS).await?,
        })
    }

    async fn list_users(&self, page: Page) -> Result<Paged<User>> {
        let path = self
            .require_ext(features::USERS, "/users", "a list of users")
            .await?;
        let paged = self
            .paged(&path, &page, |r: ExtListUsersResponse| {
                Ok((
                    r.users.unwrap_or_default(),
                    r.total_size.unwrap_or(0).max(0) as u64,
                ))
            })
            .await?;
        let items = paged
            .items
            .into_iter()
            .map(user_from_dto)
            .collect::<Result<Vec<_>>>()?;
        Ok(Paged::new(items, paged.total))
    }

    async fn create_user(&self, user: NewUser) -> Result<User> {
        let path = self
            .require_ext(features::USERS, "/users", "creating users")
            .await?;
        let r: ExtCreateUserResponse = self
            .http
            .call(Method::POST, &path, vec![], &new_user_request(&user))
            .await?;
        user_from_dto(need(r.user, "user")?)
    }

    async fn list_audit(&self, page: Page) -> Result<Paged<AuditEntry>> {
        let path = self
            .require_ext(features::AUDIT, "/audit", "the audit log")
            .await?;
        let paged = self
            .paged(&path, &page, |r: ExtListAuditResponse| {
                Ok((
                    r.entries.unwrap_or_default(),
                    r.total_size.unwrap_or(0).max(0) as u64,
                ))
            })
            .await?;
        let items = paged
            .items
            .into_iter()
            .map(audit_from_dto)
            .collect::<Result<Vec<_>>>()?;
        Ok(Paged::new(items, paged.total))
    }

    /// One request per change, in order: not atomic (see `apply.rs`).
    async fn apply_changes(
        &self,
        changes: Vec<Change>,
        dry_run: bool,
        progress: Progress,
    ) -> Result<()> {
        if dry_run {
            self.check_changes(&changes, &*progress).await
        } else {
            self.run_changes(&changes, &*progress).await
        }
    }

    /// `nfdeck serve`'s change counter (an extension); None from a server without it (the
    /// public API has none): screens then reload on the refresh timer, and the HTTP layer's
    /// conditional requests make an unchanged list a 304.
    async fn change_stamp(&self) -> Result<Option<u64>> {
        let Some(path) = self.ext_path(features::CHANGES, "/changes").await? else {
            return Ok(None);
        };
        let got: crate::api::dto::ext::ExtChangesResponse = self.http.get(&path, vec![]).await?;
        Ok(got.changes)
    }

    fn is_embedded(&self) -> bool {
        false
    }
}
