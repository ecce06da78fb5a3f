//! The model and `update`: the only place state changes. `update(&mut Model, Msg)` does no I/O;
//! it returns `Effect`s for the driver to run. Keys are routed through the context's sections
//! (popup, then focused field, then screen, then global), all read from the one key table.

use super::clipboard;
use super::cmd::Cmd;
use super::command_line::{self, CommandLine};
use super::context::{Ctx, ReqIds};
use super::effects::Effect;
use super::guard::Guarded;
use super::keys::{Action, KeyTable, Section};
use super::layout;
use super::live::{self, Live};
use super::marks;
use super::msg::Msg;
use super::overlay::Jump;
use super::overlays::{self, Overlay};
use super::request::{Data, Outcome, ReqId};
use super::request::{Load, Mutation};
use super::screen::Screen;
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
use super::widgets::confirm::Confirm;
use super::widgets::help::{self, Help};
use super::widgets::new_token::NewToken;
// Re-exported: screens and tests name them from here too.
pub use super::widgets::list::Nav;
use super::widgets::switcher::Switcher;
pub use super::widgets::table::mouse_on_table;
use super::widgets::toast::{ToastKind, Toasts};
use crate::domain::{Org, Permission, Session, Workspace, WorkspaceId};
use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

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
    dirty: bool,
    reqs: ReqIds,
    session_req: Option<ReqId>,
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

    /// The first requests: who we are, and the workspaces.
    pub fn init(&mut self) -> Vec<Effect> {
        let mut fx = Vec::new();
        // The change stamp first, so that a change made while the lists load is seen.
        live::start(self, &mut fx);
        let req = self.req();
        self.session_req = Some(req);
        fx.push(Effect::Load {
            req,
            what: Load::Session,
        });
        self.with_screen_of(Tab::Workspaces, &mut fx, |screen, ctx, cmds| {
            screen.reload(ctx, cmds)
        });
        fx
    }

    /// Starts over on another backend (`:profile`): everything shown is dropped and loaded
    /// again. Request ids go on counting, so a late reply from the old backend matches
    /// nothing and is dropped.
    pub fn reconnected(&mut self, backend: String, readonly: bool) -> Vec<Effect> {
        let mut fresh = Model::new(self.keys.clone(), backend, self.size);
        fresh.reqs = std::mem::take(&mut self.reqs);
        fresh.profiles = std::mem::take(&mut self.profiles);
        fresh.tick = self.tick;
        fresh.readonly = readonly;
        *self = fresh;
        self.init()
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

    /// The screen of a tab: the registry (`with_screen_of` is the same table, to change).
    pub fn screen_of(&self, tab: Tab) -> &dyn Screen {
        match tab {
            Tab::Workspaces => &self.ws,
            Tab::Participants => &self.parts,
            Tab::Launchpad => &self.pad,
            Tab::Runs => &self.runs,
            Tab::Actions => &self.actions,
            Tab::Settings => &self.settings,
            Tab::Compute => &self.compute,
            Tab::Credentials => &self.credentials,
            Tab::Audit => &self.audit,
        }
    }

    /// Whether something changed since the last draw (and forget it).
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    /// Runs `f` on the active screen with a context beside it, then the commands it pushed.
    fn with_screen<R>(
        &mut self,
        fx: &mut Vec<Effect>,
        f: impl FnOnce(&mut dyn Screen, &Ctx, &mut Vec<Cmd>) -> R,
    ) -> R {
        self.with_screen_of(self.tab, fx, f)
    }

    /// The same for the screen of any tab (replies and reloads reach hidden screens too).
    pub fn with_screen_of<R>(
        &mut self,
        tab: Tab,
        fx: &mut Vec<Effect>,
        f: impl FnOnce(&mut dyn Screen, &Ctx, &mut Vec<Cmd>) -> R,
    ) -> R {
        let mut cmds = Vec::new();
        let result = {
            let ctx = ctx!(self);
            let screen: &mut dyn Screen = match tab {
                Tab::Workspaces => &mut self.ws,
                Tab::Participants => &mut self.parts,
                Tab::Launchpad => &mut self.pad,
                Tab::Runs => &mut self.runs,
                Tab::Actions => &mut self.actions,
                Tab::Settings => &mut self.settings,
                Tab::Compute => &mut self.compute,
                Tab::Credentials => &mut self.credentials,
                Tab::Audit => &mut self.audit,
            };
            f(screen, &ctx, &mut cmds)
        };
        run_cmds(self, cmds, fx);
        result
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
    fn help_max_scroll(&self) -> usize {
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
            || self.ws.is_loading()
            || self.parts.is_busy()
            || self.pad.list.is_loading()
            || self.runs.is_loading()
            || self.actions.list.is_loading()
            || self.res.is_loading()
            || self.settings.is_loading()
            || self.guard.is_some()
            || self.audit.is_loading()
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
        if self.operator() {
            return None;
        }
        // A custom role's permissions count too (`EffectiveRole::allows`).
        match ws.my_role.allows(permission) {
            true => None,
            false => Some(permission.refusal_named(ws.my_role.role_name())),
        }
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
            return clipboard::refusal(self, action);
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
        match self.tab {
            Tab::Workspaces => Screen::focused_list(&mut self.ws),
            Tab::Participants => self.parts.focused_list(),
            Tab::Runs => self.runs.focused_list(),
            Tab::Actions => self.actions.focused_list(),
            Tab::Launchpad => self.pad.focused_list(),
            Tab::Settings => self.settings.focused_list(),
            Tab::Compute => self.compute.focused_list(),
            Tab::Credentials => self.credentials.focused_list(),
            Tab::Audit => Screen::focused_list(&mut self.audit),
        }
    }

    fn focused_list_ref(&self) -> Option<&dyn Nav> {
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

/// The one update function.
pub fn update(m: &mut Model, msg: Msg) -> Vec<Effect> {
    let mut fx = Vec::new();
    match msg {
        Msg::Key(key) => {
            m.dirty = true;
            on_key(m, key, &mut fx);
        }
        Msg::Mouse(ev) => on_mouse(m, ev, &mut fx),
        Msg::Paste(text) => {
            m.dirty = true;
            on_paste(m, &text, &mut fx);
        }
        Msg::Resize { width, height } => {
            m.size = Rect::new(0, 0, width, height);
            m.dirty = true;
        }
        Msg::Tick => {
            m.tick += 1;
            if m.toasts.expire(m.tick) || m.is_busy() {
                m.dirty = true;
            }
        }
        Msg::Quit => m.quit = true,
        Msg::Poll => {
            live::poll(m, &mut fx);
            m.dirty |= m.live.refreshing;
        }
        Msg::Timer { req } => {
            m.dirty = true;
            for tab in Tab::ALL {
                m.with_screen_of(tab, &mut fx, |screen, ctx, cmds| {
                    screen.timer(ctx, req, cmds)
                });
            }
        }
        Msg::Loaded { req, what, result } => {
            m.dirty = true;
            live::saw(m, &result);
            on_loaded(m, req, what, result, &mut fx);
            live::settled(m);
        }
        Msg::Done { req, op, result } => {
            m.dirty = true;
            on_done(m, req, op, result, &mut fx);
        }
    }
    fx
}

fn on_key(m: &mut Model, key: KeyEvent, fx: &mut Vec<Effect>) {
    // Ctrl-C quits from anywhere, even inside a text field.
    if m.keys.is(Section::Global, Action::ForceQuit, &key) {
        m.quit = true;
        return;
    }
    let context = m.context();
    for section in &context {
        if let Some(action) = m.keys.lookup(&[*section], &key)
            && handle(m, *section, action, fx)
        {
            return;
        }
    }
    // Nothing bound it: text for the focused field, if there is one.
    if !m.overlays.is_empty() {
        overlays::type_key(&mut m.overlays, key);
    } else if let Some(line) = &mut m.command {
        if let Some(req) = to_input_request(&ratatui::crossterm::event::Event::Key(key))
            && line.input.handle(req).is_some()
        {
            line.edited();
        }
    } else if let Some(input) = &mut m.filter_input
        && let Some(req) = to_input_request(&ratatui::crossterm::event::Event::Key(key))
        && input.handle(req).is_some()
    {
        let text = input.value().to_string();
        if let Some(list) = m.focused_list() {
            list.set_filter(&text);
        }
        after_move(m, fx);
    }
}

/// Runs an action found in a section; false if it does not apply now (the next section gets
/// the key). The command line runs actions by name through here too.
pub fn handle(m: &mut Model, section: Section, action: Action, fx: &mut Vec<Effect>) -> bool {
    if !m.overlays.is_empty() {
        // A popup borrows the list keys for its own moves.
        let help_max = m.help_max_scroll();
        let mut cmds = Vec::new();
        let consumed = {
            let ctx = ctx!(m);
            overlays::handle(&mut m.overlays, &ctx, action, help_max, &mut cmds)
        };
        run_cmds(m, cmds, fx);
        return consumed;
    }
    match section {
        Section::Global => global(m, action, fx),
        Section::Command => command_line::action(m, action, fx),
        Section::List | Section::Filter => list_action(m, action, fx),
        _ if m.readonly && action.mutates() => {
            m.toast(ToastKind::Error, crate::domain::READ_ONLY_SESSION);
            true
        }
        // With rows marked, the actions that have a bulk form act on all of them; the rest
        // of the context is the active screen's.
        _ => {
            let mut cmds = Vec::new();
            match marks::bulk(m, action, &mut cmds) {
                Some(handled) => {
                    run_cmds(m, cmds, fx);
                    handled
                }
                None => m.with_screen(fx, |screen, ctx, cmds| screen.handle(ctx, action, cmds)),
            }
        }
    }
}

fn global(m: &mut Model, action: Action, fx: &mut Vec<Effect>) -> bool {
    match action {
        Action::Quit | Action::ForceQuit => m.quit = true,
        Action::Help => m.overlays.push(Overlay::Help(Help::default())),
        Action::Switcher => {
            let s = Switcher::new(&m.ws.workspaces, m.current);
            m.overlays.push(Overlay::Switcher(Box::new(s)));
        }
        Action::CommandLine => {
            m.filter_input = None;
            m.command = Some(CommandLine::default());
        }
        Action::CopyId | Action::CopyName | Action::CopyUrl => return clipboard::copy(m, action),
        Action::Refresh => refresh_all(m, fx),
        Action::NextTab => set_tab(m, m.tab.next(), fx),
        Action::PrevTab => set_tab(m, m.tab.prev(), fx),
        Action::Goto(tab) => set_tab(m, tab, fx),
        _ => return false,
    }
    true
}

/// Shows a tab; it loads what it shows if it has not yet, for the current workspace.
pub fn set_tab(m: &mut Model, tab: Tab, fx: &mut Vec<Effect>) {
    m.tab = tab;
    m.filter_input = None;
    sync_tab(m, fx);
}

/// The shown tab follows the current workspace (the others catch up when shown).
pub fn sync_tab(m: &mut Model, fx: &mut Vec<Effect>) {
    if m.screen().uses_resources() {
        // Its forms choose from the workspace's environments and labels.
        sync_resources(m, fx);
    }
    m.with_screen(fx, |screen, ctx, cmds| screen.sync(ctx, cmds));
}

fn list_action(m: &mut Model, action: Action, fx: &mut Vec<Effect>) -> bool {
    let height = m.focused_height().max(1);
    let editing = m.filter_input.is_some();
    match action {
        Action::KeepFilter => {
            m.filter_input = None;
            return true;
        }
        Action::ClearFilter => {
            if editing {
                m.filter_input = None;
                if let Some(list) = m.focused_list() {
                    list.set_filter("");
                }
            } else if m.focused_list_ref().is_some_and(|l| !l.filter().is_empty()) {
                if let Some(list) = m.focused_list() {
                    list.set_filter("");
                }
            } else if m.focused_list_ref().is_some_and(|l| l.marks() > 0) {
                if let Some(list) = m.focused_list() {
                    list.clear_marks();
                }
            } else if !m.toasts.clear() {
                return false;
            }
            after_move(m, fx);
            return true;
        }
        Action::Filter => {
            let Some(list) = m.focused_list() else {
                return false;
            };
            let current = list.filter().to_string();
            m.filter_input = Some(Input::new(current));
            return true;
        }
        _ => {}
    }
    let Some(list) = m.focused_list() else {
        return false;
    };
    match action {
        Action::Mark => {
            // Marked, the selection moves on: Space Space Space marks a run of rows.
            if !list.toggle_mark() {
                return false;
            }
            list.move_by(1);
        }
        Action::MarkAll => {
            if !list.mark_shown() {
                return false;
            }
        }
        Action::Up => list.move_by(-1),
        Action::Down => list.move_by(1),
        Action::Top => list.top(),
        Action::Bottom => list.bottom(),
        Action::PageUp => list.move_by(-(height as isize)),
        Action::PageDown => list.move_by(height as isize),
        _ => return false,
    }
    after_move(m, fx);
    true
}

/// The shared resources follow the current workspace.
fn sync_resources(m: &mut Model, fx: &mut Vec<Effect>) {
    let mut cmds = Vec::new();
    let scope = m.ctx().current_scope();
    m.res.sync(scope, &m.reqs, &mut cmds);
    run_cmds(m, cmds, fx);
}

/// Runs what a screen asked for, in order.
pub fn run_cmds(m: &mut Model, cmds: Vec<Cmd>, fx: &mut Vec<Effect>) {
    for cmd in cmds {
        match cmd {
            Cmd::Load { req, what } => fx.push(Effect::Load { req, what }),
            Cmd::Mutate { req, op } => fx.push(Effect::Mutate { req, op }),
            Cmd::Timer { req, after } => fx.push(Effect::Timer { req, after }),
            Cmd::Guard { req, guarded } => {
                let what = Load::Impact(guarded.harm.clone());
                // A newer guarded action replaces one still waiting: its reply is dropped.
                m.guard = Some((req, guarded));
                fx.push(Effect::Load { req, what });
            }
            Cmd::Open(overlay) => m.overlays.push(overlay),
            Cmd::Toast(kind, text) => m.toast(kind, text),
            Cmd::CopySecret(secret, what) => {
                m.copy = Some(secret.expose().to_string());
                m.toast(ToastKind::Ok, format!("Copied {what} to the clipboard"));
            }
            Cmd::SetTab(tab) => set_tab(m, tab, fx),
            Cmd::SetCurrent(Some(id)) => set_current(m, id, fx),
            Cmd::SetCurrent(None) => m.current = None,
            Cmd::EndFilter => m.filter_input = None,
            Cmd::Switch(id) => {
                set_current(m, id, fx);
                m.ws.list.select_where(|r| r.workspace_id() == Some(id));
            }
            Cmd::Picked(tab, choice) => {
                m.with_screen_of(tab, fx, |screen, ctx, cmds| {
                    screen.picked(ctx, choice, cmds)
                });
            }
            Cmd::NarrowAudit(narrowing) => {
                let mut cmds = Vec::new();
                {
                    let ctx = ctx!(m);
                    m.audit.narrow(&ctx, narrowing, &mut cmds);
                }
                run_cmds(m, cmds, fx);
            }
        }
    }
}

/// After the selection of the focused list moved: keep it visible, and load what depends on
/// it (a team's members).
pub fn after_move(m: &mut Model, fx: &mut Vec<Effect>) {
    let height = m.focused_height();
    if let Some(list) = m.focused_list() {
        list.scroll_into_view(height);
    }
    m.with_screen(fx, |screen, ctx, cmds| screen.after_move(ctx, cmds));
}

fn on_paste(m: &mut Model, text: &str, fx: &mut Vec<Effect>) {
    if !m.overlays.is_empty() {
        overlays::paste(&mut m.overlays, text);
    } else if let Some(line) = &mut m.command {
        for c in text.replace(['\n', '\r'], " ").chars() {
            line.input.handle(tui_input::InputRequest::InsertChar(c));
        }
        line.edited();
    } else if let Some(input) = &mut m.filter_input {
        for c in text.replace(['\n', '\r'], " ").chars() {
            input.handle(tui_input::InputRequest::InsertChar(c));
        }
        let value = input.value().to_string();
        if let Some(list) = m.focused_list() {
            list.set_filter(&value);
        }
    } else {
        m.with_screen(fx, |screen, ctx, cmds| screen.paste(ctx, text, cmds));
    }
}

fn on_mouse(m: &mut Model, ev: MouseEvent, fx: &mut Vec<Effect>) {
    let pos = Position::new(ev.column, ev.row);
    let scroll = match ev.kind {
        MouseEventKind::ScrollDown => 3,
        MouseEventKind::ScrollUp => -3,
        MouseEventKind::Down(MouseButton::Left) => 0,
        _ => return,
    };
    m.dirty = true;
    if !m.overlays.is_empty() {
        if scroll != 0 {
            let help_max = m.help_max_scroll();
            overlays::scroll(&mut m.overlays, scroll, help_max, m.size);
        }
        return;
    }
    if layout::too_small(m.size) {
        return;
    }
    let areas = layout::areas(m.size);
    if scroll == 0 && areas.tabs.contains(pos) {
        if let Some(spot) = layout::tab_bar(areas.tabs)
            .into_iter()
            .find(|s| pos.x >= s.x && pos.x < s.x + s.width)
        {
            set_tab(m, spot.tab, fx);
        }
        return;
    }
    if !areas.body.contains(pos) {
        return;
    }
    let took = m.with_screen(fx, |screen, ctx, cmds| {
        screen.mouse(ctx, areas.body, pos, scroll, cmds)
    });
    let moved = match took {
        Some(moved) => moved,
        // Not the screen's own spot: the focused table, where the screen drew it.
        None => {
            let table = m.screen().layout(&m.ctx(), areas.body).table;
            match (table, m.focused_list()) {
                (Some(table), Some(list)) => mouse_on_table(list, table, pos, scroll),
                _ => false,
            }
        }
    };
    if moved {
        after_move(m, fx);
    }
}

fn on_loaded(
    m: &mut Model,
    req: ReqId,
    what: Load,
    result: crate::domain::Result<Data>,
    fx: &mut Vec<Effect>,
) {
    match what {
        Load::Session => {
            if m.session_req != Some(req) {
                return;
            }
            m.session_req = None;
            match result {
                Ok(Data::Session(s)) => m.session = Some(s),
                Ok(_) => {}
                Err(e) => m.toast(ToastKind::Error, e.message),
            }
        }
        Load::Workspaces
        | Load::Members(_)
        | Load::Teams(_)
        | Load::TeamMembers { .. }
        | Load::Participants { .. }
        | Load::Access { .. }
        | Load::Runs { .. }
        | Load::Pipelines { .. }
        | Load::Actions(_)
        | Load::Credits { .. }
        | Load::Studios(_)
        | Load::Secrets(_)
        | Load::Tokens
        | Load::Audit { .. } => {
            let Some(tab) = Tab::ALL.into_iter().find(|t| m.screen_of(*t).takes(&what)) else {
                return;
            };
            m.with_screen_of(tab, fx, |screen, ctx, cmds| {
                screen.loaded(ctx, req, what, result, cmds)
            });
        }
        Load::Candidates(_) | Load::LaunchOptions { .. } => {
            overlays::form_loaded(&mut m.overlays, req, result)
        }
        Load::Resources(_) => m.res.loaded(req, result),
        Load::Run { .. } => overlays::details_loaded(&mut m.overlays, req, result),
        Load::RunProcesses { .. } => {
            super::tabs::runs::processes_loaded(&mut m.overlays, req, result)
        }
        Load::Changes => live::changes(m, req, result, fx),
        Load::Impact(_) => impact_loaded(m, req, result),
    }
}

/// The impact of a guarded change arrived: its confirmation opens, listing it. A form's
/// confirmation opens only while that form still waits (it was not closed meanwhile).
fn impact_loaded(m: &mut Model, req: ReqId, result: crate::domain::Result<Data>) {
    if m.guard.as_ref().is_none_or(|(r, _)| *r != req) {
        return;
    }
    let Some((_, guarded)) = m.guard.take() else {
        return;
    };
    if let Some(form) = guarded.form
        && !m.overlays.iter().any(|o| o.submitting() == Some(form))
    {
        return;
    }
    let impact = result.and_then(|d| match d {
        Data::Impact(i) => Ok(i),
        _ => Err(crate::domain::Error::internal("an unexpected reply")),
    });
    let (confirm, op) = guarded.confirm(impact);
    m.overlays.push(Overlay::Confirm(Box::new(confirm), op));
}

// Long: one arm per kind of outcome (toast, reveal, launch question, bulk report), kept
// together so what follows a change reads in one place.
fn on_done(
    m: &mut Model,
    req: ReqId,
    op: Mutation,
    result: crate::domain::Result<Outcome>,
    fx: &mut Vec<Effect>,
) {
    let owner = m.overlays.iter().position(|o| o.submitting() == Some(req));
    match result {
        Ok(outcome) => {
            if let Some(i) = owner {
                // A confirmation made for a form closes that form with it.
                if let Some(form) = m.overlays.remove(i).form_waiting() {
                    m.overlays.retain(|o| o.submitting() != Some(form));
                }
            }
            match outcome {
                Outcome::Done => m.toast(ToastKind::Ok, op.success()),
                Outcome::Created(id) => {
                    m.toast(ToastKind::Ok, op.success());
                    match op {
                        Mutation::CreateWorkspace { .. } => m.ws.list.reveal_on_load(id),
                        Mutation::AddMember { .. } => m.ws.members.reveal_on_load(id),
                        Mutation::CreateTeam { .. } => m.ws.teams.reveal_on_load(id),
                        Mutation::AddTeamMember { .. } => m.ws.team_members.reveal_on_load(id),
                        Mutation::AddParticipant { .. } => m.parts.list.reveal_on_load(id),
                        Mutation::CreatePipeline { .. } => m.pad.list.reveal_on_load(id),
                        Mutation::CreateLabel { .. } => m.res.labels.reveal_on_load(id),
                        _ => {}
                    }
                }
                Outcome::CreatedKey(key) => {
                    m.toast(ToastKind::Ok, op.success());
                    let id = super::widgets::list::key_id(&key);
                    match op {
                        Mutation::CreateComputeEnv { .. } => m.res.envs.reveal_on_load(id),
                        Mutation::CreateCredentials { .. } => m.res.creds.reveal_on_load(id),
                        Mutation::CreateAction { .. } => m.actions.list.reveal_on_load(id),
                        _ => {}
                    }
                }
                Outcome::Launched(run) => {
                    let env = run
                        .compute_env_name
                        .as_deref()
                        .map(|e| format!(" on {e}"))
                        .unwrap_or_default();
                    m.toast(
                        ToastKind::Ok,
                        format!(
                            "{}: run {}{env} is {}",
                            op.success(),
                            run.run_name,
                            run.status
                        ),
                    );
                    m.runs.reveal(&run);
                    let ask = Confirm::question(
                        "Launched",
                        format!(
                            "Run {} of {} was submitted{env}. Go to the Runs tab to follow it?",
                            run.run_name, run.project_name
                        ),
                    );
                    m.overlays
                        .push(Overlay::Jump(Box::new(ask), Jump::Runs(run.id.clone())));
                }
                Outcome::Token(id, token) => {
                    // The toast names the token; only the dialog shows it.
                    m.toast(ToastKind::Ok, op.success());
                    m.settings.tokens.reveal_on_load(id);
                    if let Mutation::CreateToken { name } = &op {
                        let dialog = NewToken::new(name.trim().to_string(), token);
                        m.overlays.push(Overlay::NewToken(Box::new(dialog)));
                    }
                }
                Outcome::Bulk(lines) => {
                    let report = super::widgets::bulk::BulkReport::new(lines);
                    show_report(m, report, |done, failed| {
                        format!("Bulk add: {done} added, {failed} failed")
                    });
                }
                Outcome::Each(lines) => {
                    let title = op.success();
                    let report = super::widgets::bulk::BulkReport::each(title.clone(), lines);
                    show_report(m, report, |done, failed| {
                        format!("{title}: {done} done, {failed} failed")
                    });
                    marks::done(m);
                }
            }
            if let Mutation::DeleteWorkspace { workspace, .. } = op
                && m.current == Some(workspace)
            {
                m.current = None;
            }
            if let Mutation::DeleteOrg { org, .. } = op
                && m.current_workspace().and_then(|w| w.org_id) == Some(org)
            {
                m.current = None;
            }
            moved_away(m, &op, fx);
            refresh_all(m, fx);
        }
        Err(e) => {
            // A busy database refused the change as a whole: what was typed stays, and the
            // same Enter tries again.
            let message = if e.kind == crate::domain::ErrorKind::Busy {
                format!("{} (press Enter to try again)", e.message)
            } else {
                e.message
            };
            if let Some(i) = owner {
                m.overlays[i].failed(message.clone());
            }
            m.toast(ToastKind::Error, message);
        }
    }
}

/// After leaving a workspace or an org, the current workspace moves to another one (the
/// personal workspace first) that the change did not leave.
fn moved_away(m: &mut Model, op: &Mutation, fx: &mut Vec<Effect>) {
    let left = |w: &Workspace| match op {
        Mutation::LeaveWorkspace { workspace, .. } => w.id == *workspace,
        Mutation::LeaveOrg { org, .. } => w.org_id == Some(*org),
        _ => false,
    };
    if !m.current_workspace().is_some_and(left) {
        return;
    }
    let next =
        m.ws.workspaces
            .iter()
            .filter(|w| !left(w))
            .min_by_key(|w| !w.is_personal())
            .map(|w| w.id);
    match next {
        Some(id) => set_current(m, id, fx),
        None => m.current = None,
    }
}

/// Loads again everything on screen (after a change, or on request).
pub fn refresh_all(m: &mut Model, fx: &mut Vec<Effect>) {
    for tab in Tab::ALL {
        m.with_screen_of(tab, fx, |screen, ctx, cmds| screen.reload(ctx, cmds));
    }
    let mut cmds = Vec::new();
    let scope = m.ctx().current_scope();
    m.res.reload(scope, &m.reqs, &mut cmds);
    run_cmds(m, cmds, fx);
}

/// Makes a workspace the current one; Participants and the shown tab follow.
pub fn set_current(m: &mut Model, id: WorkspaceId, fx: &mut Vec<Effect>) {
    m.current = Some(id);
    for tab in Tab::ALL {
        if m.screen_of(tab).follows_current() {
            m.with_screen_of(tab, fx, |screen, ctx, cmds| screen.sync(ctx, cmds));
        }
    }
    sync_tab(m, fx);
}

/// A per-row report: a toast counting what was done and what failed (Ok only when nothing
/// failed), and the report itself to read row by row.
fn show_report(
    m: &mut Model,
    report: super::widgets::bulk::BulkReport,
    summary: impl FnOnce(usize, usize) -> String,
) {
    let done = report.added();
    let failed = report.lines.len() - done;
    let kind = if failed == 0 {
        ToastKind::Ok
    } else {
        ToastKind::Info
    };
    m.toast(kind, summary(done, failed));
    m.overlays.push(Overlay::Bulk(report));
}

#[cfg(test)]
mod tests {
    use super::Tab;

    /// Keys are routed through exactly the contexts the clash check sees, on every screen
    /// and in every pane or section of one.
    #[test]
    fn every_screen_routes_keys_through_a_declared_context() {
        use super::Model;
        use crate::tui::keys::KeyTable;
        use crate::tui::tabs::settings::SettingsSection;
        use crate::tui::tabs::workspaces::Pane;
        let contexts = crate::tui::tabs::key_contexts();
        let mut m = Model::new(
            KeyTable::defaults(),
            String::new(),
            ratatui::layout::Rect::new(0, 0, 120, 40),
        );
        let mut seen = Vec::new();
        for tab in Tab::ALL {
            m.tab = tab;
            seen.push(m.screen_context());
        }
        m.tab = Tab::Workspaces;
        for pane in Pane::ALL {
            m.ws.pane = pane;
            seen.push(m.screen_context());
        }
        m.tab = Tab::Settings;
        for section in SettingsSection::ALL {
            m.settings.section = section;
            seen.push(m.screen_context());
        }
        for context in seen {
            assert!(
                contexts.contains(&context.as_slice()),
                "{context:?} is not declared"
            );
        }
    }
}
