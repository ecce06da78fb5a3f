//! The change counter: one row, bumped by every committed write transaction (in that
//! transaction, so a reader never sees the data without the count or the reverse). Screens
//! poll it to learn cheaply whether anything changed; `serve` builds ETags from it. A row
//! rather than SQLite's `data_version`, so it means the same on PostgreSQL and counts this
//! connection's own writes too. A second count, `admin`, leaves out writes that only
//! recorded runs' progress (`Changed::RunProgress`), for answers that cannot depend on them.
//! Those writes move a third count instead, one per workspace whose runs they recorded
//! (`workspace_progress`): a page of one workspace's runs depends on `admin` and that count
//! only, so its answer stays kept while pipelines report into other workspaces.

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

/// Counts a write beyond runs' progress in `admin`; call last, just before the commit (`n`
/// was counted as the transaction began: `COUNT_THIS_WRITE`). On PostgreSQL it goes to the
/// server with the COMMIT, in its round trip.
pub fn bump(conn: &Db, changed: Changed) -> Result<()> {
    if changed == Changed::Anything {
        conn.send_with_next("UPDATE change_counter SET admin = admin + 1 WHERE id = 1")
            .map_err(sql)?;
    }
    Ok(())
}

/// What every write transaction runs as it begins (`Db::transaction`), after taking the write
/// lock: it counts itself in `n`. Like any change, the count is undone if the transaction
/// rolls back. Holding the counter's row from the start delays no one: writers take turns on
/// the write lock, and readers never lock it.
pub const COUNT_THIS_WRITE: &str = "UPDATE change_counter SET n = n + 1 WHERE id = 1";

/// `COUNT_THIS_WRITE` on PostgreSQL, which also returns the transaction's id and the `admin`
/// count, in its BEGIN's round trip: a write waits for the server a handful of times, and two
/// of those were reading the counts and counting itself. Always one row, even without the
/// counter's (then the count is null).
pub const PG_WRITE_START: &str = "WITH c AS (UPDATE change_counter SET n = n + 1 WHERE id = 1 \
     RETURNING admin) SELECT txid_current(), (SELECT admin FROM c)";

/// The `admin` count as this write transaction found it; call before its first change. On
/// PostgreSQL it came with the transaction's BEGIN (`PG_WRITE_START`).
pub fn admin_at_write_start(conn: &Db) -> Result<u64> {
    match conn.admin_at_write_start() {
        Some(admin) => Ok(admin.max(0) as u64),
        None => counts(conn).map(|c| c.admin),
    }
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

/// Counts one more progress write in each of `workspaces` (whose runs a progress report
/// recorded), in the transaction that recorded them. PostgreSQL does the same inside its one
/// statement for a group's reports (`task_reports::pg_batch`).
pub fn workspace_progress(conn: &Db, workspaces: impl IntoIterator<Item = i64>) -> Result<()> {
    conn.execute(
        &format!("{WORKSPACE_PROGRESS} FROM rarray(?1) w WHERE true {WORKSPACE_PROGRESS_CONFLICT}"),
        [super::id_array(workspaces)],
    )
    .map_err(sql)?;
    Ok(())
}

/// `workspace_progress`'s statement around the ids' source: `INSERT ... SELECT w.value, 1`,
/// then the source, then the conflict clause. (`WHERE true` in between keeps SQLite from
/// reading `ON CONFLICT` as part of a join.)
pub(super) const WORKSPACE_PROGRESS: &str =
    "INSERT INTO workspace_progress (workspace_id, n) SELECT w.value, 1";
pub(super) const WORKSPACE_PROGRESS_CONFLICT: &str =
    "ON CONFLICT (workspace_id) DO UPDATE SET n = workspace_progress.n + 1";
