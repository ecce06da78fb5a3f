//! The change counter screens poll to stay current: every committed write bumps it, whoever
//! wrote, and nothing else does.

use crate::support::{OPERATOR, engine, org_fields};
use nfdeck::domain::*;
use nfdeck::engine::Engine;

#[test]
fn every_committed_write_bumps_the_counter_and_reads_or_failures_do_not() {
    let (mut engine, op) = engine();
    let before = engine.change_count().unwrap();
    engine
        .write(&op, |cx| cx.create_org(&org_fields("biolab", Tier::Pro)))
        .unwrap();
    let after_write = engine.change_count().unwrap();
    assert!(after_write > before, "{before} -> {after_write}");
    engine.read(&op, |cx| cx.list_orgs()).unwrap();
    let refused = engine.write(&op, |cx| cx.create_org(&org_fields("biolab", Tier::Pro)));
    assert!(refused.is_err(), "a second org of the same name is refused");
    engine
        .dry_run(&op, |cx| cx.create_org(&org_fields("other", Tier::Pro)))
        .unwrap();
    assert_eq!(engine.change_count().unwrap(), after_write);
}

/// What a screen of one nfdeck sees when another program writes to the same file.
#[test]
fn a_write_by_a_second_engine_on_the_same_file_moves_the_first_ones_counter() {
    if crate::pg_support::selected() {
        return; // a SQLite file shared by two engines; PostgreSQL runs the test above
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    let mut first = Engine::open(&path).unwrap();
    first.operator(OPERATOR).unwrap();
    let seen = first.change_count().unwrap();
    let mut second = Engine::open(&path).unwrap();
    let op = second.operator(OPERATOR).unwrap();
    second
        .write(&op, |cx| cx.create_org(&org_fields("elsewhere", Tier::Pro)))
        .unwrap();
    assert!(first.change_count().unwrap() > seen);
}

/// A progress report moves the count of its run's workspace (what `serve` keeps a page of that
/// workspace's runs by) and no other workspace's.
#[test]
fn a_progress_report_moves_its_workspaces_progress_count_only() {
    use crate::support::{finished_task, lab_scope, launch, launch_lab, workspace};
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    let other = workspace(&mut lab.engine, &lab.ana, lab.org.id, "other");
    let run = launch(&mut lab.engine, &lab.ana, scope, LaunchRequest::new(p.id));
    lab.engine
        .write(&lab.ana, |cx| {
            cx.trace_begin(scope, &run.id, &TraceBegin::default())
        })
        .unwrap();
    let progress = |engine: &mut Engine, ws: WorkspaceId| {
        let conn = engine.connection();
        nfdeck::engine::store::tokens::holder_with_counts(conn, "no such token", Some(ws))
            .unwrap()
            .1
    };
    let (lab_before, other_before) = (
        progress(&mut lab.engine, lab.ws.id),
        progress(&mut lab.engine, other.id),
    );
    lab.engine
        .write(&lab.ana, |cx| {
            cx.trace_report(
                scope,
                &run.id,
                &TraceProgress::default(),
                &[finished_task(1, 1, 2, 4)],
            )
        })
        .unwrap();
    assert_eq!(progress(&mut lab.engine, lab.ws.id), lab_before + 1);
    assert_eq!(progress(&mut lab.engine, other.id), other_before);
}
