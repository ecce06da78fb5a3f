//! Deleting a workspace (or its org) removes everything in it.

use crate::support::*;
use nfdeck::domain::*;

const TABLES: [&str; 14] = [
    "labels",
    "credentials",
    "compute_envs",
    "compute_env_labels",
    "pipelines",
    "pipeline_labels",
    "runs",
    "run_labels",
    "run_counts",
    "actions",
    "action_labels",
    "studios_settings",
    "credit_allocations",
    "credit_spend",
];

fn rows(lab: &mut Lab, table: &str) -> i64 {
    lab.engine
        .connection()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// Fills the lab's workspace with one of everything.
fn fill(lab: &mut Lab) {
    let scope = lab_scope(lab);
    let org = lab.org.id;
    let rna = simple_label(&mut lab.engine, &lab.ana, scope, "rna");
    let project = resource_label(&mut lab.engine, &lab.ana, scope, "project", "atlas");
    let c = creds(&mut lab.engine, &lab.ana, scope, "aws");
    let mut f = env_fields("batch", Platform::AwsBatch, Some(&c.id));
    f.label_ids = vec![project.id];
    let env = lab
        .engine
        .write(&lab.ana, |cx| cx.create_compute_env(scope, &f))
        .unwrap();
    make_primary(&mut lab.engine, &lab.ana, scope, &env.id);
    let mut pf = pipeline_fields("rnaseq");
    pf.label_ids = vec![rna.id];
    pf.compute_env_id = Some(env.id.clone());
    let p = lab
        .engine
        .write(&lab.ana, |cx| cx.create_pipeline(scope, &pf))
        .unwrap();
    launch(&mut lab.engine, &lab.ana, scope, LaunchRequest::new(p.id));
    spend_on_seqera_compute(lab, &p);
    lab.engine
        .write(&lab.ana, |cx| {
            cx.add_action(
                scope,
                &ActionFields {
                    name: "nightly".into(),
                    source: ActionSource::Tower,
                    launch: LaunchRequest::new(p.id),
                    label_ids: vec![rna.id],
                },
            )?;
            cx.set_studios_settings(
                scope,
                &StudiosSettings {
                    lifespan_hours: 4,
                    private_by_default: true,
                },
            )
        })
        .unwrap();
    lab.engine
        .write(&lab.ana, |cx| {
            cx.set_allocation(org, lab.ws.id, Some(Credits::units(5)))
        })
        .unwrap();
}

/// A run on Seqera Compute that cost one credit.
fn spend_on_seqera_compute(lab: &mut Lab, p: &Pipeline) {
    let scope = lab_scope(lab);
    let org = lab.org.id;
    lab.engine
        .write(&lab.op, |cx| cx.set_org_credits(org, Credits::units(10)))
        .unwrap();
    let creds = CredentialsFields {
        name: "seqera".into(),
        provider: Some(Provider::SeqeraCompute),
        keys: [("accessKey".to_string(), "A".to_string())].into(),
        secrets: [("secretKey".to_string(), SecretString::from("s"))].into(),
        ..Default::default()
    };
    lab.engine
        .write(&lab.ana, |cx| {
            let creds = cx.create_credentials(scope, &creds)?;
            let env = cx.create_compute_env(
                scope,
                &env_fields("seqera", Platform::SeqeraCompute, Some(&creds.id)),
            )?;
            let run = cx.launch(scope, &LaunchRequest::new(p.id).on(env.id))?;
            cx.trace_begin(scope, &run.id, &TraceBegin::default())?;
            cx.trace_progress(
                scope,
                &run.id,
                &TraceProgress {
                    cpu_hours: 10.0,
                    ..Default::default()
                },
            )
        })
        .unwrap();
}

#[test]
fn deleting_a_workspace_removes_everything_in_it() {
    let mut lab = lab();
    fill(&mut lab);
    // A second workspace keeps its own things.
    let keep = lab_workspace(&mut lab, "keep", Visibility::Private);
    simple_label(&mut lab.engine, &lab.ana, Scope::Workspace(keep.id), "kept");
    for table in TABLES {
        assert!(rows(&mut lab, table) > 0, "{table} was filled");
    }
    let (org, ws) = (lab.org.id, lab.ws.id);
    lab.engine
        .write(&lab.ana, |cx| cx.delete_workspace(org, ws))
        .unwrap();
    for table in TABLES {
        let expected = i64::from(table == "labels");
        assert_eq!(rows(&mut lab, table), expected, "{table} after delete");
    }
    // PostgreSQL checks every foreign key as it writes; SQLite is asked.
    let conn = lab.engine.connection();
    if conn.dialect() == nfdeck::engine::store::db::Dialect::Sqlite {
        let fk_errors: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk_errors, 0);
    }
}

#[test]
fn deleting_the_org_removes_its_credits_history_too() {
    let mut lab = lab();
    fill(&mut lab);
    let other = lab_workspace(&mut lab, "other", Visibility::Private);
    let (org, ws) = (lab.org.id, lab.ws.id);
    lab.engine
        .write(&lab.ana, |cx| {
            cx.transfer_credits(org, ws, other.id, Credits::units(1))
        })
        .unwrap();
    lab.engine.write(&lab.ana, |cx| cx.delete_org(org)).unwrap();
    for table in TABLES.iter().chain(&["credit_transfers"]) {
        assert_eq!(rows(&mut lab, table), 0, "{table} after org delete");
    }
}
