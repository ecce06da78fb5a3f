//! A PostgreSQL write's COMMIT, and what it is told when the connection is lost before the
//! answer: the client cannot know then whether the server committed, so it asks the server,
//! on a new connection, what became of the transaction (`txid_status`).

use super::pg::PgConn;
use super::{DbError, DbResult, Value};
use std::time::{Duration, Instant};

/// How long a commit whose answer was lost waits to learn from the server whether it happened
/// (reconnecting, and ending its abandoned session if the server still runs it).
const OUTCOME_WAIT: Duration = Duration::from_secs(10);

impl PgConn {
    /// Commits the write transaction; it is over whatever the outcome. A connection lost
    /// before COMMIT's answer arrived leaves unknown whether the commit happened, and "nothing
    /// was changed" could then be a lie (an admin would retry a create that was saved and be
    /// told it exists). The transaction's fate is asked of the server on a new connection.
    pub(super) fn commit(&self) -> DbResult<()> {
        let xid = self.take_write_xid();
        let committed = self.batch_execute("COMMIT");
        self.ended();
        match (committed, xid) {
            (Err(DbError::Disconnected(lost)), Some(xid)) => self.outcome_of(xid, lost),
            (committed, _) => committed,
        }
    }

    /// Whether transaction `xid`, whose COMMIT's answer was lost with the connection, was
    /// committed: `Ok` if it was, `Disconnected` (nothing was changed) if it was not. A
    /// transaction still in progress belongs to a connection the server has not yet seen
    /// closed (a network cut); it would hold the write lock until the server noticed, so it
    /// is ended here. `CommitUnknown` when the server cannot tell within `OUTCOME_WAIT`.
    fn outcome_of(&self, xid: i64, lost: String) -> DbResult<()> {
        let deadline = Instant::now() + OUTCOME_WAIT;
        let mut last_problem = lost.clone();
        loop {
            match self.transaction_status(xid) {
                Ok(Some(status)) if status == "committed" => return Ok(()),
                Ok(Some(status)) if status == "aborted" => return Err(DbError::Disconnected(lost)),
                Ok(Some(_in_progress)) => {
                    if let Err(e) = self.end_abandoned(xid) {
                        last_problem = e.to_string();
                    }
                }
                Ok(None) => last_problem = format!("the server no longer knows transaction {xid}"),
                Err(e) => last_problem = e.to_string(),
            }
            if Instant::now() >= deadline {
                return Err(DbError::CommitUnknown(format!(
                    "{lost}; whether the change was saved could not be learned: {last_problem}"
                )));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// `committed`, `aborted` or `in progress`; `None` for a transaction too old to be known.
    fn transaction_status(&self, xid: i64) -> DbResult<Option<String>> {
        // Outside any transaction now: the query reopens the connection first.
        let sql = "SELECT txid_status(?1)";
        self.query_row(sql, &[Value::Integer(xid)], |r| r.get(0))
    }

    /// Ends the server process still running transaction `xid` (its connection is lost to
    /// us); PostgreSQL lets a user end its own sessions.
    fn end_abandoned(&self, xid: i64) -> DbResult<()> {
        // `backend_xid` is the 32-bit id; `txid_current()` adds the epoch above it.
        let short = (xid & 0xFFFF_FFFF).to_string();
        let sql = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE backend_xid::text = ?1 AND pid <> pg_backend_pid()";
        self.query_map(sql, &[Value::Text(&short)], |_| Ok(()))
            .map(drop)
    }
}
