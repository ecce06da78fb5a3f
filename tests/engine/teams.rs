use crate::support::*;
use nfdeck::domain::*;

fn team(name: &str) -> TeamFields {
    TeamFields {
        name: name.into(),
        description: "a team".into(),
    }
}

#[test]
fn owners_create_teams_with_valid_unique_names() {
    let mut lab = lab();
    let t = lab
        .engine
        .write(&lab.ana, |cx| cx.create_team(lab.org.id, &team("analysts")))
        .unwrap();
    assert_eq!(t.members_count, 0);
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_team(lab.org.id, &team("Analysts"))
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_team(lab.org.id, &team("bad name"))
    });
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert!(err.message.contains("team 'bad name'"), "{err}");
    let mut long = team("ok-team");
    long.description = "x".repeat(251);
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_team(lab.org.id, &long)
    });
    assert!(err.message.contains("at most 250"), "{err}");
    let err = write_err(&mut lab.engine, &lab.ben, |cx| {
        cx.create_team(lab.org.id, &team("mine"))
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert_eq!(err.message, "only owners of org 'biolab' may create teams");
}

#[test]
fn twenty_teams_at_most() {
    let mut lab = lab();
    for i in 0..20 {
        lab.engine
            .write(&lab.ana, |cx| {
                cx.create_team(lab.org.id, &team(&format!("team{i}")))
            })
            .unwrap();
    }
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_team(lab.org.id, &team("one-more"))
    });
    assert_eq!(err.kind, ErrorKind::LimitExceeded);
    assert!(err.message.contains("at most 20 teams"), "{err}");
}

#[test]
fn team_members_come_from_the_org() {
    let mut lab = lab();
    let t = lab
        .engine
        .write(&lab.ana, |cx| cx.create_team(lab.org.id, &team("analysts")))
        .unwrap();
    lab.engine
        .write(&lab.ana, |cx| {
            cx.add_team_member(lab.org.id, t.id, "ben@example.org")
        })
        .unwrap();
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.add_team_member(lab.org.id, t.id, "ben")
    });
    assert_eq!(err.kind, ErrorKind::Conflict, "by user name, already in");
    let outsider = user(&mut lab.engine, &lab.op, "out@example.org");
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.add_team_member(lab.org.id, t.id, &outsider.email)
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(
        err.message
            .contains("out@example.org is not a member or collaborator of org 'biolab'"),
        "{err}"
    );
    let members = lab
        .engine
        .read(&lab.ben, |cx| {
            cx.list_team_members(lab.org.id, t.id, &Page::default())
        })
        .unwrap();
    assert_eq!(members.items[0].email, "ben@example.org");
    let ben_member = members.items[0].member_id;
    lab.engine
        .write(&lab.ana, |cx| {
            cx.remove_team_member(lab.org.id, t.id, ben_member)
        })
        .unwrap();
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.remove_team_member(lab.org.id, t.id, ben_member)
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
}

#[test]
fn deleting_a_team_ends_its_participations() {
    let mut lab = lab();
    let t = lab
        .engine
        .write(&lab.ana, |cx| cx.create_team(lab.org.id, &team("analysts")))
        .unwrap();
    lab.engine
        .write(&lab.ana, |cx| {
            cx.add_team_member(lab.org.id, t.id, "ben@example.org")
        })
        .unwrap();
    lab.engine
        .write(&lab.ana, |cx| {
            cx.add_participant(
                lab.org.id,
                lab.ws.id,
                &ParticipantRef::Team(t.id),
                Some(WspRole::Maintain.into()),
            )
        })
        .unwrap();
    assert_eq!(
        role_in(&lab.engine, &lab.ben, lab.ws.id),
        Some(WspRole::Maintain)
    );
    lab.engine
        .write(&lab.ana, |cx| cx.delete_team(lab.org.id, t.id))
        .unwrap();
    assert_eq!(role_in(&lab.engine, &lab.ben, lab.ws.id), None);
}
