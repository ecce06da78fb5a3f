//! Writes an audit row for every change, in the change's own transaction.

use super::Ctx;
use super::store::{self, audit::NewAuditEntry};
use crate::domain::{AuditEntry, AuditFilter, Error, Page, Paged, Result};
use serde::Serialize;
use serde_json::Value;

/// A JSON snapshot of an object for the audit log. Callers never pass secrets.
pub(crate) fn snap<T: Serialize>(value: &T) -> Option<Value> {
    Some(serde_json::to_value(value).unwrap_or(Value::Null))
}

impl Ctx<'_> {
    /// Records a change: who (the acting user), what, and snapshots before and after.
    pub(crate) fn audit(
        &self,
        action: &str,
        object_type: &str,
        object_id: impl ToString,
        object_name: &str,
        before: Option<Value>,
        after: Option<Value>,
    ) -> Result<()> {
        store::audit::insert(
            self.conn,
            &NewAuditEntry {
                actor: &self.actor.email,
                action,
                object_type,
                object_id: object_id.to_string(),
                object_name: object_name.to_string(),
                before,
                after,
            },
        )
    }

    /// The audit log, unfiltered (see `audit_log`).
    pub fn list_audit(&self, page: &Page) -> Result<Paged<AuditEntry>> {
        self.audit_log(&AuditFilter::default(), page)
    }

    /// The audit log newest first, narrowed by `filter`. Only the operator reads it: entries
    /// are not tied to one organization (a user's or a token's change is not), so an org owner
    /// could not be shown only their own org's part; the API's `/admin` endpoints are likewise
    /// the root user's.
    pub fn audit_log(&self, filter: &AuditFilter, page: &Page) -> Result<Paged<AuditEntry>> {
        self.may_read_audit()?;
        store::audit::list(self.conn, filter, page)
    }

    /// One change, with its before and after.
    pub fn audit_entry(&self, id: i64) -> Result<AuditEntry> {
        self.may_read_audit()?;
        store::audit::get(self.conn, id)?
            .ok_or_else(|| Error::not_found(format!("audit log entry {id} not found")))
    }

    fn may_read_audit(&self) -> Result<()> {
        if !self.actor.operator {
            return Err(Error::forbidden("only the operator may read the audit log"));
        }
        Ok(())
    }
}
