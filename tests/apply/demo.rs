//! The demo file: it applies, a second apply changes nothing, it has something for every
//! screen, and export -> apply on an empty database gives back the same state.

use super::*;
use std::collections::BTreeSet;

#[tokio::test]
async fn the_demo_applies_and_a_second_apply_changes_nothing() {
    let client = operator_client();
    let first = apply(&client, DEMO_TOML).await.unwrap();
    assert!(first.count(Action::Create) > 400, "{}", first.summary());
    let audit = audit_total(&client).await;
    // No secret is needed when nothing changes: secrets are written only with other changes.
    let second = declarative::prepare_with(&client, DEMO_TOML, "demo", false, &no_secrets)
        .await
        .unwrap();
    assert!(second.is_empty(), "second plan:\n{second}");
    assert_eq!(
        second.count(Action::Create) + second.count(Action::Update),
        0
    );
    assert!(
        second.count(Action::Unchanged) > 400,
        "{}",
        second.summary()
    );
    declarative::execute(&client, &second, false).await.unwrap();
    assert_eq!(audit_total(&client).await, audit, "nothing was written");
}

#[tokio::test]
async fn the_demo_has_something_for_every_screen() {
    let client = nfdeck::commands::demo::in_memory().await.unwrap();
    let mut statuses = BTreeSet::new();
    let mut runs = 0;
    for ws in ["shared-pipelines", "rnaseq", "single-cell", "sandbox"] {
        let scope = scope_of(&client, "biolab", ws).await;
        let envs = client.list_compute_envs(scope, None).await.unwrap();
        assert_eq!(
            envs.iter().filter(|e| e.primary).count(),
            1,
            "{ws}: a primary"
        );
        let page = client
            .list_runs(
                scope,
                RunQuery {
                    page: Page::first(1000),
                    status: None,
                },
            )
            .await
            .unwrap();
        runs += page.total;
        statuses.extend(page.items.iter().map(|r| r.status.to_string()));
    }
    assert!(runs >= 200, "{runs} runs in biolab");
    assert_eq!(statuses.len(), 6, "every status: {statuses:?}");

    let shared = scope_of(&client, "biolab", "shared-pipelines").await;
    let envs = client.list_compute_envs(shared, None).await.unwrap();
    assert!(envs.iter().any(|e| e.platform == Platform::SeqeraCompute));
    let pipelines = client
        .list_pipelines(shared, PipelineQuery::default())
        .await
        .unwrap()
        .items;
    assert!(pipelines.iter().any(|p| p.compute_env_id.is_some()));
    assert!(pipelines.iter().any(|p| p.compute_env_id.is_none()));
    assert!(pipelines.iter().all(|p| !p.labels.is_empty()));
    let actions = client.list_actions(shared).await.unwrap();
    assert!(actions.iter().any(|a| a.status == ActionStatus::Paused));
    let creds = client.list_credentials(shared, None).await.unwrap();
    assert!(creds.iter().all(|c| !c.secret_names.is_empty()));

    let rnaseq = scope_of(&client, "biolab", "rnaseq").await;
    let envs = client.list_compute_envs(rnaseq, None).await.unwrap();
    assert!(
        envs.iter()
            .any(|e| e.platform == Platform::Slurm && e.primary)
    );
    assert!(envs.iter().any(|e| e.status == ComputeEnvStatus::Disabled));
    let studios = client.studios_settings(rnaseq).await.unwrap();
    assert!(studios.private_by_default);
    let labels = client
        .list_labels(rnaseq, LabelType::Resource, Page::default())
        .await
        .unwrap();
    assert!(labels.items.iter().any(|l| l.is_default));

    let credits = client.workspace_credits(rnaseq).await.unwrap();
    assert_eq!(credits.org_balance, Credits::units(2500));
    assert_eq!(credits.allocation, Some(Credits::units(300)));
    assert!(
        credits.spend.is_positive(),
        "Seqera Compute runs spent credits"
    );
    assert!(credits.available.is_positive(), "{credits:?}");
    let billing = client.org_billing(credits.org_id).await.unwrap();
    assert!(billing.unallocated.is_positive(), "{billing:?}");
    assert!(billing.workspaces.iter().all(|w| match w.allocation {
        Some(a) => w.spend < a,
        None => true,
    }));
}

#[tokio::test]
async fn export_then_apply_on_an_empty_database_gives_the_same_state() {
    let first = operator_client();
    apply(&first, DEMO_TOML).await.unwrap();
    let exported = export(&first).await.unwrap();
    for needle in [
        "participants = [",
        "credits = 2500",
        "credits_allocation = 300",
        "studios = { lifespan_hours = 12, private_by_default = true }",
        "[[orgs.workspaces.compute_envs]]",
        "platform = \"seqeracompute-platform\"",
        "secret_env = { secretKey = \"NFDECK_SECRET_BIOLAB_SHARED_PIPELINES_AWS_PROD_SECRET_KEY\" }",
        "[[orgs.workspaces.actions]]",
        "pipeline = \"shared-pipelines/sarek\"",
        "revision = \"3.13.2\"",
        "compute_env = \"local-dev\"",
        "status = \"UNKNOWN\"",
    ] {
        assert!(exported.contains(needle), "{needle} in:\n{exported}");
    }
    assert!(!exported.contains("demo-only-not-a-real-secret"));
    let second = operator_client();
    apply(&second, &exported).await.unwrap();
    assert_eq!(export(&second).await.unwrap(), exported);
    // And the export applies to its own database as "nothing to change".
    let again = plan(&first, &exported).await.unwrap();
    assert!(again.is_empty(), "{again}");
}
