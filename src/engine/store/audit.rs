use super::db::{Db, OptionalExtension, Row, params};
use super::sql;
use crate::domain::{AuditEntry, AuditFilter, Page, Paged, Result};

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

const COLUMNS: &str = "id, at, actor, action, object_type, object_id, object_name, before, after";

/// Newest first, narrowed by `filter` (every part optional; see `AuditFilter`). The log grows
/// without bound, so callers page: by offset, or by keyset through `filter.before_id`.
pub fn list(conn: &Db, filter: &AuditFilter, page: &Page) -> Result<Paged<AuditEntry>> {
    let like = |t: &Option<String>| t.as_deref().map(super::like_pattern);
    // The page's own search (what list screens send) counts as the free text too.
    let search = like(&filter.search.clone().or_else(|| page.search.clone()));
    let who = like(&filter.who);
    // A prefix of the action (`workspace` matches `workspace.update`) or the object type.
    let what_prefix = filter.what.as_deref().map(|w| {
        let w = w
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        format!("{w}%")
    });
    let what = filter.what.clone();
    let from = "audit_log WHERE (?1 IS NULL OR action LIKE ?1 ESCAPE '\\' OR actor LIKE ?1 ESCAPE '\\' \
                OR object_type LIKE ?1 ESCAPE '\\' OR object_name LIKE ?1 ESCAPE '\\') \
                AND (?2 IS NULL OR actor LIKE ?2 ESCAPE '\\') \
                AND (?3 IS NULL OR action LIKE ?3 ESCAPE '\\' OR object_type = ?4) \
                AND (?5 IS NULL OR at >= ?5) AND (?6 IS NULL OR at <= ?6) \
                AND (?7 IS NULL OR id < ?7)";
    super::paged(
        conn,
        COLUMNS,
        from,
        "id DESC",
        &[
            &search,
            &who,
            &what_prefix,
            &what,
            &filter.since,
            &filter.until,
            &filter.before_id,
        ],
        page,
        from_row,
    )
}

/// One entry by id.
pub fn get(conn: &Db, id: i64) -> Result<Option<AuditEntry>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM audit_log WHERE id = ?1"),
        params![id],
        from_row,
    )
    .optional()
    .map_err(sql)
}
