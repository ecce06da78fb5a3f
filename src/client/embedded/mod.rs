//! The client over the embedded engine (see `engine::SharedEngine`: every call runs on tokio's
//! blocking pool).

mod actions;
mod compute;
mod credentials;
mod launchpad;
mod orgs;
mod participants;
mod roles;
mod runs;
mod secrets;
mod session;
mod settings;
mod tokens;
mod workspaces;

use crate::domain::Result;
use crate::engine::{Actor, Ctx, Engine, SharedEngine};

/// The embedded engine, acting as one user.
#[derive(Clone)]
pub struct EmbeddedClient {
    engine: SharedEngine,
    actor: Actor,
}

impl EmbeddedClient {
    pub fn new(engine: Engine, actor: Actor) -> Self {
        Self::shared(SharedEngine::new(engine), actor)
    }

    pub fn shared(engine: SharedEngine, actor: Actor) -> Self {
        Self { engine, actor }
    }

    /// The same engine, acting as someone else (tests compare what two users see).
    pub fn acting_as(&self, actor: Actor) -> Self {
        Self::shared(self.engine.clone(), actor)
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub fn engine(&self) -> &SharedEngine {
        &self.engine
    }

    /// Runs `f` on the engine with exclusive access, off the async threads.
    pub async fn with_engine<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Engine, &Actor) -> Result<T> + Send + 'static,
    {
        let actor = self.actor.clone();
        self.engine.run(move |engine| f(engine, &actor)).await
    }

    /// Runs read-only engine work.
    pub async fn read<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx) -> Result<T> + Send + 'static,
    {
        self.engine.read(self.actor.clone(), f).await
    }

    /// Runs engine changes in one transaction.
    pub async fn write<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx) -> Result<T> + Send + 'static,
    {
        self.engine.write(self.actor.clone(), f).await
    }
}
