//! Impact before harm: a destructive or visibility-reducing action loads what it affects, then
//! opens a confirmation listing it (y/n when small, the name typed when large).

use crate::support::App;
use nfdeck::domain::Visibility;
use nfdeck::tui::overlays::Overlay;
use nfdeck::tui::widgets::toast::ToastKind;

/// The open confirmation's message, and whether it asks for the name.
fn confirmation(app: &App) -> (String, bool) {
    match app.top() {
        Some(Overlay::Confirm(c, _)) => (c.message.clone(), c.typed.is_some()),
        _ => panic!("no confirmation\n{}", app.screen()),
    }
}

#[tokio::test]
async fn deleting_a_compute_env_lists_the_pipelines_using_it() {
    let mut app = App::seeded().await;
    app.key("6").await;
    app.select_row("lab-local").await;
    // The key asks for the impact first: nothing opens until it arrives.
    let held = app.key_held("d");
    assert_eq!(held, 1, "one load: the impact");
    assert!(app.top().is_none(), "the confirmation waits for the impact");
    app.release().await;
    let (message, typed) = confirmation(&app);
    assert!(
        message.contains("Delete compute environment lab-local (local-platform)?"),
        "{message}"
    );
    assert!(
        message.contains("1 pipeline launching on it: qc-check"),
        "{message}"
    );
    assert!(!typed, "one pipeline: a small change, y/n");
    assert!(app.screen().contains("qc-check"), "{}", app.screen());
    // The engine still refuses while the pipeline uses it, in the confirmation.
    app.key("y").await;
    let Some(Overlay::Confirm(c, _)) = app.top() else {
        panic!("the confirmation stays with the refusal");
    };
    let error = c.error.clone().unwrap_or_default();
    assert!(error.contains("qc-check"), "{error}");
    app.key("n").await;
    assert!(app.top().is_none());
}

#[tokio::test]
async fn an_unused_compute_env_says_nothing_else_uses_it() {
    let mut app = App::seeded().await;
    app.key("6").await;
    app.select_row("lab-batch").await;
    app.key("d").await;
    let (message, typed) = confirmation(&app);
    assert!(message.contains("Nothing else uses it."), "{message}");
    assert!(!typed);
    app.key("y").await;
    assert!(app.has_toast(ToastKind::Ok, "Deleted compute environment lab-batch"));
}

#[tokio::test]
async fn making_a_shared_workspace_private_lists_the_pipelines_leaving_launchpads() {
    let mut app = App::seeded().await;
    app.select_row("hub").await;
    app.key("e").await;
    // Visibility: the fourth field; space cycles SHARED to PRIVATE.
    app.keys(&["tab", "tab", "tab", "space"]).await;
    app.key("enter").await;
    let (message, typed) = confirmation(&app);
    assert!(message.contains("Make testlab/hub PRIVATE?"), "{message}");
    assert!(
        message.contains("2 shared pipelines leaving other Launchpads: rnaseq-shared, sarek"),
        "{message}"
    );
    assert!(
        message.contains("2 workspaces whose Launchpads lose them: lab, scratch"),
        "{message}"
    );
    assert!(!typed);
    // "No": back to the form, still editable.
    app.key("n").await;
    let Some(Overlay::Form(form, _)) = app.top() else {
        panic!("the form is back\n{}", app.screen());
    };
    assert!(form.submitting.is_none());
    assert_eq!(form.value("Visibility"), "PRIVATE");
    // Enter again, and yes: saved, and the form closes with the confirmation.
    app.key("enter").await;
    app.key("y").await;
    assert!(app.top().is_none(), "{}", app.screen());
    assert!(app.has_toast(ToastKind::Ok, "Saved workspace hub (PRIVATE)"));
    let hub = app
        .m
        .ws
        .workspaces
        .iter()
        .find(|w| w.name == "hub")
        .unwrap();
    assert_eq!(hub.visibility, Visibility::Private);
}

#[tokio::test]
async fn deleting_credentials_lists_the_compute_envs_using_them() {
    let mut app = App::seeded().await;
    app.key("7").await;
    app.select_row("aws-lab").await;
    app.key("d").await;
    let (message, typed) = confirmation(&app);
    assert!(
        message.contains("1 compute environment using them: lab-batch"),
        "{message}"
    );
    assert!(!typed);
}

#[tokio::test]
async fn deleting_a_team_lists_its_workspaces() {
    let mut app = App::demo().await;
    app.keys(&["l", "l"]).await;
    app.select_row("analysts").await;
    app.key("d").await;
    let (message, typed) = confirmation(&app);
    assert!(
        message.contains("2 workspaces it participates in: rnaseq, shared-pipelines")
            || message.contains("2 workspaces it participates in: shared-pipelines, rnaseq"),
        "{message}"
    );
    assert!(!typed);
}

#[tokio::test]
async fn deleting_a_workspace_lists_what_goes_with_it_and_takes_its_name() {
    let mut app = App::demo().await;
    app.select_row("sandbox").await;
    app.key("d").await;
    let (message, typed) = confirmation(&app);
    assert!(typed, "a workspace delete always takes the name");
    assert!(message.contains("It affects:"), "{message}");
    assert!(message.contains(" runs"), "{message}");
    app.type_text("sandbox").await;
    app.key("enter").await;
    assert!(app.has_toast(ToastKind::Ok, "Deleted workspace biolab/sandbox"));
}
