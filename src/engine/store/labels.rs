//! Labels and their links to compute environments, pipelines, actions and runs.

use super::db::{Db, OptionalExtension, Row, ToSql, params};
use super::{like_pattern, limit, sql};
use crate::domain::{Label, LabelFields, LabelId, LabelType, Page, Paged, Result, WorkspaceId};

const COLUMNS: &str = "id, name, value, resource, is_default, created_at";

fn from_row(row: &Row) -> crate::engine::store::db::DbResult<Label> {
    Ok(Label {
        id: row.get(0)?,
        name: row.get(1)?,
        value: row.get(2)?,
        resource: row.get(3)?,
        is_default: row.get(4)?,
        date_created: row.get(5)?,
    })
}

/// The objects labels attach to, each with its link table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelLink {
    ComputeEnv,
    Pipeline,
    Action,
    Run,
}

impl LabelLink {
    /// Link table and owner column; fixed names, never user input.
    fn table(self) -> (&'static str, &'static str) {
        match self {
            LabelLink::ComputeEnv => ("compute_env_labels", "compute_env_id"),
            LabelLink::Pipeline => ("pipeline_labels", "pipeline_id"),
            LabelLink::Action => ("action_labels", "action_id"),
            LabelLink::Run => ("run_labels", "run_id"),
        }
    }
}

pub fn insert(conn: &Db, ws: WorkspaceId, f: &LabelFields) -> Result<LabelId> {
    conn.execute(
        "INSERT INTO labels (workspace_id, name, value, resource, is_default, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![ws, f.name, f.value, f.resource, f.is_default, super::now()],
    )
    .map_err(sql)?;
    conn.last_insert_rowid().map_err(sql)
}

pub fn update(conn: &Db, id: LabelId, f: &LabelFields) -> Result<()> {
    conn.execute(
        "UPDATE labels SET name = ?2, value = ?3, is_default = ?4 WHERE id = ?1",
        params![id, f.name, f.value, f.is_default],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn delete(conn: &Db, id: LabelId) -> Result<()> {
    conn.execute("DELETE FROM labels WHERE id = ?1", [id])
        .map_err(sql)?;
    Ok(())
}

pub fn by_id(conn: &Db, ws: WorkspaceId, id: LabelId) -> Result<Option<Label>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM labels WHERE workspace_id = ?1 AND id = ?2"),
        params![ws, id],
        from_row,
    )
    .optional()
    .map_err(sql)
}

/// The label with the same identity: the name of a simple label, key and value of a resource
/// label (case-insensitive).
pub fn find_same(conn: &Db, ws: WorkspaceId, f: &LabelFields) -> Result<Option<Label>> {
    super::query_row(
        conn,
        &format!(
            "SELECT {COLUMNS} FROM labels WHERE workspace_id = ?1 AND resource = ?2 AND name = ?3
             AND (?2 = 0 OR value = ?4)"
        ),
        params![ws, f.resource, f.name, f.value],
        from_row,
    )
    .optional()
    .map_err(sql)
}

/// A page of labels ordered by name and value; `search` matches name or value.
pub fn list(conn: &Db, ws: WorkspaceId, kind: LabelType, page: &Page) -> Result<Paged<Label>> {
    let pattern = page.search.as_deref().map(like_pattern);
    let filter = "workspace_id = ?1 AND (?2 IS NULL OR resource = ?2)
        AND (?3 IS NULL OR name LIKE ?3 ESCAPE '\\' OR value LIKE ?3 ESCAPE '\\')";
    let flag = kind.resource_flag();
    let total: i64 = conn
        .query_row(
            &format!("SELECT count(*) FROM labels WHERE {filter}"),
            params![ws, flag, pattern],
            |r| r.get(0),
        )
        .map_err(sql)?;
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM labels WHERE {filter}
             ORDER BY name, value LIMIT ?4 OFFSET ?5"
        ))
        .map_err(sql)?;
    let items = stmt
        .query_map(
            params![ws, flag, pattern, limit(page.max), page.offset],
            from_row,
        )
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)?;
    Ok(Paged::new(items, total as u64))
}

pub fn count(conn: &Db, ws: WorkspaceId) -> Result<u64> {
    super::query_row(
        conn,
        "SELECT count(*) FROM labels WHERE workspace_id = ?1",
        [ws],
        |r| r.get::<i64>(0),
    )
    .map(|n| n as u64)
    .map_err(sql)
}

/// The workspace's default resource labels (pre-applied to launches).
pub fn defaults(conn: &Db, ws: WorkspaceId) -> Result<Vec<Label>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM labels WHERE workspace_id = ?1 AND is_default = 1 ORDER BY name, value"
        ))
        .map_err(sql)?;
    stmt.query_map([ws], from_row)
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)
}

/// The labels linked to one object, ordered by name and value.
pub fn of(conn: &Db, link: LabelLink, owner: &dyn ToSql) -> Result<Vec<Label>> {
    let (table, column) = link.table();
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT l.id, l.name, l.value, l.resource, l.is_default, l.created_at
             FROM {table} x JOIN labels l ON l.id = x.label_id
             WHERE x.{column} = ?1 ORDER BY l.name, l.value"
        ))
        .map_err(sql)?;
    stmt.query_map([owner], from_row)
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)
}

/// The labels of many objects of one kind with integer ids (a page of pipelines) in one query,
/// by the owner's id as text.
pub fn of_many(
    conn: &Db,
    link: LabelLink,
    owners: &[i64],
) -> Result<std::collections::HashMap<String, Vec<Label>>> {
    let mut by_owner: std::collections::HashMap<String, Vec<Label>> =
        std::collections::HashMap::new();
    if owners.is_empty() {
        return Ok(by_owner);
    }
    let (table, column) = link.table();
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT l.id, l.name, l.value, l.resource, l.is_default, l.created_at, CAST(x.{column} AS TEXT)
             FROM rarray(?1) a CROSS JOIN {table} x ON x.{column} = a.value
             JOIN labels l ON l.id = x.label_id
             ORDER BY l.name, l.value"
        ))
        .map_err(sql)?;
    let rows = stmt
        .query_map([super::id_array(owners.iter().copied())], |row| {
            Ok((row.get::<String>(6)?, from_row(row)?))
        })
        .map_err(sql)?;
    for row in rows {
        let (owner, label) = row.map_err(sql)?;
        by_owner.entry(owner).or_default().push(label);
    }
    Ok(by_owner)
}

/// Replaces the labels linked to one object.
pub fn set_links(conn: &Db, link: LabelLink, owner: &dyn ToSql, labels: &[LabelId]) -> Result<()> {
    let (table, column) = link.table();
    conn.execute(&format!("DELETE FROM {table} WHERE {column} = ?1"), [owner])
        .map_err(sql)?;
    let mut stmt = conn
        .prepare_cached(&format!(
            "INSERT OR IGNORE INTO {table} ({column}, label_id) VALUES (?1, ?2)"
        ))
        .map_err(sql)?;
    for label in labels {
        stmt.execute(params![owner, label]).map_err(sql)?;
    }
    Ok(())
}
