use super::EmbeddedClient;
use crate::client::{Capabilities, SessionClient};
use crate::domain::changes::{Change, Progress};
use crate::domain::{AuditEntry, AuditFilter, NewUser, Page, Paged, Result, Session, User};
use async_trait::async_trait;

#[async_trait]
impl SessionClient for EmbeddedClient {
    fn backend(&self) -> String {
        self.engine().label().to_string()
    }

    async fn session(&self) -> Result<Session> {
        let backend = self.backend();
        let operator = self.actor().operator;
        self.read(move |cx| {
            Ok(Session {
                user: cx.me()?,
                operator,
                backend,
                // The embedded engine needs no token.
                token_id: None,
            })
        })
        .await
    }

    async fn capabilities(&self) -> Result<Capabilities> {
        Ok(Capabilities {
            manage_users: self.actor().operator,
            audit_log: self.actor().operator,
            atomic_apply: true,
            default_roles: true,
            credits: true,
        })
    }

    async fn list_users(&self, page: Page) -> Result<Paged<User>> {
        self.read(move |cx| cx.list_users(&page)).await
    }

    async fn create_user(&self, user: NewUser) -> Result<User> {
        self.write(move |cx| cx.create_user(&user)).await
    }

    async fn audit_log(&self, filter: AuditFilter, page: Page) -> Result<Paged<AuditEntry>> {
        self.read(move |cx| cx.audit_log(&filter, &page)).await
    }

    async fn audit_entry(&self, id: i64) -> Result<AuditEntry> {
        self.read(move |cx| cx.audit_entry(id)).await
    }

    async fn apply_changes(
        &self,
        changes: Vec<Change>,
        dry_run: bool,
        progress: Progress,
    ) -> Result<()> {
        self.with_engine(move |engine, actor| {
            let apply = |cx: &crate::engine::Ctx| cx.apply_changes_reporting(&changes, &*progress);
            if dry_run {
                engine.dry_run(actor, apply)
            } else {
                engine.write(actor, apply)
            }
        })
        .await
    }

    async fn change_stamp(&self) -> Result<Option<u64>> {
        self.engine().change_count().await.map(Some)
    }

    fn is_embedded(&self) -> bool {
        true
    }
}
