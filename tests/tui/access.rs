//! Leaving a workspace or an org, and the Participants tab's access view: who has access to
//! the workspace, their effective role and where it comes from.

use crate::support::App;
use nfdeck::tui::overlays::Overlay;
use nfdeck::tui::tabs::access::AccessRow;
use nfdeck::tui::widgets::toast::ToastKind;

#[tokio::test]
async fn a_non_admin_participant_leaves_and_the_list_reloads() {
    let mut app = App::demo_as("gus@biolab.example").await;
    app.switch_to("biolab/rnaseq").await;
    let rnaseq = app.m.current.expect("rnaseq is current");
    app.key("2").await;
    app.key("L").await;
    let Some(Overlay::Confirm(c, _)) = app.top() else {
        panic!("a confirmation\n{}", app.screen());
    };
    assert!(c.message.contains("Leave biolab/rnaseq?"), "{}", c.message);
    assert!(c.typed.is_none(), "y/n");
    app.key("y").await;
    assert!(
        app.has_toast(ToastKind::Ok, "You left biolab/rnaseq"),
        "{:?}",
        app.toasts()
    );
    assert!(app.top().is_none());
    // Gus had no other way in: the workspace is gone from his list, and another is current.
    assert!(app.m.ws.workspaces.iter().all(|w| w.id != rnaseq));
    let current = app
        .m
        .current_workspace()
        .expect("another workspace is current");
    assert_ne!(current.id, rnaseq);
    assert!(
        !app.screen().contains("workspace biolab/rnaseq"),
        "{}",
        app.screen()
    );
}

#[tokio::test]
async fn leaving_without_a_row_of_ones_own_is_refused_by_the_engine() {
    let mut app = App::demo().await;
    app.switch_to("biolab/rnaseq").await;
    app.key("2").await;
    app.keys(&["L", "y"]).await;
    let Some(Overlay::Confirm(c, _)) = app.top() else {
        panic!("the confirmation stays with the refusal");
    };
    let error = c.error.clone().unwrap_or_default();
    assert!(
        error.contains("not a participant in your own right"),
        "{error}"
    );
}

#[tokio::test]
async fn a_member_leaves_the_org_from_the_members_pane() {
    let mut app = App::demo_as("ivan@biolab.example").await;
    app.select_row("▾ biolab").await;
    app.key("l").await;
    app.keys(&["L", "y"]).await;
    assert!(
        app.has_toast(ToastKind::Ok, "You left organization biolab"),
        "{:?}",
        app.toasts()
    );
    assert!(app.m.ws.orgs.iter().all(|o| o.name != "biolab"));
    assert!(
        app.m
            .current_workspace()
            .is_none_or(|w| w.org_id.is_none() || w.path().starts_with("genomics")),
        "the current workspace left biolab"
    );
}

#[tokio::test]
async fn the_access_view_says_where_each_role_comes_from() {
    let mut app = App::demo().await;
    app.switch_to("biolab/rnaseq").await;
    app.key("2").await;
    app.key("v").await;
    let screen = app.screen();
    assert!(screen.contains("Access to biolab/rnaseq"), "{screen}");
    for (who, why) in [
        ("ana@biolab.example", "org owner"),
        ("chen@biolab.example", "through team analysts"),
        ("ivan@biolab.example", "org default role"),
        ("max@cro.example", "own participant role"),
    ] {
        let line = screen
            .lines()
            .find(|l| l.contains(who) && l.contains("│"))
            .unwrap_or_else(|| panic!("no row for {who}\n{screen}"));
        assert!(line.contains(why), "{line}");
    }
    // Dana holds admin of her own, and maintain through the team: the detail says which wins.
    app.select_row("dana@").await;
    assert!(
        app.screen().contains(
            "dana@biolab.example holds admin (own participant role) wins over maintain (through team analysts)"
        ),
        "{}",
        app.screen()
    );
    // Enter on the team unfolds its members, and folds them again.
    app.select_row("▸ team analysts").await;
    assert!(app.screen().contains("▸ team analysts"));
    app.key("enter").await;
    let view = app.m.parts.access.as_ref().expect("the access view");
    let members: Vec<&str> = view
        .list
        .items()
        .iter()
        .filter_map(|r| match r {
            AccessRow::Member { person, .. } => Some(person.email.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(members, ["chen@biolab.example", "dana@biolab.example"]);
    assert!(app.screen().contains("▾ team analysts"));
    app.key("enter").await;
    assert!(app.screen().contains("▸ team analysts"));
    // v returns to the participants list.
    app.key("v").await;
    assert!(app.m.parts.access.is_none());
    assert!(app.screen().contains("Participants of biolab/rnaseq"));
}
