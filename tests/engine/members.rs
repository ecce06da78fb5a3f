use crate::support::*;
use nfdeck::domain::*;

#[test]
fn owners_add_members_by_email_and_unknown_emails_get_accounts() {
    let mut lab = lab();
    let m = lab
        .engine
        .write(&lab.ana, |cx| {
            cx.add_member(lab.org.id, "New.Person@Example.org")
        })
        .unwrap();
    assert_eq!(m.email, "new.person@example.org");
    assert_eq!(m.role, OrgRole::Member);
    assert_eq!(m.user_name, "new-person");
    let newcomer = lab.engine.act_as("new.person@example.org").unwrap();
    let ws = lab
        .engine
        .read(&newcomer, |cx| cx.list_workspaces())
        .unwrap();
    assert!(ws[0].is_personal(), "a new user gets a personal workspace");
}

#[test]
fn members_cannot_add_members_and_duplicates_are_refused() {
    let mut lab = lab();
    let err = write_err(&mut lab.engine, &lab.ben, |cx| {
        cx.add_member(lab.org.id, "x@example.org")
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert_eq!(
        err.message,
        "only owners of org 'biolab' may add or change members"
    );
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.add_member(lab.org.id, "ben@example.org")
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert!(err.message.contains("already a member"), "{err}");
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.add_member(lab.org.id, "not an email")
    });
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert!(err.message.contains("not a valid email"), "{err}");
}

#[test]
fn basic_tier_allows_three_members_collaborators_not_counted() {
    let (mut engine, op) = engine();
    let jo = user(&mut engine, &op, "jo@example.org");
    let org = org(&mut engine, &op, "core", Tier::Basic, &jo);
    let ws = workspace(&mut engine, &jo, org.id, "seq");
    for e in ["a@example.org", "b@example.org"] {
        engine.write(&jo, |cx| cx.add_member(org.id, e)).unwrap();
    }
    let err = write_err(&mut engine, &jo, |cx| {
        cx.add_member(org.id, "c@example.org")
    });
    assert_eq!(err.kind, ErrorKind::LimitExceeded);
    assert!(
        err.message
            .contains("the basic tier allows at most 3 members (3 used)"),
        "{err}"
    );
    // A collaborator joins through a workspace without counting as a member.
    participant(
        &mut engine,
        &jo,
        org.id,
        ws.id,
        "guest@partner.org",
        WspRole::View,
    );
    let usage = engine.read(&jo, |cx| cx.org_usage(org.id)).unwrap();
    assert_eq!(usage.members.to_string(), "3/3");
    assert_eq!(usage.collaborators, 1);
    // Promoting the collaborator to member would exceed the limit.
    let guest = engine
        .read(&jo, |cx| cx.list_collaborators(org.id, &Page::default()))
        .unwrap()
        .items
        .remove(0);
    let err = write_err(&mut engine, &jo, |cx| {
        cx.set_member_role(org.id, guest.member_id, OrgRole::Member)
    });
    assert_eq!(err.kind, ErrorKind::LimitExceeded);
}

#[test]
fn the_last_owner_cannot_be_demoted_removed_or_leave() {
    let mut lab = lab();
    let ana_member = member_id(&lab.engine, &lab.ana, lab.org.id);
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.set_member_role(lab.org.id, ana_member, OrgRole::Member)
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert!(
        err.message.contains("ana@example.org is the last owner"),
        "{err}"
    );
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.remove_member(lab.org.id, ana_member)
    });
    assert!(err.message.contains("last owner"), "{err}");
    let err = write_err(&mut lab.engine, &lab.ana, |cx| cx.leave_org(lab.org.id));
    assert!(err.message.contains("last owner"), "{err}");
    // With a second owner, the first may step down.
    let ben_member = member_id(&lab.engine, &lab.ben, lab.org.id);
    lab.engine
        .write(&lab.ana, |cx| {
            cx.set_member_role(lab.org.id, ben_member, OrgRole::Owner)
        })
        .unwrap();
    lab.engine
        .write(&lab.ana, |cx| {
            cx.set_member_role(lab.org.id, ana_member, OrgRole::Member)
        })
        .unwrap();
    let org = lab
        .engine
        .read(&lab.ana, |cx| cx.get_org(lab.org.id))
        .unwrap();
    assert_eq!(org.my_role, Some(OrgRole::Member));
}

#[test]
fn default_roles_apply_to_members_in_every_workspace_even_new_ones() {
    let mut lab = lab();
    let ben_member = member_id(&lab.engine, &lab.ben, lab.org.id);
    assert_eq!(role_in(&lab.engine, &lab.ben, lab.ws.id), None);
    lab.engine
        .write(&lab.ana, |cx| {
            cx.set_default_role(lab.org.id, ben_member, Some(WspRole::View))
        })
        .unwrap();
    assert_eq!(
        role_in(&lab.engine, &lab.ben, lab.ws.id),
        Some(WspRole::View)
    );
    let later = workspace(&mut lab.engine, &lab.ana, lab.org.id, "later");
    let ws = lab
        .engine
        .read(&lab.ben, |cx| cx.workspace(later.id))
        .unwrap();
    assert_eq!(ws.my_role.summary(), "view (org default)");
    // Members may not set it; owners and collaborators cannot have one.
    let err = write_err(&mut lab.engine, &lab.ben, |cx| {
        cx.set_default_role(lab.org.id, ben_member, None)
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
    let ana_member = member_id(&lab.engine, &lab.ana, lab.org.id);
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.set_default_role(lab.org.id, ana_member, Some(WspRole::View))
    });
    assert!(
        err.message.contains("owners are owners of every workspace"),
        "{err}"
    );
}

#[test]
fn removing_a_member_removes_them_from_teams_and_workspaces() {
    let mut lab = lab();
    let team = lab
        .engine
        .write(&lab.ana, |cx| {
            cx.create_team(lab.org.id, &team_fields("t1"))
        })
        .unwrap();
    lab.engine
        .write(&lab.ana, |cx| {
            cx.add_team_member(lab.org.id, team.id, "ben@example.org")
        })
        .unwrap();
    participant(
        &mut lab.engine,
        &lab.ana,
        lab.org.id,
        lab.ws.id,
        "ben@example.org",
        WspRole::Maintain,
    );
    let ben_member = member_id(&lab.engine, &lab.ben, lab.org.id);
    lab.engine
        .write(&lab.ana, |cx| cx.remove_member(lab.org.id, ben_member))
        .unwrap();
    let team = lab
        .engine
        .read(&lab.ana, |cx| cx.list_teams(lab.org.id, &Page::default()))
        .unwrap();
    assert_eq!(team.items[0].members_count, 0);
    let parts = lab
        .engine
        .read(&lab.ana, |cx| {
            cx.list_participants(lab.org.id, lab.ws.id, &Page::default())
        })
        .unwrap();
    assert_eq!(parts.total, 0);
    assert!(
        lab.engine
            .read(&lab.ben, |cx| cx.list_orgs())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn collaborators_cannot_read_members_or_teams() {
    let mut lab = lab();
    participant(
        &mut lab.engine,
        &lab.ana,
        lab.org.id,
        lab.ws.id,
        "eve@partner.org",
        WspRole::View,
    );
    let eve = lab.engine.act_as("eve@partner.org").unwrap();
    let err = read_err(&lab.engine, &eve, |cx| {
        cx.list_members(lab.org.id, &Page::default())
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(err.message.contains("collaborators cannot see"), "{err}");
    let err = read_err(&lab.engine, &eve, |cx| {
        cx.list_teams(lab.org.id, &Page::default())
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
}

#[test]
fn member_lists_page_and_search() {
    let mut lab = lab();
    for i in 0..5 {
        lab.engine
            .write(&lab.ana, |cx| {
                cx.add_member(lab.org.id, &format!("user{i}@example.org"))
            })
            .unwrap();
    }
    let page = lab
        .engine
        .read(&lab.ben, |cx| {
            cx.list_members(
                lab.org.id,
                &Page {
                    max: 3,
                    offset: 0,
                    search: None,
                },
            )
        })
        .unwrap();
    assert_eq!((page.items.len(), page.total), (3, 7));
    let page = lab
        .engine
        .read(&lab.ben, |cx| {
            cx.list_members(lab.org.id, &Page::first(10).with_search("user3"))
        })
        .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].email, "user3@example.org");
    // LIKE wildcards in the search are taken literally.
    let page = lab
        .engine
        .read(&lab.ben, |cx| {
            cx.list_members(lab.org.id, &Page::first(10).with_search("%"))
        })
        .unwrap();
    assert_eq!(page.total, 0);
}
