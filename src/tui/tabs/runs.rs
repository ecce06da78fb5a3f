//! The Runs tab: the current workspace's runs, newest first, with status, progress, duration
//! and cost. The engine pages: the tab asks for one page, and the next only when the selection
//! comes near the end of what it has (a million runs are never loaded); rows are built only
//! for the visible window. `/` searches on the server (run name, project, user) and `s`
//! cycles the status filter; every request carries an id and replies to older ones are
//! dropped. While a visible run is SUBMITTED or RUNNING, a timer effect asks for a refresh;
//! when none is, no timer is set.

use super::boxes::{detail_lines, no_workspace};
use super::run_details::duration;
// Re-exported: the app and the tests name it from here too.
pub use super::run_details::RunDetails;
use super::runs_forms::RunLabelsForm;
use crate::domain::runs::{RunEvent, check_delete, check_event};
use crate::domain::{Permission, Run, Scope, WorkflowStatus};
use crate::tui::cmd::Cmd;
use crate::tui::context::Ctx;
use crate::tui::keys::{Action, Section};
use crate::tui::layout;
use crate::tui::overlay::Overlay;
use crate::tui::request::{Data, ReqId};
use crate::tui::request::{Load, Mutation};
use crate::tui::screen::{Drawn, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::confirm::Confirm;
use crate::tui::widgets::list::Nav;
use crate::tui::widgets::list::{Listing, key_id};
use crate::tui::widgets::searched::SearchedList;
use crate::tui::widgets::table::{self, Column, TableSpec};
use crate::tui::widgets::text::minute;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::time::Duration;

/// Rows asked for at a time.
pub const PAGE: u32 = 100;
/// How often active runs are refreshed.
pub const REFRESH: Duration = Duration::from_secs(3);
/// A refresh reloads at most this many rows (the pages loaded so far, up to it).
const REFRESH_MAX: u32 = 1000;

fn run_text(r: &Run) -> String {
    format!("{} {} {}", r.run_name, r.project_name, r.user_name)
}

/// The loaded runs, and the search typed over them (sent to the server); rows can be marked.
pub type RunList = SearchedList<Run>;

pub struct RunsTab {
    pub runs: RunList,
    pub scope: Option<Scope>,
    pub status: Option<WorkflowStatus>,
    /// The search the rows were asked with.
    pub sent_search: String,
    /// Runs matching on the server (capped with a search).
    pub total: u64,
    /// The request for the next page, if one is out.
    pub more_req: Option<ReqId>,
    /// The refresh timer, if one is set.
    pub timer: Option<ReqId>,
}

impl Default for RunsTab {
    fn default() -> Self {
        Self {
            runs: RunList::new(Listing::new(run_text, |r| key_id(&r.id)), true),
            scope: None,
            status: None,
            sent_search: String::new(),
            total: 0,
            more_req: None,
            timer: None,
        }
    }
}

impl RunsTab {
    pub fn is_loading(&self) -> bool {
        self.runs.list.is_loading() || self.more_req.is_some()
    }

    pub fn loaded(&self) -> usize {
        self.runs.list.items().len()
    }
}

fn request(tab: &RunsTab, ctx: &Ctx, scope: Scope, offset: u32, max: u32) -> (ReqId, Cmd) {
    let req = ctx.req();
    let what = Load::Runs {
        scope,
        status: tab.status,
        search: tab.runs.search.trim().to_string(),
        offset,
        max,
    };
    (req, Cmd::Load { req, what })
}

/// Loads the first page for the current status and search.
fn load(tab: &mut RunsTab, ctx: &Ctx, scope: Scope, cmds: &mut Vec<Cmd>) {
    let (req, effect) = request(tab, ctx, scope, 0, PAGE);
    tab.runs.list.begin(req);
    tab.more_req = None;
    tab.sent_search = tab.runs.search.trim().to_string();
    cmds.push(effect);
}

/// Loads again the rows already loaded (up to a limit), keeping the selection.
fn refresh(tab: &mut RunsTab, ctx: &Ctx, scope: Scope, cmds: &mut Vec<Cmd>) {
    let max = (RunsTab::loaded(tab) as u32).clamp(PAGE, REFRESH_MAX);
    let (req, effect) = request(tab, ctx, scope, 0, max);
    tab.runs.list.begin(req);
    tab.more_req = None;
    cmds.push(effect);
}

pub fn sync(tab: &mut RunsTab, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
    let scope = ctx.current_scope();
    if tab.scope == scope {
        schedule(tab, ctx, cmds);
        return;
    }
    tab.runs.list.clear();
    tab.runs.search.clear();
    tab.status = None;
    tab.total = 0;
    tab.more_req = None;
    tab.scope = scope;
    if let Some(scope) = scope {
        load(tab, ctx, scope, cmds);
    }
}

pub fn reload(tab: &mut RunsTab, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
    if let Some(scope) = tab.scope
        && ctx.current_scope() == Some(scope)
    {
        refresh(tab, ctx, scope, cmds);
    }
}

pub fn loaded(
    tab: &mut RunsTab,
    ctx: &Ctx,
    req: ReqId,
    result: crate::domain::Result<Data>,
    cmds: &mut Vec<Cmd>,
) {
    let first = tab.runs.list.is_pending(req);
    let more = tab.more_req == Some(req);
    if !first && !more {
        return; // an older request: another status, search or workspace
    }
    match result {
        Ok(Data::Runs {
            scope,
            offset,
            items,
            total,
        }) if tab.scope == Some(scope) => {
            if first {
                tab.runs.list.set_items(items);
            } else if offset as usize == RunsTab::loaded(tab) {
                tab.runs.list.append(items);
            }
            tab.more_req = None;
            tab.total = total;
            // The pages asked for before a refresh may have come back shorter.
            more_if_needed(tab, ctx, cmds);
            schedule(tab, ctx, cmds);
        }
        Ok(_) => {}
        Err(e) => {
            if first {
                tab.runs.list.fail(e);
            } else {
                tab.more_req = None;
                cmds.push(Cmd::error(e.message));
            }
        }
    }
}

/// The rows of the table at the current size.
fn height(ctx: &Ctx) -> usize {
    let body = layout::areas(ctx.size).body;
    table::rows_area(areas(body)[1]).height as usize
}

/// Asks for the next page when the selection is within a screen of the end of what is loaded.
pub fn more_if_needed(tab: &mut RunsTab, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
    let Some(scope) = tab.scope else {
        return;
    };
    let loaded = RunsTab::loaded(tab);
    if tab.more_req.is_some()
        || tab.runs.list.is_loading()
        || loaded as u64 >= tab.total
        || loaded == 0
    {
        return;
    }
    let h = height(ctx).max(1);
    if tab.runs.list.selected() + 2 * h < loaded {
        return;
    }
    let (req, effect) = request(tab, ctx, scope, loaded as u32, PAGE);
    tab.more_req = Some(req);
    cmds.push(effect);
}

/// Whether a run on screen is still going.
pub fn visible_active(tab: &RunsTab, ctx: &Ctx) -> bool {
    let h = height(ctx);
    let list = &tab.runs.list;
    let offset = list.offset(h);
    list.window(offset, h).any(|(_, r)| {
        matches!(
            r.status,
            WorkflowStatus::Submitted | WorkflowStatus::Running
        )
    })
}

/// Sets the refresh timer when the Runs tab shows an active run and no timer is set.
pub fn schedule(tab: &mut RunsTab, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
    if ctx.tab != crate::tui::tab::Tab::Runs
        || tab.timer.is_some()
        || tab.runs.list.selected() >= REFRESH_MAX as usize
        || !visible_active(tab, ctx)
    {
        return;
    }
    let req = ctx.req();
    tab.timer = Some(req);
    cmds.push(Cmd::Timer {
        req,
        after: REFRESH,
    });
}

/// The refresh timer went off: refresh if runs on screen are still active.
pub fn timer(tab: &mut RunsTab, ctx: &Ctx, req: ReqId, cmds: &mut Vec<Cmd>) {
    if tab.timer != Some(req) {
        return; // an old timer
    }
    tab.timer = None;
    if ctx.tab != crate::tui::tab::Tab::Runs || !visible_active(tab, ctx) {
        return;
    }
    if let Some(scope) = tab.scope {
        refresh(tab, ctx, scope, cmds);
    }
}

/// After a move or a change of the search typed: the next page, a new search, the timer.
pub fn after_move(tab: &mut RunsTab, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
    if tab.runs.search.trim() != tab.sent_search
        && let Some(scope) = tab.scope
    {
        load(tab, ctx, scope, cmds);
        return;
    }
    more_if_needed(tab, ctx, cmds);
    schedule(tab, ctx, cmds);
}

fn delete_refusal(run: &Run) -> Option<String> {
    check_delete(&run.run_name, run.status, false)
        .err()
        .map(|e| e.message)
}

fn cancel_refusal(run: &Run) -> Option<String> {
    check_event(&run.run_name, run.status, RunEvent::Cancel)
        .err()
        .map(|e| e.message)
}

pub fn refusal(tab: &RunsTab, ctx: &Ctx, action: Action) -> Option<String> {
    let Some(ws) = ctx.current_workspace() else {
        return Some("no current workspace".to_string());
    };
    let run = tab.runs.list.selected_item();
    match action {
        Action::RunDetails => run.is_none().then(|| "no run selected".to_string()),
        Action::CancelRun => ctx
            .ws_refusal(ws, Permission::CancelRuns)
            .or_else(|| match run {
                None => Some("no run selected".to_string()),
                Some(r) => cancel_refusal(r),
            }),
        Action::RunLabels => ctx.ws_refusal(ws, Permission::LabelRuns).or_else(|| {
            (run.is_none() && tab.runs.list.marked_items().is_empty())
                .then(|| "no run selected".to_string())
        }),
        Action::DeleteRun => ctx
            .ws_refusal(ws, Permission::DeleteRuns)
            .or_else(|| match run {
                None => Some("no run selected".to_string()),
                Some(r) => delete_refusal(r),
            }),
        _ => None,
    }
}

pub fn handle(tab: &mut RunsTab, ctx: &Ctx, action: Action, cmds: &mut Vec<Cmd>) -> bool {
    if !matches!(
        action,
        Action::RunDetails
            | Action::CancelRun
            | Action::DeleteRun
            | Action::StatusFilter
            | Action::RunLabels
    ) {
        return false;
    }
    if let Some(why) = refusal(tab, ctx, action) {
        cmds.push(Cmd::error(why));
        return true;
    }
    let Some(scope) = ctx.current_scope() else {
        return true;
    };
    match action {
        Action::StatusFilter => {
            let all = WorkflowStatus::ALL;
            tab.status = match tab.status {
                None => Some(all[0]),
                Some(s) => all
                    .iter()
                    .position(|x| *x == s)
                    .and_then(|i| all.get(i + 1))
                    .copied(),
            };
            load(tab, ctx, scope, cmds);
        }
        Action::RunDetails => {
            if let Some(run) = tab.runs.list.selected_item().cloned() {
                let (req, processes_req) = (ctx.req(), ctx.req());
                cmds.push(Cmd::Load {
                    req,
                    what: Load::Run {
                        scope,
                        id: run.id.clone(),
                    },
                });
                cmds.push(Cmd::Load {
                    req: processes_req,
                    what: Load::RunProcesses {
                        scope,
                        id: run.id.clone(),
                    },
                });
                let mut details = RunDetails::new(run, Some(req));
                details.processes_req = Some(processes_req);
                cmds.push(Cmd::Open(Overlay::Details(Box::new(details))));
            }
        }
        Action::CancelRun => {
            if let Some(run) = tab.runs.list.selected_item() {
                let op = Mutation::CancelRun {
                    scope,
                    id: run.id.clone(),
                    name: run.run_name.clone(),
                };
                let then = "Its tasks are stopped; this cannot be undone.";
                cmds.push(confirm_run("Cancel", run, then, op));
            }
        }
        Action::RunLabels => {
            let marked = tab.runs.list.marked_items();
            let runs: Vec<&Run> = if marked.is_empty() {
                tab.runs.list.selected_item().into_iter().collect()
            } else {
                marked
            };
            let runs = runs
                .into_iter()
                .map(|r| (r.id.clone(), r.run_name.clone()))
                .collect();
            cmds.push(Cmd::Open(RunLabelsForm::open(ctx, scope, runs)));
        }
        Action::DeleteRun => {
            if let Some(run) = tab.runs.list.selected_item() {
                let op = Mutation::DeleteRun {
                    scope,
                    id: run.id.clone(),
                    name: run.run_name.clone(),
                };
                let then = "Its record, tasks and labels go; credits it spent stay spent. \
                            This cannot be undone.";
                cmds.push(confirm_run("Delete", run, then, op));
            }
        }
        _ => {}
    }
    true
}

/// A y/n before `verb`ing the run ("Cancel run x (nf-core/rnaseq, RUNNING)? …").
fn confirm_run(verb: &str, run: &Run, then: &str, op: Mutation) -> Cmd {
    let confirm = Confirm::yes_no(
        format!("{verb} run"),
        format!(
            "{verb} run {} ({}, {})? {then}",
            run.run_name, run.project_name, run.status
        ),
    );
    Cmd::Open(Overlay::Confirm(Box::new(confirm), op))
}

impl RunsTab {
    /// A launch made a run: show it first once the list reloads.
    pub fn reveal(&mut self, run: &Run) {
        self.runs.list.reveal_on_load(key_id(&run.id));
    }
}

/// The details popup of `req`'s run takes its per-process progress.
pub fn processes_loaded(overlays: &mut [Overlay], req: ReqId, result: crate::domain::Result<Data>) {
    let Some(Overlay::Details(d)) = overlays
        .iter_mut()
        .find(|o| matches!(o, Overlay::Details(d) if d.processes_req == Some(req)))
    else {
        return;
    };
    d.processes_req = None;
    match result {
        Ok(Data::RunProcesses { id, processes, at }) if id == d.run.id => {
            d.processes_loaded(processes, at)
        }
        Ok(_) => {}
        Err(e) => d.error = Some(e.message),
    }
}

fn status_style(theme: &Theme, s: WorkflowStatus) -> ratatui::style::Style {
    match s {
        WorkflowStatus::Succeeded => theme.ok(),
        WorkflowStatus::Failed => theme.error(),
        WorkflowStatus::Running | WorkflowStatus::Submitted => theme.accent(),
        WorkflowStatus::Cancelled | WorkflowStatus::Unknown => theme.muted(),
    }
}

/// The status strip, the table, and the detail lines under it.
fn areas(body: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(2),
    ])
    .areas(body)
}

/// The key contexts this screen shows (for the clash check).
pub const KEY_CONTEXTS: &[&[Section]] = &[&[Section::Runs, Section::List, Section::Global]];

impl Screen for RunsTab {
    fn sections(&self) -> Vec<Section> {
        KEY_CONTEXTS[0].to_vec()
    }

    fn refusal(&self, ctx: &Ctx, action: Action) -> Option<String> {
        refusal(self, ctx, action)
    }

    fn handle(&mut self, ctx: &Ctx, action: Action, cmds: &mut Vec<Cmd>) -> bool {
        handle(self, ctx, action, cmds)
    }

    /// Its label form chooses from the workspace's labels.
    fn uses_resources(&self) -> bool {
        true
    }

    /// Pages of runs (the details popup's full run is the popup's).
    fn takes(&self, what: &Load) -> bool {
        matches!(what, Load::Runs { .. })
    }

    fn loaded(
        &mut self,
        ctx: &Ctx,
        req: ReqId,
        _what: Load,
        result: crate::domain::Result<Data>,
        cmds: &mut Vec<Cmd>,
    ) {
        loaded(self, ctx, req, result, cmds);
    }

    fn reload(&mut self, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
        reload(self, ctx, cmds);
    }

    fn sync(&mut self, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
        sync(self, ctx, cmds);
    }

    fn timer(&mut self, ctx: &Ctx, req: ReqId, cmds: &mut Vec<Cmd>) {
        timer(self, ctx, req, cmds);
    }

    fn is_busy(&self) -> bool {
        self.is_loading()
    }

    fn focused_list(&mut self) -> Option<&mut dyn Nav> {
        Some(&mut self.runs)
    }

    fn focused_list_ref(&self) -> Option<&dyn Nav> {
        Some(&self.runs)
    }

    fn after_move(&mut self, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
        after_move(self, ctx, cmds);
    }

    fn layout(&self, _ctx: &Ctx, body: Rect) -> Drawn {
        Drawn {
            table: Some(areas(body)[1]),
        }
    }

    fn render(&self, ctx: &Ctx, frame: &mut Frame, body: Rect, theme: &Theme) -> Drawn {
        render(self, frame, body, ctx, theme);
        self.layout(ctx, body)
    }
}

fn render(tab: &RunsTab, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
    let spinner = ctx.spinner();
    let Some(ws) = ctx.current_workspace() else {
        no_workspace(frame, area, ctx, theme);
        return;
    };
    let [strip, table_rect, detail] = areas(area);
    render_status_strip(frame, strip, tab, area.width, ctx, theme);
    let wide = area.width >= 100;
    let title = table_title(tab, &ws.path(), ctx, spinner, theme);
    let mut columns = vec![
        Column::new("Status", 9),
        Column::new("Run", 8),
        Column::new("Pipeline", 8),
        Column::new("Progress", 8),
        Column::new("Duration", 7),
        Column::new("Cost", 6),
    ];
    if wide {
        columns.push(Column::new("User", 5));
        columns.push(Column::new("Submitted", 10));
    }
    let editing = ctx.filter_input;
    let spec = TableSpec {
        title,
        columns,
        focused: true,
        empty: if tab.sent_search.is_empty() && tab.status.is_none() {
            "no runs yet: launch a pipeline from the Launchpad".to_string()
        } else {
            "no runs match".to_string()
        },
        noun: ("run loaded", "runs loaded"),
        editing,
        retry: ctx.keys.label(Section::Global, Action::Refresh),
    };
    table::render(
        frame,
        table_rect,
        theme,
        &tab.runs.list,
        spec,
        spinner,
        |r| {
            let c = r.progress;
            let done = u64::from(c.succeeded) + u64::from(c.cached);
            let mut progress = format!("{done}/{} {:>3}%", c.total(), c.percent_done());
            if c.failed > 0 {
                progress.push_str(&format!(" ✗{}", c.failed));
            }
            let mut cells = vec![
                Span::styled(r.status.to_string(), status_style(theme, r.status)),
                Span::raw(r.run_name.clone()),
                Span::styled(r.project_name.clone(), theme.text()),
                Span::raw(progress),
                Span::raw(duration(r)),
                Span::raw(format!("{:>6.2}", r.usage.cost)),
            ];
            if wide {
                cells.push(Span::styled(r.user_name.clone(), theme.muted()));
                cells.push(Span::styled(minute(&r.submit), theme.muted()));
            }
            cells
        },
    );
    let about = about_selected(tab);
    let note = ctx.ws_refusal(ws, Permission::CancelRuns);
    detail_lines(frame, detail, &about, note, ws, theme);
}

/// The status filter strip: every status, the chosen one highlighted, and the key that cycles.
fn render_status_strip(
    frame: &mut Frame,
    strip: Rect,
    tab: &RunsTab,
    width: u16,
    ctx: &Ctx,
    theme: &Theme,
) {
    let mut spans = vec![Span::styled(" Status: ", theme.muted())];
    let mut push = |label: &str, on: bool| {
        spans.push(Span::styled(
            format!(" {label} "),
            if on {
                theme.active_tab()
            } else {
                theme.muted()
            },
        ));
    };
    push("all", tab.status.is_none());
    for s in WorkflowStatus::ALL {
        let label = if width >= 100 {
            s.as_str().to_string()
        } else {
            s.as_str()[..3].to_string()
        };
        push(&label, tab.status == Some(s));
    }
    spans.push(Span::styled(
        format!(
            " ({} cycles)",
            ctx.keys.label(Section::Runs, Action::StatusFilter)
        ),
        theme.muted(),
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), strip);
}

/// "Runs of org/ws · N of M loaded · search: … · more…".
fn table_title(
    tab: &RunsTab,
    path: &str,
    ctx: &Ctx,
    spinner: &str,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let total =
        if !tab.sent_search.is_empty() && tab.total >= crate::domain::runs::RUN_SEARCH_TOTAL_CAP {
            format!("{}+", tab.total)
        } else {
            tab.total.to_string()
        };
    let mut title = vec![Span::styled(format!("Runs of {path}"), theme.title())];
    let loaded = RunsTab::loaded(tab);
    if tab.runs.list.load == crate::tui::widgets::list::LoadState::Loaded || loaded > 0 {
        title.push(Span::styled(
            format!(" · {loaded} of {total} loaded"),
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
        title.push(Span::styled(format!(" {spinner} more…"), theme.muted()));
    }
    title
}

/// The detail line of the selected run.
fn about_selected(tab: &RunsTab) -> String {
    tab.runs
        .list
        .selected_item()
        .map(|r| {
            let mut s = format!(
                "{} · {} · {} · {:.1} CPU-h · {:.1} GiB-h",
                r.run_name,
                r.compute_env_name.as_deref().unwrap_or("-"),
                r.status,
                r.usage.cpu_hours,
                r.usage.memory_gib_hours
            );
            if let Some(e) = &r.error_message {
                s.push_str(&format!(" · {e}"));
            }
            s
        })
        .unwrap_or_default()
}
