//! The Settings tab's Secrets section: add a pipeline secret with its value typed masked,
//! rotate its value, delete it; names follow the domain's rule; a user without the
//! credentials permission is refused; a value is never drawn.

use crate::support::App;
use nfdeck::domain::Scope;
use nfdeck::tui::overlays::Overlay;
use nfdeck::tui::tabs::settings::SettingsSection;

/// The Settings tab on its Secrets section.
async fn secrets(app: &mut App) {
    app.key("8").await;
    for _ in 0..SettingsSection::ALL.len() {
        if app.m.settings.section == SettingsSection::Secrets {
            return;
        }
        app.key("l").await;
    }
    panic!("no Secrets section on: {}", app.screen());
}

async fn names(app: &App) -> Vec<String> {
    let scope = Scope::Workspace(app.m.current.unwrap());
    app.client
        .list_secrets(scope)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect()
}

#[tokio::test]
async fn a_secret_is_added_masked_rotated_and_deleted() {
    let mut app = App::demo().await;
    secrets(&mut app).await;
    assert!(app.screen().contains("no secrets yet"), "{}", app.screen());
    app.key("a").await;
    app.type_text("NCBI_API_KEY").await;
    app.key("tab").await;
    app.type_text("s3cr3t-value").await;
    assert!(!app.screen().contains("s3cr3t"), "the value is never drawn");
    app.key("enter").await;
    assert_eq!(names(&app).await, ["NCBI_API_KEY"]);
    assert!(app.screen().contains("NCBI_API_KEY"), "{}", app.screen());
    assert!(
        app.screen().contains("never"),
        "not used yet: {}",
        app.screen()
    );
    // Rotate: a new value, typed masked; the name stays.
    app.key("e").await;
    assert!(app.screen().contains("Rotate secret NCBI_API_KEY"));
    app.type_text("n3w-value").await;
    assert!(!app.screen().contains("n3w-value"));
    app.key("enter").await;
    assert!(app.top().is_none(), "{}", app.screen());
    assert!(app.screen().contains("Rotated secret NCBI_API_KEY"));
    // Delete after a y/n naming it.
    app.key("d").await;
    assert!(app.screen().contains("Delete the secret NCBI_API_KEY"));
    app.key("y").await;
    assert!(names(&app).await.is_empty());
}

#[tokio::test]
async fn a_bad_name_is_refused_with_the_rule_and_nothing_is_added() {
    let mut app = App::demo().await;
    secrets(&mut app).await;
    app.key("a").await;
    app.type_text("9lives").await;
    let err = app.field_error().expect("the field says why");
    assert!(
        err.contains("secret name '9lives' must start with a letter"),
        "{err}"
    );
    app.key("tab").await;
    app.type_text("x").await;
    app.key("enter").await;
    assert!(
        matches!(app.top(), Some(Overlay::Form(..))),
        "the form stays open"
    );
    assert!(names(&app).await.is_empty());
}

#[tokio::test]
async fn a_connect_participant_sees_secrets_but_cannot_add_one() {
    let mut app = App::demo_as("gus@biolab.example").await;
    secrets(&mut app).await;
    app.key("a").await;
    assert!(app.top().is_none(), "no form opens");
    let toast = &app.last_toast().text;
    assert!(
        toast.contains("you need the owner or admin role"),
        "{toast}"
    );
    assert!(app.screen().contains("read-only:"), "{}", app.screen());
}
