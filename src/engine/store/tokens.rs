//! API tokens: only their SHA-256 hash is stored.

use super::changes::{Counts, counts_at};
use super::db::{Db, DbResult, OptionalExtension, Row, params};
use super::sql;
use crate::domain::{ApiToken, Result, UserId, WorkspaceId};

pub fn insert(conn: &Db, user: UserId, name: &str, token_hash: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![user, name, token_hash, super::now()],
    )
    .map_err(sql)?;
    conn.last_insert_rowid().map_err(sql)
}

/// Whom a token belongs to, read with the token in one statement (every request asks).
pub struct TokenHolder {
    pub user_id: UserId,
    /// None when the token's user no longer exists.
    pub email: Option<String>,
    pub token_id: i64,
    pub last_used: Option<String>,
}

/// A token's holder, as `holder_at` reads it.
const HOLDER_COLUMNS: &str = "t.user_id, u.email, t.id, t.last_used";

/// Reads `HOLDER_COLUMNS` from column `at` on: `None` when no token matched (a left join).
fn holder_at(r: &Row, at: usize) -> DbResult<Option<TokenHolder>> {
    let Some(user_id) = r.get::<Option<UserId>>(at)? else {
        return Ok(None);
    };
    Ok(Some(TokenHolder {
        user_id,
        email: r.get(at + 1)?,
        token_id: r.get(at + 2)?,
        last_used: r.get(at + 3)?,
    }))
}

/// The holder of the token with this hash, if any.
pub fn holder(conn: &Db, token_hash: &str) -> Result<Option<TokenHolder>> {
    super::query_row(
        conn,
        &format!(
            "SELECT {HOLDER_COLUMNS}
               FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id
              WHERE t.token_hash = ?1"
        ),
        [token_hash],
        |r| holder_at(r, 0),
    )
    .optional()
    .map(Option::flatten)
    .map_err(sql)
}

/// The change counts, `workspace`'s progress count (`changes::workspace_progress`; 0 when
/// none is asked for or none was recorded) and the holder of the token with this hash, read
/// in one statement: what a server needs before every GET (its tag and its caller), one round
/// trip instead of two on PostgreSQL.
pub fn holder_with_counts(
    conn: &Db,
    token_hash: &str,
    workspace: Option<WorkspaceId>,
) -> Result<(Counts, u64, Option<TokenHolder>)> {
    super::query_row(
        conn,
        &format!(
            "SELECT c.n, c.admin,
                    COALESCE((SELECT p.n FROM workspace_progress p WHERE p.workspace_id = ?2), 0),
                    {HOLDER_COLUMNS}
               FROM change_counter c
               LEFT JOIN api_tokens t ON t.token_hash = ?1
               LEFT JOIN users u ON u.id = t.user_id
              WHERE c.id = 1"
        ),
        params![token_hash, workspace],
        |r| {
            let progress = r.get::<i64>(2)?.max(0) as u64;
            Ok((counts_at(r, 0)?, progress, holder_at(r, 3)?))
        },
    )
    .map_err(sql)
}

/// Records that a token was used at `when` (RFC 3339), unless a later use is recorded.
pub fn touch(conn: &Db, id: i64, when: &str) -> Result<()> {
    conn.execute(
        "UPDATE api_tokens SET last_used = ?2 WHERE id = ?1 AND (last_used IS NULL OR last_used < ?2)",
        params![id, when],
    )
    .map_err(sql)?;
    Ok(())
}

/// A user's tokens, oldest first (never their hashes).
pub fn of_user(conn: &Db, user: UserId) -> Result<Vec<ApiToken>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT id, name, created_at, last_used FROM api_tokens WHERE user_id = ?1 ORDER BY id",
        )
        .map_err(sql)?;
    stmt.query_map([user], |r| {
        Ok(ApiToken {
            id: r.get(0)?,
            name: r.get(1)?,
            date_created: r.get(2)?,
            last_used: r.get(3)?,
        })
    })
    .map_err(sql)?
    .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
    .map_err(sql)
}

/// Deletes one of a user's tokens; false when the user has no token with that id.
pub fn delete(conn: &Db, user: UserId, id: i64) -> Result<bool> {
    let n = conn
        .execute(
            "DELETE FROM api_tokens WHERE id = ?1 AND user_id = ?2",
            params![id, user],
        )
        .map_err(sql)?;
    Ok(n > 0)
}

/// Deletes every token of a user; how many there were.
pub fn delete_all(conn: &Db, user: UserId) -> Result<usize> {
    conn.execute("DELETE FROM api_tokens WHERE user_id = ?1", [user])
        .map_err(sql)
}

/// The next token id (embedded in the token, so a token names its row).
pub fn next_id(conn: &Db) -> Result<i64> {
    conn.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM api_tokens", [], |r| {
        r.get(0)
    })
    .map_err(sql)
}
