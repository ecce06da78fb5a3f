//! `--demo`: a separate database in the data directory, created from `assets/demo.toml` on
//! first use (or with `--reset`), opened as the demo org's owner.
//!
//! The demo's credentials name `NFDECK_DEMO_*` variables for their secrets; the demo builder
//! supplies made-up values for those when they are unset (never for a real `apply`, which reads
//! the process environment only). The on-disk demo moves its run history so that the newest run
//! is "now"; `in_memory()` keeps the file's times, so tests see the same data every day.

use super::Context;
use crate::client::embedded::EmbeddedClient;
use crate::declarative::{self, format::File};
use crate::domain::run_history::{format_time, parse_time};
use crate::domain::{Error, Result};
use crate::engine::Engine;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

/// The bundled demo data.
pub const DEMO_TOML: &str = include_str!("../../assets/demo.toml");

/// The prefix of the variables the demo's credentials read their secrets from.
pub const DEMO_SECRET_PREFIX: &str = "NFDECK_DEMO_";

/// Secrets for building the demo: the environment's value if set, else a made-up value for the
/// demo's own variables (`NFDECK_DEMO_*`). Any other variable must be set.
pub fn demo_secrets(variable: &str) -> Option<String> {
    std::env::var(variable)
        .ok()
        .filter(|v| !v.is_empty())
        .or_else(|| {
            variable.starts_with(DEMO_SECRET_PREFIX).then(|| {
                format!(
                    "demo-only-not-a-real-secret-{}",
                    variable.to_ascii_lowercase()
                )
            })
        })
}

/// The user the demo opens as: the first owner of the first org in the demo file.
pub fn demo_owner() -> Result<String> {
    let file = File::parse(DEMO_TOML, "assets/demo.toml")?;
    file.orgs
        .first()
        .and_then(|o| o.owners.as_ref()?.first())
        .cloned()
        .ok_or_else(|| Error::internal("the demo data has no org owner"))
}

pub async fn open(ctx: &Context, reset: bool, act_as: Option<&str>) -> Result<EmbeddedClient> {
    let path = ctx.dirs.demo_db();
    if reset {
        remove_database(&path)?;
    }
    if !path.exists() {
        create(&path, &ctx.operator_email(), this_minute()).await?;
    }
    let engine = Engine::open(&path)?;
    let owner = demo_owner()?;
    let actor = engine.act_as(act_as.unwrap_or(&owner))?;
    Ok(EmbeddedClient::new(engine, actor))
}

/// The demo data in a fresh in-memory engine, acting as the demo org's owner (for tests and
/// benchmarks that need realistic data without touching the disk).
pub async fn in_memory() -> Result<EmbeddedClient> {
    on_engine(Engine::open_in_memory()?).await
}

/// The demo data in `engine` (empty), acting as the demo org's owner: the test suites use it
/// to run the same screens on a PostgreSQL engine.
pub async fn on_engine(mut engine: Engine) -> Result<EmbeddedClient> {
    let operator = engine.operator("operator@localhost")?;
    let client = EmbeddedClient::new(engine, operator);
    fill(&client).await?;
    let owner = client
        .with_engine(|engine, _| engine.act_as(&demo_owner()?))
        .await?;
    Ok(client.acting_as(owner))
}

/// Applies the demo file through `client` (which must act as the operator); with `now`, the
/// run history is moved so that its newest run is at `now`.
async fn fill_at(client: &EmbeddedClient, now: Option<DateTime<Utc>>) -> Result<()> {
    let mut file = File::parse(DEMO_TOML, "assets/demo.toml")?;
    if let Some(now) = now {
        move_runs_to(&mut file, now)?;
    }
    let plan = declarative::prepare_file(client, &file, false, &demo_secrets).await?;
    declarative::execute(client, &plan, false).await
}

async fn fill(client: &EmbeddedClient) -> Result<()> {
    fill_at(client, None).await
}

/// Now, to the minute (moved demo runs keep round times).
fn this_minute() -> DateTime<Utc> {
    let now = Utc::now();
    now - chrono::Duration::seconds(i64::from(now.timestamp() as i32 % 60))
        - chrono::Duration::nanoseconds(i64::from(now.timestamp_subsec_nanos()))
}

/// Shifts every run's submit and start time by the same amount, so the newest is at `now`.
pub fn move_runs_to(file: &mut File, now: DateTime<Utc>) -> Result<()> {
    let runs = || {
        file.orgs
            .iter()
            .flat_map(|o| &o.workspaces)
            .flat_map(|w| &w.runs)
    };
    let mut newest: Option<DateTime<Utc>> = None;
    for run in runs() {
        for time in std::iter::once(&run.submit).chain(run.start.as_ref()) {
            let t = parse_time(time)?;
            newest = Some(newest.map_or(t, |n| n.max(t)));
        }
    }
    let Some(newest) = newest else { return Ok(()) };
    let shift = now - newest;
    let runs = file
        .orgs
        .iter_mut()
        .flat_map(|o| &mut o.workspaces)
        .flat_map(|w| &mut w.runs);
    for run in runs {
        run.submit = format_time(parse_time(&run.submit)? + shift);
        if let Some(start) = &run.start {
            run.start = Some(format_time(parse_time(start)? + shift));
        }
    }
    Ok(())
}

/// Builds the demo database next to its final place and moves it there only when complete, so
/// a failed build never leaves a half-filled demo behind.
async fn create(path: &Path, operator: &str, now: DateTime<Utc>) -> Result<()> {
    let staging = path.with_extension("db.new");
    remove_database(&staging)?;
    {
        let mut engine = Engine::open(&staging)?;
        let actor = engine.operator(operator)?;
        fill_at(&EmbeddedClient::new(engine, actor), Some(now)).await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moved_runs_end_now_and_keep_their_spacing() {
        let mut file = File::parse(DEMO_TOML, "demo").unwrap();
        let first = |f: &File| f.orgs[0].workspaces[0].runs[0].clone();
        let (before, last_before) = (first(&file), newest(&file));
        let now = parse_time("2030-01-01T12:00:00Z").unwrap();
        move_runs_to(&mut file, now).unwrap();
        assert_eq!(newest(&file), now);
        let shift = now - last_before;
        let after = first(&file);
        assert_eq!(
            parse_time(&after.submit).unwrap(),
            parse_time(&before.submit).unwrap() + shift
        );
    }

    fn newest(file: &File) -> DateTime<Utc> {
        file.orgs
            .iter()
            .flat_map(|o| &o.workspaces)
            .flat_map(|w| &w.runs)
            .flat_map(|r| std::iter::once(&r.submit).chain(r.start.as_ref()))
            .map(|t| parse_time(t).unwrap())
            .max()
            .unwrap()
    }

    #[test]
    fn demo_values_only_for_the_demos_own_variables() {
        assert!(demo_secrets("NFDECK_DEMO_SOMETHING_UNSET_IN_TESTS").is_some());
        assert_eq!(demo_secrets("NFDECK_TEST_SURELY_UNSET_VARIABLE"), None);
    }
}
