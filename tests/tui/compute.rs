//! The Compute tab: add (credentials offered only when they fit the platform), make primary,
//! disable and enable, delete; a role without the right sees the actions disabled.

use crate::support::App;
use nfdeck::domain::ComputeEnvStatus;
use nfdeck::tui::overlays::Overlay;
use nfdeck::tui::view::footer_hints;
use nfdeck::tui::widgets::toast::ToastKind;

fn form_value(app: &App, label: &str) -> String {
    match app.top() {
        Some(Overlay::Form(form, _)) => form.value(label),
        _ => panic!("no form\n{}", app.screen()),
    }
}

#[tokio::test]
async fn add_make_primary_disable_enable_and_delete() {
    let mut app = App::seeded().await;
    app.key("6").await;
    let screen = app.screen();
    assert!(screen.contains("★ lab-batch"), "{screen}");
    assert!(screen.contains("lab-local"), "{screen}");

    app.key("a").await;
    app.type_text("hpc").await;
    app.key("tab").await;
    // The form starts on a platform the workspace has credentials for.
    assert_eq!(form_value(&app, "Platform"), "aws-batch");
    assert_eq!(form_value(&app, "Credentials"), "aws-lab (aws)");
    // A scheduler needs SSH or Tower Agent credentials, which the workspace lacks.
    while form_value(&app, "Platform") != "slurm-platform" {
        app.key("right").await;
    }
    assert_eq!(form_value(&app, "Credentials"), "none");
    app.key("tab").await;
    let error = app.field_error().expect("no fitting credentials");
    assert!(
        error.contains("slurm-platform needs ssh or tw-agent credentials"),
        "{error}"
    );
    app.key("backtab").await;
    while form_value(&app, "Platform") != "aws-batch" {
        app.key("left").await;
    }
    app.keys(&["tab", "tab"]).await;
    app.type_text("s3://lab/hpc").await;
    app.key("enter").await;
    assert!(
        app.has_toast(ToastKind::Ok, "Added compute environment hpc (aws-batch)"),
        "{:?}",
        app.toasts()
    );
    let env = app
        .m
        .res
        .envs
        .selected_item()
        .expect("the new env is selected");
    assert_eq!(env.name, "hpc");

    app.key("p").await;
    app.key("y").await;
    assert!(app.has_toast(ToastKind::Ok, "hpc is now the primary"));
    let primary: Vec<&str> = app
        .m
        .res
        .envs
        .items()
        .iter()
        .filter(|e| e.primary)
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(primary, vec!["hpc"]);

    app.select_row("hpc").await;
    app.key("x").await;
    app.key("y").await;
    assert!(app.has_toast(ToastKind::Ok, "Disabled hpc"));
    let env = app.m.res.envs.selected_item().unwrap();
    assert_eq!(env.status, ComputeEnvStatus::Disabled);
    assert!(!env.primary, "disabling the primary unsets it");
    // A disabled environment cannot be made primary.
    app.key("p").await;
    assert!(app.top().is_none());
    assert!(app.has_toast(
        ToastKind::Error,
        "only an AVAILABLE compute env can be primary"
    ));
    app.key("x").await;
    app.key("y").await;
    assert!(app.has_toast(ToastKind::Ok, "Enabled hpc"));

    app.key("d").await;
    app.key("y").await;
    assert!(app.has_toast(ToastKind::Ok, "Deleted compute environment hpc"));
    assert!(app.m.res.envs.items().iter().all(|e| e.name != "hpc"));
}

#[tokio::test]
async fn a_maintainer_sees_the_actions_disabled_with_the_reason() {
    // Chen maintains rnaseq through team analysts.
    let mut app = App::seeded_as("chen@biolab.example").await;
    app.key("6").await;
    let hints = footer_hints(&app.m);
    for label in ["add", "primary", "disable/enable", "delete"] {
        let hint = hints.iter().find(|h| h.1 == label).expect(label);
        assert!(!hint.2, "{label} is disabled");
    }
    let screen = app.screen();
    assert!(
        screen.contains("read-only: to manage compute environments you need the owner or admin role (yours is maintain)"),
        "{screen}"
    );
    app.key("a").await;
    assert!(app.top().is_none());
    app.key("?").await;
    let screen = app.screen();
    assert!(
        screen.contains("not now: to manage compute environments"),
        "{screen}"
    );
}

#[tokio::test]
async fn an_environment_is_edited_and_keeps_its_platform() {
    let mut app = App::seeded().await;
    app.key("6").await;
    app.select_row("lab-local").await;
    app.key("e").await;
    let screen = app.screen();
    assert!(
        screen.contains("Edit compute environment lab-local"),
        "{screen}"
    );
    assert!(screen.contains("/scratch/work"), "{screen}");
    assert_eq!(form_value(&app, "Platform"), "local-platform");
    app.key("right").await;
    assert_eq!(
        form_value(&app, "Platform"),
        "local-platform",
        "nothing to cycle"
    );
    app.key("ctrl-u").await;
    app.type_text("lab-local-2").await;
    app.key("tab").await;
    app.type_text("Scratch runs").await;
    // Name, Description, Platform, Credentials, Work dir
    app.keys(&["tab", "tab", "tab"]).await;
    app.key("ctrl-u").await;
    app.key("enter").await;
    assert_eq!(
        app.field_error().as_deref(),
        Some("work directory is required")
    );
    app.type_text("/scratch/other").await;
    app.key("enter").await;
    assert!(app.has_toast(ToastKind::Ok, "Saved compute environment lab-local-2"));
    let env = app
        .m
        .res
        .envs
        .items()
        .iter()
        .find(|e| e.name == "lab-local-2")
        .expect("renamed")
        .clone();
    assert_eq!(env.description, "Scratch runs");
    assert_eq!(env.work_dir, "/scratch/other");
    assert_eq!(env.platform.as_str(), "local-platform");
}

/// The add form starts on the first platform of the domain's list (aws-batch, the most common),
/// whatever credentials the workspace has: on the demo data it started on uge-platform, the
/// first one its SSH credentials fit (issue 15).
#[tokio::test]
async fn the_add_form_starts_on_the_first_platform() {
    let mut app = App::demo().await;
    app.key("6").await;
    app.key("a").await;
    assert_eq!(
        form_value(&app, "Platform"),
        nfdeck::domain::Platform::ALL[0].as_str()
    );
    assert_eq!(form_value(&app, "Platform"), "aws-batch");
}
