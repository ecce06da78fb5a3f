use crate::domain::changes::{Change, Progress};
use crate::domain::{AuditEntry, AuditFilter, NewUser, Page, Paged, Result, Session, User};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// What a backend offers beyond the public API; features it lacks are shown as unavailable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capabilities {
    /// Users can be created (embedded operator).
    pub manage_users: bool,
    /// The audit log can be read.
    pub audit_log: bool,
    /// `apply` runs as one transaction (all or nothing).
    pub atomic_apply: bool,
    /// Org members can have a default workspace role (Latch; not in the public API).
    pub default_roles: bool,
    /// Credits: balances, allocations, transfers (not in the public API).
    pub credits: bool,
}

/// Who is calling, and backend-wide operations.
#[async_trait]
pub trait SessionClient: Send + Sync {
    /// "embedded: /path/to/nfdeck.db" or the endpoint URL, for the header.
    fn backend(&self) -> String;

    async fn session(&self) -> Result<Session>;

    async fn capabilities(&self) -> Result<Capabilities>;

    /// Users known to the backend (operator only).
    async fn list_users(&self, page: Page) -> Result<Paged<User>>;

    /// Creates a user with a personal workspace (operator only).
    async fn create_user(&self, user: NewUser) -> Result<User>;

    /// The audit log, newest first.
    async fn list_audit(&self, page: Page) -> Result<Paged<AuditEntry>> {
        self.audit_log(AuditFilter::default(), page).await
    }

    /// The audit log newest first, narrowed by `filter` (keyset paging by
    /// `filter.before_id`; the page's offset skips entries after that).
    async fn audit_log(&self, filter: AuditFilter, page: Page) -> Result<Paged<AuditEntry>>;

    /// One change with its before and after snapshots.
    async fn audit_entry(&self, id: i64) -> Result<AuditEntry>;

    /// Runs the changes of an `apply`. With `dry_run`, checks them all and writes nothing.
    /// The embedded engine runs them in one transaction, so any error writes nothing.
    /// `progress` hears how far it has come (`Change::steps`), from any thread.
    async fn apply_changes(
        &self,
        changes: Vec<Change>,
        dry_run: bool,
        progress: Progress,
    ) -> Result<()>;

    /// A stamp that changes whenever anyone may have changed the backend's data (the engine's
    /// change counter), read with one small query; None when the backend has none (a remote
    /// server: screens then reload on a timer, with conditional requests, so an unchanged
    /// list costs almost nothing).
    async fn change_stamp(&self) -> Result<Option<u64>>;

    /// Whether this is the embedded engine (its change stamp is a local read: screens poll
    /// it every second; a server is polled every `refresh_seconds`).
    fn is_embedded(&self) -> bool;
}
