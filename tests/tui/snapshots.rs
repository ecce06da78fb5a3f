//! Every screen and popup drawn at 80x24 and 120x40 on the demo data. The in-memory engine's
//! label and the spinner's first frame keep them free of paths and clocks.

use crate::support::App;

/// Draws the app at both sizes and compares with the stored snapshots.
async fn snap(app: &mut App, name: &str) {
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = app.screen_at(w, h).await;
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
    }
}

#[tokio::test]
async fn workspaces() {
    let mut app = App::demo().await;
    snap(&mut app, "workspaces").await;
    app.select_row("▾ biolab").await;
    snap(&mut app, "workspaces_org_selected").await;
}

#[tokio::test]
async fn members_and_teams() {
    let mut app = App::demo().await;
    app.key("l").await;
    snap(&mut app, "members").await;
    app.key("l").await;
    snap(&mut app, "teams").await;
    app.key("l").await;
    snap(&mut app, "team_members").await;
}

#[tokio::test]
async fn participants() {
    let mut app = App::demo().await;
    app.key("2").await;
    snap(&mut app, "participants").await;
}

#[tokio::test]
async fn participants_read_only() {
    let mut app = App::demo_as("ivan@biolab.example").await;
    app.key("2").await;
    snap(&mut app, "participants_read_only").await;
}

#[tokio::test]
async fn personal_workspace() {
    let mut app = App::demo().await;
    app.key(":").await;
    app.type_text("~ana").await;
    app.key("enter").await;
    app.key("2").await;
    snap(&mut app, "participants_personal").await;
}

#[tokio::test]
async fn not_built_yet() {
    let mut app = App::demo().await;
    app.key("3").await;
    snap(&mut app, "launchpad").await;
}

#[tokio::test]
async fn help() {
    let mut app = App::demo().await;
    app.key("?").await;
    snap(&mut app, "help").await;
}

#[tokio::test]
async fn switcher() {
    let mut app = App::demo().await;
    app.key("ctrl-p").await;
    app.type_text("s").await;
    snap(&mut app, "switcher").await;
}

#[tokio::test]
async fn new_workspace_form() {
    let mut app = App::demo().await;
    app.key("a").await;
    app.type_text("a--b").await;
    snap(&mut app, "new_workspace_form").await;
}

#[tokio::test]
async fn add_participant_form() {
    let mut app = App::demo().await;
    app.key("2").await;
    app.key("a").await;
    app.type_text("e").await;
    snap(&mut app, "add_participant_form").await;
}

#[tokio::test]
async fn delete_workspace_confirm() {
    let mut app = App::demo().await;
    app.select_row("sandbox").await;
    app.key("d").await;
    app.type_text("sand").await;
    snap(&mut app, "delete_workspace_confirm").await;
}

#[tokio::test]
async fn role_picker() {
    let mut app = App::demo().await;
    app.key("2").await;
    app.select_row("gus@").await;
    app.key("r").await;
    snap(&mut app, "role_picker").await;
}

#[tokio::test]
async fn bulk_add() {
    let mut app = App::demo().await;
    app.key("2").await;
    app.key("b").await;
    app.paste("ann@partner.example\nnot-an-email\ndana@biolab.example")
        .await;
    snap(&mut app, "bulk_add_form").await;
    app.key("ctrl-s").await;
    snap(&mut app, "bulk_add_report").await;
}

#[tokio::test]
async fn filter_and_toast() {
    let mut app = App::demo().await;
    app.key("/").await;
    app.type_text("se").await;
    snap(&mut app, "workspaces_filter").await;
    app.key("esc").await;
    app.key("e").await;
    app.key("enter").await;
    snap(&mut app, "workspaces_toast").await;
}

#[tokio::test]
async fn too_small() {
    let mut app = App::demo().await;
    let screen = app.screen_at(40, 10).await;
    insta::assert_snapshot!("too_small_40x10", screen);
}
