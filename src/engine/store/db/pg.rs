//! The PostgreSQL side of [`Db`](super::Db), over [`PgClient`] (tokio-postgres driven on the
//! calling thread: the engine is synchronous and runs on its own threads).
//!
//! Store SQL is written in SQLite's dialect; [`translate`] rewrites the few differences once per
//! statement text, and the prepared statement is cached per connection under the original text.
//! Values are bound by the type PostgreSQL inferred for each parameter, and columns are read by
//! their type into the same [`ValueRef`]s SQLite gives (integers, reals, text, blobs).

use super::pg_client::PgClient;
use super::{DbError, DbResult, Row, RowInner, Value, ValueRef};
use bytes::BytesMut;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::error::Error as StdError;
use tokio_postgres::types::{FromSql, IsNull, Kind, ToSql, Type, to_sql_checked};

/// One connection to PostgreSQL, re-opened on the next transaction after it was lost.
pub struct PgConn {
    config: tokio_postgres::Config,
    /// What the connection is called in messages (the URL without its password).
    target: String,
    client: RefCell<Option<PgClient>>,
    /// A read transaction's `BEGIN`, not sent yet: it goes with the transaction's first
    /// statement, in the same round trip (see `begin_read`).
    begin: Cell<Option<&'static str>>,
    /// Statements of the open write transaction that need no answer of their own (a
    /// savepoint's start), not sent yet: they go with the next statement (`send_with_next`).
    deferred: Cell<Option<&'static str>>,
    /// Between a transaction's start and its end: a lost connection is not reopened then
    /// (the transaction's earlier statements went with it), only between transactions.
    in_transaction: Cell<bool>,
    /// The open write transaction's id (`txid_current()`), to learn whether it committed when
    /// the connection is lost before COMMIT's answer arrives (see `commit`).
    write_xid: Cell<Option<i64>>,
    /// The `admin` change count as the open write transaction found it (see `begin_write`).
    write_admin: Cell<Option<i64>>,
    /// Prepared statements by their SQLite-dialect text, with how often each was used.
    statements: RefCell<HashMap<String, Prepared>>,
}

type PgParam<'a> = &'a (dyn ToSql + Sync);

/// How many uses a prepared statement gets before it is prepared again. PostgreSQL plans a
/// prepared statement a few times and then keeps one generic plan, made for the tables as
/// they were then: a plan made while `tasks` was nearly empty reads the whole table, and goes
/// on doing so as Nextflow fills it (1.2 ms per progress call at a few thousand tasks,
/// measured). Preparing again now and then lets the plan follow the tables as they grow; it
/// costs one prepare and a few plannings per this many uses.
const USES_PER_PREPARE: u32 = 1_000;

/// Asked of every session unless the URL's `options` set it. A session left in a transaction
/// by a client that vanished (a replica's machine lost, a network cut) would otherwise keep
/// the write lock, and so stall every replica's writes, until the server's TCP keepalive
/// noticed: two hours by default. nfdeck never idles inside a transaction; its statements
/// follow each other at once.
const IDLE_IN_TRANSACTION: &str = "idle_in_transaction_session_timeout";
const IDLE_IN_TRANSACTION_LIMIT: &str = "30s";

/// A prepared statement and its uses so far.
struct Prepared {
    statement: tokio_postgres::Statement,
    uses: u32,
}

impl PgConn {
    /// Connects, or says clearly why not (unreachable server, refused login, missing database).
    pub fn connect(url: &str) -> DbResult<Self> {
        let mut config: tokio_postgres::Config = url.parse().map_err(|e| {
            DbError::Disconnected(format!("the database address is not valid: {e}"))
        })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(std::time::Duration::from_secs(5));
        }
        // What `pg_stat_activity` shows an operator, unless the URL names it otherwise.
        if config.get_application_name().is_none() {
            config.application_name("nfdeck");
        }
        // Sent with the login, like the name: no round trip of its own.
        let options = config.get_options().unwrap_or_default().to_owned();
        if !options.contains(IDLE_IN_TRANSACTION) {
            let limit = format!("-c {IDLE_IN_TRANSACTION}={IDLE_IN_TRANSACTION_LIMIT}");
            config.options(format!("{options} {limit}").trim_start());
        }
        let target = describe(&config);
        let conn = PgConn {
            config,
            target,
            client: RefCell::new(None),
            begin: Cell::new(None),
            deferred: Cell::new(None),
            in_transaction: Cell::new(false),
            write_xid: Cell::new(None),
            write_admin: Cell::new(None),
            statements: RefCell::new(HashMap::new()),
        };
        conn.ensure_connected()?;
        Ok(conn)
    }

    /// The server and database, for messages.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// Opens a new connection if there is none or the last one was lost.
    pub(super) fn ensure_connected(&self) -> DbResult<()> {
        let mut client = self.client.borrow_mut();
        if client.as_ref().is_some_and(|c| !c.is_closed()) {
            return Ok(());
        }
        self.statements.borrow_mut().clear();
        self.begin.set(None);
        self.deferred.set(None);
        let config = &self.config;
        let fresh = off_runtime(|| PgClient::connect(config)).map_err(|reason| {
            DbError::Disconnected(format!(
                "cannot connect to PostgreSQL at {}: {reason}",
                self.target
            ))
        })?;
        *client = Some(fresh);
        Ok(())
    }

    /// Reopens a lost connection before a statement outside any transaction (a server's token
    /// and change-count lookups): after the database restarted, such a statement would
    /// otherwise fail on the dead connection forever, since only a transaction's start
    /// reconnected.
    fn reconnect_between_transactions(&self) -> DbResult<()> {
        match self.in_transaction.get() {
            true => Ok(()),
            false => self.ensure_connected(),
        }
    }

    /// Starts a read transaction: `begin` is sent with the first statement that follows. A
    /// write's is not deferred (`begin_write`): a failed BEGIN must never leave its first
    /// change to run on its own.
    pub(super) fn begin_read(&self, begin: &'static str) -> DbResult<()> {
        self.ensure_connected()?;
        self.begin.set(Some(begin));
        self.in_transaction.set(true);
        Ok(())
    }

    /// Starts a write transaction with `begin`, answered before any change is sent. The last
    /// row `begin` returns is the transaction's id and the `admin` change count it found
    /// (`changes::PG_WRITE_START`), learnt in the same round trip. A connection found dead
    /// there (after a database restart) had nothing of the transaction yet: it starts again
    /// on a new one.
    pub(super) fn begin_write(&self, begin: &str) -> DbResult<()> {
        self.reconnect_between_transactions()?;
        let row = self.again_if_lost(true, || {
            self.with_client(|c, pending| c.last_row(pending, begin))
        })?;
        self.in_transaction.set(true);
        let number = |at: usize| row.get(at)?.as_deref()?.parse::<i64>().ok();
        self.write_xid.set(number(0));
        self.write_admin.set(number(1));
        Ok(())
    }

    /// The `admin` change count as the open write transaction found it.
    pub(super) fn write_admin(&self) -> Option<i64> {
        self.write_admin.get()
    }

    /// Sends `sql` (statements that return nothing) with the next statement of the open
    /// transaction, in its round trip, rather than waiting for its answer alone; a failure of
    /// `sql` is then that statement's failure. Sent at once when something else is already
    /// waiting to go.
    pub(super) fn send_with_next(&self, sql: &'static str) -> DbResult<()> {
        let nothing_waiting = self.begin.get().is_none() && self.deferred.get().is_none();
        if self.in_transaction.get() && nothing_waiting {
            self.deferred.set(Some(sql));
            return Ok(());
        }
        self.batch_execute(sql)
    }

    /// Runs `call`, and once more on a new connection if the connection was found dead and
    /// `nothing_sent_yet` of what `call` belongs to had reached the server. A connection is
    /// only found dead when used: after a database restart, each one once.
    fn again_if_lost<T>(
        &self,
        nothing_sent_yet: bool,
        call: impl Fn() -> DbResult<T>,
    ) -> DbResult<T> {
        match call() {
            Err(DbError::Disconnected(_)) if nothing_sent_yet => {
                self.ensure_connected()?;
                call()
            }
            answer => answer,
        }
    }

    /// The open write transaction's id, once (its COMMIT is being sent).
    pub(super) fn take_write_xid(&self) -> Option<i64> {
        self.write_xid.take()
    }

    /// A transaction ended (committed or rolled back, or lost with its connection).
    pub(super) fn ended(&self) {
        self.in_transaction.set(false);
        self.deferred.set(None);
        self.write_admin.set(None);
    }

    /// Ends a read transaction without waiting for the answer (nothing to end if no statement
    /// was sent since `begin_read`).
    pub(super) fn end_read(&self) {
        self.ended();
        if self.begin.take().is_some() {
            return;
        }
        let Ok(mut guard) = self.client.try_borrow_mut() else {
            return;
        };
        if let Some(client) = guard.as_mut() {
            off_runtime(|| client.send_unanswered("ROLLBACK"));
        }
    }

    /// Calls that waited for the server since this connection was opened (a pipelined
    /// `BEGIN` rides with its statement and an unanswered `ROLLBACK` does not wait).
    pub fn round_trips(&self) -> u64 {
        self.client
            .try_borrow()
            .ok()
            .and_then(|c| c.as_ref().map(PgClient::round_trips))
            .unwrap_or(0)
    }

    /// Runs `f` on the client with the pending `BEGIN` or deferred statements, if any, which it
    /// must send first.
    fn with_client<T: Send>(
        &self,
        f: impl FnOnce(&mut PgClient, Option<&str>) -> Result<T, tokio_postgres::Error> + Send,
    ) -> DbResult<T> {
        // Never panics: a rollback while unwinding from a failed call must not abort.
        let mut guard = self.client.try_borrow_mut().map_err(|_| {
            DbError::Disconnected("the PostgreSQL connection is in use".to_string())
        })?;
        let client = guard.as_mut().ok_or_else(|| {
            DbError::Disconnected(format!("not connected to PostgreSQL at {}", self.target))
        })?;
        let pending = self.begin.take().or_else(|| self.deferred.take());
        off_runtime(|| f(client, pending)).map_err(DbError::from)
    }

    fn statement(&self, sql: &str) -> DbResult<tokio_postgres::Statement> {
        if let Some(prepared) = self.statements.borrow_mut().get_mut(sql)
            && prepared.uses < USES_PER_PREPARE
        {
            prepared.uses += 1;
            return Ok(prepared.statement.clone());
        }
        let text = translate(sql);
        // A failed prepare would abort the surrounding transaction: statements PostgreSQL
        // cannot type by themselves are typed first.
        let stmt = if null_tested_parameters(&text) {
            self.prepare_inferred(&text)
        } else {
            self.with_client(|c, begin| c.prepare(begin, &text))
        }
        .map_err(|e| match e {
            DbError::Pg(_) => DbError::Prepare(format!("{e} in: {text}")),
            e => e,
        })?;
        let prepared = Prepared {
            statement: stmt.clone(),
            uses: 1,
        };
        // The one it replaces is closed on the server when its last copy is dropped.
        self.statements
            .borrow_mut()
            .insert(sql.to_owned(), prepared);
        Ok(stmt)
    }

    /// Prepares a statement whose parameter PostgreSQL could not type because its first use is
    /// `?N IS NULL` (the store's "no filter" idiom). The types come from the same statement
    /// with those tests taken out, where the parameter's other uses (`col = ?N`) type it; one
    /// used only in `IS NULL` tests is text.
    fn prepare_inferred(&self, text: &str) -> DbResult<tokio_postgres::Statement> {
        let count = (1..=99)
            .take_while(|n| text.contains(&format!("${n}")))
            .count();
        let mut probe = text.to_string();
        for n in 1..=count {
            for test in ["IS NULL", "IS NOT NULL"] {
                probe = replace_word(&probe, &format!("${n} {test}"), "TRUE");
            }
        }
        // A parameter used only in `IS NULL` tests has nothing left to type it by.
        let types: Vec<Type> = (1..=count)
            .map(|n| match occurrences(&probe, n) {
                0 => Type::TEXT,
                _ => Type::UNKNOWN,
            })
            .collect();
        let inferred = self.with_client(|c, begin| c.prepare_typed(begin, &probe, &types))?;
        let types: Vec<Type> = inferred.params().to_vec();
        self.with_client(|c, begin| c.prepare_typed(begin, text, &types))
    }

    pub(super) fn batch_execute(&self, sql: &str) -> DbResult<()> {
        self.reconnect_between_transactions()?;
        self.with_client(|c, begin| c.batch_execute(begin, sql))
    }

    pub(super) fn execute(&self, sql: &str, values: &[Value<'_>]) -> DbResult<usize> {
        self.reconnect_between_transactions()?;
        let stmt = self.statement(sql)?;
        let params: Vec<PgParam> = values.iter().map(|v| v as PgParam).collect();
        self.with_client(|c, begin| c.execute(begin, &stmt, &params))
            .map(|n| n as usize)
    }

    /// Runs a query. One outside a transaction, or the first of a read transaction (whose
    /// BEGIN goes with it), is sent again on a new connection if the connection was found
    /// dead: nothing it belongs to had reached the server, and a query changes nothing if it
    /// had.
    fn rows(&self, sql: &str, values: &[Value<'_>]) -> DbResult<Vec<tokio_postgres::Row>> {
        self.reconnect_between_transactions()?;
        let begin = self.begin.get();
        let nothing_sent_yet = !self.in_transaction.get() || begin.is_some();
        self.again_if_lost(nothing_sent_yet, || {
            // A new connection forgets the pending BEGIN; the query needs it again.
            self.begin.set(begin);
            self.rows_once(sql, values)
        })
    }

    fn rows_once(&self, sql: &str, values: &[Value<'_>]) -> DbResult<Vec<tokio_postgres::Row>> {
        let stmt = self.statement(sql)?;
        let params: Vec<PgParam> = values.iter().map(|v| v as PgParam).collect();
        self.with_client(|c, begin| c.query(begin, &stmt, &params))
    }

    pub(super) fn query_map<T, F>(
        &self,
        sql: &str,
        values: &[Value<'_>],
        mut f: F,
    ) -> DbResult<std::vec::IntoIter<DbResult<T>>>
    where
        F: FnMut(&Row<'_>) -> DbResult<T>,
    {
        let rows = self.rows(sql, values)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let mapped = f(&Row {
                inner: RowInner::Pg(row),
            });
            let failed = mapped.is_err();
            out.push(mapped);
            if failed {
                break;
            }
        }
        Ok(out.into_iter())
    }

    pub(super) fn query_row<T, F>(&self, sql: &str, values: &[Value<'_>], f: F) -> DbResult<T>
    where
        F: FnOnce(&Row<'_>) -> DbResult<T>,
    {
        let rows = self.rows(sql, values)?;
        match rows.first() {
            Some(row) => f(&Row {
                inner: RowInner::Pg(row),
            }),
            None => Err(DbError::NoRows),
        }
    }

    /// The value the last INSERT drew from a sequence (every integer key is an identity).
    pub(super) fn last_insert_id(&self) -> DbResult<i64> {
        self.query_row("SELECT lastval()", &[], |r| r.get(0))
    }
}

/// Runs `f` where the synchronous client may block. The client drives a small runtime of its
/// own, whose `block_on` panics on a thread that runs a runtime already. Off any runtime (the
/// engine's writer thread) `f` runs as it is. On a multi-threaded runtime (a server's reads run
/// on the tokio thread that awaits them, see `engine::shared`) it runs in `block_in_place`,
/// which moves that thread's other tasks elsewhere and lets it block; inside a read that did
/// so already this costs nothing. Only on a single-threaded runtime (a test's) does it need a
/// short-lived thread: a thread for every statement cost a served read more CPU than
/// PostgreSQL spent answering it.
fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    match tokio::runtime::Handle::try_current() {
        Err(_) => f(),
        Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(f)
        }
        Ok(_) => std::thread::scope(|scope| {
            scope
                .spawn(f)
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        }),
    }
}

/// Whether some parameter is tested with `IS NULL` / `IS NOT NULL` (PostgreSQL types a
/// parameter where it first meets it, and such a test gives it no type).
fn null_tested_parameters(text: &str) -> bool {
    let upper = text.to_ascii_uppercase();
    upper.contains(" IS NULL") || upper.contains(" IS NOT NULL")
}

/// How many times `$n` occurs (not counting `$n0`, `$n1`, ...).
fn occurrences(text: &str, n: usize) -> usize {
    let needle = format!("${n}");
    text.match_indices(&needle)
        .filter(|(at, _)| {
            !text[at + needle.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        })
        .count()
}

impl Drop for PgConn {
    /// Closing the client blocks on its connection: off any async runtime, like every call.
    fn drop(&mut self) {
        if let Some(client) = self.client.get_mut().take() {
            off_runtime(move || client.close());
        }
    }
}

/// `host:port/dbname` or `socket dir/dbname`, never the password.
fn describe(config: &tokio_postgres::Config) -> String {
    let host = config
        .get_hosts()
        .first()
        .map(|h| match h {
            tokio_postgres::config::Host::Tcp(name) => name.clone(),
            tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .unwrap_or_else(|| "localhost".into());
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let db = config
        .get_dbname()
        .or(config.get_user())
        .unwrap_or("postgres");
    format!("{host}:{port}/{db}")
}

/// Rewrites a statement from SQLite's dialect into PostgreSQL's:
/// - `?N` and `?` placeholders become `$N`;
/// - `INSERT OR IGNORE INTO ...` becomes `INSERT INTO ... ON CONFLICT DO NOTHING`;
/// - `rarray($N) alias` (a list of ids) becomes `unnest($N::bigint[]) AS alias(value)`;
/// - `LIKE` becomes `ILIKE` (SQLite's LIKE ignores ASCII case);
/// - `CROSS JOIN t ON ..` (SQLite's join-order hint) becomes `JOIN t ON ..`.
///
/// Quoted strings and identifiers are copied as they are.
pub fn translate(sql: &str) -> String {
    let mut out = placeholders(sql);
    if let Some(rest) = strip_prefix_ci(out.trim_start(), "INSERT OR IGNORE INTO") {
        let body = rest.trim_end().trim_end_matches(';');
        out = format!("INSERT INTO{body} ON CONFLICT DO NOTHING");
    }
    out = rarray(&out);
    out = replace_word(&out, "CROSS JOIN", "JOIN");
    replace_word(&out, "LIKE", "ILIKE")
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// `?N` → `$N`, a bare `?` → the next number, outside quotes.
fn placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut quote: Option<char> = None;
    let mut next = 0;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                out.push(c);
            }
            None if c == '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                if digits.is_empty() {
                    next += 1;
                    digits = next.to_string();
                } else {
                    next = next.max(digits.parse().unwrap_or(0));
                }
                out.push('$');
                out.push_str(&digits);
            }
            None => out.push(c),
        }
    }
    out
}

/// `rarray($N) a` → `unnest($N::bigint[]) AS a(value)`.
fn rarray(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 32);
    let mut rest = sql;
    while let Some(at) = rest.find("rarray(") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "rarray(".len()..];
        let close = after.find(')').unwrap_or(after.len());
        let param = &after[..close];
        let tail = after.get(close + 1..).unwrap_or("");
        let trimmed = tail.trim_start();
        let alias_len = trimmed
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(trimmed.len());
        let alias = &trimmed[..alias_len];
        out.push_str(&format!("unnest({param}::bigint[]) AS {alias}(value)"));
        rest = &trimmed[alias_len..];
    }
    out.push_str(rest);
    out
}

/// Replaces a whole keyword (any case), outside quotes.
fn replace_word(sql: &str, word: &str, with: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut quote: Option<u8> = None;
    let bytes = sql.as_bytes();
    let mut i = 0;
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            if b == q {
                quote = None;
            }
        } else if b == b'\'' || b == b'"' {
            quote = Some(b);
        } else if bytes.len() - i >= word.len()
            && sql[i..i + word.len()].eq_ignore_ascii_case(word)
            && (i == 0 || !is_ident(bytes[i - 1]))
            && bytes.get(i + word.len()).is_none_or(|&n| !is_ident(n))
        {
            out.push_str(with);
            i += word.len();
            continue;
        }
        // Copy the whole (possibly multi-byte) character.
        let len = utf8_len(b);
        out.push_str(&sql[i..i + len]);
        i += len;
    }
    out
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// `citext` (the case-insensitive text of columns SQLite declares `COLLATE NOCASE`) is an
/// extension type with no fixed oid: recognised by name.
fn is_text(ty: &Type) -> bool {
    matches!(
        *ty,
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN
    ) || (ty.name() == "citext" && matches!(ty.kind(), Kind::Simple))
}

impl ToSql for Value<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn StdError + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                _ if is_text(ty) => {
                    out.extend_from_slice(i.to_string().as_bytes());
                    Ok(IsNull::No)
                }
                _ => Err(format!("an integer cannot be bound as {ty}").into()),
            },
            Value::Real(r) => match *ty {
                Type::FLOAT8 => r.to_sql(ty, out),
                Type::FLOAT4 => (*r as f32).to_sql(ty, out),
                _ => Err(format!("a real number cannot be bound as {ty}").into()),
            },
            Value::Text(t) => match *ty {
                Type::INT8 => t.parse::<i64>()?.to_sql(ty, out),
                Type::JSON | Type::JSONB => {
                    serde_json::from_str::<serde_json::Value>(t)?;
                    if *ty == Type::JSONB {
                        out.extend_from_slice(&[1]);
                    }
                    out.extend_from_slice(t.as_bytes());
                    Ok(IsNull::No)
                }
                _ if is_text(ty) => {
                    out.extend_from_slice(t.as_bytes());
                    Ok(IsNull::No)
                }
                _ => Err(format!("text cannot be bound as {ty}").into()),
            },
            Value::Blob(b) => b.to_sql(ty, out),
            Value::Ids(a) => a.ids.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        // Checked per value in `to_sql`, which knows what it holds.
        true
    }

    to_sql_checked!();
}

/// A column's raw bytes, whatever its type; decoded by `value`.
struct Raw<'a>(Option<&'a [u8]>);

impl<'a> FromSql<'a> for Raw<'a> {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn StdError + Sync + Send>> {
        Ok(Raw(Some(raw)))
    }

    fn from_sql_null(_: &Type) -> Result<Self, Box<dyn StdError + Sync + Send>> {
        Ok(Raw(None))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

pub(super) fn value(row: &tokio_postgres::Row, idx: usize) -> DbResult<ValueRef<'_>> {
    let ty = row
        .columns()
        .get(idx)
        .ok_or_else(|| DbError::conversion(idx, "no such column"))?
        .type_()
        .clone();
    let Raw(raw) = row.try_get::<_, Raw>(idx)?;
    let Some(raw) = raw else {
        return Ok(ValueRef::Null);
    };
    decode(&ty, raw).map_err(|e| DbError::conversion(idx, e))
}

fn decode<'a>(ty: &Type, raw: &'a [u8]) -> Result<ValueRef<'a>, Box<dyn StdError + Sync + Send>> {
    Ok(match *ty {
        Type::BOOL => ValueRef::Integer(i64::from(bool::from_sql(ty, raw)?)),
        Type::INT2 => ValueRef::Integer(i64::from(i16::from_sql(ty, raw)?)),
        Type::INT4 => ValueRef::Integer(i64::from(i32::from_sql(ty, raw)?)),
        Type::INT8 => ValueRef::Integer(i64::from_sql(ty, raw)?),
        Type::FLOAT4 => ValueRef::Real(f64::from(f32::from_sql(ty, raw)?)),
        Type::FLOAT8 => ValueRef::Real(f64::from_sql(ty, raw)?),
        Type::NUMERIC => numeric(raw)?,
        Type::BYTEA => ValueRef::Blob(raw),
        _ if is_text(ty) => ValueRef::Text(std::str::from_utf8(raw)?),
        _ => return Err(format!("columns of type {ty} are not read by nfdeck").into()),
    })
}

/// A NUMERIC (what `sum` over BIGINT returns): an integer when it has no fraction, else a real.
fn numeric(raw: &[u8]) -> Result<ValueRef<'static>, Box<dyn StdError + Sync + Send>> {
    let word = |i: usize| -> Result<i16, Box<dyn StdError + Sync + Send>> {
        let b = raw.get(i * 2..i * 2 + 2).ok_or("short numeric")?;
        Ok(i16::from_be_bytes([b[0], b[1]]))
    };
    let (ndigits, weight, sign, dscale) = (word(0)?, word(1)?, word(2)? as u16, word(3)?);
    if sign == 0xC000 {
        return Err("NaN is not a number nfdeck stores".into());
    }
    let mut value = 0f64;
    let mut integer: Option<i64> = Some(0);
    for i in 0..ndigits as usize {
        let digit = word(4 + i)?;
        let power = i32::from(weight) - i as i32;
        value += f64::from(digit) * 10_000f64.powi(power);
        integer = match (integer, power >= 0) {
            (Some(n), true) => 10_000i64
                .checked_pow(power as u32)
                .and_then(|p| p.checked_mul(i64::from(digit)))
                .and_then(|d| n.checked_add(d)),
            (n, false) if digit == 0 => n,
            _ => None,
        };
    }
    let negative = sign == 0x4000;
    Ok(match integer {
        Some(n) if dscale == 0 || ndigits == 0 || i32::from(weight) + 1 >= ndigits as i32 => {
            ValueRef::Integer(if negative { -n } else { n })
        }
        _ => ValueRef::Real(if negative { -value } else { value }),
    })
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn statements_are_translated_to_postgres() {
        assert_eq!(
            translate("SELECT a FROM t WHERE b = ?1 AND c LIKE ?2 ESCAPE '\\' AND d = '?'"),
            "SELECT a FROM t WHERE b = $1 AND c ILIKE $2 ESCAPE '\\' AND d = '?'"
        );
        assert_eq!(
            translate("INSERT OR IGNORE INTO x (a, b) VALUES (?1, ?2)"),
            "INSERT INTO x (a, b) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        );
        assert_eq!(
            translate("SELECT u.value FROM rarray(?2) u CROSS JOIN m ON m.id = u.value"),
            "SELECT u.value FROM unnest($2::bigint[]) AS u(value) JOIN m ON m.id = u.value"
        );
        assert_eq!(translate("SELECT ? , ?"), "SELECT $1 , $2");
    }
}
