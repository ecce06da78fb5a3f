//! `Model`: everything the UI knows, and what can be read from it. `app` changes it (`update`)
//! and drives the screens (`Model::with_screen_of`); `view` draws it. Kept apart from `app` so
//! that the helpers `app` calls (marks, clipboard, the command line, the refresh clock) can read
//! and change the model without importing `app`.

use super::command_input::CommandLine;
use super::context::{Ctx, ReqIds};
use super::guard::Guarded;
use super::keys::{Action, KeyTable, Section};
use super::layout;
use super::overlays::Overlay;
use super::refresh_clock::Live;
use super::request::ReqId;
use super::screen::Screen;
use super::selection::{self, Selected};
use super::tab::Tab;
use super::tabs::actions::ActionsTab;
use super::tabs::audit::AuditTab;
use super::tabs::compute::ComputeTab;
use super::tabs::credentials::CredentialsTab;
use super::tabs::launchpad::LaunchpadTab;
use super::tabs::participants::ParticipantsTab;
use super::tabs::resources::Resources;
use super::tabs::runs::RunsTab;
use super::tabs::settings::SettingsTab;
use super::tabs::workspaces::WorkspacesTab;
use super::theme::Theme;
use super::widgets::help::{self, Help};
use super::widgets::list::Nav;
use super::widgets::toast::{ToastKind, Toasts};
use crate::domain::{Org, Permission, Session, Workspace, WorkspaceId};
use ratatui::layout::Rect;
use tui_input::Input;

/// A `Ctx` over the model's fields, written out so that it borrows only the fields it reads
/// (a screen, another field, can be borrowed to change beside it).
macro_rules! ctx {
    ($m:expr) => {
        Ctx {
            keys: &$m.keys,
            session: $m.session.as_ref(),
            workspaces: $m.ws.workspaces.clone(),
            orgs: $m.ws.orgs.clone(),
            workspaces_loading: $m.ws.list.is_loading(),
            current: $m.current,
            res: &$m.res,
            filter_input: $m.filter_input.as_ref(),
            size: $m.size,
            tick: $m.tick,
            reqs: &$m.reqs,
            tab: $m.tab,
        }
    };
}
pub(super) use ctx;

/// The screen registry: each tab's screen, as `&dyn Screen` (or `&mut`, with `mut`). Written
/// out as field accesses so that a `&mut` screen can be borrowed beside a `ctx!` of the other
/// fields. A new screen is one line here.
macro_rules! screen_of {
    ($m:expr, $tab:expr $(, $mut:tt)?) => {
        match $tab {
            Tab::Workspaces => &$($mut)? $m.ws,
            Tab::Participants => &$($mut)? $m.parts,
            Tab::Launchpad => &$($mut)? $m.pad,
            Tab::Runs => &$($mut)? $m.runs,
            Tab::Actions => &$($mut)? $m.actions,
            Tab::Settings => &$($mut)? $m.settings,
            Tab::Compute => &$($mut)? $m.compute,
            Tab::Credentials => &$($mut)? $m.credentials,
            Tab::Audit => &$($mut)? $m.audit,
        }
    };
}
pub(super) use screen_of;

/// Everything the UI knows. Drawn by `view::draw` from `&Model`.
pub struct Model {
    pub keys: KeyTable,
    /// "embedded: /path/demo.db" or an endpoint.
    pub backend: String,
    pub session: Option<Session>,
    pub size: Rect,
    pub tab: Tab,
    pub ws: WorkspacesTab,
    pub parts: ParticipantsTab,
    pub pad: LaunchpadTab,
    pub runs: RunsTab,
    /// The current workspace's actions (pipeline triggers).
    pub actions: ActionsTab,
    /// The current workspace's compute environments, credentials and labels (Compute,
    /// Credentials and Settings show them; the forms choose from them).
    pub res: Resources,
    pub settings: SettingsTab,
    pub compute: ComputeTab,
    pub credentials: CredentialsTab,
    pub audit: AuditTab,
    /// The current workspace (the header's, the one Participants shows).
    pub current: Option<WorkspaceId>,
    /// Popups, the top one last.
    pub overlays: Vec<Overlay>,
    /// The filter being typed over the focused list.
    pub filter_input: Option<Input>,
    pub toasts: Toasts,
    /// Spinner ticks so far (the model's only clock).
    pub tick: u64,
    pub quit: bool,
    /// The refresh clock that keeps every list current (`live`).
    pub live: Live,
    /// Every change is refused ("read-only session"); the client refuses them too.
    pub readonly: bool,
    /// The command line (`:`), while it is open.
    pub command: Option<CommandLine>,
    /// The config file's profiles (`:profile NAME`); empty when the UI cannot reconnect.
    pub profiles: Vec<String>,
    /// A profile to connect with: the loop that owns the client takes it.
    pub connect: Option<String>,
    /// Text to put on the clipboard: the loop that owns the terminal takes it (OSC 52).
    pub copy: Option<String>,
    /// A change whose impact is loading; its confirmation opens with the reply (`guard`).
    pub guard: Option<(ReqId, Box<Guarded>)>,
    pub(super) dirty: bool,
    pub(super) reqs: ReqIds,
    pub(super) session_req: Option<ReqId>,
}

impl Model {
    pub fn new(keys: KeyTable, backend: String, size: Rect) -> Self {
        Self {
            keys,
            backend,
            session: None,
            size,
            tab: Tab::Workspaces,
            ws: WorkspacesTab::default(),
            parts: ParticipantsTab::default(),
            pad: LaunchpadTab::default(),
            runs: RunsTab::default(),
            actions: ActionsTab::default(),
            res: Resources::default(),
            settings: SettingsTab::default(),
            compute: ComputeTab,
            credentials: CredentialsTab,
            audit: AuditTab::default(),
            current: None,
            overlays: Vec::new(),
            filter_input: None,
            toasts: Toasts::default(),
            tick: 0,
            quit: false,
            live: Live::default(),
            readonly: false,
            command: None,
            profiles: Vec::new(),
            connect: None,
            copy: None,
            guard: None,
            dirty: true,
            reqs: ReqIds::default(),
            session_req: None,
        }
    }

    /// A fresh request id.
    pub fn req(&mut self) -> ReqId {
        self.reqs.next()
    }

    /// What the screens may read.
    pub fn ctx(&self) -> Ctx<'_> {
        ctx!(self)
    }

    /// The active screen.
    pub fn screen(&self) -> &dyn Screen {
        self.screen_of(self.tab)
    }

    /// The screen of a tab (`screen_of!`, the registry).
    pub fn screen_of(&self, tab: Tab) -> &dyn Screen {
        screen_of!(self, tab)
    }

    /// What the focused list's selected row is, for the copy keys.
    pub fn selected(&self) -> Option<Selected> {
        self.screen().selected(&self.ctx())
    }

    /// Whether something changed since the last draw (and forget it).
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    /// The help's text for what is under it (the popup below it, or the screen), at the
    /// current size.
    pub fn help_text(&self, theme: &Theme) -> Vec<ratatui::text::Line<'static>> {
        let width = Help::area(self.size).width.saturating_sub(4) as usize;
        let below = self
            .overlays
            .iter()
            .rev()
            .find(|o| !matches!(o, Overlay::Help(_)));
        let here = match below {
            Some(o) => o.context(),
            None => self.screen_context(),
        };
        let refusal = |s: Section, a: Action| self.refusal(s, a);
        help::lines(&self.keys, &here, &refusal, theme, width)
    }

    /// How far the help can scroll at the current size.
    pub fn help_max_scroll(&self) -> usize {
        self.help_text(&Theme::default())
            .len()
            .saturating_sub(Help::page(self.size))
    }

    pub fn toast(&mut self, kind: ToastKind, text: impl Into<String>) {
        self.toasts.push(kind, text, self.tick);
    }

    /// Whether anything is loading or saving (the spinner turns).
    pub fn is_busy(&self) -> bool {
        self.session_req.is_some()
            || Tab::ALL.iter().any(|tab| self.screen_of(*tab).is_busy())
            || self.res.is_loading()
            || self.guard.is_some()
            || self.overlays.iter().any(Overlay::is_busy)
    }

    pub fn operator(&self) -> bool {
        self.session.as_ref().is_some_and(|s| s.operator)
    }

    pub fn current_workspace(&self) -> Option<&Workspace> {
        let id = self.current?;
        self.ws.workspaces.iter().find(|w| w.id == id)
    }

    /// Why the acting user may not do `permission` in `ws`, if they may not.
    pub fn ws_refusal(&self, ws: &Workspace, permission: Permission) -> Option<String> {
        self.ctx().ws_refusal(ws, permission)
    }

    /// Why the acting user may not do an org-owner action (`what`) in `org`, if they may not.
    pub fn org_refusal(&self, org: &Org, what: &str) -> Option<String> {
        self.ctx().org_refusal(org, what)
    }

    /// The sections that hold keys right now, in routing order (popup, focused field, screen,
    /// global). The footer and the help overlay show the same list.
    pub fn context(&self) -> Vec<Section> {
        if let Some(top) = self.overlays.last() {
            return top.context();
        }
        if self.command.is_some() {
            return vec![Section::Command];
        }
        if self.filter_input.is_some() {
            return vec![Section::Filter];
        }
        self.screen_context()
    }

    /// The sections of the current screen (without popups or a filter being typed).
    pub fn screen_context(&self) -> Vec<Section> {
        self.screen().sections()
    }

    /// Whether an action of a section in the context does anything now (filtering does not
    /// apply to popups that borrow the list keys for scrolling).
    pub fn applies(&self, section: Section, action: Action) -> bool {
        match self.overlays.last() {
            Some(top) => {
                top.applies(action)
                    && !(section == Section::List
                        && matches!(action, Action::Filter | Action::ClearFilter))
            }
            // Without a list there is nothing to filter.
            None => {
                !(section == Section::List
                    && matches!(action, Action::Filter)
                    && self.focused_list_ref().is_none())
            }
        }
    }

    /// Why an action of the current screen is not allowed, if it is not.
    pub fn refusal(&self, section: Section, action: Action) -> Option<String> {
        if matches!(action, Action::CopyId | Action::CopyName | Action::CopyUrl) {
            return selection::why_not(self.selected().as_ref(), action);
        }
        if matches!(
            section,
            Section::Global | Section::List | Section::Filter | Section::Command
        ) {
            return None;
        }
        if self.readonly && action.mutates() {
            return Some(crate::domain::READ_ONLY_SESSION.to_string());
        }
        self.screen().refusal(&self.ctx(), action)
    }

    /// Whether `:profile` can reconnect (the config file has profiles, and the UI runs in a
    /// loop that can connect).
    pub fn can_switch_profile(&self) -> bool {
        !self.profiles.is_empty()
    }

    /// The list that has the focus, as something to move through and filter.
    pub fn focused_list(&mut self) -> Option<&mut dyn Nav> {
        if let Some(which) = self.screen().shared_list() {
            return Some(self.res.list_mut(which));
        }
        let screen: &mut dyn Screen = screen_of!(self, self.tab, mut);
        screen.focused_list()
    }

    pub fn focused_list_ref(&self) -> Option<&dyn Nav> {
        let screen = self.screen();
        match screen.shared_list() {
            Some(which) => Some(self.res.list(which)),
            None => screen.focused_list_ref(),
        }
    }

    /// The screen row of the focused list's selection, where toasts must not cover it.
    pub fn selected_row_y(&self) -> Option<u16> {
        let body = layout::areas(self.size).body;
        let table = self.screen().layout(&self.ctx(), body).table?;
        let list = self.focused_list_ref()?;
        if list.is_empty() {
            return None;
        }
        let rows = super::widgets::table::rows_area(table);
        let offset = list.offset(rows.height as usize);
        let row = list.selected().saturating_sub(offset) as u16;
        Some(rows.y + row)
    }

    /// The visible rows of the focused list at the current size.
    pub fn focused_height(&self) -> usize {
        let body = layout::areas(self.size).body;
        let table = self.screen().layout(&self.ctx(), body).table;
        table.map_or(0, |t| super::widgets::table::rows_area(t).height as usize)
    }
}
