//! The change counter: one row, bumped by every committed write transaction (in that
//! transaction, so a reader never sees the data without the count or the reverse). Screens
//! poll it to learn cheaply whether anything changed; `serve` builds ETags from it. A row
//! rather than SQLite's `data_version`, so it means the same on PostgreSQL and counts this
//! connection's own writes too.

use super::db::Db;
use super::{query_row, sql};
use crate::domain::Result;

/// Counts one more write; call last, just before the commit (on PostgreSQL the row stays
/// locked until then, and writers already take turns on the write lock).
pub fn bump(conn: &Db) -> Result<()> {
    conn.execute("UPDATE change_counter SET n = n + 1 WHERE id = 1", [])
        .map_err(sql)?;
    Ok(())
}

/// The number of write transactions committed so far.
pub fn count(conn: &Db) -> Result<u64> {
    query_row(conn, "SELECT n FROM change_counter WHERE id = 1", [], |r| {
        r.get::<i64>(0)
    })
    .map(|n| n.max(0) as u64)
    .map_err(sql)
}
