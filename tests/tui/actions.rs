//! The Actions tab: add an action through its form (the launch takes the pipeline's
//! settings), edit it, pause and resume it, launch it now (a new run, with the offer to follow
//! it), delete it after a confirmation naming it, copy its hook URL; a change made elsewhere
//! shows without a key; a role without the right is refused with the engine's reason.

use crate::support::{App, demo_client, seed};
use nfdeck::client::embedded::EmbeddedClient;
use nfdeck::client::{ActionClient, WorkspaceClient};
use nfdeck::domain::{
    ActionFields, ActionSource, ActionStatus, LaunchRequest, Permission, Scope, WspRole,
};
use nfdeck::tui::keys::{Action, Section};
use nfdeck::tui::overlays::Overlay;
use nfdeck::tui::tabs::Tab;
use nfdeck::tui::view::footer_hints;
use nfdeck::tui::widgets::toast::ToastKind;

fn form_value(app: &App, label: &str) -> String {
    match app.top() {
        Some(Overlay::Form(form, _)) => form.value(label),
        _ => panic!("no form\n{}", app.screen()),
    }
}

fn selected(app: &App) -> nfdeck::domain::Action {
    app.m
        .actions
        .list
        .selected_item()
        .expect("an action is selected")
        .clone()
}

/// Chooses the option of a choice field whose label contains `needle`.
async fn choose(app: &mut App, needle: &str) {
    for _ in 0..20 {
        if form_value(app, "Pipeline").contains(needle) {
            return;
        }
        app.key("right").await;
    }
    panic!("no pipeline '{needle}'\n{}", app.screen());
}

/// Adds an action through the form: name, trigger (tower when `tower`), pipeline, labels.
async fn add(app: &mut App, name: &str, tower: bool, pipeline: &str, labels: &str) {
    app.key("a").await;
    app.type_text(name).await;
    app.key("tab").await;
    if tower {
        app.key("right").await;
    }
    app.key("tab").await;
    choose(app, pipeline).await;
    app.key("tab").await;
    app.type_text(labels).await;
    app.key("enter").await;
}

/// The seeded data with one action in testlab/lab (`nightly`, a tower hook on qc-check),
/// acting as `email`, on the Actions tab.
async fn with_action_as(email: &str) -> App {
    let owner = demo_client().await;
    seed(&owner).await;
    let lab = lab_scope(&owner).await;
    let qc = pipeline_id(&owner, lab, "qc-check").await;
    owner
        .add_action(
            lab,
            ActionFields {
                name: "nightly".into(),
                source: ActionSource::Tower,
                launch: LaunchRequest::new(qc),
                label_ids: vec![],
            },
        )
        .await
        .unwrap();
    let email = email.to_string();
    let actor = owner
        .with_engine(move |engine, _| engine.act_as(&email))
        .await
        .unwrap();
    let mut app = App::with(owner.acting_as(actor), 120, 40).await;
    app.switch_to("testlab/lab").await;
    app.key("5").await;
    app
}

async fn lab_scope(client: &EmbeddedClient) -> Scope {
    let ws = client.list_workspaces().await.unwrap();
    let lab = ws
        .iter()
        .find(|w| w.path() == "testlab/lab")
        .expect("testlab/lab");
    Scope::Workspace(lab.id)
}

async fn pipeline_id(client: &EmbeddedClient, scope: Scope, name: &str) -> i64 {
    use nfdeck::client::LaunchpadClient;
    use nfdeck::domain::{Page, PipelineQuery, PipelineVisibility};
    let query = PipelineQuery {
        visibility: PipelineVisibility::All,
        page: Page::first(100),
        label: None,
    };
    let pipelines = client.list_pipelines(scope, query).await.unwrap();
    pipelines
        .items
        .iter()
        .find(|p| p.name == name)
        .expect("the pipeline")
        .id
}

#[tokio::test]
async fn add_through_the_form_then_edit() {
    let mut app = App::seeded().await;
    app.key("5").await;
    assert_eq!(app.m.tab, Tab::Actions);
    let screen = app.screen();
    assert!(screen.contains("no actions yet · a adds one"), "{screen}");

    app.key("a").await;
    // The pipelines offered are the workspace's own and the shared ones.
    let screen = app.screen();
    assert!(screen.contains("Add an action"), "{screen}");
    app.keys(&["tab", "tab"]).await;
    choose(&mut app, "qc-check").await;
    // The form says what the launch takes from the pipeline.
    let screen = app.screen();
    assert!(
        screen.contains("launches https://github.com/lab/qc-check 3.14.0 on lab-local"),
        "{screen}"
    );
    app.key("esc").await;

    add(&mut app, "qc-on-push", false, "qc-check", "qc").await;
    assert!(
        app.has_toast(ToastKind::Ok, "Added action qc-on-push (github)"),
        "{:?}",
        app.toasts()
    );
    let a = selected(&app);
    assert_eq!(a.name, "qc-on-push");
    assert_eq!(a.source, ActionSource::Github);
    assert_eq!(a.status, ActionStatus::Active);
    assert_eq!(a.pipeline_name, "qc-check");
    let labels: Vec<&str> = a.labels.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(labels, vec!["qc"]);
    // The launch is the pipeline's: nothing of its own.
    assert_eq!(a.launch.work_dir, None);
    assert_eq!(a.launch.compute_env_id, None);
    app.key("esc").await; // the toasts go
    let screen = app.screen();
    assert!(screen.contains("never"), "no event yet\n{screen}");
    assert!(
        screen.contains("qc-on-push · GitHub webhook: launches on a push to the repository"),
        "{screen}"
    );
    assert!(
        screen.contains(
            "runs qc-check (lab/qc-check) on lab-local (the pipeline's) · work dir the env's · labels qc"
        ),
        "{screen}"
    );

    // Edit: a name, and a work dir of its own.
    app.key("e").await;
    assert_eq!(form_value(&app, "Name"), "qc-on-push");
    app.type_text("-v2").await;
    app.keys(&["tab", "tab", "tab", "tab"]).await;
    app.type_text("/scratch/qc").await;
    app.key("enter").await;
    assert!(
        app.has_toast(ToastKind::Ok, "Saved action qc-on-push-v2"),
        "{:?}",
        app.toasts()
    );
    let a = selected(&app);
    assert_eq!(a.name, "qc-on-push-v2");
    assert_eq!(a.launch.work_dir.as_deref(), Some("/scratch/qc"));
    assert_eq!(a.source, ActionSource::Github, "the trigger stays");
}

#[tokio::test]
async fn a_tower_action_on_a_shared_pipeline_has_a_hook_url_to_copy() {
    let mut app = App::seeded().await;
    app.key("5").await;
    add(&mut app, "hub-hook", true, "rnaseq-shared", "").await;
    assert!(
        app.has_toast(ToastKind::Ok, "Added action hub-hook (tower)"),
        "{:?}",
        app.toasts()
    );
    let a = selected(&app);
    assert!(a.launch.source_workspace_id.is_some(), "a shared pipeline");
    app.key("esc").await; // the toasts go
    let ws = app.m.current.unwrap();
    let url = format!("/actions/{}/launch?workspaceId={ws}", a.id);
    assert!(
        app.screen().contains(&format!("hook URL {url}")),
        "{}",
        app.screen()
    );
    app.key("U").await;
    assert_eq!(app.m.copy.as_deref(), Some(url.as_str()));
    assert!(app.has_toast(ToastKind::Ok, "Copied the action's URL"));
    app.key("y").await;
    assert_eq!(app.m.copy.as_deref(), Some(a.id.as_str()));
}

#[tokio::test]
async fn pause_refuses_launch_until_resumed() {
    let mut app = with_action_as("ana@biolab.example").await;
    assert_eq!(selected(&app).name, "nightly");
    app.key("p").await;
    assert!(app.has_toast(ToastKind::Ok, "Paused action nightly"));
    assert_eq!(selected(&app).status, ActionStatus::Paused);
    assert!(app.screen().contains("PAUSED"));
    // A paused action cannot launch: the engine's rule, in the footer and when pressed.
    let why = "action 'nightly' is PAUSED: only ACTIVE actions can launch (resume it first)";
    assert_eq!(
        app.m
            .refusal(Section::Actions, Action::LaunchAction)
            .as_deref(),
        Some(why)
    );
    app.key("L").await;
    assert!(app.top().is_none());
    assert!(app.has_toast(ToastKind::Error, why));
    app.key("p").await;
    assert!(app.has_toast(ToastKind::Ok, "Resumed action nightly"));
    assert_eq!(selected(&app).status, ActionStatus::Active);
}

#[tokio::test]
async fn launch_now_creates_a_run_and_offers_to_follow_it() {
    let mut app = with_action_as("ana@biolab.example").await;
    app.key("L").await;
    let screen = app.screen();
    assert!(
        screen.contains("Launch action nightly now?"),
        "a confirmation\n{screen}"
    );
    app.key("y").await;
    assert!(
        app.has_toast(ToastKind::Ok, "Launched action nightly: run "),
        "{:?}",
        app.toasts()
    );
    assert!(
        matches!(app.top(), Some(Overlay::Jump(..))),
        "{}",
        app.screen()
    );
    // The action saw an event.
    assert!(selected(&app).last_seen.is_some());
    app.key("y").await;
    assert_eq!(app.m.tab, Tab::Runs);
    let run = app
        .m
        .runs
        .runs
        .list
        .selected_item()
        .expect("the run")
        .clone();
    assert_eq!(run.project_name, "lab/qc-check");
    assert!(app.has_toast(ToastKind::Ok, &format!("run {}", run.run_name)));
}

#[tokio::test]
async fn delete_asks_naming_the_action() {
    let mut app = with_action_as("ana@biolab.example").await;
    app.key("d").await;
    let screen = app.screen();
    assert!(
        screen.contains("Delete action nightly (tower on pipeline qc-check)?"),
        "{screen}"
    );
    app.key("n").await;
    assert_eq!(app.m.actions.list.len(), 1, "no keeps it");
    app.key("d").await;
    app.key("y").await;
    assert!(app.has_toast(ToastKind::Ok, "Deleted action nightly"));
    assert!(app.m.actions.list.is_empty());
}

#[tokio::test]
async fn a_view_participant_is_refused_with_the_engines_reason() {
    // Ivan has the view role in testlab/lab.
    let mut app = with_action_as("ivan@biolab.example").await;
    assert_eq!(selected(&app).name, "nightly", "viewers see the actions");
    let manage = Permission::ManageActions.refusal(Some(WspRole::View));
    assert_eq!(
        manage,
        "to manage actions you need the owner, admin or maintain role (yours is view)"
    );
    let hints = footer_hints(&app.m);
    for label in ["add", "edit", "pause/resume", "delete", "launch now"] {
        let hint = hints.iter().find(|h| h.1 == label).expect(label);
        assert!(!hint.2, "{label} is disabled");
    }
    assert!(app.screen().contains(&format!("read-only: {manage}")));
    for key in ["a", "e", "p", "d"] {
        app.key(key).await;
        assert!(app.top().is_none(), "{key} opens nothing");
        assert!(app.has_toast(ToastKind::Error, &manage), "{key}");
    }
    app.key("L").await;
    assert!(app.has_toast(
        ToastKind::Error,
        "to run actions you need the owner, admin, maintain or launch role (yours is view)"
    ));
    // The engine refuses with the same words.
    let scope = app.m.ctx().current_scope().unwrap();
    let err = app
        .client
        .pause_action(scope, selected(&app).id)
        .await
        .unwrap_err();
    assert!(err.message.contains(&manage), "{}", err.message);
}

#[tokio::test]
async fn a_launch_participant_may_launch_but_not_manage() {
    // Max has the launch role in testlab/lab.
    let mut app = with_action_as("max@cro.example").await;
    assert!(
        app.m
            .refusal(Section::Actions, Action::LaunchAction)
            .is_none()
    );
    assert!(
        app.m
            .refusal(Section::Actions, Action::PauseAction)
            .is_some()
    );
    app.key("enter").await;
    app.key("y").await;
    assert!(
        app.has_toast(ToastKind::Ok, "Launched action nightly"),
        "{:?}",
        app.toasts()
    );
}

#[tokio::test]
async fn an_action_added_elsewhere_shows_without_a_key_and_the_selection_stays() {
    let mut app = with_action_as("ana@biolab.example").await;
    let scope = app.m.ctx().current_scope().unwrap();
    let first = selected(&app).id;
    let pipeline = selected(&app).pipeline_id;
    app.client
        .add_action(
            scope,
            ActionFields {
                name: "another".into(),
                source: ActionSource::Github,
                launch: LaunchRequest::new(pipeline),
                label_ids: vec![],
            },
        )
        .await
        .unwrap();
    app.poll().await;
    assert_eq!(app.m.actions.list.len(), 2, "{}", app.screen());
    assert!(app.screen().contains("another"));
    assert_eq!(selected(&app).id, first);
}

#[tokio::test]
async fn filter_narrows_the_list() {
    let mut app = with_action_as("ana@biolab.example").await;
    add(&mut app, "qc-on-push", false, "qc-check", "").await;
    assert_eq!(app.m.actions.list.len(), 2);
    app.key("/").await;
    app.type_text("push").await;
    app.key("enter").await;
    assert_eq!(app.m.actions.list.len(), 1);
    assert_eq!(selected(&app).name, "qc-on-push");
}

#[tokio::test]
async fn the_command_line_reaches_the_tab_and_its_actions_by_name() {
    let mut app = with_action_as("ana@biolab.example").await;
    app.key("1").await;
    app.key(":").await;
    app.type_text("actions").await;
    app.key("enter").await;
    assert_eq!(app.m.tab, Tab::Actions);
    let offered = nfdeck::tui::command_line::candidates(&app.m, "");
    for name in [
        "launch-action",
        "add-action",
        "pause-action",
        "delete-action",
    ] {
        assert!(offered.contains(&name.to_string()), "{name}: {offered:?}");
    }
    app.key(":").await;
    app.type_text("pause-action").await;
    app.key("enter").await;
    assert!(app.has_toast(ToastKind::Ok, "Paused action nightly"));
}
