//! The Credentials tab: a provider's fields, secrets typed masked that never show on screen,
//! in the model after submitting, or in any Debug output; delete refused while in use.

use crate::support::App;
use nfdeck::tui::overlays::Overlay;
use nfdeck::tui::widgets::toast::ToastKind;

const SECRET: &str = "ghp_TOPsecret42";

#[tokio::test]
async fn a_secret_is_typed_masked_and_never_shown_kept_or_logged() {
    let mut app = App::seeded().await;
    app.key("7").await;
    assert!(app.screen().contains("accessKey=AKIALAB"));
    app.key("a").await;
    app.type_text("gh-token").await;
    app.key("tab").await;
    // aws, azure, azure_entra, google, github
    app.keys(&["right", "right", "right", "right"]).await;
    let screen = app.screen();
    assert!(screen.contains("github"), "{screen}");
    assert!(
        screen.contains("provider github needs the secret field(s) password or token"),
        "{screen}"
    );
    app.key("tab").await;
    app.type_text("octo").await;
    app.keys(&["tab", "tab"]).await;
    app.type_text(SECRET).await;
    let screen = app.screen();
    assert!(!screen.contains(SECRET), "{screen}");
    assert!(screen.contains(&"•".repeat(SECRET.len())), "{screen}");
    assert!(
        screen.contains("secrets are sent once and never shown again"),
        "{screen}"
    );

    // Submitting: the change carries the secret, but its Debug does not show it, and the form
    // no longer holds it.
    app.key_held("enter");
    let debug = format!("{:?}", app.held);
    assert!(debug.contains("CreateCredentials"), "{debug}");
    assert!(!debug.contains(SECRET), "{debug}");
    match app.top() {
        Some(Overlay::Form(form, _)) => {
            assert!(form.fields.iter().all(|f| !f.value().contains(SECRET)));
        }
        _ => panic!("the form waits for the reply"),
    }
    app.release().await;
    assert!(
        app.has_toast(ToastKind::Ok, "Added credentials gh-token"),
        "{:?}",
        app.toasts()
    );
    let created = app.m.res.creds.selected_item().expect("selected").clone();
    assert_eq!(created.name, "gh-token");
    assert_eq!(created.secret_names, vec!["token".to_string()]);
    let screen = app.screen();
    assert!(screen.contains("username=octo"), "{screen}");
    assert!(!screen.contains(SECRET));
    assert!(!format!("{:?}", app.m.res.creds.items()).contains(SECRET));
    assert!(app.m.overlays.is_empty());
}

#[tokio::test]
async fn a_refused_submit_asks_for_the_secret_again() {
    let mut app = App::seeded().await;
    app.key("7").await;
    app.key("a").await;
    // A name that exists already: the engine refuses.
    app.type_text("aws-lab").await;
    app.keys(&["tab", "tab"]).await;
    app.type_text("AKIANEW").await;
    for _ in 0..4 {
        app.key("tab").await;
    }
    app.type_text(SECRET).await;
    app.key("enter").await;
    let Some(Overlay::Form(form, _)) = app.top() else {
        panic!("the form stays open\n{}", app.screen());
    };
    assert!(form.error.is_some(), "the engine's message is shown");
    assert!(form.fields.iter().all(|f| !f.value().contains(SECRET)));
    let verdict = form.verdict.clone().unwrap();
    assert!(
        verdict.0.contains("needs the secret field(s) secretKey"),
        "{verdict:?}"
    );
}

#[tokio::test]
async fn credentials_in_use_cannot_be_deleted_and_the_engine_says_why() {
    let mut app = App::seeded().await;
    app.key("7").await;
    app.select_row("aws-lab").await;
    app.key("d").await;
    match app.top() {
        Some(Overlay::Confirm(c, _)) => {
            assert!(
                c.message
                    .contains("1 compute environment using them: lab-batch"),
                "{}",
                c.message
            )
        }
        _ => panic!("a confirmation\n{}", app.screen()),
    }
    app.key("y").await;
    let Some(Overlay::Confirm(c, _)) = app.top() else {
        panic!("the confirmation stays with the error\n{}", app.screen());
    };
    let error = c.error.clone().expect("the engine's refusal");
    assert!(error.contains("lab-batch"), "{error}");
    assert!(app.has_toast(ToastKind::Error, "lab-batch"));
}

#[tokio::test]
async fn a_secret_is_rotated_by_editing_it_typed_masked_and_never_shown() {
    let mut app = App::seeded().await;
    app.key("7").await;
    app.select_row("aws-lab").await;
    app.key("e").await;
    let screen = app.screen();
    assert!(screen.contains("Edit credentials aws-lab"), "{screen}");
    assert!(
        screen.contains("AKIALAB"),
        "the public field as stored\n{screen}"
    );
    assert!(!screen.contains("seeded-secret"), "{screen}");
    assert!(
        screen.contains("secrets are sent once and never shown again"),
        "a stored secret counts as set\n{screen}"
    );
    // The last field is the secret.
    app.key("backtab").await;
    assert!(
        app.screen().contains("set · type a new value to rotate it"),
        "{}",
        app.screen()
    );
    app.type_text(SECRET).await;
    let screen = app.screen();
    assert!(!screen.contains(SECRET), "{screen}");
    assert!(
        screen.contains("replaces the stored value when saved"),
        "{screen}"
    );
    app.key_held("enter");
    let debug = format!("{:?}", app.held);
    assert!(debug.contains("UpdateCredentials"), "{debug}");
    assert!(!debug.contains(SECRET), "{debug}");
    app.release().await;
    assert!(
        app.has_toast(ToastKind::Ok, "Saved credentials aws-lab"),
        "{:?}",
        app.toasts()
    );
    let c = app
        .m
        .res
        .creds
        .selected_item()
        .expect("still selected")
        .clone();
    assert_eq!(c.keys.get("accessKey").map(String::as_str), Some("AKIALAB"));
    assert_eq!(c.secret_names, vec!["secretKey".to_string()]);
}

#[tokio::test]
async fn editing_credentials_without_typing_a_secret_keeps_it() {
    let mut app = App::seeded().await;
    app.key("7").await;
    app.select_row("aws-lab").await;
    app.key("enter").await;
    app.key("ctrl-u").await;
    app.type_text("aws-lab-2").await;
    app.key("enter").await;
    assert!(app.has_toast(ToastKind::Ok, "Saved credentials aws-lab-2"));
    let c = app.m.res.creds.selected_item().expect("selected").clone();
    assert_eq!(c.name, "aws-lab-2");
    assert_eq!(c.secret_names, vec!["secretKey".to_string()], "kept");
}
