//! The same rules through the client interface the TUI uses (embedded implementation).

use crate::support::*;
use nfdeck::client::embedded::EmbeddedClient;
use nfdeck::client::{SettingsClient, SharedClient};
use nfdeck::domain::*;
use std::sync::Arc;

#[tokio::test]
async fn the_launchpad_flow_through_the_client() {
    let lab = lab();
    let scope = lab_scope(&lab);
    let org = lab.org.id;
    let op = lab.op.clone();
    let ana = EmbeddedClient::new(lab.engine, lab.ana);
    let client: SharedClient = Arc::new(ana.clone());
    let creds = client
        .create_credentials(scope, aws_fields("aws", "top-secret"))
        .await
        .unwrap();
    assert_eq!(creds.secret_names, vec!["secretKey"]);
    let env = client
        .create_compute_env(
            scope,
            env_fields("batch", Platform::AwsBatch, Some(&creds.id)),
        )
        .await
        .unwrap();
    client.make_primary(scope, env.id.clone()).await.unwrap();
    let label = client
        .create_label(scope, LabelFields::simple("rna"))
        .await
        .unwrap();
    let mut fields = pipeline_fields("rnaseq");
    fields.label_ids = vec![label.id];
    let p = client.create_pipeline(scope, fields).await.unwrap();
    let listed = client
        .list_pipelines(
            scope,
            PipelineQuery {
                label: Some("rna".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(listed.total, 1);
    let options = client.launch_options(scope, p.id, None).await.unwrap();
    assert_eq!(
        options.default_compute_env.map(|e| e.id),
        Some(env.id.clone())
    );
    let run = client
        .launch(scope, LaunchRequest::new(p.id))
        .await
        .unwrap();
    let runs = client.list_runs(scope, RunQuery::default()).await.unwrap();
    assert_eq!(runs.items[0].id, run.id);
    let cancelled = client.cancel_run(scope, run.id.clone()).await.unwrap();
    assert_eq!(cancelled.status, WorkflowStatus::Cancelled);
    let err = client.cancel_run(scope, run.id).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Conflict);
    let studios = client.studios_settings(scope).await.unwrap();
    assert_eq!(studios.lifespan_hours, 8);
    let estimate = client.estimate_cost(10.0, 40.0, 40.0);
    assert!((estimate.total() - 3.0).abs() < 1e-9);
    let operator = ana.acting_as(op);
    operator
        .set_org_credits(org, Credits::units(50))
        .await
        .unwrap();
    let credits = client.workspace_credits(scope).await.unwrap();
    assert_eq!(credits.available, Credits::units(50));
    let err = client
        .delete_credentials(scope, creds.id)
        .await
        .unwrap_err();
    assert!(err.message.contains("used by compute env 'batch'"), "{err}");
}
