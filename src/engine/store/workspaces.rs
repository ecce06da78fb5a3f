use super::db::{Db, OptionalExtension, Row, params};
use super::{parse_col, sql};
use crate::domain::{OrgId, Result, RoleGrant, UserId, Visibility, WorkspaceFields, WorkspaceId};
use std::collections::HashMap;

/// A workspace as stored, without anything about the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceRow {
    pub id: WorkspaceId,
    pub org_id: Option<OrgId>,
    pub org_name: Option<String>,
    pub owner_user_id: Option<UserId>,
    pub fields: WorkspaceFields,
}

const COLUMNS: &str =
    "w.id, w.org_id, o.name, w.owner_user_id, w.name, w.full_name, w.description, w.visibility";
const FROM: &str = "workspaces w LEFT JOIN orgs o ON o.id = w.org_id";

fn from_row(row: &Row) -> crate::engine::store::db::DbResult<WorkspaceRow> {
    Ok(WorkspaceRow {
        id: row.get(0)?,
        org_id: row.get(1)?,
        org_name: row.get(2)?,
        owner_user_id: row.get(3)?,
        fields: WorkspaceFields {
            name: row.get(4)?,
            full_name: row.get(5)?,
            description: row.get(6)?,
            visibility: parse_col::<Visibility>(row, 7)?,
        },
    })
}

fn collect(conn: &Db, query: &str, params: impl super::db::Params) -> Result<Vec<WorkspaceRow>> {
    let mut stmt = conn.prepare_cached(query).map_err(sql)?;
    stmt.query_map(params, from_row)
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)
}

pub fn insert(conn: &Db, org: OrgId, f: &WorkspaceFields) -> Result<WorkspaceId> {
    let now = super::now();
    conn.execute(
        "INSERT INTO workspaces (org_id, name, full_name, description, visibility, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![org, f.name, f.full_name, f.description, f.visibility.as_str(), now],
    )
    .map_err(sql)?;
    conn.last_insert_rowid().map_err(sql)
}

pub fn insert_personal(
    conn: &Db,
    user: UserId,
    name: &str,
    full_name: &str,
) -> Result<WorkspaceId> {
    let now = super::now();
    conn.execute(
        "INSERT INTO workspaces (owner_user_id, name, full_name, visibility, created_at, updated_at)
         VALUES (?1, ?2, ?3, 'PRIVATE', ?4, ?4)",
        params![user, name, full_name, now],
    )
    .map_err(sql)?;
    conn.last_insert_rowid().map_err(sql)
}

pub fn update(conn: &Db, id: WorkspaceId, f: &WorkspaceFields) -> Result<()> {
    conn.execute(
        "UPDATE workspaces SET name = ?2, full_name = ?3, description = ?4, visibility = ?5, updated_at = ?6
         WHERE id = ?1",
        params![id, f.name, f.full_name, f.description, f.visibility.as_str(), super::now()],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn delete(conn: &Db, id: WorkspaceId) -> Result<()> {
    conn.execute("DELETE FROM workspaces WHERE id = ?1", [id])
        .map_err(sql)?;
    Ok(())
}

pub fn by_id(conn: &Db, id: WorkspaceId) -> Result<Option<WorkspaceRow>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM {FROM} WHERE w.id = ?1"),
        [id],
        from_row,
    )
    .optional()
    .map_err(sql)
}

/// A workspace with every grant `user` holds in it (see `roles::grants_in_workspace`), read
/// in one statement: what every call in a workspace checks first, one round trip instead of
/// two on PostgreSQL. One row per grant, or one row without a grant.
pub fn by_id_with_grants(
    conn: &Db,
    id: WorkspaceId,
    user: UserId,
) -> Result<Option<(WorkspaceRow, Vec<RoleGrant>)>> {
    let query = format!(
        "SELECT {COLUMNS}, g.* FROM {FROM}
           LEFT JOIN ({}) g ON 1 = 1
          WHERE w.id = ?1",
        super::roles::GRANTS_IN_WORKSPACE
    );
    let mut stmt = conn.prepare_cached(&query).map_err(sql)?;
    let users = super::id_array([user]);
    let rows = stmt
        .query_map(params![id, users], |row| {
            let grant = match row.get::<Option<UserId>>(GRANT_AT)? {
                Some(_) => Some(super::roles::grant_at(row, GRANT_AT)?),
                None => None,
            };
            Ok((from_row(row)?, grant))
        })
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)?;
    let mut rows = rows.into_iter();
    let Some((ws, first)) = rows.next() else {
        return Ok(None);
    };
    let grants = first
        .into_iter()
        .chain(rows.filter_map(|(_, g)| g))
        .collect();
    Ok(Some((ws, grants)))
}

/// Where the grant's columns start in `by_id_with_grants` (after the workspace's).
const GRANT_AT: usize = 8;

pub fn by_name(conn: &Db, org: OrgId, name: &str) -> Result<Option<WorkspaceRow>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM {FROM} WHERE w.org_id = ?1 AND w.name = ?2"),
        params![org, name],
        from_row,
    )
    .optional()
    .map_err(sql)
}

pub fn personal_of(conn: &Db, user: UserId) -> Result<Option<WorkspaceRow>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM {FROM} WHERE w.owner_user_id = ?1"),
        [user],
        from_row,
    )
    .optional()
    .map_err(sql)
}

pub fn list_org(conn: &Db, org: OrgId) -> Result<Vec<WorkspaceRow>> {
    collect(
        conn,
        &format!("SELECT {COLUMNS} FROM {FROM} WHERE w.org_id = ?1 ORDER BY w.name"),
        [org],
    )
}

/// Every org workspace of every org, ordered by org and name (the operator's view).
pub fn list_all_org_workspaces(conn: &Db) -> Result<Vec<WorkspaceRow>> {
    collect(
        conn,
        // Orgs in name order, then each org's workspaces through its (org, name) index: rows
        // come out in order, where the plain join sorted every workspace (10,000 for the
        // operator at start-up).
        &format!(
            "SELECT {COLUMNS} FROM orgs o CROSS JOIN workspaces w ON w.org_id = o.id ORDER BY o.name, w.name"
        ),
        [],
    )
}

/// The org workspaces a user can see: all of an org's workspaces for its owners and for members
/// with a default role; otherwise those where the user participates (directly or through a
/// team), plus SHARED workspaces for owners and members (not collaborators).
pub fn visible_to(conn: &Db, user: UserId) -> Result<Vec<WorkspaceRow>> {
    collect(
        conn,
        &format!(
            "SELECT {COLUMNS} FROM {FROM}
             JOIN org_members me ON me.org_id = w.org_id AND me.user_id = ?1
             WHERE me.role = 'owner'
                OR me.default_role IS NOT NULL
                OR (w.visibility = 'SHARED' AND me.role <> 'collaborator')
                OR EXISTS (SELECT 1 FROM participants p WHERE p.workspace_id = w.id AND p.member_id = me.id)
                OR EXISTS (SELECT 1 FROM participants p JOIN team_members tm ON tm.team_id = p.team_id
                           WHERE p.workspace_id = w.id AND tm.member_id = me.id)
             ORDER BY o.name, w.name"
        ),
        [user],
    )
}

pub fn count_org(conn: &Db, org: OrgId) -> Result<u64> {
    super::query_row(
        conn,
        "SELECT count(*) FROM workspaces WHERE org_id = ?1",
        [org],
        |r| r.get::<i64>(0),
    )
    .map(|n| n as u64)
    .map_err(sql)
}

/// Participant counts per workspace, for the given workspaces: one statement over an array
/// of the ids (a query per id cost 10 µs each, a tenth of a second for the operator's 10,000
/// workspaces at start-up), reading the counts the triggers keep.
pub fn participant_counts(conn: &Db, ids: &[WorkspaceId]) -> Result<HashMap<WorkspaceId, u64>> {
    let ids = super::id_array(ids.iter().copied());
    let mut stmt = conn
        .prepare_cached(
            "SELECT a.value, COALESCE(c.n, 0)
             FROM rarray(?1) a LEFT JOIN participant_counts c ON c.workspace_id = a.value",
        )
        .map_err(sql)?;
    let rows = stmt
        .query_map([ids], |r| Ok((r.get(0)?, r.get::<i64>(1)? as u64)))
        .map_err(sql)?;
    rows.collect::<crate::engine::store::db::DbResult<_>>()
        .map_err(sql)
}
