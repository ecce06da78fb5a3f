//! Every screen and popup drawn at 80x24 and 120x40 on the demo data. The in-memory engine's
//! label and the spinner's first frame keep them free of paths and clocks.

use crate::support::App;

/// Draws the app at both sizes and compares with the stored snapshots. Times and run ids
/// (which depend on the clock) are replaced by placeholders.
async fn snap(app: &mut App, name: &str) {
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = same_on_every_store(app.screen_at(w, h).await);
        insta::with_settings!({filters => vec![
            (r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?", "[time]"),
            (r"\b(\d+m )?\d+s\b", "Ns"),
            (r"(Run id\s+)\S+", "$1[id]"),
            (r"/actions/\w+/launch", "/actions/[id]/launch"),
        ]}, {
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
        });
    }
}

/// The screen as it reads on the in-memory engine: on PostgreSQL the header names a
/// throwaway database's address instead.
pub(crate) fn same_on_every_store(screen: String) -> String {
    if !crate::pg_support::selected() {
        return screen;
    }
    let header = header_as_in_memory(&screen);
    screen.replacen(&header.0, &header.1, 1)
}

/// The header line as drawn and as it reads on the in-memory engine (the store's label, which
/// ends the line, replaced; the rest of the line is the same on every store).
pub(crate) fn header_as_in_memory(screen: &str) -> (String, String) {
    let line = screen.lines().next().unwrap_or_default().to_string();
    let Some(at) = line.rfind(" · ") else {
        // A dialog covers the header: only what shows right of its border differs.
        let end = line.rfind('┐').map_or(line.len(), |at| at + '┐'.len_utf8());
        return (line.clone(), line[..end].to_string());
    };
    let memory = format!("{} · embedded: in memory", &line[..at]);
    // Where the store's label did not fit, the header keeps its end after a '…'. The screen's
    // width is its widest line (a border spans it).
    let width = screen.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    if memory.chars().count() <= width {
        return (line, memory);
    }
    let room = width.saturating_sub(line[..at].chars().count() + " · ".chars().count() + 1);
    let label = "embedded: in memory";
    let tail: String = label
        .chars()
        .skip(label.chars().count().saturating_sub(room))
        .collect();
    (line.clone(), format!("{} · …{tail}", &line[..at]))
}

#[tokio::test]
async fn workspaces() {
    let mut app = App::demo().await;
    snap(&mut app, "workspaces").await;
    app.select_row("▾ biolab").await;
    snap(&mut app, "workspaces_org_selected").await;
}

#[tokio::test]
async fn members_and_teams() {
    let mut app = App::demo().await;
    app.key("l").await;
    snap(&mut app, "members").await;
    app.key("l").await;
    snap(&mut app, "teams").await;
    app.key("l").await;
    snap(&mut app, "team_members").await;
}

#[tokio::test]
async fn org_dialogs() {
    let mut app = App::demo().await;
    app.select_row("▾ biolab").await;
    app.key("e").await;
    snap(&mut app, "edit_org_form").await;
    app.key("esc").await;
    app.key("d").await;
    snap(&mut app, "delete_org_confirm").await;
    app.key("esc").await;
    app.key("o").await;
    snap(&mut app, "new_org_form").await;
}

#[tokio::test]
async fn edit_team_form() {
    let mut app = App::demo().await;
    app.keys(&["l", "l"]).await;
    app.select_row("analysts").await;
    app.key("e").await;
    snap(&mut app, "edit_team_form").await;
}

#[tokio::test]
async fn participants() {
    let mut app = App::demo().await;
    app.key("2").await;
    snap(&mut app, "participants").await;
}

#[tokio::test]
async fn participants_read_only() {
    let mut app = App::demo_as("ivan@biolab.example").await;
    app.key("2").await;
    snap(&mut app, "participants_read_only").await;
}

#[tokio::test]
async fn personal_workspace() {
    let mut app = App::demo().await;
    app.key("ctrl-p").await;
    app.type_text("~ana").await;
    app.key("enter").await;
    app.key("2").await;
    snap(&mut app, "participants_personal").await;
}

#[tokio::test]
async fn launchpad() {
    let mut app = App::seeded().await;
    app.key("3").await;
    snap(&mut app, "launchpad").await;
    app.key("s").await;
    snap(&mut app, "launchpad_shared").await;
    app.select_row("rnaseq-shared").await;
    app.key("enter").await;
    snap(&mut app, "launch_form").await;
    app.key("tab").await;
    app.type_text("snap-run").await;
    app.key("enter").await;
    snap(&mut app, "launched").await;
}

#[tokio::test]
async fn pipeline_form() {
    let mut app = App::seeded().await;
    app.key("3").await;
    app.key("a").await;
    app.type_text("new-pipe").await;
    for _ in 0..7 {
        app.key("tab").await;
    }
    app.type_text("{\"outdir\": ").await;
    snap(&mut app, "pipeline_form").await;
}

/// The run labels form over two marked runs of the demo, with one label typed.
#[tokio::test]
async fn run_labels_form() {
    let mut app = App::demo().await;
    app.key("4").await;
    app.keys(&["space", "space"]).await;
    app.key("l").await;
    app.type_text("atlas").await;
    snap(&mut app, "run_labels_form").await;
}

/// The Settings tab's Secrets section with one secret (names and dates only).
#[tokio::test]
async fn settings_secrets() {
    let mut app = App::demo().await;
    app.key("8").await;
    for _ in 0..4 {
        app.key("l").await;
    }
    app.key("a").await;
    app.type_text("NCBI_API_KEY").await;
    app.key("tab").await;
    app.type_text("value").await;
    app.key("enter").await;
    snap(&mut app, "settings_secrets").await;
}

/// The Settings tab's Tokens section with one token (names and dates only), and the dialog
/// that shows a new token once; the token (random) is redacted, row by row as drawn.
#[tokio::test]
async fn settings_tokens() {
    let mut app = App::demo().await;
    crate::tokens::tokens(&mut app).await;
    crate::tokens::create(&mut app, "ci").await;
    app.key("enter").await;
    snap(&mut app, "settings_tokens").await;
    let token = crate::tokens::create(&mut app, "laptop").await;
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let screen = same_on_every_store(app.screen_at(w, h).await);
        // The dialog is at most 72 wide, with a border and a margin each side.
        let row = (w - 4).min(72) as usize - 4;
        let chars: Vec<char> = token.chars().collect();
        // Each row as wide as drawn, so the dialog keeps its shape.
        let mut filters: Vec<(String, String)> = chars
            .chunks(row)
            .map(|c| {
                let text: String = c.iter().collect();
                (regex_escape(&text), format!("{:<1$}", "[token]", c.len()))
            })
            .collect();
        // The "ci" token's creation time shows beneath the dialog.
        filters.push((r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}".into(), "[time]".into()));
        assert!(
            screen.contains(&token[..row]),
            "the dialog shows it: {screen}"
        );
        insta::with_settings!({filters => filters.iter().map(|(f, r)| (f.as_str(), r.as_str())).collect::<Vec<_>>()}, {
            insta::assert_snapshot!(format!("new_token_{w}x{h}"), screen);
        });
    }
}

/// A token's characters as a regex: base64 has `+` and `/`, and only `+` means something.
fn regex_escape(text: &str) -> String {
    text.replace('+', "\\+")
}

#[tokio::test]
async fn label_picker() {
    let mut app = App::seeded().await;
    app.key("3").await;
    app.key("f").await;
    snap(&mut app, "label_picker").await;
}

#[tokio::test]
async fn runs() {
    let mut app = App::seeded().await;
    app.key("4").await;
    snap(&mut app, "runs").await;
    app.key("j").await;
    app.key("enter").await;
    snap(&mut app, "run_details").await;
    app.key("esc").await;
    app.select_row("run-0229").await;
    app.key("c").await;
    snap(&mut app, "runs_cancel_refused").await;
}

#[tokio::test]
async fn runs_read_only() {
    let mut app = App::seeded_as("ivan@biolab.example").await;
    app.switch_to("testlab/lab").await;
    app.key("4").await;
    app.key("s").await;
    snap(&mut app, "runs_read_only").await;
}

#[tokio::test]
async fn actions() {
    let mut app = App::demo().await;
    app.key("5").await;
    snap(&mut app, "actions").await;
    app.key("a").await;
    app.type_text("atlas-on-push").await;
    app.keys(&["tab", "tab"]).await;
    snap(&mut app, "action_form").await;
}

#[tokio::test]
async fn compute() {
    let mut app = App::seeded().await;
    app.key("6").await;
    snap(&mut app, "compute").await;
    app.key("a").await;
    app.type_text("hpc").await;
    app.key("tab").await;
    snap(&mut app, "compute_form").await;
    app.key("esc").await;
    app.key("d").await;
    snap(&mut app, "compute_delete").await;
}

#[tokio::test]
async fn edit_compute_env_form() {
    let mut app = App::seeded().await;
    app.key("6").await;
    app.select_row("lab-batch").await;
    app.key("e").await;
    snap(&mut app, "edit_compute_env_form").await;
}

#[tokio::test]
async fn edit_credentials_form() {
    let mut app = App::seeded().await;
    app.key("7").await;
    app.select_row("aws-lab").await;
    app.key("e").await;
    snap(&mut app, "edit_credentials_form").await;
}

#[tokio::test]
async fn compute_read_only() {
    let mut app = App::seeded_as("chen@biolab.example").await;
    app.key("6").await;
    snap(&mut app, "compute_read_only").await;
}

#[tokio::test]
async fn credentials() {
    let mut app = App::seeded().await;
    app.key("7").await;
    snap(&mut app, "credentials").await;
    app.key("a").await;
    app.type_text("aws-new").await;
    app.keys(&["tab", "tab"]).await;
    app.type_text("AKIANEW").await;
    for _ in 0..4 {
        app.key("tab").await;
    }
    app.type_text("super-secret-value").await;
    snap(&mut app, "credentials_form").await;
}

#[tokio::test]
async fn settings() {
    let mut app = App::seeded().await;
    app.key("8").await;
    snap(&mut app, "settings_credits").await;
    app.key("t").await;
    app.keys(&["tab", "tab"]).await;
    app.type_text("150").await;
    snap(&mut app, "transfer_form").await;
    app.key("esc").await;
    app.key("c").await;
    app.type_text("100").await;
    snap(&mut app, "estimate_form").await;
    app.key("esc").await;
    app.key("l").await;
    snap(&mut app, "settings_studios").await;
    app.key("e").await;
    app.key("backspace").await;
    app.type_text("121").await;
    snap(&mut app, "studios_form").await;
    app.key("esc").await;
    app.key("l").await;
    snap(&mut app, "settings_labels").await;
    app.key("a").await;
    app.key("right").await;
    app.key("tab").await;
    app.type_text("owner").await;
    app.key("tab").await;
    app.type_text("${userName}").await;
    snap(&mut app, "label_form").await;
    app.key("esc").await;
    app.key("l").await;
    snap(&mut app, "settings_workspace").await;
    app.key("d").await;
    app.type_text("rna").await;
    snap(&mut app, "settings_delete_workspace").await;
}

#[tokio::test]
async fn settings_personal() {
    let mut app = App::seeded().await;
    app.switch_to("~ana").await;
    app.key("8").await;
    snap(&mut app, "settings_personal").await;
}

#[tokio::test]
async fn settings_read_only() {
    let mut app = App::seeded_as("max@cro.example").await;
    app.switch_to("testlab/lab").await;
    app.key("8").await;
    snap(&mut app, "settings_credits_member").await;
}

#[tokio::test]
async fn help() {
    let mut app = App::demo().await;
    app.key("?").await;
    snap(&mut app, "help").await;
}

#[tokio::test]
async fn switcher() {
    let mut app = App::demo().await;
    app.key("ctrl-p").await;
    app.type_text("s").await;
    snap(&mut app, "switcher").await;
}

#[tokio::test]
async fn new_workspace_form() {
    let mut app = App::demo().await;
    app.key("a").await;
    app.type_text("a--b").await;
    snap(&mut app, "new_workspace_form").await;
}

#[tokio::test]
async fn add_participant_form() {
    let mut app = App::demo().await;
    app.key("2").await;
    app.key("a").await;
    app.type_text("e").await;
    snap(&mut app, "add_participant_form").await;
}

#[tokio::test]
async fn delete_workspace_confirm() {
    let mut app = App::demo().await;
    app.select_row("sandbox").await;
    app.key("d").await;
    app.type_text("sand").await;
    snap(&mut app, "delete_workspace_confirm").await;
}

#[tokio::test]
async fn role_picker() {
    let mut app = App::demo().await;
    app.key("2").await;
    app.select_row("gus@").await;
    app.key("r").await;
    snap(&mut app, "role_picker").await;
}

#[tokio::test]
async fn bulk_add() {
    let mut app = App::demo().await;
    app.key("2").await;
    app.key("b").await;
    app.paste("ann@partner.example\nnot-an-email\ndana@biolab.example")
        .await;
    snap(&mut app, "bulk_add_form").await;
    app.key("ctrl-s").await;
    snap(&mut app, "bulk_add_report").await;
}

#[tokio::test]
async fn filter_and_toast() {
    let mut app = App::demo().await;
    app.key("/").await;
    app.type_text("se").await;
    snap(&mut app, "workspaces_filter").await;
    app.key("esc").await;
    app.key("e").await;
    app.key("enter").await;
    snap(&mut app, "workspaces_toast").await;
}

#[tokio::test]
async fn too_small() {
    let mut app = App::demo().await;
    let screen = app.screen_at(40, 10).await;
    insta::assert_snapshot!("too_small_40x10", screen);
}

#[tokio::test]
async fn command_line() {
    let mut app = App::demo().await;
    app.key("2").await;
    app.key(":").await;
    app.type_text("re").await;
    snap(&mut app, "command_line_candidates").await;
    app.key("tab").await;
    app.key("tab").await;
    snap(&mut app, "command_line_cycling").await;
    for _ in 0..30 {
        app.key("backspace").await;
    }
    app.type_text("add-participant zed@partner.example boss")
        .await;
    app.key("enter").await;
    snap(&mut app, "command_line_error").await;
}

/// Toasts never hide the selected row: with the selection on the last visible row of Runs
/// they stack from the top instead; the same refusal twice is one toast counted ×2, and a
/// success clears the errors before it (issue 15).
#[tokio::test]
async fn toasts_keep_the_selection_visible() {
    let mut app = App::demo().await;
    app.key("4").await;
    app.key("G").await;
    app.key("c").await;
    app.key("c").await;
    let errors: Vec<_> = app
        .toasts()
        .iter()
        .filter(|t| t.kind == nfdeck::tui::widgets::toast::ToastKind::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{:?}", app.toasts());
    assert_eq!(errors[0].count, 2);
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = app.screen_at(w, h).await;
        let selected = screen.lines().find(|l| l.contains('▸')).unwrap_or_default();
        assert!(
            !selected.contains('✗') && !selected.contains('┌'),
            "{screen}"
        );
        assert!(screen.contains("×2"), "{screen}");
    }
    snap(&mut app, "toast_over_the_last_row").await;
}

#[tokio::test]
async fn impact_confirmations() {
    let mut app = App::seeded().await;
    app.key("6").await;
    app.select_row("lab-local").await;
    app.key("d").await;
    snap(&mut app, "impact_compute_env_confirm").await;
    app.key("n").await;
    app.key("1").await;
    app.select_row("hub").await;
    app.key("e").await;
    app.keys(&["tab", "tab", "tab", "space", "enter"]).await;
    snap(&mut app, "impact_make_private_confirm").await;
}

#[tokio::test]
async fn leave_confirm() {
    let mut app = App::demo_as("gus@biolab.example").await;
    app.switch_to("biolab/rnaseq").await;
    app.keys(&["2", "L"]).await;
    snap(&mut app, "leave_workspace_confirm").await;
}

#[tokio::test]
async fn access_view() {
    let mut app = App::demo().await;
    app.switch_to("biolab/rnaseq").await;
    app.keys(&["2", "v"]).await;
    app.select_row("▸ team analysts").await;
    app.key("enter").await;
    snap(&mut app, "access_view").await;
}

#[tokio::test]
async fn audit() {
    use nfdeck::domain::{OrgFields, TeamFields};
    let mut app = App::demo_operator().await;
    let org = app
        .client
        .create_org(OrgFields {
            name: "auditlab".into(),
            full_name: "Audit Lab".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let team = |description: &str| TeamFields {
        name: "auditors".into(),
        description: description.into(),
    };
    let t = app.client.create_team(org.id, team("first")).await.unwrap();
    app.client
        .update_team(org.id, t.id, team("second"))
        .await
        .unwrap();
    app.key("9").await;
    snap(&mut app, "audit").await;
    app.key("enter").await;
    snap(&mut app, "audit_change").await;
    app.key("esc").await;
    app.key("f").await;
    snap(&mut app, "audit_filter_form").await;
}

#[tokio::test]
async fn audit_refused() {
    let mut app = App::demo().await;
    app.key("9").await;
    snap(&mut app, "audit_refused").await;
}

#[tokio::test]
async fn role_picker_with_a_custom_role() {
    let mut app = crate::custom_roles::demo_with_runner().await;
    app.select_row("gus@").await;
    app.key("r").await;
    snap(&mut app, "role_picker_custom").await;
}
