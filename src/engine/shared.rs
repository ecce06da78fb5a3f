//! An engine shared between async tasks. The engine lives on a thread of its own and runs the
//! calls sent to it one after another, so async threads (and the thread that draws) never wait
//! on SQLite. The embedded client and the HTTP server both use it.
//!
//! One thread that owns the engine, rather than a lock taken from tokio's blocking pool: under
//! concurrent requests every call there woke a pool thread that then slept on the lock and was
//! woken again by the previous holder, and that hand-off cost the server more than its SQL.

use super::{Actor, Ctx, Engine};
use crate::domain::{Error, Result};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::mpsc::{Sender, channel};
use std::thread::JoinHandle;

/// A call for the engine thread; it sends its own result back.
type Job = Box<dyn FnOnce(&mut Engine) + Send>;

#[derive(Clone)]
pub struct SharedEngine {
    worker: Arc<Worker>,
    label: Arc<str>,
}

/// The engine thread and the queue into it. Dropping the last handle closes the queue and
/// waits for the thread, which closes the database cleanly (checkpointing its journal).
struct Worker {
    jobs: Option<Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.jobs.take();
        if let Some(thread) = self.thread.take() {
            // A call that held the last handle ends on the engine thread itself, which must
            // not wait for itself; the thread ends on its own once that call returns.
            if thread.thread().id() != std::thread::current().id() {
                let _ = thread.join();
            }
        }
    }
}

impl SharedEngine {
    pub fn new(engine: Engine) -> Self {
        let label = match engine.path() {
            Some(path) => format!("embedded: {}", path.display()),
            None => "embedded: in memory".to_string(),
        };
        let (jobs, queue) = channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("nfdeck-engine".into())
            .spawn(move || {
                let mut engine = engine;
                for job in queue {
                    // A panicking call rolled its transaction back while unwinding, so the
                    // engine is still consistent; its caller sees the call fail.
                    let _ = catch_unwind(AssertUnwindSafe(|| job(&mut engine)));
                }
            })
            .expect("start the engine thread");
        Self {
            worker: Arc::new(Worker {
                jobs: Some(jobs),
                thread: Some(thread),
            }),
            label: label.into(),
        }
    }

    /// "embedded: /path/to/file.db".
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Runs `f` with exclusive access to the engine, on the engine's thread.
    pub async fn run<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Engine) -> Result<T> + Send + 'static,
    {
        let (reply, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |engine| {
            let _ = reply.send(f(engine));
        });
        let stopped = || Error::internal("the engine has stopped");
        self.worker
            .jobs
            .as_ref()
            .ok_or_else(stopped)?
            .send(job)
            .map_err(|_| stopped())?;
        result
            .await
            .map_err(|_| Error::internal("engine task failed: it panicked"))?
    }

    /// Runs read-only work as `actor`.
    pub async fn read<T, F>(&self, actor: Actor, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx) -> Result<T> + Send + 'static,
    {
        self.run(move |engine| engine.read(&actor, f)).await
    }

    /// Runs changes as `actor` in one transaction.
    pub async fn write<T, F>(&self, actor: Actor, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx) -> Result<T> + Send + 'static,
    {
        self.run(move |engine| engine.write(&actor, f)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_call_fails_and_the_engine_keeps_serving() {
        let shared = SharedEngine::new(Engine::open_in_memory().unwrap());
        let failed = shared
            .run(|_| -> Result<()> { panic!("a bug in a call") })
            .await
            .unwrap_err();
        assert!(failed.to_string().contains("panicked"), "{failed}");
        let label = shared.run(|e| Ok(e.path().is_none())).await.unwrap();
        assert!(label, "the engine still answers after a panic");
    }

    #[tokio::test]
    async fn calls_from_many_tasks_all_get_their_own_answer() {
        let shared = SharedEngine::new(Engine::open_in_memory().unwrap());
        let calls = (0..64).map(|i| {
            let shared = shared.clone();
            tokio::spawn(async move { shared.run(move |_| Ok(i * 2)).await })
        });
        for (i, call) in calls.enumerate() {
            assert_eq!(call.await.unwrap().unwrap(), i * 2);
        }
    }
}
