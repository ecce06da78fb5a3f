use super::db::{Db, OptionalExtension, Row, params};
use super::{like_pattern, parse_col, sql};
use crate::domain::{
    MemberId, OrgId, Page, Paged, ParticipantRole, Result, Team, TeamFields, TeamId, TeamWorkspace,
    WspRole,
};

const COLUMNS: &str = "t.id, t.org_id, t.name, t.description,
    (SELECT count(*) FROM team_members tm WHERE tm.team_id = t.id)";

fn from_row(row: &Row) -> crate::engine::store::db::DbResult<Team> {
    Ok(Team {
        id: row.get(0)?,
        org_id: row.get(1)?,
        name: row.get(2)?,
        description: row.get(3)?,
        members_count: row.get::<i64>(4)? as u64,
    })
}

pub fn insert(conn: &Db, org: OrgId, f: &TeamFields) -> Result<TeamId> {
    conn.execute(
        "INSERT INTO teams (org_id, name, description, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![org, f.name, f.description, super::now()],
    )
    .map_err(sql)?;
    conn.last_insert_rowid().map_err(sql)
}

pub fn update(conn: &Db, team: TeamId, f: &TeamFields) -> Result<()> {
    conn.execute(
        "UPDATE teams SET name = ?2, description = ?3 WHERE id = ?1",
        params![team, f.name, f.description],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn delete(conn: &Db, team: TeamId) -> Result<()> {
    conn.execute("DELETE FROM teams WHERE id = ?1", [team])
        .map_err(sql)?;
    Ok(())
}

pub fn by_id(conn: &Db, org: OrgId, team: TeamId) -> Result<Option<Team>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM teams t WHERE t.org_id = ?1 AND t.id = ?2"),
        params![org, team],
        from_row,
    )
    .optional()
    .map_err(sql)
}

pub fn by_name(conn: &Db, org: OrgId, name: &str) -> Result<Option<Team>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM teams t WHERE t.org_id = ?1 AND t.name = ?2"),
        params![org, name],
        from_row,
    )
    .optional()
    .map_err(sql)
}

pub fn list(conn: &Db, org: OrgId, page: &Page) -> Result<Paged<Team>> {
    let pattern = page.search.as_deref().map(like_pattern);
    let from = "teams t WHERE t.org_id = ?1 AND (?2 IS NULL OR t.name LIKE ?2 ESCAPE '\\' OR t.description LIKE ?2 ESCAPE '\\')";
    super::paged(
        conn,
        COLUMNS,
        from,
        "t.name",
        &[&org, &pattern],
        page,
        from_row,
    )
}

/// The workspaces a team takes part in, by workspace name; `search` matches name and full name.
pub fn workspaces(conn: &Db, team: TeamId, page: &Page) -> Result<Paged<TeamWorkspace>> {
    let pattern = page.search.as_deref().map(like_pattern);
    let from = "participants p JOIN workspaces w ON w.id = p.workspace_id
        JOIN orgs o ON o.id = w.org_id
        LEFT JOIN custom_roles cr ON cr.id = p.custom_role_id
        WHERE p.team_id = ?1
          AND (?2 IS NULL OR w.name LIKE ?2 ESCAPE '\\' OR w.full_name LIKE ?2 ESCAPE '\\')";
    super::paged(
        conn,
        "p.id, p.role, w.id, w.name, w.full_name, o.id, o.name, CAST(cr.name AS TEXT)",
        from,
        "w.name",
        &[&team, &pattern],
        page,
        |row| {
            Ok(TeamWorkspace {
                participant_id: row.get(0)?,
                role: match row.get::<Option<String>>(7)? {
                    Some(custom) => ParticipantRole::Custom(custom),
                    None => ParticipantRole::BuiltIn(parse_col::<WspRole>(row, 1)?),
                },
                workspace_id: row.get(2)?,
                workspace_name: row.get(3)?,
                workspace_full_name: row.get(4)?,
                org_id: row.get(5)?,
                org_name: row.get(6)?,
            })
        },
    )
}

pub fn count(conn: &Db, org: OrgId) -> Result<u64> {
    super::query_row(
        conn,
        "SELECT count(*) FROM teams WHERE org_id = ?1",
        [org],
        |r| r.get::<i64>(0),
    )
    .map(|n| n as u64)
    .map_err(sql)
}

pub fn add_member(conn: &Db, team: TeamId, member: MemberId) -> Result<()> {
    conn.execute(
        "INSERT INTO team_members (team_id, member_id) VALUES (?1, ?2)",
        params![team, member],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn remove_member(conn: &Db, team: TeamId, member: MemberId) -> Result<bool> {
    let n = conn
        .execute(
            "DELETE FROM team_members WHERE team_id = ?1 AND member_id = ?2",
            params![team, member],
        )
        .map_err(sql)?;
    Ok(n > 0)
}

pub fn has_member(conn: &Db, team: TeamId, member: MemberId) -> Result<bool> {
    super::query_row(
        conn,
        "SELECT 1 FROM team_members WHERE team_id = ?1 AND member_id = ?2",
        params![team, member],
        |_| Ok(()),
    )
    .optional()
    .map(|o| o.is_some())
    .map_err(sql)
}

/// The member ids of a team, one page, with the member columns (see `members`).
pub fn member_ids(conn: &Db, team: TeamId) -> Result<Vec<MemberId>> {
    let mut stmt = conn
        .prepare_cached("SELECT member_id FROM team_members WHERE team_id = ?1")
        .map_err(sql)?;
    stmt.query_map([team], |r| r.get(0))
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)
}
