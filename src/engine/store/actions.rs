//! Actions: triggers bound to a pipeline launch configuration (stored as JSON).

use super::db::{Db, OptionalExtension, Row, params};
use super::{parse_col, sql};
use crate::domain::{
    Action, ActionSource, ActionStatus, LaunchRequest, OrgId, PipelineId, Result, WorkspaceId,
};

const COLUMNS: &str = "a.id, a.name, a.source, a.status, a.pipeline_id, p.name, a.launch,
    a.last_seen, a.created_at";
const FROM: &str = "actions a JOIN pipelines p ON p.id = a.pipeline_id";

/// `endpoint` and labels are filled by the caller.
fn from_row(row: &Row) -> crate::engine::store::db::DbResult<Action> {
    let launch: String = row.get(6)?;
    let launch: LaunchRequest = serde_json::from_str(&launch)
        .map_err(|e| crate::engine::store::db::DbError::conversion(6, e))?;
    Ok(Action {
        id: row.get(0)?,
        name: row.get(1)?,
        source: parse_col::<ActionSource>(row, 2)?,
        status: parse_col::<ActionStatus>(row, 3)?,
        pipeline_id: row.get(4)?,
        pipeline_name: row.get(5)?,
        launch,
        endpoint: None,
        labels: Vec::new(),
        last_seen: row.get(7)?,
        date_created: row.get(8)?,
    })
}

pub struct NewAction<'a> {
    pub id: &'a str,
    pub workspace_id: WorkspaceId,
    pub name: &'a str,
    pub source: ActionSource,
    pub pipeline_id: PipelineId,
    pub launch: &'a LaunchRequest,
}

pub fn insert(conn: &Db, a: &NewAction) -> Result<()> {
    let launch = serde_json::to_string(a.launch)
        .map_err(|e| crate::domain::Error::internal(format!("cannot store launch: {e}")))?;
    let now = super::now();
    conn.execute(
        "INSERT INTO actions (id, workspace_id, name, source, status, pipeline_id, launch, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'ACTIVE', ?5, ?6, ?7, ?7)",
        params![a.id, a.workspace_id, a.name, a.source.as_str(), a.pipeline_id, launch, now],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn set_status(conn: &Db, id: &str, status: ActionStatus) -> Result<()> {
    conn.execute(
        "UPDATE actions SET status = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, status.as_str(), super::now()],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn touch_last_seen(conn: &Db, id: &str) -> Result<()> {
    conn.execute(
        "UPDATE actions SET last_seen = ?2 WHERE id = ?1",
        params![id, super::now()],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn delete(conn: &Db, id: &str) -> Result<()> {
    conn.execute("DELETE FROM actions WHERE id = ?1", [id])
        .map_err(sql)?;
    Ok(())
}

pub fn by_id(conn: &Db, ws: WorkspaceId, id: &str) -> Result<Option<Action>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM {FROM} WHERE a.workspace_id = ?1 AND a.id = ?2"),
        params![ws, id],
        from_row,
    )
    .optional()
    .map_err(sql)
}

/// A new name and launch configuration (with the pipeline it launches).
pub fn update(
    conn: &Db,
    id: &str,
    name: &str,
    pipeline_id: crate::domain::PipelineId,
    launch: &crate::domain::LaunchRequest,
) -> Result<()> {
    let launch = serde_json::to_string(launch)
        .map_err(|e| crate::domain::Error::internal(format!("cannot store launch: {e}")))?;
    conn.execute(
        "UPDATE actions SET name = ?2, pipeline_id = ?3, launch = ?4, updated_at = ?5 WHERE id = ?1",
        params![id, name, pipeline_id, launch, super::now()],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn name_taken(conn: &Db, ws: WorkspaceId, name: &str) -> Result<bool> {
    super::query_row(
        conn,
        "SELECT EXISTS (SELECT 1 FROM actions WHERE workspace_id = ?1 AND name = ?2)",
        params![ws, name],
        |r| r.get(0),
    )
    .map_err(sql)
}

pub fn list(conn: &Db, ws: WorkspaceId) -> Result<Vec<Action>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE a.workspace_id = ?1 ORDER BY a.name"
        ))
        .map_err(sql)?;
    stmt.query_map([ws], from_row)
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)
}

/// Every action of an org's workspaces, with its workspace.
pub fn list_org(conn: &Db, org: OrgId) -> Result<Vec<(WorkspaceId, Action)>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS}, a.workspace_id FROM {FROM}
             JOIN workspaces w ON w.id = a.workspace_id
             WHERE w.org_id = ?1 ORDER BY a.workspace_id, a.name"
        ))
        .map_err(sql)?;
    stmt.query_map([org], |r| Ok((r.get(9)?, from_row(r)?)))
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)
}
