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

/// A collaborator may not read the org's members and teams. A file that only changes a
/// pipeline is refused with the pipeline rule it breaks, not that visibility rule; a file that
/// manages the org's people is refused with the visibility rule; and export refuses rather
/// than write an org without its owners (issue 15, bug 9).
#[tokio::test]
async fn a_view_collaborator_is_refused_with_the_rule_the_change_breaks() {
    let op = operator_client();
    apply(&op, DEMO_TOML).await.unwrap();
    let eve = acting_as(&op, "eve@partner.example").await;
    let pipeline_only = r#"
[[orgs]]
name = "biolab"

[[orgs.workspaces]]
name = "shared-pipelines"

[[orgs.workspaces.pipelines]]
name = "ampliseq"
description = "changed by a viewer"
repository = "https://github.com/nf-core/ampliseq"
revision = "2.11.0"
"#;
    let before = audit_total(&op).await;
    let err = apply(&eve, pipeline_only).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(
        err.message.contains(
            "to add, edit or delete pipelines you need the owner, admin or maintain role (yours is view)"
        ),
        "{err}"
    );
    let people = pipeline_only.replace(
        "name = \"biolab\"\n",
        "name = \"biolab\"\nmembers = [\"chen@biolab.example\"]\n",
    );
    let err = apply(&eve, &people).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(
        err.message
            .contains("collaborators cannot see the org's members and teams, so this file cannot manage its people"),
        "{err}"
    );
    let err = export(&eve).await.unwrap_err();
    assert!(err.message.contains("collaborators cannot see"), "{err}");
    assert_eq!(audit_total(&op).await, before, "nothing was written");
}
