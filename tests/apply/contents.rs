//! Workspace contents: org credits, Studios, labels, allocations, credentials, compute envs,
//! pipelines, actions and runs. Plans name each object and the changed fields; a second apply
//! plans nothing; a file that fails in its last object writes nothing; prune removes what the
//! file leaves out, never runs.

use super::*;

/// One org with a SHARED and a PRIVATE workspace, and a bit of everything.
pub const FULL: &str = r#"
[[orgs]]
name = "lab"
full_name = "Lab"
tier = "pro"
owners = ["ana@x.org"]
members = ["ben@x.org", "cy@x.org"]
credits = 100

[[orgs.workspaces]]
name = "shared"
full_name = "Shared"
visibility = "SHARED"
participants = [
  { member = "ben@x.org", role = "launch" },
  { member = "cy@x.org", role = "maintain" },
]
studios = { lifespan_hours = 24, private_by_default = true }
labels = ["rna", "prod"]
resource_labels = [{ key = "project", value = "atlas", default = true }]
credits_allocation = 40
runs = [
  { pipeline = "rnaseq", run_name = "happy_darwin", status = "SUCCEEDED", submit = "2026-10-01T08:00:00Z", duration_s = 3600, user = "ben", succeeded = 10, cpu_hours = 20, gib_hours = 80 },
  { pipeline = "rnaseq", run_name = "busy_curie", status = "RUNNING", submit = "2026-10-02T08:00:00Z", running = 2, pending = 3, cpu_hours = 1.5 },
  { pipeline = "hello", run_name = "tiny_hopper", status = "FAILED", submit = "2026-10-03T08:00:00Z", duration_s = 12.5, failed = 1, compute_env = "sc", cpu_hours = 20, gib_hours = 80, exit_status = 1, error_message = "boom" },
]

[[orgs.workspaces.credentials]]
name = "aws-prod"
provider = "aws"
keys = { accessKey = "AKIA1" }
secret_env = { secretKey = "TEST_AWS_SECRET" }

[[orgs.workspaces.credentials]]
name = "seqera"
provider = "seqeracompute"
keys = { accessKey = "AKIA2" }
secret_env = { secretKey = "TEST_SEQERA_SECRET" }

[[orgs.workspaces.compute_envs]]
name = "batch"
platform = "aws-batch"
credentials = "aws-prod"
work_dir = "s3://bucket/work"
resource_labels = ["project=atlas"]
primary = true

[[orgs.workspaces.compute_envs]]
name = "sc"
platform = "seqeracompute-platform"
credentials = "seqera"
work_dir = "s3://seqera/work"

[[orgs.workspaces.pipelines]]
name = "rnaseq"
repository = "https://github.com/nf-core/rnaseq"
revision = "3.14.0"
compute_env = "batch"
profiles = ["docker"]
params = "{ \"outdir\": \"results\" }"
labels = ["rna"]

[[orgs.workspaces.pipelines]]
name = "hello"
repository = "https://github.com/nextflow-io/hello"

[[orgs.workspaces.actions]]
name = "on-push"
source = "github"
pipeline = "rnaseq"

[[orgs.workspaces]]
name = "private"
full_name = "Private"
participants = [{ member = "ben@x.org", role = "launch" }]
runs = [
  { pipeline = "shared/rnaseq", run_name = "calm_turing", status = "CANCELLED", submit = "2026-10-04T08:00:00Z", duration_s = 60, user = "ben" },
]

[[orgs.workspaces.compute_envs]]
name = "local"
platform = "local-platform"
work_dir = "/tmp/work"
primary = true
"#;

fn has(text: &str, line: &str) {
    assert!(text.contains(line), "expected {line:?} in:\n{text}");
}

#[tokio::test]
async fn the_plan_names_every_new_object() {
    let client = operator_client();
    let text = plan(&client, FULL).await.unwrap().to_string();
    for line in [
        "~ update    org lab credits: 0.00 -> 100.00",
        "~ update    workspace lab/shared Studios settings: lifespan_hours 8 -> 24, private_by_default false -> true",
        "+ create    workspace lab/shared label rna",
        "+ create    workspace lab/shared resource label project=atlas: default",
        "+ create    workspace lab/shared credits allocation: 40.00",
        "+ create    workspace lab/shared credentials aws-prod: aws, secrets from $TEST_AWS_SECRET",
        "+ create    workspace lab/shared compute env batch: aws-batch",
        "~ update    workspace lab/shared primary compute env: none -> 'batch'",
        "+ create    workspace lab/shared pipeline rnaseq: https://github.com/nf-core/rnaseq 3.14.0",
        "+ create    workspace lab/shared action on-push: github, pipeline rnaseq",
        "+ create    workspace lab/shared run happy_darwin (2026-10-01T08:00:00.000Z): SUCCEEDED",
        "+ create    workspace lab/private run calm_turing (2026-10-04T08:00:00.000Z): CANCELLED",
    ] {
        has(&text, line);
    }
}

#[tokio::test]
async fn everything_in_the_file_is_there_after_apply() {
    let client = operator_client();
    apply(&client, FULL).await.unwrap();
    let shared = scope_of(&client, "lab", "shared").await;
    let primary = client.primary_compute_env(shared).await.unwrap().unwrap();
    assert_eq!(primary.name, "batch");
    assert_eq!(primary.credentials_name.as_deref(), Some("aws-prod"));
    assert_eq!(primary.labels[0].to_string(), "project=atlas");
    let rnaseq = client
        .list_pipelines(shared, PipelineQuery::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|p| p.name == "rnaseq")
        .unwrap();
    assert_eq!(rnaseq.compute_env_name.as_deref(), Some("batch"));
    assert_eq!(rnaseq.labels[0].name, "rna");
    let settings = client.studios_settings(shared).await.unwrap();
    assert_eq!(
        (settings.lifespan_hours, settings.private_by_default),
        (24, true)
    );
    let runs = client
        .list_runs(shared, RunQuery::default())
        .await
        .unwrap()
        .items;
    assert_eq!(runs.len(), 3);
    let done = runs.iter().find(|r| r.run_name == "happy_darwin").unwrap();
    assert_eq!(done.start.as_deref(), Some("2026-10-01T08:00:00.000Z"));
    assert_eq!(done.complete.as_deref(), Some("2026-10-01T09:00:00.000Z"));
    assert_eq!(done.duration_ms, Some(3_600_000));
    assert_eq!(
        done.revision.as_deref(),
        Some("3.14.0"),
        "from the pipeline"
    );
    assert_eq!(
        done.work_dir.as_deref(),
        Some("s3://bucket/work"),
        "from its env"
    );
    assert_eq!(done.compute_env_name.as_deref(), Some("batch"));
    assert_eq!(done.user_name, "ben");
    assert!((done.usage.cost - 4.0).abs() < 1e-9);
    // Only the Seqera Compute run spends credits.
    let credits = client.workspace_credits(shared).await.unwrap();
    assert_eq!(credits.org_balance, Credits::units(100));
    assert_eq!(credits.allocation, Some(Credits::units(40)));
    assert_eq!(credits.spend, Credits::units(4), "{credits:?}");
    let private = scope_of(&client, "lab", "private").await;
    let cancelled = &client
        .list_runs(private, RunQuery::default())
        .await
        .unwrap()
        .items[0];
    assert_eq!(cancelled.status, WorkflowStatus::Cancelled);
    assert_eq!(cancelled.start, None);
    assert_eq!(cancelled.project_name, "nf-core/rnaseq");
    assert_eq!(
        cancelled.compute_env_name.as_deref(),
        Some("batch"),
        "the shared pipeline's env"
    );
}

#[tokio::test]
async fn a_second_apply_changes_nothing_and_needs_no_secret() {
    let client = operator_client();
    apply(&client, FULL).await.unwrap();
    let audit = audit_total(&client).await;
    let again = declarative::prepare_with(&client, FULL, "full", false, &no_secrets)
        .await
        .unwrap();
    assert!(again.is_empty(), "{again}");
    declarative::execute(&client, &again, false).await.unwrap();
    assert_eq!(audit_total(&client).await, audit);
}

#[tokio::test]
async fn changed_fields_are_planned_as_updates() {
    let client = operator_client();
    apply(&client, FULL).await.unwrap();
    let changed = FULL
        .replace("revision = \"3.14.0\"", "revision = \"3.15.0\"")
        .replace("accessKey = \"AKIA1\"", "accessKey = \"AKIA9\"")
        .replace("lifespan_hours = 24", "lifespan_hours = 0")
        .replace("credits_allocation = 40", "credits_allocation = 50")
        .replace(
            "pipeline = \"rnaseq\"\n",
            "pipeline = \"rnaseq\"\npaused = true\n",
        )
        .replace(
            "status = \"RUNNING\", submit = \"2026-10-02T08:00:00Z\", running = 2, pending = 3, cpu_hours = 1.5",
            "status = \"SUCCEEDED\", submit = \"2026-10-02T08:00:00Z\", duration_s = 5",
        )
        .replace("{ key = \"project\", value = \"atlas\", default = true }", "{ key = \"project\", value = \"atlas\" }");
    let plan = plan(&client, &changed).await.unwrap();
    let text = plan.to_string();
    for line in [
        "~ update    workspace lab/shared pipeline rnaseq: revision '3.14.0' -> '3.15.0'",
        "~ update    workspace lab/shared credentials aws-prod: keys.accessKey 'AKIA1' -> 'AKIA9', secrets from $TEST_AWS_SECRET",
        "= unchanged workspace lab/shared credentials seqera",
        "~ update    workspace lab/shared Studios settings: lifespan_hours 24 -> 0",
        "~ update    workspace lab/shared credits allocation: 40.00 -> 50.00",
        "~ update    workspace lab/shared action on-push: ACTIVE -> PAUSED",
        "~ update    workspace lab/shared resource label project=atlas: default true -> false",
        "= unchanged workspace lab/shared run busy_curie (2026-10-02T08:00:00.000Z): RUNNING here, SUCCEEDED in the file (imported runs are not updated)",
    ] {
        has(&text, line);
    }
    assert_eq!(plan.count(Action::Update), 6, "{text}");
    assert_eq!(plan.count(Action::Create), 0, "{text}");
    declarative::execute(&client, &plan, false).await.unwrap();
    let after = declarative::prepare_with(&client, &changed, "x", false, &no_secrets)
        .await
        .unwrap();
    assert!(after.is_empty(), "{after}");
}

#[tokio::test]
async fn an_action_that_differs_is_replaced() {
    let client = operator_client();
    apply(&client, FULL).await.unwrap();
    let changed = FULL.replace(
        "source = \"github\"\npipeline = \"rnaseq\"",
        "source = \"tower\"\npipeline = \"hello\"",
    );
    let plan = plan(&client, &changed).await.unwrap();
    has(
        &plan.to_string(),
        "~ update    workspace lab/shared action on-push: source 'github' -> 'tower', pipeline 'rnaseq' -> 'hello' (replaced: actions cannot be edited; a tower action gets a new endpoint)",
    );
    declarative::execute(&client, &plan, false).await.unwrap();
    let shared = scope_of(&client, "lab", "shared").await;
    let actions = client.list_actions(shared).await.unwrap();
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0].pipeline_name, "hello");
    assert_eq!(actions[0].source, ActionSource::Tower);
}

#[tokio::test]
async fn a_file_that_fails_in_its_last_object_writes_nothing() {
    let operator = operator_client();
    apply(&operator, FULL).await.unwrap();
    let ana = acting_as(&operator, "ana@x.org").await;
    let before = audit_total(&operator).await;
    // The last object imports a run attributed to another user, which only the operator may
    // do: the engine finds out after every other change of the file has run.
    let text = format!(
        "{FULL}
[[orgs.workspaces.pipelines]]
name = \"mine\"
repository = \"https://github.com/x/mine\"

[[orgs.workspaces]]
name = \"late\"
full_name = \"Late\"
runs = [
  {{ pipeline = \"private/mine\", run_name = \"last_one\", status = \"SUCCEEDED\", submit = \"2026-10-05T08:00:00Z\", duration_s = 1, user = \"ben\" }},
]
"
    );
    let plan = plan(&ana, &text).await.unwrap();
    let last = plan.changes().pop().unwrap();
    assert_eq!(last.object(), "workspace lab/late run last_one");
    let err = declarative::execute(&ana, &plan, false).await.unwrap_err();
    assert!(
        err.message
            .contains("only the operator may import runs of another user ('ben')"),
        "{err}"
    );
    assert!(err.message.contains("run 'last_one'"), "{err}");
    assert_eq!(audit_total(&operator).await, before, "nothing was written");
    let org = operator.list_orgs().await.unwrap()[0].id;
    let names: Vec<String> = operator
        .list_org_workspaces(org)
        .await
        .unwrap()
        .into_iter()
        .map(|w| w.name)
        .collect();
    assert_eq!(names, ["private", "shared"], "no workspace 'late'");
}

#[tokio::test]
async fn references_to_missing_objects_are_all_named() {
    let client = operator_client();
    let text = FULL
        .replace(
            "compute_env = \"batch\"\nprofiles",
            "compute_env = \"nope\"\nprofiles",
        )
        .replace("labels = [\"rna\"]\n", "labels = [\"ghost\"]\n")
        .replace("credentials = \"seqera\"", "credentials = \"missing\"");
    let err = plan(&client, &text).await.unwrap_err();
    let msg = err.message;
    assert!(msg.contains("the file has 3 problems"), "{msg}");
    assert!(
        msg.contains("workspace lab/shared pipeline rnaseq: compute env 'nope' is not in workspace lab/shared; add it under its compute_envs"),
        "{msg}"
    );
    assert!(
        msg.contains("label 'ghost' is not in workspace lab/shared"),
        "{msg}"
    );
    assert!(
        msg.contains("compute env sc: credentials 'missing'"),
        "{msg}"
    );
}

#[tokio::test]
async fn a_dry_run_checks_the_contents_and_writes_nothing() {
    let client = operator_client();
    let plan = plan(&client, FULL).await.unwrap();
    declarative::execute(&client, &plan, true).await.unwrap();
    assert!(client.list_orgs().await.unwrap().is_empty());
}

#[tokio::test]
async fn prune_removes_contents_the_file_leaves_out_but_never_runs() {
    let client = operator_client();
    apply(&client, FULL).await.unwrap();
    // Leave out the "sc" compute env and its credentials, the hello pipeline (and with it the
    // run that used them stays), the action and the label "prod".
    let trimmed = FULL
        .replace(
            "\n[[orgs.workspaces.credentials]]\nname = \"seqera\"\nprovider = \"seqeracompute\"\nkeys = { accessKey = \"AKIA2\" }\nsecret_env = { secretKey = \"TEST_SEQERA_SECRET\" }\n",
            "",
        )
        .replace(
            "\n[[orgs.workspaces.compute_envs]]\nname = \"sc\"\nplatform = \"seqeracompute-platform\"\ncredentials = \"seqera\"\nwork_dir = \"s3://seqera/work\"\n",
            "",
        )
        .replace(
            "\n[[orgs.workspaces.pipelines]]\nname = \"hello\"\nrepository = \"https://github.com/nextflow-io/hello\"\n",
            "",
        )
        .replace(
            "\n[[orgs.workspaces.actions]]\nname = \"on-push\"\nsource = \"github\"\npipeline = \"rnaseq\"\n",
            "",
        )
        .replace("labels = [\"rna\", \"prod\"]", "labels = [\"rna\"]")
        .replace(
            "  { pipeline = \"hello\", run_name = \"tiny_hopper\", status = \"FAILED\", submit = \"2026-10-03T08:00:00Z\", duration_s = 12.5, failed = 1, compute_env = \"sc\", cpu_hours = 20, gib_hours = 80, exit_status = 1, error_message = \"boom\" },\n",
            "",
        );
    let kept = plan(&client, &trimmed).await.unwrap();
    assert!(
        kept.is_empty(),
        "without --prune nothing is removed:\n{kept}"
    );
    let pruned = declarative::prepare_with(&client, &trimmed, "t", true, &no_secrets)
        .await
        .unwrap();
    let text = pruned.to_string();
    for line in [
        "- remove    workspace lab/shared action on-push",
        "- remove    workspace lab/shared pipeline hello: and its actions (its runs stay)",
        "- remove    workspace lab/shared compute env sc",
        "- remove    workspace lab/shared credentials seqera",
        "- remove    workspace lab/shared label prod",
    ] {
        has(&text, line);
    }
    assert_eq!(pruned.count(Action::Remove), 5, "{text}");
    declarative::execute(&client, &pruned, false).await.unwrap();
    let shared = scope_of(&client, "lab", "shared").await;
    assert_eq!(
        client.list_compute_envs(shared, None).await.unwrap().len(),
        1
    );
    assert_eq!(
        client.list_credentials(shared, None).await.unwrap().len(),
        1
    );
    assert!(client.list_actions(shared).await.unwrap().is_empty());
    let runs = client.list_runs(shared, RunQuery::default()).await.unwrap();
    assert_eq!(runs.total, 3, "runs are never pruned");
    let again = declarative::prepare_with(&client, &trimmed, "t", true, &no_secrets)
        .await
        .unwrap();
    assert!(again.is_empty(), "{again}");
}

#[tokio::test]
async fn with_prune_references_must_be_in_the_file() {
    let client = operator_client();
    apply(&client, FULL).await.unwrap();
    let text = FULL.replace(
        "\n[[orgs.workspaces.credentials]]\nname = \"aws-prod\"\nprovider = \"aws\"\nkeys = { accessKey = \"AKIA1\" }\nsecret_env = { secretKey = \"TEST_AWS_SECRET\" }\n",
        "",
    );
    assert!(plan(&client, &text).await.is_ok(), "kept without --prune");
    let err = declarative::prepare_with(&client, &text, "t", true, &test_secrets)
        .await
        .unwrap_err();
    assert!(
        err.message.contains(
            "credentials 'aws-prod' is not in workspace lab/shared; add it under its credentials (with --prune, what the file refers to must be in the file)"
        ),
        "{err}"
    );
}

#[test]
fn runs_of_one_workspace_become_one_change() {
    let desired =
        declarative::desired::check(&declarative::format::File::parse(FULL, "full").unwrap())
            .unwrap();
    let plan = declarative::plan::build_with(
        &desired,
        &declarative::state::State::default(),
        "root@localhost",
        false,
        &test_secrets,
    )
    .unwrap();
    let imports: Vec<usize> = plan
        .changes()
        .iter()
        .filter_map(|c| match c {
            nfdeck::domain::changes::Change::Workspace {
                change: nfdeck::domain::changes::WorkspaceChange::ImportRuns(runs),
                ..
            } => Some(runs.len()),
            _ => None,
        })
        .collect();
    assert_eq!(imports, vec![3, 1], "one import per workspace");
}

#[tokio::test]
async fn the_engine_refuses_to_import_a_run_twice() {
    let client = operator_client();
    let plan = plan(&client, FULL).await.unwrap();
    declarative::execute(&client, &plan, false).await.unwrap();
    let imports: Vec<_> = plan
        .changes()
        .into_iter()
        .filter(|c| c.object().contains(" runs") || c.object().contains(" run "))
        .collect();
    assert_eq!(imports.len(), 2, "{imports:?}");
    let err = client
        .apply_changes(imports, false, changes::no_progress())
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert!(
        err.message
            .contains("run 'happy_darwin' submitted 2026-10-01T08:00:00.000Z: workspace 'lab/shared' already has this run (same name and submit time)"),
        "{err}"
    );
}
