//! Marks and bulk actions: Space marks rows (shown in the list), `*` marks every row the filter
//! shows, Esc clears them; role, remove, cancel and delete then act on every marked row with
//! one confirmation that lists them, and a report per row.

use crate::support::App;
use nfdeck::domain::WspRole;
use nfdeck::tui::overlays::Overlay;
use nfdeck::tui::widgets::toast::ToastKind;

fn emails(app: &App) -> Vec<String> {
    app.m
        .parts
        .list
        .items()
        .iter()
        .map(|p| p.display_name())
        .collect()
}

#[tokio::test]
async fn space_marks_rows_and_remove_acts_on_all_of_them() {
    let mut app = App::demo().await;
    app.key("2").await;
    app.select_row("gus@").await;
    // Space marks and moves on: gus, then max.
    app.keys(&["space", "space"]).await;
    assert_eq!(app.m.parts.list.marks(), 2);
    let screen = app.screen();
    assert!(screen.contains("● gus@biolab.example"), "{screen}");
    assert!(screen.contains("● max@cro.example"), "{screen}");
    assert!(screen.contains("2 marked"), "{screen}");
    app.key("d").await;
    let Some(Overlay::Confirm(c, _)) = app.top() else {
        panic!("one confirmation\n{}", app.screen());
    };
    assert_eq!(c.title, "Remove 2 participants");
    assert!(c.message.contains("gus@biolab.example") && c.message.contains("max@cro.example"));
    app.key("y").await;
    let Some(Overlay::Bulk(report)) = app.top() else {
        panic!("the report\n{}", app.screen());
    };
    assert_eq!(report.lines.len(), 2);
    assert_eq!(report.added(), 2);
    assert!(app.has_toast(ToastKind::Ok, "Remove 2 participants: 2 done, 0 failed"));
    assert!(app.screen().contains("Removed gus@biolab.example"));
    app.key("esc").await;
    let left = emails(&app);
    assert!(
        !left
            .iter()
            .any(|e| e.contains("gus@") || e.contains("max@")),
        "{left:?}"
    );
    assert_eq!(app.m.parts.list.marks(), 0);
}

#[tokio::test]
async fn each_row_succeeds_or_fails_on_its_own() {
    // Dana is an admin: she may remove gus, not fatima (an owner).
    let mut app = App::demo_as("dana@biolab.example").await;
    app.key("2").await;
    app.select_row("fatima@").await;
    app.keys(&["space", "space"]).await;
    app.key("d").await;
    app.key("y").await;
    let Some(Overlay::Bulk(report)) = app.top() else {
        panic!("the report\n{}", app.screen());
    };
    assert_eq!(report.added(), 1);
    let fatima = report
        .lines
        .iter()
        .find(|l| l.line.contains("fatima"))
        .unwrap();
    let why = fatima.result.as_ref().unwrap_err();
    assert!(why.contains("owner role"), "{why}");
    assert!(app.has_toast(ToastKind::Info, "1 done, 1 failed"));
    let screen = app.screen();
    assert!(screen.contains("1 done, 1 failed"), "{screen}");
}

#[tokio::test]
async fn role_of_the_marked_participants_in_one_pick() {
    let mut app = App::demo().await;
    app.key("2").await;
    app.select_row("gus@").await;
    app.keys(&["space", "space"]).await;
    app.key("r").await;
    let Some(Overlay::Picker(p, _)) = app.top() else {
        panic!("the role picker\n{}", app.screen());
    };
    assert_eq!(p.title, "Role of 2 participants");
    assert!(p.intro.contains("gus@biolab.example") && p.intro.contains("max@cro.example"));
    // The last role is view.
    app.key("G").await;
    app.key("enter").await;
    assert!(app.has_toast(ToastKind::Ok, "Role view for 2 participants: 2 done"));
    app.key("esc").await;
    for who in ["gus@biolab.example", "max@cro.example"] {
        let p = app
            .m
            .parts
            .list
            .items()
            .iter()
            .find(|p| p.display_name() == who)
            .unwrap();
        assert_eq!(p.role, WspRole::View, "{who}");
    }
    // Without marks, r is the single-row picker again.
    app.select_row("dana@").await;
    app.key("r").await;
    let Some(Overlay::Picker(p, _)) = app.top() else {
        panic!("the role picker");
    };
    assert!(p.title.contains("dana@biolab.example"), "{}", p.title);
}

#[tokio::test]
async fn star_marks_what_the_filter_shows_and_esc_clears() {
    let mut app = App::demo().await;
    app.key("2").await;
    app.key("/").await;
    app.type_text("biolab").await;
    app.key("enter").await;
    app.key("*").await;
    assert_eq!(app.m.parts.list.marks(), 3, "dana, fatima, gus");
    // Esc clears the filter first (the marks stay), then the marks.
    app.key("esc").await;
    assert_eq!(app.m.parts.list.filter(), "");
    assert_eq!(app.m.parts.list.marks(), 3);
    assert!(app.screen().contains("3 marked"));
    app.key("esc").await;
    assert_eq!(app.m.parts.list.marks(), 0);
    assert!(!app.screen().contains("marked"));
}

#[tokio::test]
async fn cancel_the_marked_runs_reports_the_ones_that_cannot_be() {
    let mut app = App::seeded().await;
    app.key("4").await;
    // Newest first: one RUNNING, one SUBMITTED, then finished runs.
    app.keys(&["g", "space", "space", "space"]).await;
    assert_eq!(app.m.runs.runs.list.marks(), 3);
    app.key("c").await;
    let Some(Overlay::Confirm(c, _)) = app.top() else {
        panic!("one confirmation\n{}", app.screen());
    };
    assert_eq!(c.title, "Cancel 3 runs");
    app.key("y").await;
    let Some(Overlay::Bulk(report)) = app.top() else {
        panic!("the report\n{}", app.screen());
    };
    assert_eq!(report.lines.len(), 3);
    assert_eq!(report.added(), 2, "{:?}", report.lines);
    assert!(app.has_toast(ToastKind::Info, "Cancel 3 runs: 2 done, 1 failed"));
}

#[tokio::test]
async fn bulk_confirmation_snapshot() {
    let mut app = App::demo().await;
    app.key("2").await;
    app.select_row("dana@").await;
    app.keys(&["space", "j", "space", "space"]).await;
    let screen = crate::snapshots::same_on_every_store(app.screen_at(80, 24).await);
    insta::assert_snapshot!("marks_list_80x24", screen);
    app.key("d").await;
    let screen = crate::snapshots::same_on_every_store(app.screen_at(80, 24).await);
    insta::assert_snapshot!("marks_bulk_confirm_80x24", screen);
}

#[tokio::test]
async fn delete_the_marked_compute_environments_reports_the_one_in_use() {
    let mut app = App::seeded().await;
    app.key("6").await;
    let n = app.m.res.envs.len();
    assert!(n >= 2, "the seed has several environments");
    app.key("*").await;
    assert_eq!(app.m.res.envs.marks(), n);
    app.key("d").await;
    let Some(Overlay::Confirm(c, _)) = app.top() else {
        panic!("one confirmation\n{}", app.screen());
    };
    assert_eq!(c.title, format!("Delete {n} compute environments"));
    // What each takes with it is listed, named after it, before anything is deleted.
    assert!(c.message.contains("It affects:"), "{}", c.message);
    assert!(
        c.message
            .contains("lab-local: 1 pipeline launching on it: qc-check"),
        "{}",
        c.message
    );
    app.key("y").await;
    let Some(Overlay::Bulk(report)) = app.top() else {
        panic!("the report\n{}", app.screen());
    };
    assert_eq!(report.lines.len(), n);
    let failed: Vec<_> = report.lines.iter().filter(|l| l.result.is_err()).collect();
    assert!(
        failed
            .iter()
            .any(|l| l.result.as_ref().unwrap_err().contains("uses it")),
        "{:?}",
        report.lines
    );
    let failed = failed.len();
    app.key("esc").await;
    assert_eq!(app.m.res.envs.items().len(), failed);
}

#[tokio::test]
async fn delete_the_marked_labels() {
    let mut app = App::seeded().await;
    app.key("8").await;
    // Settings: Credits, Studios, then Labels.
    app.keys(&["l", "l"]).await;
    let before = app.m.res.labels.items().len();
    assert!(before >= 2, "{}", app.screen());
    app.keys(&["g", "space", "space"]).await;
    app.key("d").await;
    let Some(Overlay::Confirm(c, _)) = app.top() else {
        panic!("one confirmation\n{}", app.screen());
    };
    assert_eq!(c.title, "Delete 2 labels");
    app.key("y").await;
    assert!(app.has_toast(ToastKind::Ok, "Delete 2 labels: 2 done, 0 failed"));
    app.key("esc").await;
    assert_eq!(app.m.res.labels.items().len(), before - 2);
}

#[tokio::test]
async fn org_role_of_the_marked_members_in_one_pick() {
    let mut app = App::demo().await;
    app.key("l").await; // the Members pane
    app.select_row("gus@").await;
    app.key("space").await;
    app.select_row("hana@").await;
    app.key("space").await;
    assert_eq!(app.m.ws.members.marks(), 2);
    app.key("r").await;
    let Some(Overlay::Picker(p, _)) = app.top() else {
        panic!("the role picker\n{}", app.screen());
    };
    assert_eq!(p.title, "Org role of 2 members");
    // owner, member, collaborator: the last.
    app.key("G").await;
    app.key("enter").await;
    assert!(app.has_toast(
        ToastKind::Ok,
        "Org role collaborator for 2 members: 2 done, 0 failed"
    ));
    app.key("esc").await;
    for who in ["gus@biolab.example", "hana@biolab.example"] {
        let x = app
            .m
            .ws
            .members
            .items()
            .iter()
            .find(|x| x.email == who)
            .unwrap();
        assert_eq!(x.role, nfdeck::domain::OrgRole::Collaborator, "{who}");
    }
}

#[tokio::test]
async fn removing_marked_members_that_include_you_does_you_last() {
    // Ana owns biolab; with every member marked she would lose her rights at the first row.
    let mut app = App::demo().await;
    app.key("l").await;
    app.key("*").await;
    app.key("d").await;
    let Some(Overlay::Confirm(c, _)) = app.top() else {
        panic!("one confirmation\n{}", app.screen());
    };
    assert!(
        c.message
            .contains("That includes you (done last): you leave the organization."),
        "{}",
        c.message
    );
    app.key("y").await;
    let Some(Overlay::Bulk(report)) = app.top() else {
        panic!("the report\n{}", app.screen());
    };
    let last = report.lines.last().unwrap();
    assert_eq!(last.line, "ana@biolab.example");
    // The others were removed while she still had the rights to.
    let done = report.lines.iter().filter(|l| l.result.is_ok()).count();
    assert!(done >= report.lines.len() - 1, "{:?}", report.lines);
}

#[tokio::test]
async fn marked_workspaces_are_not_deleted_in_bulk() {
    let mut app = App::demo().await;
    app.select_row("rnaseq").await;
    app.key("space").await;
    app.key("d").await;
    assert!(app.m.overlays.is_empty());
    assert!(app.has_toast(ToastKind::Error, "workspaces are deleted one at a time"));
    // Cleared, d is the usual typed confirmation.
    app.key("esc").await;
    app.select_row("rnaseq").await;
    app.key("d").await;
    assert!(matches!(app.top(), Some(Overlay::Confirm(c, _)) if c.typed.is_some()));
}

/// One marked credential in use: the bulk confirmation speaks of one, not "these 1", and
/// lists the compute environment that uses it (impact before harm for marked rows too).
#[tokio::test]
async fn one_marked_credential_shows_its_impact_in_the_singular() {
    let mut app = App::seeded().await;
    app.key("7").await;
    app.select_row("aws-lab").await;
    app.key("space").await;
    app.key("d").await;
    let Some(Overlay::Confirm(c, _)) = app.top() else {
        panic!("one confirmation\n{}", app.screen());
    };
    assert_eq!(c.title, "Delete 1 credentials");
    assert!(
        c.message
            .contains("Delete these credentials of testlab/lab?"),
        "{}",
        c.message
    );
    assert!(
        c.message
            .contains("aws-lab: 1 compute environment using them: lab-batch"),
        "{}",
        c.message
    );
}
