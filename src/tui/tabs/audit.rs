//! The Audit tab: every change recorded in the audit log, newest first: when (local time),
//! who, the action, and the object. The log grows without bound, so the tab asks the backend
//! for one page and for the next (keyset: the entries before the last one loaded) only when
//! the selection comes near the end of what it has. `/` searches on the backend as you type
//! and `f` narrows to since/who/what; each request carries an id and replies to older ones
//! are dropped. `Enter` opens a change with its before and after side by side
//! (`audit_detail`).
//!
//! The log is the operator's (the engine says so to anyone else) and a server may not offer
//! it at all: either refusal is shown in place of the list and never asked again in the
//! session, so the live refresh does not repeat it.

use super::audit_detail::{AuditDetail, local_time};
use super::audit_forms::AuditFilterForm;
use super::audit_narrowing::Narrowing;
use super::boxes::note_box;
use crate::domain::{AuditEntry, AuditFilter, ErrorKind};
use crate::tui::cmd::Cmd;
use crate::tui::context::Ctx;
use crate::tui::keys::{Action, Section};
use crate::tui::layout;
use crate::tui::overlay::Overlay;
use crate::tui::request::{Data, Load, ReqId};
use crate::tui::screen::{Drawn, Screen};
use crate::tui::tab::Tab;
use crate::tui::theme::Theme;
use crate::tui::widgets::list::{Listing, LoadState, Nav};
use crate::tui::widgets::searched::SearchedList;
use crate::tui::widgets::table::{self, Column, TableSpec};
use crate::tui::widgets::text::truncate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Entries asked for at a time.
pub const PAGE: u32 = 100;
/// A refresh reloads at most this many entries (the pages loaded so far, up to it).
const REFRESH_MAX: u32 = 1000;

fn entry_text(e: &AuditEntry) -> String {
    format!(
        "{} {} {} {}",
        e.actor, e.action, e.object_type, e.object_name
    )
}

/// The loaded entries, and the search typed over them (sent to the backend); no marks.
pub type AuditList = SearchedList<AuditEntry>;

pub struct AuditTab {
    pub log: AuditList,
    pub narrowing: Narrowing,
    /// The search the rows were asked with.
    pub sent_search: String,
    /// Entries matching on the backend (as the first page counted them).
    pub total: u64,
    /// The request for the next page, if one is out.
    pub more_req: Option<ReqId>,
    /// A page came back short: nothing older matches.
    pub exhausted: bool,
    /// The backend's refusal (not the operator, or a server without the log).
    pub refused: Option<String>,
    /// The log was asked for once (the tab was shown).
    pub started: bool,
    /// Something changed while the tab was hidden: it reloads when shown.
    pub stale: bool,
}

impl Default for AuditTab {
    fn default() -> Self {
        Self {
            log: AuditList::new(Listing::new(entry_text, |e| e.id), false),
            narrowing: Narrowing::default(),
            sent_search: String::new(),
            total: 0,
            more_req: None,
            exhausted: false,
            refused: None,
            started: false,
            stale: false,
        }
    }
}

impl AuditTab {
    pub fn is_loading(&self) -> bool {
        self.log.list.is_loading() || self.more_req.is_some()
    }

    pub fn count(&self) -> usize {
        self.log.list.items().len()
    }

    /// The filter of a request: the narrowing, the search, and where the page starts.
    fn filter(&self, before_id: Option<i64>) -> AuditFilter {
        AuditFilter {
            since: self.narrowing.since.clone(),
            until: None,
            who: self.narrowing.who.clone(),
            what: self.narrowing.what.clone(),
            search: None,
            before_id,
        }
        .with_search(&self.log.search)
    }

    fn request(&self, ctx: &Ctx, before_id: Option<i64>, max: u32) -> (ReqId, Cmd) {
        let req = ctx.req();
        let what = Load::Audit {
            filter: self.filter(before_id),
            max,
        };
        (req, Cmd::Load { req, what })
    }

    /// Loads the first page for the current narrowing and search.
    fn load(&mut self, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
        if self.refused.is_some() {
            return;
        }
        let (req, effect) = self.request(ctx, None, PAGE);
        self.log.list.begin(req);
        self.more_req = None;
        self.exhausted = false;
        self.sent_search = self.log.search.trim().to_string();
        cmds.push(effect);
    }

    /// Loads again the entries already loaded (up to a limit), keeping the selection.
    fn refresh(&mut self, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
        if self.refused.is_some() {
            return;
        }
        let max = (self.count() as u32).clamp(PAGE, REFRESH_MAX);
        let (req, effect) = self.request(ctx, None, max);
        self.log.list.begin(req);
        self.more_req = None;
        cmds.push(effect);
    }

    /// The narrowing form was submitted.
    pub fn narrow(&mut self, ctx: &Ctx, narrowing: Narrowing, cmds: &mut Vec<Cmd>) {
        self.narrowing = narrowing;
        self.started = true;
        self.load(ctx, cmds);
    }

    /// The rows of the table at the current size.
    fn height(ctx: &Ctx) -> usize {
        let body = layout::areas(ctx.size).body;
        table::rows_area(areas(body)[1]).height as usize
    }

    /// Asks for the next page when the selection is within two screens of the end of what is
    /// loaded (and the backend has more).
    fn more_if_needed(&mut self, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
        let loaded = self.count();
        if self.more_req.is_some()
            || self.log.list.is_loading()
            || self.exhausted
            || self.refused.is_some()
            || loaded as u64 >= self.total
            || loaded == 0
        {
            return;
        }
        let h = Self::height(ctx).max(1);
        if self.log.list.selected() + 2 * h < self.log.list.len() {
            return;
        }
        let last = self.log.list.items().last().map(|e| e.id);
        let (req, effect) = self.request(ctx, last, PAGE);
        self.more_req = Some(req);
        cmds.push(effect);
    }

    /// A page arrived: the first (or a refresh), or the next after `after`.
    fn took(
        &mut self,
        first: bool,
        after: Option<i64>,
        items: Vec<AuditEntry>,
        total: u64,
        max: u32,
    ) {
        let short = items.len() < max as usize;
        if first {
            self.log.list.set_items(items);
            self.total = total;
            self.exhausted = short;
        } else if after == self.log.list.items().last().map(|e| e.id) {
            self.log.list.append(items);
            self.exhausted = short;
        }
        self.more_req = None;
    }

    /// A failed load: a refusal is shown in place for good; anything else in place of the
    /// rows (the first page) or as a message (a further page).
    fn failed(&mut self, first: bool, e: crate::domain::Error, cmds: &mut Vec<Cmd>) {
        if matches!(e.kind, ErrorKind::Forbidden | ErrorKind::Unavailable) {
            self.refused = Some(e.message.clone());
        }
        if first {
            self.log.list.fail(e);
        } else {
            self.more_req = None;
            if self.refused.is_none() {
                cmds.push(Cmd::error(e.message));
            }
        }
    }
}

fn refusal(tab: &AuditTab, action: Action) -> Option<String> {
    if let Some(why) = &tab.refused {
        return Some(why.clone());
    }
    match action {
        Action::AuditDetails if tab.log.list.selected_item().is_none() => {
            Some("no change selected".to_string())
        }
        _ => None,
    }
}

fn handle(tab: &mut AuditTab, action: Action, cmds: &mut Vec<Cmd>) -> bool {
    if !matches!(action, Action::AuditDetails | Action::AuditFilter) {
        return false;
    }
    if let Some(why) = refusal(tab, action) {
        cmds.push(Cmd::error(why));
        return true;
    }
    match action {
        Action::AuditDetails => {
            if let Some(e) = tab.log.list.selected_item() {
                let detail = AuditDetail::new(e.clone());
                cmds.push(Cmd::Open(Overlay::AuditChange(Box::new(detail))));
            }
        }
        Action::AuditFilter => cmds.push(Cmd::Open(AuditFilterForm::open(&tab.narrowing))),
        _ => {}
    }
    true
}

/// The narrowing strip, the table, and the line about the selected change.
fn areas(body: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(body)
}

/// The key contexts this screen shows (for the clash check).
pub const KEY_CONTEXTS: &[&[Section]] = &[&[Section::Audit, Section::List, Section::Global]];

impl Screen for AuditTab {
    fn sections(&self) -> Vec<Section> {
        KEY_CONTEXTS[0].to_vec()
    }

    fn refusal(&self, _ctx: &Ctx, action: Action) -> Option<String> {
        refusal(self, action)
    }

    fn handle(&mut self, _ctx: &Ctx, action: Action, cmds: &mut Vec<Cmd>) -> bool {
        handle(self, action, cmds)
    }

    fn takes(&self, what: &Load) -> bool {
        matches!(what, Load::Audit { .. })
    }

    fn loaded(
        &mut self,
        ctx: &Ctx,
        req: ReqId,
        what: Load,
        result: crate::domain::Result<Data>,
        cmds: &mut Vec<Cmd>,
    ) {
        let first = self.log.list.is_pending(req);
        if !first && self.more_req != Some(req) {
            return; // an older request: another search or narrowing
        }
        let Load::Audit { max, .. } = what else {
            return;
        };
        match result {
            Ok(Data::Audit {
                after,
                items,
                total,
            }) => {
                self.took(first, after, items, total, max);
                // The pages asked for before a refresh may have come back shorter.
                self.more_if_needed(ctx, cmds);
            }
            Ok(_) => {}
            Err(e) => self.failed(first, e, cmds),
        }
    }

    /// The log is everyone's changes: it follows every change, but while hidden it only
    /// notes that it is behind (and catches up when shown).
    fn reload(&mut self, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
        if !self.started || self.refused.is_some() {
            return;
        }
        if ctx.tab == Tab::Audit {
            self.refresh(ctx, cmds);
        } else {
            self.stale = true;
        }
    }

    fn sync(&mut self, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
        if !self.started {
            self.started = true;
            self.load(ctx, cmds);
        } else if std::mem::take(&mut self.stale) {
            self.refresh(ctx, cmds);
        }
    }

    fn is_busy(&self) -> bool {
        self.is_loading()
    }

    /// No list while refused: nothing to move through or filter.
    fn focused_list(&mut self) -> Option<&mut dyn Nav> {
        match self.refused {
            None => Some(&mut self.log),
            Some(_) => None,
        }
    }

    fn focused_list_ref(&self) -> Option<&dyn Nav> {
        self.refused.is_none().then_some(&self.log as &dyn Nav)
    }

    /// A new search typed, else perhaps the next page.
    fn after_move(&mut self, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
        if self.log.search.trim() != self.sent_search {
            self.load(ctx, cmds);
            return;
        }
        self.more_if_needed(ctx, cmds);
    }

    fn layout(&self, _ctx: &Ctx, body: Rect) -> Drawn {
        Drawn {
            table: self.refused.is_none().then(|| areas(body)[1]),
        }
    }

    fn render(&self, ctx: &Ctx, frame: &mut Frame, body: Rect, theme: &Theme) -> Drawn {
        match &self.refused {
            Some(why) => note_box(frame, body, "Audit log", why, theme),
            None => render(self, frame, body, ctx, theme),
        }
        self.layout(ctx, body)
    }
}

fn render(tab: &AuditTab, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
    let [strip, table_rect, detail] = areas(area);
    render_strip(tab, frame, strip, ctx, theme);
    let narrowed = tab.narrowing.summary().is_some() || !tab.sent_search.is_empty();
    let spec = TableSpec {
        title: table_title(tab, ctx, theme),
        columns: vec![
            Column::new("When", 16),
            Column::new("Who", 10),
            Column::new("What", 10),
            Column::new("Object", 10),
        ],
        focused: true,
        empty: if narrowed {
            "no changes match".to_string()
        } else {
            "no changes recorded yet".to_string()
        },
        noun: ("change loaded", "changes loaded"),
        editing: ctx.filter_input,
        retry: ctx.keys.label(Section::Global, Action::Refresh),
    };
    table::render(
        frame,
        table_rect,
        theme,
        &tab.log.list,
        spec,
        ctx.spinner(),
        |e| {
            vec![
                Span::styled(local_time(&e.at, false), theme.muted()),
                Span::raw(e.actor.clone()),
                Span::styled(e.action.clone(), theme.accent()),
                Span::raw(format!("{} {}", e.object_type, e.object_name)),
            ]
        },
    );
    let about = about_selected(tab, ctx);
    let width = detail.width.saturating_sub(2) as usize;
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(" {}", truncate(&about, width)),
            theme.muted(),
        )),
        detail,
    );
}

/// The line about the selected change.
fn about_selected(tab: &AuditTab, ctx: &Ctx) -> String {
    let Some(e) = tab.log.list.selected_item() else {
        return String::new();
    };
    format!(
        "{} {} (id {}) · {} by {} · {} shows before and after",
        e.object_type,
        e.object_name,
        e.object_id,
        e.action,
        e.actor,
        ctx.keys.label(Section::Audit, Action::AuditDetails)
    )
}

/// What narrows the log now, and the key that changes it.
fn render_strip(tab: &AuditTab, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
    let key = ctx.keys.label(Section::Audit, Action::AuditFilter);
    let spans = match tab.narrowing.summary() {
        Some(s) => vec![
            Span::styled(" Narrowed to: ", theme.muted()),
            Span::styled(s, theme.accent()),
            Span::styled(format!("  ({key} changes)"), theme.muted()),
        ],
        None => vec![Span::styled(
            format!(" All changes, newest first  ({key} narrows: since, who, what)"),
            theme.muted(),
        )],
    };
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// "Audit log · N of M loaded · search: … · more…".
fn table_title(tab: &AuditTab, ctx: &Ctx, theme: &Theme) -> Vec<Span<'static>> {
    let mut title = vec![Span::styled("Audit log", theme.title())];
    let loaded = tab.count();
    if tab.log.list.load == LoadState::Loaded || loaded > 0 {
        title.push(Span::styled(
            format!(" · {loaded} of {} loaded", tab.total.max(loaded as u64)),
            theme.muted(),
        ));
    }
    if !tab.sent_search.is_empty() && ctx.filter_input.is_none() {
        title.push(Span::styled(
            format!(" · search: {}", tab.sent_search),
            theme.accent(),
        ));
    }
    if tab.more_req.is_some() {
        title.push(Span::styled(
            format!(" {} more…", ctx.spinner()),
            theme.muted(),
        ));
    }
    title
}
