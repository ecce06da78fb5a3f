use crate::support::*;
use nfdeck::domain::*;

#[test]
fn every_user_has_one_personal_workspace_only_they_see() {
    let lab = lab();
    let mine = lab
        .engine
        .read(&lab.ben, |cx| cx.list_workspaces())
        .unwrap();
    assert!(mine[0].is_personal());
    assert_eq!(mine[0].path(), "~ben");
    assert_eq!(mine[0].my_role.summary(), "owner (personal workspace)");
    let err = read_err(&lab.engine, &lab.ana, |cx| cx.workspace(mine[0].id));
    assert_eq!(err.kind, ErrorKind::NotFound);
}

#[test]
fn only_org_owners_create_workspaces_within_the_limit() {
    let mut lab = lab();
    let err = write_err(&mut lab.engine, &lab.ben, |cx| {
        cx.create_workspace(lab.org.id, &ws_fields("mine", Visibility::Private))
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert_eq!(
        err.message,
        "only owners of org 'biolab' may create workspaces"
    );
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_workspace(lab.org.id, &ws_fields("Lab", Visibility::Private))
    });
    assert_eq!(
        err.kind,
        ErrorKind::Conflict,
        "names are unique whatever the case"
    );
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_workspace(lab.org.id, &ws_fields("no way", Visibility::Private))
    });
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert!(
        err.message
            .starts_with("workspace 'biolab/no way': name 'no way' must be 2-39"),
        "{err}"
    );
    for i in 1..50 {
        workspace(&mut lab.engine, &lab.ana, lab.org.id, &format!("ws{i}"));
    }
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_workspace(lab.org.id, &ws_fields("ws50", Visibility::Private))
    });
    assert_eq!(err.kind, ErrorKind::LimitExceeded);
    assert!(
        err.message.contains("at most 50 workspaces (50 used)"),
        "{err}"
    );
}

#[test]
fn owners_and_admins_edit_others_are_refused_with_the_rule() {
    let mut lab = lab();
    let id = lab.ws.id;
    let mut f = ws_fields("lab", Visibility::Shared);
    f.full_name = "The lab".into();
    for (email, role, allowed) in [
        ("adm@example.org", WspRole::Admin, true),
        ("own@example.org", WspRole::Owner, true),
        ("mnt@example.org", WspRole::Maintain, false),
        ("lch@example.org", WspRole::Launch, false),
        ("con@example.org", WspRole::Connect, false),
        ("vw@example.org", WspRole::View, false),
    ] {
        let who = user(&mut lab.engine, &lab.op, email);
        member(&mut lab.engine, &lab.ana, lab.org.id, &who);
        participant(&mut lab.engine, &lab.ana, lab.org.id, id, email, role);
        let result = lab
            .engine
            .write(&who, |cx| cx.update_workspace(lab.org.id, id, &f));
        match (allowed, result) {
            (true, Ok(ws)) => assert_eq!(ws.visibility, Visibility::Shared),
            (false, Err(e)) => {
                assert_eq!(e.kind, ErrorKind::Forbidden);
                assert_eq!(
                    e.message,
                    format!(
                        "workspace biolab/lab: to edit the workspace you need the owner or admin role (yours is {role})"
                    )
                );
            }
            (allowed, other) => panic!("{role}: expected allowed={allowed}, got {other:?}"),
        }
    }
}

#[test]
fn only_workspace_owners_delete_and_everything_goes() {
    let mut lab = lab();
    let id = lab.ws.id;
    participant(
        &mut lab.engine,
        &lab.ana,
        lab.org.id,
        id,
        "ben@example.org",
        WspRole::Admin,
    );
    let err = write_err(&mut lab.engine, &lab.ben, |cx| {
        cx.delete_workspace(lab.org.id, id)
    });
    assert!(
        err.message
            .contains("to delete the workspace you need the owner role (yours is admin)"),
        "{err}"
    );
    let pid = lab
        .engine
        .read(&lab.ana, |cx| {
            cx.list_participants(lab.org.id, id, &Page::default())
        })
        .unwrap()
        .items[0]
        .id;
    lab.engine
        .write(&lab.ana, |cx| {
            cx.set_participant_role(lab.org.id, id, pid, WspRole::Owner.into())
        })
        .unwrap();
    lab.engine
        .write(&lab.ben, |cx| cx.delete_workspace(lab.org.id, id))
        .unwrap();
    let err = read_err(&lab.engine, &lab.ana, |cx| {
        cx.list_participants(lab.org.id, id, &Page::default())
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
    let count: i64 = lab
        .engine
        .connection()
        .query_row(
            "SELECT count(*) FROM participants WHERE workspace_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(count, 0, "participants are deleted with the workspace");
}

#[test]
fn who_sees_which_workspace() {
    let mut lab = lab();
    let shared = lab
        .engine
        .write(&lab.ana, |cx| {
            cx.create_workspace(lab.org.id, &ws_fields("shared", Visibility::Shared))
        })
        .unwrap();
    participant(
        &mut lab.engine,
        &lab.ana,
        lab.org.id,
        lab.ws.id,
        "eve@partner.org",
        WspRole::View,
    );
    let eve = lab.engine.act_as("eve@partner.org").unwrap();
    let names = |who| -> Vec<String> {
        lab.engine
            .read(who, |cx| cx.list_workspaces())
            .unwrap()
            .into_iter()
            .map(|w| w.path())
            .collect()
    };
    assert_eq!(names(&lab.ana), vec!["~ana", "biolab/lab", "biolab/shared"]);
    // A plain member sees the SHARED workspace (without a role), not the private one.
    assert_eq!(names(&lab.ben), vec!["~ben", "biolab/shared"]);
    let ben_view = lab
        .engine
        .read(&lab.ben, |cx| cx.workspace(shared.id))
        .unwrap();
    assert_eq!(ben_view.my_role.role(), None);
    // A collaborator sees only where they participate.
    assert_eq!(names(&eve), vec!["~eve", "biolab/lab"]);
    let err = read_err(&lab.engine, &eve, |cx| cx.workspace(shared.id));
    assert_eq!(err.kind, ErrorKind::NotFound);
}

#[test]
fn listing_shows_counts_and_roles() {
    let mut lab = lab();
    participant(
        &mut lab.engine,
        &lab.ana,
        lab.org.id,
        lab.ws.id,
        "ben@example.org",
        WspRole::Launch,
    );
    let ws = lab
        .engine
        .read(&lab.ben, |cx| cx.list_org_workspaces(lab.org.id))
        .unwrap();
    assert_eq!(ws.len(), 1);
    assert_eq!(ws[0].participants_count, 1);
    assert_eq!(ws[0].my_role.summary(), "launch (participant)");
    let op_view = lab.engine.read(&lab.op, |cx| cx.list_workspaces()).unwrap();
    assert_eq!(op_view[1].my_role.summary(), "owner (operator)");
}
