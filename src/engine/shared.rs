//! An engine shared between async tasks: one writer and, for a server, a pool of readers.
//!
//! The writer lives on a thread of its own and runs the calls sent to it one after another, so
//! async threads (and the thread that draws) never wait on a write. Writes queued while it is
//! busy are committed together (see `group`): one transaction, each write in its own savepoint,
//! each caller answered only once that transaction is committed.
//!
//! One thread that owns the writer, rather than a lock taken from tokio's blocking pool: under
//! concurrent requests every call there woke a pool thread that then slept on the lock and was
//! woken again by the previous holder, and that hand-off cost the server more than its SQL.
//!
//! Readers (`with_readers`) are further connections to the same database, opened by the caller
//! (for SQLite: the same file, read-only, which WAL lets read while the writer writes). A read
//! takes an idle reader and runs right where it is awaited: a server's read is as short as the
//! JSON encoding of its answer, and sending it to another thread cost two thread wake-ups per
//! request, more than the read itself. A read begins its snapshot after every write that was
//! answered before it started, so a client reads what it (or anyone) was told was written.
//! PostgreSQL's readers block on the network: there a read runs in `block_in_place`, and the
//! readers open at once are capped (`with_blocking_readers`).

mod group;

use super::progress_reports::{ProgressReport, Reporter};
use super::store::changes::Changed;
use super::{Actor, Ctx, Engine};
use crate::domain::{Error, Result};
use group::{Change, Deliver, Queued};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

/// A call for the writer thread; it sends its own result back.
enum Job {
    /// Exclusive use of the writer, between groups of writes.
    Run(Box<dyn FnOnce(&mut Engine) + Send>),
    /// A write, committed with the other writes waiting at the time.
    Write(Queued),
}

/// Opens one more reader on the writer's database.
type Opener = Box<dyn Fn() -> Result<Engine> + Send + Sync>;

#[derive(Clone)]
pub struct SharedEngine {
    worker: Arc<Worker>,
    readers: Option<Arc<Readers>>,
    label: Arc<str>,
}

/// The writer thread and the queue into it. Dropping the last handle closes the queue and
/// waits for the thread, which closes the database cleanly (checkpointing its journal).
struct Worker {
    jobs: Option<Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.jobs.take();
        if let Some(thread) = self.thread.take() {
            // A call that held the last handle ends on the writer thread itself, which must
            // not wait for itself; the thread ends on its own once that call returns.
            if thread.thread().id() != std::thread::current().id() {
                let _ = thread.join();
            }
        }
    }
}

/// Read connections. On SQLite a read runs on the thread that awaits it, so there are never
/// more readers than such threads and the pool needs no cap. On PostgreSQL a read blocks in
/// `block_in_place`, which frees its worker to start another read: a burst of requests then
/// opened a connection each (120 under the trace-load benchmark), and PostgreSQL's
/// connections are processes. There at most `limit` are open; a read beyond waits for one.
struct Readers {
    pool: Mutex<Pool>,
    returned: Condvar,
    open: Opener,
    limit: Option<usize>,
}

#[derive(Default)]
struct Pool {
    idle: Vec<Engine>,
    /// Readers open, idle or in use.
    open: usize,
}

impl Readers {
    fn with<T>(&self, f: impl FnOnce(&Engine) -> Result<T>) -> Result<T> {
        blocking(self.limit.is_some(), || {
            let engine = self.take()?;
            // A panicking read rolled its transaction back while unwinding, so the reader is
            // still clean; its caller sees the call fail.
            let outcome = catch_unwind(AssertUnwindSafe(|| f(&engine)));
            self.give_back(Some(engine));
            outcome.map_err(|_| panicked())?
        })
    }

    /// An idle reader, a new one while under the limit, or the next one given back.
    fn take(&self) -> Result<Engine> {
        let mut pool = self.pool.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(engine) = pool.idle.pop() {
                return Ok(engine);
            }
            if self.limit.is_none_or(|limit| pool.open < limit) {
                pool.open += 1;
                break;
            }
            pool = self.returned.wait(pool).unwrap_or_else(|e| e.into_inner());
        }
        drop(pool);
        (self.open)().inspect_err(|_| self.give_back(None))
    }

    /// Puts a reader back (`None`: one failed to open, its place is free again).
    fn give_back(&self, engine: Option<Engine>) {
        let mut pool = self.pool.lock().unwrap_or_else(|e| e.into_inner());
        match engine {
            Some(engine) => pool.idle.push(engine),
            None => pool.open -= 1,
        }
        self.returned.notify_one();
    }
}

/// A read on PostgreSQL waits on the network at every statement (and may wait for a reader):
/// on a worker of a multi-threaded runtime (a server) the whole read runs in one
/// `block_in_place`, so the worker's other tasks move to another thread once per read rather
/// than once per statement (see `off_runtime` in `store::db::pg`). A SQLite read is shorter
/// than that hand-off and runs as it is.
fn blocking<T>(may_block: bool, f: impl FnOnce() -> T) -> T {
    let multi_threaded = tokio::runtime::Handle::try_current()
        .is_ok_and(|h| h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread);
    if may_block && multi_threaded {
        tokio::task::block_in_place(f)
    } else {
        f()
    }
}

fn panicked() -> Error {
    Error::internal("engine task failed: it panicked")
}

impl SharedEngine {
    /// An engine whose every call, reads included, runs on its writer thread.
    pub fn new(engine: Engine) -> Self {
        let label = match engine.path() {
            Some(path) => format!("embedded: {}", path.display()),
            None => "embedded: in memory".to_string(),
        };
        let (jobs, queue) = channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("nfdeck-engine".into())
            .spawn(move || serve_jobs(engine, queue))
            .expect("start the engine thread");
        Self {
            worker: Arc::new(Worker {
                jobs: Some(jobs),
                thread: Some(thread),
            }),
            readers: None,
            label: label.into(),
        }
    }

    /// The same writer, with reads run on readers that `open` opens as they are needed (one
    /// per read running at the same time). `open` must give connections to the writer's
    /// database that see its commits, e.g. `Engine::open_reader` on the same file.
    pub fn with_readers(self, open: impl Fn() -> Result<Engine> + Send + Sync + 'static) -> Self {
        self.readers(open, None)
    }

    /// `with_readers` for readers whose reads block on the network (PostgreSQL): each read
    /// runs where a server's thread may block, and at most `limit` readers are open.
    pub fn with_blocking_readers(
        self,
        limit: usize,
        open: impl Fn() -> Result<Engine> + Send + Sync + 'static,
    ) -> Self {
        self.readers(open, Some(limit.max(1)))
    }

    fn readers(
        self,
        open: impl Fn() -> Result<Engine> + Send + Sync + 'static,
        limit: Option<usize>,
    ) -> Self {
        Self {
            readers: Some(Arc::new(Readers {
                pool: Mutex::new(Pool::default()),
                returned: Condvar::new(),
                open: Box::new(open),
                limit,
            })),
            ..self
        }
    }

    /// Opens blocking readers (PostgreSQL's) up to their limit now, so that no request waits
    /// while one is opened: a new PostgreSQL connection starts a server process, which then
    /// fills its caches on its first statements; opened on demand, that put tens of
    /// milliseconds on the reads' p99 (`benches/trace_load`). Fails if one cannot be opened.
    pub fn open_readers(&self) -> Result<()> {
        let Some(readers) = &self.readers else {
            return Ok(());
        };
        let Some(limit) = readers.limit else {
            return Ok(());
        };
        blocking(true, || {
            let opened = (0..limit)
                .map(|_| readers.take())
                .collect::<Vec<Result<Engine>>>();
            let mut failed = Ok(());
            for engine in opened {
                match engine {
                    Ok(engine) => readers.give_back(Some(engine)),
                    Err(e) => failed = Err(e),
                }
            }
            failed
        })
    }

    /// "embedded: /path/to/file.db".
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Runs `f` with exclusive access to the writer, on the writer's thread.
    pub async fn run<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Engine) -> Result<T> + Send + 'static,
    {
        let (reply, result) = tokio::sync::oneshot::channel();
        self.send(Job::Run(Box::new(move |engine| {
            let _ = reply.send(f(engine));
        })))?;
        result.await.map_err(|_| panicked())?
    }

    /// Runs `f` on a reader, or on the writer's thread when there are no readers. For lookups
    /// outside a transaction (a token's user).
    pub async fn lookup<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Engine) -> Result<T> + Send + 'static,
    {
        match &self.readers {
            Some(readers) => readers.with(f),
            None => self.run(move |engine| f(engine)).await,
        }
    }

    /// The database's change counter (`Engine::change_count`), read on a reader if there is
    /// one, so polling it never queues behind writes.
    pub async fn change_count(&self) -> Result<u64> {
        self.lookup(|engine| engine.change_count()).await
    }

    /// Runs read-only work as `actor`, in one snapshot taken when it starts.
    pub async fn read<T, F>(&self, actor: Actor, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx) -> Result<T> + Send + 'static,
    {
        self.lookup(move |engine| engine.read(&actor, f)).await
    }

    /// Runs changes as `actor` in one transaction, which is committed before this returns
    /// (with the other writes that were waiting, if any; a failing write changes nothing and
    /// does not affect them).
    pub async fn write<T, F>(&self, actor: Actor, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx) -> Result<T> + Send + 'static,
    {
        self.write_changing(actor, Changed::Anything, f).await
    }

    /// `write` for a change that records runs' progress and nothing else (Nextflow's progress
    /// and heartbeat reports): it leaves the `admin` change count as it is, so answers about
    /// people stay kept while pipelines report. Anything else must use `write`.
    pub async fn write_run_progress<T, F>(&self, actor: Actor, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx) -> Result<T> + Send + 'static,
    {
        self.write_changing(actor, Changed::RunProgress, f).await
    }

    async fn write_changing<T, F>(&self, actor: Actor, changed: Changed, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx) -> Result<T> + Send + 'static,
    {
        let (reply, result) = tokio::sync::oneshot::channel();
        let change: Change = Box::new(move |cx| {
            let outcome = cx.and_then(f);
            match outcome {
                Ok(value) => Some(Box::new(move |committed: Result<()>| {
                    let _ = reply.send(committed.map(|()| value));
                }) as Deliver),
                Err(e) => {
                    let _ = reply.send(Err(e));
                    None
                }
            }
        });
        self.send(Job::Write(Queued::Change(actor, change, changed)))?;
        result.await.map_err(|_| panicked())?
    }

    /// Records a Nextflow progress report from `reporter`, with the reports waiting beside it
    /// (see `progress_reports`); returns once it is committed. It changes runs' progress and
    /// nothing else, like `write_run_progress`.
    pub async fn report_progress(
        &self,
        reporter: Reporter,
        report: ProgressReport<'static>,
    ) -> Result<()> {
        let (reply, result) = tokio::sync::oneshot::channel();
        self.send(Job::Write(Queued::Report(reporter, report, reply)))?;
        result.await.map_err(|_| panicked())?
    }

    fn send(&self, job: Job) -> Result<()> {
        let stopped = || Error::internal("the engine has stopped");
        self.worker
            .jobs
            .as_ref()
            .ok_or_else(stopped)?
            .send(job)
            .map_err(|_| stopped())
    }
}

/// The most writes committed together: enough to absorb a burst, few enough that the first
/// of them is not kept waiting long for the last.
const MAX_GROUP: usize = 128;

/// The writer thread: runs calls in order; consecutive writes that are already queued go
/// into one group commit (nothing waits for more to arrive).
fn serve_jobs(mut engine: Engine, queue: Receiver<Job>) {
    let mut next = None;
    let mut carried = None;
    loop {
        let job = match next.take() {
            Some(job) => job,
            None => match queue.recv() {
                Ok(job) => job,
                Err(_) => return,
            },
        };
        match job {
            Job::Run(call) => {
                // A panicking call rolled its transaction back while unwinding, so the engine
                // is still consistent; its caller sees the call fail.
                let _ = catch_unwind(AssertUnwindSafe(|| call(&mut engine)));
            }
            Job::Write(first) => {
                let mut changes = vec![first];
                while changes.len() < MAX_GROUP {
                    match queue.try_recv() {
                        Ok(Job::Write(write)) => changes.push(write),
                        Ok(other) => {
                            next = Some(other);
                            break;
                        }
                        Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
                    }
                }
                group::commit(&mut engine, changes, &mut carried);
            }
        }
    }
}

#[cfg(test)]
mod tests;
