//! Custom roles of an org. Permissions are stored as their wire names joined by ','; a name
//! the permission table no longer has is reported, not dropped, so a role never silently
//! loses or gains a permission.

use super::db::{Db, OptionalExtension, Row, params};
use super::sql;
use crate::domain::{CustomGrant, CustomRole, Error, OrgId, Permission, Result};

const COLUMNS: &str = "org_id, name, description, permissions, created_at, updated_at";

/// A row as read, before its permissions are parsed.
struct RoleRow {
    role: CustomRole,
    permissions: String,
}

fn from_row(row: &Row) -> crate::engine::store::db::DbResult<RoleRow> {
    Ok(RoleRow {
        role: CustomRole {
            org_id: row.get(0)?,
            name: row.get(1)?,
            description: row.get(2)?,
            permissions: Vec::new(),
            date_created: row.get(4)?,
            last_updated: row.get(5)?,
        },
        permissions: row.get(3)?,
    })
}

/// A stored permission list (`role` names the role in the error).
pub(super) fn parse_permissions(role: &str, text: &str) -> Result<Vec<Permission>> {
    text.split(',')
        .map(|name| {
            Permission::from_wire(name).ok_or_else(|| {
                Error::internal(format!(
                    "role '{role}' holds the unknown permission '{name}'"
                ))
            })
        })
        .collect()
}

/// The custom role a participant row holds, from its role's name and permission columns
/// (both NULL for a built-in role).
pub(super) fn custom_grant(
    row: &Row,
    name: usize,
    permissions: usize,
) -> crate::engine::store::db::DbResult<Option<CustomGrant>> {
    let Some(role) = row.get::<Option<String>>(name)? else {
        return Ok(None);
    };
    let text: String = row.get(permissions)?;
    let permissions = parse_permissions(&role, &text)
        .map_err(|e| crate::engine::store::db::DbError::conversion(permissions, &e.message))?;
    Ok(Some(CustomGrant {
        name: role,
        permissions,
    }))
}

fn parse(row: RoleRow) -> Result<CustomRole> {
    let permissions = parse_permissions(&row.role.name, &row.permissions)?;
    Ok(CustomRole {
        permissions,
        ..row.role
    })
}

fn joined(permissions: &[Permission]) -> String {
    let names: Vec<&str> = permissions.iter().map(|p| p.wire_name()).collect();
    names.join(",")
}

pub fn insert(
    conn: &Db,
    org: OrgId,
    name: &str,
    description: &str,
    permissions: &[Permission],
) -> Result<()> {
    conn.execute(
        "INSERT INTO custom_roles (org_id, name, description, permissions, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![org, name, description, joined(permissions), super::now()],
    )
    .map_err(sql)?;
    Ok(())
}

/// Renames (`new_name` may equal `name`) and replaces description and permissions.
pub fn update(
    conn: &Db,
    org: OrgId,
    name: &str,
    new_name: &str,
    description: &str,
    permissions: &[Permission],
) -> Result<()> {
    conn.execute(
        "UPDATE custom_roles SET name = ?3, description = ?4, permissions = ?5, updated_at = ?6
          WHERE org_id = ?1 AND name = ?2",
        params![
            org,
            name,
            new_name,
            description,
            joined(permissions),
            super::now()
        ],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn delete(conn: &Db, org: OrgId, name: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM custom_roles WHERE org_id = ?1 AND name = ?2",
        params![org, name],
    )
    .map_err(sql)?;
    Ok(())
}

/// The role of that name in the org, in any case.
pub fn by_name(conn: &Db, org: OrgId, name: &str) -> Result<Option<CustomRole>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM custom_roles WHERE org_id = ?1 AND name = ?2"),
        params![org, name],
        from_row,
    )
    .optional()
    .map_err(sql)?
    .map(parse)
    .transpose()
}

/// An org's custom roles by name.
pub fn list(conn: &Db, org: OrgId) -> Result<Vec<CustomRole>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM custom_roles WHERE org_id = ?1 ORDER BY lower(name)"
        ))
        .map_err(sql)?;
    let rows = stmt
        .query_map([org], from_row)
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)?;
    rows.into_iter().map(parse).collect()
}

pub fn count(conn: &Db, org: OrgId) -> Result<u64> {
    super::query_row(
        conn,
        "SELECT count(*) FROM custom_roles WHERE org_id = ?1",
        [org],
        |r| r.get::<i64>(0),
    )
    .map(|n| n as u64)
    .map_err(sql)
}

/// The key of the role of that name in the org, in any case (participants hold roles by key,
/// so a renamed role keeps its holders).
pub fn id_by_name(conn: &Db, org: OrgId, name: &str) -> Result<Option<i64>> {
    super::query_row(
        conn,
        "SELECT id FROM custom_roles WHERE org_id = ?1 AND name = ?2",
        params![org, name],
        |r| r.get::<i64>(0),
    )
    .optional()
    .map_err(sql)
}

/// How many participants (members and teams, in any workspace) hold the role.
pub fn holders(conn: &Db, role_id: i64) -> Result<u64> {
    super::query_row(
        conn,
        "SELECT count(*) FROM participants WHERE custom_role_id = ?1",
        [role_id],
        |r| r.get::<i64>(0),
    )
    .map(|n| n as u64)
    .map_err(sql)
}
