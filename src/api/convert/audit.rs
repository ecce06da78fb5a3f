//! The audit log (an nfdeck extension).

use super::need;
use crate::api::dto::ExtAuditEntry;
use crate::domain::{AuditEntry, Result};

pub fn audit_dto(e: &AuditEntry) -> ExtAuditEntry {
    ExtAuditEntry {
        id: Some(e.id),
        at: Some(e.at.clone()),
        actor: Some(e.actor.clone()),
        action: Some(e.action.clone()),
        object_type: Some(e.object_type.clone()),
        object_id: Some(e.object_id.clone()),
        object_name: Some(e.object_name.clone()),
        before: e.before.clone(),
        after: e.after.clone(),
    }
}

pub fn audit_from_dto(d: ExtAuditEntry) -> Result<AuditEntry> {
    Ok(AuditEntry {
        id: need(d.id, "audit entry id")?,
        at: d.at.unwrap_or_default(),
        actor: d.actor.unwrap_or_default(),
        action: d.action.unwrap_or_default(),
        object_type: d.object_type.unwrap_or_default(),
        object_id: d.object_id.unwrap_or_default(),
        object_name: d.object_name.unwrap_or_default(),
        before: d.before,
        after: d.after,
    })
}
