use crate::support::*;
use nfdeck::domain::*;

#[test]
fn every_change_is_recorded_with_before_and_after() {
    let mut lab = lab();
    let mut f = WorkspaceFields::from(&lab.ws);
    f.visibility = Visibility::Shared;
    lab.engine
        .write(&lab.ana, |cx| {
            cx.update_workspace(lab.org.id, lab.ws.id, &f)
        })
        .unwrap();
    let log = lab
        .engine
        .read(&lab.op, |cx| cx.list_audit(&Page::first(1)))
        .unwrap();
    let entry = &log.items[0];
    assert_eq!(entry.action, "workspace.update");
    assert_eq!(entry.actor, "ana@example.org");
    assert_eq!(entry.object_name, "lab");
    assert_eq!(entry.before.as_ref().unwrap()["visibility"], "PRIVATE");
    assert_eq!(entry.after.as_ref().unwrap()["visibility"], "SHARED");
    assert!(entry.at.ends_with('Z'));
}

#[test]
fn a_failed_change_leaves_no_record_and_only_the_operator_reads_the_log() {
    let mut lab = lab();
    let before = audit_count(&lab.engine, &lab.op);
    write_err(&mut lab.engine, &lab.ben, |cx| {
        cx.create_workspace(lab.org.id, &ws_fields("nope", Visibility::Private))
    });
    assert_eq!(audit_count(&lab.engine, &lab.op), before);
    let err = read_err(&lab.engine, &lab.ana, |cx| cx.list_audit(&Page::default()));
    assert_eq!(err.kind, ErrorKind::Forbidden);
}

#[test]
fn searches_by_action_and_actor() {
    let lab = lab();
    let hits = lab
        .engine
        .read(&lab.op, |cx| {
            cx.list_audit(&Page::first(50).with_search("workspace.create"))
        })
        .unwrap();
    assert_eq!(hits.total, 1);
    let ana = lab
        .engine
        .read(&lab.op, |cx| {
            cx.list_audit(&Page::first(50).with_search("ana@"))
        })
        .unwrap();
    assert!(ana.total >= 2);
}
