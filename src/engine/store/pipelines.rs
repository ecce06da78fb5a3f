//! Pipelines of the Launchpad, listed from one workspace and, for `shared`/`all`, from the
//! org's other SHARED workspaces.

use super::db::{Db, OptionalExtension, Row, params};
use super::{like_pattern, limit, sql};
use crate::domain::{
    OrgId, Page, Paged, Pipeline, PipelineFields, PipelineId, PipelineVisibility, Result, UserId,
    WorkspaceId,
};

const COLUMNS: &str = "p.id, p.workspace_id, w.name, o.name, p.name, p.description, p.repository,
    p.revision, p.compute_env_id, e.name, p.work_dir, p.profiles, p.params, p.pre_run_script,
    p.post_run_script, u.user_name, p.created_at, p.updated_at";
const JOINS: &str = "JOIN workspaces w ON w.id = p.workspace_id
    LEFT JOIN orgs o ON o.id = w.org_id
    LEFT JOIN compute_envs e ON e.id = p.compute_env_id
    LEFT JOIN users u ON u.id = p.user_id";

/// `shared` and labels are filled by the caller.
fn from_row(row: &Row) -> crate::engine::store::db::DbResult<Pipeline> {
    let profiles: String = row.get(11)?;
    Ok(Pipeline {
        id: row.get(0)?,
        workspace_id: row.get(1)?,
        workspace_name: row.get(2)?,
        org_name: row.get(3)?,
        shared: false,
        name: row.get(4)?,
        description: row.get(5)?,
        repository: row.get(6)?,
        revision: row.get(7)?,
        compute_env_id: row.get(8)?,
        compute_env_name: row.get(9)?,
        work_dir: row.get(10)?,
        profiles: serde_json::from_str(&profiles).unwrap_or_default(),
        params: row.get(12)?,
        labels: Vec::new(),
        pre_run_script: row.get(13)?,
        post_run_script: row.get(14)?,
        user_name: row.get(15)?,
        date_created: row.get(16)?,
        last_updated: row.get(17)?,
    })
}

fn profiles_json(profiles: &[String]) -> String {
    serde_json::to_string(profiles).unwrap_or_else(|_| "[]".into())
}

pub fn insert(conn: &Db, ws: WorkspaceId, user: UserId, f: &PipelineFields) -> Result<PipelineId> {
    let now = super::now();
    conn.execute(
        "INSERT INTO pipelines (workspace_id, name, description, repository, revision, compute_env_id,
             work_dir, profiles, params, pre_run_script, post_run_script, user_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
        params![
            ws,
            f.name,
            f.description,
            f.repository,
            f.revision,
            f.compute_env_id,
            f.work_dir,
            profiles_json(&f.profiles),
            f.params,
            f.pre_run_script,
            f.post_run_script,
            user,
            now
        ],
    )
    .map_err(sql)?;
    conn.last_insert_rowid().map_err(sql)
}

pub fn update(conn: &Db, id: PipelineId, f: &PipelineFields) -> Result<()> {
    conn.execute(
        "UPDATE pipelines SET name = ?2, description = ?3, repository = ?4, revision = ?5,
             compute_env_id = ?6, work_dir = ?7, profiles = ?8, params = ?9, pre_run_script = ?10,
             post_run_script = ?11, updated_at = ?12
         WHERE id = ?1",
        params![
            id,
            f.name,
            f.description,
            f.repository,
            f.revision,
            f.compute_env_id,
            f.work_dir,
            profiles_json(&f.profiles),
            f.params,
            f.pre_run_script,
            f.post_run_script,
            super::now()
        ],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn delete(conn: &Db, id: PipelineId) -> Result<()> {
    conn.execute("DELETE FROM pipelines WHERE id = ?1", [id])
        .map_err(sql)?;
    Ok(())
}

pub fn by_id(conn: &Db, ws: WorkspaceId, id: PipelineId) -> Result<Option<Pipeline>> {
    super::query_row(
        conn,
        &format!(
            "SELECT {COLUMNS} FROM pipelines p {JOINS} WHERE p.workspace_id = ?1 AND p.id = ?2"
        ),
        params![ws, id],
        from_row,
    )
    .optional()
    .map_err(sql)
}

pub fn id_by_name(conn: &Db, ws: WorkspaceId, name: &str) -> Result<Option<PipelineId>> {
    super::query_row(
        conn,
        "SELECT id FROM pipelines WHERE workspace_id = ?1 AND name = ?2",
        params![ws, name],
        |r| r.get(0),
    )
    .optional()
    .map_err(sql)
}

pub fn count(conn: &Db, ws: WorkspaceId) -> Result<u64> {
    super::query_row(
        conn,
        "SELECT count(*) FROM pipelines WHERE workspace_id = ?1",
        [ws],
        |r| r.get::<i64>(0),
    )
    .map(|n| n as u64)
    .map_err(sql)
}

/// Where a Launchpad listing looks.
pub struct ListScope {
    pub workspace: WorkspaceId,
    /// The workspace's org, for shared workspaces (None for a personal workspace).
    pub org: Option<OrgId>,
    pub visibility: PipelineVisibility,
}

/// A page of pipelines ordered by name then workspace. The source workspaces are collected
/// first, so the pipelines are read through their workspace index.
pub fn list(
    conn: &Db,
    scope: &ListScope,
    page: &Page,
    label: Option<&str>,
) -> Result<Paged<Pipeline>> {
    let pattern = page.search.as_deref().map(like_pattern);
    let sources = "WITH sources(ws) AS (
            SELECT ?1 WHERE ?2
            UNION ALL
            SELECT id FROM workspaces
             WHERE ?3 AND org_id = ?4 AND visibility = 'SHARED' AND id <> ?1)";
    let filter = "(?5 IS NULL OR p.name LIKE ?5 ESCAPE '\\' OR p.description LIKE ?5 ESCAPE '\\'
            OR p.repository LIKE ?5 ESCAPE '\\')
        AND (?6 IS NULL OR EXISTS (SELECT 1 FROM pipeline_labels pl JOIN labels l ON l.id = pl.label_id
             WHERE pl.pipeline_id = p.id AND l.resource = 0 AND l.name = ?6))";
    let args = params![
        scope.workspace,
        scope.visibility.includes_own(),
        scope.visibility.includes_shared() && scope.org.is_some(),
        scope.org,
        pattern,
        label,
    ];
    let total: i64 = conn
        .query_row(
            &format!(
                "{sources} SELECT count(*) FROM sources s JOIN pipelines p ON p.workspace_id = s.ws
                 WHERE {filter}"
            ),
            args,
            |r| r.get(0),
        )
        .map_err(sql)?;
    let mut stmt = conn
        .prepare_cached(&format!(
            "{sources} SELECT {COLUMNS} FROM sources s JOIN pipelines p ON p.workspace_id = s.ws {JOINS}
             WHERE {filter} ORDER BY p.name, w.name LIMIT ?7 OFFSET ?8"
        ))
        .map_err(sql)?;
    let items = stmt
        .query_map(
            params![
                scope.workspace,
                scope.visibility.includes_own(),
                scope.visibility.includes_shared() && scope.org.is_some(),
                scope.org,
                pattern,
                label,
                limit(page.max),
                page.offset
            ],
            from_row,
        )
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)?;
    Ok(Paged::new(items, total as u64))
}
