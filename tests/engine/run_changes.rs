//! Deleting runs and changing their labels after the fact.

use crate::support::*;
use nfdeck::domain::*;
use nfdeck::engine::Actor;

fn named(run_name: &str, p: &Pipeline) -> LaunchRequest {
    LaunchRequest {
        run_name: Some(run_name.into()),
        ..LaunchRequest::new(p.id)
    }
}

fn cancelled(lab: &mut Lab, p: &Pipeline, name: &str) -> Run {
    let scope = lab_scope(lab);
    let run = launch(&mut lab.engine, &lab.ana, scope, named(name, p));
    lab.engine
        .write(&lab.ana, |cx| cx.cancel_run(scope, &run.id))
        .unwrap()
}

fn run_label_names(lab: &Lab, id: &str) -> Vec<String> {
    let run = lab
        .engine
        .read(&lab.ana, |cx| cx.get_run(lab_scope(lab), id))
        .unwrap();
    run.labels.iter().map(|l| l.to_string()).collect()
}

#[test]
fn an_active_run_is_deleted_only_with_force() {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    let run = launch(&mut lab.engine, &lab.ana, scope, named("busy", &p));
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.delete_run(scope, &run.id, false)
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(
        err.message,
        "run 'busy' is SUBMITTED: cancel it first, or delete it with force=true"
    );
    lab.engine
        .write(&lab.ana, |cx| cx.delete_run(scope, &run.id, true))
        .unwrap();
    let err = read_err(&lab.engine, &lab.ana, |cx| cx.get_run(scope, &run.id));
    assert_eq!(err.kind, ErrorKind::NotFound);
    let done = cancelled(&mut lab, &p, "done");
    lab.engine
        .write(&lab.ana, |cx| cx.delete_run(scope, &done.id, false))
        .unwrap();
    let left = lab
        .engine
        .read(&lab.ana, |cx| cx.list_runs(scope, &RunQuery::default()))
        .unwrap();
    assert_eq!(left.total, 0, "the list totals follow deletions");
    let deleted = audit_actions(&lab.engine, &lab.op, "run.delete");
    assert_eq!(deleted.len(), 2);
    assert!(deleted.iter().any(|e| e.object_name == "busy"));
}

#[test]
fn deleting_runs_needs_maintain_rights() {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    for (role, who) in every_role(&mut lab) {
        let run = cancelled(&mut lab, &p, "old");
        let result = lab
            .engine
            .write(&who, |cx| cx.delete_run(scope, &run.id, false));
        match role {
            WspRole::Owner | WspRole::Admin | WspRole::Maintain => result.unwrap(),
            _ => {
                let err = result.unwrap_err();
                assert_eq!(err.kind, ErrorKind::Forbidden, "{role}");
                assert_eq!(
                    err.message,
                    format!(
                        "workspace biolab/lab: to delete runs you need the owner, admin or maintain role (yours is {role})"
                    )
                );
            }
        }
    }
}

#[test]
fn bulk_deletion_lists_what_it_could_not_delete() {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    let a = cancelled(&mut lab, &p, "a");
    let b = cancelled(&mut lab, &p, "b");
    let active = launch(&mut lab.engine, &lab.ana, scope, named("active", &p));
    let ids = vec![a.id.clone(), active.id.clone(), "nope".to_string(), b.id];
    let failed = lab
        .engine
        .write(&lab.ana, |cx| cx.delete_runs(scope, &ids, false))
        .unwrap();
    assert_eq!(failed, vec![active.id.clone(), "nope".to_string()]);
    let left = lab
        .engine
        .read(&lab.ana, |cx| cx.list_runs(scope, &RunQuery::default()))
        .unwrap();
    assert_eq!(left.items.len(), 1);
    assert_eq!(left.items[0].id, active.id);
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.delete_runs(scope, &[], false)
    });
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert_eq!(err.message, "workflowIds must name at least one run");
}

#[test]
fn run_labels_are_added_replaced_and_removed() {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    let x = simple_label(&mut lab.engine, &lab.ana, scope, "xx");
    let y = simple_label(&mut lab.engine, &lab.ana, scope, "yy");
    let z = resource_label(&mut lab.engine, &lab.ana, scope, "team", "genomics");
    let r1 = launch(&mut lab.engine, &lab.ana, scope, named("r1", &p));
    let r2 = launch(&mut lab.engine, &lab.ana, scope, named("r2", &p));
    let both = vec![r1.id.clone(), r2.id.clone()];
    let launcher = with_role(&mut lab, "launcher@example.org", WspRole::Launch);
    let ana = lab.ana.clone();
    let change = |lab: &mut Lab, who: &Actor, labels: Vec<LabelId>, change: RunLabelChange| {
        let runs = both.clone();
        lab.engine.write(who, |cx| {
            cx.change_run_labels(scope, &runs, &labels, change)
        })
    };
    change(&mut lab, &launcher, vec![x.id], RunLabelChange::Add).unwrap();
    change(&mut lab, &launcher, vec![y.id, x.id], RunLabelChange::Add).unwrap();
    assert_eq!(run_label_names(&lab, &r2.id), ["xx", "yy"]);
    change(&mut lab, &ana, vec![z.id, y.id], RunLabelChange::Replace).unwrap();
    assert_eq!(run_label_names(&lab, &r1.id), ["team=genomics", "yy"]);
    change(&mut lab, &ana, vec![y.id], RunLabelChange::Remove).unwrap();
    assert_eq!(run_label_names(&lab, &r1.id), ["team=genomics"]);

    // All or nothing: an unknown run or label changes no run.
    let err = lab
        .engine
        .write(&lab.ana, |cx| {
            cx.change_run_labels(
                scope,
                &[r1.id.clone(), "nope".into()],
                &[x.id],
                RunLabelChange::Add,
            )
        })
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert_eq!(run_label_names(&lab, &r1.id), ["team=genomics"]);
    let err = change(&mut lab, &ana, vec![9999], RunLabelChange::Add).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert_eq!(
        err.message,
        "label 9999 not found in workspace 'biolab/lab'"
    );

    let viewer = with_role(&mut lab, "viewer@example.org", WspRole::View);
    let err = change(&mut lab, &viewer, vec![x.id], RunLabelChange::Add).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert_eq!(
        err.message,
        "workspace biolab/lab: to add or remove labels on runs you need the owner, admin, maintain or launch role (yours is view)"
    );
    assert_eq!(audit_actions(&lab.engine, &lab.op, "run.labels").len(), 8);
}

#[test]
fn a_run_keeps_at_most_the_tier_labels() {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    let run = launch(&mut lab.engine, &lab.ana, scope, named("r", &p));
    let labels: Vec<LabelId> = (0..26)
        .map(|i| simple_label(&mut lab.engine, &lab.ana, scope, &format!("l{i}")).id)
        .collect();
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.change_run_labels(
            scope,
            std::slice::from_ref(&run.id),
            &labels,
            RunLabelChange::Add,
        )
    });
    assert_eq!(err.kind, ErrorKind::LimitExceeded);
    assert_eq!(
        err.message,
        "run 'r': at most 25 labels per resource (26 given)"
    );
    assert!(run_label_names(&lab, &run.id).is_empty());
}
