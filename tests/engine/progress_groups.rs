//! Nextflow progress reports that wait for the writer together are recorded together (read in
//! one statement and written in one on PostgreSQL). Each must still get its own outcome: a
//! report refused, or one the database refuses, fails alone and changes nothing, the others
//! are kept, and two reports of the same run in one group both count, in order.

use crate::support::*;
use nfdeck::domain::*;
use nfdeck::engine::progress_reports::{ProgressReport, Reporter};
use nfdeck::engine::{Actor, SharedEngine};
use std::future::Future;
use std::pin::Pin;

/// A report of `succeeded` tasks done so far, with `usage` (CPU-hours, GiB-hours) as its own
/// (used only when it carries no tasks).
fn report(
    scope: Scope,
    run: &Run,
    succeeded: u32,
    usage: (f64, f64),
    tasks: Vec<Task>,
) -> ProgressReport<'static> {
    ProgressReport {
        scope,
        run_id: run.id.clone(),
        report: Box::new(move |_: &Run| TraceProgress {
            counters: TaskCounters {
                succeeded,
                ..Default::default()
            },
            cpu_hours: usage.0,
            memory_gib_hours: usage.1,
        }),
        tasks,
    }
}

/// A run of the lab's pipeline that has begun (RUNNING).
fn running_run(lab: &mut Lab, pipeline: &Pipeline) -> Run {
    let scope = lab_scope(lab);
    let run = launch(
        &mut lab.engine,
        &lab.ana,
        scope,
        LaunchRequest::new(pipeline.id),
    );
    lab.engine
        .write(&lab.ana, |cx| {
            cx.trace_begin(scope, &run.id, &TraceBegin::default())
        })
        .expect("begin");
    run
}

type Pending = Pin<Box<dyn Future<Output = Result<()>> + Send>>;

/// Keeps the writer busy until the sender is used: writes sent meanwhile queue up and are
/// committed as one group once it is released.
async fn hold_writer(
    shared: &SharedEngine,
) -> (
    std::sync::mpsc::Sender<()>,
    tokio::task::JoinHandle<Result<()>>,
) {
    let (release, held) = std::sync::mpsc::channel::<()>();
    let (started, holds) = tokio::sync::oneshot::channel::<()>();
    let holding = tokio::spawn({
        let shared = shared.clone();
        async move {
            shared
                .run(move |_| {
                    let _ = started.send(());
                    let _ = held.recv();
                    Ok(())
                })
                .await
        }
    });
    holds.await.expect("the writer is held");
    (release, holding)
}

/// Sends a report, which queues behind the held writer.
async fn queue(
    shared: &SharedEngine,
    reporter: Reporter,
    report: ProgressReport<'static>,
) -> Pending {
    let shared = shared.clone();
    let mut call: Pending = Box::pin(async move { shared.report_progress(reporter, report).await });
    // Polled once: the report is queued behind the held writer.
    assert!(futures::poll!(&mut call).is_pending());
    call
}

/// Sends `reports` while the writer is held, so that they queue up as one group, then lets
/// the writer go and gives each report's outcome.
async fn as_one_group(
    shared: &SharedEngine,
    reports: Vec<(Actor, ProgressReport<'static>)>,
) -> Vec<Result<()>> {
    let (release, holding) = hold_writer(shared).await;
    let mut pending: Vec<Pending> = Vec::new();
    for (actor, report) in reports {
        pending.push(queue(shared, Reporter::Actor(actor), report).await);
    }
    release.send(()).expect("release the writer");
    holding.await.expect("holder").expect("held");
    let mut outcomes = Vec::new();
    for call in pending {
        outcomes.push(call.await);
    }
    outcomes
}

async fn run_now(shared: &SharedEngine, who: &Actor, scope: Scope, run: &Run) -> Run {
    let id = run.id.clone();
    shared
        .read(who.clone(), move |cx| cx.get_run(scope, &id))
        .await
        .expect("read the run")
}

fn usage(run: &Run) -> (f64, f64) {
    (run.usage.cpu_hours, run.usage.memory_gib_hours)
}

fn kind(outcome: &Result<()>) -> Option<ErrorKind> {
    outcome.as_ref().err().map(|e| e.kind)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_recorded_together_keep_each_ones_outcome() {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    let viewer = with_role(&mut lab, "viewer@example.org", WspRole::View);
    let (a, b, c) = (
        running_run(&mut lab, &p),
        running_run(&mut lab, &p),
        running_run(&mut lab, &p),
    );
    let submitted = launch(&mut lab.engine, &lab.ana, scope, LaunchRequest::new(p.id));
    let ghost = Run {
        id: "0000000000000".into(),
        ..a.clone()
    };
    let ana = lab.ana.clone();
    let shared = SharedEngine::new(lab.engine);

    let outcomes = as_one_group(
        &shared,
        vec![
            // a: two tasks, 2 + 3 CPU-hours, 4 + 24 GiB-hours.
            (
                ana.clone(),
                report(
                    scope,
                    &a,
                    1,
                    (0.0, 0.0),
                    vec![finished_task(1, 1, 2, 4), finished_task(2, 3, 1, 8)],
                ),
            ),
            // b: no tasks, its own usage.
            (ana.clone(), report(scope, &b, 4, (1.5, 2.0), vec![])),
            // a again: task 2 at its final figures replaces what it reported before.
            (
                ana.clone(),
                report(scope, &a, 2, (0.0, 0.0), vec![finished_task(2, 1, 1, 8)]),
            ),
            (ana.clone(), report(scope, &ghost, 1, (0.0, 0.0), vec![])),
            (ana.clone(), report(scope, &c, 1, (-1.0, 0.0), vec![])),
            (
                viewer.clone(),
                report(scope, &b, 9, (9.0, 9.0), vec![finished_task(7, 9, 9, 9)]),
            ),
            (
                ana.clone(),
                report(scope, &submitted, 1, (1.0, 1.0), vec![]),
            ),
        ],
    )
    .await;
    let kinds: Vec<Option<ErrorKind>> = outcomes.iter().map(kind).collect();
    assert_eq!(
        kinds,
        [
            None,
            None,
            None,
            Some(ErrorKind::NotFound),
            Some(ErrorKind::Invalid),
            Some(ErrorKind::Forbidden),
            Some(ErrorKind::Conflict),
        ],
        "{outcomes:?}"
    );

    let a = run_now(&shared, &ana, scope, &a).await;
    assert_eq!(
        usage(&a),
        (3.0, 12.0),
        "task 1 (2, 4) and task 2 as last reported (1, 8)"
    );
    assert_eq!(a.progress.succeeded, 2, "the later of a's two reports");
    let b = run_now(&shared, &ana, scope, &b).await;
    assert_eq!(
        (usage(&b), b.progress.succeeded),
        ((1.5, 2.0), 4),
        "the viewer's report changed nothing"
    );
    let c = run_now(&shared, &ana, scope, &c).await;
    assert_eq!((usage(&c), c.progress.succeeded), ((0.0, 0.0), 0));
    let submitted = run_now(&shared, &ana, scope, &submitted).await;
    assert_eq!(
        (submitted.status, submitted.progress.succeeded),
        (WorkflowStatus::Submitted, 0)
    );
}

/// A trigger that makes the database refuse one task: a statement fails after every rule
/// passed, as a full disk or a constraint would make it.
fn refuse_tasks_named_explode(lab: &mut Lab) {
    let db = lab.engine.connection();
    let sql = match db.dialect() {
        nfdeck::engine::store::db::Dialect::Sqlite => {
            "CREATE TRIGGER explode BEFORE INSERT ON tasks WHEN NEW.name = 'explode'
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;"
        }
        nfdeck::engine::store::db::Dialect::Postgres => {
            "CREATE FUNCTION explode() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
                 IF NEW.name = 'explode' THEN RAISE EXCEPTION 'refused by the test'; END IF;
                 RETURN NEW;
             END $$;
             CREATE TRIGGER explode BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION explode();"
        }
    };
    db.execute_batch(sql).expect("create the trigger");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_the_database_refuses_fails_alone_in_its_group() {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    let runs = [
        running_run(&mut lab, &p),
        running_run(&mut lab, &p),
        running_run(&mut lab, &p),
    ];
    refuse_tasks_named_explode(&mut lab);
    let ana = lab.ana.clone();
    let shared = SharedEngine::new(lab.engine);
    let explode = Task {
        name: Some("explode".into()),
        ..finished_task(2, 1, 1, 1)
    };

    let outcomes = as_one_group(
        &shared,
        vec![
            (
                ana.clone(),
                report(
                    scope,
                    &runs[0],
                    1,
                    (0.0, 0.0),
                    vec![finished_task(1, 1, 2, 4)],
                ),
            ),
            (
                ana.clone(),
                report(
                    scope,
                    &runs[1],
                    1,
                    (0.0, 0.0),
                    vec![finished_task(1, 1, 2, 4), explode],
                ),
            ),
            (
                ana.clone(),
                report(
                    scope,
                    &runs[2],
                    1,
                    (0.0, 0.0),
                    vec![finished_task(1, 2, 2, 4)],
                ),
            ),
        ],
    )
    .await;
    let kinds: Vec<Option<ErrorKind>> = outcomes.iter().map(kind).collect();
    assert_eq!(
        kinds,
        [None, Some(ErrorKind::Internal), None],
        "{outcomes:?}"
    );
    let mut after = Vec::new();
    for run in &runs {
        let run = run_now(&shared, &ana, scope, run).await;
        after.push((usage(&run), run.progress.succeeded));
    }
    assert_eq!(
        after,
        [((2.0, 4.0), 1), ((0.0, 0.0), 0), ((4.0, 8.0), 1)],
        "the refused report left its run as it was, not even its first task"
    );

    // The transaction the group used was committed whole: the next group works.
    let next = as_one_group(
        &shared,
        vec![(
            ana.clone(),
            report(
                scope,
                &runs[1],
                3,
                (0.0, 0.0),
                vec![finished_task(1, 1, 2, 4)],
            ),
        )],
    )
    .await;
    assert!(next[0].is_ok(), "{next:?}");
    let run = run_now(&shared, &ana, scope, &runs[1]).await;
    assert_eq!((usage(&run), run.progress.succeeded), ((2.0, 4.0), 3));
}

/// ana's running run, and a token of hers to report it with, on a shared engine.
struct TokenLab {
    shared: SharedEngine,
    ana: Actor,
    scope: Scope,
    run: Run,
    token_id: i64,
    token: String,
}

impl TokenLab {
    /// The token as a progress call from Nextflow presents it.
    fn reporter(&self) -> Reporter {
        Reporter::Token {
            token: self.token.clone(),
            operator: None,
        }
    }
}

fn token_lab() -> TokenLab {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    let run = running_run(&mut lab, &p);
    let (token_id, token) = lab
        .engine
        .write(&lab.ana, |cx| cx.create_my_token("pipeline"))
        .map(|(listed, token)| (listed.id, token))
        .expect("a token");
    TokenLab {
        ana: lab.ana.clone(),
        shared: SharedEngine::new(lab.engine),
        scope,
        run,
        token_id,
        token,
    }
}

/// A token is looked up once per group, but a token revoked within the group is refused to
/// the reports queued after the revocation (any write other than progress forgets what the
/// group learnt about tokens and roles).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_revoked_within_a_group_is_refused_to_the_reports_after_it() {
    let lab = token_lab();
    let (shared, ana, scope, run, token_id) =
        (&lab.shared, &lab.ana, lab.scope, &lab.run, lab.token_id);
    let by_token = || lab.reporter();

    let (release, holding) = hold_writer(shared).await;
    let first = queue(
        shared,
        by_token(),
        report(scope, run, 1, (1.0, 1.0), vec![]),
    )
    .await;
    let mut revoke: Pending = Box::pin({
        let (shared, ana) = (shared.clone(), ana.clone());
        async move {
            shared
                .write(ana, move |cx| cx.delete_my_token(token_id))
                .await
        }
    });
    assert!(futures::poll!(&mut revoke).is_pending());
    let after = queue(
        shared,
        by_token(),
        report(scope, run, 2, (2.0, 2.0), vec![]),
    )
    .await;
    release.send(()).expect("release the writer");
    holding.await.expect("holder").expect("held");

    let (first, revoked, after) = (first.await, revoke.await, after.await);
    assert!(first.is_ok(), "{first:?}");
    assert!(revoked.is_ok(), "{revoked:?}");
    assert_eq!(kind(&after), Some(ErrorKind::Unauthorized), "{after:?}");
    let run = run_now(shared, ana, scope, run).await;
    assert_eq!(
        run.progress.succeeded, 1,
        "only the report before the revocation"
    );
}

/// What a group learnt about a token is carried to the next group only while nothing but
/// progress was written, whoever wrote: a token revoked between two groups by another writer
/// (another replica or program on the same database, here a call outside the group commit)
/// is refused to the second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_revoked_between_two_groups_is_refused_to_the_second() {
    let lab = token_lab();
    let (shared, ana, scope, run, token_id) =
        (&lab.shared, &lab.ana, lab.scope, &lab.run, lab.token_id);
    let by_token = || lab.reporter();

    for succeeded in 1..=2 {
        let sent = report(scope, run, succeeded, (1.0, 1.0), vec![]);
        let outcome = shared.report_progress(by_token(), sent).await;
        assert!(outcome.is_ok(), "{outcome:?}");
    }
    let revoker = ana.clone();
    let revoked = shared
        .run(move |engine| engine.write(&revoker, |cx| cx.delete_my_token(token_id)))
        .await;
    assert!(revoked.is_ok(), "{revoked:?}");
    let after = shared
        .report_progress(by_token(), report(scope, run, 3, (1.0, 1.0), vec![]))
        .await;
    assert_eq!(kind(&after), Some(ErrorKind::Unauthorized), "{after:?}");
    let run = run_now(shared, ana, scope, run).await;
    assert_eq!(run.progress.succeeded, 2);
}

/// The writer's waits for PostgreSQL while recording one group of `runs.len()` reports, one
/// per run, each with a task (`None` on SQLite, which has no round trips).
async fn round_trips_for_group(
    shared: &SharedEngine,
    who: &Actor,
    scope: Scope,
    runs: &[Run],
) -> Option<u64> {
    let before = shared.run(|e| Ok(e.round_trips())).await.expect("count")?;
    let reports = runs
        .iter()
        .map(|run| {
            let task = finished_task(1, 1, 1, 1);
            (who.clone(), report(scope, run, 1, (0.0, 0.0), vec![task]))
        })
        .collect();
    for outcome in as_one_group(shared, reports).await {
        outcome.expect("report recorded");
    }
    let after = shared.run(|e| Ok(e.round_trips())).await.expect("count")?;
    Some(after - before)
}

/// On PostgreSQL a group's reports are read in one statement and written in one, so a group
/// of twenty runs' reports waits for the server as often as a group of two (one statement
/// per report would cost eighteen more round trips, at about half a millisecond each).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_of_twenty_reports_waits_for_the_server_as_often_as_a_group_of_two() {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    let runs: Vec<Run> = (0..22).map(|_| running_run(&mut lab, &p)).collect();
    let ana = lab.ana.clone();
    let shared = SharedEngine::new(lab.engine);
    // Statements are prepared on first use: a first group pays for that.
    let Some(_) = round_trips_for_group(&shared, &ana, scope, &runs[..2]).await else {
        return; // SQLite: nothing to count.
    };
    let two = round_trips_for_group(&shared, &ana, scope, &runs[..2]).await;
    let twenty = round_trips_for_group(&shared, &ana, scope, &runs[2..]).await;
    assert_eq!(twenty, two, "round trips for 20 reports, then for 2");
    // BEGIN with the write lock, the change counts and the group counting itself; the
    // savepoint with the runs' read; the reports' write; COMMIT. The write lock that every
    // replica's writes wait for is held across the last three.
    assert_eq!(two, Some(4), "round trips for a group of reports");
}
