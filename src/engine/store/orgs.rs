use super::db::{Db, OptionalExtension, Row, params};
use super::{parse_col, sql};
use crate::domain::{OrgFields, OrgId, Result, Tier};

/// An org as stored, without anything about the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgRow {
    pub id: OrgId,
    pub fields: OrgFields,
}

const COLUMNS: &str = "id, name, full_name, description, location, website, tier";

fn from_row(row: &Row) -> crate::engine::store::db::DbResult<OrgRow> {
    Ok(OrgRow {
        id: row.get(0)?,
        fields: OrgFields {
            name: row.get(1)?,
            full_name: row.get(2)?,
            description: row.get(3)?,
            location: row.get(4)?,
            website: row.get(5)?,
            tier: parse_col::<Tier>(row, 6)?,
        },
    })
}

pub fn insert(conn: &Db, f: &OrgFields) -> Result<OrgId> {
    let now = super::now();
    conn.execute(
        "INSERT INTO orgs (name, full_name, description, location, website, tier, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![f.name, f.full_name, f.description, f.location, f.website, f.tier.as_str(), now],
    )
    .map_err(sql)?;
    conn.last_insert_rowid().map_err(sql)
}

pub fn update(conn: &Db, id: OrgId, f: &OrgFields) -> Result<()> {
    conn.execute(
        "UPDATE orgs SET name = ?2, full_name = ?3, description = ?4, location = ?5, website = ?6,
         tier = ?7, updated_at = ?8 WHERE id = ?1",
        params![
            id,
            f.name,
            f.full_name,
            f.description,
            f.location,
            f.website,
            f.tier.as_str(),
            super::now()
        ],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn delete(conn: &Db, id: OrgId) -> Result<()> {
    conn.execute("DELETE FROM orgs WHERE id = ?1", [id])
        .map_err(sql)?;
    Ok(())
}

pub fn by_id(conn: &Db, id: OrgId) -> Result<Option<OrgRow>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM orgs WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()
    .map_err(sql)
}

pub fn by_name(conn: &Db, name: &str) -> Result<Option<OrgRow>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM orgs WHERE name = ?1"),
        [name],
        from_row,
    )
    .optional()
    .map_err(sql)
}

pub fn list_all(conn: &Db) -> Result<Vec<OrgRow>> {
    let mut stmt = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM orgs ORDER BY name"))
        .map_err(sql)?;
    stmt.query_map([], from_row)
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)
}

/// The orgs a user is a member or collaborator of.
pub fn list_for_user(conn: &Db, user_id: i64) -> Result<Vec<OrgRow>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {} FROM orgs o JOIN org_members m ON m.org_id = o.id WHERE m.user_id = ?1 ORDER BY o.name",
            COLUMNS.split(", ").map(|c| format!("o.{c}")).collect::<Vec<_>>().join(", ")
        ))
        .map_err(sql)?;
    stmt.query_map([user_id], from_row)
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)
}
