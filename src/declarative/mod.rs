//! `nfdeck apply` and `nfdeck export`: the declarative file (format), its validation (desired),
//! the current state read through the client (state), the plan (diff), and export.

pub mod desired;
pub mod export;
pub mod format;
pub mod plan;
pub mod state;

use crate::client::Client;
use crate::domain::Result;
pub use plan::{Action, Plan};

/// Parses and checks a file, reads the current state and builds the plan. Writes nothing.
pub async fn prepare(client: &dyn Client, text: &str, origin: &str, prune: bool) -> Result<Plan> {
    let file = format::File::parse(text, origin)?;
    let desired = desired::check(&file)?;
    let session = client.session().await?;
    let names: Vec<String> = desired.orgs.iter().map(|o| o.name.clone()).collect();
    let current = state::read(client, Some(&names)).await?;
    plan::build(&desired, &current, &session.user.email, prune)
}

/// Runs a plan's changes: in one transaction on the embedded engine (any error writes
/// nothing). With `dry_run`, every change is checked and nothing is written.
pub async fn execute(client: &dyn Client, plan: &Plan, dry_run: bool) -> Result<()> {
    if plan.is_empty() {
        return Ok(());
    }
    client.apply_changes(plan.changes(), dry_run).await
}
