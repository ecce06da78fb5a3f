//! The Compute tab: the current workspace's compute environments with platform, status and
//! the primary mark; add (a form per platform, offering only credentials that fit it), make
//! primary, disable or enable, delete. Owners and admins only: others see the actions
//! disabled with the reason.

use super::boxes::{detail_lines, no_workspace};
use super::compute_forms::ComputeEnvForm;
use crate::domain::compute::check_can_be_primary;
use crate::domain::{ComputeEnvStatus, Harm, Permission};
use crate::tui::cmd::Cmd;
use crate::tui::context::Ctx;
use crate::tui::guard::Guarded;
use crate::tui::keys::{Action, Section};
use crate::tui::overlay::Overlay;
use crate::tui::request::Mutation;
use crate::tui::screen::{Drawn, Screen, SharedList};
use crate::tui::theme::Theme;
use crate::tui::widgets::confirm::Confirm;
use crate::tui::widgets::table::{self, Column, TableSpec};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;

const ACTIONS: [Action; 5] = [
    Action::AddComputeEnv,
    Action::EditComputeEnv,
    Action::MakePrimary,
    Action::ToggleDisabled,
    Action::DeleteComputeEnv,
];

/// The key contexts this screen shows (for the clash check).
pub const KEY_CONTEXTS: &[&[Section]] = &[&[Section::Compute, Section::List, Section::Global]];

/// The Compute tab. Its list is the shared `Resources::envs` (the app owns it), so the screen
/// itself holds no state.
#[derive(Default)]
pub struct ComputeTab;

/// Why an action of this tab is not allowed now, if it is not.
fn refusal(ctx: &Ctx, action: Action) -> Option<String> {
    let Some(ws) = ctx.current_workspace() else {
        return Some("no current workspace".to_string());
    };
    if let Some(why) = ctx.ws_refusal(ws, Permission::ManageComputeEnvs) {
        return Some(why);
    }
    if action == Action::AddComputeEnv {
        return None;
    }
    let Some(env) = ctx.res.envs.selected_item() else {
        return Some("no compute environment selected".to_string());
    };
    match action {
        Action::MakePrimary if env.primary => Some(format!("{} is the primary already", env.name)),
        Action::MakePrimary => check_can_be_primary(&env.name, env.status)
            .err()
            .map(|e| e.message),
        _ => None,
    }
}

/// Runs an action of this tab; false if it is not one.
// Long: one arm per action of the tab (add, make primary, disable/enable, delete), each with
// the confirmation text that says what the change does; kept together so they read alike.
fn handle(ctx: &Ctx, action: Action, cmds: &mut Vec<Cmd>) -> bool {
    if !ACTIONS.contains(&action) {
        return false;
    }
    if let Some(why) = refusal(ctx, action) {
        cmds.push(Cmd::error(why));
        return true;
    }
    let Some(scope) = ctx.current_scope() else {
        return true;
    };
    if action == Action::AddComputeEnv {
        cmds.push(Cmd::Open(ComputeEnvForm::open(ctx, scope)));
        return true;
    }
    let Some(env) = ctx.res.envs.selected_item().cloned() else {
        return true;
    };
    if action == Action::EditComputeEnv {
        cmds.push(Cmd::Open(ComputeEnvForm::edit(ctx, scope, &env)));
        return true;
    }
    match action {
        Action::MakePrimary => {
            cmds.push(Cmd::Open(Overlay::Confirm(
                Box::new(Confirm::yes_no(
                    "Make primary",
                    format!(
                        "Make {} the primary compute environment? Launches without a compute environment of their own run there.",
                        env.name
                    ),
                )),
                Mutation::MakePrimary {
                    scope,
                    id: env.id,
                    name: env.name,
                },
            )));
        }
        Action::ToggleDisabled => {
            let enable = env.status == ComputeEnvStatus::Disabled;
            let message = if enable {
                format!("Enable {}? It can be chosen for launches again.", env.name)
            } else if env.primary {
                format!(
                    "Disable {}? It is the primary: the workspace will have no primary until another is made primary.",
                    env.name
                )
            } else {
                format!(
                    "Disable {}? Launches cannot use it until it is enabled.",
                    env.name
                )
            };
            cmds.push(Cmd::Open(Overlay::Confirm(
                Box::new(Confirm::yes_no(
                    if enable { "Enable" } else { "Disable" },
                    message,
                )),
                Mutation::SetComputeEnvEnabled {
                    scope,
                    id: env.id,
                    name: env.name,
                    enabled: enable,
                },
            )));
        }
        Action::DeleteComputeEnv => {
            let mut message = format!(
                "Delete compute environment {} ({})?",
                env.name,
                env.platform_label()
            );
            if env.primary {
                message.push_str(" It is the primary: the workspace will have none.");
            }
            let harm = Harm::DeleteComputeEnv {
                scope,
                id: env.id.clone(),
            };
            let name = env.name.clone();
            let op = Mutation::DeleteComputeEnv {
                scope,
                id: env.id,
                name: env.name,
            };
            let guarded = Guarded::new(harm, "Delete compute environment", message, &name, op);
            cmds.push(Cmd::Guard {
                req: ctx.req(),
                guarded: Box::new(guarded),
            });
        }
        _ => {}
    }
    true
}

/// Where the table is, inside the body (the detail lines under it).
fn areas(body: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Min(0), Constraint::Length(2)]).areas(body)
}

impl Screen for ComputeTab {
    fn sections(&self) -> Vec<Section> {
        KEY_CONTEXTS[0].to_vec()
    }

    fn refusal(&self, ctx: &Ctx, action: Action) -> Option<String> {
        refusal(ctx, action)
    }

    fn handle(&mut self, ctx: &Ctx, action: Action, cmds: &mut Vec<Cmd>) -> bool {
        handle(ctx, action, cmds)
    }

    fn uses_resources(&self) -> bool {
        true
    }

    fn shared_list(&self) -> Option<SharedList> {
        Some(SharedList::ComputeEnvs)
    }

    fn layout(&self, _ctx: &Ctx, body: Rect) -> Drawn {
        Drawn {
            table: Some(areas(body)[0]),
        }
    }

    fn render(&self, ctx: &Ctx, frame: &mut Frame, body: Rect, theme: &Theme) -> Drawn {
        render(frame, body, ctx, theme);
        self.layout(ctx, body)
    }
}

// Long: the table spec (columns that depend on the width) and its row cells, then the detail
// lines: one drawing pass in the order the screen reads, top to bottom.
fn render(frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
    let Some(ws) = ctx.current_workspace() else {
        no_workspace(frame, area, ctx, theme);
        return;
    };
    let [table_rect, detail] = areas(area);
    let wide = area.width >= 100;
    let mut columns = vec![
        Column::new("Name", 10),
        Column::new("Platform", 9),
        Column::new("Status", 9),
        Column::new("Credentials", 8),
    ];
    if wide {
        columns.push(Column::new("Region", 6));
    }
    columns.push(Column::new("Work dir", 8));
    let spec = TableSpec {
        title: vec![Span::styled(
            format!("Compute environments of {}", ws.path()),
            theme.title(),
        )],
        columns,
        focused: true,
        empty: format!(
            "no compute environments yet{}",
            if refusal(ctx, Action::AddComputeEnv).is_none() {
                format!(
                    " · {} adds one",
                    ctx.keys.label(Section::Compute, Action::AddComputeEnv)
                )
            } else {
                String::new()
            }
        ),
        noun: ("compute environment", "compute environments"),
        editing: ctx.filter_input,
        retry: ctx.keys.label(Section::Global, Action::Refresh),
    };
    table::render(
        frame,
        table_rect,
        theme,
        &ctx.res.envs,
        spec,
        ctx.spinner(),
        |e| {
            let name = if e.primary {
                Span::styled(format!("★ {}", e.name), theme.accent())
            } else {
                Span::raw(format!("  {}", e.name))
            };
            let status = match e.status {
                ComputeEnvStatus::Available => Span::styled(e.status.to_string(), theme.ok()),
                ComputeEnvStatus::Disabled => Span::styled(e.status.to_string(), theme.disabled()),
                _ => Span::styled(e.status.to_string(), theme.warning()),
            };
            let mut cells = vec![
                name,
                match e.platform_raw {
                    // Marked: nfdeck does not know this platform (the server's spelling shown).
                    Some(_) => Span::styled(e.platform_label(), theme.warning()),
                    None => Span::raw(e.platform.to_string()),
                },
                status,
                Span::raw(e.credentials_name.clone().unwrap_or_else(|| "-".into())),
            ];
            if wide {
                cells.push(Span::styled(
                    e.region.clone().unwrap_or_else(|| "-".into()),
                    theme.muted(),
                ));
            }
            cells.push(Span::styled(e.work_dir.clone(), theme.muted()));
            cells
        },
    );
    let about = ctx
        .res
        .envs
        .selected_item()
        .map(|e| {
            let labels: Vec<String> = e.labels.iter().map(ToString::to_string).collect();
            format!(
                "{}{} · {} · {}{}",
                if e.primary { "★ primary · " } else { "" },
                e.name,
                e.platform_label(),
                if e.platform.uses_credits() {
                    "paid with Seqera Compute credits"
                } else {
                    "work dir "
                },
                if e.platform.uses_credits() {
                    String::new()
                } else {
                    format!(
                        "{}{}",
                        e.work_dir,
                        if labels.is_empty() {
                            String::new()
                        } else {
                            format!(" · labels {}", labels.join(", "))
                        }
                    )
                }
            )
        })
        .unwrap_or_else(|| {
            "★ marks the primary: launches without an environment of their own run there".into()
        });
    let note = ctx.ws_refusal(ws, Permission::ManageComputeEnvs);
    detail_lines(frame, detail, &about, note, ws, theme);
}
