//! Workspace secrets. The sealed value is written here and never selected.

use super::db::{Db, OptionalExtension, Row, params};
use super::sql;
use crate::domain::{PipelineSecret, Result, WorkspaceId};

const COLUMNS: &str = "id, workspace_id, name, created_at, updated_at, last_used";

fn from_row(row: &Row) -> crate::engine::store::db::DbResult<PipelineSecret> {
    Ok(PipelineSecret {
        id: row.get(0)?,
        workspace_id: row.get(1)?,
        name: row.get(2)?,
        date_created: row.get(3)?,
        last_updated: row.get(4)?,
        last_used: row.get(5)?,
    })
}

pub fn insert(conn: &Db, ws: WorkspaceId, name: &str, sealed: &[u8]) -> Result<i64> {
    let now = super::now();
    conn.execute(
        "INSERT INTO pipeline_secrets (workspace_id, name, value, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
        params![ws, name, sealed, now],
    )
    .map_err(sql)?;
    conn.last_insert_rowid().map_err(sql)
}

pub fn set_value(conn: &Db, id: i64, sealed: &[u8]) -> Result<()> {
    conn.execute(
        "UPDATE pipeline_secrets SET value = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, sealed, super::now()],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn delete(conn: &Db, id: i64) -> Result<()> {
    conn.execute("DELETE FROM pipeline_secrets WHERE id = ?1", [id])
        .map_err(sql)?;
    Ok(())
}

pub fn by_id(conn: &Db, ws: WorkspaceId, id: i64) -> Result<Option<PipelineSecret>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM pipeline_secrets WHERE workspace_id = ?1 AND id = ?2"),
        params![ws, id],
        from_row,
    )
    .optional()
    .map_err(sql)
}

pub fn by_name(conn: &Db, ws: WorkspaceId, name: &str) -> Result<Option<PipelineSecret>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM pipeline_secrets WHERE workspace_id = ?1 AND name = ?2"),
        params![ws, name],
        from_row,
    )
    .optional()
    .map_err(sql)
}

/// A workspace's secrets by name.
pub fn list(conn: &Db, ws: WorkspaceId) -> Result<Vec<PipelineSecret>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM pipeline_secrets WHERE workspace_id = ?1 ORDER BY name"
        ))
        .map_err(sql)?;
    stmt.query_map([ws], from_row)
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)
}
