//! The Settings tab: credits (transfer refused as typed when it would go negative, the
//! estimator, credits a server does not offer), Studios (lifespan 121 refused as typed),
//! labels (a resource label with a dynamic value), delete the workspace by typing its name,
//! and what a personal workspace says does not apply.

use crate::support::App;
use nfdeck::domain::{Credits, Error};
use nfdeck::tui::app::update;
use nfdeck::tui::effects::{Effect, Load};
use nfdeck::tui::msg::{Data, Msg};
use nfdeck::tui::overlays::Overlay;
use nfdeck::tui::tabs::settings::SettingsSection;
use nfdeck::tui::widgets::toast::ToastKind;

fn verdict(app: &App) -> (String, bool) {
    match app.top() {
        Some(Overlay::Form(form, _)) => form.verdict.clone().expect("a verdict"),
        _ => panic!("no form\n{}", app.screen()),
    }
}

#[tokio::test]
async fn credits_show_balance_allocation_rates_and_the_billing_view() {
    let mut app = App::seeded().await;
    app.key("8").await;
    assert_eq!(app.m.settings.section, SettingsSection::Credits);
    let screen = app.screen();
    for wanted in [
        "Org testlab balance 500.00 credits",
        "allocation 100.00 · spent 0.00 · available 100.00",
        "0.1 per CPU-hour",
        "Billing of testlab",
        "scratch",
    ] {
        assert!(screen.contains(wanted), "{wanted}\n{screen}");
    }
}

#[tokio::test]
async fn a_transfer_that_would_go_negative_is_refused_as_typed() {
    let mut app = App::seeded().await;
    app.key("8").await;
    app.select_row("lab").await;
    app.key("t").await;
    assert!(matches!(app.top(), Some(Overlay::Form(..))));
    app.keys(&["tab", "tab"]).await;
    app.type_text("150").await;
    let (text, is_error) = verdict(&app);
    assert!(is_error);
    assert!(
        text.contains("workspace 'lab' has only 100.00 credits available"),
        "{text}"
    );
    assert!(app.screen().contains("has only 100.00 credits available"));
    // Enter does not send it.
    assert_eq!(app.key_held("enter"), 0);
    for _ in 0..3 {
        app.key("backspace").await;
    }
    app.type_text("30").await;
    let (text, is_error) = verdict(&app);
    assert!(!is_error, "{text}");
    assert!(
        text.contains("then lab has 70.00 available and hub has 30.00"),
        "{text}"
    );
    app.key("enter").await;
    assert!(
        app.has_toast(ToastKind::Ok, "Moved 30.00 credits from lab to hub"),
        "{:?}",
        app.toasts()
    );
    let screen = app.screen();
    assert!(
        screen.contains("last transfer: 30.00 from lab to hub"),
        "{screen}"
    );
}

#[tokio::test]
async fn an_allocation_below_the_pool_is_set() {
    let mut app = App::seeded().await;
    app.key("8").await;
    app.select_row("hub").await;
    app.key("a").await;
    app.type_text("1000").await;
    let (text, is_error) = verdict(&app);
    assert!(is_error && text.contains("unallocated"), "{text}");
    for _ in 0..4 {
        app.key("backspace").await;
    }
    app.type_text("40").await;
    app.key("enter").await;
    assert!(app.has_toast(ToastKind::Ok, "hub now has an allocation of 40.00 credits"));
}

/// The form refuses an amount with more than two decimals as typed, with the domain's own
/// message (the one the server and `apply` give), and Enter sends nothing.
#[tokio::test]
async fn amounts_with_more_than_two_decimals_are_refused_with_the_domains_message() {
    let mut app = App::seeded().await;
    app.key("8").await;
    app.select_row("lab").await;
    app.key("t").await;
    app.keys(&["tab", "tab"]).await;
    app.type_text("100.001").await;
    let expected = Credits::amount("amount", 100.001).unwrap_err().message;
    assert_eq!(expected, "amount 100.001 has more than two decimals");
    assert_eq!(app.field_error().as_deref(), Some(expected.as_str()));
    assert_eq!(app.key_held("enter"), 0, "nothing is sent");
    app.key("esc").await;

    app.select_row("hub").await;
    app.key("a").await;
    app.type_text("400.004").await;
    let expected = Credits::amount("allocation", 400.004).unwrap_err().message;
    assert_eq!(app.field_error().as_deref(), Some(expected.as_str()));
    assert_eq!(app.key_held("enter"), 0, "nothing is sent");
}

#[tokio::test]
async fn the_estimator_uses_the_credit_rates() {
    let mut app = App::seeded().await;
    app.key("8").await;
    app.key("c").await;
    app.type_text("100").await;
    app.key("tab").await;
    app.type_text("400").await;
    app.key("tab").await;
    app.type_text("40").await;
    let (text, _) = verdict(&app);
    assert_eq!(
        text,
        "estimate: 21.00 credits (CPU 10.00 + memory 10.00 + storage 1.00)"
    );
    app.key("backspace").await;
    app.key("backspace").await;
    app.type_text("x").await;
    assert!(app.field_error().unwrap().contains("not a number"));
    app.key("esc").await;
    assert!(app.top().is_none());
}

#[tokio::test]
async fn a_server_without_credits_says_so_in_place() {
    let mut app = App::seeded().await;
    app.key("8").await;
    // Load the credits again and answer as a server without credits would.
    // (the other reloads it asks for are left unanswered)
    let _reloads = update(&mut app.m, Msg::Key(crate::support::key("ctrl-r")));
    let req = app.m.settings.credits_req.expect("a credits request");
    let scope = app.m.settings.scope.unwrap();
    let msg = Msg::Loaded {
        req,
        what: Load::Credits {
            scope,
            org: None,
            billing: true,
        },
        result: Ok(Data::Credits {
            scope,
            credits: Err(Error::unavailable(
                "this server does not offer credits (Seqera Cloud's public API has no credits endpoint)",
            )),
            billing: Some(Err(Error::unavailable("no billing"))),
        }),
    };
    let fx: Vec<Effect> = update(&mut app.m, msg);
    app.settle(fx).await;
    let screen = app.screen();
    assert!(
        screen.contains("This server does not offer credits."),
        "{screen}"
    );
    assert!(!app.has_toast(ToastKind::Error, "credits"));
    app.key("t").await;
    assert!(app.has_toast(ToastKind::Error, "this server does not offer credits"));
}

#[tokio::test]
async fn studios_lifespan_121_is_refused_as_typed() {
    let mut app = App::seeded().await;
    app.key("8").await;
    app.key("l").await;
    assert_eq!(app.m.settings.section, SettingsSection::Studios);
    assert!(app.screen().contains("Session lifespan: 8 hours"));
    app.key("e").await;
    app.key("backspace").await;
    app.type_text("121").await;
    let error = app.field_error().expect("121 is refused");
    assert!(
        error.contains("1-120 hours, or 0 to always keep running"),
        "{error}"
    );
    assert_eq!(app.key_held("enter"), 0);
    app.key("backspace").await;
    app.key("backspace").await;
    app.key("backspace").await;
    app.type_text("0").await;
    assert_eq!(app.field_error(), None);
    app.key("tab").await;
    app.key("space").await;
    app.key("enter").await;
    assert!(app.has_toast(ToastKind::Ok, "Studios sessions now keep running"));
    let screen = app.screen();
    assert!(screen.contains("always keep running (0)"), "{screen}");
    assert!(screen.contains("private by default"), "{screen}");
}

#[tokio::test]
async fn a_resource_label_with_a_dynamic_value() {
    let mut app = App::seeded().await;
    app.key("8").await;
    app.keys(&["l", "l"]).await;
    assert_eq!(app.m.settings.section, SettingsSection::Labels);
    let screen = app.screen();
    assert!(screen.contains("project"), "{screen}");
    assert!(screen.contains("3/1000"), "{screen}");
    app.key("a").await;
    app.key("right").await;
    app.key("tab").await;
    app.type_text("owner").await;
    app.key("tab").await;
    app.type_text("${user").await;
    assert!(app.field_error().unwrap().contains("${userName}"));
    app.type_text("Name}").await;
    assert_eq!(app.field_error(), None);
    let (text, is_error) = verdict(&app);
    assert!(!is_error);
    assert_eq!(text, "owner=${userName} · filled in at run time");
    app.key("enter").await;
    assert!(
        app.has_toast(ToastKind::Ok, "Added label owner=${userName}"),
        "{:?}",
        app.toasts()
    );
    let screen = app.screen();
    assert!(screen.contains("${userName} (dynamic)"), "{screen}");
    assert!(screen.contains("4/1000"), "{screen}");
    // A simple label cannot have a value: the rule shows before saving.
    app.key("a").await;
    app.key("tab").await;
    app.type_text("rna2").await;
    app.key("tab").await;
    app.type_text("x1").await;
    let (text, is_error) = verdict(&app);
    assert!(is_error && text.contains("cannot have a value"), "{text}");
}

#[tokio::test]
async fn edit_and_delete_a_label() {
    let mut app = App::seeded().await;
    app.key("8").await;
    app.keys(&["l", "l"]).await;
    app.select_row("qc").await;
    app.key("e").await;
    app.type_text("-lab").await;
    app.key("enter").await;
    assert!(
        app.has_toast(ToastKind::Ok, "Saved label qc-lab"),
        "{:?}",
        app.toasts()
    );
    app.select_row("qc-lab").await;
    app.key("d").await;
    app.key("y").await;
    assert!(app.has_toast(ToastKind::Ok, "Deleted label qc-lab"));
}

#[tokio::test]
async fn the_workspace_is_deleted_by_typing_its_name() {
    let mut app = App::seeded().await;
    app.switch_to("testlab/scratch").await;
    app.key("8").await;
    app.keys(&["l", "l", "l"]).await;
    assert_eq!(app.m.settings.section, SettingsSection::Workspace);
    assert!(app.screen().contains("Name: scratch"));
    app.key("d").await;
    app.type_text("scr").await;
    app.key("enter").await;
    assert!(
        matches!(app.top(), Some(Overlay::Confirm(..))),
        "not deleted yet"
    );
    app.type_text("atch").await;
    app.key("enter").await;
    assert!(
        app.has_toast(ToastKind::Ok, "Deleted workspace testlab/scratch"),
        "{:?}",
        app.toasts()
    );
    assert!(app.m.ws.workspaces.iter().all(|w| w.name != "scratch"));
    assert_ne!(
        app.m.current_workspace().map(|w| w.name.clone()),
        Some("scratch".to_string())
    );
}

#[tokio::test]
async fn edit_the_workspace_from_settings() {
    let mut app = App::seeded().await;
    app.key("8").await;
    app.keys(&["l", "l", "l"]).await;
    app.key("e").await;
    app.keys(&["tab", "tab"]).await;
    app.type_text(" Edited.").await;
    app.key("enter").await;
    assert!(
        app.has_toast(ToastKind::Ok, "Saved workspace lab"),
        "{:?}",
        app.toasts()
    );
    assert!(app.screen().contains("Bulk RNA-seq projects. Edited."));
}

#[tokio::test]
async fn a_personal_workspace_says_which_settings_do_not_apply() {
    let mut app = App::seeded().await;
    app.switch_to("~ana").await;
    app.key("8").await;
    let screen = app.screen();
    assert!(screen.contains("personal workspace"), "{screen}");
    assert!(screen.contains("not apply here"), "{screen}");
    app.key("t").await;
    assert!(app.has_toast(ToastKind::Error, "credits belong to organizations"));
    app.key("l").await;
    assert!(app.screen().contains("Studios settings (session lifespan"));
    app.key("e").await;
    assert!(app.top().is_none());
    assert!(app.has_toast(
        ToastKind::Error,
        "Studios settings exist only in organization workspaces"
    ));
    app.keys(&["l", "l"]).await;
    app.key("d").await;
    assert!(app.has_toast(ToastKind::Error, "a personal workspace cannot be deleted"));
}

#[tokio::test]
async fn a_launch_role_sees_studios_and_labels_read_only() {
    let mut app = App::seeded_as("max@cro.example").await;
    app.switch_to("testlab/lab").await;
    app.key("8").await;
    let screen = app.screen();
    assert!(
        screen.contains("Only org owners see the org's billing view"),
        "{screen}"
    );
    app.key("l").await;
    let screen = app.screen();
    assert!(
        screen.contains("read-only: to change Studios settings you need the owner or admin role (yours is launch)"),
        "{screen}"
    );
    app.key("l").await;
    let screen = app.screen();
    assert!(
        screen.contains(
            "read-only: to create, edit or delete labels you need the owner, admin or maintain role"
        ),
        "{screen}"
    );
}

#[tokio::test]
async fn no_estimate_is_shown_beside_a_quantity_that_is_not_a_number() {
    let mut app = App::seeded().await;
    app.key("8").await;
    app.key("c").await;
    app.type_text("200").await;
    assert!(
        app.screen().contains("✓ estimate: 20.00"),
        "{}",
        app.screen()
    );
    app.key("tab").await;
    app.type_text("-5").await;
    let screen = app.screen();
    assert!(
        screen.contains("✗ '-5' is not a number of at least 0"),
        "{screen}"
    );
    assert!(!screen.contains("✓ estimate"), "{screen}");
}

/// A long rule under a field wraps to its end: the resource-label value rule at 80x24 showed
/// "… or be one of ${workflowId}, ${sessionId}," and stopped there (issue 15).
#[tokio::test]
async fn a_long_field_error_is_wrapped_whole_at_80x24() {
    let mut app = App::seeded().await;
    app.key("8").await;
    app.keys(&["l", "l"]).await;
    app.key("a").await;
    app.key("right").await;
    app.key("tab").await;
    app.type_text("owner").await;
    app.key("tab").await;
    app.type_text("${foo}").await;
    let screen = app.screen_at(80, 24).await;
    let lines: Vec<&str> = screen.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.contains("✗ value '${foo}'"))
        .unwrap_or_else(|| panic!("no field error\n{screen}"));
    let end = lines[start..]
        .iter()
        .position(|l| l.contains("Default"))
        .map(|n| start + n)
        .unwrap_or_else(|| panic!("no Default field\n{screen}"));
    let error: Vec<&str> = lines[start..end]
        .iter()
        .map(|l| l.trim_matches(|c: char| c == '│' || c.is_whitespace()))
        .collect();
    let error = error.join(" ");
    assert!(
        error.ends_with("${workflowId}, ${sessionId}, ${userName}"),
        "{error}\n{screen}"
    );
}

/// Allocating 5000 credits with 1250 unallocated needs 3750 more, as the form says while
/// typing (issue 15 saw "5000.00 more"; the ledger's check_pool counts what is missing
/// beyond the pool since commit a3e4dd6).
#[tokio::test]
async fn an_allocation_past_the_pool_says_how_much_is_missing() {
    let mut app = App::demo().await;
    app.key("8").await;
    app.select_row("sandbox").await;
    app.key("a").await;
    app.type_text("5000").await;
    let (text, is_error) = verdict(&app);
    assert!(is_error, "{text}");
    assert_eq!(
        text,
        "allocating to workspace 'sandbox' would need 3750.00 more credits than org 'biolab' has unallocated (1250.00)"
    );
}
