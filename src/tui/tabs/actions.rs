//! The Actions tab: the current workspace's actions (pipeline triggers: a GitHub webhook or a
//! `tower` launch hook) with their pipeline, trigger, status and last event; add, edit, pause
//! or resume, delete, and launch now. Details of the selected one under the list: its hook
//! URL, and what its launch runs (pipeline, compute environment, work dir, labels).

use super::actions_forms::ActionForm;
use super::boxes::no_workspace;
use crate::domain::actions::{check_can_launch, hook_url};
use crate::domain::launchpad::project_name;
// The domain's `Action` is called `Trigger` here: `Action` is the key table's.
use crate::domain::{
    Action as Trigger, ActionSource, ActionStatus, Permission, Pipeline, Result, Scope,
};
use crate::tui::cmd::Cmd;
use crate::tui::context::Ctx;
use crate::tui::keys::{Action, Section};
use crate::tui::overlay::Overlay;
use crate::tui::request::{Data, Load, Mutation, ReqId};
use crate::tui::screen::{Drawn, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::confirm::Confirm;
use crate::tui::widgets::list::{Listing, LoadState, Nav, key_id};
use crate::tui::widgets::table::{self, Column, TableSpec};
use crate::tui::widgets::text::{minute_or_never, truncate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The key contexts this screen shows (for the clash check).
pub const KEY_CONTEXTS: &[&[Section]] = &[&[Section::Actions, Section::List, Section::Global]];

const ACTIONS: [Action; 5] = [
    Action::LaunchAction,
    Action::AddAction,
    Action::EditAction,
    Action::PauseAction,
    Action::DeleteAction,
];

fn action_text(a: &Trigger) -> String {
    let labels: Vec<String> = a.labels.iter().map(ToString::to_string).collect();
    format!(
        "{} {} {} {} {}",
        a.name,
        a.pipeline_name,
        a.source,
        a.status,
        labels.join(" ")
    )
}

pub struct ActionsTab {
    pub list: Listing<Trigger>,
    /// The workspace the list is of.
    pub scope: Option<Scope>,
    /// The pipelines an action of the workspace may trigger (its own and shared ones), loaded
    /// with the list: the details say what a launch takes from its pipeline, and the add form
    /// chooses among them.
    pub pipelines: Vec<Pipeline>,
}

impl Default for ActionsTab {
    fn default() -> Self {
        Self {
            list: Listing::new(action_text, |a| key_id(&a.id)),
            scope: None,
            pipelines: Vec::new(),
        }
    }
}

impl ActionsTab {
    /// The pipeline an action triggers, when it is listed.
    pub fn pipeline_of(&self, a: &Trigger) -> Option<&Pipeline> {
        self.pipelines.iter().find(|p| p.id == a.pipeline_id)
    }

    fn load(&mut self, ctx: &Ctx, scope: Scope, cmds: &mut Vec<Cmd>) {
        let req = ctx.req();
        self.list.begin(req);
        cmds.push(Cmd::Load {
            req,
            what: Load::Actions(scope),
        });
    }

    fn loaded(&mut self, req: ReqId, result: Result<Data>) {
        if !self.list.is_pending(req) {
            return; // an older request, or another workspace's
        }
        match result {
            Ok(Data::Actions {
                scope,
                items,
                pipelines,
            }) if self.scope == Some(scope) => {
                self.pipelines = pipelines;
                self.list.set_items(items);
            }
            Ok(_) => {}
            Err(e) => self.list.fail(e),
        }
    }
}

/// Why an action of this tab is not allowed now, if it is not.
fn refusal(tab: &ActionsTab, ctx: &Ctx, action: Action) -> Option<String> {
    let Some(ws) = ctx.current_workspace() else {
        return Some("no current workspace".to_string());
    };
    let permission = if action == Action::LaunchAction {
        Permission::RunActions
    } else {
        Permission::ManageActions
    };
    if let Some(why) = ctx.ws_refusal(ws, permission) {
        return Some(why);
    }
    if action == Action::AddAction {
        if !tab.pipelines.is_empty() {
            return None;
        }
        return Some(if tab.list.load == LoadState::Loaded {
            format!(
                "{} has no pipelines to trigger: add one on the Launchpad",
                ws.path()
            )
        } else {
            "the workspace's pipelines are loading".to_string()
        });
    }
    let Some(a) = tab.list.selected_item() else {
        return Some("no action selected".to_string());
    };
    match action {
        Action::LaunchAction => check_can_launch(&a.name, a.status).err().map(|e| e.message),
        _ => None,
    }
}

/// Runs an action of this tab; false if it is not one.
fn handle(tab: &mut ActionsTab, ctx: &Ctx, action: Action, cmds: &mut Vec<Cmd>) -> bool {
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
    if action == Action::AddAction {
        cmds.push(Cmd::Open(ActionForm::add(ctx, scope, &tab.pipelines)));
        return true;
    }
    let Some(a) = tab.list.selected_item().cloned() else {
        return true;
    };
    match action {
        Action::EditAction => {
            let pipeline = tab.pipeline_of(&a).cloned();
            cmds.push(Cmd::Open(ActionForm::edit(ctx, scope, a, pipeline)));
        }
        Action::PauseAction => cmds.push(Cmd::Mutate {
            req: ctx.req(),
            op: Mutation::SetActionPaused {
                scope,
                paused: a.status != ActionStatus::Paused,
                id: a.id,
                name: a.name,
            },
        }),
        Action::DeleteAction => cmds.push(Cmd::Open(confirm_delete(a, scope))),
        Action::LaunchAction => cmds.push(Cmd::Open(confirm_launch(a, scope))),
        _ => {}
    }
    true
}

/// What stops working when the action goes: its webhook, or its hook URL.
fn trigger_phrase(a: &Trigger) -> &'static str {
    match a.source {
        ActionSource::Github => "its GitHub webhook stops launching",
        ActionSource::Tower => "its hook URL stops working",
    }
}

fn confirm_delete(a: Trigger, scope: Scope) -> Overlay {
    let message = format!(
        "Delete action {} ({} on pipeline {})? {}; the runs it launched stay.",
        a.name,
        a.source,
        a.pipeline_name,
        trigger_phrase(&a)
    );
    Overlay::Confirm(
        Box::new(Confirm::yes_no("Delete action", message)),
        Mutation::DeleteAction {
            scope,
            id: a.id,
            name: a.name,
        },
    )
}

fn confirm_launch(a: Trigger, scope: Scope) -> Overlay {
    let message = format!(
        "Launch action {} now? It runs pipeline {} with its launch settings, as its trigger would.",
        a.name, a.pipeline_name
    );
    Overlay::Confirm(
        Box::new(Confirm::yes_no("Launch action", message)),
        Mutation::RunAction {
            scope,
            id: a.id,
            name: a.name,
        },
    )
}

/// The table, and the details of the selection under it.
fn areas(body: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Min(0), Constraint::Length(3)]).areas(body)
}

impl Screen for ActionsTab {
    fn sections(&self) -> Vec<Section> {
        KEY_CONTEXTS[0].to_vec()
    }

    fn refusal(&self, ctx: &Ctx, action: Action) -> Option<String> {
        refusal(self, ctx, action)
    }

    fn handle(&mut self, ctx: &Ctx, action: Action, cmds: &mut Vec<Cmd>) -> bool {
        handle(self, ctx, action, cmds)
    }

    fn takes(&self, what: &Load) -> bool {
        matches!(what, Load::Actions(_))
    }

    fn loaded(
        &mut self,
        _ctx: &Ctx,
        req: ReqId,
        _what: Load,
        result: Result<Data>,
        _cmds: &mut Vec<Cmd>,
    ) {
        ActionsTab::loaded(self, req, result);
    }

    fn reload(&mut self, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
        if let Some(scope) = self.scope
            && ctx.current_scope() == Some(scope)
        {
            self.load(ctx, scope, cmds);
        }
    }

    /// Follows the current workspace: another one starts empty and loads.
    fn sync(&mut self, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
        let scope = ctx.current_scope();
        if self.scope == scope {
            return;
        }
        self.list.clear();
        self.list.set_filter("");
        self.pipelines.clear();
        self.scope = scope;
        if let Some(scope) = scope {
            self.load(ctx, scope, cmds);
        }
    }

    /// Its details name compute environments and its forms choose among them and labels.
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
            table: Some(areas(body)[0]),
        }
    }

    fn render(&self, ctx: &Ctx, frame: &mut Frame, body: Rect, theme: &Theme) -> Drawn {
        let Some(ws) = ctx.current_workspace() else {
            no_workspace(frame, body, ctx, theme);
            return self.layout(ctx, body);
        };
        let [table_rect, detail] = areas(body);
        render_table(self, ctx, frame, table_rect, theme, &ws.path());
        let lines = detail_lines(self, ctx, theme, detail.width.saturating_sub(2) as usize);
        frame.render_widget(Paragraph::new(lines), detail);
        self.layout(ctx, body)
    }
}

/// "2026-12-02 21:40", or "never".
fn last_event(a: &Trigger) -> String {
    minute_or_never(a.last_seen.as_deref())
}

fn status_span(status: ActionStatus, theme: &Theme) -> Span<'static> {
    let style = match status {
        ActionStatus::Active => theme.ok(),
        ActionStatus::Paused => theme.disabled(),
        ActionStatus::Creating | ActionStatus::Error => theme.warning(),
    };
    Span::styled(status.to_string(), style)
}

fn render_table(
    tab: &ActionsTab,
    ctx: &Ctx,
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    path: &str,
) {
    let wide = area.width >= 100;
    let mut columns = vec![
        Column::new("Name", 10),
        Column::new("Pipeline", 8),
        Column::new("Trigger", 7),
        Column::new("Status", 8),
        Column::new("Last event", 10),
    ];
    if wide {
        columns.push(Column::new("Labels", 6));
    }
    let adds = refusal(tab, ctx, Action::AddAction).is_none();
    let spec = TableSpec {
        title: vec![Span::styled(format!("Actions of {path}"), theme.title())],
        columns,
        focused: true,
        empty: if adds {
            format!(
                "no actions yet · {} adds one",
                ctx.keys.label(Section::Actions, Action::AddAction)
            )
        } else {
            "no actions yet".to_string()
        },
        noun: ("action", "actions"),
        editing: ctx.filter_input,
        retry: ctx.keys.label(Section::Global, Action::Refresh),
    };
    table::render(frame, area, theme, &tab.list, spec, ctx.spinner(), |a| {
        let mut cells = vec![
            Span::raw(a.name.clone()),
            Span::raw(a.pipeline_name.clone()),
            Span::styled(a.source.to_string(), theme.muted()),
            status_span(a.status, theme),
            Span::styled(last_event(a), theme.muted()),
        ];
        if wide {
            let labels: Vec<String> = a.labels.iter().map(ToString::to_string).collect();
            cells.push(Span::styled(labels.join(", "), theme.muted()));
        }
        cells
    });
}

/// The three lines under the table: how the selected action is triggered, what its launch
/// runs, and its labels with the first thing the user's role rules out here (or their role).
fn detail_lines(tab: &ActionsTab, ctx: &Ctx, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let line = |text: String, style| Line::styled(format!(" {}", truncate(&text, width)), style);
    let note = [Action::AddAction, Action::LaunchAction]
        .iter()
        .find_map(|a| {
            let why = refusal(tab, ctx, *a)?;
            (why.starts_with("to ")).then_some(why)
        });
    let role = match (note, ctx.current_workspace()) {
        (Some(why), _) => line(format!("read-only: {why}"), theme.warning()),
        (None, Some(ws)) => line(
            format!("you are {} here", ws.my_role.summary()),
            theme.muted(),
        ),
        (None, None) => Line::default(),
    };
    let Some(a) = tab.list.selected_item() else {
        let about = "an action launches a pipeline when its trigger fires: a push to the repository (github) or a call to its hook URL (tower)";
        return vec![
            line(about.to_string(), theme.muted()),
            Line::default(),
            role,
        ];
    };
    let trigger = match (&a.endpoint, a.source) {
        (Some(endpoint), _) => {
            let base = ctx
                .session
                .map(|s| s.backend.as_str())
                .filter(|b| b.starts_with("http"));
            let ws = ctx.current_workspace().map(|w| w.id);
            format!("{} · hook URL {}", a.name, hook_url(endpoint, base, ws))
        }
        (None, ActionSource::Github) => {
            format!(
                "{} · GitHub webhook: launches on a push to the repository",
                a.name
            )
        }
        (None, ActionSource::Tower) => format!("{} · launch hook", a.name),
    };
    let labels: Vec<String> = a.labels.iter().map(ToString::to_string).collect();
    let labels = if labels.is_empty() {
        "no labels".to_string()
    } else {
        format!("labels {}", labels.join(", "))
    };
    vec![
        line(trigger, theme.text()),
        line(
            format!("{} · {labels}", launch_summary(tab, ctx, a)),
            theme.muted(),
        ),
        role,
    ]
}

/// What the action's launch runs: the pipeline, and where (its own settings, else the
/// pipeline's, as the engine takes them).
pub fn launch_summary(tab: &ActionsTab, ctx: &Ctx, a: &Trigger) -> String {
    let pipeline = tab.pipeline_of(a);
    let project = pipeline
        .map(|p| format!(" ({})", project_name(&p.repository)))
        .unwrap_or_default();
    let env = match &a.launch.compute_env_id {
        Some(id) => ctx
            .res
            .envs
            .items()
            .iter()
            .find(|e| &e.id == id)
            .map_or_else(|| id.clone(), |e| e.name.clone()),
        None => match pipeline.and_then(|p| p.compute_env_name.clone()) {
            Some(name) => format!("{name} (the pipeline's)"),
            None => "the primary".to_string(),
        },
    };
    let work_dir = a
        .launch
        .work_dir
        .clone()
        .or_else(|| pipeline.and_then(|p| p.work_dir.clone()))
        .unwrap_or_else(|| "the env's".to_string());
    format!(
        "runs {}{project} on {env} · work dir {work_dir}",
        a.pipeline_name
    )
}
