//! Every SQL statement of the engine lives under this module: the schema and its migrations,
//! and one file of queries per area. Functions take a `&Db` (inside the engine's transaction)
//! and return domain types or small row structs; they check no permissions.
//!
//! Two backends sit behind [`db::Db`]: SQLite (the default, a file) and PostgreSQL (a
//! `postgres://` URL, several `serve` replicas on one database). Each has its own schema and
//! migrations: `schema.rs` (SQLite) and `pg_schema.rs` (PostgreSQL), kept in step.
//!
//! ## Writing a query for both backends
//!
//! Write the statement once, in SQLite's dialect, through `Db` (`conn.execute`,
//! `super::query_row`, `conn.prepare_cached(..)?.query_map(..)`, `params![..]`, `.optional()`,
//! `row.get(i)`): the PostgreSQL backend translates `?N` placeholders, `INSERT OR IGNORE`,
//! `rarray(?N) alias` and `LIKE` (case-insensitive in SQLite) once per text and caches the
//! prepared statement. Keep to what both understand beyond that:
//! - integers are 64-bit (PostgreSQL columns are BIGINT), flags are 0/1 integers, never
//!   booleans: compare `flag = 1`, not `flag`;
//! - a new id comes from `conn.last_insert_rowid()` (every integer key is an identity column
//!   in PostgreSQL, read back with `lastval()`);
//! - in `ON CONFLICT .. DO UPDATE SET n = t.n + 1`, qualify the column with the table;
//! - a parameter must have a type PostgreSQL can infer: `?2 IS NULL OR col = ?2` is fine,
//!   a parameter only ever compared with `IS NULL` is not;
//! - where the dialects really differ (JSON functions, `total()`), branch on
//!   `conn.dialect()` and give each backend its own text next to each other.
//!
//! A new table or column is a migration in both `schema.rs` and `pg_schema.rs`.

pub mod db;
pub mod pg_schema;

pub mod actions;
pub mod audit;
pub mod billing;
pub mod changes;
pub mod checkpoint;
pub mod compute;
pub mod credentials;
pub mod custom_roles;
pub mod generate;
pub mod labels;
pub mod members;
pub mod orgs;
pub mod participants;
pub mod pipeline_secrets;
pub mod pipelines;
pub mod roles;
pub mod runs;
pub mod schema;
pub mod studios;
pub mod task_reports;
pub mod tasks;
pub mod teams;
pub mod tokens;
pub mod users;
pub mod workspaces;

use crate::domain::{Error, Result};
use db::{Db, DbError, Row};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::str::FromStr;

/// Opens (creating if needed) the database file and brings its schema up to date.
pub fn open(path: &Path) -> Result<Connection> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::internal(format!("cannot create directory {}: {e}", dir.display()))
        })?;
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)
        .map_err(|e| Error::internal(format!("cannot open database {}: {e}", path.display())))?;
    configure(&conn, true)?;
    migrate(&conn)?;
    Ok(conn)
}

/// Whether a `--db` value names a PostgreSQL database rather than a SQLite file: a
/// `postgres://` or `postgresql://` URL, or a libpq-style `host=... dbname=...` string.
pub fn is_postgres_url(location: &str) -> bool {
    let lower = location.trim_start().to_ascii_lowercase();
    lower.starts_with("postgres://")
        || lower.starts_with("postgresql://")
        || (lower.starts_with("host=") || lower.contains(" host=")) && lower.contains('=')
}

/// Connects to PostgreSQL and brings the schema up to date (`pg_schema`).
pub fn open_postgres(url: &str) -> Result<Db> {
    let conn = db::PgConn::connect(url).map_err(|e| Error::invalid(format!("--db: {e}")))?;
    let db = Db::postgres(conn);
    pg_schema::migrate(&db)?;
    Ok(db)
}

/// Opens an existing database file for reading only, as a server's extra read connection next
/// to its writer (WAL lets them read while it writes). Its schema must be the one this build
/// writes: the writer opened it first and brought it up to date.
pub fn open_read_only(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)
        .map_err(|e| Error::internal(format!("cannot open database {}: {e}", path.display())))?;
    configure(&conn, false)?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sql)?;
    if version != schema::MIGRATIONS.len() as i64 {
        return Err(Error::internal(format!(
            "cannot read {}: its schema is version {version}, this build reads {}",
            path.display(),
            schema::MIGRATIONS.len()
        )));
    }
    Ok(conn)
}

/// An in-memory database with the full schema, for tests and benchmarks.
pub fn open_in_memory() -> Result<Connection> {
    let conn = Connection::open_in_memory().map_err(sql)?;
    configure(&conn, false)?;
    migrate(&conn)?;
    Ok(conn)
}

/// How much of a database file a connection maps into memory (`PRAGMA mmap_size`): 1 GiB,
/// more than the large benchmark file.
const MMAP_SIZE: i64 = 1 << 30;

fn configure(conn: &Connection, wal: bool) -> Result<()> {
    set_busy_timeout(conn, BUSY_TIMEOUT)?;
    // Every list query is prepared once and reused; the default cache (16) is smaller than
    // the set of statements a screen's worth of calls uses.
    conn.set_prepared_statement_cache_capacity(256);
    // `rarray(?)`: a list of ids as one parameter, so a list query is one statement.
    rusqlite::vtab::array::load_module(conn).map_err(sql)?;
    // Plans that never depend on bound values. Without this, SQLite looks at the values bound
    // to parameters (to check partial indexes, to propagate constants through joins) and then
    // compiles a cached statement again every time it is bound: a role lookup spent a third of
    // its time parsing SQL.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)
        .map_err(sql)?;
    // FULL: a commit waits until its log is on disk, so a write that was answered survives a
    // crash of the machine, not only of the process (NORMAL in WAL mode may lose the last
    // commits to a power cut). Writes committed together share the one flush.
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")
        .map_err(sql)?;
    // Pages read from the file in place (memory-mapped) rather than copied into each
    // connection's cache: in WAL mode a connection drops its cache whenever another one has
    // committed, so under a server's steady writes every read copied its pages again (the
    // largest single item of the trace-load profile). Address space only, up to this much
    // of the file; WAL frames are still read the ordinary way.
    conn.execute_batch(&format!("PRAGMA mmap_size = {MMAP_SIZE};"))
        .map_err(sql)?;
    if wal {
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
            .map_err(sql)?;
    }
    Ok(())
}

/// Applies every migration newer than the file's `user_version`, each in its own transaction.
pub fn migrate(conn: &Connection) -> Result<()> {
    let current: usize = conn
        .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
        .map_err(sql)? as usize;
    if current > schema::MIGRATIONS.len() {
        return Err(Error::internal(format!(
            "the database was written by a newer nfdeck (schema {current}, this build knows {})",
            schema::MIGRATIONS.len()
        )));
    }
    for (index, migration) in schema::MIGRATIONS.iter().enumerate().skip(current) {
        let version = index + 1;
        let batch = format!("BEGIN;\n{migration}\nPRAGMA user_version = {version};\nCOMMIT;");
        conn.execute_batch(&batch).map_err(|e| {
            let _ = conn.execute_batch("ROLLBACK");
            Error::internal(format!("migration {version} failed: {e}"))
        })?;
    }
    Ok(())
}

/// The schema version of an open database.
pub fn schema_version(conn: &Db) -> Result<i64> {
    match conn.dialect() {
        db::Dialect::Sqlite => conn.query_row("PRAGMA user_version", [], |r| r.get(0)),
        db::Dialect::Postgres => pg_schema::version(conn),
    }
    .map_err(sql)
}

/// A query's first row through the statement cache (a plain query would parse its SQL on
/// every call, which costs more than the query itself for the small lookups a screen makes).
pub fn query_row<T, P, F>(conn: &Db, sql: &str, params: P, f: F) -> db::DbResult<T>
where
    P: db::Params,
    F: FnOnce(&Row<'_>) -> db::DbResult<T>,
{
    conn.query_row(sql, params, f)
}

/// `count` numbered parameters from `?first` on, as `?first, ?first+1, …`: one row of a
/// statement that inserts many rows with their values bound.
pub(super) fn numbered_params(first: usize, count: usize) -> String {
    let params: Vec<String> = (first..first + count).map(|n| format!("?{n}")).collect();
    params.join(", ")
}

/// Ids as one statement parameter, read in SQL as `rarray(?n)`: the statement text stays the
/// same for any number of ids, so it is prepared once and stays cached.
///
/// Join it (`FROM rarray(?n) a CROSS JOIN t ON t.id = a.value`) rather than test membership
/// (`t.id IN rarray(?n)`): SQLite copies an `IN` list into a fresh temporary b-tree on every
/// run, and creating that b-tree (its page cache) cost more than the rest of a role lookup.
/// The ids come sorted and without repeats, so a join yields each row once.
pub fn id_array(ids: impl IntoIterator<Item = i64>) -> db::IdArray {
    db::IdArray::new(ids)
}

/// Turns a SQLite error into an internal error (the engine checks every rule a user can break
/// before it writes, so a failing statement is a fault, not bad input), except a database
/// another connection kept locked past the busy timeout: that is `Busy`, which a client may
/// try again.
///
/// On PostgreSQL, a lost connection is `Busy` too (503: the next call reconnects), and so is a
/// transaction the server aborted to break a deadlock or a serialization conflict.
pub fn sql(e: impl Into<DbError>) -> Error {
    use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked};
    let e = e.into();
    match &e {
        DbError::Sqlite(s)
            if matches!(s.sqlite_error_code(), Some(DatabaseBusy | DatabaseLocked)) =>
        {
            Error::busy(BUSY_MESSAGE)
        }
        DbError::Disconnected(m) => Error::busy(format!(
            "the database cannot be reached ({m}); nothing was changed, try again in a moment"
        )),
        DbError::CommitUnknown(m) => Error::busy(format!(
            "the connection to the database was lost while a change was being saved ({m}); \
             look whether it was saved before you try again"
        )),
        DbError::Pg(p)
            if p.code().is_some_and(|c| {
                matches!(c.code(), "40001" | "40P01" | "55P03" | "57P01" | "57P03")
            }) =>
        {
            Error::busy(format!(
                "the database asked to try again ({e}); nothing was changed, try again in a moment"
            ))
        }
        _ => Error::internal(format!("storage error: {e}")),
    }
}

/// What a user is told when another program holds the database's write lock.
pub const BUSY_MESSAGE: &str = "the database is busy: another program (another nfdeck, a backup, \
     an sqlite3 shell) is writing to it; nothing was changed, try again in a moment";

/// How long a statement waits for another connection's write lock before it gives up.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Sets how long `conn` waits for another connection's lock (tests shorten it).
pub fn set_busy_timeout(conn: &Connection, timeout: std::time::Duration) -> Result<()> {
    conn.busy_timeout(timeout).map_err(sql)
}

/// Reads a text column and parses it into a domain enum.
pub fn parse_col<T: FromStr>(row: &Row, idx: usize) -> db::DbResult<T> {
    // Read as borrowed text: a page of rows parses several enums each, and an owned String
    // per value was a noticeable share of a runs page.
    let text = row
        .get_str(idx)?
        .ok_or_else(|| DbError::conversion(idx, "unexpected NULL"))?;
    text.parse().map_err(|_| unexpected(idx, text))
}

/// Like `parse_col`, for a nullable column.
pub fn parse_opt_col<T: FromStr>(row: &Row, idx: usize) -> db::DbResult<Option<T>> {
    let Some(text) = row.get_str(idx)? else {
        return Ok(None);
    };
    text.parse().map(Some).map_err(|_| unexpected(idx, text))
}

fn unexpected(idx: usize, text: &str) -> DbError {
    DbError::conversion(idx, format!("unexpected value '{text}'"))
}

/// The current time as stored: RFC 3339, UTC, seconds.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A `LIKE` pattern matching `search` anywhere, with `%` and `_` escaped (use `ESCAPE '\'`).
pub fn like_pattern(search: &str) -> String {
    let escaped = search
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Clamps a page size to what SQLite's LIMIT takes.
pub fn limit(max: u32) -> i64 {
    i64::from(max)
}

/// One page of a list query and the total count of matching rows.
///
/// `from_where` is the `FROM ... WHERE ...` part, with its parameters numbered `?1..?n` and
/// given in `params`; the page's LIMIT and OFFSET become `?n+1` and `?n+2`.
pub fn paged<T>(
    conn: &Db,
    columns: &str,
    from_where: &str,
    order_by: &str,
    params: &[&dyn db::ToSql],
    page: &crate::domain::Page,
    map: impl FnMut(&Row) -> db::DbResult<T>,
) -> Result<crate::domain::Paged<T>> {
    let total: i64 = conn
        .prepare_cached(&format!("SELECT count(*) FROM {from_where}"))
        .and_then(|mut stmt| stmt.query_row(params, |r| r.get(0)))
        .map_err(sql)?;
    let items = page_rows(conn, columns, from_where, order_by, params, page, map)?;
    Ok(crate::domain::Paged::new(items, total as u64))
}

/// The rows of one page (see `paged`), for callers that count more cheaply themselves.
pub fn page_rows<T>(
    conn: &Db,
    columns: &str,
    from_where: &str,
    order_by: &str,
    params: &[&dyn db::ToSql],
    page: &crate::domain::Page,
    map: impl FnMut(&Row) -> db::DbResult<T>,
) -> Result<Vec<T>> {
    let n = params.len();
    let query = format!(
        "SELECT {columns} FROM {from_where} ORDER BY {order_by} LIMIT ?{} OFFSET ?{}",
        n + 1,
        n + 2
    );
    let (lim, off) = (limit(page.max), i64::from(page.offset));
    let mut all: Vec<&dyn db::ToSql> = params.to_vec();
    all.push(&lim);
    all.push(&off);
    let mut stmt = conn.prepare_cached(&query).map_err(sql)?;
    stmt.query_map(all.as_slice(), map)
        .map_err(sql)?
        .collect::<db::DbResult<Vec<_>>>()
        .map_err(sql)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::{StatementStatus, params};

    /// The server's writer and its readers map the file (a reader re-reads pages after every
    /// commit of the writer; mapped, that is no copy).
    #[test]
    fn file_connections_map_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mapped.db");
        let mapped = |conn: &Connection| -> i64 {
            conn.query_row("PRAGMA mmap_size", [], |r| r.get(0))
                .unwrap()
        };
        let writer = open(&path).unwrap();
        assert_eq!(mapped(&writer), MMAP_SIZE);
        assert_eq!(mapped(&open_read_only(&path).unwrap()), MMAP_SIZE);
    }

    /// A cached statement runs again without being compiled again, whatever is bound to it
    /// (a join on a bound id is the case SQLite recompiled each time before QPSG was on).
    #[test]
    fn cached_statements_are_not_compiled_again_when_bound() {
        let conn = open_in_memory().unwrap();
        let query = "SELECT w.id FROM rarray(?2) u
                       CROSS JOIN org_members m ON m.user_id = u.value
                       JOIN workspaces w ON w.org_id = m.org_id
                      WHERE w.id = ?1";
        for id in 1..4_i64 {
            let ids = std::rc::Rc::new(vec![rusqlite::types::Value::Integer(id)]);
            let mut stmt = conn.prepare_cached(query).unwrap();
            assert_eq!(
                stmt.query_map(params![id, ids], |_| Ok(()))
                    .unwrap()
                    .count(),
                0
            );
            assert_eq!(stmt.get_status(StatementStatus::RePrepare), 0, "run {id}");
        }
    }
}
