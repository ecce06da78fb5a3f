//! The Participants tab: list with roles and sources, add (member, team, collaborator) with
//! suggestions, bulk add with a result per line, change role, remove, limits and rights.

use crate::support::App;
use nfdeck::domain::{ParticipantType, WspRole};
use nfdeck::tui::keys::{Action, Section};
use nfdeck::tui::overlays::Overlay;
use nfdeck::tui::widgets::toast::ToastKind;

fn participant<'a>(app: &'a App, name: &str) -> Option<&'a nfdeck::domain::Participant> {
    app.m
        .parts
        .list
        .items()
        .iter()
        .find(|p| p.display_name() == name)
}

#[tokio::test]
async fn the_list_shows_type_role_and_where_the_role_comes_from() {
    let mut app = App::demo().await;
    app.key("2").await;
    let screen = app.screen();
    assert!(
        screen.contains("Participants of biolab/rnaseq · 5/50"),
        "{screen}"
    );
    for row in [
        [
            "analysts",
            "TEAM",
            "maintain",
            "gives maintain to its members",
        ],
        [
            "dana@biolab.example",
            "MEMBER",
            "admin",
            "admin (participant)",
        ],
        [
            "max@cro.example",
            "COLLABORATOR",
            "launch",
            "launch (participant)",
        ],
    ] {
        let line = screen
            .lines()
            .find(|l| l.contains(row[0]))
            .unwrap_or_else(|| panic!("{}\n{screen}", row[0]));
        for cell in &row[1..] {
            assert!(line.contains(cell), "{line}");
        }
    }
    // In shared-pipelines, chen's own maintain beats team analysts' launch; the detail line
    // lists both grants.
    app.key("ctrl-p").await;
    app.type_text("shared").await;
    app.key("enter").await;
    app.key("g").await;
    while !app.selected_text().contains("chen@") {
        app.key("j").await;
    }
    let screen = app.screen();
    assert!(
        screen.contains("holds: maintain (participant), launch (team analysts)"),
        "{screen}"
    );
}

#[tokio::test]
async fn add_a_member_a_team_and_a_collaborator_with_suggestions() {
    let mut app = App::demo().await;
    app.key("2").await;

    app.key("a").await;
    app.type_text("han").await;
    assert!(app.screen().contains("hana@biolab.example"), "suggested");
    app.key("tab").await;
    assert!(app.screen().contains("Hana Sato · org member"));
    app.key("enter").await;
    assert!(app.has_toast(ToastKind::Ok, "Added hana@biolab.example as launch"));
    assert!(
        app.selected_text().contains("hana@biolab.example"),
        "selected"
    );
    assert_eq!(
        participant(&app, "hana@biolab.example").unwrap().kind,
        ParticipantType::Member
    );

    app.key("a").await;
    app.type_text("wet").await;
    app.key("tab").await;
    assert!(app.screen().contains("team wetlab · team · 2 members"));
    app.key("tab").await; // to the role
    app.key("left").await; // launch -> maintain
    app.key("enter").await;
    assert!(app.has_toast(ToastKind::Ok, "Added team wetlab as maintain"));
    let wetlab = participant(&app, "wetlab").unwrap();
    assert_eq!(
        (wetlab.kind, wetlab.role),
        (ParticipantType::Team, WspRole::Maintain)
    );

    app.key("a").await;
    app.type_text("zoe@partner.example").await;
    assert!(app.screen().contains("will be invited as a collaborator"));
    app.key("enter").await;
    assert!(app.has_toast(ToastKind::Ok, "Added zoe@partner.example as launch"));
    assert_eq!(
        participant(&app, "zoe@partner.example").unwrap().kind,
        ParticipantType::Collaborator
    );
    assert!(app.screen().contains("· 8/50"), "usage follows");
}

#[tokio::test]
async fn the_add_field_rejects_what_cannot_be_added_as_you_type() {
    let mut app = App::demo().await;
    app.key("2").await;
    app.key("a").await;
    app.type_text("dana@biolab.example").await;
    assert!(
        app.screen()
            .contains("dana@biolab.example is already a participant")
    );
    app.key("enter").await;
    assert!(
        matches!(app.top(), Some(Overlay::Form(..))),
        "not submitted"
    );
    app.key("ctrl-u").await;
    app.type_text("not an email").await;
    assert!(app.screen().contains("not a member or team of this org"));
}

#[tokio::test]
async fn bulk_add_reports_each_line() {
    let mut app = App::demo().await;
    app.key("2").await;
    app.key("b").await;
    app.paste("ann@partner.example\nnot-an-email\ndana@biolab.example\n# a comment\n")
        .await;
    assert!(app.screen().contains("3 entries"), "{}", app.screen());
    app.keys(&["tab", "right"]).await; // role: launch -> connect
    app.key("enter").await;
    let Some(Overlay::Bulk(report)) = app.top() else {
        panic!("the report\n{}", app.screen());
    };
    assert_eq!(report.lines.len(), 3);
    assert_eq!(report.added(), 1);
    let screen = app.screen();
    assert!(screen.contains("Bulk add: 1 added, 2 failed"), "{screen}");
    assert!(screen.contains("ann@partner.example") && screen.contains("COLLABORATOR"));
    assert!(
        screen.contains("dana@biolab.example is already a participant"),
        "{screen}"
    );
    assert!(
        screen.contains("no member named 'not-an-email'"),
        "{screen}"
    );
    app.key("esc").await;
    assert_eq!(
        participant(&app, "ann@partner.example").unwrap().role,
        WspRole::Connect
    );
}

#[tokio::test]
async fn pasting_on_the_screen_opens_the_bulk_add() {
    let mut app = App::demo().await;
    app.key("2").await;
    app.paste("a@x.example\nb@x.example").await;
    let Some(Overlay::Form(form, _)) = app.top() else {
        panic!("a form");
    };
    assert_eq!(form.value("Emails"), "a@x.example\nb@x.example");
    app.key("ctrl-s").await;
    assert!(app.has_toast(ToastKind::Ok, "Bulk add: 2 added, 0 failed"));
}

#[tokio::test]
async fn change_a_role_and_remove_a_participant() {
    let mut app = App::demo().await;
    app.key("2").await;
    app.select_row("gus@").await;
    app.key("r").await;
    app.keys(&["G", "enter"]).await;
    assert!(app.has_toast(ToastKind::Ok, "gus@biolab.example is now view"));
    assert_eq!(
        participant(&app, "gus@biolab.example").unwrap().role,
        WspRole::View
    );

    app.key("d").await;
    assert!(
        app.screen()
            .contains("Remove gus@biolab.example from biolab/rnaseq?")
    );
    app.key("n").await;
    assert!(
        participant(&app, "gus@biolab.example").is_some(),
        "n keeps it"
    );
    app.key("d").await;
    app.key("y").await;
    assert!(app.has_toast(ToastKind::Ok, "Removed gus@biolab.example"));
    assert!(participant(&app, "gus@biolab.example").is_none());
    assert!(app.screen().contains("· 4/50"));
}

#[tokio::test]
async fn a_personal_workspace_has_no_participants() {
    let mut app = App::demo().await;
    app.key("ctrl-p").await;
    app.type_text("~ana").await;
    app.key("enter").await;
    app.key("2").await;
    let screen = app.screen();
    assert!(
        screen.contains("Personal workspaces have no participants"),
        "{screen}"
    );
    app.key("a").await;
    assert!(app.has_toast(ToastKind::Error, "personal workspaces have no participants"));
}

#[tokio::test]
async fn an_admin_cannot_grant_owner_and_says_why() {
    // Dana is an admin of rnaseq.
    let mut app = App::demo_as("dana@biolab.example").await;
    app.key("2").await;
    let owner_rule = "to grant or remove the owner role you need the owner role (yours is admin)";
    app.select_row("fatima@").await;
    assert_eq!(
        app.m
            .refusal(Section::Participants, Action::ParticipantRole)
            .as_deref(),
        Some(owner_rule)
    );
    app.select_row("gus@").await;
    app.key("r").await;
    app.key("g").await; // owner, shown disabled with the reason
    assert!(
        app.screen()
            .contains("to grant or remove the owner role you need the owner"),
        "{}",
        app.screen()
    );
    app.key("enter").await;
    assert!(app.has_toast(ToastKind::Error, owner_rule));
    assert!(matches!(app.top(), Some(Overlay::Picker(..))));
}

#[tokio::test]
async fn a_full_workspace_refuses_more_participants() {
    // genomics-core is on the basic tier: 3 participants per workspace.
    let mut app = App::demo_as("jo@genomics-core.example").await;
    app.key("ctrl-p").await;
    app.type_text("sequencing").await;
    app.key("enter").await;
    app.key("2").await;
    let screen = app.screen();
    assert!(
        screen.contains("Participants of genomics-core/sequencing · 3/3"),
        "{screen}"
    );
    assert!(
        screen.contains("full: the basic tier allows at most 3 participants"),
        "{screen}"
    );
    app.key("b").await;
    assert!(app.m.overlays.is_empty());
    assert!(app.has_toast(
        ToastKind::Error,
        "the basic tier allows at most 3 participants per workspace (3 used)"
    ));
}
