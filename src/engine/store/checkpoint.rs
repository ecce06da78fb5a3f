//! SQLite's WAL checkpoints, mostly done on a thread and connection of their own beside
//! `serve`'s writer.
//!
//! The connection whose commit takes the WAL past 1,000 pages copies them back into the
//! database file inside that commit, and fsyncs the WAL and the file. Under Nextflow's load
//! that is the writer every few tenths of a second: measured, 15-23 ms added to a group commit
//! several times a second and once 208 ms, which every progress call queued behind it waited
//! for (trace load p99 99-181 ms in some runs, 20-30 ms in others).
//!
//! Here a PASSIVE checkpoint runs every `EVERY` beside the writer: it copies what no reader
//! still needs and waits for no one. It cannot do the whole job alone: the WAL starts again
//! from its beginning only when a transaction begins with every frame copied, which never
//! happens while the writer keeps appending (measured: 51 MB of WAL after 1,500 quick writes
//! with the writer's own checkpoints turned off). So the writer keeps its automatic
//! checkpoint, which then finds nearly everything copied and fsynced already: it copies only
//! the frames of the last few milliseconds, and the WAL starts again as before. A commit's
//! durability does not depend on checkpoints (it is in the WAL once committed).

use super::sql;
use crate::domain::{Error, Result};
use rusqlite::Connection;
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often the WAL is checkpointed. At a thousand progress calls a second the WAL grows by
/// a few hundred pages in this time, about what one automatic checkpoint copies.
const EVERY: Duration = Duration::from_millis(100);

/// The checkpointing thread; stops (after a last checkpoint) when dropped.
pub struct Checkpointer {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// Starts checkpointing `path` on a new thread with its own connection.
pub fn in_background(path: &Path) -> Result<Checkpointer> {
    let conn = Connection::open(path)
        .map_err(|e| Error::internal(format!("cannot open database {}: {e}", path.display())))?;
    // The first checkpoint shows at once whether this connection may checkpoint at all.
    checkpoint(&conn)?;
    let (stop, stopped) = mpsc::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("nfdeck-checkpoint".into())
        .spawn(move || {
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(EVERY) {
                if let Err(e) = checkpoint(&conn) {
                    tracing::warn!("WAL checkpoint failed (tried again shortly): {e}");
                }
            }
            let _ = checkpoint(&conn);
        })
        .map_err(|e| Error::internal(format!("cannot start the checkpoint thread: {e}")))?;
    Ok(Checkpointer {
        stop: Some(stop),
        thread: Some(thread),
    })
}

/// Copies every WAL frame no reader still needs into the database file, without waiting.
fn checkpoint(conn: &Connection) -> Result<()> {
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
        .map_err(sql)
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
