//! One PostgreSQL connection, driven on the thread that uses it (the engine is synchronous).
//!
//! The `postgres` crate does the same, but sends one request and waits for its answer before
//! the next. On a server whose reads are a handful of short statements the round trips are
//! the cost (each wakes a PostgreSQL backend and then this thread: about 0.5 ms on a busy
//! 2-core machine, several at the tail), so this client can do two things it cannot:
//! - send a transaction's `BEGIN` together with its first statement, answered in one round
//!   trip (`begin` in every call);
//! - send a read's `ROLLBACK` without waiting for the answer (`send_unanswered`): the server
//!   ends the transaction as soon as it reads it, and the answer is read at the next use.
//!
//! Requests are tokio-postgres's, which pipelines whatever is queued on one connection.

use futures::future::join;
use std::future::{Future, poll_fn};
use std::pin::{Pin, pin};
use std::task::{Context, Poll};
use tokio::runtime::Runtime;
use tokio_postgres::tls::NoTlsStream;
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{
    Client, Config, Connection, Error, NoTls, Row, SimpleQueryMessage, Socket, Statement,
};

type PgParam<'a> = &'a (dyn ToSql + Sync);

/// The connection task: the socket, and the requests waiting for their answers.
type PgConnection = Connection<Socket, NoTlsStream>;

/// A client and the connection task behind it, both run on this thread's own small runtime
/// whenever a call waits for an answer.
pub(super) struct PgClient {
    runtime: Runtime,
    client: Client,
    /// `None` once the connection ended (closed or failed); every request fails from then on.
    connection: Option<Pin<Box<PgConnection>>>,
    /// Calls that waited for an answer, for tests that count what a read or a write costs.
    round_trips: u64,
}

impl PgClient {
    /// Connects, or gives the reason it could not (the server's message when it answered).
    pub fn connect(config: &Config) -> Result<Self, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the connection's runtime: {e}"))?;
        let (client, connection) = runtime
            .block_on(config.connect(NoTls))
            .map_err(|e| connect_reason(&e))?;
        Ok(Self {
            runtime,
            client,
            connection: Some(Box::pin(connection)),
            round_trips: 0,
        })
    }

    pub fn is_closed(&self) -> bool {
        self.connection.is_none() || self.client.is_closed()
    }

    pub fn round_trips(&self) -> u64 {
        self.round_trips
    }

    pub fn prepare(&mut self, begin: Option<&str>, text: &str) -> Result<Statement, Error> {
        self.answer(begin, |c| c.prepare(text))
    }

    pub fn prepare_typed(
        &mut self,
        begin: Option<&str>,
        text: &str,
        types: &[Type],
    ) -> Result<Statement, Error> {
        self.answer(begin, |c| c.prepare_typed(text, types))
    }

    pub fn batch_execute(&mut self, begin: Option<&str>, sql: &str) -> Result<(), Error> {
        self.answer(begin, |c| c.batch_execute(sql))
    }

    /// Runs `sql` (one statement or several) by the simple protocol; the columns of the last
    /// row any of them returned, as text (empty if none returned a row).
    pub fn last_row(
        &mut self,
        begin: Option<&str>,
        sql: &str,
    ) -> Result<Vec<Option<String>>, Error> {
        let messages = self.answer(begin, |c| c.simple_query(sql))?;
        let last_row = messages.iter().rev().find_map(|m| match m {
            SimpleQueryMessage::Row(row) => Some(row),
            _ => None,
        });
        Ok(last_row
            .map(|row| {
                (0..row.len())
                    .map(|i| row.get(i).map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default())
    }

    pub fn execute(
        &mut self,
        begin: Option<&str>,
        statement: &Statement,
        params: &[PgParam],
    ) -> Result<u64, Error> {
        self.answer(begin, |c| c.execute(statement, params))
    }

    pub fn query(
        &mut self,
        begin: Option<&str>,
        statement: &Statement,
        params: &[PgParam],
    ) -> Result<Vec<Row>, Error> {
        self.answer(begin, |c| c.query(statement, params))
    }

    /// Sends `sql` and returns once it is written to the server, without its answer (read
    /// and dropped at the next call). For a read's `ROLLBACK`, which cannot fail in a way
    /// anyone could act on.
    pub fn send_unanswered(&mut self, sql: &str) {
        let Self {
            runtime,
            client,
            connection,
            ..
        } = self;
        let mut request = pin!(client.batch_execute(sql));
        runtime.block_on(poll_fn(|cx| {
            // The first poll queues the request; polling the connection then writes it.
            let _ = request.as_mut().poll(cx);
            poll_connection(connection, cx);
            Poll::Ready(())
        }));
    }

    /// Waits for `request`'s answer, with `begin` sent first in the same round trip.
    fn answer<'a, T, F>(
        &'a mut self,
        begin: Option<&'a str>,
        request: impl FnOnce(&'a Client) -> F,
    ) -> Result<T, Error>
    where
        F: Future<Output = Result<T, Error>> + 'a,
    {
        let Self {
            runtime,
            client,
            connection,
            round_trips,
        } = self;
        *round_trips += 1;
        let client: &'a Client = client;
        let request = request(client);
        let with_begin = async move {
            match begin {
                None => request.await,
                Some(begin) => {
                    // `join` polls in order: BEGIN is queued first, then the request.
                    let (began, answer) = join(client.batch_execute(begin), request).await;
                    began?;
                    answer
                }
            }
        };
        drive(runtime, connection, with_begin)
    }
}

/// Runs `request` to its end while driving the connection (which writes what the request
/// queues and hands it the server's answers). A connection that ends is dropped, which fails
/// the requests still waiting on it.
fn drive<T>(
    runtime: &Runtime,
    connection: &mut Option<Pin<Box<PgConnection>>>,
    request: impl Future<Output = Result<T, Error>>,
) -> Result<T, Error> {
    let mut request = pin!(request);
    runtime.block_on(poll_fn(|cx| {
        poll_connection(connection, cx);
        request.as_mut().poll(cx)
    }))
}

/// Lets the connection write what is queued and read what arrived; drops it once it ended.
fn poll_connection(connection: &mut Option<Pin<Box<PgConnection>>>, cx: &mut Context<'_>) {
    if let Some(open) = connection.as_mut()
        && let Poll::Ready(ended) = open.as_mut().poll(cx)
    {
        if let Err(e) = ended {
            tracing::debug!("the PostgreSQL connection failed: {e}");
        }
        *connection = None;
    }
}

impl PgClient {
    /// Says goodbye to the server (the connection sends `Terminate` once its client is gone)
    /// rather than leaving it to notice a closed socket; waits at most a second.
    pub fn close(self) {
        let PgClient {
            runtime,
            client,
            connection,
            ..
        } = self;
        drop(client);
        if let Some(connection) = connection {
            let timeout = std::time::Duration::from_secs(1);
            // The timer is made inside the runtime, which it needs.
            let _ = runtime.block_on(async { tokio::time::timeout(timeout, connection).await });
        }
    }
}

/// The server's own message when it answered (bad password, no such database), else the
/// socket's (refused, timed out).
fn connect_reason(e: &Error) -> String {
    use std::error::Error as _;
    if let Some(db) = e.as_db_error() {
        return db.message().to_string();
    }
    match e.source() {
        Some(source) => source.to_string(),
        None => e.to_string(),
    }
}
