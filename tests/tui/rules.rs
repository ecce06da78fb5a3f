//! Rules the screens check before asking: what a screen refuses says exactly what the engine
//! would answer, because both take the message from the one rule in `domain`.

use crate::support::App;
use nfdeck::domain::roles::default_role_refusal;
use nfdeck::domain::settings::STUDIOS_ORG_ONLY;
use nfdeck::domain::{OrgRole, Page, Scope, WorkspaceFields, WspRole};
use nfdeck::tui::widgets::toast::ToastKind;

#[tokio::test]
async fn the_default_role_refusal_for_an_owner_is_the_engines() {
    let mut app = App::demo().await;
    app.key("l").await;
    app.select_row("ana@").await;
    app.key("R").await;
    let shown = app.last_toast().clone();
    assert_eq!(shown.kind, ToastKind::Error);

    let org = app
        .m
        .ws
        .orgs
        .iter()
        .find(|o| o.name == "biolab")
        .unwrap()
        .id;
    let ana = app
        .client
        .list_members(org, Page::first(Page::MAX))
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|m| m.email == "ana@biolab.example")
        .unwrap();
    assert_eq!(ana.role, OrgRole::Owner);
    let err = app
        .client
        .set_default_role(org, ana.member_id, Some(WspRole::View))
        .await
        .expect_err("the engine refuses it too");
    assert_eq!(
        err.message,
        format!("org 'biolab' member ana@biolab.example: {}", shown.text)
    );
    assert_eq!(
        Some(shown.text.as_str()),
        default_role_refusal(OrgRole::Owner)
    );
}

#[tokio::test]
async fn the_studios_refusal_in_a_personal_workspace_is_the_engines() {
    let mut app = App::seeded().await;
    app.switch_to("~ana").await;
    app.key("8").await;
    app.key("l").await;
    app.key("e").await;
    assert!(app.top().is_none());
    let shown = app.last_toast().clone();
    assert_eq!(shown.kind, ToastKind::Error);
    assert_eq!(shown.text, STUDIOS_ORG_ONLY);

    let err = app
        .client
        .studios_settings(Scope::Personal)
        .await
        .expect_err("the engine refuses it too");
    assert_eq!(err.message, format!("workspace '~ana': {}", shown.text));
}

#[tokio::test]
async fn the_org_owner_refusal_for_a_member_is_the_engines() {
    let mut app = App::demo_as("gus@biolab.example").await;
    app.key("a").await;
    assert!(app.m.overlays.is_empty());
    let shown = app.last_toast().clone();
    assert_eq!(shown.kind, ToastKind::Error);

    let org = app
        .m
        .ws
        .orgs
        .iter()
        .find(|o| o.name == "biolab")
        .unwrap()
        .id;
    let fields = WorkspaceFields {
        name: "gus_ws".into(),
        full_name: "Gus's workspace".into(),
        ..Default::default()
    };
    let err = app
        .client
        .create_workspace(org, fields)
        .await
        .expect_err("the engine refuses it too");
    assert_eq!(err.message, shown.text);
}
