//! The Workspaces tab: select, create, edit, delete; org members (add, role, default role,
//! remove) and teams (create, delete, members).

use crate::support::App;
use nfdeck::domain::{OrgRole, Visibility, WspRole};
use nfdeck::tui::keys::{Action, Section};
use nfdeck::tui::overlays::Overlay;
use nfdeck::tui::tabs::workspaces::Pane;
use nfdeck::tui::widgets::toast::ToastKind;

#[tokio::test]
async fn enter_makes_a_workspace_current_and_participants_follow() {
    let mut app = App::demo().await;
    app.select_row("sandbox").await;
    app.key("enter").await;
    assert_eq!(app.m.current_workspace().unwrap().name, "sandbox");
    assert!(
        app.screen()
            .lines()
            .nth(1)
            .unwrap()
            .contains("biolab/sandbox")
    );
    app.key("2").await;
    let screen = app.screen();
    assert!(
        screen.contains("Participants of biolab/sandbox"),
        "{screen}"
    );
    assert!(screen.contains("platform") && screen.contains("ivan@biolab.example"));
    // An org heading is not a workspace: Enter folds it (issue 15), the current one stays.
    app.key("1").await;
    app.select_row("▾ biolab").await;
    app.key("enter").await;
    assert!(app.screen().contains("▸ biolab"));
    assert!(app.screen().contains("workspace biolab/sandbox"));
}

#[tokio::test]
async fn create_a_workspace_checking_each_field_as_typed() {
    let mut app = App::demo().await;
    app.key("a").await;
    app.type_text("x").await;
    let screen = app.screen();
    assert!(
        screen.contains("name 'x' must be 2-39 characters"),
        "the rule shows while typing:\n{screen}"
    );
    app.type_text("-ray").await;
    assert!(!app.screen().contains("must be 2-39"));
    // Enter with an empty full name shows that rule and focuses it.
    app.key("enter").await;
    assert!(app.screen().contains("full name is required"));
    app.type_text("X-ray imaging").await;
    app.keys(&["tab", "tab", "right"]).await;
    app.key("enter").await;
    assert!(app.m.overlays.is_empty(), "{}", app.screen());
    assert!(app.has_toast(ToastKind::Ok, "Created workspace biolab/x-ray"));
    let ws = app
        .m
        .ws
        .workspaces
        .iter()
        .find(|w| w.name == "x-ray")
        .unwrap();
    assert_eq!(ws.visibility, Visibility::Shared);
    assert_eq!(ws.full_name, "X-ray imaging");
    assert!(
        app.selected_text().contains("x-ray"),
        "the new one is selected"
    );
}

#[tokio::test]
async fn an_engine_error_ends_in_a_toast_and_keeps_the_form() {
    let mut app = App::demo().await;
    app.key("a").await;
    app.type_text("rnaseq").await;
    app.key("tab").await;
    app.type_text("Another RNA-seq").await;
    app.key("enter").await;
    let message = "a workspace named 'rnaseq' already exists in org 'biolab'";
    assert!(
        app.has_toast(ToastKind::Error, message),
        "{:?}",
        app.toasts()
    );
    let Some(Overlay::Form(form, _)) = app.top() else {
        panic!("the form stays open");
    };
    assert_eq!(form.error.as_deref(), Some(message));
    assert!(app.screen().contains(message));
}

#[tokio::test]
async fn edit_a_workspace_including_its_visibility() {
    let mut app = App::demo().await;
    app.select_row("rnaseq").await;
    app.key("e").await;
    let Some(Overlay::Form(form, _)) = app.top() else {
        panic!("a form");
    };
    assert_eq!(form.value("Name"), "rnaseq");
    assert_eq!(form.value("Visibility"), "PRIVATE");
    app.keys(&["tab", "ctrl-u"]).await;
    app.type_text("Bulk RNA-seq").await;
    app.keys(&["tab", "tab", "space"]).await;
    app.key("enter").await;
    assert!(app.has_toast(ToastKind::Ok, "Saved workspace rnaseq (SHARED)"));
    let ws = app.m.current_workspace().unwrap();
    assert_eq!(ws.full_name, "Bulk RNA-seq");
    assert_eq!(ws.visibility, Visibility::Shared);
    assert!(
        app.screen()
            .contains("workspace biolab/rnaseq (Bulk RNA-seq)")
    );
}

#[tokio::test]
async fn deleting_a_workspace_takes_its_typed_name() {
    let mut app = App::demo().await;
    app.select_row("sandbox").await;
    app.key("enter").await;
    app.key("d").await;
    assert!(app.screen().contains("Type sandbox to confirm"));
    app.type_text("sandbx").await;
    assert!(app.screen().contains("the name does not match"));
    app.key("enter").await;
    assert!(
        matches!(app.top(), Some(Overlay::Confirm(..))),
        "not deleted"
    );
    app.key("ctrl-u").await;
    app.type_text("sandbox").await;
    app.key("enter").await;
    assert!(app.m.overlays.is_empty());
    assert!(app.has_toast(ToastKind::Ok, "Deleted workspace biolab/sandbox"));
    assert!(!app.m.ws.workspaces.iter().any(|w| w.name == "sandbox"));
    // It was current: another workspace takes its place.
    let current = app.m.current_workspace().unwrap();
    assert_ne!(current.name, "sandbox");
    app.key("esc").await; // dismisses the toasts
    assert!(app.toasts().is_empty());
    assert!(!app.screen().contains("sandbox"));
}

#[tokio::test]
async fn a_personal_workspace_cannot_be_edited_or_deleted() {
    let mut app = App::demo().await;
    app.select_row("~ana").await;
    assert_eq!(
        app.m
            .refusal(Section::Workspaces, Action::DeleteWorkspace)
            .as_deref(),
        Some("a personal workspace cannot be deleted")
    );
    app.key("e").await;
    assert!(app.m.overlays.is_empty());
    assert!(app.has_toast(ToastKind::Error, "a personal workspace cannot be edited"));
}

#[tokio::test]
async fn members_add_change_role_default_role_and_remove() {
    let mut app = App::demo().await;
    app.key("l").await;
    assert_eq!(app.m.ws.pane, Pane::Members);
    assert!(app.screen().contains("Members of biolab"));
    assert!(app.screen().contains("9/50 members"));

    app.key("a").await;
    app.type_text("new@biolab").await;
    assert!(app.screen().contains("is not a valid email address"));
    app.type_text(".example").await;
    app.key("enter").await;
    assert!(app.has_toast(ToastKind::Ok, "Added new@biolab.example to the org"));
    assert!(app.screen().contains("new@biolab.example"));
    assert!(app.screen().contains("10/50 members"), "usage follows");

    app.select_row("chen@").await;
    app.key("r").await;
    app.keys(&["k", "enter"]).await;
    assert!(app.has_toast(ToastKind::Ok, "chen@biolab.example is now an org owner"));
    let chen = app
        .m
        .ws
        .members
        .items()
        .iter()
        .find(|m| m.email.starts_with("chen"))
        .unwrap();
    assert_eq!(chen.role, OrgRole::Owner);

    app.select_row("dana@").await;
    app.key("R").await;
    // none, owner, admin, maintain
    app.keys(&["j", "j", "j", "enter"]).await;
    assert!(app.has_toast(
        ToastKind::Ok,
        "dana@biolab.example now has the default role maintain in every workspace"
    ));
    let dana = app
        .m
        .ws
        .members
        .items()
        .iter()
        .find(|m| m.email.starts_with("dana"))
        .unwrap();
    assert_eq!(dana.default_role, Some(WspRole::Maintain));

    app.select_row("new@").await;
    app.key("d").await;
    assert!(
        app.screen()
            .contains("Remove new@biolab.example from biolab?")
    );
    app.key("y").await;
    assert!(app.has_toast(ToastKind::Ok, "Removed new@biolab.example from the org"));
    app.key("esc").await;
    assert!(!app.screen().contains("new@biolab.example"));
}

#[tokio::test]
async fn default_roles_are_for_members_only_and_say_why() {
    let mut app = App::demo().await;
    app.key("l").await;
    app.select_row("ana@").await;
    app.key("R").await;
    assert!(app.m.overlays.is_empty());
    assert!(app.has_toast(
        ToastKind::Error,
        "org owners are owners of every workspace already"
    ));
    app.select_row("eve@").await;
    app.key("R").await;
    assert!(app.has_toast(ToastKind::Error, "collaborators have no default role"));
}

#[tokio::test]
async fn the_last_owner_can_be_neither_demoted_nor_removed() {
    let mut app = App::demo().await;
    app.key("l").await;
    app.select_row("ben@").await;
    app.key("r").await;
    app.keys(&["j", "enter"]).await;
    assert!(app.has_toast(ToastKind::Ok, "ben@biolab.example is now an org member"));
    // Ana is now the last owner: the picker rules out the other roles, with the reason.
    app.select_row("ana@").await;
    app.key("r").await;
    app.key("j").await;
    let screen = app.screen();
    assert!(
        screen.contains("ana@biolab.example is the last owner"),
        "{screen}"
    );
    app.key("enter").await;
    assert!(
        matches!(app.top(), Some(Overlay::Picker(..))),
        "a disabled option is not taken"
    );
    app.key("esc").await;
    // Removing her is refused up front with the engine's rule: no y/n first (issue 15).
    app.key("d").await;
    assert!(
        app.m.overlays.is_empty(),
        "no confirmation\n{}",
        app.screen()
    );
    assert!(app.has_toast(
        ToastKind::Error,
        "ana@biolab.example is the last owner; an org must keep at least one owner"
    ));
}

#[tokio::test]
async fn teams_create_add_and_remove_members_delete() {
    let mut app = App::demo().await;
    app.keys(&["l", "l"]).await;
    assert_eq!(app.m.ws.pane, Pane::Teams);
    let screen = app.screen();
    assert!(screen.contains("Teams of biolab · 3/20"), "{screen}");
    assert!(screen.contains("Members of team analysts") && screen.contains("chen@biolab.example"));

    app.key("a").await;
    app.type_text("qc_team").await;
    app.key("tab").await;
    app.type_text("Quality control").await;
    app.key("enter").await;
    assert!(app.has_toast(ToastKind::Ok, "Created team qc_team"));
    assert!(
        app.selected_text().contains("qc_team"),
        "the new team is selected"
    );
    app.key("enter").await;
    assert_eq!(app.m.ws.pane, Pane::TeamMembers);
    assert!(app.screen().contains("no members in this team"));
    app.key("a").await;
    app.type_text("nobody@x.example").await;
    assert_eq!(
        app.field_error().as_deref(),
        Some(
            "'nobody@x.example' is not a member or collaborator of this org (add them to the org first)"
        )
    );
    app.key("ctrl-u").await;
    app.type_text("gu").await;
    assert!(app.screen().contains("gus@biolab.example"), "a suggestion");
    app.key("tab").await;
    app.key("enter").await;
    assert!(app.has_toast(ToastKind::Ok, "Added gus@biolab.example to team qc_team"));
    assert!(app.screen().contains("gus@biolab.example"));

    app.key("d").await;
    app.key("y").await;
    assert!(app.has_toast(
        ToastKind::Ok,
        "Removed gus@biolab.example from team qc_team"
    ));

    app.key("h").await;
    assert_eq!(app.m.ws.pane, Pane::Teams);
    app.select_row("qc_team").await;
    app.key("d").await;
    app.key("y").await;
    assert!(app.has_toast(ToastKind::Ok, "Deleted team qc_team"));
    app.key("esc").await;
    assert!(!app.screen().contains("qc_team"));
}

#[tokio::test]
async fn members_of_another_role_see_org_actions_disabled() {
    let mut app = App::demo_as("gus@biolab.example").await;
    app.key("a").await;
    assert!(app.m.overlays.is_empty());
    assert!(app.has_toast(
        ToastKind::Error,
        "only owners of org 'biolab' may create workspaces"
    ));
    app.key("l").await;
    assert!(
        app.screen()
            .contains("read-only: only owners of org 'biolab' may add members")
    );
    app.key("a").await;
    assert!(app.has_toast(
        ToastKind::Error,
        "only owners of org 'biolab' may add members"
    ));
}

#[tokio::test]
async fn someone_in_no_org_sees_why_members_and_teams_are_empty() {
    use nfdeck::client::SessionClient;
    let ana = crate::support::demo_client().await;
    let root = ana
        .with_engine(|engine, _| engine.operator("root@localhost"))
        .await
        .unwrap();
    ana.acting_as(root)
        .create_user(nfdeck::domain::NewUser {
            email: "solo@x.example".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let solo = ana
        .with_engine(|engine, _| engine.act_as("solo@x.example"))
        .await
        .unwrap();
    let mut app = App::with(ana.acting_as(solo), 120, 40).await;
    assert_eq!(app.m.current_workspace().unwrap().path(), "~solo");
    app.m.current = None;
    app.key("enter").await;
    assert_eq!(
        app.m.current_workspace().map(|w| w.path()).as_deref(),
        Some("~solo"),
        "Enter works without any org"
    );
    app.key("a").await;
    assert!(app.has_toast(ToastKind::Error, "you belong to no organization"));
    app.key("l").await;
    assert!(app.screen().contains("You are not in any organization"));
}

#[tokio::test]
async fn the_operator_may_do_org_owner_actions_in_any_org() {
    let ana = crate::support::demo_client().await;
    let root = ana
        .with_engine(|engine, _| engine.operator("root@localhost"))
        .await
        .unwrap();
    let mut app = App::with(ana.acting_as(root), 120, 40).await;
    assert!(app.screen().contains("root@localhost"));
    assert!(app.screen().contains("operator (all rights)"));
    // genomics-core has no such member, yet the operator may manage it.
    app.select_row("▾ genomics-core").await;
    assert_eq!(
        app.m.refusal(Section::Workspaces, Action::NewWorkspace),
        None
    );
    app.key("l").await;
    assert!(
        app.screen()
            .contains("Members of genomics-core · 3/3 members")
    );
    assert_eq!(
        app.m
            .refusal(Section::Members, Action::AddMember)
            .as_deref(),
        Some("the basic tier allows at most 3 members (3 used)")
    );
}

#[tokio::test]
async fn a_busy_database_keeps_the_form_and_enter_tries_again() {
    use nfdeck::domain::Error;
    use nfdeck::tui::effects::Effect;
    use nfdeck::tui::msg::Msg;
    let mut app = App::demo().await;
    app.key("a").await;
    app.type_text("x-ray").await;
    app.key("tab").await;
    app.type_text("X-ray imaging").await;
    app.key_held("enter");
    // Another program holds the database: the change comes back refused as busy.
    let Some(Effect::Mutate { req, op }) = app.held.pop() else {
        panic!("a change was sent");
    };
    app.send(Msg::Done {
        req,
        op,
        result: Err(Error::busy(
            "the database is busy: another program is writing to it",
        )),
    })
    .await;
    let Some(Overlay::Form(form, _)) = app.top() else {
        panic!("the form stays open\n{}", app.screen());
    };
    assert_eq!(
        form.error.as_deref(),
        Some("the database is busy: another program is writing to it (press Enter to try again)")
    );
    assert!(app.has_toast(ToastKind::Error, "the database is busy"));
    assert!(
        app.screen().contains("X-ray imaging"),
        "what was typed stays"
    );
    app.key("enter").await;
    assert!(app.m.overlays.is_empty(), "{}", app.screen());
    assert!(app.has_toast(ToastKind::Ok, "Created workspace biolab/x-ray"));
}

#[tokio::test]
async fn a_team_is_edited_in_place_and_a_bad_name_changes_nothing() {
    let mut app = App::demo().await;
    app.keys(&["l", "l"]).await;
    app.select_row("analysts").await;
    app.key("e").await;
    let screen = app.screen();
    assert!(screen.contains("Edit team analysts"), "{screen}");
    assert!(
        matches!(app.top(), Some(Overlay::Form(f, _)) if f.value("Name") == "analysts"),
        "the form starts from the team"
    );
    app.key("ctrl-u").await;
    app.type_text("a").await;
    let error = app.field_error().expect("the name rule");
    assert!(error.contains("2-39 characters"), "{error}");
    app.key("esc").await;
    assert!(app.screen().contains("analysts"), "nothing changed");

    app.key("e").await;
    app.key("ctrl-u").await;
    app.type_text("data_analysts").await;
    app.key("tab").await;
    app.key("ctrl-u").await;
    app.type_text("Reads the results").await;
    app.key("enter").await;
    assert!(app.has_toast(ToastKind::Ok, "Saved team data_analysts"));
    let org = app
        .m
        .ws
        .orgs
        .iter()
        .find(|o| o.name == "biolab")
        .unwrap()
        .id;
    let page = nfdeck::domain::Page::default();
    let teams = app.client.list_teams(org, page).await.unwrap().items;
    let team = teams
        .iter()
        .find(|t| t.name == "data_analysts")
        .expect("renamed");
    assert_eq!(team.description, "Reads the results");
    assert!(teams.iter().all(|t| t.name != "analysts"));
}

#[tokio::test]
async fn only_org_owners_edit_teams() {
    let mut app = App::demo_as("gus@biolab.example").await;
    app.keys(&["l", "l"]).await;
    app.key("e").await;
    assert!(app.top().is_none(), "no form");
    assert!(app.has_toast(
        ToastKind::Error,
        "only owners of org 'biolab' may edit teams"
    ));
}

#[tokio::test]
async fn an_org_is_edited_and_deleted_from_its_row() {
    let mut app = App::demo().await;
    app.select_row("▾ biolab").await;
    app.key("e").await;
    let screen = app.screen();
    assert!(screen.contains("Edit organization biolab"), "{screen}");
    // Not the operator: the other tier is offered disabled, with the engine's reason.
    assert!(
        screen.contains("only the operator may change an org's tier"),
        "{screen}"
    );
    app.keys(&["tab", "tab", "tab"]).await;
    app.key("ctrl-u").await;
    app.type_text("Melbourne").await;
    app.key("enter").await;
    assert!(app.has_toast(ToastKind::Ok, "Saved organization biolab"));
    let org = app.m.ws.orgs.iter().find(|o| o.name == "biolab").unwrap();
    assert_eq!(org.location, "Melbourne");
    let biolab = org.id;
    let gone: Vec<_> = app
        .m
        .ws
        .workspaces
        .iter()
        .filter(|w| w.org_id == Some(biolab))
        .map(|w| w.id)
        .collect();

    app.select_row("▾ biolab").await;
    app.key("d").await;
    let screen = app.screen();
    assert!(screen.contains("Delete organization"), "{screen}");
    assert!(
        screen.contains("workspaces (with their pipelines, runs"),
        "{screen}"
    );
    app.type_text("biolab").await;
    app.key("enter").await;
    assert!(app.has_toast(ToastKind::Ok, "Deleted organization biolab"));
    assert!(app.m.ws.orgs.iter().all(|o| o.name != "biolab"));
    assert!(
        app.m.ws.workspaces.iter().all(|w| w.org_id != Some(biolab)),
        "its workspaces went with it"
    );
    assert!(
        app.m.current.is_none_or(|id| !gone.contains(&id)),
        "the current workspace was one of them: another (or none) is current now"
    );
}

#[tokio::test]
async fn only_org_owners_edit_or_delete_an_org() {
    let mut app = App::demo_as("gus@biolab.example").await;
    app.select_row("▾ biolab").await;
    app.key("e").await;
    assert!(app.top().is_none(), "no form");
    assert!(app.has_toast(ToastKind::Error, "only owners of org 'biolab' may edit it"));
    app.key("d").await;
    assert!(app.top().is_none(), "no confirmation");
}

#[tokio::test]
async fn anyone_founds_an_org_on_the_basic_tier_and_owns_it() {
    let mut app = App::demo_as("gus@biolab.example").await;
    app.key("o").await;
    let screen = app.screen();
    assert!(screen.contains("New organization"), "{screen}");
    assert!(
        screen.contains("only the operator may create an org on the pro tier"),
        "{screen}"
    );
    app.key("enter").await;
    assert!(app.field_error().is_some(), "the name is required");
    app.type_text("guslab").await;
    app.key("tab").await;
    app.type_text("Gus Lab").await;
    app.key("enter").await;
    assert!(app.has_toast(ToastKind::Ok, "Created organization guslab"));
    let org = app
        .m
        .ws
        .orgs
        .iter()
        .find(|o| o.name == "guslab")
        .expect("listed");
    assert_eq!(org.my_role, Some(OrgRole::Owner));
    assert!(app.screen().contains("guslab"));
}

#[tokio::test]
async fn enter_on_an_org_row_folds_and_unfolds_its_workspaces() {
    let mut app = App::demo().await;
    assert!(app.screen().contains("sandbox"));
    app.select_row("▾ biolab").await;
    app.key("enter").await;
    let screen = app.screen();
    assert!(screen.contains("▸ biolab"), "{screen}");
    assert!(!screen.contains("sandbox"), "folded\n{screen}");
    assert!(
        app.selected_text().contains("biolab"),
        "the org stays selected"
    );
    assert!(app.toasts().is_empty(), "no refusal");
    app.key("enter").await;
    let screen = app.screen();
    assert!(
        screen.contains("▾ biolab") && screen.contains("rnaseq"),
        "{screen}"
    );
}

/// A refusal is not a transient failure: the Members pane of a collaborator says why it is
/// empty without offering to load it again (issue 15).
#[tokio::test]
async fn a_refused_members_list_is_shown_without_a_retry_hint() {
    let mut app = App::demo_as("eve@partner.example").await;
    app.key("1").await;
    app.key("l").await;
    let screen = app.screen();
    assert!(
        screen.contains("collaborators cannot see the org's members"),
        "{screen}"
    );
    assert!(!screen.contains("to try again"), "{screen}");
}

/// On an org row the footer offers what applies to an org: Enter folds it, e and d edit and
/// delete the org; "make current" is for workspace rows (issue 15).
#[tokio::test]
async fn an_org_row_offers_org_actions_in_the_footer() {
    let mut app = App::demo().await;
    app.select_row("Bio Lab").await;
    let labels: Vec<&str> = nfdeck::tui::view::footer_hints(&app.m)
        .iter()
        .map(|h| h.1)
        .collect();
    for wanted in ["fold/unfold", "edit org", "delete org"] {
        assert!(labels.contains(&wanted), "{wanted}: {labels:?}");
    }
    assert!(!labels.contains(&"make current"), "{labels:?}");
    let footer = app.screen().lines().last().unwrap_or_default().to_string();
    assert!(footer.contains("Enter fold/unfold"), "{footer}");
    // A workspace row keeps its own words.
    app.select_row("sandbox").await;
    let labels: Vec<&str> = nfdeck::tui::view::footer_hints(&app.m)
        .iter()
        .map(|h| h.1)
        .collect();
    assert!(labels.contains(&"make current"), "{labels:?}");
    assert!(labels.contains(&"edit"), "{labels:?}");
}

/// A filter lands the selection on the first matching workspace, not on the org header kept
/// for context: `/` single, Enter, Enter makes single-cell current (issue 15).
#[tokio::test]
async fn enter_after_a_filter_acts_on_the_matching_workspace() {
    let mut app = App::demo().await;
    app.select_row("Bio Lab").await;
    app.key("/").await;
    app.type_text("single").await;
    app.key("enter").await;
    assert!(
        app.selected_text().contains("single-cell"),
        "{}",
        app.screen()
    );
    app.key("enter").await;
    assert_eq!(app.m.current_workspace().unwrap().name, "single-cell");
    assert!(
        !app.toasts()
            .iter()
            .any(|t| t.text.contains("not an organization")),
        "{:?}",
        app.toasts()
    );
}

/// `--workspace ORG/WS` or an id starts the UI on that workspace; one that does not exist is
/// refused by name before the screen opens (issue 15; the CLI test checks the exit code).
#[tokio::test]
async fn the_ui_starts_on_the_workspace_given_by_path_or_id() {
    let app = App::demo_starting_on("biolab/single-cell").await.unwrap();
    let header = app.screen().lines().nth(1).unwrap_or_default().to_string();
    assert!(header.contains("workspace biolab/single-cell"), "{header}");
    assert!(
        app.selected_text().contains("single-cell"),
        "{}",
        app.screen()
    );
    let id = app.m.current_workspace().unwrap().id;
    let app = App::demo_starting_on(&id.to_string()).await.unwrap();
    assert_eq!(app.m.current_workspace().unwrap().name, "single-cell");
    let err = App::demo_starting_on("biolab/nope")
        .await
        .err()
        .expect("refused");
    assert!(err.message.contains("no workspace 'biolab/nope'"), "{err}");
}
