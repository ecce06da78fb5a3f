//! The store's own connection type, [`Db`], over either backend (SQLite or PostgreSQL).
//!
//! Its API is the small part of rusqlite's that the store uses (`execute`, `query_row`,
//! `prepare_cached` + `query_map`, `optional()`, `row.get(i)`), so store code reads the same
//! whichever database is behind it. Parameters are [`ToSql`] values turned into a [`Value`];
//! columns are read as a [`ValueRef`] and converted by [`FromSql`]. Statements are written in
//! SQLite's dialect; the PostgreSQL backend translates each text once and caches it (see
//! `pg.rs`), so a query is written once unless the two dialects really differ (then
//! [`Db::dialect`] picks the text).

mod pg;
mod pg_client;
mod pg_commit;
mod sqlite;
mod value;

pub use pg::{PgConn, translate};
pub use value::{FromSql, IdArray, SqlValue, ToSql, Value, ValueRef};

use std::fmt;

/// Which SQL dialect a connection speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// An open database connection: the engine owns one, store functions take `&Db`.
pub struct Db {
    backend: Backend,
}

enum Backend {
    Sqlite(rusqlite::Connection),
    // Boxed: a PostgreSQL connection (config, statement cache) is several times a SQLite one.
    Pg(Box<PgConn>),
}

/// A failed statement, a conversion that did not fit, or no row where one was required.
#[derive(Debug)]
pub enum DbError {
    Sqlite(rusqlite::Error),
    Pg(tokio_postgres::Error),
    /// A column held a value its Rust type cannot take.
    Conversion {
        column: usize,
        message: String,
    },
    /// `query_row` found no row (`optional()` turns it into `None`).
    NoRows,
    /// The PostgreSQL connection is gone (reconnected on the next transaction).
    Disconnected(String),
    /// The connection was lost before a COMMIT's answer, and the server could not tell
    /// whether it committed (see `PgConn::commit`): the change may or may not be saved.
    CommitUnknown(String),
    /// PostgreSQL refused to prepare a statement (the message names the statement).
    Prepare(String),
}

pub type DbResult<T> = std::result::Result<T, DbError>;

impl DbError {
    pub fn conversion(column: usize, message: impl fmt::Display) -> Self {
        DbError::Conversion {
            column,
            message: message.to_string(),
        }
    }
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbError::Sqlite(e) => write!(f, "{e}"),
            DbError::Pg(e) => match e.as_db_error() {
                Some(db) => write!(f, "{}: {}", db.code().code(), db.message()),
                None => match std::error::Error::source(e) {
                    Some(source) => write!(f, "{e}: {source}"),
                    None => write!(f, "{e}"),
                },
            },
            DbError::Conversion { column, message } => {
                write!(f, "column {column}: {message}")
            }
            DbError::NoRows => write!(f, "query returned no rows"),
            DbError::Disconnected(m) | DbError::Prepare(m) | DbError::CommitUnknown(m) => {
                write!(f, "{m}")
            }
        }
    }
}

impl std::error::Error for DbError {}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> Self {
        match e {
            rusqlite::Error::QueryReturnedNoRows => DbError::NoRows,
            e => DbError::Sqlite(e),
        }
    }
}

impl From<tokio_postgres::Error> for DbError {
    fn from(e: tokio_postgres::Error) -> Self {
        use std::error::Error as _;
        // The socket failed, not the statement: the next call reconnects (see `PgConn::rows`).
        let io = e.source().is_some_and(|s| s.is::<std::io::Error>());
        if e.is_closed() || io {
            return DbError::Disconnected(format!("lost the connection to PostgreSQL: {e}"));
        }
        DbError::Pg(e)
    }
}

/// `query_row(..).optional()`: no row is `None`, like rusqlite's extension trait.
pub trait OptionalExtension<T> {
    fn optional(self) -> DbResult<Option<T>>;
}

impl<T> OptionalExtension<T> for DbResult<T> {
    fn optional(self) -> DbResult<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(DbError::NoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// A statement's parameters: `[]`, `[a]`, `[a, b]` of one type, `params![..]` (a slice of
/// `&dyn ToSql`), or `params_from_iter(..)`.
pub trait Params {
    fn values(&self) -> Vec<Value<'_>>;
}

impl Params for [&dyn ToSql; 0] {
    fn values(&self) -> Vec<Value<'_>> {
        Vec::new()
    }
}

impl Params for &[&dyn ToSql] {
    fn values(&self) -> Vec<Value<'_>> {
        self.iter().map(|v| v.to_value()).collect()
    }
}

macro_rules! array_params {
    ($($n:literal)*) => {$(
        impl<T: ToSql> Params for [T; $n] {
            fn values(&self) -> Vec<Value<'_>> {
                self.iter().map(|v| v.to_value()).collect()
            }
        }
        impl<T: ToSql> Params for &[T; $n] {
            fn values(&self) -> Vec<Value<'_>> {
                self.iter().map(|v| v.to_value()).collect()
            }
        }
    )*};
}
array_params!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);

/// Parameters from an iterator of values (a statement whose parameters vary in number).
pub struct ParamsFromIter<T>(Vec<T>);

pub fn params_from_iter<T: ToSql>(iter: impl IntoIterator<Item = T>) -> ParamsFromIter<T> {
    ParamsFromIter(iter.into_iter().collect())
}

impl<T: ToSql> Params for ParamsFromIter<T> {
    fn values(&self) -> Vec<Value<'_>> {
        self.0.iter().map(|v| v.to_value()).collect()
    }
}

/// `params![a, b, c]`: parameters of different types, as a slice of `&dyn ToSql`.
#[macro_export]
macro_rules! sql_params {
    () => { &[] as &[&dyn $crate::engine::store::db::ToSql] };
    ($($p:expr),+ $(,)?) => {
        &[$(&$p as &dyn $crate::engine::store::db::ToSql),+] as &[&dyn $crate::engine::store::db::ToSql]
    };
}
pub use crate::sql_params as params;

impl Db {
    pub fn sqlite(conn: rusqlite::Connection) -> Self {
        Db {
            backend: Backend::Sqlite(conn),
        }
    }

    pub fn postgres(conn: PgConn) -> Self {
        Db {
            backend: Backend::Pg(Box::new(conn)),
        }
    }

    pub fn dialect(&self) -> Dialect {
        match self.backend {
            Backend::Sqlite(_) => Dialect::Sqlite,
            Backend::Pg(_) => Dialect::Postgres,
        }
    }

    /// The SQLite connection underneath, for SQLite-only tools (benchmark data, tests).
    pub fn as_sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.backend {
            Backend::Sqlite(c) => Some(c),
            Backend::Pg(_) => None,
        }
    }

    pub fn as_sqlite_mut(&mut self) -> Option<&mut rusqlite::Connection> {
        match &mut self.backend {
            Backend::Sqlite(c) => Some(c),
            Backend::Pg(_) => None,
        }
    }

    pub fn as_pg(&self) -> Option<&PgConn> {
        match &self.backend {
            Backend::Pg(c) => Some(&**c),
            Backend::Sqlite(_) => None,
        }
    }

    /// Runs one statement; returns how many rows it changed.
    pub fn execute<P: Params>(&self, sql: &str, params: P) -> DbResult<usize> {
        match &self.backend {
            Backend::Sqlite(c) => sqlite::execute(c, sql, &params.values()),
            Backend::Pg(c) => c.execute(sql, &params.values()),
        }
    }

    /// Runs several statements without parameters (migrations, transaction control).
    pub fn execute_batch(&self, sql: &str) -> DbResult<()> {
        match &self.backend {
            Backend::Sqlite(c) => c.execute_batch(sql).map_err(DbError::from),
            Backend::Pg(c) => c.batch_execute(sql),
        }
    }

    /// Runs `sql` (statements that return nothing, such as a savepoint's start) inside the open
    /// transaction. On PostgreSQL it goes with the next statement, in that statement's round
    /// trip, and a failure of `sql` shows as that statement's; SQLite runs it now.
    pub fn send_with_next(&self, sql: &'static str) -> DbResult<()> {
        match &self.backend {
            Backend::Sqlite(c) => c.execute_batch(sql).map_err(DbError::from),
            Backend::Pg(c) => c.send_with_next(sql),
        }
    }

    /// On PostgreSQL, the `admin` change count as the open write transaction found it as it
    /// began (`changes::PG_WRITE_START`). `None` on SQLite, which reads it when asked.
    pub fn admin_at_write_start(&self) -> Option<i64> {
        self.as_pg().and_then(|c| c.write_admin())
    }

    /// The first row of a query, through the statement cache; `NoRows` when there is none.
    pub fn query_row<T, P, F>(&self, sql: &str, params: P, f: F) -> DbResult<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> DbResult<T>,
    {
        self.prepare_cached(sql)?.query_row(params, f)
    }

    pub fn prepare_cached(&self, sql: &str) -> DbResult<Stmt<'_>> {
        Ok(Stmt {
            inner: match &self.backend {
                Backend::Sqlite(c) => StmtInner::Sqlite(sqlite::Statement::cached(c, sql)?),
                Backend::Pg(c) => StmtInner::Pg(c, sql.to_owned()),
            },
        })
    }

    /// A statement outside the cache (one-off text, such as a test's EXPLAIN).
    pub fn prepare(&self, sql: &str) -> DbResult<Stmt<'_>> {
        Ok(Stmt {
            inner: match &self.backend {
                Backend::Sqlite(c) => StmtInner::Sqlite(sqlite::Statement::plain(c, sql)?),
                Backend::Pg(c) => StmtInner::Pg(c, sql.to_owned()),
            },
        })
    }

    /// The id the last INSERT gave its row (SQLite's rowid, PostgreSQL's `lastval()`).
    pub fn last_insert_rowid(&self) -> DbResult<i64> {
        match &self.backend {
            Backend::Sqlite(c) => Ok(c.last_insert_rowid()),
            Backend::Pg(c) => c.last_insert_id(),
        }
    }
}

/// A prepared statement.
pub struct Stmt<'a> {
    inner: StmtInner<'a>,
}

enum StmtInner<'a> {
    Sqlite(sqlite::Statement<'a>),
    Pg(&'a PgConn, String),
}

impl Stmt<'_> {
    pub fn execute<P: Params>(&mut self, params: P) -> DbResult<usize> {
        match &mut self.inner {
            StmtInner::Sqlite(s) => s.execute(&params.values()),
            StmtInner::Pg(c, sql) => c.execute(sql, &params.values()),
        }
    }

    /// Every row mapped by `f` (read eagerly; the first failure ends the list).
    pub fn query_map<T, P, F>(
        &mut self,
        params: P,
        f: F,
    ) -> DbResult<std::vec::IntoIter<DbResult<T>>>
    where
        P: Params,
        F: FnMut(&Row<'_>) -> DbResult<T>,
    {
        match &mut self.inner {
            StmtInner::Sqlite(s) => s.query_map(&params.values(), f),
            StmtInner::Pg(c, sql) => c.query_map(sql, &params.values(), f),
        }
    }

    pub fn query_row<T, P, F>(&mut self, params: P, f: F) -> DbResult<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> DbResult<T>,
    {
        match &mut self.inner {
            StmtInner::Sqlite(s) => s.query_row(&params.values(), f),
            StmtInner::Pg(c, sql) => c.query_row(sql, &params.values(), f),
        }
    }

    /// The SQLite statement underneath (status counters in tests).
    pub fn as_sqlite(&self) -> Option<&rusqlite::Statement<'_>> {
        match &self.inner {
            StmtInner::Sqlite(s) => Some(s.raw()),
            StmtInner::Pg(..) => None,
        }
    }
}

/// One result row.
pub struct Row<'a> {
    inner: RowInner<'a>,
}

enum RowInner<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Pg(&'a tokio_postgres::Row),
}

impl<'a> Row<'a> {
    /// Column `idx` converted to `T`.
    pub fn get<T: FromSql>(&self, idx: usize) -> DbResult<T> {
        T::from_value(self.value(idx)?).map_err(|m| DbError::conversion(idx, m))
    }

    /// Column `idx` as it is stored.
    pub fn value(&self, idx: usize) -> DbResult<ValueRef<'_>> {
        match &self.inner {
            RowInner::Sqlite(r) => sqlite::value(r, idx),
            RowInner::Pg(r) => pg::value(r, idx),
        }
    }

    /// A text column borrowed from the row (`None` for NULL), without an owned copy.
    pub fn get_str(&self, idx: usize) -> DbResult<Option<&str>> {
        match self.value(idx)? {
            ValueRef::Null => Ok(None),
            ValueRef::Text(t) => Ok(Some(t)),
            other => Err(DbError::conversion(
                idx,
                format!("expected text, found {other:?}"),
            )),
        }
    }
}

/// What a transaction may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxKind {
    /// One consistent snapshot, never committed.
    Read,
    /// Changes; one writer at a time across every process using the database.
    Write,
}

/// The advisory lock every PostgreSQL write transaction takes first: writers run one at a time
/// across all replicas, exactly as SQLite's `BEGIN IMMEDIATE` makes them within one file.
pub const PG_WRITE_LOCK: i64 = 0x6e66_6465_636b_0001;

/// An open transaction; rolled back when dropped without `commit` (a failed or panicking
/// operation changes nothing).
pub struct Tx<'a> {
    db: &'a Db,
    kind: TxKind,
    open: bool,
}

impl Db {
    /// Starts a transaction. SQLite: `BEGIN` (deferred) to read, `BEGIN IMMEDIATE` to write.
    /// PostgreSQL: REPEATABLE READ to read (one snapshot for the whole operation, like SQLite's
    /// read transaction); READ COMMITTED plus the write lock to write, so each write sees every
    /// earlier commit, whichever replica made it. Every write counts itself as it begins
    /// (`changes::COUNT_THIS_WRITE`; on PostgreSQL in its BEGIN's round trip). A lost
    /// connection is reopened here.
    pub fn transaction(&self, kind: TxKind) -> DbResult<Tx<'_>> {
        match (&self.backend, kind) {
            (Backend::Sqlite(c), TxKind::Read) => c.execute_batch("BEGIN DEFERRED")?,
            (Backend::Sqlite(c), TxKind::Write) => {
                c.execute_batch("BEGIN IMMEDIATE")?;
                if let Err(e) = c.execute_batch(super::changes::COUNT_THIS_WRITE) {
                    // No `Tx` exists yet to roll it back when dropped.
                    let _ = c.execute_batch("ROLLBACK");
                    return Err(e.into());
                }
            }
            (Backend::Pg(c), TxKind::Read) => {
                c.begin_read("BEGIN ISOLATION LEVEL REPEATABLE READ")?;
            }
            (Backend::Pg(c), TxKind::Write) => c.begin_write(&format!(
                "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock({PG_WRITE_LOCK}); {}",
                super::changes::PG_WRITE_START
            ))?,
        }
        Ok(Tx {
            db: self,
            kind,
            open: true,
        })
    }
}

impl Tx<'_> {
    /// Whether the database ended the transaction by itself: SQLite rolls the whole transaction
    /// back on I/O errors and a full disk. PostgreSQL keeps a failed transaction open (aborted)
    /// until it is rolled back, to a savepoint or whole, so it never ends one by itself.
    pub fn lost(&self) -> bool {
        match &self.db.backend {
            Backend::Sqlite(c) => c.is_autocommit(),
            Backend::Pg(_) => false,
        }
    }

    /// Commits. On SQLite a failed commit leaves the transaction open and `drop` rolls it
    /// back; on PostgreSQL it is over whatever happened (see `PgConn::commit`).
    pub fn commit(mut self) -> DbResult<()> {
        if let Backend::Pg(c) = &self.db.backend {
            self.open = false;
            return c.commit();
        }
        self.db.execute_batch("COMMIT")?;
        self.open = false;
        Ok(())
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.open {
            return;
        }
        match (&self.db.backend, self.kind) {
            // A read changed nothing: no one waits for its end (the server ends it as soon as
            // the ROLLBACK arrives, and the answer is read with the next call's).
            (Backend::Pg(c), TxKind::Read) => c.end_read(),
            // Nothing to report: a lost connection has rolled back already.
            _ => {
                let _ = self.db.execute_batch("ROLLBACK");
                self.db.transaction_ended();
            }
        }
    }
}

impl Db {
    /// Lets a PostgreSQL connection reopen again when lost (see `PgConn::ended`).
    fn transaction_ended(&self) {
        if let Backend::Pg(c) = &self.backend {
            c.ended();
        }
    }

    /// Gives the SQLite connection back (SQLite-only tools).
    pub fn into_sqlite(self) -> Option<rusqlite::Connection> {
        match self.backend {
            Backend::Sqlite(c) => Some(c),
            Backend::Pg(_) => None,
        }
    }
}
