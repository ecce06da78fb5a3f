//! A read-only session (`--readonly`, or `readonly = true` in a profile): every change key is
//! shown disabled with "read-only session" and refused, and the client refuses every change
//! on its own too.

use crate::support::{App, demo_client};
use nfdeck::client::{
    ParticipantClient, ReadOnlyClient, RunClient, SessionClient, SharedClient, WorkspaceClient,
};
use nfdeck::domain::{ErrorKind, ParticipantRef, READ_ONLY_SESSION, Scope};
use nfdeck::tui::keys::{ACTIONS, Action, Section};
use nfdeck::tui::view::footer_hints;
use nfdeck::tui::widgets::toast::ToastKind;
use std::sync::Arc;

#[tokio::test]
async fn every_change_key_is_disabled_with_the_reason_and_refused() {
    let mut app = App::demo_readonly().await;
    assert!(app.screen().contains("(read-only)"), "{}", app.screen());
    app.key("2").await;
    for action in [
        Action::AddParticipant,
        Action::BulkAdd,
        Action::ParticipantRole,
        Action::RemoveParticipant,
    ] {
        assert_eq!(
            app.m.refusal(Section::Participants, action).as_deref(),
            Some(READ_ONLY_SESSION)
        );
    }
    // The footer shows them disabled; looking around stays enabled.
    let hints = footer_hints(&app.m);
    let add = hints
        .iter()
        .find(|h| h.1 == "add")
        .expect("add in the footer");
    assert!(!add.2, "add is disabled");
    let filter = hints.iter().find(|h| h.1 == "filter").unwrap();
    assert!(filter.2, "filtering still works");
    // The help says why.
    app.key("?").await;
    assert!(app.screen().contains(READ_ONLY_SESSION), "{}", app.screen());
    app.key("esc").await;
    // Pressing the key opens nothing and says why.
    let before = app.m.parts.list.len();
    app.key("a").await;
    assert!(app.m.overlays.is_empty());
    assert!(app.has_toast(ToastKind::Error, READ_ONLY_SESSION));
    app.select_row("gus@").await;
    app.key("d").await;
    assert!(app.m.overlays.is_empty());
    assert_eq!(app.m.parts.list.len(), before);
    // The command line neither offers a change nor runs one.
    let offered = nfdeck::tui::command_line::candidates(&app.m, "");
    assert!(offered.contains(&"refresh".to_string()), "{offered:?}");
    assert!(
        !offered.iter().any(|c| c.ends_with("-participant")),
        "{offered:?}"
    );
    app.key(":").await;
    app.type_text("remove-participant").await;
    app.key("enter").await;
    let err = app.m.command.as_ref().unwrap().error.clone().unwrap();
    assert_eq!(err, format!("remove-participant: {READ_ONLY_SESSION}"));
    app.key("esc").await;
    // Every screen: no change action is allowed anywhere.
    for tab in nfdeck::tui::tabs::Tab::ALL {
        app.m.tab = tab;
        for section in app.m.screen_context() {
            for def in ACTIONS
                .iter()
                .filter(|d| d.section == section && d.action.mutates())
            {
                if matches!(section, Section::Global | Section::List) {
                    continue;
                }
                assert_eq!(
                    app.m.refusal(section, def.action).as_deref(),
                    Some(READ_ONLY_SESSION),
                    "{tab:?} {}",
                    def.name
                );
            }
        }
    }
}

#[tokio::test]
async fn looking_around_still_works() {
    let mut app = App::demo_readonly().await;
    app.key("2").await;
    assert!(
        app.screen()
            .contains("Participants of biolab/rnaseq · 5/50")
    );
    app.key("/").await;
    app.type_text("gus").await;
    app.key("enter").await;
    assert_eq!(app.m.parts.list.len(), 1);
    app.key("ctrl-p").await;
    app.type_text("sngl").await;
    app.key("enter").await;
    assert_eq!(app.m.current_workspace().unwrap().name, "single-cell");
}

#[tokio::test]
async fn the_client_refuses_every_change_and_reads_pass() {
    let inner: SharedClient = Arc::new(demo_client().await);
    let client = ReadOnlyClient::new(inner.clone());
    assert!(client.backend().ends_with("(read-only)"));
    let ws = client
        .list_workspaces()
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.path() == "biolab/rnaseq")
        .unwrap();
    let org = ws.org_id.unwrap();
    let page = nfdeck::domain::Page::first(100);
    let before = client
        .list_participants(org, ws.id, page.clone())
        .await
        .unwrap()
        .items;
    let err = client
        .add_participant(
            org,
            ws.id,
            ParticipantRef::UserNameOrEmail("zed@partner.example".into()),
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert_eq!(err.message, "add a participant: read-only session");
    let err = client
        .remove_participant(org, ws.id, before[0].id)
        .await
        .unwrap_err();
    assert_eq!(err.message, "remove a participant: read-only session");
    // The bulk add is refused whole, not line by line.
    let err = client
        .add_participants_bulk(org, ws.id, "a@x.org\nb@x.org", None)
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Forbidden);
    let err = client.delete_workspace(org, ws.id).await.unwrap_err();
    assert!(err.message.ends_with(READ_ONLY_SESSION));
    let err = client
        .delete_runs(Scope::Workspace(ws.id), vec!["x".into()], true)
        .await
        .unwrap_err();
    assert!(err.message.ends_with(READ_ONLY_SESSION));
    // Nothing changed underneath.
    let after = inner
        .list_participants(org, ws.id, page)
        .await
        .unwrap()
        .items;
    assert_eq!(before, after);
    // A dry-run apply only checks, so it passes; a real one is a change.
    let progress: nfdeck::domain::changes::Progress = Arc::new(|_, _| {});
    client
        .apply_changes(Vec::new(), true, progress.clone())
        .await
        .unwrap();
    let err = client
        .apply_changes(Vec::new(), false, progress)
        .await
        .unwrap_err();
    assert_eq!(err.message, "apply changes: read-only session");
}

#[tokio::test]
async fn a_change_that_gets_past_the_screen_is_refused_by_the_client() {
    // The model is not read-only but the client is: the client's refusal is shown.
    let client: SharedClient = Arc::new(demo_client().await);
    let mut app = App::with_client(ReadOnlyClient::wrap_if(true, client), false, 120, 40).await;
    app.key("2").await;
    app.key("a").await;
    app.type_text("zed@partner.example").await;
    app.key("enter").await;
    assert!(app.has_toast(ToastKind::Error, "add a participant: read-only session"));
}
