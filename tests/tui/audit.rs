//! The Audit tab: the operator sees every change newest first, a change made meanwhile appears
//! on the next tick with the selection kept, the search and the since/who/what form narrow on
//! the engine, pages load as the selection reaches the end, Enter shows before and after, and
//! anyone else sees the engine's refusal in place (once, not on every refresh).

use crate::support::App;
use nfdeck::domain::{AuditEntry, OrgFields, OrgId, TeamFields, TeamId};
use nfdeck::tui::overlays::Overlay;
use nfdeck::tui::tabs::Tab;
use nfdeck::tui::widgets::toast::ToastKind;

/// An org with one team, made through the client (as the app's user).
async fn org_with_team(app: &App, org: &str, team: &str) -> (OrgId, TeamId) {
    let o = app
        .client
        .create_org(OrgFields {
            name: org.into(),
            full_name: "Audit Lab".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let t = app
        .client
        .create_team(o.id, team_fields(team, "first"))
        .await
        .unwrap();
    (o.id, t.id)
}

fn team_fields(name: &str, description: &str) -> TeamFields {
    TeamFields {
        name: name.into(),
        description: description.into(),
    }
}

fn entries(app: &App) -> &[AuditEntry] {
    app.m.audit.log.list.items()
}

fn ids(app: &App) -> Vec<i64> {
    entries(app).iter().map(|e| e.id).collect()
}

fn assert_newest_first(app: &App) {
    let ids = ids(app);
    assert!(
        ids.windows(2).all(|w| w[0] > w[1]),
        "not newest first, or a row twice: {ids:?}"
    );
}

#[tokio::test]
async fn the_operator_sees_a_change_first() {
    let mut app = App::demo_operator().await;
    org_with_team(&app, "auditlab", "auditors").await;
    app.key("9").await;
    assert_eq!(app.m.tab, Tab::Audit);
    assert_newest_first(&app);
    let top = &entries(&app)[0];
    assert_eq!(
        (top.action.as_str(), top.object_name.as_str()),
        ("team.create", "auditors")
    );
    let screen = app.screen();
    assert!(app.selected_text().contains("team.create"), "{screen}");
    assert!(
        app.selected_text().contains("operator@localhost"),
        "{screen}"
    );
    assert!(screen.contains("team auditors"), "{screen}");
}

#[tokio::test]
async fn a_change_made_meanwhile_appears_and_the_selection_stays() {
    let mut app = App::demo_operator().await;
    let (org, team) = org_with_team(&app, "auditlab", "auditors").await;
    app.keys(&["9", "j", "j"]).await;
    let selected = app.m.audit.log.list.selected_item().unwrap().id;
    app.client
        .update_team(org, team, team_fields("auditors", "second"))
        .await
        .unwrap();
    app.poll().await;
    assert_eq!(entries(&app)[0].action, "team.update");
    assert_eq!(app.m.audit.log.list.selected_item().unwrap().id, selected);
    assert_newest_first(&app);
}

#[tokio::test]
async fn the_search_narrows_on_the_engine_and_stale_replies_are_dropped() {
    let mut app = App::demo_operator().await;
    org_with_team(&app, "auditlab", "auditors").await;
    app.key("9").await;
    let all = app.m.audit.total;
    app.key("/").await;
    // The reply to "a" is held back and comes after the one to "au": it must not win.
    app.key_held("a");
    app.type_text("uditors").await;
    app.release().await;
    let shown = entries(&app);
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0].object_name, "auditors");
    assert!(app.m.audit.total < all);
    app.key("enter").await;
    assert!(
        app.screen().contains("search: auditors"),
        "{}",
        app.screen()
    );
    app.key("esc").await;
    assert_eq!(
        app.m.audit.total, all,
        "clearing the search shows everything"
    );
}

#[tokio::test]
async fn the_next_page_loads_when_the_selection_reaches_the_end() {
    let mut app = App::demo_operator().await;
    let (org, team) = org_with_team(&app, "auditlab", "pagers").await;
    for i in 0..150 {
        app.client
            .update_team(org, team, team_fields("pagers", &format!("version {i}")))
            .await
            .unwrap();
    }
    app.key("9").await;
    app.key("/").await;
    app.type_text("pagers").await;
    app.key("enter").await;
    assert_eq!(app.m.audit.total, 151, "the create and 150 updates match");
    assert_eq!(app.m.audit.count(), 100, "one page, not the whole log");
    app.key("G").await;
    assert_eq!(app.m.audit.count(), 151, "the second page came");
    assert_newest_first(&app);
    assert_eq!(entries(&app).last().unwrap().action, "team.create");
    app.key("G").await;
    assert!(
        app.selected_text().contains("team.create"),
        "{}",
        app.screen()
    );
    assert!(
        app.screen().contains("151 of 151 loaded"),
        "{}",
        app.screen()
    );
}

#[tokio::test]
async fn enter_shows_before_and_after_side_by_side() {
    let mut app = App::demo_operator().await;
    let (org, team) = org_with_team(&app, "auditlab", "auditors").await;
    app.client
        .update_team(org, team, team_fields("auditors", "second"))
        .await
        .unwrap();
    app.keys(&["9", "enter"]).await;
    let Some(Overlay::AuditChange(d)) = app.top() else {
        panic!("no change open:\n{}", app.screen());
    };
    assert_eq!(d.entry.action, "team.update");
    assert_eq!(d.changes(), 1, "only the description differs");
    let screen = app.screen();
    let line = screen
        .lines()
        .find(|l| l.contains("\"description\""))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(
        line.contains("- ") && line.contains("\"first\"") && line.contains("+ "),
        "{line}"
    );
    assert!(line.contains("\"second\""), "{line}");
    app.key("esc").await;
    assert!(app.top().is_none());
}

#[tokio::test]
async fn the_form_checks_since_and_narrows_by_since_who_and_what() {
    let mut app = App::demo_operator().await;
    org_with_team(&app, "auditlab", "auditors").await;
    app.keys(&["9", "f"]).await;
    app.type_text("yesterday").await;
    let error = app.field_error().expect("Since is refused");
    assert!(
        error.starts_with("Since: 'yesterday' is neither an RFC 3339 time"),
        "{error}"
    );
    app.key("enter").await;
    assert!(
        matches!(app.top(), Some(Overlay::Form(..))),
        "not submitted"
    );
    for _ in 0.."yesterday".len() {
        app.key("backspace").await;
    }
    app.type_text("1h").await;
    app.key("tab").await;
    app.type_text("operator@").await;
    app.key("tab").await;
    app.type_text("team").await;
    app.key("enter").await;
    assert!(app.top().is_none(), "{}", app.screen());
    assert!(!entries(&app).is_empty());
    for e in entries(&app) {
        assert!(e.actor.starts_with("operator@"), "{e:?}");
        assert!(
            e.action.starts_with("team") || e.object_type == "team",
            "{e:?}"
        );
    }
    let screen = app.screen();
    assert!(
        screen.contains("since 1h · who operator@ · what team"),
        "{screen}"
    );
}

#[tokio::test]
async fn anyone_else_sees_the_refusal_in_place_once() {
    let mut app = App::demo().await;
    app.key("9").await;
    let screen = app.screen();
    assert!(
        screen.contains("only the operator may read the audit log"),
        "{screen}"
    );
    assert!(app.toasts().iter().all(|t| t.kind != ToastKind::Error));
    // A change elsewhere: the live refresh does not ask again, so no failure shows up.
    app.client
        .create_org(OrgFields {
            name: "anaslab".into(),
            full_name: "Ana's lab".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    app.poll().await;
    assert_eq!(app.m.live.status(), None);
    assert!(app.toasts().iter().all(|t| t.kind != ToastKind::Error));
    assert!(
        app.screen()
            .contains("only the operator may read the audit log")
    );
}

#[tokio::test]
async fn y_copies_the_change_id_and_the_command_line_opens_the_tab() {
    let mut app = App::demo_operator().await;
    app.key(":").await;
    app.type_text("audit").await;
    app.key("enter").await;
    assert_eq!(app.m.tab, Tab::Audit);
    let id = entries(&app)[0].id;
    app.key("y").await;
    assert_eq!(app.m.copy, Some(id.to_string()));
}
