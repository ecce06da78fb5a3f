use crate::support::*;
use nfdeck::domain::*;

fn list(lab: &Lab, who: &nfdeck::engine::Actor) -> Vec<Participant> {
    lab.engine
        .read(who, |cx| {
            cx.list_participants(lab.org.id, lab.ws.id, &Page::default())
        })
        .unwrap()
        .items
}

#[test]
fn add_by_member_team_and_email_with_launch_by_default() {
    let mut lab = lab();
    let (org, ws) = (lab.org.id, lab.ws.id);
    let ben_member = member_id(&lab.engine, &lab.ben, org);
    let team = lab
        .engine
        .write(&lab.ana, |cx| cx.create_team(org, &team_fields("analysts")))
        .unwrap();
    let by_member = lab
        .engine
        .write(&lab.ana, |cx| {
            cx.add_participant(org, ws, &ParticipantRef::Member(ben_member), None)
        })
        .unwrap();
    assert_eq!(
        (by_member.kind, by_member.role),
        (ParticipantType::Member, WspRole::Launch)
    );
    let by_team = lab
        .engine
        .write(&lab.ana, |cx| {
            cx.add_participant(
                org,
                ws,
                &ParticipantRef::Team(team.id),
                Some(WspRole::View.into()),
            )
        })
        .unwrap();
    assert_eq!(by_team.kind, ParticipantType::Team);
    assert_eq!(by_team.team_name.as_deref(), Some("analysts"));
    let by_email = lab
        .engine
        .write(&lab.ana, |cx| {
            cx.add_participant(
                org,
                ws,
                &ParticipantRef::UserNameOrEmail("Eve@Partner.org".into()),
                None,
            )
        })
        .unwrap();
    assert_eq!(by_email.kind, ParticipantType::Collaborator);
    assert_eq!(by_email.email.as_deref(), Some("eve@partner.org"));
    let collabs = lab
        .engine
        .read(&lab.ana, |cx| cx.list_collaborators(org, &Page::default()))
        .unwrap();
    assert_eq!(collabs.items[0].email, "eve@partner.org");
    assert_eq!(list(&lab, &lab.ana).len(), 3);
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.add_participant(org, ws, &ParticipantRef::Member(ben_member), None)
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(
        err.message,
        "workspace 'biolab/lab': ben@example.org is already a participant"
    );
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.add_participant(
            org,
            ws,
            &ParticipantRef::UserNameOrEmail("nobody".into()),
            None,
        )
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(
        err.message
            .contains("give an email to invite a collaborator"),
        "{err}"
    );
}

#[test]
fn admins_manage_participants_but_only_owners_grant_owner() {
    let mut lab = lab();
    let (org, ws) = (lab.org.id, lab.ws.id);
    participant(
        &mut lab.engine,
        &lab.ana,
        org,
        ws,
        "ben@example.org",
        WspRole::Admin,
    );
    let added = lab
        .engine
        .write(&lab.ben, |cx| {
            cx.add_participant(
                org,
                ws,
                &ParticipantRef::UserNameOrEmail("c@example.org".into()),
                Some(WspRole::Maintain.into()),
            )
        })
        .unwrap();
    let err = write_err(&mut lab.engine, &lab.ben, |cx| {
        cx.set_participant_role(org, ws, added.id, WspRole::Owner.into())
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(
        err.message
            .contains("to grant or remove the owner role you need the owner role (yours is admin)"),
        "{err}"
    );
    let err = write_err(&mut lab.engine, &lab.ben, |cx| {
        cx.add_participant(
            org,
            ws,
            &ParticipantRef::UserNameOrEmail("d@example.org".into()),
            Some(WspRole::Owner.into()),
        )
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
    lab.engine
        .write(&lab.ana, |cx| {
            cx.set_participant_role(org, ws, added.id, WspRole::Owner.into())
        })
        .unwrap();
    let err = write_err(&mut lab.engine, &lab.ben, |cx| {
        cx.remove_participant(org, ws, added.id)
    });
    assert_eq!(
        err.kind,
        ErrorKind::Forbidden,
        "an admin cannot remove an owner"
    );
}

#[test]
fn roles_below_admin_cannot_manage_participants() {
    let mut lab = lab();
    let (org, ws) = (lab.org.id, lab.ws.id);
    for role in [
        WspRole::Maintain,
        WspRole::Launch,
        WspRole::Connect,
        WspRole::View,
    ] {
        let email = format!("{role}@example.org");
        let who = user(&mut lab.engine, &lab.op, &email);
        member(&mut lab.engine, &lab.ana, org, &who);
        participant(&mut lab.engine, &lab.ana, org, ws, &email, role);
        let err = write_err(&mut lab.engine, &who, |cx| {
            cx.add_participant(
                org,
                ws,
                &ParticipantRef::UserNameOrEmail("z@example.org".into()),
                None,
            )
        });
        assert_eq!(err.kind, ErrorKind::Forbidden);
        assert_eq!(
            err.message,
            format!(
                "workspace biolab/lab: to manage participants you need the owner or admin role (yours is {role})"
            )
        );
        // Every participant may read the list.
        assert!(!list(&lab, &who).is_empty());
    }
    let err = read_err(&lab.engine, &lab.ben, |cx| {
        cx.list_participants(org, ws, &Page::default())
    });
    assert_eq!(
        err.kind,
        ErrorKind::NotFound,
        "a member without a role does not see a private workspace"
    );
}

#[test]
fn effective_role_is_the_highest_grant_with_its_source() {
    let mut lab = lab();
    let (org, ws) = (lab.org.id, lab.ws.id);
    let p = participant(
        &mut lab.engine,
        &lab.ana,
        org,
        ws,
        "ben@example.org",
        WspRole::Launch,
    );
    assert_eq!(role_in(&lab.engine, &lab.ben, ws), Some(WspRole::Launch));
    let team = lab
        .engine
        .write(&lab.ana, |cx| cx.create_team(org, &team_fields("analysts")))
        .unwrap();
    lab.engine
        .write(&lab.ana, |cx| {
            cx.add_team_member(org, team.id, "ben@example.org")
        })
        .unwrap();
    lab.engine
        .write(&lab.ana, |cx| {
            cx.add_participant(
                org,
                ws,
                &ParticipantRef::Team(team.id),
                Some(WspRole::Maintain.into()),
            )
        })
        .unwrap();
    let w = lab.engine.read(&lab.ben, |cx| cx.workspace(ws)).unwrap();
    assert_eq!(w.my_role.summary(), "maintain (team analysts)");
    assert_eq!(w.my_role.grants.len(), 2);
    // The participant list shows where ben's role comes from.
    let listed = list(&lab, &lab.ana)
        .into_iter()
        .find(|x| x.id == p.id)
        .unwrap();
    assert_eq!(listed.role, WspRole::Launch);
    assert_eq!(
        listed.effective.unwrap().summary(),
        "maintain (team analysts)"
    );
    // A higher own role wins over the team's.
    lab.engine
        .write(&lab.ana, |cx| {
            cx.set_participant_role(org, ws, p.id, WspRole::Admin.into())
        })
        .unwrap();
    assert_eq!(role_in(&lab.engine, &lab.ben, ws), Some(WspRole::Admin));
    // Org owners are owners whatever their participant role.
    let ana_p = participant(
        &mut lab.engine,
        &lab.ana,
        org,
        ws,
        "ana@example.org",
        WspRole::View,
    );
    let ana_listed = list(&lab, &lab.ana)
        .into_iter()
        .find(|x| x.id == ana_p.id)
        .unwrap();
    assert_eq!(ana_listed.effective.unwrap().summary(), "owner (org owner)");
}

#[test]
fn participant_limit_counts_collaborators_and_teams() {
    let (mut engine, op) = engine();
    let jo = user(&mut engine, &op, "jo@example.org");
    let org = org(&mut engine, &op, "core", Tier::Basic, &jo);
    let ws = workspace(&mut engine, &jo, org.id, "seq");
    let team = engine
        .write(&jo, |cx| cx.create_team(org.id, &team_fields("staff")))
        .unwrap();
    engine
        .write(&jo, |cx| {
            cx.add_participant(org.id, ws.id, &ParticipantRef::Team(team.id), None)
        })
        .unwrap();
    participant(
        &mut engine,
        &jo,
        org.id,
        ws.id,
        "guest1@partner.org",
        WspRole::View,
    );
    participant(
        &mut engine,
        &jo,
        org.id,
        ws.id,
        "jo@example.org",
        WspRole::Owner,
    );
    let usage = engine
        .read(&jo, |cx| cx.participant_usage(org.id, ws.id))
        .unwrap();
    assert_eq!(usage.to_string(), "3/3");
    let err = write_err(&mut engine, &jo, |cx| {
        cx.add_participant(
            org.id,
            ws.id,
            &ParticipantRef::UserNameOrEmail("guest2@partner.org".into()),
            None,
        )
    });
    assert_eq!(err.kind, ErrorKind::LimitExceeded);
    assert_eq!(
        err.message,
        "workspace 'core/seq': the basic tier allows at most 3 participants per workspace (collaborators and teams included) (3 used)"
    );
    // The refused collaborator was not left behind in the org.
    let collabs = engine
        .read(&jo, |cx| cx.list_collaborators(org.id, &Page::default()))
        .unwrap();
    assert_eq!(collabs.total, 1);
}

#[test]
fn any_participant_may_leave_but_not_a_role_from_a_team() {
    let mut lab = lab();
    let (org, ws) = (lab.org.id, lab.ws.id);
    participant(
        &mut lab.engine,
        &lab.ana,
        org,
        ws,
        "ben@example.org",
        WspRole::View,
    );
    lab.engine
        .write(&lab.ben, |cx| cx.leave_workspace(org, ws))
        .unwrap();
    assert_eq!(role_in(&lab.engine, &lab.ben, ws), None);
    let team = lab
        .engine
        .write(&lab.ana, |cx| cx.create_team(org, &team_fields("t1")))
        .unwrap();
    lab.engine
        .write(&lab.ana, |cx| {
            cx.add_team_member(org, team.id, "ben@example.org")
        })
        .unwrap();
    lab.engine
        .write(&lab.ana, |cx| {
            cx.add_participant(org, ws, &ParticipantRef::Team(team.id), None)
        })
        .unwrap();
    let err = write_err(&mut lab.engine, &lab.ben, |cx| cx.leave_workspace(org, ws));
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(
        err.message.contains("not a participant in your own right"),
        "{err}"
    );
}

#[test]
fn bad_input_changes_nothing() {
    let mut lab = lab();
    let before = audit_count(&lab.engine, &lab.op);
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.add_participant(
            lab.org.id,
            lab.ws.id,
            &ParticipantRef::UserNameOrEmail("bad@@x.org".into()),
            None,
        )
    });
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert_eq!(audit_count(&lab.engine, &lab.op), before);
    assert!(list(&lab, &lab.ana).is_empty());
}

#[test]
fn participants_are_listed_by_name_and_follow_a_team_rename() {
    let mut lab = lab();
    let (org, ws) = (lab.org.id, lab.ws.id);
    participant(
        &mut lab.engine,
        &lab.ana,
        org,
        ws,
        "Zed@example.org",
        WspRole::View,
    );
    participant(
        &mut lab.engine,
        &lab.ana,
        org,
        ws,
        "bea@example.org",
        WspRole::View,
    );
    let team = lab
        .engine
        .write(&lab.ana, |cx| cx.create_team(org, &team_fields("Middle")))
        .unwrap();
    lab.engine
        .write(&lab.ana, |cx| {
            cx.add_participant(org, ws, &ParticipantRef::Team(team.id), None)
        })
        .unwrap();
    let names = |lab: &Lab| -> Vec<String> {
        list(lab, &lab.ana)
            .iter()
            .map(|p| p.display_name())
            .collect()
    };
    assert_eq!(
        names(&lab),
        vec!["bea@example.org", "Middle", "zed@example.org"]
    );
    lab.engine
        .write(&lab.ana, |cx| {
            cx.update_team(org, team.id, &team_fields("alpha"))
        })
        .unwrap();
    assert_eq!(
        names(&lab),
        vec!["alpha", "bea@example.org", "zed@example.org"]
    );
    let page = lab
        .engine
        .read(&lab.ana, |cx| {
            cx.list_participants(
                org,
                ws,
                &Page {
                    max: 1,
                    offset: 1,
                    search: None,
                },
            )
        })
        .unwrap();
    assert_eq!(
        (page.total, page.items[0].display_name().as_str()),
        (3, "bea@example.org")
    );
}

/// The participant count a workspace shows (in its view and in the org's list) against the
/// participants listed.
fn counts(lab: &Lab) -> (u64, u64, u64) {
    let (org, ws) = (lab.org.id, lab.ws.id);
    lab.engine
        .read(&lab.ana, |cx| {
            let view = cx.workspace(ws)?.participants_count;
            let listed = cx
                .list_org_workspaces(org)?
                .into_iter()
                .find(|w| w.id == ws)
                .map(|w| w.participants_count)
                .unwrap_or_default();
            let total = cx.list_participants(org, ws, &Page::default())?.total;
            Ok((view, listed, total))
        })
        .unwrap()
}

#[test]
fn participant_count_follows_adds_removals_and_cascades() {
    let mut lab = lab();
    let (org, ws) = (lab.org.id, lab.ws.id);
    let (start, _, _) = counts(&lab);
    assert_eq!(counts(&lab), (start, start, start));
    let ben_member = member_id(&lab.engine, &lab.ben, org);
    let (team, eve) = lab
        .engine
        .write(&lab.ana, |cx| {
            let team = cx.create_team(org, &team_fields("analysts"))?;
            cx.add_participant(org, ws, &ParticipantRef::Member(ben_member), None)?;
            cx.add_participant(org, ws, &ParticipantRef::Team(team.id), None)?;
            let eve = cx.add_participant(
                org,
                ws,
                &ParticipantRef::UserNameOrEmail("eve@partner.org".into()),
                None,
            )?;
            Ok((team, eve))
        })
        .unwrap();
    let n = start + 3;
    assert_eq!(counts(&lab), (n, n, n));
    // A refused add changes nothing.
    write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.add_participant(org, ws, &ParticipantRef::Member(ben_member), None)
    });
    assert_eq!(counts(&lab), (n, n, n));
    // Deleting the team and removing ben from the org take their participants with them.
    lab.engine
        .write(&lab.ana, |cx| {
            cx.delete_team(org, team.id)?;
            cx.remove_member(org, ben_member)
        })
        .unwrap();
    let n = start + 1;
    assert_eq!(counts(&lab), (n, n, n));
    lab.engine
        .write(&lab.ana, |cx| cx.remove_participant(org, ws, eve.id))
        .unwrap();
    assert_eq!(counts(&lab), (start, start, start));
    // A deleted workspace leaves no count behind.
    lab.engine
        .write(&lab.ana, |cx| cx.delete_workspace(org, ws))
        .unwrap();
    let left: i64 = lab
        .engine
        .connection()
        .query_row(
            "SELECT count(*) FROM participant_counts WHERE workspace_id = ?1",
            [ws],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
}

#[test]
fn removing_ones_own_row_is_leaving_for_any_role() {
    let mut lab = lab();
    let (org, ws) = (lab.org.id, lab.ws.id);
    let p = participant(
        &mut lab.engine,
        &lab.ana,
        org,
        ws,
        "ben@example.org",
        WspRole::View,
    );
    lab.engine
        .write(&lab.ben, |cx| cx.remove_participant(org, ws, p.id))
        .unwrap();
    assert_eq!(role_in(&lab.engine, &lab.ben, ws), None);
    let log = lab
        .engine
        .read(&lab.op, |cx| cx.list_audit(&Page::first(1)))
        .unwrap();
    assert_eq!(log.items[0].action, "participant.leave");
}
