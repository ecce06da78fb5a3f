//! The Runs tab: pages fetched as the user scrolls, the status filter and the server search,
//! details, cancel (refused for a finished run), the refresh timer only while a visible run
//! is active, and stale replies dropped.

use crate::support::{App, FINISHED_RUNS};
use nfdeck::domain::WorkflowStatus;
use nfdeck::tui::app::update;
use nfdeck::tui::effects::{Effect, Load, perform};
use nfdeck::tui::overlays::Overlay;
use nfdeck::tui::tabs::runs::PAGE;
use nfdeck::tui::widgets::toast::ToastKind;

const ALL_RUNS: usize = FINISHED_RUNS + 2;

#[tokio::test]
async fn runs_are_paged_as_the_selection_nears_the_end() {
    let mut app = App::seeded().await;
    app.key("4").await;
    assert_eq!(app.m.runs.loaded(), PAGE as usize);
    assert_eq!(app.m.runs.total, ALL_RUNS as u64);
    let screen = app.screen();
    assert!(screen.contains("100 of 232 loaded"), "{screen}");
    // Newest first: the queued and the busy run.
    let first: Vec<&str> = app
        .m
        .runs
        .runs
        .list
        .items()
        .iter()
        .take(2)
        .map(|r| r.run_name.as_str())
        .collect();
    assert_eq!(first, vec!["queued-run", "busy-run"]);
    // Moving near the end asks for exactly one more page.
    app.key("G").await;
    assert_eq!(app.m.runs.loaded(), 2 * PAGE as usize);
    let n = app.key_held("G");
    assert!(n >= 1);
    let pages: Vec<(u32, u32)> = app
        .held
        .iter()
        .filter_map(|e| match e {
            Effect::Load {
                what: Load::Runs { offset, max, .. },
                ..
            } => Some((*offset, *max)),
            _ => None,
        })
        .collect();
    assert_eq!(pages, vec![(2 * PAGE, PAGE)]);
    app.release().await;
    assert_eq!(app.m.runs.loaded(), ALL_RUNS);
    app.key("G").await;
    assert!(app.selected_text().contains("run-0000"), "{}", app.screen());
    // At the end, nothing more is asked.
    assert_eq!(app.key_held("G"), 0);
}

#[tokio::test]
async fn the_status_filter_cycles_and_the_search_goes_to_the_server() {
    let mut app = App::seeded().await;
    app.key("4").await;
    app.key("s").await;
    assert_eq!(app.m.runs.status, Some(WorkflowStatus::Submitted));
    let names: Vec<String> = app
        .m
        .runs
        .runs
        .list
        .items()
        .iter()
        .map(|r| r.run_name.clone())
        .collect();
    assert_eq!(names, vec!["queued-run"]);
    app.key("s").await;
    assert_eq!(app.m.runs.status, Some(WorkflowStatus::Running));
    assert_eq!(app.m.runs.total, 1);
    app.key("s").await;
    assert_eq!(app.m.runs.status, Some(WorkflowStatus::Succeeded));
    assert!(
        app.m
            .runs
            .runs
            .list
            .items()
            .iter()
            .all(|r| r.status == WorkflowStatus::Succeeded)
    );
    for _ in 0..4 {
        app.key("s").await;
    }
    assert_eq!(app.m.runs.status, None);
    assert_eq!(app.m.runs.total, ALL_RUNS as u64);

    app.key("/").await;
    app.type_text("run-012").await;
    assert_eq!(app.m.runs.sent_search, "run-012");
    assert_eq!(app.m.runs.total, 10);
    assert!(
        app.m
            .runs
            .runs
            .list
            .items()
            .iter()
            .all(|r| r.run_name.starts_with("run-012"))
    );
    app.key("enter").await;
    assert!(app.screen().contains("search: run-012"), "{}", app.screen());
    app.key("esc").await;
    assert_eq!(app.m.runs.total, ALL_RUNS as u64);
}

#[tokio::test]
async fn a_reply_to_an_older_request_is_dropped() {
    let mut app = App::seeded().await;
    app.key("4").await;
    // The SUBMITTED filter's reply is held back, then the RUNNING filter is asked and answered.
    app.key_held("s");
    let late: Vec<Effect> = std::mem::take(&mut app.held);
    app.key("s").await;
    assert_eq!(app.m.runs.status, Some(WorkflowStatus::Running));
    for effect in late {
        if matches!(effect, Effect::Timer { .. }) {
            continue;
        }
        let msg = perform(app.client.as_ref(), effect).await;
        let fx = update(&mut app.m, msg);
        app.settle(fx).await;
    }
    let names: Vec<String> = app
        .m
        .runs
        .runs
        .list
        .items()
        .iter()
        .map(|r| r.run_name.clone())
        .collect();
    assert_eq!(
        names,
        vec!["busy-run"],
        "the late SUBMITTED reply did not win"
    );
}

#[tokio::test]
async fn details_show_tasks_usage_cost_and_the_error() {
    let mut app = App::seeded().await;
    app.key("4").await;
    app.key("j").await;
    assert!(app.selected_text().contains("busy-run"));
    app.key("enter").await;
    assert!(matches!(app.top(), Some(Overlay::Details(_))));
    let screen = app.screen();
    for wanted in [
        "Run busy-run",
        "RUNNING",
        "2 pending · 0 submitted · 3 running · 5 succeeded · 0 failed · 0 cached (50%",
        "CPU-hours",
        "1.50",
        "6.00 GiB-hours",
        "0.30 credits",
    ] {
        assert!(screen.contains(wanted), "{wanted}\n{screen}");
    }
    app.key("esc").await;
    assert!(app.top().is_none());
    // A failed run shows its error message.
    app.select_row("run-0224").await;
    app.key("enter").await;
    let screen = app.screen();
    assert!(
        screen.contains("Process FASTQC terminated with an error"),
        "{screen}"
    );
    assert!(screen.contains("FAILED"), "{screen}");
}

#[tokio::test]
async fn cancel_is_refused_for_a_finished_run_and_confirmed_for_an_active_one() {
    let mut app = App::seeded().await;
    app.key("4").await;
    app.select_row("run-0229").await;
    app.key("c").await;
    assert!(app.top().is_none(), "no confirmation for a finished run");
    assert!(app.has_toast(
        ToastKind::Error,
        "run 'run-0229' is SUCCEEDED: only SUBMITTED or RUNNING runs can be cancelled"
    ));
    app.select_row("busy-run").await;
    app.key("c").await;
    assert!(matches!(app.top(), Some(Overlay::Confirm(..))));
    app.key("y").await;
    assert!(app.has_toast(ToastKind::Ok, "Cancelled run busy-run"));
    let run = app.m.runs.runs.list.selected_item().unwrap();
    assert_eq!(run.status, WorkflowStatus::Cancelled);
}

#[tokio::test]
async fn a_view_role_sees_cancel_disabled_with_the_reason() {
    let mut app = App::seeded_as("ivan@biolab.example").await;
    app.switch_to("testlab/lab").await;
    app.key("4").await;
    let screen = app.screen();
    assert!(
        screen.contains(
            "read-only: to cancel runs you need the owner, admin, maintain or launch role"
        ),
        "{screen}"
    );
    app.key("j").await;
    app.key("c").await;
    assert!(app.top().is_none());
    assert!(app.has_toast(ToastKind::Error, "to cancel runs you need"));
}

#[tokio::test]
async fn the_list_refreshes_on_a_timer_only_while_visible_runs_are_active() {
    let mut app = App::seeded().await;
    assert_eq!(app.timers(), 0, "no timer before the Runs tab is shown");
    app.key("4").await;
    assert_eq!(app.timers(), 1, "active runs on screen: one timer");
    // The timer refreshes, and sets itself again while runs are still active.
    app.fire_timers().await;
    assert_eq!(app.timers(), 1);
    // Only finished runs on screen: the timer that goes off sets no new one.
    app.keys(&["s", "s", "s"]).await;
    assert_eq!(app.m.runs.status, Some(WorkflowStatus::Succeeded));
    app.fire_timers().await;
    assert_eq!(app.timers(), 0);
    // Back to all: active runs again.
    for _ in 0..4 {
        app.key("s").await;
    }
    assert_eq!(app.timers(), 1);
    // Another tab: the timer goes off and nothing more happens.
    app.key("1").await;
    app.fire_timers().await;
    assert_eq!(app.timers(), 0);
}

#[tokio::test]
async fn a_finished_run_is_deleted_after_a_confirmation_and_an_active_one_is_refused() {
    let mut app = App::seeded().await;
    app.key("4").await;
    app.select_row("busy-run").await;
    app.key("d").await;
    assert!(app.top().is_none(), "no confirmation for an active run");
    assert!(app.has_toast(
        ToastKind::Error,
        "run 'busy-run' is RUNNING: cancel it first"
    ));
    app.select_row("run-0229").await;
    app.key("d").await;
    assert!(matches!(app.top(), Some(Overlay::Confirm(..))));
    app.key("y").await;
    assert!(app.has_toast(ToastKind::Ok, "Deleted run run-0229"));
    assert!(
        !app.m
            .runs
            .runs
            .list
            .items()
            .iter()
            .any(|r| r.run_name == "run-0229"),
        "the list reloads without it"
    );
}

#[tokio::test]
async fn a_view_role_cannot_delete_runs_and_is_told_why() {
    let mut app = App::seeded_as("ivan@biolab.example").await;
    app.switch_to("testlab/lab").await;
    app.key("4").await;
    app.key("j").await;
    app.key("d").await;
    assert!(app.top().is_none());
    assert!(app.has_toast(ToastKind::Error, "to delete runs you need"));
}
