//! Labels on runs from the Runs tab: `l` adds labels to or takes them off the selected run,
//! or every marked run; a label named in both fields is refused by the form; a user without
//! the label permission is refused before any form opens.

use crate::support::App;
use nfdeck::domain::{Scope, WorkflowId};
use nfdeck::tui::overlays::Overlay;
use nfdeck::tui::widgets::toast::ToastKind;

/// The label names of run `id` in the current workspace, read through the client.
async fn labels_of(app: &App, id: &WorkflowId) -> Vec<String> {
    let scope = Scope::Workspace(app.m.current.expect("a current workspace"));
    let run = app.client.get_run(scope, id.clone()).await.unwrap();
    let mut names: Vec<String> = run.labels.iter().map(|l| l.name.clone()).collect();
    names.sort();
    names
}

fn selected_id(app: &App) -> WorkflowId {
    app.m.runs.runs.list.selected_item().unwrap().id.clone()
}

#[tokio::test]
async fn labels_are_added_to_and_taken_off_the_selected_run() {
    let mut app = App::demo().await;
    app.key("4").await;
    let id = selected_id(&app);
    let before = labels_of(&app, &id).await;
    app.key("l").await;
    assert!(matches!(app.top(), Some(Overlay::Form(..))));
    assert!(app.screen().contains("Labels of run"), "{}", app.screen());
    app.type_text("atlas, bulk").await;
    app.key("enter").await;
    let mut expected = before.clone();
    expected.extend(["atlas".to_string(), "bulk".to_string()]);
    expected.sort();
    expected.dedup();
    assert_eq!(labels_of(&app, &id).await, expected);
    assert!(app.has_toast(ToastKind::Ok, "Changed the labels of run"));
    // Take one off again: the other stays.
    app.key("l").await;
    app.key("tab").await;
    app.type_text("bulk").await;
    app.key("enter").await;
    let after = labels_of(&app, &id).await;
    assert!(after.contains(&"atlas".to_string()), "{after:?}");
    assert!(!after.contains(&"bulk".to_string()), "{after:?}");
}

#[tokio::test]
async fn a_label_not_of_the_workspace_or_named_twice_is_refused_by_the_form() {
    let mut app = App::demo().await;
    app.key("4").await;
    let id = selected_id(&app);
    let before = labels_of(&app, &id).await;
    app.key("l").await;
    app.type_text("nosuchlabel").await;
    let err = app.field_error().expect("the field says why");
    assert!(
        err.contains("'nosuchlabel' is not a label of this workspace"),
        "{err}"
    );
    for _ in "nosuchlabel".chars() {
        app.key("backspace").await;
    }
    app.type_text("bulk").await;
    app.key("tab").await;
    app.type_text("bulk").await;
    app.key("enter").await;
    assert!(
        app.screen().contains("'bulk' is both added and taken off"),
        "{}",
        app.screen()
    );
    assert!(
        matches!(app.top(), Some(Overlay::Form(..))),
        "the form stays open"
    );
    assert_eq!(labels_of(&app, &id).await, before, "nothing changed");
}

#[tokio::test]
async fn marked_runs_all_get_the_label() {
    let mut app = App::demo().await;
    app.key("4").await;
    let first = selected_id(&app);
    app.keys(&["space", "space"]).await;
    let items = app.m.runs.runs.list.items();
    let second = items[1].id.clone();
    let third = items[2].id.clone();
    app.key("l").await;
    assert!(
        app.screen().contains("Labels of 2 runs"),
        "{}",
        app.screen()
    );
    app.type_text("bulk").await;
    app.key("enter").await;
    assert!(labels_of(&app, &first).await.contains(&"bulk".to_string()));
    assert!(labels_of(&app, &second).await.contains(&"bulk".to_string()));
    assert!(
        !labels_of(&app, &third).await.contains(&"bulk".to_string()),
        "an unmarked run keeps its labels"
    );
}

#[tokio::test]
async fn a_connect_participant_cannot_label_runs() {
    let mut app = App::demo_as("gus@biolab.example").await;
    app.key("4").await;
    app.key("l").await;
    assert!(app.top().is_none(), "no form opens");
    let toast = &app.last_toast().text;
    assert!(toast.contains("labels on runs"), "{toast}");
}
