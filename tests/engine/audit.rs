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

fn audit(lab: &Lab, filter: AuditFilter, page: Page) -> Paged<AuditEntry> {
    lab.engine
        .read(&lab.op, |cx| cx.audit_log(&filter, &page))
        .unwrap()
}

#[test]
fn filters_by_who_what_and_time_newest_first() {
    let lab = lab();
    let all = audit(&lab, AuditFilter::default(), Page::all());
    assert!(
        all.items.windows(2).all(|w| w[0].id > w[1].id),
        "newest first"
    );
    let by_ana = audit(
        &lab,
        AuditFilter {
            who: Some("ana@".into()),
            ..Default::default()
        },
        Page::all(),
    );
    assert!(by_ana.total >= 2 && by_ana.items.iter().all(|e| e.actor == "ana@example.org"));
    // `what` is an action prefix or an object type.
    let members = audit(
        &lab,
        AuditFilter {
            what: Some("member".into()),
            ..Default::default()
        },
        Page::all(),
    );
    assert!(members.total >= 1);
    assert!(
        members
            .items
            .iter()
            .all(|e| e.action.starts_with("member") || e.object_type == "member")
    );
    let ws_create = audit(
        &lab,
        AuditFilter {
            what: Some("workspace.create".into()),
            ..Default::default()
        },
        Page::all(),
    );
    assert_eq!(ws_create.total, 1);
    // Nothing recorded in the future; everything since a week ago.
    let later = AuditFilter {
        since: Some("2999-01-01T00:00:00Z".into()),
        ..Default::default()
    };
    assert_eq!(audit(&lab, later, Page::all()).total, 0);
    let week = audit::parse_time("--since", "7d", chrono::Utc::now()).unwrap();
    let recent = AuditFilter {
        since: Some(week),
        ..Default::default()
    };
    assert_eq!(audit(&lab, recent, Page::all()).total, all.total);
    let until = AuditFilter {
        until: Some("2000-01-01T00:00:00Z".into()),
        ..Default::default()
    };
    assert_eq!(audit(&lab, until, Page::all()).total, 0);
}

#[test]
fn pages_by_offset_and_by_keyset_without_gaps() {
    let lab = lab();
    let all = audit(&lab, AuditFilter::default(), Page::all());
    assert!(all.items.len() >= 4);
    let first = audit(&lab, AuditFilter::default(), Page::first(2));
    assert_eq!(first.total, all.total);
    assert_eq!(first.items, all.items[..2]);
    let second = audit(&lab, AuditFilter::default(), Page::first(2).next());
    assert_eq!(second.items, all.items[2..4]);
    let after = AuditFilter {
        before_id: Some(first.items[1].id),
        ..Default::default()
    };
    let keyset = audit(&lab, after, Page::first(2));
    assert_eq!(keyset.items, all.items[2..4]);
    assert_eq!(keyset.total, all.total - 2);
}

#[test]
fn one_entry_opens_with_before_and_after_and_only_for_the_operator() {
    let mut lab = lab();
    let mut f = WorkspaceFields::from(&lab.ws);
    f.description = "sequencing".into();
    lab.engine
        .write(&lab.ana, |cx| {
            cx.update_workspace(lab.org.id, lab.ws.id, &f)
        })
        .unwrap();
    let newest = audit(&lab, AuditFilter::default(), Page::first(1)).items[0].clone();
    let opened = lab
        .engine
        .read(&lab.op, |cx| cx.audit_entry(newest.id))
        .unwrap();
    assert_eq!(opened, newest);
    assert_eq!(opened.after.unwrap()["description"], "sequencing");
    let err = read_err(&lab.engine, &lab.ana, |cx| cx.audit_entry(newest.id));
    assert_eq!(err.kind, ErrorKind::Forbidden);
    let err = read_err(&lab.engine, &lab.op, |cx| cx.audit_entry(newest.id + 1000));
    assert_eq!(err.kind, ErrorKind::NotFound);
}
