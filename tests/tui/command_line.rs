//! The command line (`:`): screens, workspaces, profiles and the screen's actions by name,
//! with Tab completion; what it offers comes from the screen registry and the key table.

use crate::support::App;
use nfdeck::domain::WspRole;
use nfdeck::tui::command_line::{candidates, commands};
use nfdeck::tui::overlays::Overlay;
use nfdeck::tui::tabs::Tab;
use nfdeck::tui::widgets::toast::ToastKind;

fn line(app: &App) -> String {
    app.m
        .command
        .as_ref()
        .expect("the command line is open")
        .input
        .value()
        .to_string()
}

fn names(app: &App) -> Vec<String> {
    commands(&app.m).into_iter().map(|d| d.name).collect()
}

/// Enter on the start of one command's name runs it; on the start of several, the line says
/// which they are and stays open.
#[tokio::test]
async fn enter_on_an_unambiguous_prefix_runs_the_command() {
    let mut app = App::demo().await;
    app.key(":").await;
    app.type_text("ru").await;
    app.key("enter").await;
    assert!(app.m.command.is_none(), "the line closed");
    assert_eq!(app.m.tab, Tab::Runs);
    app.key(":").await;
    app.type_text("c").await;
    app.key("enter").await;
    let err = app.m.command.as_ref().unwrap().error.clone().unwrap();
    assert!(err.starts_with("'c' could be "), "{err}");
    assert!(
        err.contains("compute") && err.contains("credentials"),
        "{err}"
    );
    assert_eq!(app.m.tab, Tab::Runs);
}

#[tokio::test]
async fn a_screen_by_name_with_tab_completion() {
    let mut app = App::demo().await;
    app.key(":").await;
    assert!(app.m.command.is_some());
    app.type_text("par").await;
    app.key("tab").await;
    assert_eq!(line(&app), "participants ");
    app.key("enter").await;
    assert!(app.m.command.is_none());
    assert_eq!(app.m.tab, Tab::Participants);
    assert!(app.screen().contains("Participants of biolab/rnaseq"));
    // Esc closes the line and changes nothing.
    app.key(":").await;
    app.type_text("runs").await;
    app.key("esc").await;
    assert!(app.m.command.is_none());
    assert_eq!(app.m.tab, Tab::Participants);
}

#[tokio::test]
async fn tab_cycles_through_the_candidates_and_shows_them() {
    let mut app = App::demo().await;
    app.key(":").await;
    app.type_text("r").await;
    let all = candidates(&app.m, "r");
    assert!(all.len() > 1, "{all:?}");
    assert!(all.contains(&"runs".to_string()) && all.contains(&"refresh".to_string()));
    // The candidates are shown above the line while typing.
    let screen = app.screen();
    assert!(
        screen.contains("runs") && screen.contains("refresh"),
        "{screen}"
    );
    app.key("tab").await;
    assert_eq!(line(&app), all[0]);
    app.key("tab").await;
    assert_eq!(line(&app), all[1]);
    app.key("backtab").await;
    assert_eq!(line(&app), all[0]);
    // Typing starts over from what is there.
    for _ in 0..all[0].len() {
        app.key("backspace").await;
    }
    app.type_text("refr").await;
    app.key("tab").await;
    assert_eq!(line(&app), "refresh ");
}

#[tokio::test]
async fn screens_come_from_the_registry_and_actions_from_the_key_table() {
    let mut app = App::demo().await;
    let here = names(&app);
    for tab in Tab::ALL {
        assert!(here.contains(&tab.title().to_lowercase()), "{here:?}");
    }
    assert!(here.contains(&"ws".to_string()));
    // The Workspaces screen's actions, not the Participants screen's.
    assert!(here.contains(&"new-workspace".to_string()), "{here:?}");
    assert!(!here.contains(&"add-participant".to_string()), "{here:?}");
    // No profiles without a config that has some.
    assert!(!here.contains(&"profile".to_string()));
    app.key("2").await;
    let here = names(&app);
    assert!(here.contains(&"add-participant".to_string()), "{here:?}");
    assert!(here.contains(&"remove-participant".to_string()), "{here:?}");
    assert!(!here.contains(&"new-workspace".to_string()), "{here:?}");
    // Moves are keys, not commands.
    assert!(!here.contains(&"down".to_string()));
    // A command of another screen is not run here: the line says so and stays open.
    app.key(":").await;
    app.type_text("new-workspace").await;
    app.key("enter").await;
    let err = app.m.command.as_ref().unwrap().error.clone().unwrap();
    assert!(err.contains("no command 'new-workspace' here"), "{err}");
    assert!(app.screen().contains("no command 'new-workspace' here"));
    assert!(app.m.overlays.is_empty());
}

#[tokio::test]
async fn an_action_by_name_does_what_its_key_does() {
    let mut app = App::demo().await;
    app.key("2").await;
    app.select_row("gus@").await;
    app.key(":").await;
    app.type_text("remove-participant").await;
    app.key("enter").await;
    assert!(app.m.command.is_none());
    assert!(
        matches!(app.top(), Some(Overlay::Confirm(..))),
        "the same confirmation as d"
    );
    app.key("y").await;
    assert!(app.has_toast(ToastKind::Ok, "Removed gus@biolab.example"));
    // Arguments to a command that takes none are refused by name.
    app.key(":").await;
    app.type_text("refresh now").await;
    app.key("enter").await;
    let err = app.m.command.as_ref().unwrap().error.clone().unwrap();
    assert_eq!(err, "refresh takes no arguments");
}

#[tokio::test]
async fn add_participant_with_email_and_role() {
    let mut app = App::demo().await;
    app.key("2").await;
    app.key(":").await;
    app.type_text("add-participant zed@partner.example ma")
        .await;
    // The role completes from the roles.
    app.key("tab").await;
    assert_eq!(line(&app), "add-participant zed@partner.example maintain ");
    app.key("enter").await;
    assert!(app.m.command.is_none());
    assert!(app.has_toast(ToastKind::Ok, "zed@partner.example"));
    let added = app
        .m
        .parts
        .list
        .items()
        .iter()
        .find(|p| p.email.as_deref() == Some("zed@partner.example"))
        .expect("added");
    assert_eq!(added.role, WspRole::Maintain);
    // A bad role names the argument and the rule, and nothing is sent.
    app.key(":").await;
    app.type_text("add-participant amy@partner.example boss")
        .await;
    app.key("enter").await;
    let err = app.m.command.as_ref().unwrap().error.clone().unwrap();
    assert!(err.contains("add-participant ROLE"), "{err}");
    assert!(
        err.contains("'boss' is neither a workspace role nor a custom role of org 'biolab'"),
        "{err}"
    );
    assert!(
        !app.m
            .parts
            .list
            .items()
            .iter()
            .any(|p| p.email.as_deref() == Some("amy@partner.example"))
    );
}

#[tokio::test]
async fn a_refused_action_is_refused_on_the_line_with_the_same_reason() {
    // Ivan may only view rnaseq.
    let mut app = App::demo_as("ivan@biolab.example").await;
    app.key("2").await;
    let why = app
        .m
        .refusal(
            nfdeck::tui::keys::Section::Participants,
            nfdeck::tui::keys::Action::AddParticipant,
        )
        .expect("refused");
    app.key(":").await;
    app.type_text("add-participant zed@partner.example").await;
    app.key("enter").await;
    let err = app.m.command.as_ref().unwrap().error.clone().unwrap();
    assert_eq!(err, format!("add-participant: {why}"));
    assert!(
        app.m
            .parts
            .list
            .items()
            .iter()
            .all(|p| p.email.as_deref() != Some("zed@partner.example"))
    );
}

#[tokio::test]
async fn ws_with_a_path_or_the_switcher_without_one() {
    let mut app = App::demo().await;
    app.key(":").await;
    app.type_text("ws sing").await;
    // A workspace completes by its name too.
    app.key("tab").await;
    assert_eq!(line(&app), "ws biolab/single-cell ");
    app.key("enter").await;
    assert_eq!(app.m.current_workspace().unwrap().name, "single-cell");
    assert!(app.screen().contains("workspace biolab/single-cell"));
    app.key(":").await;
    app.type_text("ws biolab/nope").await;
    app.key("enter").await;
    let err = app.m.command.as_ref().unwrap().error.clone().unwrap();
    assert!(err.contains("no workspace 'biolab/nope'"), "{err}");
    assert_eq!(app.m.current_workspace().unwrap().name, "single-cell");
    app.key("esc").await;
    app.key(":").await;
    app.type_text("ws").await;
    app.key("enter").await;
    assert!(matches!(app.top(), Some(Overlay::Switcher(_))));
}

#[tokio::test]
async fn profile_asks_the_loop_to_connect() {
    let mut app = App::demo().await;
    app.m.profiles = vec!["local".into(), "prod".into()];
    assert!(names(&app).contains(&"profile".to_string()));
    app.key(":").await;
    app.type_text("profile p").await;
    app.key("tab").await;
    assert_eq!(line(&app), "profile prod ");
    app.key("enter").await;
    assert_eq!(app.m.connect.as_deref(), Some("prod"));
    app.m.connect = None;
    app.key(":").await;
    app.type_text("profile staging").await;
    app.key("enter").await;
    let err = app.m.command.as_ref().unwrap().error.clone().unwrap();
    assert!(
        err.contains("no [profiles.staging] (profiles: local, prod)"),
        "{err}"
    );
    assert_eq!(app.m.connect, None);
    // After connecting, the model starts over on the new backend, ids still counting.
    app.key("esc").await;
    let before = app.m.req();
    let fx = app.m.reconnected("remote: http://x".into(), true);
    assert!(!fx.is_empty());
    assert!(app.m.req() > before);
    assert!(app.m.readonly);
    assert_eq!(
        app.m.profiles,
        vec!["local".to_string(), "prod".to_string()]
    );
    assert!(app.m.ws.workspaces.is_empty());
}
