//! Group commit: the writes waiting for the writer run in one transaction, each in a savepoint
//! of its own, and are answered once that transaction is committed. A commit costs more than
//! a small write (its pages are written to the journal, the lock is taken and released), so
//! under many concurrent writers (Nextflow progress reports) the writer keeps up by committing
//! many at once. Every write still either happens completely and is durable before its caller
//! hears of it, or does not happen at all.

use super::{Actor, Ctx, Engine};
use crate::domain::{Error, Result};
use crate::engine::access_memo::AccessMemo;
use crate::engine::store;
use crate::engine::store::changes::Changed;
use crate::engine::store::db::TxKind;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Answers a write that succeeded, with the outcome of the commit that holds it.
pub type Deliver = Box<dyn FnOnce(Result<()>) + Send>;

/// A write: given its transaction (or why there is none), it makes its changes and returns how
/// to answer once they are committed, or answers its failure itself and returns None.
pub type Change = Box<dyn FnOnce(Result<&Ctx>) -> Option<Deliver> + Send>;

/// Runs `changes` in one transaction and answers each.
pub fn commit(engine: &mut Engine, changes: Vec<(Actor, Change, Changed)>) {
    let tx = match engine.conn.transaction(TxKind::Write) {
        Ok(tx) => tx,
        Err(e) => {
            // Busy (another program holds the lock past the timeout) or a fault: no write ran.
            let error = store::sql(e);
            for (_, change, _) in changes {
                let _ = catch_unwind(AssertUnwindSafe(|| change(Err(error.clone()))));
            }
            return;
        }
    };
    let mut answers: Vec<Deliver> = Vec::with_capacity(changes.len());
    // The group moves the `admin` count unless every write kept in it was run progress.
    let mut changed = Changed::RunProgress;
    let memo = AccessMemo::default();
    let mut savepoint = Savepoint::None;
    let mut changes = changes.into_iter();
    for (actor, change, kind) in changes.by_ref() {
        let cx = Ctx {
            conn: &engine.conn,
            actor: &actor,
            keys: &engine.keys,
            memo: (kind == Changed::RunProgress).then_some(&memo),
        };
        if let Some(answer) = in_savepoint(&cx, change, &mut savepoint) {
            answers.push(answer);
            if kind == Changed::Anything {
                changed = Changed::Anything;
            }
        }
        if kind == Changed::Anything {
            // It may have changed a workspace or a role: what the memo holds may be wrong.
            memo.forget();
        }
        if tx.lost() || savepoint == Savepoint::Broken {
            // A failed statement took the whole transaction with it (SQLite does that on
            // I/O errors and a full disk): the writes before it are gone too.
            break;
        }
    }
    let outcome = if savepoint == Savepoint::Broken {
        Err(Error::internal(
            "storage error: a failed write could not be undone, so none of its group was kept",
        ))
    } else if tx.lost() {
        Err(Error::internal(
            "storage error: the transaction was rolled back by the database",
        ))
    } else if answers.is_empty() {
        // Every write failed and was undone: nothing to commit, nothing changed.
        Ok(())
    } else {
        store::changes::bump(&engine.conn, changed).and_then(|()| tx.commit().map_err(store::sql))
    };
    for answer in answers {
        answer(outcome.clone());
    }
    // Writes after a lost transaction never ran; they fail the same way.
    let reason = outcome.err().unwrap_or_else(|| Error::internal("not run"));
    for (_, change, _) in changes {
        let _ = catch_unwind(AssertUnwindSafe(|| change(Err(reason.clone()))));
    }
}

/// Whether the last write's savepoint is still open: a write that succeeded leaves it open,
/// and it is released together with the next write's `SAVEPOINT` (or by the commit), one
/// round trip to the database instead of two. PostgreSQL is a network hop away, and a group
/// of progress reports is mostly these statements.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Savepoint {
    None,
    Open,
    /// A failed write could not be rolled back to its savepoint: the group must not commit.
    Broken,
}

/// Runs one write inside a savepoint: kept when it succeeds, undone when it fails or panics
/// (a panic drops its reply, and its caller sees the call fail).
fn in_savepoint(cx: &Ctx, change: Change, savepoint: &mut Savepoint) -> Option<Deliver> {
    let begin = match *savepoint {
        Savepoint::Open => "RELEASE write; SAVEPOINT write",
        Savepoint::None | Savepoint::Broken => "SAVEPOINT write",
    };
    *savepoint = Savepoint::None;
    if let Err(e) = cx.conn.execute_batch(begin) {
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
    if cx
        .conn
        .execute_batch("ROLLBACK TO write; RELEASE write")
        .is_err()
    {
        *savepoint = Savepoint::Broken;
    }
    None
}
