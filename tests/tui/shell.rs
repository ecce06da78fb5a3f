//! The shell: tabs, header, footer, help, switcher, filter, quitting, mouse, small terminals,
//! redraw and stale replies.

use crate::support::{App, render, render_with};
use nfdeck::domain::{Visibility, WorkspaceFields};
use nfdeck::tui::app::update;
use nfdeck::tui::effects::perform;
use nfdeck::tui::keys::{Action, KeyTable, Section};
use nfdeck::tui::layout;
use nfdeck::tui::msg::Msg;
use nfdeck::tui::overlays::Overlay;
use nfdeck::tui::tabs::Tab;
use nfdeck::tui::theme::Theme;
use nfdeck::tui::view::footer_hints;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[tokio::test]
async fn number_keys_and_tab_switch_tabs() {
    let mut app = App::demo().await;
    assert_eq!(app.m.tab, Tab::Workspaces);
    for (k, tab) in [
        ("2", Tab::Participants),
        ("3", Tab::Launchpad),
        ("4", Tab::Runs),
        ("5", Tab::Actions),
        ("6", Tab::Compute),
        ("7", Tab::Credentials),
        ("8", Tab::Settings),
        ("9", Tab::Audit),
        ("1", Tab::Workspaces),
    ] {
        app.key(k).await;
        assert_eq!(app.m.tab, tab, "key {k}");
    }
    app.key("tab").await;
    assert_eq!(app.m.tab, Tab::Participants);
    app.key("backtab").await;
    app.key("backtab").await;
    assert_eq!(app.m.tab, Tab::Audit);
    app.key("backtab").await;
    assert_eq!(app.m.tab, Tab::Settings);
    assert!(app.screen().contains("Credits · biolab/rnaseq"));
    app.key("3").await;
    assert!(app.screen().contains("Launchpad of biolab/rnaseq"));
    for tab in ["3", "4", "5", "6", "7", "8", "9"] {
        app.key(tab).await;
        assert!(!app.screen().contains("not built"), "tab {tab}");
    }
}

#[tokio::test]
async fn the_header_shows_backend_user_workspace_and_role() {
    let app = App::demo().await;
    let screen = app.screen();
    let header: Vec<&str> = screen.lines().take(2).collect();
    assert!(
        header[0].contains("ana@biolab.example (Ana Lima)"),
        "{screen}"
    );
    assert!(header[0].contains(&app.m.backend), "{screen}");
    assert!(header[1].contains("workspace biolab/rnaseq"), "{screen}");
    assert!(header[1].contains("role owner (org owner)"), "{screen}");
}

#[tokio::test]
async fn the_header_names_a_team_as_the_source_of_a_role() {
    // Chen is in team analysts, which maintains rnaseq.
    let app = App::demo_as("chen@biolab.example").await;
    let screen = app.screen();
    assert!(
        screen.contains("workspace biolab/rnaseq") && screen.contains("maintain (team analysts)"),
        "{screen}"
    );
}

#[tokio::test]
async fn help_comes_from_the_key_table_and_esc_closes_it() {
    let mut app = App::demo().await;
    app.key("?").await;
    assert!(matches!(app.top(), Some(Overlay::Help(_))));
    let screen = app.screen();
    assert!(screen.contains("Workspaces (here)"), "{screen}");
    assert!(
        screen.contains("make the selected workspace the current one"),
        "{screen}"
    );
    // Scrolling moves through the text; Esc closes.
    app.key("j").await;
    app.key("G").await;
    assert!(app.screen().contains("close the help"));
    app.key("esc").await;
    assert!(app.m.overlays.is_empty());
}

#[tokio::test]
async fn a_rebound_key_changes_routing_footer_and_help_together() {
    let table: toml::Table = "[workspaces]\nnew = \"n\"\n".parse().unwrap();
    let keys = KeyTable::from_config(Some(&table), &nfdeck::tui::tabs::key_contexts()).unwrap();
    let mut app = App::demo().await;
    app.m.keys = keys;
    let hints = footer_hints(&app.m);
    assert!(
        hints.iter().any(|h| h.0 == "n" && h.1 == "new"),
        "{hints:?}"
    );
    assert!(!hints.iter().any(|h| h.0 == "a"), "{hints:?}");
    app.key("a").await;
    assert!(app.m.overlays.is_empty(), "'a' does nothing now");
    app.key("n").await;
    assert!(matches!(app.top(), Some(Overlay::Form(..))));
    app.key("esc").await;
    app.key("?").await;
    let screen = app.screen();
    assert!(
        screen
            .lines()
            .any(|l| l.contains(" n ") && l.contains("create a workspace in the selected org")),
        "{screen}"
    );
}

#[tokio::test]
async fn the_footer_lists_the_keys_that_work_here() {
    let mut app = App::demo().await;
    let footer = app.screen().lines().last().unwrap().to_string();
    for hint in [
        "Enter make current",
        "a new",
        "e edit",
        "d delete",
        "? help",
        "q quit",
    ] {
        assert!(footer.contains(hint), "{footer}");
    }
    app.key("2").await;
    let footer = app.screen().lines().last().unwrap().to_string();
    for hint in ["a add", "b bulk add", "r role", "d remove"] {
        assert!(footer.contains(hint), "{footer}");
    }
    app.key("a").await;
    let footer = app.screen().lines().last().unwrap().to_string();
    assert!(
        footer.contains("Enter ok") && footer.contains("Esc cancel"),
        "{footer}"
    );
    assert!(!footer.contains("q quit"), "q types in a field: {footer}");
}

#[tokio::test]
async fn the_switcher_finds_workspaces_fuzzily() {
    let mut app = App::demo().await;
    app.key("ctrl-p").await;
    assert!(matches!(app.top(), Some(Overlay::Switcher(_))));
    app.type_text("sngl").await;
    let Some(Overlay::Switcher(s)) = app.top() else {
        panic!("the switcher");
    };
    assert_eq!(s.chosen().unwrap().path, "biolab/single-cell");
    app.key("enter").await;
    assert!(app.m.overlays.is_empty());
    assert_eq!(app.m.current_workspace().unwrap().name, "single-cell");
    assert!(app.screen().contains("workspace biolab/single-cell"));
    // ':ws' without a name opens it too; Esc leaves the current workspace alone.
    app.key(":").await;
    app.type_text("ws").await;
    app.key("enter").await;
    assert!(matches!(app.top(), Some(Overlay::Switcher(_))));
    app.type_text("rna").await;
    app.key("esc").await;
    assert_eq!(app.m.current_workspace().unwrap().name, "single-cell");
}

#[tokio::test]
async fn filter_narrows_the_list_as_you_type() {
    let mut app = App::demo().await;
    app.key("/").await;
    app.type_text("pipe").await;
    let screen = app.screen();
    assert!(screen.contains("shared-pipelines"), "{screen}");
    assert!(!screen.contains("single-cell"), "{screen}");
    assert!(
        screen.contains("▾ biolab"),
        "the org heading stays: {screen}"
    );
    // Enter keeps the filter and gives the keys back to the list.
    app.key("enter").await;
    assert!(app.m.filter_input.is_none());
    assert!(app.screen().contains("filter: pipe"));
    app.key("esc").await;
    assert!(app.screen().contains("single-cell"));
    // Esc while typing clears too.
    app.key("2").await;
    app.key("/").await;
    app.type_text("COLLAB").await;
    let screen = app.screen();
    assert!(
        screen.contains("max@cro.example") && !screen.contains("dana@"),
        "{screen}"
    );
    app.key("esc").await;
    assert!(app.screen().contains("dana@biolab.example"));
}

#[tokio::test]
async fn q_quits_but_types_in_fields_and_ctrl_c_always_quits() {
    let mut app = App::demo().await;
    app.key("a").await;
    app.key("q").await;
    assert!(!app.m.quit, "q is text in a form");
    app.key("ctrl-c").await;
    assert!(app.m.quit);
    let mut app = App::demo().await;
    app.key("q").await;
    assert!(app.m.quit);
    let mut app = App::demo().await;
    app.send(Msg::Quit).await;
    assert!(app.m.quit, "a stop signal quits");
}

#[tokio::test]
async fn esc_closes_only_the_top_popup() {
    let mut app = App::demo().await;
    app.key("2").await;
    app.key("b").await;
    app.paste("x@y.example\n").await;
    app.key("ctrl-s").await;
    assert!(matches!(app.top(), Some(Overlay::Bulk(_))));
    app.key("?").await;
    assert_eq!(app.m.overlays.len(), 2);
    app.key("esc").await;
    assert!(matches!(app.top(), Some(Overlay::Bulk(_))));
    app.key("esc").await;
    assert!(app.m.overlays.is_empty());
}

#[tokio::test]
async fn a_small_terminal_asks_for_room_and_nothing_breaks() {
    let mut app = App::demo().await;
    for (w, h) in [(1, 1), (10, 3), (40, 10), (59, 24), (80, 14)] {
        let screen = app.screen_at(w, h).await;
        if w >= 10 && h >= 3 {
            assert!(screen.contains("needs"), "{w}x{h}:\n{screen}");
        }
        // Keys and popups keep working at any size.
        app.key("j").await;
        app.key("?").await;
        app.screen();
        app.key("esc").await;
    }
    let screen = app.screen_at(60, 15).await;
    assert!(screen.contains("Workspaces"), "{screen}");
    app.key("a").await;
    app.screen();
}

#[tokio::test]
async fn the_mouse_selects_tabs_and_rows_and_scrolls() {
    let mut app = App::demo().await;
    let size = app.m.size;
    let tabs = layout::tab_bar(layout::areas(size).tabs);
    let participants = tabs.iter().find(|t| t.tab == Tab::Participants).unwrap();
    app.click(participants.x + 2, 2).await;
    assert_eq!(app.m.tab, Tab::Participants);
    // Rows start below the border and the header: body y=3, so row 0 is at y=5.
    let screen = app.screen();
    let row_y = screen
        .lines()
        .position(|l| l.contains("gus@biolab.example"))
        .unwrap() as u16;
    app.click(10, row_y).await;
    assert!(app.selected_text().contains("gus@biolab.example"));
    app.wheel_down(10, row_y).await;
    assert!(
        app.selected_text().contains("max@cro.example"),
        "wheel moves down"
    );
    // A click outside any row changes nothing.
    app.click(10, size.height - 1).await;
    assert!(app.selected_text().contains("max@cro.example"));
}

#[tokio::test]
async fn redraws_happen_only_when_something_changed() {
    let mut app = App::demo().await;
    app.m.take_dirty();
    app.send(Msg::Tick).await;
    assert!(!app.m.take_dirty(), "an idle tick draws nothing");
    app.key("j").await;
    assert!(app.m.take_dirty(), "a key redraws");
    // While something loads, ticks turn the spinner.
    assert!(app.key_held("ctrl-r") > 0);
    assert!(app.m.is_busy());
    app.m.take_dirty();
    app.send(Msg::Tick).await;
    assert!(app.m.take_dirty(), "a tick while loading redraws");
    let held = std::mem::take(&mut app.held);
    app.settle(held).await;
    assert!(!app.m.is_busy());
}

#[tokio::test]
async fn a_stale_reply_does_not_overwrite_a_newer_one() {
    let mut app = App::demo().await;
    app.key_held("ctrl-r");
    // The refresh clock's next tick stays held: only the reloads are answered early.
    let (old, clock): (Vec<_>, Vec<_>) = std::mem::take(&mut app.held)
        .into_iter()
        .partition(|e| !matches!(e, nfdeck::tui::effects::Effect::Poll { .. }));
    app.held = clock;
    // The old requests are answered now, before the change...
    let mut old_replies = Vec::new();
    for effect in old {
        old_replies.push(perform(app.client.as_ref(), effect).await);
    }
    let org = app.m.ws.orgs[0].id;
    app.client
        .create_workspace(
            org,
            WorkspaceFields {
                name: "fresh".into(),
                full_name: "Fresh".into(),
                description: String::new(),
                visibility: Visibility::Private,
            },
        )
        .await
        .unwrap();
    // ...a newer refresh sees the change...
    app.key("ctrl-r").await;
    assert!(app.screen().contains("fresh"));
    // ...and the old replies, arriving late, are dropped.
    for reply in old_replies {
        let fx = update(&mut app.m, reply);
        assert!(fx.is_empty());
    }
    assert!(app.screen().contains("fresh"));
}

#[tokio::test]
async fn no_color_draws_without_colours() {
    let mut app = App::demo().await;
    app.key("2").await;
    let theme = Theme::from_config(None, true).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|f| nfdeck::tui::view::draw(f, &app.m, &theme))
        .unwrap();
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset);
        assert_eq!(cell.bg, ratatui::style::Color::Reset);
    }
    // The text is the same as with colours.
    assert_eq!(
        render_with(&app.m, 120, 40, &theme),
        render(&app.m, 120, 40)
    );
}

#[tokio::test]
async fn disabled_actions_say_why_in_footer_help_and_toast() {
    let mut app = App::demo_as("ivan@biolab.example").await;
    app.key("2").await;
    let why = app
        .m
        .refusal(Section::Participants, Action::AddParticipant)
        .unwrap();
    assert_eq!(
        why,
        "to manage participants you need the owner or admin role (yours is view)"
    );
    let hints = footer_hints(&app.m);
    assert!(
        hints.iter().any(|h| h.1 == "add" && !h.2),
        "dimmed: {hints:?}"
    );
    assert!(app.screen().contains("read-only: to manage participants"));
    app.key("a").await;
    assert!(app.m.overlays.is_empty());
    assert_eq!(app.last_toast().text, why);
    app.key("?").await;
    assert!(app.screen().contains("not now: to manage participants"));
}

#[tokio::test]
async fn a_long_list_pages_scrolls_and_filters() {
    use nfdeck::domain::{OrgRole, Participant, ParticipantType, WspRole};
    let mut app = App::demo().await;
    app.key("2").await;
    let ws = app.m.current.unwrap();
    let many: Vec<Participant> = (0..100_000)
        .map(|i| Participant {
            id: i,
            workspace_id: ws,
            kind: ParticipantType::Member,
            role: WspRole::Launch,
            member_id: Some(i),
            user_id: Some(i),
            user_name: Some(format!("user{i}")),
            email: Some(format!("user{i:06}@example.org")),
            first_name: None,
            last_name: None,
            org_role: Some(OrgRole::Member),
            team_id: None,
            team_name: None,
            custom_role: None,
            effective: None,
        })
        .collect();
    app.m.parts.list.set_items(many);
    // 80x24: the table shows 15 rows; a page down moves by that much.
    app.screen_at(80, 24).await;
    app.key("g").await;
    app.key("pagedown").await;
    assert!(
        app.selected_text().contains("user000015@"),
        "{}",
        app.screen()
    );
    app.key("G").await;
    let screen = app.screen();
    assert!(app.selected_text().contains("user099999@"), "{screen}");
    assert!(
        screen.contains("user099985@"),
        "the window ends at the last row"
    );
    assert!(!screen.contains("user099984@"), "{screen}");
    app.key("g").await;
    assert!(app.selected_text().contains("user000000@"));
    app.key("/").await;
    app.type_text("user04242").await;
    let screen = app.screen();
    assert!(screen.contains("10 of 100000 participants"), "{screen}");
    app.key("down").await;
    assert!(
        app.selected_text().contains("user042421@"),
        "arrows move while typing"
    );
}

/// At 80x24 the tab bar keeps its numbers (shortening titles instead) and the footer keeps
/// the pane and filter keys, dropping the least useful hints first (issue 15).
#[tokio::test]
async fn at_80_columns_tabs_keep_numbers_and_the_footer_keeps_navigation() {
    let mut app = App::demo().await;
    for (tab, wanted) in [
        ("1", &["l pane", "/ filter", "? help", "q quit"][..]),
        ("3", &["Enter launch", "/ filter", "? help"][..]),
        ("8", &["l pane", "/ filter", "? help"][..]),
    ] {
        app.key(tab).await;
        let screen = app.screen_at(80, 24).await;
        let lines: Vec<&str> = screen.lines().collect();
        for n in 1..=7 {
            assert!(
                lines[2].contains(&format!(" {n} ")),
                "tab {n}: {}",
                lines[2]
            );
        }
        let footer = lines.last().unwrap();
        for w in wanted {
            assert!(footer.contains(w), "{w}: {footer}");
        }
    }
    // The tab numbers show at 60 columns too.
    let screen = app.screen_at(60, 20).await;
    assert!(screen.lines().nth(2).unwrap().contains(" 1 "), "{screen}");
}
