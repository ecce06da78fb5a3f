//! `nfdeck apply` and `nfdeck export`: the declarative file (format), its validation (desired),
//! the current state read through the client (state), the plan (diff), where secrets come
//! from (secrets), and export.

pub mod desired;
pub mod export;
pub mod format;
pub mod plan;
pub mod secrets;
pub mod state;

use crate::client::Client;
use crate::domain::Result;
use crate::domain::changes::{Progress, no_progress};
pub use plan::{Action, Plan};
use secrets::{ProcessEnv, SecretSource};
use std::collections::BTreeSet;

/// Parses and checks a file, reads the current state and builds the plan, with secrets from
/// the process environment. Writes nothing.
pub async fn prepare(client: &dyn Client, text: &str, origin: &str, prune: bool) -> Result<Plan> {
    prepare_with(client, text, origin, prune, &ProcessEnv).await
}

/// `prepare`, with secrets from `secrets`.
pub async fn prepare_with(
    client: &dyn Client,
    text: &str,
    origin: &str,
    prune: bool,
    secrets: &dyn SecretSource,
) -> Result<Plan> {
    let file = format::File::parse(text, origin)?;
    prepare_file(client, &file, prune, secrets).await
}

/// Plans an already parsed file.
pub async fn prepare_file(
    client: &dyn Client,
    file: &format::File,
    prune: bool,
    secrets: &dyn SecretSource,
) -> Result<Plan> {
    let desired = desired::check(file)?;
    let session = client.session().await?;
    let current = state::read_with(client, &reading(&desired)).await?;
    plan::build_with(&desired, &current, &session.user.email, prune, secrets)
}

/// The orgs the file names, and the runs of the workspaces where it lists runs (the only
/// runs the plan compares; a workspace may hold a million).
fn reading(desired: &desired::Desired) -> state::Reading {
    let runs: BTreeSet<(String, String)> = desired
        .orgs
        .iter()
        .flat_map(|o| {
            o.workspaces
                .iter()
                .filter(|w| !w.runs.is_empty())
                .map(|w| (o.name.to_ascii_lowercase(), w.name.to_ascii_lowercase()))
        })
        .collect();
    state::Reading {
        orgs: Some(desired.orgs.iter().map(|o| o.name.clone()).collect()),
        runs: state::Runs::Of(runs),
        runs_read: state::RunCounter::default(),
    }
}

/// Runs a plan's changes: in one transaction on the embedded engine (any error writes
/// nothing). With `dry_run`, every change is checked and nothing is written.
pub async fn execute(client: &dyn Client, plan: &Plan, dry_run: bool) -> Result<()> {
    execute_reporting(client, plan, dry_run, no_progress()).await
}

/// `execute`, telling `progress` how far it has come (`(done, total)` steps: one per change,
/// one per imported run). It is called on whichever thread runs the changes (the engine's,
/// inside its transaction), so it only records or draws, never waits.
pub async fn execute_reporting(
    client: &dyn Client,
    plan: &Plan,
    dry_run: bool,
    progress: Progress,
) -> Result<()> {
    if plan.is_empty() {
        return Ok(());
    }
    client
        .apply_changes(plan.changes(), dry_run, progress)
        .await
}
