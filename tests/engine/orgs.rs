use crate::support::*;
use nfdeck::domain::*;

#[test]
fn creator_is_first_owner_and_others_see_nothing() {
    let (mut engine, op) = engine();
    let ana = user(&mut engine, &op, "ana@example.org");
    let eve = user(&mut engine, &op, "eve@example.org");
    let org = engine
        .write(&ana, |cx| cx.create_org(&org_fields("biolab", Tier::Basic)))
        .unwrap();
    assert_eq!(org.my_role, Some(OrgRole::Owner));
    let eve_orgs = engine.read(&eve, |cx| cx.list_orgs()).unwrap();
    assert!(eve_orgs.is_empty());
    let err = read_err(&engine, &eve, |cx| cx.get_org(org.id));
    assert_eq!(err.kind, ErrorKind::NotFound);
}

#[test]
fn the_operator_sees_every_org() {
    let lab = lab();
    let orgs = lab.engine.read(&lab.op, |cx| cx.list_orgs()).unwrap();
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0].my_role, None, "the operator is not a member");
}

#[test]
fn only_the_operator_creates_pro_orgs_or_orgs_for_others() {
    let (mut engine, op) = engine();
    let ana = user(&mut engine, &op, "ana@example.org");
    let err = write_err(&mut engine, &ana, |cx| {
        cx.create_org(&org_fields("big", Tier::Pro))
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(err.message.contains("pro tier"), "{err}");
    let err = write_err(&mut engine, &ana, |cx| {
        cx.create_org_owned_by(&org_fields("other", Tier::Basic), "ben@example.org")
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
}

#[test]
fn org_names_and_fields_follow_the_rules() {
    let (mut engine, op) = engine();
    let ana = user(&mut engine, &op, "ana@example.org");
    for bad in ["a", "-lab", "lab-", "la--b", "la b", &"x".repeat(40)] {
        let err = write_err(&mut engine, &ana, |cx| {
            cx.create_org(&org_fields(bad, Tier::Basic))
        });
        assert_eq!(err.kind, ErrorKind::Invalid, "{bad}");
        assert!(err.message.contains("2-39 characters"), "{err}");
        assert!(err.message.contains(&format!("org '{bad}'")), "{err}");
    }
    let mut f = org_fields("lab", Tier::Basic);
    f.full_name = String::new();
    let err = write_err(&mut engine, &ana, |cx| cx.create_org(&f));
    assert!(err.message.contains("full name is required"), "{err}");
    f.full_name = "x".repeat(101);
    let err = write_err(&mut engine, &ana, |cx| cx.create_org(&f));
    assert!(err.message.contains("at most 100"), "{err}");
    f.full_name = "Lab".into();
    f.description = "d".repeat(1001);
    let err = write_err(&mut engine, &ana, |cx| cx.create_org(&f));
    assert!(err.message.contains("at most 1000"), "{err}");
}

#[test]
fn org_names_are_unique_whatever_the_case() {
    let (mut engine, op) = engine();
    let ana = user(&mut engine, &op, "ana@example.org");
    org(&mut engine, &op, "biolab", Tier::Basic, &ana);
    let err = write_err(&mut engine, &ana, |cx| {
        cx.create_org(&org_fields("BioLab", Tier::Basic))
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert!(err.message.contains("already exists"), "{err}");
}

#[test]
fn only_owners_edit_and_delete_an_org() {
    let mut lab = lab();
    let mut f = OrgFields::from(&lab.org);
    f.full_name = "Renamed".into();
    let err = write_err(&mut lab.engine, &lab.ben, |cx| {
        cx.update_org(lab.org.id, &f)
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert_eq!(err.message, "only owners of org 'biolab' may edit it");
    let updated = lab
        .engine
        .write(&lab.ana, |cx| cx.update_org(lab.org.id, &f))
        .unwrap();
    assert_eq!(updated.full_name, "Renamed");
    let err = write_err(&mut lab.engine, &lab.ben, |cx| cx.delete_org(lab.org.id));
    assert_eq!(err.kind, ErrorKind::Forbidden);
}

#[test]
fn tier_changes_are_the_operators_and_a_downgrade_must_fit() {
    let mut lab = lab();
    let mut f = OrgFields::from(&lab.org);
    f.tier = Tier::Basic;
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.update_org(lab.org.id, &f)
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(err.message.contains("tier"), "{err}");
    for i in 0..3 {
        let who = user(&mut lab.engine, &lab.op, &format!("m{i}@example.org"));
        member(&mut lab.engine, &lab.ana, lab.org.id, &who);
    }
    let err = write_err(&mut lab.engine, &lab.op, |cx| cx.update_org(lab.org.id, &f));
    assert_eq!(err.kind, ErrorKind::LimitExceeded);
    assert!(
        err.message.contains("at most 3 members and the org has 5"),
        "{err}"
    );
}

#[test]
fn deleting_an_org_removes_everything_in_it() {
    let mut lab = lab();
    participant(
        &mut lab.engine,
        &lab.ana,
        lab.org.id,
        lab.ws.id,
        "ben@example.org",
        WspRole::Admin,
    );
    lab.engine
        .write(&lab.ana, |cx| cx.delete_org(lab.org.id))
        .unwrap();
    assert!(
        lab.engine
            .read(&lab.ben, |cx| cx.list_orgs())
            .unwrap()
            .is_empty()
    );
    let err = read_err(&lab.engine, &lab.op, |cx| cx.workspace(lab.ws.id));
    assert_eq!(err.kind, ErrorKind::NotFound);
    // The users themselves remain, with their personal workspaces.
    let ws = lab
        .engine
        .read(&lab.ben, |cx| cx.list_workspaces())
        .unwrap();
    assert_eq!(ws.len(), 1);
    assert!(ws[0].is_personal());
}

#[test]
fn usage_counts_against_the_tier() {
    let lab = lab();
    let usage = lab
        .engine
        .read(&lab.ben, |cx| cx.org_usage(lab.org.id))
        .unwrap();
    assert_eq!(usage.members.to_string(), "2/50");
    assert_eq!(usage.workspaces.to_string(), "1/50");
    assert_eq!(usage.teams.to_string(), "0/20");
    assert_eq!(usage.collaborators, 0);
}
