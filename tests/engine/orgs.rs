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
fn only_the_operator_creates_pro_orgs() {
    let (mut engine, op) = engine();
    let ana = user(&mut engine, &op, "ana@example.org");
    let err = write_err(&mut engine, &ana, |cx| {
        cx.create_org(&org_fields("big", Tier::Pro))
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(err.message.contains("pro tier"), "{err}");
}
