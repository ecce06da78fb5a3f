//! The Settings tab's Tokens section: the acting user's own API tokens. A new token is shown
//! once in its dialog (`y` copies it) and never again: not in the list, a toast or the screen
//! afterwards. Revoking asks a y/n naming the token (and says so when the session uses it); a
//! read-only session refuses both changes; the tokens are the same in every workspace.

use crate::support::App;
use nfdeck::domain::READ_ONLY_SESSION;
use nfdeck::domain::tokens::token_id;
use nfdeck::tui::overlays::Overlay;
use nfdeck::tui::tabs::settings::SettingsSection;
use nfdeck::tui::widgets::toast::ToastKind;

/// The Settings tab on its Tokens section.
pub(crate) async fn tokens(app: &mut App) {
    app.key("8").await;
    for _ in 0..SettingsSection::ALL.len() {
        if app.m.settings.section == SettingsSection::Tokens {
            return;
        }
        app.key("l").await;
    }
    panic!("no Tokens section on: {}", app.screen());
}

/// Creates a token named `name` through the form; returns the token the dialog shows.
pub(crate) async fn create(app: &mut App, name: &str) -> String {
    app.key("a").await;
    assert!(app.screen().contains("New API token"), "{}", app.screen());
    app.type_text(name).await;
    app.key("enter").await;
    let Some(Overlay::NewToken(t)) = app.top() else {
        panic!("no new-token dialog: {}", app.screen());
    };
    t.token.expose().to_string()
}

async fn listed(app: &App) -> Vec<(i64, String)> {
    let tokens = app.client.list_tokens().await.unwrap();
    tokens.into_iter().map(|t| (t.id, t.name)).collect()
}

#[tokio::test]
async fn a_token_is_created_shown_once_copied_and_listed_without_its_text() {
    let mut app = App::demo().await;
    tokens(&mut app).await;
    assert!(app.screen().contains("no tokens yet"), "{}", app.screen());
    let token = create(&mut app, "laptop").await;
    // The dialog holds the token the client created: its id is the listed token's.
    let listed = listed(&app).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].1, "laptop");
    assert_eq!(token_id(&token), Some(listed[0].0), "{token}");
    let screen = app.screen();
    assert!(screen.contains("will not be shown again"), "{screen}");
    assert!(
        screen.contains(&token[..40]),
        "the dialog shows it: {screen}"
    );
    // `y` copies it; the toast names it and does not show it.
    app.key("y").await;
    assert_eq!(app.m.copy.as_deref(), Some(token.as_str()));
    assert!(app.has_toast(ToastKind::Ok, "Copied the new token"));
    assert!(app.screen().contains("copied to the clipboard"));
    assert!(
        matches!(app.top(), Some(Overlay::NewToken(_))),
        "still open"
    );
    app.key("enter").await;
    assert!(app.top().is_none(), "{}", app.screen());
    let screen = app.screen();
    assert!(screen.contains("laptop"), "{screen}");
    assert!(screen.contains("never"), "not used yet: {screen}");
    assert!(!screen.contains(&token[..12]), "gone once closed: {screen}");
    for t in app.toasts() {
        assert!(
            !t.text.contains(&token[..12]),
            "a toast shows it: {}",
            t.text
        );
    }
}

#[tokio::test]
async fn the_tokens_are_the_users_in_every_workspace() {
    let mut app = App::demo().await;
    tokens(&mut app).await;
    create(&mut app, "ci").await;
    app.key("esc").await;
    app.switch_to("biolab/rnaseq").await;
    tokens(&mut app).await;
    assert!(app.screen().contains("ci"), "{}", app.screen());
    assert_eq!(app.m.settings.tokens.items().len(), 1);
}

#[tokio::test]
async fn a_bad_name_is_refused_with_the_rule_and_nothing_is_created() {
    let mut app = App::demo().await;
    tokens(&mut app).await;
    app.key("a").await;
    app.type_text(&"x".repeat(51)).await;
    let err = app.field_error().expect("the field says why");
    assert!(
        err.contains("token name must be at most 50 characters"),
        "{err}"
    );
    app.key("enter").await;
    assert!(
        matches!(app.top(), Some(Overlay::Form(..))),
        "the form stays open"
    );
    assert!(listed(&app).await.is_empty());
}

#[tokio::test]
async fn a_second_token_of_the_same_name_is_refused_by_the_engine() {
    let mut app = App::demo().await;
    tokens(&mut app).await;
    create(&mut app, "laptop").await;
    app.key("enter").await;
    app.key("a").await;
    app.type_text("laptop").await;
    app.key("enter").await;
    assert!(
        app.screen()
            .contains("you already have a token named 'laptop'"),
        "{}",
        app.screen()
    );
    assert_eq!(listed(&app).await.len(), 1);
}

#[tokio::test]
async fn a_token_is_revoked_after_a_yes_naming_it() {
    let mut app = App::demo().await;
    tokens(&mut app).await;
    create(&mut app, "laptop").await;
    app.key("enter").await;
    app.key("d").await;
    let screen = app.screen();
    assert!(screen.contains("Revoke the token laptop?"), "{screen}");
    assert!(!screen.contains("This session uses it"), "{screen}");
    app.key("n").await;
    assert_eq!(listed(&app).await.len(), 1, "no keeps it");
    app.key("d").await;
    app.key("y").await;
    assert!(listed(&app).await.is_empty());
    assert!(app.has_toast(ToastKind::Ok, "Revoked token laptop"));
    assert!(app.screen().contains("no tokens yet"), "{}", app.screen());
}

#[tokio::test]
async fn revoking_the_token_the_session_uses_says_the_session_stops() {
    let mut app = App::demo().await;
    tokens(&mut app).await;
    let token = create(&mut app, "this-one").await;
    app.key("enter").await;
    // As a remote session started with this token knows it (`RemoteClient` reads the id).
    app.m.session.as_mut().unwrap().token_id = token_id(&token);
    assert!(
        app.screen().contains("this-one (this session)"),
        "{}",
        app.screen()
    );
    app.key("d").await;
    let screen = app.screen();
    assert!(screen.contains("Revoke the token this-one?"), "{screen}");
    assert!(screen.contains("This session uses it"), "{screen}");
}

#[tokio::test]
async fn a_read_only_session_lists_tokens_but_refuses_creating_and_revoking() {
    let mut app = App::demo_readonly().await;
    tokens(&mut app).await;
    assert!(app.screen().contains("no tokens yet"), "{}", app.screen());
    app.key("a").await;
    assert!(app.top().is_none(), "no form opens");
    assert!(app.has_toast(ToastKind::Error, READ_ONLY_SESSION));
    app.key("d").await;
    assert!(app.top().is_none(), "no question");
    assert!(listed(&app).await.is_empty());
}
