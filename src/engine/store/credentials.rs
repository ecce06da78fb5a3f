//! Credentials. Secret values are stored only as the sealed blob the engine hands in; their
//! names are kept in clear so listing never needs the key.

use super::db::{Db, OptionalExtension, Row, params};
use super::{parse_col, sql};
use crate::domain::{Credentials, CredentialsId, Provider, Result, WorkspaceId};
use std::collections::BTreeMap;

const COLUMNS: &str =
    "id, workspace_id, name, description, provider, keys, secret_names, created_at, updated_at";

/// Credentials as stored, with the sealed secrets.
pub struct CredentialsRow {
    pub view: Credentials,
    pub sealed: Option<Vec<u8>>,
}

/// A JSON column that must hold what the engine wrote.
fn json_col<T: serde::de::DeserializeOwned>(
    row: &Row,
    idx: usize,
) -> crate::engine::store::db::DbResult<T> {
    let text: String = row.get(idx)?;
    serde_json::from_str(&text).map_err(|e| crate::engine::store::db::DbError::conversion(idx, e))
}

fn from_row(row: &Row) -> crate::engine::store::db::DbResult<Credentials> {
    Ok(Credentials {
        id: row.get(0)?,
        workspace_id: row.get(1)?,
        name: row.get(2)?,
        description: row.get(3)?,
        provider: parse_col::<Provider>(row, 4)?,
        keys: json_col(row, 5)?,
        secret_names: json_col(row, 6)?,
        date_created: row.get(7)?,
        last_updated: row.get(8)?,
    })
}

/// The fields written on insert and update.
pub struct CredentialsWrite<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub provider: Provider,
    pub keys: &'a BTreeMap<String, String>,
    pub secret_names: &'a [String],
    pub sealed: Option<&'a [u8]>,
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

pub fn insert(conn: &Db, id: &str, ws: WorkspaceId, w: &CredentialsWrite) -> Result<()> {
    let now = super::now();
    conn.execute(
        "INSERT INTO credentials (id, workspace_id, name, description, provider, keys, secret_names,
             secrets, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![
            id,
            ws,
            w.name,
            w.description,
            w.provider.as_str(),
            to_json(w.keys),
            to_json(&w.secret_names),
            w.sealed,
            now
        ],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn update(conn: &Db, id: &str, w: &CredentialsWrite) -> Result<()> {
    conn.execute(
        "UPDATE credentials SET name = ?2, description = ?3, provider = ?4, keys = ?5,
             secret_names = ?6, secrets = ?7, updated_at = ?8
         WHERE id = ?1",
        params![
            id,
            w.name,
            w.description,
            w.provider.as_str(),
            to_json(w.keys),
            to_json(&w.secret_names),
            w.sealed,
            super::now()
        ],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn delete(conn: &Db, id: &str) -> Result<()> {
    conn.execute("DELETE FROM credentials WHERE id = ?1", [id])
        .map_err(sql)?;
    Ok(())
}

pub fn by_id(conn: &Db, ws: WorkspaceId, id: &str) -> Result<Option<CredentialsRow>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS}, secrets FROM credentials WHERE workspace_id = ?1 AND id = ?2"),
        params![ws, id],
        |row| {
            Ok(CredentialsRow {
                view: from_row(row)?,
                sealed: row.get(9)?,
            })
        },
    )
    .optional()
    .map_err(sql)
}

pub fn id_by_name(conn: &Db, ws: WorkspaceId, name: &str) -> Result<Option<CredentialsId>> {
    super::query_row(
        conn,
        "SELECT id FROM credentials WHERE workspace_id = ?1 AND name = ?2",
        params![ws, name],
        |r| r.get(0),
    )
    .optional()
    .map_err(sql)
}

/// Every credential of a workspace, by name; `provider` narrows it.
pub fn list(conn: &Db, ws: WorkspaceId, provider: Option<Provider>) -> Result<Vec<Credentials>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM credentials WHERE workspace_id = ?1 AND (?2 IS NULL OR provider = ?2)
             ORDER BY name"
        ))
        .map_err(sql)?;
    stmt.query_map(params![ws, provider.map(Provider::as_str)], from_row)
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)
}

/// Names of the compute environments that use these credentials.
pub fn used_by(conn: &Db, id: &str) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare_cached("SELECT name FROM compute_envs WHERE credentials_id = ?1 ORDER BY name")
        .map_err(sql)?;
    stmt.query_map([id], |r| r.get(0))
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)
}
