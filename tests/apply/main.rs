//! `apply` and `export` through the embedded client: plans, idempotence, atomicity, dry runs,
//! permissions, prune, and the export -> apply round trip. The orgs, teams and participants
//! part is here; workspace contents (settings, labels, credentials, compute envs, pipelines,
//! actions, runs) in `contents`, secrets in `secrets`, who may do what in `permissions`, bad
//! input in `bad_input`, and the demo and the round trip in `demo`.

#[path = "../pg_support.rs"]
mod pg_support;

mod bad_input;
mod concurrency;
mod contents;
mod credits;
mod demo;
mod permissions;
mod roles;
mod secrets;
mod used_database;

use nfdeck::client::embedded::EmbeddedClient;
use nfdeck::client::*;
use nfdeck::commands::demo::{DEMO_TOML, demo_secrets};
use nfdeck::declarative::{self, Action, export::export};
use nfdeck::domain::*;
use nfdeck::engine::Engine;

/// A fresh, empty engine on the store under test: in memory (SQLite), or a fresh PostgreSQL
/// database with `NFDECK_TEST_STORE=postgres` (see `pg_support`).
fn fresh_engine() -> Engine {
    if pg_support::selected() {
        let url = pg_support::required_database();
        return Engine::open_postgres(&url, None).expect("PostgreSQL engine");
    }
    Engine::open_in_memory().expect("in-memory engine")
}

fn operator_client() -> EmbeddedClient {
    let mut engine = fresh_engine();
    let op = engine.operator("root@localhost").unwrap();
    EmbeddedClient::new(engine, op)
}

/// The same engine, acting as `email`.
async fn acting_as(client: &EmbeddedClient, email: &str) -> EmbeddedClient {
    let email = email.to_string();
    let actor = client
        .with_engine(move |e, _| e.act_as(&email))
        .await
        .unwrap();
    client.acting_as(actor)
}

/// Secrets for tests: `TEST_*` and the export's `NFDECK_SECRET_*` variables get a value
/// derived from their name; the demo's own variables get the demo's values.
fn test_secrets(variable: &str) -> Option<String> {
    if variable.starts_with("TEST_") || variable.starts_with("NFDECK_SECRET_") {
        Some(format!("s3cr3t-{}", variable.to_ascii_lowercase()))
    } else {
        demo_secrets(variable)
    }
}

/// No secret at all.
fn no_secrets(_: &str) -> Option<String> {
    None
}

async fn plan(client: &dyn Client, text: &str) -> Result<declarative::Plan> {
    declarative::prepare_with(client, text, "test.toml", false, &test_secrets).await
}

async fn apply(client: &dyn Client, text: &str) -> Result<declarative::Plan> {
    let plan = plan(client, text).await?;
    declarative::execute(client, &plan, false).await?;
    Ok(plan)
}

async fn audit_total(client: &EmbeddedClient) -> u64 {
    client.list_audit(Page::first(1)).await.unwrap().total
}

/// The scope of an org workspace, by names.
async fn scope_of(client: &dyn Client, org: &str, ws: &str) -> Scope {
    let org = client
        .list_orgs()
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.name == org)
        .unwrap_or_else(|| panic!("org {org}"));
    let ws = client
        .list_org_workspaces(org.id)
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.name == ws)
        .unwrap_or_else(|| panic!("workspace {ws}"));
    Scope::Workspace(ws.id)
}

const SMALL: &str = r#"
[[orgs]]
name = "core"
full_name = "Core"
tier = "basic"
owners = ["jo@x.org"]
members = ["kim@x.org"]

[[orgs.teams]]
name = "staff"
members = ["kim@x.org"]

[[orgs.workspaces]]
name = "seq"
full_name = "Sequencing"
participants = [
  { member = "kim@x.org", role = "maintain" },
  { team = "staff" },
]
"#;

#[tokio::test]
async fn the_plan_lists_each_object_with_what_happens_to_it() {
    let client = operator_client();
    let plan = declarative::prepare(&client, SMALL, "small", false)
        .await
        .unwrap();
    let text = plan.to_string();
    assert!(
        text.contains("+ create    org core: basic tier, first owner jo@x.org"),
        "{text}"
    );
    assert!(
        text.contains("+ create    workspace core/seq participant team staff: launch"),
        "{text}"
    );
    assert!(
        text.contains("Plan: 7 to create, 0 to update, 0 to remove, 0 unchanged."),
        "{text}"
    );
    apply(&client, SMALL).await.unwrap();
    let changed = SMALL.replace("role = \"maintain\"", "role = \"admin\"");
    let plan = declarative::prepare(&client, &changed, "small", false)
        .await
        .unwrap();
    assert!(
        plan.to_string().contains(
            "~ update    workspace core/seq participant member kim@x.org: role maintain -> admin"
        ),
        "{plan}"
    );
    assert_eq!(plan.count(Action::Update), 1);
}

#[tokio::test]
async fn a_file_that_fails_anywhere_writes_nothing() {
    let client = operator_client();
    // The fourth member breaks the basic tier's limit, after the org and three members.
    let text = SMALL.replace(
        r#"members = ["kim@x.org"]"#,
        r#"members = ["kim@x.org", "a@x.org", "b@x.org"]"#,
    );
    let before = audit_total(&client).await;
    let err = apply(&client, &text).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::LimitExceeded);
    assert!(
        err.message
            .contains("the basic tier allows at most 3 members"),
        "{err}"
    );
    assert_eq!(audit_total(&client).await, before);
    assert!(client.list_orgs().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_dry_run_checks_everything_and_writes_nothing() {
    let client = operator_client();
    let plan = declarative::prepare(&client, SMALL, "small", false)
        .await
        .unwrap();
    declarative::execute(&client, &plan, true).await.unwrap();
    assert!(client.list_orgs().await.unwrap().is_empty());
    let bad = SMALL.replace(
        r#"members = ["kim@x.org"]"#,
        r#"members = ["kim@x.org", "a@x.org", "b@x.org"]"#,
    );
    let plan = declarative::prepare(&client, &bad, "small", false)
        .await
        .unwrap();
    let err = declarative::execute(&client, &plan, true)
        .await
        .unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::LimitExceeded,
        "a dry run finds what a real run would hit"
    );
}

#[tokio::test]
async fn apply_runs_with_the_acting_users_rights() {
    let op = operator_client();
    apply(&op, DEMO_TOML).await.unwrap();
    let ivan = op
        .with_engine(|e, _| e.act_as("ivan@biolab.example"))
        .await
        .unwrap();
    let as_ivan = op.acting_as(ivan);
    let text = r#"
[[orgs]]
name = "biolab"
full_name = "Bio Lab"
owners = ["ana@biolab.example"]
[[orgs.workspaces]]
name = "sandbox"
full_name = "Sandbox"
visibility = "SHARED"
"#;
    let before = audit_total(&op).await;
    let err = apply(&as_ivan, text).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(
        err.message
            .contains("to edit the workspace you need the owner or admin role (yours is"),
        "{err}"
    );
    assert_eq!(audit_total(&op).await, before);
    // Users can only be applied by the operator.
    let err = declarative::prepare(&as_ivan, "[[users]]\nemail = \"z@x.org\"\n", "u", false)
        .await
        .unwrap_err();
    assert!(err.message.contains("only the operator"), "{err}");
}

#[tokio::test]
async fn references_the_file_cannot_resolve_are_named() {
    let client = operator_client();
    let text = SMALL.replace(r#"{ team = "staff" }"#, r#"{ team = "ghosts" }"#);
    let err = declarative::prepare(&client, &text, "small", false)
        .await
        .unwrap_err();
    assert!(
        err.message.contains(
            "workspace core/seq participant team ghosts: team 'ghosts' is not in the org"
        ),
        "{err}"
    );
    let text = SMALL.replace(
        r#"{ member = "kim@x.org", role = "maintain" }"#,
        r#"{ member = "zed@x.org" }"#,
    );
    let err = declarative::prepare(&client, &text, "small", false)
        .await
        .unwrap_err();
    assert!(
        err.message
            .contains("zed@x.org is not an owner or member of the org"),
        "{err}"
    );
}

#[tokio::test]
async fn prune_removes_what_the_file_does_not_list() {
    let client = operator_client();
    apply(&client, SMALL).await.unwrap();
    let trimmed = SMALL.replace("  { team = \"staff\" },\n", "");
    let plan = declarative::prepare(&client, &trimmed, "small", false)
        .await
        .unwrap();
    assert!(
        plan.is_empty(),
        "without --prune nothing is removed:\n{plan}"
    );
    let plan = declarative::prepare(&client, &trimmed, "small", true)
        .await
        .unwrap();
    assert_eq!(plan.count(Action::Remove), 1, "{plan}");
    declarative::execute(&client, &plan, false).await.unwrap();
    let org = client.list_orgs().await.unwrap().remove(0);
    let ws = client.list_org_workspaces(org.id).await.unwrap().remove(0);
    let parts = client
        .list_participants(org.id, ws.id, Page::default())
        .await
        .unwrap();
    assert_eq!(parts.total, 1);
}

#[tokio::test]
async fn bad_files_give_one_clear_message() {
    let client = operator_client();
    for (text, needle) in [
        ("[[orgs]\n", "test.toml: TOML parse error at line 1"),
        (
            "[[orgs]]\nname = \"a1\"\nfull_name = \"A\"\nowners = [\"a@x.org\"]\ntier = \"gold\"\n",
            "'gold' is not a tier",
        ),
        (
            "[[orgs]]\nname = \"a1\"\nfull_name = \"A\"\nowners = [\"a@x.org\"]\nextra = 1\n",
            "unknown field `extra`",
        ),
        (
            "[[orgs]]\nname = \"a1\"\nfull_name = \"A\"\nowners = []\n",
            "owners must name at least one owner",
        ),
    ] {
        let err = declarative::prepare(&client, text, "test.toml", false)
            .await
            .unwrap_err();
        assert!(err.message.contains(needle), "{needle}: {err}");
    }
}
