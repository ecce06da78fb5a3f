//! An engine shared between async tasks: each call runs on tokio's blocking pool, so async
//! threads (and the thread that draws) never wait on SQLite. The embedded client and the HTTP
//! server both use it.

use super::{Actor, Ctx, Engine};
use crate::domain::{Error, Result};
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct SharedEngine {
    inner: Arc<Mutex<Engine>>,
    label: Arc<str>,
}

impl SharedEngine {
    pub fn new(engine: Engine) -> Self {
        let label = match engine.path() {
            Some(path) => format!("embedded: {}", path.display()),
            None => "embedded: in memory".to_string(),
        };
        Self {
            inner: Arc::new(Mutex::new(engine)),
            label: label.into(),
        }
    }

    /// "embedded: /path/to/file.db".
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Runs `f` with exclusive access to the engine, off the async threads.
    pub async fn run<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Engine) -> Result<T> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            // A panic inside an earlier call rolled its transaction back while unwinding, so
            // the engine behind a poisoned lock is still consistent.
            let mut guard = inner.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|e| Error::internal(format!("engine task failed: {e}")))?
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
