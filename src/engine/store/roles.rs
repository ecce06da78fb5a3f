//! The grants behind effective roles, read in one query per user.

use super::db::{Db, params};
use super::{parse_col, sql};
use crate::domain::{Result, RoleGrant, RoleSource, UserId, WorkspaceId, WspRole};

/// Every grant a user holds in org workspaces: org ownership, own participant roles, team
/// participant roles and org default roles. `only` narrows it to one workspace.
pub fn grants_for_user(
    conn: &Db,
    user: UserId,
    only: Option<WorkspaceId>,
) -> Result<Vec<(WorkspaceId, RoleGrant)>> {
    if let Some(ws) = only {
        return grants_in_workspace(conn, ws, &[user])
            .map(|grants| grants.into_iter().map(|(_, g)| (ws, g)).collect());
    }
    let query = "
        SELECT w.id, 'owner', 'org_owner', CAST(NULL AS BIGINT), CAST(NULL AS TEXT),
               CAST(NULL AS TEXT), CAST(NULL AS TEXT)
          FROM org_members m JOIN workspaces w ON w.org_id = m.org_id
         WHERE m.user_id = ?1 AND m.role = 'owner'
        UNION ALL
        SELECT p.workspace_id, p.role, 'participant', NULL, NULL,
               CAST(cr.name AS TEXT), cr.permissions
          FROM org_members m JOIN participants p ON p.member_id = m.id
          LEFT JOIN custom_roles cr ON cr.id = p.custom_role_id
         WHERE m.user_id = ?1
        UNION ALL
        SELECT p.workspace_id, p.role, 'team', t.id, t.name,
               CAST(cr.name AS TEXT), cr.permissions
          FROM org_members m
          JOIN team_members tm ON tm.member_id = m.id
          JOIN participants p ON p.team_id = tm.team_id
          JOIN teams t ON t.id = tm.team_id
          LEFT JOIN custom_roles cr ON cr.id = p.custom_role_id
         WHERE m.user_id = ?1
        UNION ALL
        SELECT w.id, m.default_role, 'org_default', NULL, NULL, NULL, NULL
          FROM org_members m JOIN workspaces w ON w.org_id = m.org_id
         WHERE m.user_id = ?1 AND m.default_role IS NOT NULL";
    let mut stmt = conn.prepare_cached(query).map_err(sql)?;
    let rows = stmt
        .query_map(params![user], |row| Ok((row.get(0)?, grant_from_row(row)?)))
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)?;
    Ok(rows)
}

/// `?1` the workspace, `?2` the users (`id_array`). The first branch's NULLs are typed for
/// PostgreSQL, which takes a UNION's column types from the first branch.
pub(super) const GRANTS_IN_WORKSPACE: &str =
    "SELECT m.user_id, 'owner', 'org_owner', CAST(NULL AS BIGINT), CAST(NULL AS TEXT),
            CAST(NULL AS TEXT), CAST(NULL AS TEXT)
       FROM rarray(?2) u CROSS JOIN org_members m ON m.user_id = u.value
      WHERE m.org_id = (SELECT org_id FROM workspaces WHERE id = ?1) AND m.role = 'owner'
     UNION ALL
     SELECT m.user_id, p.role, 'participant', NULL, NULL, CAST(cr.name AS TEXT), cr.permissions
       FROM rarray(?2) u CROSS JOIN org_members m ON m.user_id = u.value
       CROSS JOIN participants p ON p.member_id = m.id AND p.workspace_id = ?1
       LEFT JOIN custom_roles cr ON cr.id = p.custom_role_id
      WHERE m.org_id = (SELECT org_id FROM workspaces WHERE id = ?1)
     UNION ALL
     SELECT m.user_id, p.role, 'team', t.id, t.name, CAST(cr.name AS TEXT), cr.permissions
       FROM rarray(?2) u CROSS JOIN org_members m ON m.user_id = u.value
       CROSS JOIN team_members tm ON tm.member_id = m.id
       CROSS JOIN participants p ON p.team_id = tm.team_id AND p.workspace_id = ?1
       JOIN teams t ON t.id = p.team_id
       LEFT JOIN custom_roles cr ON cr.id = p.custom_role_id
      WHERE m.org_id = (SELECT org_id FROM workspaces WHERE id = ?1)
     UNION ALL
     SELECT m.user_id, m.default_role, 'org_default', NULL, NULL, NULL, NULL
       FROM rarray(?2) u CROSS JOIN org_members m ON m.user_id = u.value
      WHERE m.org_id = (SELECT org_id FROM workspaces WHERE id = ?1)
        AND m.default_role IS NOT NULL";

/// The grants of several users in one workspace (the users on a page of participants), in one
/// query rather than one per user. Each branch starts from the users (`CROSS JOIN` keeps
/// SQLite from starting at the workspace's participants or its teams' members, which a large
/// workspace has many of): the work grows with the users asked about, not with the workspace.
pub fn grants_in_workspace(
    conn: &Db,
    ws: WorkspaceId,
    users: &[UserId],
) -> Result<Vec<(UserId, RoleGrant)>> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let ids = super::id_array(users.iter().copied());
    let mut stmt = conn.prepare_cached(GRANTS_IN_WORKSPACE).map_err(sql)?;
    let rows = stmt
        .query_map(params![ws, ids], |row| {
            Ok((row.get(0)?, grant_from_row(row)?))
        })
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)?;
    Ok(rows)
}

/// Reads columns 1-6 of a grants query: role, source kind, team id, team name, custom role
/// name and permissions.
fn grant_from_row(
    row: &crate::engine::store::db::Row,
) -> crate::engine::store::db::DbResult<RoleGrant> {
    grant_at(row, 0)
}

/// Reads a grant whose columns (user, role, source kind, team id, team name, custom role name
/// and permissions) start at column `at`.
pub(super) fn grant_at(
    row: &crate::engine::store::db::Row,
    at: usize,
) -> crate::engine::store::db::DbResult<RoleGrant> {
    let role: WspRole = parse_col(row, at + 1)?;
    let kind: String = row.get(at + 2)?;
    let source = match kind.as_str() {
        "org_owner" => RoleSource::OrgOwner,
        "participant" => RoleSource::Participant,
        "team" => RoleSource::Team {
            team_id: row.get(at + 3)?,
            team_name: row.get(at + 4)?,
        },
        _ => RoleSource::OrgDefault,
    };
    Ok(RoleGrant {
        role,
        source,
        custom: super::custom_roles::custom_grant(row, at + 5, at + 6)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No branch copies the users into a temporary b-tree (what `IN rarray(?)` does on every
    /// run, and what made one user's role lookup cost several times its index reads).
    #[test]
    fn grants_in_workspace_reads_the_users_without_a_temporary_table() {
        let conn = Db::sqlite(super::super::open_in_memory().unwrap());
        let mut stmt = conn
            .prepare(&format!("EXPLAIN {GRANTS_IN_WORKSPACE}"))
            .unwrap();
        let opcodes: Vec<String> = stmt
            .query_map(params![1, super::super::id_array([1])], |row| row.get(1))
            .unwrap()
            .collect::<crate::engine::store::db::DbResult<_>>()
            .unwrap();
        assert!(opcodes.iter().any(|op| op == "VFilter"), "{opcodes:?}");
        assert!(
            !opcodes.iter().any(|op| op == "OpenEphemeral"),
            "{opcodes:?}"
        );
    }
}
