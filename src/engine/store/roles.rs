//! The grants behind effective roles, read in one query per user.

use super::{parse_col, sql};
use crate::domain::{Result, RoleGrant, RoleSource, UserId, WorkspaceId, WspRole};
use rusqlite::{Connection, params};

/// Every grant a user holds in org workspaces: org ownership, own participant roles, team
/// participant roles and org default roles. `only` narrows it to one workspace.
pub fn grants_for_user(
    conn: &Connection,
    user: UserId,
    only: Option<WorkspaceId>,
) -> Result<Vec<(WorkspaceId, RoleGrant)>> {
    let query = "
        SELECT w.id, 'owner', 'org_owner', NULL, NULL
          FROM org_members m JOIN workspaces w ON w.org_id = m.org_id
         WHERE m.user_id = ?1 AND m.role = 'owner' AND (?2 IS NULL OR w.id = ?2)
        UNION ALL
        SELECT p.workspace_id, p.role, 'participant', NULL, NULL
          FROM org_members m JOIN participants p ON p.member_id = m.id
         WHERE m.user_id = ?1 AND (?2 IS NULL OR p.workspace_id = ?2)
        UNION ALL
        SELECT p.workspace_id, p.role, 'team', t.id, t.name
          FROM org_members m
          JOIN team_members tm ON tm.member_id = m.id
          JOIN participants p ON p.team_id = tm.team_id
          JOIN teams t ON t.id = tm.team_id
         WHERE m.user_id = ?1 AND (?2 IS NULL OR p.workspace_id = ?2)
        UNION ALL
        SELECT w.id, m.default_role, 'org_default', NULL, NULL
          FROM org_members m JOIN workspaces w ON w.org_id = m.org_id
         WHERE m.user_id = ?1 AND m.default_role IS NOT NULL AND (?2 IS NULL OR w.id = ?2)";
    let mut stmt = conn.prepare_cached(query).map_err(sql)?;
    let rows = stmt
        .query_map(params![user, only], |row| {
            let ws: WorkspaceId = row.get(0)?;
            let role: WspRole = parse_col(row, 1)?;
            let kind: String = row.get(2)?;
            let source = match kind.as_str() {
                "org_owner" => RoleSource::OrgOwner,
                "participant" => RoleSource::Participant,
                "team" => RoleSource::Team {
                    team_id: row.get(3)?,
                    team_name: row.get(4)?,
                },
                _ => RoleSource::OrgDefault,
            };
            Ok((ws, RoleGrant { role, source }))
        })
        .map_err(sql)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(sql)?;
    Ok(rows)
}
