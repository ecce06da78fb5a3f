//! An apply runs with the acting user's rights: a `launch` participant cannot change
//! pipelines but may import its own runs; only the operator sets an org's credits.

use super::contents::FULL;
use super::*;

/// The shared workspace as ben (a `launch` participant) would write it, plus `extra`.
fn as_ben(extra: &str) -> String {
    format!(
        r#"
[[orgs]]
name = "lab"
full_name = "Lab"
owners = ["ana@x.org"]

[[orgs.workspaces]]
name = "shared"
full_name = "Shared"
visibility = "SHARED"
{extra}"#
    )
}

#[tokio::test]
async fn a_launch_participant_cannot_change_a_pipeline() {
    let op = operator_client();
    apply(&op, FULL).await.unwrap();
    let ben = acting_as(&op, "ben@x.org").await;
    let text = as_ben(
        "\n[[orgs.workspaces.pipelines]]\nname = \"rnaseq\"\nrepository = \"https://github.com/nf-core/rnaseq\"\nrevision = \"3.15.0\"\n",
    );
    let before = audit_total(&op).await;
    let err = apply(&ben, &text).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(
        err.message.contains(
            "to add, edit or delete pipelines you need the owner, admin or maintain role (yours is launch)"
        ),
        "{err}"
    );
    assert_eq!(audit_total(&op).await, before, "nothing was written");
    let shared = scope_of(&op, "lab", "shared").await;
    let p = op
        .list_pipelines(shared, PipelineQuery::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|p| p.name == "rnaseq")
        .unwrap();
    assert_eq!(p.revision.as_deref(), Some("3.14.0"));
}

#[tokio::test]
async fn a_launch_participant_imports_its_own_runs_only() {
    let op = operator_client();
    apply(&op, FULL).await.unwrap();
    let ben = acting_as(&op, "ben@x.org").await;
    let own = as_ben(
        "runs = [\n  { pipeline = \"rnaseq\", run_name = \"bens_run\", status = \"SUBMITTED\", submit = \"2026-11-01T08:00:00Z\" },\n]\n",
    );
    apply(&ben, &own).await.unwrap();
    let shared = scope_of(&op, "lab", "shared").await;
    let runs = op
        .list_runs(shared, RunQuery::default())
        .await
        .unwrap()
        .items;
    let run = runs.iter().find(|r| r.run_name == "bens_run").unwrap();
    assert_eq!(run.user_name, "ben");
    let before = audit_total(&op).await;
    let others = own.replace("bens_run", "cys_run").replace(
        "status = \"SUBMITTED\"",
        "user = \"cy\", status = \"SUBMITTED\"",
    );
    let err = apply(&ben, &others).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(
        err.message
            .contains("only the operator may import runs of another user ('cy')"),
        "{err}"
    );
    assert_eq!(audit_total(&op).await, before);
}

#[tokio::test]
async fn only_the_operator_sets_an_orgs_credits() {
    let op = operator_client();
    apply(&op, FULL).await.unwrap();
    let ana = acting_as(&op, "ana@x.org").await;
    // The owner's file may name the balance it has...
    let same =
        "[[orgs]]\nname = \"lab\"\nfull_name = \"Lab\"\nowners = [\"ana@x.org\"]\ncredits = 100\n";
    assert!(plan(&ana, same).await.unwrap().is_empty());
    // ...but not change it.
    let before = audit_total(&op).await;
    let err = apply(&ana, &same.replace("credits = 100", "credits = 999"))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(
        err.message
            .contains("only the operator may set an org's credit balance"),
        "{err}"
    );
    assert_eq!(audit_total(&op).await, before);
    // The owner gives allocations.
    let allocation = format!(
        "{same}\n[[orgs.workspaces]]\nname = \"shared\"\nfull_name = \"Shared\"\nvisibility = \"SHARED\"\ncredits_allocation = 60\n"
    );
    apply(&ana, &allocation).await.unwrap();
    let shared = scope_of(&op, "lab", "shared").await;
    assert_eq!(
        op.workspace_credits(shared).await.unwrap().allocation,
        Some(Credits::units(60))
    );
}
