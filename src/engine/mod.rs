//! The embedded engine: every domain rule is checked here, against the store (SQLite or
//! PostgreSQL, behind `store::db::Db`; nothing above the store knows which).
//!
//! Operations are methods on [`Ctx`], a connection inside a transaction plus the acting user.
//! [`Engine::read`] and [`Engine::write`] open the transaction, so one operation and a whole
//! `apply` (many operations, all or nothing) share the same code.

mod access;
mod access_memo;
mod actions;
mod apply;
mod audit;
mod billing;
mod compute;
mod credentials;
mod custom_roles;
mod ids;
mod labels;
mod launch;
mod launchable;
mod lookups;
mod members;
mod names_free;
mod orgs;
mod participants;
mod pipeline_secrets;
mod pipelines;
pub mod progress_reports;
pub mod run_changes;
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
mod user_access;
mod users;
mod workspaces;

pub use ids::random_run_name;
pub use lookups::WorkspaceRoles;
use secrets::Keyring;
pub use shared::SharedEngine;

use crate::domain::{Error, Result, UserId};
use std::path::{Path, PathBuf};
use store::db::{Db, TxKind};

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
    conn: Db,
    path: Option<PathBuf>,
    /// Encrypts credential secrets (key file next to the database).
    keys: Keyring,
    /// A SQLite writer's WAL checkpoints, when run beside it (`checkpoint_in_background`).
    checkpoints: Option<store::checkpoint::Checkpointer>,
}

/// A transaction and the user acting in it. Every engine operation is a method on this type.
pub struct Ctx<'a> {
    conn: &'a Db,
    actor: &'a Actor,
    keys: &'a Keyring,
    /// Set only for run-progress writes in a group commit (see `access_memo`).
    memo: Option<&'a access_memo::AccessMemo>,
}

impl Engine {
    /// Opens or creates the database, applying pending migrations: a SQLite file, or a
    /// PostgreSQL database when `path` is a `postgres://` / `postgresql://` URL or a
    /// `host=... dbname=...` connection string (see [`store::is_postgres_url`]). PostgreSQL's
    /// key for credential secrets is the file named by `NFDECK_KEY_FILE` (the same file on
    /// every replica).
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(url) = path.to_str().filter(|p| store::is_postgres_url(p)) {
            let key_file = std::env::var_os("NFDECK_KEY_FILE").ok_or_else(|| {
                Error::invalid(
                    "NFDECK_KEY_FILE: a PostgreSQL database needs the path of the file holding \
                     the key that encrypts credential secrets (created on first use; give every \
                     replica the same file)",
                )
            })?;
            return Self::open_postgres(url, Some(Path::new(&key_file)));
        }
        Ok(Self {
            conn: Db::sqlite(store::open(path)?),
            path: Some(path.to_path_buf()),
            keys: Keyring::for_database(path),
            checkpoints: None,
        })
    }

    /// Connects to a PostgreSQL database and brings its schema up to date (once, whichever
    /// replica gets there first). `key_file: None` uses a random key for this process only
    /// (tests). Fails with a clear message when the server cannot be reached, refuses the
    /// login, or holds a newer schema.
    pub fn open_postgres(url: &str, key_file: Option<&Path>) -> Result<Self> {
        let conn = store::open_postgres(url)?;
        let label = conn.as_pg().map(|c| format!("postgres://{}", c.target()));
        Ok(Self {
            conn,
            path: label.map(PathBuf::from),
            keys: match key_file {
                Some(file) => Keyring::at(file),
                None => Keyring::ephemeral(),
            },
            checkpoints: None,
        })
    }

    /// Another connection to a database file that `open` has opened, for reading only (see
    /// `SharedEngine::with_readers`).
    pub fn open_reader(path: &Path) -> Result<Self> {
        Ok(Self {
            conn: Db::sqlite(store::open_read_only(path)?),
            path: Some(path.to_path_buf()),
            keys: Keyring::for_database(path),
            checkpoints: None,
        })
    }

    /// Runs most of this SQLite writer's WAL checkpoints on a thread of their own, so that a
    /// commit seldom waits for one, and then briefly (see `store::checkpoint`); for `serve`,
    /// whose writer commits without pause under Nextflow's load. Nothing to do for PostgreSQL
    /// or a database in memory.
    pub fn checkpoint_in_background(&mut self) -> Result<()> {
        if let (Some(_), Some(path)) = (self.conn.as_sqlite(), self.path.as_deref()) {
            self.checkpoints = Some(store::checkpoint::in_background(path)?);
        }
        Ok(())
    }

    /// A fresh in-memory database, for tests.
    pub fn open_in_memory() -> Result<Self> {
        Ok(Self {
            conn: Db::sqlite(store::open_in_memory()?),
            path: None,
            keys: Keyring::ephemeral(),
            checkpoints: None,
        })
    }

    /// How long a write waits for another program's lock on the file before it fails as
    /// `Busy` (`store::BUSY_TIMEOUT` unless changed; tests shorten it).
    pub fn set_busy_timeout(&self, timeout: std::time::Duration) -> Result<()> {
        match self.conn.as_sqlite() {
            Some(conn) => store::set_busy_timeout(conn, timeout),
            // PostgreSQL writers queue on the write lock instead.
            None => Ok(()),
        }
    }

    /// Whether the database is PostgreSQL (then `path` is only a label, not a file).
    pub fn on_postgres(&self) -> bool {
        self.conn.dialect() == store::db::Dialect::Postgres
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
        let tx = self.conn.transaction(TxKind::Read).map_err(store::sql)?;
        let ctx = Ctx {
            conn: &self.conn,
            actor,
            keys: &self.keys,
            memo: None,
        };
        let value = f(&ctx);
        drop(tx); // Rolled back: reads never write.
        value
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
        let tx = self.conn.transaction(TxKind::Write).map_err(store::sql)?;
        let value = f(&Ctx {
            conn: &self.conn,
            actor,
            keys: &self.keys,
            memo: None,
        })?;
        if !rollback {
            store::changes::bump(&self.conn, store::changes::Changed::Anything)?;
            tx.commit().map_err(store::sql)?;
        }
        Ok(value)
    }

    /// How many write transactions the database has committed, whoever made them: compare
    /// with an earlier value to know whether anything may have changed (one small read).
    pub fn change_count(&self) -> Result<u64> {
        store::changes::count(&self.conn)
    }

    /// Both change counts: every write, and writes beyond runs' progress (`serve`'s tags).
    pub fn change_counts(&self) -> Result<store::changes::Counts> {
        store::changes::counts(&self.conn)
    }

    /// On PostgreSQL, how many times this connection has waited for the server's answer (a
    /// read's `BEGIN` rides with its first statement, its `ROLLBACK` is not waited for); what
    /// a read or a write costs beyond its SQL. `None` on SQLite, which has no round trips.
    pub fn round_trips(&self) -> Option<u64> {
        self.conn.as_pg().map(|c| c.round_trips())
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

    /// The store connection, for store-level tools and tests.
    pub fn connection(&mut self) -> &mut Db {
        &mut self.conn
    }
}

impl Ctx<'_> {
    pub fn actor(&self) -> &Actor {
        self.actor
    }
}
