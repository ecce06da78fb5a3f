use super::db::{Db, OptionalExtension, Row, params};
use super::{like_pattern, parse_col, parse_opt_col, sql};
use crate::domain::{Member, MemberId, OrgId, OrgRole, Page, Paged, Result, UserId, WspRole};

const COLUMNS: &str =
    "m.id, u.id, u.user_name, u.email, u.first_name, u.last_name, m.role, m.default_role";
const FROM: &str = "org_members m JOIN users u ON u.id = m.user_id";

fn from_row(row: &Row) -> crate::engine::store::db::DbResult<Member> {
    Ok(Member {
        member_id: row.get(0)?,
        user_id: row.get(1)?,
        user_name: row.get(2)?,
        email: row.get(3)?,
        first_name: row.get(4)?,
        last_name: row.get(5)?,
        role: parse_col(row, 6)?,
        default_role: parse_opt_col(row, 7)?,
    })
}

pub fn insert(conn: &Db, org: OrgId, user: UserId, role: OrgRole) -> Result<MemberId> {
    conn.execute(
        "INSERT INTO org_members (org_id, user_id, role, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![org, user, role.as_str(), super::now()],
    )
    .map_err(sql)?;
    conn.last_insert_rowid().map_err(sql)
}

pub fn set_role(conn: &Db, member: MemberId, role: OrgRole) -> Result<()> {
    conn.execute(
        "UPDATE org_members SET role = ?2 WHERE id = ?1",
        params![member, role.as_str()],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn set_default_role(conn: &Db, member: MemberId, role: Option<WspRole>) -> Result<()> {
    conn.execute(
        "UPDATE org_members SET default_role = ?2 WHERE id = ?1",
        params![member, role.map(WspRole::as_str)],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn delete(conn: &Db, member: MemberId) -> Result<()> {
    conn.execute("DELETE FROM org_members WHERE id = ?1", [member])
        .map_err(sql)?;
    Ok(())
}

pub fn by_id(conn: &Db, org: OrgId, member: MemberId) -> Result<Option<Member>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM {FROM} WHERE m.org_id = ?1 AND m.id = ?2"),
        params![org, member],
        from_row,
    )
    .optional()
    .map_err(sql)
}

pub fn by_user(conn: &Db, org: OrgId, user: UserId) -> Result<Option<Member>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM {FROM} WHERE m.org_id = ?1 AND m.user_id = ?2"),
        params![org, user],
        from_row,
    )
    .optional()
    .map_err(sql)
}

/// Finds a member by user name or email.
pub fn by_name_or_email(conn: &Db, org: OrgId, who: &str) -> Result<Option<Member>> {
    super::query_row(
        conn,
        &format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE m.org_id = ?1 AND (u.email = ?2 OR u.user_name = ?2)
             ORDER BY u.email = ?2 DESC LIMIT 1"
        ),
        params![org, who],
        from_row,
    )
    .optional()
    .map_err(sql)
}

/// Members (`collaborators = false`: owners and members) or collaborators, one page.
pub fn list(conn: &Db, org: OrgId, collaborators: bool, page: &Page) -> Result<Paged<Member>> {
    let pattern = page.search.as_deref().map(like_pattern);
    let role_filter = if collaborators {
        "m.role = 'collaborator'"
    } else {
        "m.role <> 'collaborator'"
    };
    let from = format!(
        "{FROM} WHERE m.org_id = ?1 AND {role_filter} AND (?2 IS NULL OR u.email LIKE ?2 ESCAPE '\\'
         OR u.user_name LIKE ?2 ESCAPE '\\' OR u.first_name LIKE ?2 ESCAPE '\\' OR u.last_name LIKE ?2 ESCAPE '\\')"
    );
    super::paged(
        conn,
        COLUMNS,
        &from,
        "u.email",
        &[&org, &pattern],
        page,
        from_row,
    )
}

/// How many owners and members (not collaborators) the org has.
pub fn count_members(conn: &Db, org: OrgId) -> Result<u64> {
    count(conn, org, "role <> 'collaborator'")
}

pub fn count_collaborators(conn: &Db, org: OrgId) -> Result<u64> {
    count(conn, org, "role = 'collaborator'")
}

pub fn count_owners(conn: &Db, org: OrgId) -> Result<u64> {
    count(conn, org, "role = 'owner'")
}

fn count(conn: &Db, org: OrgId, filter: &str) -> Result<u64> {
    super::query_row(
        conn,
        &format!("SELECT count(*) FROM org_members WHERE org_id = ?1 AND {filter}"),
        [org],
        |r| r.get::<i64>(0),
    )
    .map(|n| n as u64)
    .map_err(sql)
}

/// Every member of an org (for export and plans), ordered by email.
pub fn list_all(conn: &Db, org: OrgId) -> Result<Vec<Member>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE m.org_id = ?1 ORDER BY u.email"
        ))
        .map_err(sql)?;
    stmt.query_map([org], from_row)
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)
}

/// The members of a team, one page.
pub fn list_in_team(conn: &Db, team: i64, page: &Page) -> Result<Paged<Member>> {
    let pattern = page.search.as_deref().map(like_pattern);
    let from = format!(
        "{FROM} JOIN team_members tm ON tm.member_id = m.id
         WHERE tm.team_id = ?1 AND (?2 IS NULL OR u.email LIKE ?2 ESCAPE '\\' OR u.user_name LIKE ?2 ESCAPE '\\')"
    );
    super::paged(
        conn,
        COLUMNS,
        &from,
        "u.email",
        &[&team, &pattern],
        page,
        from_row,
    )
}
