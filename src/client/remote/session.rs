//! The session, capabilities, and the operator's extensions (users, audit log).

use super::RemoteClient;
use super::http::QueryParams;
use crate::api::convert::audit::audit_from_v2;
use crate::api::convert::need;
use crate::api::convert::users::{new_user_request, user_from_dto};
use crate::api::dto::audit::{AuditLogV2ResponseDto, ListAuditLogV2Response};
use crate::api::dto::ext::features;
use crate::api::dto::{ExtCreateUserResponse, ExtListUsersResponse};
use crate::client::{Capabilities, SessionClient};
use crate::domain::changes::{Change, Progress};
use crate::domain::{
    AuditEntry, AuditFilter, Error, ErrorKind, NewUser, Page, Paged, Result, Session, User,
};
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
            token_id: self.token_id,
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

    /// Over the spec's `/admin/audit-logs-v2`, following `nextPageToken` until the page is
    /// full; the page's offset is walked over the same way (the endpoint has no offset).
    async fn audit_log(&self, filter: AuditFilter, page: Page) -> Result<Paged<AuditEntry>> {
        // The page's search is free text too, as on the engine.
        let filter = match (&filter.search, &page.search) {
            (None, Some(s)) => filter.clone().with_search(s),
            _ => filter,
        };
        let want = page.offset as usize + page.max as usize;
        let mut items = Vec::new();
        let mut token = filter.before_id.map(|id| id.to_string());
        let mut total = None;
        loop {
            let max = want
                .saturating_sub(items.len())
                .clamp(1, Page::MAX as usize);
            let query = audit_query(&filter, &page, max, token.take());
            let r: ListAuditLogV2Response = self
                .http
                .get("/admin/audit-logs-v2", query)
                .await
                .map_err(not_offered)?;
            // Counted from where this walk began, so only the first answer's count is kept.
            total = total.or(r.nfdeck_total_size);
            // A record without a numeric id cannot be opened or paged past: it is left out.
            // The spec's servers ignore nfdeck's `nfdeckWho/What/Search`: applied here too.
            let records = r.audit_logs.unwrap_or_default().into_iter();
            let entries = records.filter_map(audit_from_v2);
            items.extend(entries.filter(|e| filter.matches(e)));
            token = r.next_page_token;
            if token.is_none() || items.len() >= want {
                break;
            }
        }
        let more = u64::from(token.is_some());
        let total = total.map_or(items.len() as u64 + more, |t| t.max(0) as u64);
        let items = items
            .into_iter()
            .skip(page.offset as usize)
            .take(page.max as usize);
        Ok(Paged::new(items.collect(), total))
    }

    async fn audit_entry(&self, id: i64) -> Result<AuditEntry> {
        let r: AuditLogV2ResponseDto = self
            .http
            .get(
                &format!("/admin/audit-logs-v2/{id}"),
                vec![("attributes", "state".to_string())],
            )
            .await?;
        audit_from_v2(r).ok_or_else(|| Error::invalid(format!("audit log entry {id} has no id")))
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

/// A server without the endpoint answers 404: say so, rather than "not found".
fn not_offered(e: Error) -> Error {
    if e.kind == ErrorKind::NotFound {
        Error::unavailable("this server does not offer the audit log")
    } else {
        e
    }
}

/// The list's query: the spec's timestamp range and page token, nfdeck's own filters.
fn audit_query(
    filter: &AuditFilter,
    page: &Page,
    max: usize,
    token: Option<String>,
) -> QueryParams {
    let search = filter.search.clone().or_else(|| page.search.clone());
    // With the before/after images: a list entry is the whole change, as the engine's is.
    let mut q: QueryParams = vec![("max", max.to_string()), ("attributes", "state".into())];
    let optional = [
        ("nextPageToken", token),
        ("timestampAfterOrEqual", filter.since.clone()),
        ("timestampBeforeOrEqual", filter.until.clone()),
        ("nfdeckWho", filter.who.clone()),
        ("nfdeckWhat", filter.what.clone()),
        ("nfdeckSearch", search),
    ];
    q.extend(optional.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))));
    q
}
