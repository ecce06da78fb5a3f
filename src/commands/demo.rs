//! `--demo`: a separate database in the data directory, created from `assets/demo.toml` on
//! first use (or with `--reset`), opened as the demo org's owner.

use super::Context;
use crate::client::embedded::EmbeddedClient;
use crate::declarative::{self, format::File};
use crate::domain::{Error, Result};
use crate::engine::Engine;
use std::path::{Path, PathBuf};

/// The bundled demo data.
pub const DEMO_TOML: &str = include_str!("../../assets/demo.toml");

/// The user the demo opens as: the first owner of the first org in the demo file.
pub fn demo_owner() -> Result<String> {
    let file = File::parse(DEMO_TOML, "assets/demo.toml")?;
    file.orgs
        .first()
        .and_then(|o| o.owners.first())
        .cloned()
        .ok_or_else(|| Error::internal("the demo data has no org owner"))
}

pub async fn open(ctx: &Context, reset: bool, act_as: Option<&str>) -> Result<EmbeddedClient> {
    let path = ctx.dirs.demo_db();
    if reset {
        remove_database(&path)?;
    }
    if !path.exists() {
        create(&path, &ctx.operator_email()).await?;
    }
    let engine = Engine::open(&path)?;
    let owner = demo_owner()?;
    let actor = engine.act_as(act_as.unwrap_or(&owner))?;
    Ok(EmbeddedClient::new(engine, actor))
}

/// The demo data in a fresh in-memory engine, acting as the demo org's owner (for tests and
/// benchmarks that need realistic data without touching the disk).
pub async fn in_memory() -> Result<EmbeddedClient> {
    let mut engine = Engine::open_in_memory()?;
    let operator = engine.operator("operator@localhost")?;
    let client = EmbeddedClient::new(engine, operator);
    fill(&client).await?;
    let owner = client
        .with_engine(|engine, _| engine.act_as(&demo_owner()?))
        .await?;
    Ok(client.acting_as(owner))
}

/// Applies the demo file through `client` (which must act as the operator).
async fn fill(client: &EmbeddedClient) -> Result<()> {
    let plan = declarative::prepare(client, DEMO_TOML, "assets/demo.toml", false).await?;
    declarative::execute(client, &plan, false).await
}

/// Builds the demo database next to its final place and moves it there only when complete, so
/// a failed build never leaves a half-filled demo behind.
async fn create(path: &Path, operator: &str) -> Result<()> {
    let staging = path.with_extension("db.new");
    remove_database(&staging)?;
    {
        let mut engine = Engine::open(&staging)?;
        let actor = engine.operator(operator)?;
        fill(&EmbeddedClient::new(engine, actor)).await?;
    }
    for (from, to) in companions(&staging).into_iter().zip(companions(path)) {
        if from.exists() {
            std::fs::rename(&from, &to).map_err(|e| {
                Error::internal(format!(
                    "cannot move {} to {}: {e}",
                    from.display(),
                    to.display()
                ))
            })?;
        }
    }
    Ok(())
}

/// The database file and the files SQLite and the engine keep beside it.
fn companions(path: &Path) -> Vec<PathBuf> {
    let with = |suffix: &str| {
        let mut os = path.as_os_str().to_owned();
        os.push(suffix);
        PathBuf::from(os)
    };
    vec![path.to_path_buf(), with("-wal"), with("-shm"), with(".key")]
}

fn remove_database(path: &Path) -> Result<()> {
    for file in companions(path) {
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(Error::internal(format!(
                    "cannot remove {}: {e}",
                    file.display()
                )));
            }
        }
    }
    Ok(())
}
