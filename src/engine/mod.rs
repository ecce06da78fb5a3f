//! The embedded engine: every domain rule is checked here, against the SQLite store.
//!
//! Operations are methods on [`Ctx`], a connection inside a transaction plus the acting user.
//! [`Engine::read`] and [`Engine::write`] open the transaction, so one operation and a whole
//! `apply` (many operations, all or nothing) share the same code.

mod access;
mod actions;
mod apply;
mod audit;
mod billing;
mod compute;
mod credentials;
mod ids;
mod labels;
mod launch;
mod launchable;
mod lookups;
mod members;
mod orgs;
mod participants;
mod pipelines;
mod run_import;
mod runs;
mod scope;
mod secrets;
mod shared;
pub mod store;
mod studios;
mod tasks;
mod teams;
mod tokens;
mod trace;
mod users;
mod workspaces;

pub use ids::random_run_name;
pub use lookups::WorkspaceRoles;
use secrets::Keyring;
pub use shared::SharedEngine;

use crate::domain::{Error, Result, UserId};
use rusqlite::{Connection, TransactionBehavior};
use std::path::{Path, PathBuf};

/// Who performs an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub user_id: UserId,
    pub email: String,
    /// The embedded operator acting without `--as`: root rights everywhere.
    pub operator: bool,
}

/// One open database.
pub struct Engine {
    conn: Connection,
    path: Option<PathBuf>,
    /// Encrypts credential secrets (key file next to the database).
    keys: Keyring,
}

/// A transaction and the user acting in it. Every engine operation is a method on this type.
pub struct Ctx<'a> {
    conn: &'a Connection,
    actor: &'a Actor,
    keys: &'a Keyring,
}

impl Engine {
    /// Opens or creates the database file, applying pending migrations.
    pub fn open(path: &Path) -> Result<Self> {
        Ok(Self {
            conn: store::open(path)?,
            path: Some(path.to_path_buf()),
            keys: Keyring::for_database(path),
        })
    }

    /// Another connection to a database file that `open` has opened, for reading only (see
    /// `SharedEngine::with_readers`).
    pub fn open_reader(path: &Path) -> Result<Self> {
        Ok(Self {
            conn: store::open_read_only(path)?,
            path: Some(path.to_path_buf()),
            keys: Keyring::for_database(path),
        })
    }

    /// A fresh in-memory database, for tests.
    pub fn open_in_memory() -> Result<Self> {
        Ok(Self {
            conn: store::open_in_memory()?,
            path: None,
            keys: Keyring::ephemeral(),
        })
    }

    /// How long a write waits for another program's lock on the file before it fails as
    /// `Busy` (`store::BUSY_TIMEOUT` unless changed; tests shorten it).
    pub fn set_busy_timeout(&self, timeout: std::time::Duration) -> Result<()> {
        store::set_busy_timeout(&self.conn, timeout)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Where the key that encrypts credential secrets lives (None in memory).
    pub fn key_file(&self) -> Option<&Path> {
        self.keys.key_file()
    }

    /// Runs read-only work in one consistent snapshot.
    pub fn read<T>(&self, actor: &Actor, f: impl FnOnce(&Ctx) -> Result<T>) -> Result<T> {
        let tx = self.conn.unchecked_transaction().map_err(store::sql)?;
        let ctx = Ctx {
            conn: &tx,
            actor,
            keys: &self.keys,
        };
        f(&ctx)
        // Dropping `tx` rolls it back: reads never write.
    }

    /// Runs changes in one transaction: committed if `f` succeeds, rolled back if it fails.
    pub fn write<T>(&mut self, actor: &Actor, f: impl FnOnce(&Ctx) -> Result<T>) -> Result<T> {
        self.transaction(actor, false, f)
    }

    /// Like `write`, but always rolls back: checks that the changes would succeed.
    pub fn dry_run<T>(&mut self, actor: &Actor, f: impl FnOnce(&Ctx) -> Result<T>) -> Result<T> {
        self.transaction(actor, true, f)
    }

    fn transaction<T>(
        &mut self,
        actor: &Actor,
        rollback: bool,
        f: impl FnOnce(&Ctx) -> Result<T>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(store::sql)?;
        let value = f(&Ctx {
            conn: &tx,
            actor,
            keys: &self.keys,
        })?;
        if !rollback {
            tx.commit().map_err(store::sql)?;
        }
        Ok(value)
    }

    /// The operator: the named user, created with a personal workspace on first use, acting
    /// with root rights.
    pub fn operator(&mut self, email: &str) -> Result<Actor> {
        let email = crate::domain::names::normalize_email(email);
        crate::domain::names::check_email(&email).map_err(|e| e.about("operator"))?;
        let bootstrap = Actor {
            user_id: 0,
            email: email.clone(),
            operator: true,
        };
        let user = self.write(&bootstrap, |cx| cx.ensure_user(&email))?;
        Ok(Actor {
            user_id: user.id,
            email: user.email,
            operator: true,
        })
    }

    /// Acts as an existing user, with exactly that user's permissions.
    pub fn act_as(&self, email: &str) -> Result<Actor> {
        let email = crate::domain::names::normalize_email(email);
        let user = store::users::by_email(&self.conn, &email)?
            .ok_or_else(|| Error::not_found(format!("no user with email {email}")))?;
        Ok(Actor {
            user_id: user.id,
            email: user.email,
            operator: false,
        })
    }

    /// The raw connection, for the store-level tools (benchmark data generators).
    pub fn connection(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

impl Ctx<'_> {
    pub fn actor(&self) -> &Actor {
        self.actor
    }
}
