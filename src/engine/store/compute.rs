//! Compute environments, with their primary flag (at most one per workspace, kept by a unique
//! partial index).

use super::db::{Db, OptionalExtension, Row, params};
use super::{parse_col, sql};
use crate::domain::{
    ComputeEnv, ComputeEnvFields, ComputeEnvStatus, Platform, Result, WorkspaceId,
};

const COLUMNS: &str = "e.id, e.workspace_id, w.name, e.name, e.description, e.platform,
    e.credentials_id, c.name, e.work_dir, e.region, e.status, e.is_primary, e.created_at,
    e.updated_at, e.last_used";
const FROM: &str = "compute_envs e JOIN workspaces w ON w.id = e.workspace_id
    LEFT JOIN credentials c ON c.id = e.credentials_id";

/// Labels are read separately (`store::labels::of`).
fn from_row(row: &Row) -> crate::engine::store::db::DbResult<ComputeEnv> {
    Ok(ComputeEnv {
        id: row.get(0)?,
        workspace_id: row.get(1)?,
        workspace_name: row.get(2)?,
        name: row.get(3)?,
        description: row.get(4)?,
        platform: parse_col::<Platform>(row, 5)?,
        platform_raw: None,
        credentials_id: row.get(6)?,
        credentials_name: row.get(7)?,
        work_dir: row.get(8)?,
        region: row.get(9)?,
        labels: Vec::new(),
        status: parse_col::<ComputeEnvStatus>(row, 10)?,
        primary: row.get(11)?,
        date_created: row.get(12)?,
        last_updated: row.get(13)?,
        last_used: row.get(14)?,
    })
}

fn collect(conn: &Db, query: &str, params: impl super::db::Params) -> Result<Vec<ComputeEnv>> {
    let mut stmt = conn.prepare_cached(query).map_err(sql)?;
    stmt.query_map(params, from_row)
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)
}

pub fn insert(conn: &Db, id: &str, ws: WorkspaceId, f: &ComputeEnvFields) -> Result<()> {
    let now = super::now();
    conn.execute(
        "INSERT INTO compute_envs (id, workspace_id, name, description, platform, credentials_id,
             work_dir, region, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'AVAILABLE', ?9, ?9)",
        params![
            id,
            ws,
            f.name,
            f.description,
            f.platform.as_str(),
            f.credentials_id,
            f.work_dir,
            f.region,
            now
        ],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn update(conn: &Db, id: &str, f: &ComputeEnvFields) -> Result<()> {
    conn.execute(
        "UPDATE compute_envs SET name = ?2, description = ?3, platform = ?4, credentials_id = ?5,
             work_dir = ?6, region = ?7, updated_at = ?8
         WHERE id = ?1",
        params![
            id,
            f.name,
            f.description,
            f.platform.as_str(),
            f.credentials_id,
            f.work_dir,
            f.region,
            super::now()
        ],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn delete(conn: &Db, id: &str) -> Result<()> {
    conn.execute("DELETE FROM compute_envs WHERE id = ?1", [id])
        .map_err(sql)?;
    Ok(())
}

/// Any compute environment by id, whatever its workspace (callers check the workspace).
pub fn by_id(conn: &Db, id: &str) -> Result<Option<ComputeEnv>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM {FROM} WHERE e.id = ?1"),
        [id],
        from_row,
    )
    .optional()
    .map_err(sql)
}

pub fn by_name(conn: &Db, ws: WorkspaceId, name: &str) -> Result<Option<ComputeEnv>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM {FROM} WHERE e.workspace_id = ?1 AND e.name = ?2"),
        params![ws, name],
        from_row,
    )
    .optional()
    .map_err(sql)
}

/// A workspace's compute environments, the primary first, then by name; `status` narrows it.
pub fn list(
    conn: &Db,
    ws: WorkspaceId,
    status: Option<ComputeEnvStatus>,
) -> Result<Vec<ComputeEnv>> {
    collect(
        conn,
        &format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE e.workspace_id = ?1 AND (?2 IS NULL OR e.status = ?2)
             ORDER BY e.is_primary DESC, e.name"
        ),
        params![ws, status.map(ComputeEnvStatus::as_str)],
    )
}

pub fn primary(conn: &Db, ws: WorkspaceId) -> Result<Option<ComputeEnv>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM {FROM} WHERE e.workspace_id = ?1 AND e.is_primary = 1"),
        [ws],
        from_row,
    )
    .optional()
    .map_err(sql)
}

/// Makes `id` the workspace's only primary.
pub fn set_primary(conn: &Db, ws: WorkspaceId, id: &str) -> Result<()> {
    conn.execute(
        "UPDATE compute_envs SET is_primary = 0 WHERE workspace_id = ?1 AND is_primary = 1",
        [ws],
    )
    .map_err(sql)?;
    conn.execute(
        "UPDATE compute_envs SET is_primary = 1, updated_at = ?2 WHERE id = ?1",
        params![id, super::now()],
    )
    .map_err(sql)?;
    Ok(())
}

/// Sets the status; an environment that is no longer AVAILABLE stops being primary.
pub fn set_status(conn: &Db, id: &str, status: ComputeEnvStatus) -> Result<()> {
    conn.execute(
        "UPDATE compute_envs SET status = ?2,
             is_primary = CASE WHEN ?2 = 'AVAILABLE' THEN is_primary ELSE 0 END,
             updated_at = ?3
         WHERE id = ?1",
        params![id, status.as_str(), super::now()],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn touch_last_used(conn: &Db, id: &str) -> Result<()> {
    conn.execute(
        "UPDATE compute_envs SET last_used = ?2 WHERE id = ?1",
        params![id, super::now()],
    )
    .map_err(sql)?;
    Ok(())
}

/// The names of the pipelines whose own compute environment this is.
pub fn pipelines_using(conn: &Db, id: &str) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare_cached("SELECT name FROM pipelines WHERE compute_env_id = ?1 ORDER BY name")
        .map_err(sql)?;
    stmt.query_map([id], |r| r.get(0))
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<String>>>()
        .map_err(sql)
}
