//! The Launchpad tab: the current workspace's pipelines, with "Pipelines from: This workspace
//! / This and shared workspaces" (shared ones marked with their workspace and compute
//! environment), search (`/`), a label filter; add, edit, delete; and the launch form, which
//! shows the compute environment the launch rules choose and offers only the ones they allow.

use super::boxes::{detail_lines, no_workspace};
use super::launchpad_forms::{LaunchForm, PipelineForm, source_path};
use crate::domain::{Permission, Pipeline, PipelineVisibility, Scope, Tier, Usage};
use crate::tui::cmd::Cmd;
use crate::tui::context::Ctx;
use crate::tui::keys::{Action, Section};
use crate::tui::overlay::{Overlay, PickPurpose};
use crate::tui::request::{Data, ReqId};
use crate::tui::request::{Load, Mutation};
use crate::tui::screen::{Drawn, Screen};
use crate::tui::tab::Tab;
use crate::tui::theme::Theme;
use crate::tui::widgets::confirm::Confirm;
use crate::tui::widgets::form::ChoiceOption;
use crate::tui::widgets::list::Listing;
use crate::tui::widgets::list::Nav;
use crate::tui::widgets::picker::Picker;
use crate::tui::widgets::table::{self, Column, TableSpec};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn pipeline_text(p: &Pipeline) -> String {
    let labels: Vec<String> = p.labels.iter().map(ToString::to_string).collect();
    format!(
        "{} {} {} {} {} {} {}",
        p.name,
        p.description,
        p.repository,
        p.revision.as_deref().unwrap_or(""),
        p.compute_env_name.as_deref().unwrap_or(""),
        p.workspace_name,
        labels.join(" ")
    )
}

pub struct LaunchpadTab {
    pub list: Listing<Pipeline>,
    /// The workspace the list is of.
    pub scope: Option<Scope>,
    pub visibility: PipelineVisibility,
    /// Only pipelines with this simple label.
    pub label: Option<String>,
    pub usage: Option<Usage>,
    /// The labels the label picker offers after "any label" (set when it opens).
    label_names: Vec<String>,
}

impl Default for LaunchpadTab {
    fn default() -> Self {
        Self {
            list: Listing::new(pipeline_text, |p| p.id),
            scope: None,
            visibility: PipelineVisibility::Private,
            label: None,
            usage: None,
            label_names: Vec::new(),
        }
    }
}

impl LaunchpadTab {
    /// "This workspace" or "This and shared workspaces".
    pub fn from_text(&self) -> &'static str {
        if self.visibility.includes_shared() {
            "This and shared workspaces"
        } else {
            "This workspace"
        }
    }
}

fn load(tab: &mut LaunchpadTab, ctx: &Ctx, scope: Scope, cmds: &mut Vec<Cmd>) {
    let req = ctx.req();
    tab.list.begin(req);
    cmds.push(Cmd::Load {
        req,
        what: Load::Pipelines {
            scope,
            visibility: tab.visibility,
            label: tab.label.clone(),
        },
    });
}

/// Follows the current workspace.
pub fn sync(tab: &mut LaunchpadTab, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
    let scope = ctx.current_scope();
    if tab.scope == scope {
        return;
    }
    tab.list.clear();
    tab.list.set_filter("");
    tab.usage = None;
    tab.label = None;
    tab.scope = scope;
    if let Some(scope) = scope {
        load(tab, ctx, scope, cmds);
    }
}

pub fn reload(tab: &mut LaunchpadTab, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
    if let Some(scope) = tab.scope
        && ctx.current_scope() == Some(scope)
    {
        load(tab, ctx, scope, cmds);
    }
}

fn loaded(tab: &mut LaunchpadTab, req: ReqId, result: crate::domain::Result<Data>) {
    if !tab.list.is_pending(req) {
        return;
    }
    match result {
        Ok(Data::Pipelines {
            scope,
            items,
            usage,
        }) if tab.scope == Some(scope) => {
            tab.list.set_items(items);
            tab.usage = usage;
        }
        Ok(_) => {}
        Err(e) => tab.list.fail(e),
    }
}

fn tier(ctx: &Ctx) -> Tier {
    ctx.current_workspace()
        .and_then(|w| w.org_id)
        .and_then(|o| ctx.org(o))
        .map(|o| o.tier)
        .unwrap_or_default()
}

/// Why an action of this tab is not allowed now, if it is not.
pub fn refusal(tab: &LaunchpadTab, ctx: &Ctx, action: Action) -> Option<String> {
    let Some(ws) = ctx.current_workspace() else {
        return Some("no current workspace".to_string());
    };
    let selected = tab.list.selected_item();
    let own = |verb: &str| match selected {
        None => Some("no pipeline selected".to_string()),
        Some(p) if p.shared => Some(format!(
            "{} comes from the shared workspace {}: it is {verb} there",
            p.name,
            source_path(p)
        )),
        Some(_) => None,
    };
    match action {
        Action::ToggleShared => None,
        Action::LabelFilter => None,
        Action::AddPipeline => ctx.ws_refusal(ws, Permission::ManagePipelines).or_else(|| {
            tab.usage?
                .check_room(1, "pipelines per workspace", tier(ctx))
                .err()
                .map(|e| e.message)
        }),
        Action::EditPipeline => ctx
            .ws_refusal(ws, Permission::ManagePipelines)
            .or_else(|| own("edited")),
        Action::DeletePipeline => ctx
            .ws_refusal(ws, Permission::ManagePipelines)
            .or_else(|| own("deleted")),
        Action::Launch => ctx.ws_refusal(ws, Permission::LaunchPipelines).or_else(|| {
            selected
                .is_none()
                .then(|| "no pipeline selected".to_string())
        }),
        _ => None,
    }
}

const ACTIONS: [Action; 6] = [
    Action::Launch,
    Action::AddPipeline,
    Action::EditPipeline,
    Action::DeletePipeline,
    Action::ToggleShared,
    Action::LabelFilter,
];

pub fn handle(tab: &mut LaunchpadTab, ctx: &Ctx, action: Action, cmds: &mut Vec<Cmd>) -> bool {
    if !ACTIONS.contains(&action) {
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
        Action::ToggleShared => {
            tab.visibility = if tab.visibility.includes_shared() {
                PipelineVisibility::Private
            } else {
                PipelineVisibility::All
            };
            load(tab, ctx, scope, cmds);
        }
        Action::LabelFilter => cmds.push(Cmd::Open(label_picker(tab, ctx))),
        Action::AddPipeline | Action::EditPipeline => {
            let p = tab.list.selected_item().cloned();
            let p = p.filter(|_| action == Action::EditPipeline);
            let usage = tab.usage.map(|u| u.to_string());
            cmds.push(Cmd::Open(PipelineForm::open(ctx, scope, p, usage)));
        }
        Action::DeletePipeline => {
            if let Some(p) = tab.list.selected_item() {
                let op = Mutation::DeletePipeline {
                    scope,
                    id: p.id,
                    name: p.name.clone(),
                };
                let confirm = Confirm::yes_no(
                    "Delete pipeline",
                    format!(
                        "Delete {} from the Launchpad of {}? Its runs stay in the Runs tab.",
                        p.name,
                        ctx.current_workspace()
                            .map(|w| w.path())
                            .unwrap_or_default()
                    ),
                );
                cmds.push(Cmd::Open(Overlay::Confirm(Box::new(confirm), op)));
            }
        }
        Action::Launch => {
            if let Some(p) = tab.list.selected_item().cloned() {
                let req = ctx.req();
                cmds.push(Cmd::Load {
                    req,
                    what: Load::LaunchOptions {
                        scope,
                        pipeline: p.id,
                        source: p.shared.then_some(p.workspace_id),
                    },
                });
                cmds.push(Cmd::Open(LaunchForm::open(ctx, scope, p, req)));
            }
        }
        _ => {}
    }
    true
}

/// Every simple label the user may filter by: this workspace's, and those on the pipelines
/// listed (shared pipelines carry their own workspace's labels).
fn label_choices(tab: &LaunchpadTab, ctx: &Ctx) -> Vec<String> {
    let mut names = ctx.res.simple_labels();
    for p in tab.list.items() {
        for l in p.labels.iter().filter(|l| !l.resource) {
            if !names.contains(&l.name) {
                names.push(l.name.clone());
            }
        }
    }
    names.sort();
    names
}

fn label_picker(tab: &mut LaunchpadTab, ctx: &Ctx) -> Overlay {
    let names = label_choices(tab, ctx);
    let mut options = vec![ChoiceOption::new("any label")];
    options.extend(names.iter().map(ChoiceOption::new));
    let current = match &tab.label {
        None => Some(0),
        Some(l) => names.iter().position(|n| n == l).map(|i| i + 1),
    };
    let picker = Picker::new(
        "Filter by label",
        "Show only the pipelines with this label (shared pipelines match their own workspace's label of that name).",
        options,
        current,
    );
    tab.label_names = names;
    Overlay::Picker(Box::new(picker), PickPurpose::Screen(Tab::Launchpad))
}

/// The source strip, the table, and the detail lines under it.
fn areas(body: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(2),
    ])
    .areas(body)
}

/// The key contexts this screen shows (for the clash check).
pub const KEY_CONTEXTS: &[&[Section]] = &[&[Section::Launchpad, Section::List, Section::Global]];

impl Screen for LaunchpadTab {
    fn sections(&self) -> Vec<Section> {
        KEY_CONTEXTS[0].to_vec()
    }

    fn refusal(&self, ctx: &Ctx, action: Action) -> Option<String> {
        refusal(self, ctx, action)
    }

    fn handle(&mut self, ctx: &Ctx, action: Action, cmds: &mut Vec<Cmd>) -> bool {
        handle(self, ctx, action, cmds)
    }

    /// The label picker chose: "any label" (0), or one of the names it offered.
    fn picked(&mut self, ctx: &Ctx, choice: usize, cmds: &mut Vec<Cmd>) {
        self.label = choice
            .checked_sub(1)
            .and_then(|i| self.label_names.get(i))
            .cloned();
        if let Some(scope) = self.scope {
            load(self, ctx, scope, cmds);
        }
    }

    /// Listings (the launch form's options are the form's).
    fn takes(&self, what: &Load) -> bool {
        matches!(what, Load::Pipelines { .. })
    }

    fn loaded(
        &mut self,
        _ctx: &Ctx,
        req: ReqId,
        _what: Load,
        result: crate::domain::Result<Data>,
        _cmds: &mut Vec<Cmd>,
    ) {
        loaded(self, req, result);
    }

    fn reload(&mut self, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
        reload(self, ctx, cmds);
    }

    fn sync(&mut self, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
        sync(self, ctx, cmds);
    }

    /// Its forms choose from the workspace's environments and labels.
    fn uses_resources(&self) -> bool {
        true
    }

    fn is_busy(&self) -> bool {
        self.list.is_loading()
    }

    fn focused_list(&mut self) -> Option<&mut dyn Nav> {
        Some(&mut self.list)
    }

    fn focused_list_ref(&self) -> Option<&dyn Nav> {
        Some(&self.list)
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

/// The From column of a pipeline: its own workspace, or the shared one it comes from.
fn from_text(p: &Pipeline) -> String {
    if p.shared {
        format!("shared · {}", source_path(p))
    } else {
        "this workspace".to_string()
    }
}

// Long: the source strip, the table spec with its row cells (shared pipelines marked with their
// workspace) and the detail lines: one drawing pass in the order the screen reads.
fn render(tab: &LaunchpadTab, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
    let spinner = ctx.spinner();
    let Some(ws) = ctx.current_workspace() else {
        no_workspace(frame, area, ctx, theme);
        return;
    };
    let [strip, table_rect, detail] = areas(area);
    let shared = tab.visibility.includes_shared();
    let mut spans = vec![
        Span::styled(" Pipelines from: ", theme.muted()),
        Span::styled(
            " This workspace ",
            if shared {
                theme.muted()
            } else {
                theme.active_tab()
            },
        ),
        Span::raw(" "),
        Span::styled(
            " This and shared workspaces ",
            if shared {
                theme.active_tab()
            } else {
                theme.muted()
            },
        ),
        Span::styled(
            format!(
                "  ({} toggles)",
                ctx.keys.label(Section::Launchpad, Action::ToggleShared)
            ),
            theme.muted(),
        ),
    ];
    if let Some(label) = &tab.label {
        spans.push(Span::styled("  label: ", theme.muted()));
        spans.push(Span::styled(label.clone(), theme.accent()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), strip);
    let wide = area.width >= 100;
    let mut title = vec![Span::styled(
        format!("Launchpad of {}", ws.path()),
        theme.title(),
    )];
    if let Some(u) = tab.usage {
        title.push(Span::styled(
            format!(" · {u}"),
            if u.is_full() {
                theme.warning()
            } else {
                theme.muted()
            },
        ));
    }
    let mut columns = vec![Column::new("Pipeline", 10), Column::new("Repository", 10)];
    if wide {
        columns.push(Column::new("Revision", 6));
    }
    columns.push(Column::new("Compute env", 8));
    // Where a pipeline comes from is what tells shared ones apart: with room, the column
    // keeps its longest text whole and the other columns give way.
    let from_width = if wide {
        let longest = tab
            .list
            .items()
            .iter()
            .map(|p| from_text(p).chars().count());
        longest.max().unwrap_or(0).clamp(6, 40) as u16
    } else {
        6
    };
    columns.push(Column::new("From", from_width));
    if wide {
        columns.push(Column::new("Labels", 6));
    }
    let spec = TableSpec {
        title,
        columns,
        focused: true,
        empty: match &tab.label {
            Some(l) => format!("no pipelines with the label {l}"),
            None => "no pipelines yet".to_string(),
        },
        noun: ("pipeline", "pipelines"),
        editing: ctx.filter_input,
        retry: ctx.keys.label(Section::Global, Action::Refresh),
    };
    table::render(frame, table_rect, theme, &tab.list, spec, spinner, |p| {
        let mut cells = vec![
            if p.shared {
                Span::styled(format!("⇄ {}", p.name), theme.accent())
            } else {
                Span::raw(format!("  {}", p.name))
            },
            Span::styled(
                crate::domain::launchpad::project_name(&p.repository),
                theme.text(),
            ),
        ];
        if wide {
            cells.push(Span::styled(
                p.revision.clone().unwrap_or_else(|| "-".into()),
                theme.muted(),
            ));
        }
        cells.push(Span::raw(
            p.compute_env_name
                .clone()
                .unwrap_or_else(|| "(primary)".into()),
        ));
        let style = if p.shared {
            theme.accent()
        } else {
            theme.muted()
        };
        cells.push(Span::styled(from_text(p), style));
        if wide {
            let labels: Vec<String> = p.labels.iter().map(ToString::to_string).collect();
            cells.push(Span::styled(labels.join(", "), theme.muted()));
        }
        cells
    });
    let about = tab
        .list
        .selected_item()
        .map(|p| {
            let env = match (&p.compute_env_name, p.shared) {
                (Some(e), true) => format!("runs on {e} (shared with it)"),
                (Some(e), false) => format!("runs on {e}"),
                (None, _) => "runs on this workspace's primary".to_string(),
            };
            let desc = if p.description.is_empty() {
                p.repository.clone()
            } else {
                p.description.clone()
            };
            format!("{} · {env} · {desc}", p.name)
        })
        .unwrap_or_else(|| format!("{} · {}", tab.from_text(), ws.path()));
    let note = [Action::AddPipeline, Action::Launch].iter().find_map(|a| {
        let why = refusal(tab, ctx, *a)?;
        (!why.starts_with("no ")).then_some(why)
    });
    detail_lines(frame, detail, &about, note, ws, theme);
}
