//! The Launchpad tab: the shared toggle, the label filter, add/edit/delete with the params
//! checked as typed, and launching with the compute environment the rules choose.

use crate::support::App;
use nfdeck::tui::overlays::Overlay;
use nfdeck::tui::tabs::Tab;
use nfdeck::tui::widgets::toast::ToastKind;

fn pipeline_names(app: &App) -> Vec<String> {
    app.m
        .pad
        .list
        .items()
        .iter()
        .map(|p| p.name.clone())
        .collect()
}

fn launch_form_env(app: &App) -> (String, String) {
    match app.top() {
        Some(Overlay::Form(form, _)) if form.title.starts_with("Launch ") => (
            form.value("Compute env"),
            form.intro.clone().unwrap_or_default(),
        ),
        _ => panic!("no launch form\n{}", app.screen()),
    }
}

#[tokio::test]
async fn the_toggle_adds_the_shared_workspaces_pipelines_marked_with_their_source() {
    let mut app = App::seeded().await;
    app.key("3").await;
    assert_eq!(app.m.tab, Tab::Launchpad);
    let mut names = pipeline_names(&app);
    names.sort();
    assert_eq!(names, vec!["qc-check", "rnaseq-dev"]);
    app.key("s").await;
    let mut names = pipeline_names(&app);
    names.sort();
    assert_eq!(
        names,
        vec!["qc-check", "rnaseq-dev", "rnaseq-shared", "sarek"]
    );
    let screen = app.screen();
    assert!(screen.contains("shared · testlab/hub"), "{screen}");
    assert!(screen.contains("shared-batch"), "{screen}");
    app.key("s").await;
    assert_eq!(pipeline_names(&app).len(), 2);
}

#[tokio::test]
async fn a_shared_pipeline_launches_on_its_own_environment_and_the_run_shows_in_runs() {
    let mut app = App::seeded().await;
    app.key("3").await;
    app.key("s").await;
    app.select_row("rnaseq-shared").await;
    app.key("enter").await;
    let (env, intro) = launch_form_env(&app);
    assert_eq!(env, "shared-batch (aws-batch) · of hub");
    assert!(
        intro.contains("default: shared-batch, the pipeline's own environment in hub"),
        "{intro}"
    );
    app.key("enter").await;
    assert!(
        app.has_toast(ToastKind::Ok, "Launched rnaseq-shared: run"),
        "{:?}",
        app.toasts()
    );
    assert!(app.has_toast(ToastKind::Ok, "on shared-batch is SUBMITTED"));
    // The UI offers to follow the run.
    assert!(
        matches!(app.top(), Some(Overlay::Jump(..))),
        "{}",
        app.screen()
    );
    app.key("y").await;
    assert_eq!(app.m.tab, Tab::Runs);
    let run = app.m.runs.runs.list.selected_item().expect("a run").clone();
    assert_eq!(run.project_name, "nf-core/rnaseq");
    assert_eq!(run.compute_env_name.as_deref(), Some("shared-batch"));
    assert!(
        app.selected_text().contains("SUBMITTED"),
        "{}",
        app.screen()
    );
}

#[tokio::test]
async fn a_shared_pipeline_without_an_environment_defaults_to_the_primary_and_is_offered_only_this_workspaces()
 {
    let mut app = App::seeded().await;
    app.key("3").await;
    app.key("s").await;
    app.select_row("sarek").await;
    app.key("enter").await;
    let (env, intro) = launch_form_env(&app);
    assert_eq!(env, "lab-batch (aws-batch)");
    assert!(
        intro.contains("default: lab-batch, the workspace's primary"),
        "{intro}"
    );
    // Cycling the choice never reaches the other workspace's environment.
    for _ in 0..4 {
        app.key("space").await;
        let (env, _) = launch_form_env(&app);
        assert!(!env.contains("shared-batch"), "{env}");
    }
}

#[tokio::test]
async fn launch_parameters_are_checked_before_launch() {
    let mut app = App::seeded().await;
    app.key("3").await;
    app.select_row("rnaseq-dev").await;
    app.key("enter").await;
    // Compute env, Run name, Revision, Work dir, Profiles, Params.
    for _ in 0..5 {
        app.key("tab").await;
    }
    app.type_text("\nreads: [a").await;
    let error = app.field_error().expect("a params error");
    assert!(error.starts_with("params are not valid YAML"), "{error}");
    let launched = app.m.runs.total;
    app.key("ctrl-s").await;
    assert!(matches!(app.top(), Some(Overlay::Form(..))), "not launched");
    assert_eq!(app.m.runs.total, launched);
    app.type_text("]").await;
    assert_eq!(app.field_error(), None);
    app.key("ctrl-s").await;
    assert!(
        app.has_toast(ToastKind::Ok, "Launched rnaseq-dev"),
        "{:?}",
        app.toasts()
    );
}

#[tokio::test]
async fn the_label_filter_asks_the_engine_for_the_labelled_pipelines() {
    let mut app = App::seeded().await;
    app.key("3").await;
    app.key("f").await;
    let screen = app.screen();
    assert!(screen.contains("Filter by label"), "{screen}");
    // any label, production, qc, rna
    app.keys(&["j", "j", "j", "enter"]).await;
    assert_eq!(app.m.pad.label.as_deref(), Some("rna"));
    assert_eq!(pipeline_names(&app), vec!["rnaseq-dev"]);
    assert!(app.screen().contains("label: rna"));
    app.key("f").await;
    app.keys(&["g", "enter"]).await;
    assert_eq!(app.m.pad.label, None);
    assert_eq!(pipeline_names(&app).len(), 2);
}

#[tokio::test]
async fn search_filters_the_pipelines_as_you_type() {
    let mut app = App::seeded().await;
    app.key("3").await;
    app.key("s").await;
    app.key("/").await;
    app.type_text("sarek").await;
    assert_eq!(app.m.pad.list.len(), 1);
    assert!(app.selected_text().contains("sarek"));
}

#[tokio::test]
async fn add_edit_and_delete_a_pipeline_with_params_checked_as_typed() {
    let mut app = App::seeded().await;
    app.key("3").await;
    app.key("a").await;
    app.type_text("new-pipe").await;
    app.key("tab").await;
    app.type_text("A new pipeline").await;
    app.key("tab").await;
    app.type_text("github.com/lab/new").await;
    let error = app.field_error().expect("a repository error");
    assert!(error.contains("is not an http(s) URL"), "{error}");
    for _ in 0..18 {
        app.key("backspace").await;
    }
    app.type_text("https://github.com/lab/new").await;
    assert_eq!(app.field_error(), None);
    // Revision, Compute env, Work dir, Profiles, Params.
    for _ in 0..5 {
        app.key("tab").await;
    }
    app.type_text("{\"outdir\": ").await;
    let error = app.field_error().expect("a params error as typed");
    assert!(error.starts_with("params are not valid JSON"), "{error}");
    assert!(app.screen().contains("params are not valid JSON"));
    app.type_text("\"out\"}").await;
    assert_eq!(app.field_error(), None);
    app.key("tab").await;
    app.type_text("rna, nolabel").await;
    let error = app.field_error().expect("an unknown label");
    assert!(
        error.contains("'nolabel' is not a label of this workspace"),
        "{error}"
    );
    for _ in 0..9 {
        app.key("backspace").await;
    }
    app.key("ctrl-s").await;
    assert!(app.toasts().is_empty() || !app.has_toast(ToastKind::Error, ""));
    app.key("enter").await;
    assert!(
        app.has_toast(ToastKind::Ok, "Added pipeline new-pipe"),
        "{:?}",
        app.toasts()
    );
    let p = app
        .m
        .pad
        .list
        .selected_item()
        .expect("the new pipeline is selected");
    assert_eq!(p.name, "new-pipe");
    assert_eq!(p.params, "{\"outdir\": \"out\"}");
    assert_eq!(p.labels.len(), 1);

    app.key("e").await;
    app.key("tab").await;
    app.type_text(", edited").await;
    app.key("enter").await;
    assert!(app.has_toast(ToastKind::Ok, "Saved pipeline new-pipe"));
    assert_eq!(
        app.m.pad.list.selected_item().unwrap().description,
        "A new pipeline, edited"
    );

    app.key("d").await;
    assert!(matches!(app.top(), Some(Overlay::Confirm(..))));
    app.key("y").await;
    assert!(app.has_toast(ToastKind::Ok, "Deleted pipeline new-pipe"));
    assert!(!pipeline_names(&app).contains(&"new-pipe".to_string()));
}

#[tokio::test]
async fn shared_pipelines_are_edited_in_their_own_workspace() {
    let mut app = App::seeded().await;
    app.key("3").await;
    app.key("s").await;
    app.select_row("sarek").await;
    app.key("e").await;
    assert!(app.top().is_none());
    assert!(app.has_toast(
        ToastKind::Error,
        "sarek comes from the shared workspace testlab/hub: it is edited there"
    ));
}

#[tokio::test]
async fn a_launch_role_launches_but_sees_add_edit_delete_disabled() {
    // Max is a launch collaborator in rnaseq.
    let mut app = App::seeded_as("max@cro.example").await;
    app.switch_to("testlab/lab").await;
    app.key("3").await;
    let screen = app.screen();
    assert!(
        screen.contains("read-only: to add, edit or delete pipelines you need the owner, admin or maintain role (yours is launch)"),
        "{screen}"
    );
    app.key("a").await;
    assert!(app.top().is_none());
    app.select_row("qc-check").await;
    app.key("enter").await;
    let (env, intro) = launch_form_env(&app);
    assert_eq!(env, "lab-local (local-platform)");
    assert!(
        intro.contains("default: lab-local, the pipeline's environment"),
        "{intro}"
    );
    app.key("enter").await;
    assert!(
        app.has_toast(ToastKind::Ok, "Launched qc-check"),
        "{:?}",
        app.toasts()
    );
}

#[tokio::test]
async fn long_parameters_show_from_their_start_until_the_field_is_focused() {
    let mut app = App::seeded().await;
    app.key("3").await;
    let scope = app.m.current_workspace().unwrap().scope();
    let p = app
        .m
        .pad
        .list
        .items()
        .iter()
        .find(|p| p.name == "rnaseq-dev")
        .unwrap()
        .clone();
    let mut fields = nfdeck::domain::PipelineFields::from(&p);
    fields.params = format!(
        "{{\"outdir\": \"results\", \"genome\": \"GRCh38\", \"note\": \"{}\"}}",
        "x".repeat(150)
    );
    app.client
        .update_pipeline(scope, p.id, fields)
        .await
        .unwrap();
    app.key("ctrl-r").await;
    app.select_row("rnaseq-dev").await;
    app.key("enter").await;
    let screen = app.screen();
    assert!(screen.contains("Launch rnaseq-dev"), "{screen}");
    assert!(screen.contains("{\"outdir\": \"results\""), "{screen}");
}

/// With room (120 columns) the From column shows where a shared pipeline comes from in full;
/// it was cut to "shared · biolab/shared…" (issue 15).
#[tokio::test]
async fn the_from_column_is_whole_at_120_columns() {
    let mut app = crate::support::App::demo().await;
    app.key("3").await;
    app.key("s").await;
    let screen = app.screen_at(120, 40).await;
    assert!(
        screen.contains("shared · biolab/shared-pipelines "),
        "{screen}"
    );
}
