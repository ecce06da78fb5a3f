//! The change counter: one row, bumped by every committed write transaction (in that
//! transaction, so a reader never sees the data without the count or the reverse). Screens
//! poll it to learn cheaply whether anything changed; `serve` builds ETags from it. A row
//! rather than SQLite's `data_version`, so it means the same on PostgreSQL and counts this
//! connection's own writes too. A second count, `admin`, leaves out writes that only
//! recorded runs' progress (`Changed::RunProgress`), for answers that cannot depend on them.

use super::db::{Db, DbResult, Row};
use super::{query_row, sql};
use crate::domain::Result;

/// What a committed write transaction changed, for the counts it moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Changed {
    /// Only runs' progress as Nextflow reports it: a run's counters, usage, cost and status,
    /// its tasks, and what triggers derive from those (run counts, spend).
    RunProgress,
    /// Anything else (or not known to be only the above).
    Anything,
}

/// Counts one more write; call last, just before the commit (on PostgreSQL the row stays
/// locked until then, and writers already take turns on the write lock).
pub fn bump(conn: &Db, changed: Changed) -> Result<()> {
    let statement = match changed {
        Changed::RunProgress => "UPDATE change_counter SET n = n + 1 WHERE id = 1",
        Changed::Anything => "UPDATE change_counter SET n = n + 1, admin = admin + 1 WHERE id = 1",
    };
    conn.execute(statement, []).map_err(sql)?;
    Ok(())
}

/// The number of write transactions committed so far.
pub fn count(conn: &Db) -> Result<u64> {
    counts(conn).map(|c| c.all)
}

/// Both counts, read together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counts {
    /// Every committed write transaction.
    pub all: u64,
    /// Those that changed more than runs' progress (`Changed::Anything`).
    pub admin: u64,
}

pub fn counts(conn: &Db) -> Result<Counts> {
    query_row(
        conn,
        "SELECT n, admin FROM change_counter WHERE id = 1",
        [],
        |r| counts_at(r, 0),
    )
    .map_err(sql)
}

/// Reads the counter's `n, admin` from column `at` on.
pub(super) fn counts_at(r: &Row, at: usize) -> DbResult<Counts> {
    Ok(Counts {
        all: r.get::<i64>(at)?.max(0) as u64,
        admin: r.get::<i64>(at + 1)?.max(0) as u64,
    })
}
