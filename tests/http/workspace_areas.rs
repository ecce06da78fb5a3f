//! The workspace areas (compute environments, credentials, Launchpad, runs, actions, Studios
//! settings, labels, credits) written once against the `Client` traits and run on the
//! embedded engine and through `nfdeck serve` with the remote client. Only what the API
//! carries is compared: a secret's presence, a run's compute environment id and a list
//! entry's dates do not travel.

use crate::on_both;
use crate::support::{Backend, OPERATOR};
use nfdeck::client::SharedClient;
use nfdeck::domain::*;

const ANA: &str = "ana@lab.test";
const BEN: &str = "ben@lab.test";

fn kind<T: std::fmt::Debug>(r: Result<T>) -> ErrorKind {
    r.expect_err("expected an error").kind
}

/// ana's pro org `lab1` with workspace `lab`, and ben a member with `view` there.
async fn lab(b: &dyn Backend) -> (SharedClient, SharedClient, OrgId, Scope) {
    let root = b.client(OPERATOR).await;
    let ana = b.client(ANA).await;
    let ben = b.client(BEN).await;
    let org = root
        .create_org(OrgFields {
            name: "lab1".into(),
            full_name: "Lab".into(),
            tier: Tier::Pro,
            ..Default::default()
        })
        .await
        .unwrap()
        .id;
    root.add_member(org, ANA).await.unwrap();
    let ana_m = root
        .list_members(org, Page::default().with_search("ana"))
        .await
        .unwrap();
    root.set_member_role(org, ana_m.items[0].member_id, OrgRole::Owner)
        .await
        .unwrap();
    let ws = ana
        .create_workspace(
            org,
            WorkspaceFields {
                name: "lab".into(),
                full_name: "Lab".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id;
    let ben_m = ana.add_member(org, BEN).await.unwrap();
    ana.add_participant(
        org,
        ws,
        ParticipantRef::Member(ben_m.member_id),
        Some(WspRole::View.into()),
    )
    .await
    .unwrap();
    (ana, ben, org, Scope::Workspace(ws))
}

fn aws(name: &str) -> CredentialsFields {
    CredentialsFields {
        name: name.into(),
        description: "prod account".into(),
        provider: Some(Provider::Aws),
        keys: [("accessKey".to_string(), "AKIAEXAMPLE".to_string())].into(),
        secrets: [("secretKey".to_string(), SecretString::from("s3cr3t"))].into(),
    }
}

fn env(name: &str, platform: Platform, credentials: Option<&str>) -> ComputeEnvFields {
    ComputeEnvFields {
        name: name.into(),
        description: String::new(),
        platform,
        credentials_id: credentials.map(str::to_string),
        work_dir: "/scratch/work".into(),
        region: None,
        label_ids: vec![],
    }
}

fn pipeline_fields(name: &str) -> PipelineFields {
    PipelineFields {
        name: name.into(),
        description: "Bulk RNA-seq".into(),
        repository: "https://github.com/nf-core/rnaseq".into(),
        revision: Some("3.14.0".into()),
        profiles: vec!["docker".into()],
        params: "outdir: results\n".into(),
        ..Default::default()
    }
}

on_both!(compute_and_credentials_on: compute_and_credentials);
async fn compute_and_credentials(b: &dyn Backend) {
    let (ana, ben, _, scope) = lab(b).await;
    let creds = ana
        .create_credentials(scope, aws("aws-prod"))
        .await
        .unwrap();
    assert_eq!(
        creds.keys.get("accessKey").map(String::as_str),
        Some("AKIAEXAMPLE")
    );
    assert!(
        !creds.keys.contains_key("secretKey"),
        "secrets never come back"
    );
    assert_eq!(
        ana.get_credentials(scope, creds.id.clone())
            .await
            .unwrap()
            .name,
        "aws-prod"
    );
    assert_eq!(ana.list_credentials(scope, None).await.unwrap().len(), 1);
    assert_eq!(
        ana.list_credentials(scope, Some(Provider::Github))
            .await
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        kind(ana.create_credentials(scope, aws("aws-prod")).await),
        ErrorKind::Conflict
    );
    let mut bad = aws("aws-2");
    bad.keys.insert("passphrase".into(), "x".into());
    assert_eq!(
        kind(ana.create_credentials(scope, bad).await),
        ErrorKind::Invalid
    );

    let mut batch_fields = env("batch", Platform::AwsBatch, Some(&creds.id));
    batch_fields.region = Some("eu-west-1".into());
    batch_fields.work_dir = "s3://bucket/work".into();
    let batch = ana
        .create_compute_env(scope, batch_fields.clone())
        .await
        .unwrap();
    assert_eq!(
        (batch.platform, batch.region.as_deref()),
        (Platform::AwsBatch, Some("eu-west-1"))
    );
    assert_eq!(batch.credentials_name.as_deref(), Some("aws-prod"));
    assert_eq!(
        (batch.status, batch.primary),
        (ComputeEnvStatus::Available, false)
    );
    let local = ana
        .create_compute_env(scope, env("local", Platform::Local, None))
        .await
        .unwrap();
    assert_eq!(
        kind(
            ana.create_compute_env(scope, env("slurm", Platform::Slurm, None))
                .await
        ),
        ErrorKind::Invalid
    );

    assert!(
        ana.make_primary(scope, local.id.clone())
            .await
            .unwrap()
            .primary
    );
    assert_eq!(
        ana.primary_compute_env(scope).await.unwrap().map(|e| e.id),
        Some(local.id.clone())
    );
    let listed = ana.list_compute_envs(scope, None).await.unwrap();
    assert_eq!(
        listed.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(),
        ["local", "batch"]
    );

    batch_fields.name = "batch-prod".into();
    let renamed = ana
        .update_compute_env(scope, batch.id.clone(), batch_fields)
        .await
        .unwrap();
    assert_eq!(renamed.name, "batch-prod");

    let disabled = ana
        .disable_compute_env(scope, local.id.clone())
        .await
        .unwrap();
    assert_eq!(
        (disabled.status, disabled.primary),
        (ComputeEnvStatus::Disabled, false)
    );
    assert_eq!(ana.primary_compute_env(scope).await.unwrap(), None);
    let available = ana
        .list_compute_envs(scope, Some(ComputeEnvStatus::Available))
        .await
        .unwrap();
    assert_eq!(available.len(), 1);
    ana.enable_compute_env(scope, local.id.clone())
        .await
        .unwrap();

    let in_use = ana
        .delete_credentials(scope, creds.id.clone())
        .await
        .unwrap_err();
    assert_eq!(in_use.kind, ErrorKind::Conflict, "{in_use}");
    let refused = ben
        .create_compute_env(scope, env("mine", Platform::Local, None))
        .await
        .unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Forbidden);
    assert!(refused.message.contains("yours is view"), "{refused}");
    assert_eq!(ben.list_compute_envs(scope, None).await.unwrap().len(), 2);

    ana.delete_compute_env(scope, batch.id.clone())
        .await
        .unwrap();
    ana.delete_credentials(scope, creds.id).await.unwrap();
    assert_eq!(
        kind(ana.get_compute_env(scope, batch.id).await),
        ErrorKind::NotFound
    );
}

on_both!(launchpad_and_runs_on: launchpad_and_runs);
async fn launchpad_and_runs(b: &dyn Backend) {
    let (ana, ben, org, scope) = lab(b).await;
    let local = ana
        .create_compute_env(scope, env("local", Platform::Local, None))
        .await
        .unwrap();
    ana.make_primary(scope, local.id.clone()).await.unwrap();
    let p = ana
        .create_pipeline(scope, pipeline_fields("rnaseq"))
        .await
        .unwrap();
    assert_eq!(
        (p.revision.as_deref(), p.profiles.clone()),
        (Some("3.14.0"), vec!["docker".to_string()])
    );
    assert_eq!((p.params.as_str(), p.shared), ("outdir: results\n", false));
    assert_eq!(ana.get_pipeline(scope, p.id, None).await.unwrap(), p);
    assert_eq!(
        kind(ana.create_pipeline(scope, pipeline_fields("rnaseq")).await),
        ErrorKind::Conflict
    );
    let mut fields = pipeline_fields("rnaseq");
    fields.revision = Some("3.15.0".into());
    let updated = ana.update_pipeline(scope, p.id, fields).await.unwrap();
    assert_eq!(updated.revision.as_deref(), Some("3.15.0"));
    assert_eq!(
        ana.pipeline_usage(scope).await.unwrap().to_string(),
        "1/100"
    );

    // A SHARED workspace's pipeline is listed with "all", marked with its workspace.
    let shared_ws = ana
        .create_workspace(
            org,
            WorkspaceFields {
                name: "shared".into(),
                full_name: "Shared".into(),
                visibility: Visibility::Shared,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id;
    let sarek = ana
        .create_pipeline(Scope::Workspace(shared_ws), pipeline_fields("sarek"))
        .await
        .unwrap();
    let own = ana
        .list_pipelines(scope, PipelineQuery::default())
        .await
        .unwrap();
    assert_eq!(
        own.items
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["rnaseq"]
    );
    let all = ana
        .list_pipelines(
            scope,
            PipelineQuery {
                visibility: PipelineVisibility::All,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let listed: Vec<_> = all
        .items
        .iter()
        .map(|p| (p.name.as_str(), p.shared, p.workspace_name.as_str()))
        .collect();
    assert_eq!(
        listed,
        [("rnaseq", false, "lab"), ("sarek", true, "shared")]
    );
    let from_shared = ana
        .get_pipeline(scope, sarek.id, Some(shared_ws))
        .await
        .unwrap();
    assert_eq!(
        (from_shared.shared, from_shared.revision.as_deref()),
        (true, Some("3.14.0"))
    );

    let options = ana.launch_options(scope, p.id, None).await.unwrap();
    assert_eq!(
        options.default_compute_env.map(|e| e.id),
        Some(local.id.clone())
    );
    let run = ana
        .launch(
            scope,
            LaunchRequest {
                run_name: Some("first".into()),
                ..LaunchRequest::new(p.id)
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (run.status, run.run_name.as_str()),
        (WorkflowStatus::Submitted, "first")
    );
    assert_eq!(
        (run.revision.as_deref(), run.pipeline_id),
        (Some("3.15.0"), Some(p.id))
    );
    assert_eq!(run.profiles, vec!["docker".to_string()]);
    assert_eq!(run.work_dir.as_deref(), Some("/scratch/work"));
    assert_eq!(run.platform, Some(Platform::Local));
    let refused = ben
        .launch(scope, LaunchRequest::new(p.id))
        .await
        .unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Forbidden);
    let bad = ana
        .launch(
            scope,
            LaunchRequest {
                params: Some("a: [".into()),
                ..LaunchRequest::new(p.id)
            },
        )
        .await
        .unwrap_err();
    assert_eq!(bad.kind, ErrorKind::Invalid, "{bad}");

    ana.launch(
        scope,
        LaunchRequest {
            run_name: Some("second".into()),
            ..LaunchRequest::new(p.id)
        },
    )
    .await
    .unwrap();
    let runs = ana.list_runs(scope, RunQuery::default()).await.unwrap();
    assert_eq!(
        runs.items
            .iter()
            .map(|r| r.run_name.as_str())
            .collect::<Vec<_>>(),
        ["second", "first"]
    );
    let cancelled = ana.cancel_run(scope, run.id.clone()).await.unwrap();
    assert_eq!(cancelled.status, WorkflowStatus::Cancelled);
    assert_eq!(
        kind(ana.cancel_run(scope, run.id.clone()).await),
        ErrorKind::Conflict
    );
    let only = ana
        .list_runs(
            scope,
            RunQuery {
                status: Some(WorkflowStatus::Cancelled),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (only.total, only.items[0].id.as_str()),
        (1, run.id.as_str())
    );
    let progress = ana.run_progress(scope, run.id).await.unwrap();
    assert_eq!(progress.status, WorkflowStatus::Cancelled);

    ana.delete_pipeline(scope, p.id).await.unwrap();
    assert_eq!(
        kind(ana.get_pipeline(scope, p.id, None).await),
        ErrorKind::NotFound
    );
}

on_both!(trace_calls_on: trace_calls);
async fn trace_calls(b: &dyn Backend) {
    let (ana, ben, _, scope) = lab(b).await;
    let id = ana
        .trace_create(
            scope,
            "9c8a6c9e-1d2f-4b57".into(),
            "happy_turing".into(),
            "nf-core/rnaseq".into(),
            None,
        )
        .await
        .unwrap();
    let begin = TraceBegin {
        work_dir: Some("/scratch/work".into()),
        revision: Some("3.14.0".into()),
        profiles: Some(vec!["test".into(), "docker".into()]),
    };
    let running = ana
        .trace_begin(scope, id.clone(), begin.clone())
        .await
        .unwrap();
    assert_eq!(
        (running.status, running.profiles.len()),
        (WorkflowStatus::Running, 2)
    );
    assert_eq!(
        kind(ana.trace_begin(scope, id.clone(), begin).await),
        ErrorKind::Conflict
    );
    let report = TraceProgress {
        counters: TaskCounters {
            pending: 2,
            running: 1,
            succeeded: 3,
            cached: 1,
            ..Default::default()
        },
        cpu_hours: 1.5,
        memory_gib_hours: 6.0,
    };
    let progressed = ana.trace_progress(scope, id.clone(), report).await.unwrap();
    assert_eq!(progressed.progress, report.counters);
    assert_eq!(
        (
            progressed.usage.cpu_hours,
            progressed.usage.memory_gib_hours
        ),
        (1.5, 6.0)
    );
    assert!(progressed.usage.cost > 0.0);
    assert_eq!(
        kind(ben.trace_progress(scope, id.clone(), report).await),
        ErrorKind::Forbidden
    );
    let done = ana
        .trace_complete(
            scope,
            id.clone(),
            TraceComplete {
                success: false,
                exit_status: Some(1),
                error_message: Some("Process FASTQC failed".into()),
                progress: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (done.status, done.exit_status),
        (WorkflowStatus::Failed, Some(1))
    );
    assert_eq!(done.error_message.as_deref(), Some("Process FASTQC failed"));
    assert_eq!(done.usage.cpu_hours, 1.5);
}

on_both!(actions_on: actions);
async fn actions(b: &dyn Backend) {
    let (ana, ben, _, scope) = lab(b).await;
    let local = ana
        .create_compute_env(scope, env("local", Platform::Local, None))
        .await
        .unwrap();
    ana.make_primary(scope, local.id).await.unwrap();
    let p = ana
        .create_pipeline(scope, pipeline_fields("rnaseq"))
        .await
        .unwrap();
    let fields = ActionFields {
        name: "nightly".into(),
        source: ActionSource::Tower,
        launch: LaunchRequest {
            revision: Some("3.14.0".into()),
            ..LaunchRequest::new(p.id)
        },
        label_ids: vec![],
    };
    let action = ana.add_action(scope, fields.clone()).await.unwrap();
    assert_eq!(
        (action.status, action.pipeline_name.as_str()),
        (ActionStatus::Active, "rnaseq")
    );
    assert_eq!(action.launch.revision.as_deref(), Some("3.14.0"));
    assert_eq!(
        kind(ana.add_action(scope, fields).await),
        ErrorKind::Conflict
    );
    assert_eq!(ana.list_actions(scope).await.unwrap(), vec![action.clone()]);
    assert_eq!(
        ana.pause_action(scope, action.id.clone())
            .await
            .unwrap()
            .status,
        ActionStatus::Paused
    );
    assert_eq!(
        ana.pause_action(scope, action.id.clone())
            .await
            .unwrap()
            .status,
        ActionStatus::Paused
    );
    assert_eq!(
        ana.resume_action(scope, action.id.clone())
            .await
            .unwrap()
            .status,
        ActionStatus::Active
    );
    let run = ana
        .run_action(
            scope,
            action.id.clone(),
            Some("{\"outdir\": \"nightly\"}".into()),
        )
        .await
        .unwrap();
    assert_eq!(
        (run.status, run.pipeline_id),
        (WorkflowStatus::Submitted, Some(p.id))
    );
    assert!(run.params.contains("nightly"), "{}", run.params);
    assert_eq!(
        kind(ben.delete_action(scope, action.id.clone()).await),
        ErrorKind::Forbidden
    );
    ana.delete_action(scope, action.id.clone()).await.unwrap();
    assert_eq!(
        kind(ana.get_action(scope, action.id).await),
        ErrorKind::NotFound
    );
}

on_both!(settings_on: settings);
async fn settings(b: &dyn Backend) {
    let (ana, ben, org, scope) = lab(b).await;
    assert_eq!(
        ana.studios_settings(scope).await.unwrap(),
        StudiosSettings::default()
    );
    let wanted = StudiosSettings {
        lifespan_hours: 0,
        private_by_default: true,
    };
    assert_eq!(
        ana.set_studios_settings(scope, wanted).await.unwrap(),
        wanted
    );
    assert_eq!(ben.studios_settings(scope).await.unwrap(), wanted);
    assert_eq!(
        kind(ben.set_studios_settings(scope, wanted).await),
        ErrorKind::Forbidden
    );
    let too_long = StudiosSettings {
        lifespan_hours: 121,
        private_by_default: false,
    };
    assert_eq!(
        kind(ana.set_studios_settings(scope, too_long).await),
        ErrorKind::Invalid
    );
    let personal = ana.studios_settings(Scope::Personal).await.unwrap_err();
    assert_eq!(personal.kind, ErrorKind::Invalid);
    assert!(
        personal.message.contains("only in organization workspaces"),
        "{personal}"
    );

    let rna = ana
        .create_label(scope, LabelFields::simple("rna"))
        .await
        .unwrap();
    assert_eq!((rna.name.as_str(), rna.resource), ("rna", false));
    let project = ana
        .create_label(scope, LabelFields::resource("project", "atlas", true))
        .await
        .unwrap();
    assert_eq!(
        (project.value.as_deref(), project.is_default),
        (Some("atlas"), true)
    );
    assert_eq!(
        kind(ana.create_label(scope, LabelFields::simple("rna")).await),
        ErrorKind::Conflict
    );
    assert_eq!(
        kind(ana.create_label(scope, LabelFields::simple("-x")).await),
        ErrorKind::Invalid
    );
    let resources = ana
        .list_labels(scope, LabelType::Resource, Page::default())
        .await
        .unwrap();
    assert_eq!(resources.items, vec![project.clone()]);
    let renamed = ana
        .update_label(
            scope,
            project.id,
            LabelFields::resource("project", "lung", false),
        )
        .await
        .unwrap();
    assert_eq!(
        (renamed.value.as_deref(), renamed.is_default),
        (Some("lung"), false)
    );
    assert_eq!(ana.label_usage(scope).await.unwrap().to_string(), "2/1000");
    assert_eq!(
        kind(ben.delete_label(scope, rna.id).await),
        ErrorKind::Forbidden
    );
    ana.delete_label(scope, rna.id).await.unwrap();
    assert_eq!(
        ana.list_labels(scope, LabelType::All, Page::default())
            .await
            .unwrap()
            .total,
        1
    );

    let root = b.client(OPERATOR).await;
    assert_eq!(
        root.set_org_credits(org, Credits::units(100))
            .await
            .unwrap()
            .balance,
        Credits::units(100)
    );
    assert_eq!(
        kind(ana.set_org_credits(org, Credits::units(1_000_000)).await),
        ErrorKind::Forbidden
    );
    let Scope::Workspace(ws) = scope else {
        panic!("lab is an org workspace")
    };
    let billing = ana
        .set_allocation(org, ws, Some(Credits::units(40)))
        .await
        .unwrap();
    assert_eq!(
        (billing.allocated, billing.unallocated),
        (Credits::units(40), Credits::units(60))
    );
    let credits = ana.workspace_credits(scope).await.unwrap();
    assert_eq!(
        (credits.allocation, credits.available),
        (Some(Credits::units(40)), Credits::units(40))
    );
    let other = ana
        .create_workspace(
            org,
            WorkspaceFields {
                name: "other".into(),
                full_name: "Other".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id;
    ana.set_allocation(org, other, Some(Credits::ZERO))
        .await
        .unwrap();
    let moved = ana
        .transfer_credits(org, ws, other, Credits::units(15))
        .await
        .unwrap();
    assert_eq!(moved.amount, Credits::units(15));
    let too_much = ana
        .transfer_credits(org, ws, other, Credits::units(100))
        .await
        .unwrap_err();
    assert_eq!(too_much.kind, ErrorKind::Conflict, "{too_much}");
    assert_eq!(ana.org_billing(org).await.unwrap().transfers.len(), 1);
}
