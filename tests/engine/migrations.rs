//! Migrations on a database that already holds data: what a user who upgrades nfdeck keeps.
//! Every other test starts from the newest schema, so these roll one migration's columns back
//! on a database written by the engine, and let the engine bring it up to date again.

use crate::support::*;
use nfdeck::domain::*;
use nfdeck::engine::store::{self, db::Db};

/// The run's CPU-hours and memory GiB-hours after it reports `tasks` (and no usage of its
/// own: the usage is the stored tasks').
fn report(lab: &mut Lab, run: &Run, tasks: &[Task]) -> (f64, f64) {
    let scope = lab_scope(lab);
    let usage = lab
        .engine
        .write(&lab.ana, |cx| {
            cx.trace_report(scope, &run.id, &TraceProgress::default(), tasks)
        })
        .expect("progress with tasks")
        .usage;
    (usage.cpu_hours, usage.memory_gib_hours)
}

/// Takes the database back to the schema before runs kept their task totals (SQLite's
/// migration 15, PostgreSQL's 8): the two columns gone, and what the migrations after it add
/// (the workspaces' progress counts), the version before it. Returns the version it set.
fn roll_back_task_totals(db: &Db) -> usize {
    let (migrations, set_version): (&[&str], fn(usize) -> String) = match db.dialect() {
        store::db::Dialect::Sqlite => (store::schema::MIGRATIONS, |v| {
            format!("PRAGMA user_version = {v};")
        }),
        store::db::Dialect::Postgres => (store::pg_schema::MIGRATIONS, |v| {
            format!("UPDATE nfdeck_schema SET version = {v};")
        }),
    };
    let before = migrations
        .iter()
        .position(|m| m.contains("ADD COLUMN task_cpu_hours"))
        .expect("the task totals migration");
    db.execute_batch(&format!(
        "ALTER TABLE runs DROP COLUMN task_cpu_hours;
         ALTER TABLE runs DROP COLUMN task_memory_gib_hours;
         DROP TABLE workspace_progress;
         {}",
        set_version(before)
    ))
    .expect("roll back");
    before
}

/// What opening the database does to its schema.
fn migrate(db: &Db) {
    match db.as_sqlite() {
        Some(conn) => store::migrate(conn).expect("SQLite migrations"),
        None => store::pg_schema::migrate(db).expect("PostgreSQL migrations"),
    }
}

/// A run traced by an nfdeck from before the task totals keeps counting its stored tasks after
/// the upgrade: the migration fills the totals in from them, so the next report adds to them
/// rather than starting from nothing, and a task reported again still counts once.
#[test]
fn a_run_traced_before_the_task_totals_upgrade_keeps_counting_its_tasks() {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    let run = launch(&mut lab.engine, &lab.ana, scope, LaunchRequest::new(p.id));
    lab.engine
        .write(&lab.ana, |cx| {
            cx.trace_begin(scope, &run.id, &TraceBegin::default())
        })
        .unwrap();
    let before_upgrade = report(
        &mut lab,
        &run,
        &[finished_task(1, 1, 2, 4), finished_task(2, 3, 1, 8)],
    );
    assert_eq!(before_upgrade, (5.0, 28.0));

    let version = roll_back_task_totals(lab.engine.connection());
    migrate(lab.engine.connection());
    assert!(store::schema_version(lab.engine.connection()).unwrap() as usize > version);

    // Task 3 is new (2 CPU-hours, 2 GiB-hours); task 2 is reported again at its last
    // figures, which must replace what was stored rather than add to it.
    let after_upgrade = report(
        &mut lab,
        &run,
        &[finished_task(3, 1, 2, 2), finished_task(2, 3, 1, 8)],
    );
    assert_eq!(
        after_upgrade,
        (7.0, 30.0),
        "the totals start from the tasks stored before the upgrade"
    );
}
