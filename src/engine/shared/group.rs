//! Group commit: the writes waiting for the writer run in one transaction, each in a savepoint
//! of its own, and are answered once that transaction is committed. A commit costs more than
//! a small write (its pages are written to the journal, the lock is taken and released), so
//! under many concurrent writers (Nextflow progress reports) the writer keeps up by committing
//! many at once. Every write still either happens completely and is durable before its caller
//! hears of it, or does not happen at all.
//!
//! Nextflow's progress reports waiting side by side are recorded together, in one savepoint
//! (`progress_reports`): on PostgreSQL their runs are read in one statement and written in
//! one, where each report on its own took three round trips to the database.

use super::{Actor, Ctx, Engine};
use crate::domain::{Error, Result};
use crate::engine::access_memo::AccessMemo;
use crate::engine::progress_reports::{ProgressReport, Recorder, Reporter};
use crate::engine::store;
use crate::engine::store::changes::Changed;
use crate::engine::store::db::{Tx, TxKind};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

/// Answers a write that succeeded, with the outcome of the commit that holds it.
pub type Deliver = Box<dyn FnOnce(Result<()>) + Send>;

/// A write: given its transaction (or why there is none), it makes its changes and returns how
/// to answer once they are committed, or answers its failure itself and returns None.
pub type Change = Box<dyn FnOnce(Result<&Ctx>) -> Option<Deliver> + Send>;

/// Where a progress report's outcome goes: `Ok` once it is committed.
pub type Reply = tokio::sync::oneshot::Sender<Result<()>>;

/// A write waiting for the writer.
pub enum Queued {
    /// Changes as an actor; what they may change decides which change counts move
    /// (`store::changes::Changed`).
    Change(Actor, Change, Changed),
    /// A Nextflow progress report, recorded with the reports queued beside it.
    Report(Reporter, ProgressReport<'static>, Reply),
}

impl Queued {
    /// Answers a write that will not run.
    fn refuse(self, error: &Error) {
        match self {
            Queued::Change(_, change, _) => {
                let _ = catch_unwind(AssertUnwindSafe(|| change(Err(error.clone()))));
            }
            Queued::Report(_, _, reply) => {
                let _ = reply.send(Err(error.clone()));
            }
        }
    }
}

/// What progress writes learnt about tokens, workspaces and roles (`AccessMemo`), carried from
/// one group to the next while nothing else was written: the `admin` change count, which
/// every other kind of write moves in its own transaction (whichever replica or program made
/// it), is read at the start of each group under the write lock, and the memo is kept only if
/// it has not moved. It is also dropped after `MEMO_LIFE`, so that a token's use is recorded
/// again (`TOKEN_USE_RESOLUTION`) and nothing is remembered for long.
pub struct Carried {
    admin: u64,
    since: Instant,
    memo: AccessMemo,
}

const MEMO_LIFE: Duration = Duration::from_secs(10);

/// Runs `queued` in one transaction and answers each. `carried` is what the previous group
/// left for this one, and what this one leaves for the next.
pub fn commit(engine: &mut Engine, queued: Vec<Queued>, carried: &mut Option<Carried>) {
    let engine = &*engine;
    let earlier = carried.take();
    let tx = match engine.conn.transaction(TxKind::Write) {
        Ok(tx) => tx,
        Err(e) => {
            // Busy (another program holds the lock past the timeout) or a fault: no write ran.
            let error = store::sql(e);
            queued.into_iter().for_each(|q| q.refuse(&error));
            return;
        }
    };
    let (admin, start) = match carry_over(&engine.conn, earlier, &queued) {
        Ok(found) => found,
        Err(error) => {
            // On PostgreSQL the failed read aborted the transaction: nothing may run in it.
            queued.into_iter().for_each(|q| q.refuse(&error));
            return;
        }
    };
    let mut group = Group::new(engine, start.memo);
    let mut queued = queued.into_iter();
    for item in queued.by_ref() {
        match item {
            Queued::Report(reporter, report, reply) => {
                group.reports.push((reporter, report, reply))
            }
            Queued::Change(actor, change, kind) => {
                group.record_reports();
                if !group.failed(&tx) {
                    group.run(actor, change, kind);
                }
            }
        }
        if group.failed(&tx) {
            break;
        }
    }
    if !group.failed(&tx) {
        group.record_reports();
    }
    let outcome = group.outcome(&tx);
    let outcome = outcome.and_then(|()| {
        if group.answers.is_empty() {
            // Every write failed and was undone: nothing to commit, nothing changed.
            return Ok(());
        }
        store::changes::bump(&engine.conn, group.changed)
            .and_then(|()| tx.commit().map_err(store::sql))
    });
    if let (Ok(()), Changed::RunProgress, Some(admin)) = (&outcome, group.changed, admin) {
        *carried = Some(Carried {
            admin,
            since: start.since,
            memo: group.memo,
        });
    }
    for answer in group.answers {
        answer(outcome.clone());
    }
    // Writes after a lost transaction never ran; they fail the same way.
    let reason = outcome.err().unwrap_or_else(|| Error::internal("not run"));
    for (reporter, report, reply) in group.reports {
        Queued::Report(reporter, report, reply).refuse(&reason);
    }
    queued.for_each(|q| q.refuse(&reason));
}

/// The memo this group starts with, and the `admin` count it is valid for (None when the
/// group has no progress writes, which are the only ones to use it).
fn carry_over(
    conn: &store::db::Db,
    earlier: Option<Carried>,
    queued: &[Queued],
) -> Result<(Option<u64>, Carried)> {
    let fresh = |admin| Carried {
        admin,
        since: Instant::now(),
        memo: AccessMemo::default(),
    };
    let uses_memo = queued.iter().any(|q| match q {
        Queued::Report(..) => true,
        Queued::Change(_, _, kind) => *kind == Changed::RunProgress,
    });
    if !uses_memo {
        return Ok((None, fresh(0)));
    }
    let admin = store::changes::admin_at_write_start(conn)?;
    let kept = earlier.filter(|c| c.admin == admin && c.since.elapsed() < MEMO_LIFE);
    Ok((Some(admin), kept.unwrap_or_else(|| fresh(admin))))
}

/// A group commit under way.
struct Group<'e> {
    engine: &'e Engine,
    answers: Vec<Deliver>,
    /// The group moves the `admin` count unless every write kept in it was run progress.
    changed: Changed,
    memo: AccessMemo,
    savepoint: Savepoint,
    /// Progress reports waiting to be recorded together.
    reports: Vec<(Reporter, ProgressReport<'static>, Reply)>,
}

impl<'e> Group<'e> {
    fn new(engine: &'e Engine, memo: AccessMemo) -> Self {
        Self {
            engine,
            answers: Vec::new(),
            changed: Changed::RunProgress,
            memo,
            savepoint: Savepoint::None,
            reports: Vec::new(),
        }
    }

    /// A failed statement took the whole transaction with it (SQLite does that on I/O errors
    /// and a full disk), or a failed write could not be undone: the writes before it are gone
    /// too.
    fn failed(&self, tx: &Tx) -> bool {
        tx.lost() || self.savepoint == Savepoint::Broken
    }

    fn outcome(&self, tx: &Tx) -> Result<()> {
        if self.savepoint == Savepoint::Broken {
            Err(Error::internal(
                "storage error: a failed write could not be undone, so none of its group was kept",
            ))
        } else if tx.lost() {
            Err(Error::internal(
                "storage error: the transaction was rolled back by the database",
            ))
        } else {
            Ok(())
        }
    }

    /// Runs one change in a savepoint of its own.
    fn run(&mut self, actor: Actor, change: Change, kind: Changed) {
        let cx = Ctx {
            conn: &self.engine.conn,
            actor: &actor,
            keys: &self.engine.keys,
            memo: (kind == Changed::RunProgress).then_some(&self.memo),
        };
        if let Some(answer) = in_savepoint(&cx, change, &mut self.savepoint) {
            self.answers.push(answer);
            if kind == Changed::Anything {
                self.changed = Changed::Anything;
            }
        }
        if kind == Changed::Anything {
            // It may have changed a workspace or a role: what the memo holds may be wrong.
            self.memo.forget();
        }
    }

    /// Records the waiting progress reports together in one savepoint: a report refused or
    /// failed is answered at once (`Recorder` undoes what it wrote), the others once the
    /// group is committed. If none was kept, or recording failed as a whole, the savepoint
    /// is rolled back.
    fn record_reports(&mut self) {
        if self.reports.is_empty() {
            return;
        }
        let batch = std::mem::take(&mut self.reports);
        let conn = &self.engine.conn;
        if let Err(e) = conn.send_with_next(self.savepoint.begin()) {
            // On PostgreSQL a failed statement aborts the transaction: nothing more may be
            // kept in it.
            self.savepoint = Savepoint::Broken;
            let error = store::sql(e);
            batch
                .into_iter()
                .for_each(|(a, r, reply)| Queued::Report(a, r, reply).refuse(&error));
            return;
        }
        self.savepoint = Savepoint::None;
        let mut reports = Vec::with_capacity(batch.len());
        let mut replies = Vec::with_capacity(batch.len());
        for (reporter, report, reply) in batch {
            reports.push((reporter, report));
            replies.push(reply);
        }
        let recorder = Recorder {
            conn,
            keys: &self.engine.keys,
            memo: Some(&self.memo),
        };
        let recorded = catch_unwind(AssertUnwindSafe(|| recorder.record(reports)))
            .unwrap_or_else(|_| Err(Error::internal("engine task failed: it panicked")));
        let mut kept = false;
        match recorded {
            Ok(outcomes) => {
                for (outcome, reply) in outcomes.into_iter().zip(replies) {
                    match outcome {
                        Ok(_) => {
                            kept = true;
                            self.answers.push(Box::new(move |committed| {
                                let _ = reply.send(committed);
                            }));
                        }
                        Err(e) => {
                            let _ = reply.send(Err(e));
                        }
                    }
                }
            }
            Err(e) => {
                for reply in replies {
                    let _ = reply.send(Err(e.clone()));
                }
            }
        }
        self.savepoint = match kept {
            true => Savepoint::Open,
            false => undo(conn),
        };
    }
}

/// Whether the last write's savepoint is still open: a write that succeeded leaves it open,
/// and it is released together with the next write's `SAVEPOINT` (or by the commit). Both go
/// to the database with the write's first statement (`Db::send_with_next`), with no round
/// trip of their own. PostgreSQL is a network hop away, and the writer holds the write lock
/// that every replica's writes wait for across each of its round trips.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Savepoint {
    None,
    Open,
    /// A failed write could not be rolled back to its savepoint: the group must not commit.
    Broken,
}

impl Savepoint {
    /// The statements that begin the next write's savepoint.
    fn begin(self) -> &'static str {
        match self {
            Savepoint::Open => "RELEASE write; SAVEPOINT write",
            Savepoint::None | Savepoint::Broken => "SAVEPOINT write",
        }
    }
}

/// Rolls the current write back to its savepoint.
fn undo(conn: &store::db::Db) -> Savepoint {
    match conn.execute_batch("ROLLBACK TO write; RELEASE write") {
        Ok(()) => Savepoint::None,
        Err(_) => Savepoint::Broken,
    }
}

/// Runs one write inside a savepoint: kept when it succeeds, undone when it fails or panics
/// (a panic drops its reply, and its caller sees the call fail).
fn in_savepoint(cx: &Ctx, change: Change, savepoint: &mut Savepoint) -> Option<Deliver> {
    let begin = savepoint.begin();
    *savepoint = Savepoint::None;
    if let Err(e) = cx.conn.send_with_next(begin) {
        // On PostgreSQL a failed statement aborts the transaction: nothing more may be kept
        // in it.
        *savepoint = Savepoint::Broken;
        let _ = catch_unwind(AssertUnwindSafe(|| change(Err(store::sql(e)))));
        return None;
    }
    let answer = catch_unwind(AssertUnwindSafe(|| change(Ok(cx))))
        .ok()
        .flatten();
    if answer.is_some() {
        *savepoint = Savepoint::Open;
        return answer;
    }
    *savepoint = undo(cx.conn);
    None
}
