use crate::support::*;
use nfdeck::domain::runs::RUN_SEARCH_TOTAL_CAP;
use nfdeck::domain::*;

fn named(run_name: &str, p: &Pipeline) -> LaunchRequest {
    LaunchRequest {
        run_name: Some(run_name.into()),
        ..LaunchRequest::new(p.id)
    }
}

fn list(lab: &Lab, query: RunQuery) -> Paged<Run> {
    lab.engine
        .read(&lab.ana, |cx| cx.list_runs(lab_scope(lab), &query))
        .unwrap()
}

fn run_names(paged: &Paged<Run>) -> Vec<&str> {
    paged.items.iter().map(|r| r.run_name.as_str()).collect()
}

#[test]
fn runs_list_newest_first_with_status_filter_search_and_paging() {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    let mut ids = Vec::new();
    for name in ["first", "second", "third", "fourth"] {
        ids.push(launch(&mut lab.engine, &lab.ana, scope, named(name, &p)).id);
    }
    lab.engine
        .write(&lab.ana, |cx| cx.cancel_run(scope, &ids[1]))
        .unwrap();
    let all = list(&lab, RunQuery::default());
    assert_eq!(all.total, 4);
    assert_eq!(run_names(&all), vec!["fourth", "third", "second", "first"]);
    let page = list(
        &lab,
        RunQuery {
            page: Page {
                max: 2,
                offset: 1,
                search: None,
            },
            status: None,
        },
    );
    assert_eq!(run_names(&page), vec!["third", "second"]);
    assert_eq!(page.total, 4);
    // A page past the end has no run to carry the total, which is still given.
    let past_the_end = list(
        &lab,
        RunQuery {
            page: Page {
                max: 2,
                offset: 10,
                search: None,
            },
            status: Some(WorkflowStatus::Cancelled),
        },
    );
    assert!(past_the_end.items.is_empty());
    assert_eq!(past_the_end.total, 1);
    let cancelled = list(
        &lab,
        RunQuery {
            status: Some(WorkflowStatus::Cancelled),
            ..Default::default()
        },
    );
    assert_eq!(run_names(&cancelled), vec!["second"]);
    assert_eq!(cancelled.total, 1);
    let submitted = list(
        &lab,
        RunQuery {
            status: Some(WorkflowStatus::Submitted),
            ..Default::default()
        },
    );
    assert_eq!(submitted.total, 3);
    let searched = list(
        &lab,
        RunQuery {
            page: Page::default().with_search("ir"),
            status: None,
        },
    );
    assert_eq!(run_names(&searched), vec!["third", "first"]);
    assert_eq!(searched.total, 2);
    let by_project = list(
        &lab,
        RunQuery {
            page: Page::default().with_search("nf-core/rna"),
            status: Some(WorkflowStatus::Submitted),
        },
    );
    assert_eq!(by_project.total, 3);
    let by_user = list(
        &lab,
        RunQuery {
            page: Page::default().with_search("ana"),
            status: None,
        },
    );
    assert_eq!(by_user.total, 4);
    assert_eq!(RUN_SEARCH_TOTAL_CAP, 1000);
}

#[test]
fn run_counts_follow_status_changes() {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    let run = launch(&mut lab.engine, &lab.ana, scope, named("r1", &p));
    let count = |lab: &Lab, status| {
        list(
            lab,
            RunQuery {
                status: Some(status),
                ..Default::default()
            },
        )
        .total
    };
    assert_eq!(count(&lab, WorkflowStatus::Submitted), 1);
    lab.engine
        .write(&lab.ana, |cx| {
            cx.trace_begin(scope, &run.id, &TraceBegin::default())
        })
        .unwrap();
    assert_eq!(count(&lab, WorkflowStatus::Submitted), 0);
    assert_eq!(count(&lab, WorkflowStatus::Running), 1);
    lab.engine
        .write(&lab.ana, |cx| cx.cancel_run(scope, &run.id))
        .unwrap();
    assert_eq!(count(&lab, WorkflowStatus::Running), 0);
    assert_eq!(count(&lab, WorkflowStatus::Cancelled), 1);
    assert_eq!(list(&lab, RunQuery::default()).total, 1);
}

#[test]
fn cancel_rights_and_transitions() {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    for (role, who) in every_role(&mut lab) {
        let run = launch(&mut lab.engine, &lab.ana, scope, named("victim", &p));
        let result = lab.engine.write(&who, |cx| cx.cancel_run(scope, &run.id));
        match role {
            WspRole::Connect | WspRole::View => {
                let err = result.unwrap_err();
                assert_eq!(err.kind, ErrorKind::Forbidden);
                assert_eq!(
                    err.message,
                    format!(
                        "workspace biolab/lab: to cancel runs you need the owner, admin, maintain or launch role (yours is {role})"
                    )
                );
            }
            _ => {
                let done = result.unwrap();
                assert_eq!(done.status, WorkflowStatus::Cancelled, "{role}");
                assert!(done.complete.is_some());
                assert!(done.duration_ms.is_some());
            }
        }
    }
    let run = launch(&mut lab.engine, &lab.ana, scope, named("twice", &p));
    lab.engine
        .write(&lab.ana, |cx| cx.cancel_run(scope, &run.id))
        .unwrap();
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.cancel_run(scope, &run.id)
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(
        err.message,
        "run 'twice' is CANCELLED: only SUBMITTED or RUNNING runs can be cancelled"
    );
    assert_eq!(audit_actions(&lab.engine, &lab.op, "run.cancel").len(), 5);
    let err = write_err(&mut lab.engine, &lab.ana, |cx| cx.cancel_run(scope, "nope"));
    assert_eq!(err.kind, ErrorKind::NotFound);
}

#[test]
fn the_trace_calls_drive_a_run_through_its_life() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let id = lab
        .engine
        .write(&lab.ana, |cx| {
            cx.trace_create(
                scope,
                "3f4a1c2e-9b7d-4e8f-a1b2-c3d4e5f6a7b8",
                "happy_darwin",
                "nf-core/rnaseq",
                Some("https://github.com/nf-core/rnaseq"),
            )
        })
        .unwrap();
    assert!(id.len() <= 16);
    let run = lab
        .engine
        .read(&lab.ana, |cx| cx.get_run(scope, &id))
        .unwrap();
    assert_eq!(run.status, WorkflowStatus::Submitted);
    assert_eq!(
        run.session_id.as_deref(),
        Some("3f4a1c2e-9b7d-4e8f-a1b2-c3d4e5f6a7b8")
    );
    assert_eq!(run.compute_env_id, None);
    // Progress before begin is refused.
    let progress = TraceProgress {
        counters: TaskCounters {
            pending: 2,
            running: 1,
            succeeded: 1,
            ..Default::default()
        },
        cpu_hours: 10.0,
        memory_gib_hours: 40.0,
    };
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.trace_progress(scope, &id, &progress)
    });
    assert_eq!(
        err.message,
        "run 'happy_darwin' is SUBMITTED: only RUNNING or UNKNOWN runs can report progress"
    );
    let begin = TraceBegin {
        work_dir: Some("/scratch/work/abc".into()),
        revision: Some("3.14.0".into()),
        profiles: Some(vec!["docker".into()]),
    };
    let run = lab
        .engine
        .write(&lab.ana, |cx| cx.trace_begin(scope, &id, &begin))
        .unwrap();
    assert_eq!(run.status, WorkflowStatus::Running);
    assert!(run.start.is_some());
    assert_eq!(run.work_dir.as_deref(), Some("/scratch/work/abc"));
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.trace_begin(scope, &id, &begin)
    });
    assert_eq!(
        err.message,
        "run 'happy_darwin' is RUNNING: only SUBMITTED runs can begin"
    );
    let run = lab
        .engine
        .write(&lab.ana, |cx| cx.trace_progress(scope, &id, &progress))
        .unwrap();
    assert_eq!(run.progress.pending, 2);
    assert!(
        (run.usage.cost - 2.0).abs() < 1e-9,
        "10 CPU-h * 0.1 + 40 GiB-h * 0.025"
    );
    let prog = lab
        .engine
        .read(&lab.ana, |cx| cx.run_progress(scope, &id))
        .unwrap();
    assert_eq!(prog.percent_done, 25);
    let bad = TraceProgress {
        cpu_hours: -1.0,
        ..progress
    };
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.trace_progress(scope, &id, &bad)
    });
    assert_eq!(err.kind, ErrorKind::Invalid);
    let complete = TraceComplete {
        success: true,
        exit_status: Some(0),
        error_message: None,
        progress: Some(TraceProgress {
            counters: TaskCounters {
                succeeded: 4,
                ..Default::default()
            },
            cpu_hours: 20.0,
            memory_gib_hours: 80.0,
        }),
    };
    let run = lab
        .engine
        .write(&lab.ana, |cx| cx.trace_complete(scope, &id, &complete))
        .unwrap();
    assert_eq!(run.status, WorkflowStatus::Succeeded);
    assert_eq!(run.exit_status, Some(0));
    assert!(run.complete.is_some() && run.duration_ms.is_some());
    assert!((run.usage.cost - 4.0).abs() < 1e-9);
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.trace_complete(scope, &id, &complete)
    });
    assert_eq!(
        err.message,
        "run 'happy_darwin' is SUCCEEDED: only RUNNING or UNKNOWN runs can succeed"
    );
    let err = write_err(&mut lab.engine, &lab.ana, |cx| cx.cancel_run(scope, &id));
    assert_eq!(err.kind, ErrorKind::Conflict);
    for action in ["run.trace_create", "run.begin", "run.complete"] {
        assert_eq!(
            audit_actions(&lab.engine, &lab.op, action).len(),
            1,
            "{action}"
        );
    }
}

#[test]
fn a_run_may_fail_before_it_begins_and_trace_needs_launch_rights() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let viewer = with_role(&mut lab, "viewer@example.org", WspRole::View);
    let err = write_err(&mut lab.engine, &viewer, |cx| {
        cx.trace_create(scope, "s1", "run1", "proj", None)
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
    let launcher = with_role(&mut lab, "launcher@example.org", WspRole::Launch);
    let id = lab
        .engine
        .write(&launcher, |cx| {
            cx.trace_create(scope, "s1", "run1", "proj", None)
        })
        .unwrap();
    let err = write_err(&mut lab.engine, &viewer, |cx| {
        cx.trace_begin(scope, &id, &TraceBegin::default())
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
    let failed = lab
        .engine
        .write(&launcher, |cx| {
            cx.trace_complete(
                scope,
                &id,
                &TraceComplete {
                    success: false,
                    exit_status: Some(1),
                    error_message: Some("No such file: main.nf".into()),
                    progress: None,
                },
            )
        })
        .unwrap();
    assert_eq!(failed.status, WorkflowStatus::Failed);
    assert_eq!(
        failed.error_message.as_deref(),
        Some("No such file: main.nf")
    );
    assert_eq!(failed.user_name, "launcher");
    let err = write_err(&mut lab.engine, &launcher, |cx| {
        cx.trace_create(scope, "", "run2", "proj", None)
    });
    assert_eq!(err.message, "run 'run2': session id is required");
    // Nextflow reports a local clone's path as the repository: kept out, the run created.
    let id = lab
        .engine
        .write(&launcher, |cx| {
            cx.trace_create(scope, "s2", "run2", "proj", Some("/home/ana/rnaseq"))
        })
        .unwrap();
    let run = lab
        .engine
        .read(&launcher, |cx| cx.get_run(scope, &id))
        .unwrap();
    assert_eq!(run.repository, None);
}

#[test]
fn runs_stay_in_their_workspace() {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    let run = launch(&mut lab.engine, &lab.ana, scope, named("mine", &p));
    let other = lab_workspace(&mut lab, "other", Visibility::Private);
    let err = read_err(&lab.engine, &lab.ana, |cx| {
        cx.get_run(Scope::Workspace(other.id), &run.id)
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert_eq!(
        err.message,
        format!("run '{}' not found in workspace 'biolab/other'", run.id)
    );
    let err = read_err(&lab.engine, &lab.ben, |cx| {
        cx.list_runs(scope, &RunQuery::default())
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
}

/// On PostgreSQL a page of runs is one snapshot that waits for the server once per
/// statement: the workspace with the caller's grants in it (the snapshot's BEGIN sent with
/// it), then the page with its total. Its ROLLBACK is not waited for. Each wait is a round trip an
/// admin's screen waits on, a few milliseconds each on a busy server.
#[test]
fn a_page_of_runs_waits_for_the_server_once_per_statement() {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    for name in ["first", "second"] {
        launch(&mut lab.engine, &lab.ana, scope, named(name, &p));
    }
    // The first read prepares its statements.
    list(&lab, RunQuery::default());
    let Some(before) = lab.engine.round_trips() else {
        return; // SQLite: nothing to count.
    };
    let page = list(&lab, RunQuery::default());
    let waits = lab.engine.round_trips().expect("PostgreSQL") - before;
    assert_eq!(run_names(&page), ["second", "first"]);
    assert_eq!(page.total, 2);
    assert_eq!(waits, 2, "workspace and grants, page and total");
}
