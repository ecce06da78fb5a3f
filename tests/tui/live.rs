//! Always current: a change another program commits to the same database shows up on the
//! next tick of the refresh clock, with no key pressed, and the selection stays on its row.

use crate::support::App;
use nfdeck::client::embedded::EmbeddedClient;
use nfdeck::domain::{OrgFields, Tier, Visibility, WorkspaceFields};
use nfdeck::engine::{Actor, Engine};
use std::path::Path;

const OPERATOR: &str = "root@localhost.test";

fn workspace(engine: &mut Engine, op: &Actor, org: i64, name: &str) {
    engine
        .write(op, |cx| {
            cx.create_workspace(
                org,
                &WorkspaceFields {
                    name: name.into(),
                    full_name: format!("{name} workspace"),
                    description: String::new(),
                    visibility: Visibility::Private,
                },
            )
        })
        .unwrap();
}

/// An org with two workspaces in a database file, and the engine that wrote it.
fn lab(path: &Path) -> (Engine, Actor, i64) {
    let mut engine = Engine::open(path).unwrap();
    let op = engine.operator(OPERATOR).unwrap();
    let org = engine
        .write(&op, |cx| {
            cx.create_org(&OrgFields {
                name: "lab".into(),
                full_name: "Lab".into(),
                tier: Tier::Pro,
                ..Default::default()
            })
        })
        .unwrap();
    workspace(&mut engine, &op, org.id, "beta");
    workspace(&mut engine, &op, org.id, "gamma");
    (engine, op, org.id)
}

fn names(app: &App) -> Vec<String> {
    app.m.ws.workspaces.iter().map(|w| w.name.clone()).collect()
}

fn selected(app: &App) -> Option<String> {
    match app.m.ws.list.selected_item()? {
        nfdeck::tui::tabs::workspaces::WsRow::Workspace(w) => Some(w.name.clone()),
        nfdeck::tui::tabs::workspaces::WsRow::Org(o) => Some(format!("org {}", o.name)),
    }
}

#[tokio::test]
async fn a_workspace_created_by_a_second_engine_appears_without_a_key_press() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    let (first, _, org) = lab(&path);
    let op = first.act_as(OPERATOR).unwrap();
    let op = Actor {
        operator: true,
        ..op
    };
    let mut app = App::with(EmbeddedClient::new(first, op), 120, 40).await;
    app.keys(&["G"]).await;
    let before = selected(&app).expect("a selected row");
    assert!(!names(&app).contains(&"alpha".to_string()));

    // Nothing changed: a tick reads the stamp and loads nothing else.
    app.poll().await;
    assert_eq!(app.m.live.status(), None);

    let mut second = Engine::open(&path).unwrap();
    let op2 = Actor {
        operator: true,
        ..second.act_as(OPERATOR).unwrap()
    };
    workspace(&mut second, &op2, org, "alpha");

    app.poll().await;
    assert!(
        names(&app).contains(&"alpha".to_string()),
        "{:?}",
        names(&app)
    );
    assert_eq!(
        selected(&app).as_deref(),
        Some(before.as_str()),
        "the selection stays on its row"
    );
    assert_eq!(app.m.live.status(), None, "the reload is over");
}

/// `--demo`'s simulator reports progress for the running runs; the Runs tab follows it on the
/// next tick of the refresh clock, the selection staying on its run.
#[tokio::test]
async fn the_demo_simulator_advances_running_runs_and_the_runs_tab_follows() {
    let mut app = App::demo().await;
    app.switch_to("biolab/rnaseq").await;
    app.key("4").await;
    let running = |app: &App| -> Vec<(String, u32)> {
        app.m
            .runs
            .runs
            .list
            .items()
            .iter()
            .filter(|r| r.status == nfdeck::domain::WorkflowStatus::Running)
            .map(|r| (r.run_name.clone(), r.progress.succeeded))
            .collect()
    };
    let before = running(&app);
    assert!(!before.is_empty(), "the demo has running runs here");
    app.keys(&["j", "j"]).await;
    let selected = app.m.runs.runs.list.selected_item().unwrap().id.clone();

    let still = nfdeck::commands::simulate::step(&app.client).await.unwrap();
    assert!(still > 0);
    app.poll().await;
    let after = running(&app);
    for (name, succeeded) in &before {
        let now = after.iter().find(|(n, _)| n == name).map(|(_, s)| *s);
        assert!(
            now.is_some_and(|s| s > *succeeded),
            "{name}: {succeeded} -> {now:?}"
        );
    }
    assert_eq!(app.m.runs.runs.list.selected_item().unwrap().id, selected);
}
