//! Writes an audit row for every change, in the change's own transaction.

use super::Ctx;
use super::store::{self, audit::NewAuditEntry};
use crate::domain::{AuditEntry, Error, Page, Paged, Result};
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

    /// The audit log (operator only: it spans every org).
    pub fn list_audit(&self, page: &Page) -> Result<Paged<AuditEntry>> {
        if !self.actor.operator {
            return Err(Error::forbidden("only the operator may read the audit log"));
        }
        store::audit::list(self.conn, page)
    }
}
