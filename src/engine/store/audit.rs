use super::db::{Db, Row, params};
use super::sql;
use crate::domain::{AuditEntry, Page, Paged, Result};

/// One audit row to write; `before`/`after` are JSON snapshots (never secrets).
pub struct NewAuditEntry<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: String,
    pub object_name: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

pub fn insert(conn: &Db, e: &NewAuditEntry) -> Result<()> {
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, object_type, object_id, object_name, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            super::now(),
            e.actor,
            e.action,
            e.object_type,
            e.object_id,
            e.object_name,
            e.before.as_ref().map(|v| v.to_string()),
            e.after.as_ref().map(|v| v.to_string()),
        ],
    )
    .map_err(sql)?;
    Ok(())
}

fn from_row(row: &Row) -> crate::engine::store::db::DbResult<AuditEntry> {
    let json = |idx: usize| -> crate::engine::store::db::DbResult<Option<serde_json::Value>> {
        let text: Option<String> = row.get(idx)?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    };
    Ok(AuditEntry {
        id: row.get(0)?,
        at: row.get(1)?,
        actor: row.get(2)?,
        action: row.get(3)?,
        object_type: row.get(4)?,
        object_id: row.get(5)?,
        object_name: row.get(6)?,
        before: json(7)?,
        after: json(8)?,
    })
}

/// Newest first; `search` matches the action, the actor or the object's name.
pub fn list(conn: &Db, page: &Page) -> Result<Paged<AuditEntry>> {
    let pattern = page.search.as_deref().map(super::like_pattern);
    let from = "audit_log WHERE (?1 IS NULL OR action LIKE ?1 ESCAPE '\\' OR actor LIKE ?1 ESCAPE '\\' OR object_name LIKE ?1 ESCAPE '\\')";
    let columns = "id, at, actor, action, object_type, object_id, object_name, before, after";
    super::paged(conn, columns, from, "id DESC", &[&pattern], page, from_row)
}
