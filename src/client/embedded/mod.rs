//! The client over the embedded engine. Every call runs on tokio's blocking pool, so the
//! thread that draws never waits on SQLite.

mod orgs;
mod participants;
mod session;
mod workspaces;

use crate::domain::{Error, Result};
use crate::engine::{Actor, Ctx, Engine};
use std::sync::{Arc, Mutex};

/// An engine shared by every clone of the client.
#[derive(Clone)]
pub struct EmbeddedClient {
    engine: Arc<Mutex<Engine>>,
    actor: Actor,
    backend: String,
}

impl EmbeddedClient {
    pub fn new(engine: Engine, actor: Actor) -> Self {
        let backend = match engine.path() {
            Some(path) => format!("embedded: {}", path.display()),
            None => "embedded: in memory".to_string(),
        };
        Self {
            engine: Arc::new(Mutex::new(engine)),
            actor,
            backend,
        }
    }

    /// The same engine, acting as someone else (tests compare what two users see).
    pub fn acting_as(&self, actor: Actor) -> Self {
        Self {
            engine: self.engine.clone(),
            actor,
            backend: self.backend.clone(),
        }
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Runs `f` on the engine with exclusive access, off the async threads.
    pub async fn with_engine<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Engine, &Actor) -> Result<T> + Send + 'static,
    {
        let engine = self.engine.clone();
        let actor = self.actor.clone();
        tokio::task::spawn_blocking(move || {
            // A panic inside an earlier call rolled its transaction back while unwinding, so
            // the engine behind a poisoned lock is still consistent.
            let mut guard = engine.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard, &actor)
        })
        .await
        .map_err(|e| Error::internal(format!("engine task failed: {e}")))?
    }

    /// Runs read-only engine work.
    pub async fn read<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx) -> Result<T> + Send + 'static,
    {
        self.with_engine(move |engine, actor| engine.read(actor, f))
            .await
    }

    /// Runs engine changes in one transaction.
    pub async fn write<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx) -> Result<T> + Send + 'static,
    {
        self.with_engine(move |engine, actor| engine.write(actor, f))
            .await
    }
}
