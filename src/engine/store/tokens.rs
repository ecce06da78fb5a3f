//! API tokens: only their SHA-256 hash is stored.

use super::db::{Db, OptionalExtension, params};
use super::sql;
use crate::domain::{Result, UserId};

pub fn insert(conn: &Db, user: UserId, name: &str, token_hash: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![user, name, token_hash, super::now()],
    )
    .map_err(sql)?;
    conn.last_insert_rowid().map_err(sql)
}

/// The user a token hash belongs to.
pub fn user_for_hash(conn: &Db, token_hash: &str) -> Result<Option<UserId>> {
    super::query_row(
        conn,
        "SELECT user_id FROM api_tokens WHERE token_hash = ?1",
        [token_hash],
        |r| r.get(0),
    )
    .optional()
    .map_err(sql)
}
