use super::db::{Db, OptionalExtension, Row, params};
use super::{like_pattern, parse_col, parse_opt_col, sql};
use crate::domain::{
    CustomGrant, EffectiveRole, MemberId, OrgRole, Page, Paged, Participant, ParticipantId,
    ParticipantType, Result, RoleGrant, RoleSource, TeamId, WorkspaceId, WspRole,
};
use std::collections::HashMap;

const COLUMNS: &str = "p.id, p.workspace_id, p.role, p.member_id, u.id, u.user_name, u.email,
    u.first_name, u.last_name, m.role, p.team_id, t.name, m.default_role,
    CAST(cr.name AS TEXT), cr.permissions";
const FROM: &str = "participants p
    LEFT JOIN org_members m ON m.id = p.member_id
    LEFT JOIN users u ON u.id = m.user_id
    LEFT JOIN teams t ON t.id = p.team_id
    LEFT JOIN custom_roles cr ON cr.id = p.custom_role_id";
const SEARCH: &str = "(?2 IS NULL OR u.email LIKE ?2 ESCAPE '\\' OR u.user_name LIKE ?2 ESCAPE '\\'
    OR u.first_name LIKE ?2 ESCAPE '\\' OR u.last_name LIKE ?2 ESCAPE '\\' OR t.name LIKE ?2 ESCAPE '\\')";

fn from_row(row: &Row) -> crate::engine::store::db::DbResult<Participant> {
    let team_id: Option<TeamId> = row.get(10)?;
    let org_role: Option<OrgRole> = parse_opt_col(row, 9)?;
    let kind = match (team_id, org_role) {
        (Some(_), _) => ParticipantType::Team,
        (None, Some(OrgRole::Collaborator)) => ParticipantType::Collaborator,
        (None, _) => ParticipantType::Member,
    };
    Ok(Participant {
        id: row.get(0)?,
        workspace_id: row.get(1)?,
        kind,
        role: parse_col::<WspRole>(row, 2)?,
        member_id: row.get(3)?,
        user_id: row.get(4)?,
        user_name: row.get(5)?,
        email: row.get(6)?,
        first_name: row.get(7)?,
        last_name: row.get(8)?,
        org_role,
        team_id,
        team_name: row.get(11)?,
        custom_role: row.get(13)?,
        effective: None,
    })
}

/// `custom`: the key of the custom role held instead of `role` (which is then `view`).
pub fn insert_member(
    conn: &Db,
    ws: WorkspaceId,
    member: MemberId,
    role: WspRole,
    custom: Option<i64>,
) -> Result<ParticipantId> {
    conn.execute(
        "INSERT INTO participants (workspace_id, member_id, role, custom_role_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![ws, member, role.as_str(), custom, super::now()],
    )
    .map_err(sql)?;
    conn.last_insert_rowid().map_err(sql)
}

pub fn insert_team(
    conn: &Db,
    ws: WorkspaceId,
    team: TeamId,
    role: WspRole,
    custom: Option<i64>,
) -> Result<ParticipantId> {
    conn.execute(
        "INSERT INTO participants (workspace_id, team_id, role, custom_role_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![ws, team, role.as_str(), custom, super::now()],
    )
    .map_err(sql)?;
    conn.last_insert_rowid().map_err(sql)
}

pub fn set_role(conn: &Db, id: ParticipantId, role: WspRole, custom: Option<i64>) -> Result<()> {
    conn.execute(
        "UPDATE participants SET role = ?2, custom_role_id = ?3 WHERE id = ?1",
        params![id, role.as_str(), custom],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn delete(conn: &Db, id: ParticipantId) -> Result<()> {
    conn.execute("DELETE FROM participants WHERE id = ?1", [id])
        .map_err(sql)?;
    Ok(())
}

pub fn by_id(conn: &Db, ws: WorkspaceId, id: ParticipantId) -> Result<Option<Participant>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM {FROM} WHERE p.workspace_id = ?1 AND p.id = ?2"),
        params![ws, id],
        from_row,
    )
    .optional()
    .map_err(sql)
}

pub fn by_member(conn: &Db, ws: WorkspaceId, member: MemberId) -> Result<Option<Participant>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM {FROM} WHERE p.workspace_id = ?1 AND p.member_id = ?2"),
        params![ws, member],
        from_row,
    )
    .optional()
    .map_err(sql)
}

pub fn by_team(conn: &Db, ws: WorkspaceId, team: TeamId) -> Result<Option<Participant>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM {FROM} WHERE p.workspace_id = ?1 AND p.team_id = ?2"),
        params![ws, team],
        from_row,
    )
    .optional()
    .map_err(sql)
}

/// One page of a workspace's participants, ordered by team name or email (the stored sort
/// name, so the page reads only its own rows), each member with the role they hold and why.
pub fn list(conn: &Db, ws: WorkspaceId, page: &Page) -> Result<Paged<Participant>> {
    let pattern = page.search.as_deref().map(like_pattern);
    let from = format!("{FROM} WHERE p.workspace_id = ?1 AND {SEARCH}");
    let order = "p.sort_name, p.id";
    let params: [&dyn crate::engine::store::db::ToSql; 2] = [&ws, &pattern];
    let rows = super::page_rows(
        conn,
        COLUMNS,
        &from,
        order,
        &params,
        page,
        with_default_role,
    )?;
    let total = match pattern {
        // Without a search the count needs no joins.
        None => count(conn, ws)?,
        Some(_) => conn
            .prepare_cached(&format!("SELECT count(*) FROM {from}"))
            .and_then(|mut stmt| stmt.query_row(params, |r| r.get::<i64>(0)))
            .map_err(sql)? as u64,
    };
    let mut teams = team_grants(conn, ws)?;
    let items = rows
        .into_iter()
        .map(|(mut p, default_role, custom)| {
            if let Some(member) = p.member_id {
                let from_teams = teams.remove(&member).unwrap_or_default();
                p.effective = Some(effective_role(&p, default_role, custom, from_teams));
            }
            p
        })
        .collect();
    Ok(Paged::new(items, total))
}

/// A participant with its member's default role and the custom role it holds.
type ListRow = (Participant, Option<WspRole>, Option<CustomGrant>);

fn with_default_role(row: &Row) -> crate::engine::store::db::DbResult<ListRow> {
    Ok((
        from_row(row)?,
        parse_opt_col(row, 12)?,
        super::custom_roles::custom_grant(row, 13, 14)?,
    ))
}

/// A member participant's effective role from what the page already has (their own role, org
/// role and default role) and the grants of the participating teams they belong to; grants in
/// the order the engine lists sources (org ownership first).
fn effective_role(
    p: &Participant,
    default_role: Option<WspRole>,
    custom: Option<CustomGrant>,
    teams: Vec<RoleGrant>,
) -> EffectiveRole {
    let mut grants = Vec::with_capacity(3 + teams.len());
    if p.org_role == Some(OrgRole::Owner) {
        grants.push(RoleGrant {
            custom: None,
            role: WspRole::Owner,
            source: RoleSource::OrgOwner,
        });
    }
    grants.push(RoleGrant {
        custom,
        role: p.role,
        source: RoleSource::Participant,
    });
    grants.extend(teams);
    if let Some(role) = default_role {
        grants.push(RoleGrant {
            custom: None,
            role,
            source: RoleSource::OrgDefault,
        });
    }
    EffectiveRole::from_grants(grants)
}

/// The role each org member gets in a workspace through its participating teams, by member id:
/// one small query (the members of the teams that take part), whatever the page size.
fn team_grants(conn: &Db, ws: WorkspaceId) -> Result<HashMap<MemberId, Vec<RoleGrant>>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT tm.member_id, p.role, t.id, t.name, CAST(cr.name AS TEXT), cr.permissions
               FROM participants p
               JOIN teams t ON t.id = p.team_id
               JOIN team_members tm ON tm.team_id = p.team_id
               LEFT JOIN custom_roles cr ON cr.id = p.custom_role_id
              WHERE p.workspace_id = ?1 AND p.team_id IS NOT NULL",
        )
        .map_err(sql)?;
    let rows = stmt
        .query_map([ws], |row| {
            let grant = RoleGrant {
                custom: super::custom_roles::custom_grant(row, 4, 5)?,
                role: parse_col(row, 1)?,
                source: RoleSource::Team {
                    team_id: row.get(2)?,
                    team_name: row.get(3)?,
                },
            };
            Ok((row.get::<MemberId>(0)?, grant))
        })
        .map_err(sql)?;
    let mut by_member: HashMap<MemberId, Vec<RoleGrant>> = HashMap::new();
    for row in rows {
        let (member, grant) = row.map_err(sql)?;
        by_member.entry(member).or_default().push(grant);
    }
    Ok(by_member)
}

/// A workspace's participants, from the count the triggers keep.
pub fn count(conn: &Db, ws: WorkspaceId) -> Result<u64> {
    super::query_row(
        conn,
        "SELECT COALESCE((SELECT n FROM participant_counts WHERE workspace_id = ?1), 0)",
        [ws],
        |r| r.get::<i64>(0),
    )
    .map(|n| n as u64)
    .map_err(sql)
}

/// The workspaces where this member is a participant in their own right.
pub fn workspaces_of_member(conn: &Db, member: MemberId) -> Result<Vec<WorkspaceId>> {
    let mut stmt = conn
        .prepare_cached("SELECT workspace_id FROM participants WHERE member_id = ?1")
        .map_err(sql)?;
    stmt.query_map([member], |r| r.get(0))
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)
}
