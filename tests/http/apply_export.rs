//! `apply` and `export` through the remote client: the demo file applied over HTTP exports
//! the same as the engine itself does, the export applies again on an empty server to the
//! same state, a dry run writes nothing, refusals name the rule, and a failure part-way says
//! what was applied (a remote apply is not atomic).

use crate::support::{OPERATOR, Server};
use nfdeck::client::Client;
use nfdeck::commands::apply_text_with;
use nfdeck::commands::demo::{DEMO_TOML, demo_secrets};
use nfdeck::declarative::export::export;
use nfdeck::domain::ErrorKind;

async fn apply(
    client: &dyn Client,
    text: &str,
    dry_run: bool,
) -> (nfdeck::domain::Result<()>, String) {
    let mut out = String::new();
    let result = apply_text_with(
        client,
        text,
        "test.toml",
        dry_run,
        false,
        &test_secrets,
        &mut |s| out.push_str(s),
    )
    .await;
    (result, out)
}

/// The demo's own secret variables, and the ones export generates.
fn test_secrets(variable: &str) -> Option<String> {
    if variable.starts_with("NFDECK_SECRET_") {
        Some(format!("s3cr3t-{}", variable.to_ascii_lowercase()))
    } else {
        demo_secrets(variable)
    }
}

/// The demo without its run history, which the Seqera API has no endpoint to import.
fn demo_without_runs() -> String {
    let mut out = String::new();
    let mut in_runs = false;
    for line in DEMO_TOML.lines() {
        if line.starts_with("runs = [") {
            in_runs = true;
        } else if in_runs {
            in_runs = line != "]";
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[tokio::test]
async fn run_history_is_refused_before_anything_is_written() {
    let server = Server::start().await;
    let remote = server.remote(OPERATOR).await;
    let (result, _) = apply(&remote, DEMO_TOML, false).await;
    let err = result.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unavailable, "{err}");
    assert!(err.message.contains("cannot import run history"), "{err}");
    assert!(err.message.contains("nothing was changed"), "{err}");
    let state = export(&remote).await.unwrap();
    assert!(!state.contains("[[orgs]]"), "nothing was written:\n{state}");
}

#[tokio::test]
async fn demo_file_round_trips_through_the_remote_client() {
    let server = Server::start().await;
    let remote = server.remote(OPERATOR).await;
    let demo = demo_without_runs();
    let (result, out) = apply(&remote, &demo, false).await;
    result.unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert!(out.contains("not atomic"), "{out}");
    assert!(out.contains("Applied."), "{out}");

    let exported = export(&remote).await.unwrap();
    let embedded = server.embedded(OPERATOR).await;
    assert_eq!(exported, export(&embedded).await.unwrap());
    assert!(
        exported.contains("\"ivan@biolab.example\" = \"view\""),
        "{exported}"
    );
    assert!(exported.contains("tier = \"pro\""), "{exported}");

    let (result, out) = apply(&remote, &demo, false).await;
    result.unwrap();
    assert!(out.contains("Nothing to change"), "{out}");

    // The export, applied on an empty server, gives back the same state.
    let second = Server::start().await;
    let remote2 = second.remote(OPERATOR).await;
    let (result, out) = apply(&remote2, &exported, false).await;
    result.unwrap_or_else(|e| panic!("{e}\n{out}"));
    let again = export(&remote2).await.unwrap();
    let users = |text: &str| text.lines().filter(|l| l.starts_with("email =")).count();
    // The second server's operator is one more user than the first server had before apply.
    assert_eq!(
        again.split("[[orgs]]").skip(1).collect::<Vec<_>>(),
        exported.split("[[orgs]]").skip(1).collect::<Vec<_>>()
    );
    assert_eq!(users(&again), users(&exported));
}

#[tokio::test]
async fn a_remote_dry_run_checks_by_reading_and_writes_nothing() {
    let server = Server::start().await;
    let remote = server.remote(OPERATOR).await;
    let (result, out) = apply(&remote, &demo_without_runs(), true).await;
    result.unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert!(out.contains("Remote dry run"), "{out}");
    assert!(out.contains("nothing was written"), "{out}");
    let state = export(&remote).await.unwrap();
    assert!(!state.contains("[[orgs]]"), "{state}");

    // An org name that is taken fails the dry run.
    let ana = server.remote("ana@lab.test").await;
    let file = "[[orgs]]\nname = \"lab1\"\nfull_name = \"Lab\"\nowners = [\"ana@lab.test\"]\n";
    apply(&ana, file, false).await.0.unwrap();
    let bob = server.remote("bob@lab.test").await;
    let taken = "[[orgs]]\nname = \"LAB1\"\nfull_name = \"Lab\"\nowners = [\"bob@lab.test\"]\n";
    let err = apply(&bob, taken, true).await.0.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Conflict, "{err}");
    assert!(
        err.message.contains("dry run: nothing was written"),
        "{err}"
    );
}

#[tokio::test]
async fn a_view_participants_apply_changes_nothing_and_says_why() {
    let server = Server::start().await;
    let ana = server.remote("ana@lab.test").await;
    server.user("vic@lab.test").await;
    let file = r#"
[[orgs]]
name = "lab1"
full_name = "Lab"
owners = ["ana@lab.test"]
members = ["vic@lab.test"]

[[orgs.workspaces]]
name = "rnaseq"
full_name = "RNA-seq"
participants = [{ member = "vic@lab.test", role = "view" }]
"#;
    apply(&ana, file, false).await.0.unwrap();
    let vic = server.remote("vic@lab.test").await;
    let wanted = file.replace("full_name = \"RNA-seq\"", "full_name = \"Mine now\"");
    for dry_run in [true, false] {
        let err = apply(&vic, &wanted, dry_run).await.0.unwrap_err();
        assert_eq!(err.kind, ErrorKind::Forbidden, "{err}");
        assert!(
            err.message.contains("owner or admin role (yours is view)"),
            "{err}"
        );
    }
    assert!(
        export(&ana)
            .await
            .unwrap()
            .contains("full_name = \"RNA-seq\"")
    );
}

#[tokio::test]
async fn a_failure_part_way_says_what_was_applied() {
    let server = Server::start_spec_only().await;
    let ana = server.remote("ana@lab.test").await;
    // The fourth member breaks the basic tier's limit of three, after the org and two
    // members were created: a server has no transactions to roll them back.
    let file = r#"
[[orgs]]
name = "lab1"
full_name = "Lab"
owners = ["ana@lab.test"]
members = ["ben@lab.test", "cy@lab.test", "dee@lab.test"]
"#;
    let err = apply(&ana, file, false).await.0.unwrap_err();
    assert_eq!(err.kind, ErrorKind::LimitExceeded, "{err}");
    assert!(err.message.contains("at most 3 members"), "{err}");
    assert!(
        err.message
            .contains("before it were applied: a remote apply is not atomic"),
        "{err}"
    );
    let state = export(&ana).await.unwrap();
    assert!(
        state.contains("members = [\"ben@lab.test\", \"cy@lab.test\"]"),
        "{state}"
    );
}

#[tokio::test]
async fn what_a_server_does_not_offer_is_refused_before_anything_is_written() {
    let server = Server::start_spec_only().await;
    let ana = server.remote("ana@lab.test").await;
    server.user("ben@lab.test").await;
    let file = r#"
[[orgs]]
name = "lab1"
full_name = "Lab"
owners = ["ana@lab.test"]
members = ["ben@lab.test"]
default_roles = { "ben@lab.test" = "view" }
"#;
    let err = apply(&ana, file, false).await.0.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unavailable, "{err}");
    assert!(
        err.message
            .contains("does not offer default workspace roles"),
        "{err}"
    );
    assert!(err.message.contains("nothing was changed"), "{err}");
    assert!(!export(&ana).await.unwrap().contains("[[orgs]]"));
}

/// An org with a custom role held by a member and a team.
/// (The same file as the apply suite's custom roles test.)
const ROLES: &str = include_str!("../fixtures/custom_roles.toml");

#[tokio::test]
async fn custom_roles_and_their_holders_round_trip_through_the_remote_client() {
    let server = Server::start().await;
    for email in ["jo@x.org", "kim@x.org", "lee@x.org"] {
        server.user(email).await;
    }
    let remote = server.remote(OPERATOR).await;
    let (result, out) = apply(&remote, ROLES, false).await;
    result.unwrap_or_else(|e| panic!("{e}\n{out}"));
    let exported = export(&remote).await.unwrap();
    let embedded = server.embedded(OPERATOR).await;
    assert_eq!(exported, export(&embedded).await.unwrap());
    for needle in [
        "[[orgs.roles]]",
        "permissions = [\"view_workspace\", \"launch_pipelines\"]",
        "{ member = \"kim@x.org\", role = \"runner\" }",
        "{ team = \"staff\", role = \"runner\" }",
    ] {
        assert!(exported.contains(needle), "{needle} in:\n{exported}");
    }
    let (result, out) = apply(&remote, ROLES, false).await;
    result.unwrap();
    assert!(out.contains("Nothing to change"), "{out}");

    let second = Server::start().await;
    let remote2 = second.remote(OPERATOR).await;
    let (result, out) = apply(&remote2, &exported, false).await;
    result.unwrap_or_else(|e| panic!("{e}\n{out}"));
    let again = export(&remote2).await.unwrap();
    assert_eq!(
        again.split("[[orgs]]").skip(1).collect::<Vec<_>>(),
        exported.split("[[orgs]]").skip(1).collect::<Vec<_>>()
    );
}
