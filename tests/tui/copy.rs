//! Copy: `y` the selected object's id, `Y` its name, `U` its URL, through OSC 52 (the loop
//! that owns the terminal writes `Model::copy`), with a toast saying what was copied.

use crate::support::App;
use nfdeck::tui::clipboard::{osc52, refusal};
use nfdeck::tui::keys::{Action, Section};
use nfdeck::tui::widgets::toast::ToastKind;

#[tokio::test]
async fn y_copies_the_selected_runs_id_and_y_its_name() {
    let mut app = App::seeded().await;
    app.key("4").await;
    let run = app.m.runs.runs.list.selected_item().unwrap().clone();
    app.key("y").await;
    assert_eq!(app.m.copy.as_deref(), Some(run.id.as_str()));
    assert!(app.has_toast(ToastKind::Ok, &format!("Copied the run's id: {}", run.id)));
    app.m.copy = None;
    app.key("Y").await;
    assert_eq!(app.m.copy.as_deref(), Some(run.run_name.as_str()));
    assert!(app.has_toast(ToastKind::Ok, "Copied the run's name"));
}

#[tokio::test]
async fn u_copies_a_pipelines_repository_and_says_when_there_is_no_url() {
    let mut app = App::seeded().await;
    app.key("3").await;
    let pipeline = app.m.pad.list.selected_item().unwrap().clone();
    app.key("U").await;
    assert_eq!(app.m.copy.as_deref(), Some(pipeline.repository.as_str()));
    assert!(app.has_toast(ToastKind::Ok, "Copied the pipeline's URL"));
    // A compute environment has no URL: shown disabled, with the reason, and nothing copied.
    app.m.copy = None;
    app.key("6").await;
    let why = app.m.refusal(Section::Global, Action::CopyUrl).unwrap();
    assert_eq!(why, "the selected compute environment has no URL");
    app.key("U").await;
    assert_eq!(app.m.copy, None);
    assert!(app.has_toast(ToastKind::Error, &why));
    // The id works there.
    app.key("y").await;
    let env = app.m.res.envs.selected_item().unwrap();
    assert_eq!(app.m.copy.as_deref(), Some(env.id.as_str()));
}

#[tokio::test]
async fn workspaces_and_participants_copy_their_path_and_email() {
    let mut app = App::demo().await;
    app.select_row("rnaseq").await;
    app.key("Y").await;
    assert_eq!(app.m.copy.as_deref(), Some("biolab/rnaseq"));
    app.key("2").await;
    app.select_row("gus@").await;
    app.key("Y").await;
    assert_eq!(app.m.copy.as_deref(), Some("gus@biolab.example"));
    assert!(app.has_toast(
        ToastKind::Ok,
        "Copied the participant's name: gus@biolab.example"
    ));
    // With nothing selected there is nothing to copy.
    app.key("/").await;
    app.type_text("no-such-participant").await;
    assert_eq!(
        refusal(&app.m, Action::CopyId).as_deref(),
        Some("nothing selected to copy")
    );
}

#[test]
fn the_clipboard_sequence_is_osc_52_with_base64() {
    assert_eq!(
        osc52("biolab/rnaseq"),
        "\u{1b}]52;c;YmlvbGFiL3JuYXNlcQ==\u{7}"
    );
}
