use super::db::{Db, OptionalExtension, Row, params};
use super::{like_pattern, sql};
use crate::domain::{Page, Paged, Result, User, UserId};

const COLUMNS: &str = "id, email, user_name, first_name, last_name";

fn from_row(row: &Row) -> crate::engine::store::db::DbResult<User> {
    Ok(User {
        id: row.get(0)?,
        email: row.get(1)?,
        user_name: row.get(2)?,
        first_name: row.get(3)?,
        last_name: row.get(4)?,
    })
}

pub fn insert(
    conn: &Db,
    email: &str,
    user_name: &str,
    first_name: Option<&str>,
    last_name: Option<&str>,
) -> Result<UserId> {
    conn.execute(
        "INSERT INTO users (email, user_name, first_name, last_name, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![email, user_name, first_name, last_name, super::now()],
    )
    .map_err(sql)?;
    conn.last_insert_rowid().map_err(sql)
}

pub fn by_id(conn: &Db, id: UserId) -> Result<Option<User>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM users WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()
    .map_err(sql)
}

pub fn by_email(conn: &Db, email: &str) -> Result<Option<User>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM users WHERE email = ?1"),
        [email],
        from_row,
    )
    .optional()
    .map_err(sql)
}

pub fn by_user_name(conn: &Db, user_name: &str) -> Result<Option<User>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM users WHERE user_name = ?1"),
        [user_name],
        from_row,
    )
    .optional()
    .map_err(sql)
}

/// Finds a user by email or user name.
pub fn by_name_or_email(conn: &Db, who: &str) -> Result<Option<User>> {
    super::query_row(conn,
        &format!("SELECT {COLUMNS} FROM users WHERE email = ?1 OR user_name = ?1 ORDER BY email = ?1 DESC LIMIT 1"),
        [who],
        from_row,
    )
    .optional()
    .map_err(sql)
}

pub fn list(conn: &Db, page: &Page) -> Result<Paged<User>> {
    let pattern = page.search.as_deref().map(like_pattern);
    let from =
        "users WHERE (?1 IS NULL OR email LIKE ?1 ESCAPE '\\' OR user_name LIKE ?1 ESCAPE '\\')";
    super::paged(conn, COLUMNS, from, "email", &[&pattern], page, from_row)
}
