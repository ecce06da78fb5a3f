//! The key table: every action the UI knows, where it works (its section), what it is called
//! in the config file, the words the footer and the help overlay show for it, and its keys.
//! Defaults come from `assets/keys.toml`; `[keys.SECTION]` in the config file overrides them.
//! Routing (`app.rs`), the footer and the help overlay all read this one table.

use super::tab::Tab;
use crate::domain::{Error, Result};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::fmt;
use std::str::FromStr;

/// The default key table, embedded.
pub const DEFAULT_KEYS: &str = include_str!("../../assets/keys.toml");

/// A place where keys work. A context (see `Model::context`) is an ordered list of sections:
/// the first section that binds a key wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    Global,
    List,
    Panes,
    Workspaces,
    Members,
    Teams,
    TeamMembers,
    Participants,
    Access,
    Launchpad,
    Runs,
    Actions,
    Compute,
    Credentials,
    Audit,
    Credits,
    Studios,
    Labels,
    Secrets,
    Tokens,
    NewToken,
    WorkspaceSettings,
    Dialog,
    Choice,
    Completion,
    Multiline,
    Confirm,
    Popup,
    Filter,
    Help,
    Command,
}

impl Section {
    pub const ALL: [Section; 31] = [
        Section::Global,
        Section::List,
        Section::Panes,
        Section::Workspaces,
        Section::Members,
        Section::Teams,
        Section::TeamMembers,
        Section::Participants,
        Section::Access,
        Section::Launchpad,
        Section::Runs,
        Section::Actions,
        Section::Compute,
        Section::Credentials,
        Section::Audit,
        Section::Credits,
        Section::Studios,
        Section::Labels,
        Section::Secrets,
        Section::Tokens,
        Section::NewToken,
        Section::WorkspaceSettings,
        Section::Dialog,
        Section::Choice,
        Section::Completion,
        Section::Multiline,
        Section::Confirm,
        Section::Popup,
        Section::Filter,
        Section::Help,
        Section::Command,
    ];

    /// The name of the section in `[keys.NAME]`.
    pub fn name(self) -> &'static str {
        match self {
            Section::Global => "global",
            Section::List => "list",
            Section::Panes => "panes",
            Section::Workspaces => "workspaces",
            Section::Members => "members",
            Section::Teams => "teams",
            Section::TeamMembers => "team_members",
            Section::Participants => "participants",
            Section::Access => "access",
            Section::Launchpad => "launchpad",
            Section::Runs => "runs",
            Section::Actions => "actions",
            Section::Compute => "compute",
            Section::Credentials => "credentials",
            Section::Audit => "audit",
            Section::Credits => "credits",
            Section::Studios => "studios",
            Section::Labels => "labels",
            Section::Secrets => "secrets",
            Section::Tokens => "tokens",
            Section::NewToken => "new_token",
            Section::WorkspaceSettings => "workspace_settings",
            Section::Dialog => "dialog",
            Section::Choice => "choice",
            Section::Completion => "completion",
            Section::Multiline => "multiline",
            Section::Confirm => "confirm",
            Section::Popup => "popup",
            Section::Filter => "filter",
            Section::Help => "help",
            Section::Command => "command",
        }
    }

    /// The heading the help overlay gives the section.
    pub fn title(self) -> &'static str {
        match self {
            Section::Global => "Everywhere",
            Section::List => "Lists",
            Section::Panes => "Panes (Workspaces tab) and sections (Settings tab)",
            Section::Workspaces => "Workspaces",
            Section::Members => "Org members",
            Section::Teams => "Teams",
            Section::TeamMembers => "Team members",
            Section::Participants => "Participants",
            Section::Access => "Participants: access view",
            Section::Launchpad => "Launchpad",
            Section::Runs => "Runs",
            Section::Actions => "Actions (pipeline triggers)",
            Section::Compute => "Compute environments",
            Section::Credentials => "Credentials",
            Section::Audit => "Audit log",
            Section::Credits => "Settings: credits",
            Section::Studios => "Settings: Studios",
            Section::Labels => "Settings: labels",
            Section::Secrets => "Settings: secrets",
            Section::Tokens => "Settings: your API tokens",
            Section::NewToken => "A new token (shown once)",
            Section::WorkspaceSettings => "Settings: workspace",
            Section::Dialog => "Dialogs and forms",
            Section::Choice => "Choice fields",
            Section::Completion => "Fields with suggestions",
            Section::Multiline => "Multi-line fields",
            Section::Confirm => "Confirmations",
            Section::Popup => "Popups without text fields",
            Section::Filter => "Typing a filter",
            Section::Help => "This help",
            Section::Command => "The command line (:)",
        }
    }
}

/// Everything a key can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    ForceQuit,
    Help,
    Switcher,
    CommandLine,
    CopyId,
    CopyName,
    CopyUrl,
    Refresh,
    NextTab,
    PrevTab,
    Goto(Tab),
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Filter,
    ClearFilter,
    Mark,
    MarkAll,
    PrevPane,
    NextPane,
    SelectWorkspace,
    NewWorkspace,
    EditWorkspace,
    DeleteWorkspace,
    AddMember,
    MemberRole,
    DefaultRole,
    RemoveMember,
    OpenTeam,
    NewTeam,
    DeleteTeam,
    EditTeam,
    NewOrg,
    EditComputeEnv,
    EditCredentials,
    AddTeamMember,
    RemoveTeamMember,
    AddParticipant,
    BulkAdd,
    ParticipantRole,
    RemoveParticipant,
    LeaveWorkspace,
    AccessView,
    FoldTeam,
    LeaveOrg,
    Launch,
    AddPipeline,
    EditPipeline,
    DeletePipeline,
    ToggleShared,
    LabelFilter,
    RunDetails,
    CancelRun,
    RunLabels,
    DeleteRun,
    StatusFilter,
    AddAction,
    EditAction,
    PauseAction,
    DeleteAction,
    LaunchAction,
    AddComputeEnv,
    MakePrimary,
    ToggleDisabled,
    DeleteComputeEnv,
    AddCredentials,
    DeleteCredentials,
    AuditDetails,
    AuditFilter,
    SetAllocation,
    Transfer,
    Estimate,
    EditStudios,
    AddLabel,
    EditLabel,
    DeleteLabel,
    AddSecret,
    RotateSecret,
    DeleteSecret,
    AddToken,
    RevokeToken,
    CopyToken,
    EditSettingsWorkspace,
    DeleteSettingsWorkspace,
    Accept,
    Cancel,
    NextField,
    PrevField,
    NextChoice,
    PrevChoice,
    Complete,
    NextSuggestion,
    PrevSuggestion,
    Submit,
    Yes,
    No,
    KeepFilter,
    CloseHelp,
}

impl Action {
    /// Whether the action changes anything on the backend (a read-only session disables it).
    /// Exhaustive on purpose: a new action must say which it is.
    pub fn mutates(self) -> bool {
        use Action::*;
        match self {
            NewWorkspace
            | EditWorkspace
            | DeleteWorkspace
            | AddMember
            | MemberRole
            | DefaultRole
            | RemoveMember
            | NewTeam
            | DeleteTeam
            | AddTeamMember
            | RemoveTeamMember
            | AddParticipant
            | BulkAdd
            | ParticipantRole
            | RemoveParticipant
            | LeaveWorkspace
            | LeaveOrg
            | Launch
            | AddPipeline
            | EditPipeline
            | DeletePipeline
            | CancelRun
            | RunLabels
            | DeleteRun
            | AddAction
            | EditAction
            | PauseAction
            | DeleteAction
            | LaunchAction
            | AddComputeEnv
            | MakePrimary
            | ToggleDisabled
            | DeleteComputeEnv
            | AddCredentials
            | DeleteCredentials
            | SetAllocation
            | Transfer
            | EditStudios
            | AddLabel
            | EditLabel
            | DeleteLabel
            | AddSecret
            | RotateSecret
            | DeleteSecret
            | AddToken
            | RevokeToken
            | EditSettingsWorkspace
            | DeleteSettingsWorkspace
            | NewOrg
            | EditTeam
            | EditComputeEnv
            | EditCredentials => true,
            Quit | ForceQuit | Help | Switcher | CommandLine | CopyToken | CopyId | CopyName
            | CopyUrl | Refresh | NextTab | PrevTab | Goto(_) | Up | Down | Top | Bottom
            | PageUp | PageDown | Filter | ClearFilter | Mark | MarkAll | PrevPane | NextPane
            | SelectWorkspace | OpenTeam | AccessView | FoldTeam | ToggleShared | LabelFilter
            | RunDetails | StatusFilter | AuditDetails | AuditFilter | Estimate | Accept
            | Cancel | NextField | PrevField | NextChoice | PrevChoice | Complete
            | NextSuggestion | PrevSuggestion | Submit | Yes | No | KeepFilter | CloseHelp => false,
        }
    }
}

/// One row of the table: an action in a section.
#[derive(Debug)]
pub struct ActionDef {
    pub section: Section,
    /// The name in `[keys.SECTION]`.
    pub name: &'static str,
    pub action: Action,
    /// The footer's word for it.
    pub label: &'static str,
    /// The help overlay's sentence for it.
    pub help: &'static str,
    /// Whether the footer lists it (movement keys are in the help only).
    pub footer: bool,
}

const fn def(
    section: Section,
    name: &'static str,
    action: Action,
    label: &'static str,
    help: &'static str,
    footer: bool,
) -> ActionDef {
    ActionDef {
        section,
        name,
        action,
        label,
        help,
        footer,
    }
}

use Section as S;

/// Every action, in the order the help overlay lists them.
#[rustfmt::skip]
pub const ACTIONS: &[ActionDef] = &[
    def(S::Global, "help", Action::Help, "help", "show this help", true),
    def(S::Global, "switcher", Action::Switcher, "switch", "switch workspace (fuzzy search; also :ws)", false),
    def(S::Global, "command", Action::CommandLine, "command", "command line: a screen, ws ORG/WS, an action by name (Tab completes)", true),
    def(S::Global, "copy_id", Action::CopyId, "copy id", "copy the selected object's id (to the terminal's clipboard)", false),
    def(S::Global, "copy_name", Action::CopyName, "copy name", "copy the selected object's name", false),
    def(S::Global, "copy_url", Action::CopyUrl, "copy URL", "copy the selected object's URL (pipelines and runs: the repository; actions: the hook URL)", false),
    def(S::Global, "quit", Action::Quit, "quit", "quit nfdeck", true),
    def(S::Global, "force_quit", Action::ForceQuit, "quit", "quit at once, from anywhere", false),
    def(S::Global, "refresh", Action::Refresh, "refresh", "load everything again", false),
    def(S::Global, "next_tab", Action::NextTab, "next tab", "next tab", false),
    def(S::Global, "prev_tab", Action::PrevTab, "prev tab", "previous tab", false),
    def(S::Global, "goto_workspaces", Action::Goto(Tab::Workspaces), "Workspaces", "go to Workspaces", false),
    def(S::Global, "goto_participants", Action::Goto(Tab::Participants), "Participants", "go to Participants", false),
    def(S::Global, "goto_launchpad", Action::Goto(Tab::Launchpad), "Launchpad", "go to Launchpad", false),
    def(S::Global, "goto_runs", Action::Goto(Tab::Runs), "Runs", "go to Runs", false),
    def(S::Global, "goto_actions", Action::Goto(Tab::Actions), "Actions", "go to Actions", false),
    def(S::Global, "goto_compute", Action::Goto(Tab::Compute), "Compute", "go to Compute", false),
    def(S::Global, "goto_credentials", Action::Goto(Tab::Credentials), "Credentials", "go to Credentials", false),
    def(S::Global, "goto_settings", Action::Goto(Tab::Settings), "Settings", "go to Settings", false),
    def(S::Global, "goto_audit", Action::Goto(Tab::Audit), "Audit", "go to Audit", false),
    def(S::List, "up", Action::Up, "up", "move up", false),
    def(S::List, "down", Action::Down, "down", "move down", false),
    def(S::List, "top", Action::Top, "top", "go to the first row", false),
    def(S::List, "bottom", Action::Bottom, "bottom", "go to the last row", false),
    def(S::List, "page_up", Action::PageUp, "page up", "one page up", false),
    def(S::List, "page_down", Action::PageDown, "page down", "one page down", false),
    def(S::List, "filter", Action::Filter, "filter", "filter the list as you type", true),
    def(S::List, "clear_filter", Action::ClearFilter, "clear filter", "clear the filter, else the marks, else dismiss the messages", false),
    def(S::List, "mark", Action::Mark, "mark", "mark or unmark the row (role, remove, cancel and delete then act on every marked row)", false),
    def(S::List, "mark_all", Action::MarkAll, "mark all", "mark every row the filter shows", false),
    def(S::Panes, "prev_pane", Action::PrevPane, "pane", "previous pane (Workspaces tab) or section (Settings tab)", false),
    def(S::Panes, "next_pane", Action::NextPane, "pane", "next pane (Workspaces tab) or section (Settings tab)", true),
    def(S::Workspaces, "select", Action::SelectWorkspace, "make current", "make the selected workspace the current one, or fold/unfold the selected org", true),
    def(S::Workspaces, "new", Action::NewWorkspace, "new", "create a workspace in the selected org", true),
    def(S::Workspaces, "edit", Action::EditWorkspace, "edit", "edit the selected workspace (names, description, visibility), or the selected organization", true),
    def(S::Workspaces, "new_org", Action::NewOrg, "new org", "create an organization (you become its owner)", false),
    def(S::Workspaces, "delete", Action::DeleteWorkspace, "delete", "delete the selected workspace or organization (type its name to confirm)", true),
    def(S::Members, "add", Action::AddMember, "add", "add a member to the org by email", true),
    def(S::Members, "role", Action::MemberRole, "org role", "change the member's org role", true),
    def(S::Members, "default_role", Action::DefaultRole, "default role", "set the member's default role in every workspace of the org", true),
    def(S::Members, "remove", Action::RemoveMember, "remove", "remove the member from the org", true),
    def(S::Members, "leave", Action::LeaveOrg, "leave org", "leave this organization yourself (not as its last owner)", false),
    def(S::Teams, "open", Action::OpenTeam, "members", "show the team's members", true),
    def(S::Teams, "new", Action::NewTeam, "new", "create a team", true),
    def(S::Teams, "delete", Action::DeleteTeam, "delete", "delete the team", true),
    def(S::Teams, "edit", Action::EditTeam, "edit", "edit the team's name and description", false),
    def(S::TeamMembers, "add", Action::AddTeamMember, "add", "add an org member or collaborator to the team", true),
    def(S::TeamMembers, "remove", Action::RemoveTeamMember, "remove", "remove the member from the team", true),
    def(S::Participants, "add", Action::AddParticipant, "add", "add a member, team or collaborator (by email)", true),
    def(S::Participants, "bulk_add", Action::BulkAdd, "bulk add", "add many participants from a pasted list of emails", true),
    def(S::Participants, "role", Action::ParticipantRole, "role", "change the participant's role", true),
    def(S::Participants, "remove", Action::RemoveParticipant, "remove", "remove the participant", true),
    def(S::Participants, "leave", Action::LeaveWorkspace, "leave", "leave this workspace yourself (your own participant row)", true),
    def(S::Participants, "access", Action::AccessView, "access view", "everyone with access, their effective role and where it comes from (Enter folds a team)", true),
    def(S::Access, "fold", Action::FoldTeam, "fold team", "fold or unfold the selected team's members", true),
    def(S::Access, "leave", Action::LeaveWorkspace, "leave", "leave this workspace yourself (your own participant row)", true),
    def(S::Access, "participants", Action::AccessView, "participants", "back to the participants list", true),
    def(S::Launchpad, "launch", Action::Launch, "launch", "launch the selected pipeline (form with the compute environment the rules choose)", true),
    def(S::Launchpad, "add", Action::AddPipeline, "add", "add a pipeline to this workspace", true),
    def(S::Launchpad, "edit", Action::EditPipeline, "edit", "edit the selected pipeline", true),
    def(S::Launchpad, "delete", Action::DeletePipeline, "delete", "delete the selected pipeline", true),
    def(S::Launchpad, "shared", Action::ToggleShared, "shared", "pipelines from: this workspace, or this and shared workspaces", true),
    def(S::Launchpad, "label", Action::LabelFilter, "label", "show only the pipelines with a label", true),
    def(S::Runs, "details", Action::RunDetails, "details", "show the run's details", true),
    def(S::Runs, "cancel", Action::CancelRun, "cancel run", "cancel the selected run (SUBMITTED or RUNNING)", true),
    def(S::Runs, "labels", Action::RunLabels, "labels", "add labels to or take them off the selected run (or every marked run)", true),
    def(S::Runs, "status", Action::StatusFilter, "status", "show runs of one status (cycles: all, SUBMITTED, RUNNING, ...)", true),
    def(S::Runs, "delete", Action::DeleteRun, "delete run", "delete the selected finished run and its tasks", false),
    def(S::Actions, "launch", Action::LaunchAction, "launch now", "launch the selected action now, as its trigger would (after a confirmation)", true),
    def(S::Actions, "add", Action::AddAction, "add", "add an action: a GitHub webhook or a tower launch hook on a pipeline", true),
    def(S::Actions, "edit", Action::EditAction, "edit", "edit the selected action (name, launch settings)", true),
    def(S::Actions, "pause", Action::PauseAction, "pause/resume", "pause the selected action, or resume a paused one", true),
    def(S::Actions, "delete", Action::DeleteAction, "delete", "delete the selected action (its trigger stops; its runs stay)", true),
    def(S::Compute, "add", Action::AddComputeEnv, "add", "add a compute environment", true),
    def(S::Compute, "primary", Action::MakePrimary, "primary", "make the selected environment the workspace's primary", true),
    def(S::Compute, "disable", Action::ToggleDisabled, "disable/enable", "disable the selected environment, or enable a disabled one", true),
    def(S::Compute, "delete", Action::DeleteComputeEnv, "delete", "delete the selected environment", true),
    def(S::Compute, "edit", Action::EditComputeEnv, "edit", "edit the selected environment (name, description, work dir, credentials, labels)", false),
    def(S::Credentials, "add", Action::AddCredentials, "add", "add credentials (secrets are typed masked and never shown again)", true),
    def(S::Credentials, "delete", Action::DeleteCredentials, "delete", "delete the selected credentials", true),
    def(S::Credentials, "edit", Action::EditCredentials, "edit", "edit the selected credentials; type a secret to rotate it", false),
    def(S::Audit, "details", Action::AuditDetails, "details", "show the change: its before and after side by side, differences highlighted", true),
    def(S::Audit, "filter", Action::AuditFilter, "narrow", "narrow the log to changes since a time, by whom, of what", true),
    def(S::Credits, "allocate", Action::SetAllocation, "allocate", "set or remove the selected workspace's credit allocation (org owners)", true),
    def(S::Credits, "transfer", Action::Transfer, "transfer", "move allocated credits between two workspaces (org owners)", true),
    def(S::Credits, "estimate", Action::Estimate, "estimate", "estimate the cost of CPU-hours, GiB-hours and storage", true),
    def(S::Studios, "edit", Action::EditStudios, "edit", "change the Studios session lifespan and collaboration mode", true),
    def(S::Labels, "add", Action::AddLabel, "add", "add a label or a resource label", true),
    def(S::Labels, "edit", Action::EditLabel, "edit", "edit the selected label", true),
    def(S::Labels, "delete", Action::DeleteLabel, "delete", "delete the selected label", true),
    def(S::Secrets, "add", Action::AddSecret, "add", "add a pipeline secret (its value is typed masked and never shown again)", true),
    def(S::Secrets, "rotate", Action::RotateSecret, "rotate", "replace the selected secret's value", true),
    def(S::Secrets, "delete", Action::DeleteSecret, "delete", "delete the selected secret", true),
    def(S::Tokens, "add", Action::AddToken, "new token", "create an API access token (it is shown once, then never again)", true),
    def(S::Tokens, "revoke", Action::RevokeToken, "revoke", "revoke the selected token (whatever uses it stops working)", true),
    def(S::NewToken, "copy", Action::CopyToken, "copy token", "copy the new token to the clipboard (OSC 52)", true),
    def(S::WorkspaceSettings, "edit", Action::EditSettingsWorkspace, "edit", "edit this workspace (names, description, visibility)", true),
    def(S::WorkspaceSettings, "delete", Action::DeleteSettingsWorkspace, "delete", "delete this workspace (type its name to confirm)", true),
    def(S::Dialog, "accept", Action::Accept, "ok", "accept or save", true),
    def(S::Dialog, "cancel", Action::Cancel, "cancel", "close without saving", true),
    def(S::Dialog, "next_field", Action::NextField, "next", "next field or item", true),
    def(S::Dialog, "prev_field", Action::PrevField, "prev", "previous field or item", false),
    def(S::Choice, "next_choice", Action::NextChoice, "change", "next choice", true),
    def(S::Choice, "prev_choice", Action::PrevChoice, "change", "previous choice", false),
    def(S::Completion, "complete", Action::Complete, "complete", "take the highlighted suggestion", true),
    def(S::Completion, "next_suggestion", Action::NextSuggestion, "suggestions", "next suggestion", true),
    def(S::Completion, "prev_suggestion", Action::PrevSuggestion, "suggestions", "previous suggestion", false),
    def(S::Multiline, "submit", Action::Submit, "submit", "submit the form from a multi-line field", true),
    def(S::Multiline, "cancel", Action::Cancel, "cancel", "close without saving", true),
    def(S::Multiline, "next_field", Action::NextField, "next", "next field", true),
    def(S::Multiline, "prev_field", Action::PrevField, "prev", "previous field", false),
    def(S::Confirm, "yes", Action::Yes, "yes", "yes, do it", true),
    def(S::Confirm, "no", Action::No, "no", "no, keep it", true),
    def(S::Popup, "help", Action::Help, "help", "show this help over the popup", true),
    def(S::Filter, "keep", Action::KeepFilter, "keep", "stop typing and keep the filter", true),
    def(S::Filter, "clear", Action::ClearFilter, "clear", "stop typing and clear the filter", true),
    def(S::Filter, "up", Action::Up, "up", "move up while typing", false),
    def(S::Filter, "down", Action::Down, "down", "move down while typing", false),
    def(S::Help, "close", Action::CloseHelp, "close", "close the help", true),
    def(S::Command, "run", Action::Accept, "run", "run the command", true),
    def(S::Command, "cancel", Action::Cancel, "close", "close the command line", true),
    def(S::Command, "complete", Action::Complete, "complete", "complete the word (again: the next candidate)", true),
    def(S::Command, "prev", Action::PrevSuggestion, "previous", "the previous candidate", false),
];

/// One key, as the table holds it: a code and the modifiers that matter (Ctrl, Alt; Shift only
/// for keys that are not characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyBind {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl KeyBind {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Self {
        let (code, mods) = normalize(code, mods);
        Self { code, mods }
    }

    pub fn matches(&self, key: &KeyEvent) -> bool {
        *self == KeyBind::new(key.code, key.modifiers)
    }
}

/// Makes key events comparable: characters carry their case, not a Shift flag; BackTab is
/// Shift-Tab; Ctrl with a letter ignores the letter's case.
fn normalize(code: KeyCode, mods: KeyModifiers) -> (KeyCode, KeyModifiers) {
    let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
    let code = match code {
        KeyCode::Char(c) => {
            mods.remove(KeyModifiers::SHIFT);
            if mods.contains(KeyModifiers::CONTROL) {
                KeyCode::Char(c.to_ascii_lowercase())
            } else {
                KeyCode::Char(c)
            }
        }
        KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
            mods.remove(KeyModifiers::SHIFT);
            KeyCode::BackTab
        }
        KeyCode::BackTab => {
            mods.remove(KeyModifiers::SHIFT);
            KeyCode::BackTab
        }
        other => other,
    };
    (code, mods)
}

const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("space", KeyCode::Char(' ')),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pgup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("pgdn", KeyCode::PageDown),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
];

impl FromStr for KeyBind {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Self, String> {
        let bad = |why: &str| {
            format!(
                "'{text}' is not a key ({why}; use a character, or enter, esc, tab, backtab, space, backspace, delete, insert, home, end, pageup, pagedown, up, down, left, right, f1-f12, with ctrl-, alt- or shift- in front)"
            )
        };
        let mut mods = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (flag, len) = if lower.starts_with("ctrl-") && rest.len() > 5 {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") && rest.len() > 4 {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") && rest.len() > 6 {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            mods |= flag;
            rest = &rest[len..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (None, _) => return Err(bad("it is empty")),
            (Some(c), None) => KeyCode::Char(c),
            _ => {
                let lower = rest.to_ascii_lowercase();
                if let Some((_, code)) = NAMED.iter().find(|(n, _)| *n == lower) {
                    *code
                } else if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                    if (1..=12).contains(&n) {
                        KeyCode::F(n)
                    } else {
                        return Err(bad("function keys go from f1 to f12"));
                    }
                } else {
                    return Err(bad("unknown key name"));
                }
            }
        };
        Ok(KeyBind::new(code, mods))
    }
}

impl fmt::Display for KeyBind {
    /// The short form the footer and the help overlay show: `a`, `G`, `Ctrl-p`, `Enter`, `↑`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("^")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("S-Tab"),
            KeyCode::Backspace => f.write_str("Bksp"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The keys of every action (parallel to `ACTIONS`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyTable {
    keys: Vec<Vec<KeyBind>>,
}

impl Default for KeyTable {
    fn default() -> Self {
        Self::defaults()
    }
}

impl KeyTable {
    /// The embedded defaults (`assets/keys.toml`; a test checks that they load).
    pub fn defaults() -> Self {
        let table: toml::Table = DEFAULT_KEYS
            .parse()
            .expect("assets/keys.toml is valid TOML (checked by tests)");
        let mut keys = KeyTable {
            keys: vec![Vec::new(); ACTIONS.len()],
        };
        keys.overlay(&table, "assets/keys.toml")
            .expect("assets/keys.toml is a valid key table (checked by tests)");
        keys
    }

    /// The defaults with the config file's `[keys]` laid over them. Unknown sections, unknown
    /// actions, bad key names and keys that would clash on a screen are errors; `screens` are
    /// the key contexts the screens show (`tabs::key_contexts`, passed in so the key table
    /// does not depend on the screens, which depend on it).
    pub fn from_config(overrides: Option<&toml::Table>, screens: &[&[Section]]) -> Result<Self> {
        let mut keys = Self::defaults();
        if let Some(table) = overrides {
            keys.overlay(table, "config file [keys]")
                .map_err(Error::invalid)?;
        }
        keys.check_clashes(screens).map_err(Error::invalid)?;
        Ok(keys)
    }

    fn overlay(&mut self, table: &toml::Table, origin: &str) -> std::result::Result<(), String> {
        for (section_name, actions) in table {
            let section = Section::ALL
                .into_iter()
                .find(|s| s.name() == section_name)
                .ok_or_else(|| {
                    let known: Vec<&str> = Section::ALL.iter().map(|s| s.name()).collect();
                    format!(
                        "{origin}: unknown section [{section_name}] (known: {})",
                        known.join(", ")
                    )
                })?;
            let toml::Value::Table(actions) = actions else {
                return Err(format!(
                    "{origin}: [{section_name}] must be a table of action = keys"
                ));
            };
            for (name, value) in actions {
                let index = ACTIONS
                    .iter()
                    .position(|d| d.section == section && d.name == name)
                    .ok_or_else(|| {
                        let known: Vec<&str> = ACTIONS
                            .iter()
                            .filter(|d| d.section == section)
                            .map(|d| d.name)
                            .collect();
                        format!(
                            "{origin}: [{section_name}] has no action '{name}' (known: {})",
                            known.join(", ")
                        )
                    })?;
                let place = format!("{origin}: [{section_name}] {name}");
                let texts: Vec<&str> = match value {
                    toml::Value::String(s) => vec![s.as_str()],
                    toml::Value::Array(items) => items
                        .iter()
                        .map(|v| {
                            v.as_str().ok_or_else(|| {
                                format!("{place}: keys must be strings, like \"ctrl-p\"")
                            })
                        })
                        .collect::<std::result::Result<_, _>>()?,
                    _ => {
                        return Err(format!(
                            "{place}: give a key or a list of keys, like \"a\" or [\"a\", \"enter\"]"
                        ));
                    }
                };
                if texts.is_empty() {
                    return Err(format!("{place}: give at least one key"));
                }
                let mut binds = Vec::new();
                for text in texts {
                    let bind: KeyBind = text.parse().map_err(|e| format!("{place}: {e}"))?;
                    if !binds.contains(&bind) {
                        binds.push(bind);
                    }
                }
                self.keys[index] = binds;
            }
        }
        if let Some(missing) = ACTIONS.iter().zip(&self.keys).find(|(_, k)| k.is_empty()) {
            return Err(format!(
                "{origin}: [{}] {} has no key",
                missing.0.section.name(),
                missing.0.name
            ));
        }
        Ok(())
    }

    /// A key may do only one thing in a place: within a section, and on each screen (its
    /// sections plus the lists' and the global keys).
    fn check_clashes(&self, screens: &[&[Section]]) -> std::result::Result<(), String> {
        let mut contexts: Vec<Vec<Section>> = Section::ALL.iter().map(|s| vec![*s]).collect();
        // Each screen's contexts, as the screen declares them.
        contexts.extend(screens.iter().map(|c| c.to_vec()));
        contexts.push(vec![Section::Confirm, Section::Dialog, Section::Popup]);
        contexts.push(vec![Section::Choice, Section::Dialog]);
        for context in contexts {
            let mut seen: Vec<(KeyBind, &ActionDef)> = Vec::new();
            for (def, keys) in ACTIONS.iter().zip(&self.keys) {
                if !context.contains(&def.section) {
                    continue;
                }
                for key in keys {
                    if let Some((_, other)) = seen
                        .iter()
                        .find(|(k, d)| k == key && d.action != def.action)
                    {
                        return Err(format!(
                            "config file [keys]: '{key}' is bound to both [{}] {} and [{}] {}; \
                             a key may do only one thing where both work",
                            other.section.name(),
                            other.name,
                            def.section.name(),
                            def.name
                        ));
                    }
                    seen.push((*key, def));
                }
            }
        }
        Ok(())
    }

    /// The action a key asks for in a context: the first section (in order) that binds it.
    pub fn lookup(&self, sections: &[Section], key: &KeyEvent) -> Option<Action> {
        sections.iter().find_map(|section| {
            ACTIONS
                .iter()
                .zip(&self.keys)
                .find(|(d, keys)| d.section == *section && keys.iter().any(|k| k.matches(key)))
                .map(|(d, _)| d.action)
        })
    }

    /// Whether `key` is bound to `action` in `section`.
    pub fn is(&self, section: Section, action: Action, key: &KeyEvent) -> bool {
        self.keys_of(section, action).iter().any(|k| k.matches(key))
    }

    /// The keys of an action in a section (empty if the section does not have it).
    pub fn keys_of(&self, section: Section, action: Action) -> &[KeyBind] {
        ACTIONS
            .iter()
            .position(|d| d.section == section && d.action == action)
            .map(|i| self.keys[i].as_slice())
            .unwrap_or(&[])
    }

    /// Every action of a section with its keys.
    pub fn section(
        &self,
        section: Section,
    ) -> impl Iterator<Item = (&'static ActionDef, &[KeyBind])> {
        ACTIONS
            .iter()
            .zip(&self.keys)
            .filter(move |(d, _)| d.section == section)
            .map(|(d, k)| (d, k.as_slice()))
    }

    /// "a", "k/↑": the keys of an action joined for display.
    pub fn label(&self, section: Section, action: Action) -> String {
        join_keys(self.keys_of(section, action))
    }
}

pub fn join_keys(keys: &[KeyBind]) -> String {
    keys.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn defaults_load_and_every_action_has_a_key() {
        let keys = KeyTable::defaults();
        assert!(keys.keys.iter().all(|k| !k.is_empty()));
        assert_eq!(keys.keys.len(), ACTIONS.len());
        KeyTable::from_config(None, &crate::tui::tabs::key_contexts()).unwrap();
    }

    #[test]
    fn names_are_unique_per_section() {
        for (i, a) in ACTIONS.iter().enumerate() {
            for b in &ACTIONS[i + 1..] {
                assert!(
                    !(a.section == b.section && a.name == b.name),
                    "{} {}",
                    a.section.name(),
                    a.name
                );
                assert!(
                    !(a.section == b.section && a.action == b.action),
                    "{:?} twice in {}",
                    a.action,
                    a.section.name()
                );
            }
        }
    }

    #[test]
    fn key_names_parse_and_match_events() {
        let p: KeyBind = "ctrl-p".parse().unwrap();
        assert!(p.matches(&key(KeyCode::Char('p'), KeyModifiers::CONTROL)));
        assert!(p.matches(&key(KeyCode::Char('P'), KeyModifiers::CONTROL)));
        let g: KeyBind = "G".parse().unwrap();
        assert!(g.matches(&key(KeyCode::Char('G'), KeyModifiers::SHIFT)));
        assert!(g.matches(&key(KeyCode::Char('G'), KeyModifiers::NONE)));
        assert!(!g.matches(&key(KeyCode::Char('g'), KeyModifiers::NONE)));
        let bt: KeyBind = "shift-tab".parse().unwrap();
        assert!(bt.matches(&key(KeyCode::BackTab, KeyModifiers::SHIFT)));
        assert_eq!("backtab".parse::<KeyBind>().unwrap(), bt);
        assert_eq!("F5".parse::<KeyBind>().unwrap().code, KeyCode::F(5));
        assert_eq!("-".parse::<KeyBind>().unwrap().code, KeyCode::Char('-'));
        assert_eq!(
            "ctrl--".parse::<KeyBind>().unwrap().code,
            KeyCode::Char('-')
        );
        assert!("ctl-p".parse::<KeyBind>().is_err());
        assert!("f13".parse::<KeyBind>().is_err());
        assert_eq!(p.to_string(), "^p");
        assert_eq!("up".parse::<KeyBind>().unwrap().to_string(), "↑");
    }

    #[test]
    fn overrides_replace_and_errors_name_the_place() {
        let t: toml::Table = "[workspaces]\nnew = \"n\"\n[global]\nquit = [\"q\", \"ctrl-q\"]\n"
            .parse()
            .unwrap();
        let keys = KeyTable::from_config(Some(&t), &crate::tui::tabs::key_contexts()).unwrap();
        assert_eq!(keys.label(Section::Workspaces, Action::NewWorkspace), "n");
        assert_eq!(keys.label(Section::Global, Action::Quit), "q/^q");

        for (text, wanted) in [
            ("[wrkspaces]\nnew = \"n\"\n", "unknown section [wrkspaces]"),
            ("[workspaces]\ncreate = \"n\"\n", "has no action 'create'"),
            ("[workspaces]\nnew = \"ctl-n\"\n", "'ctl-n' is not a key"),
            ("[workspaces]\nnew = []\n", "at least one key"),
            ("[workspaces]\nnew = 3\n", "give a key or a list"),
            ("[workspaces]\nnew = \"q\"\n", "'q' is bound to both"),
        ] {
            let t: toml::Table = text.parse().unwrap();
            let err =
                KeyTable::from_config(Some(&t), &crate::tui::tabs::key_contexts()).unwrap_err();
            assert!(err.message.contains(wanted), "{text}: {err}");
        }
    }

    #[test]
    fn lookup_takes_the_first_section() {
        let keys = KeyTable::defaults();
        let tab = key(KeyCode::Tab, KeyModifiers::NONE);
        assert_eq!(
            keys.lookup(&[Section::Completion, Section::Dialog], &tab),
            Some(Action::Complete)
        );
        assert_eq!(
            keys.lookup(&[Section::Dialog], &tab),
            Some(Action::NextField)
        );
        assert_eq!(keys.lookup(&[Section::Help], &tab), None);
    }
}
