//! The org's custom roles in the Participants tab: the role picker and the add form offer them
//! after the six built-in roles, a choice gives the participant that role, and the list shows
//! its name.

use crate::support::{App, demo_client};
use nfdeck::client::{OrgClient, ParticipantClient, RoleClient, WorkspaceClient};
use nfdeck::domain::{CustomRoleFields, Page, ParticipantRole, Permission, WspRole};
use nfdeck::tui::widgets::toast::ToastKind;

/// The demo, with the custom role `runner` in biolab, on the Participants tab of rnaseq.
pub async fn demo_with_runner() -> App {
    let client = demo_client().await;
    let org = client.list_orgs().await.unwrap();
    let biolab = org.iter().find(|o| o.name == "biolab").unwrap().id;
    let fields = CustomRoleFields {
        name: "runner".into(),
        description: "Launches pipelines, nothing else".into(),
        permissions: vec!["launch_pipelines".into()],
    };
    client.create_custom_role(biolab, fields).await.unwrap();
    let mut app = App::with(client, 120, 40).await;
    app.key("2").await;
    app
}

fn held(app: &App, name: &str) -> Option<ParticipantRole> {
    app.m
        .parts
        .list
        .items()
        .iter()
        .find(|p| p.display_name() == name)
        .map(|p| p.held_role())
}

#[tokio::test]
async fn the_role_picker_offers_custom_roles_and_gives_one() {
    let mut app = demo_with_runner().await;
    app.select_row("gus@").await;
    app.key("r").await;
    let screen = app.screen();
    assert!(screen.contains("runner (custom)"), "{screen}");
    assert!(screen.contains("Then the org's custom roles."), "{screen}");
    app.keys(&["G", "enter"]).await; // the last option: the custom role
    assert!(
        app.has_toast(ToastKind::Ok, "gus@biolab.example is now runner"),
        "{:?}",
        app.toasts()
    );
    assert_eq!(
        held(&app, "gus@biolab.example"),
        Some(ParticipantRole::Custom("runner".into()))
    );
    app.select_row("gus@").await;
    let row = app.selected_text();
    assert!(row.contains("runner"), "{row}");
    assert!(
        app.screen().contains("runner (participant)"),
        "{}",
        app.screen()
    );

    // The picker opens on the role held, and a built-in role takes it back.
    app.key("r").await;
    app.keys(&["k", "enter"]).await;
    assert!(app.has_toast(ToastKind::Ok, "gus@biolab.example is now view"));
    assert_eq!(
        held(&app, "gus@biolab.example"),
        Some(ParticipantRole::BuiltIn(WspRole::View))
    );
}

#[tokio::test]
async fn the_add_form_offers_custom_roles_after_the_built_in_ones() {
    let mut app = demo_with_runner().await;
    app.key("a").await;
    app.type_text("newbie@partner.example").await;
    app.key("tab").await;
    // From launch (the default) down past connect and view to the custom role.
    app.keys(&["right", "right", "right"]).await;
    let screen = app.screen();
    assert!(screen.contains("runner (custom)"), "{screen}");
    app.key("enter").await;
    assert!(
        app.has_toast(ToastKind::Ok, "Added newbie@partner.example as runner"),
        "{:?}\n{}",
        app.toasts(),
        app.screen()
    );
    assert_eq!(
        held(&app, "newbie@partner.example"),
        Some(ParticipantRole::Custom("runner".into()))
    );
}

#[tokio::test]
async fn a_holder_sees_what_the_custom_role_allows() {
    let owner = demo_client().await;
    let orgs = owner.list_orgs().await.unwrap();
    let biolab = orgs.iter().find(|o| o.name == "biolab").unwrap().id;
    let fields = CustomRoleFields {
        name: "runner".into(),
        description: "Launches pipelines, nothing else".into(),
        permissions: vec!["launch_pipelines".into()],
    };
    owner.create_custom_role(biolab, fields).await.unwrap();
    let rnaseq = owner
        .list_org_workspaces(biolab)
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.name == "rnaseq")
        .unwrap();
    let page = Page::first(10).with_search("gus@");
    let gus = owner
        .list_participants(biolab, rnaseq.id, page)
        .await
        .unwrap();
    let runner = ParticipantRole::Custom("runner".into());
    owner
        .set_participant_role(biolab, rnaseq.id, gus.items[0].id, runner)
        .await
        .unwrap();
    let actor = owner
        .with_engine(|engine, _| engine.act_as("gus@biolab.example"))
        .await
        .unwrap();
    let app = App::with(owner.acting_as(actor), 120, 40).await;
    let ws = app.m.current_workspace().unwrap();
    assert_eq!(ws.name, "rnaseq");
    assert_eq!(ws.my_role.summary(), "runner (participant)");
    assert_eq!(app.m.ws_refusal(ws, Permission::LaunchPipelines), None);
    assert_eq!(
        app.m.ws_refusal(ws, Permission::ManagePipelines).as_deref(),
        Some(
            "to add, edit or delete pipelines you need the owner, admin or maintain role (yours is runner)"
        )
    );
    assert!(
        app.screen().contains("role runner (participant)"),
        "{}",
        app.screen()
    );
}
