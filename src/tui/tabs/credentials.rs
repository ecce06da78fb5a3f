//! The Credentials tab: the current workspace's credentials with their provider and public
//! fields; add (the provider's fields: public ones in clear, secrets typed masked and never
//! shown again), delete (the confirmation lists the compute environments using them; the
//! engine refuses while one does, and the confirmation shows its message). Owners and admins only.

use super::boxes::{detail_lines, no_workspace};
use super::credentials_forms::CredentialsForm;
use crate::domain::{Harm, Permission};
use crate::tui::cmd::Cmd;
use crate::tui::context::Ctx;
use crate::tui::guard::Guarded;
use crate::tui::keys::{Action, Section};
use crate::tui::request::Mutation;
use crate::tui::screen::{Drawn, Screen, SharedList};
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{Field, FieldKind};
use crate::tui::widgets::table::{self, Column, TableSpec};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;

/// The key contexts this screen shows (for the clash check).
pub const KEY_CONTEXTS: &[&[Section]] = &[&[Section::Credentials, Section::List, Section::Global]];

/// The Credentials tab. Its list is the shared `Resources::creds` (the app owns it), so the
/// screen itself holds no state.
#[derive(Default)]
pub struct CredentialsTab;

/// Why an action of this tab is not allowed now, if it is not.
fn refusal(ctx: &Ctx, action: Action) -> Option<String> {
    let Some(ws) = ctx.current_workspace() else {
        return Some("no current workspace".to_string());
    };
    if let Some(why) = ctx.ws_refusal(ws, Permission::ManageCredentials) {
        return Some(why);
    }
    match action {
        Action::DeleteCredentials | Action::EditCredentials
            if ctx.res.creds.selected_item().is_none() =>
        {
            Some("no credentials selected".to_string())
        }
        _ => None,
    }
}

fn handle(ctx: &Ctx, action: Action, cmds: &mut Vec<Cmd>) -> bool {
    if !matches!(
        action,
        Action::AddCredentials | Action::DeleteCredentials | Action::EditCredentials
    ) {
        return false;
    }
    if let Some(why) = refusal(ctx, action) {
        cmds.push(Cmd::error(why));
        return true;
    }
    let Some(scope) = ctx.current_scope() else {
        return true;
    };
    match action {
        Action::AddCredentials => cmds.push(Cmd::Open(CredentialsForm::open(ctx, scope))),
        Action::EditCredentials => {
            if let Some(c) = ctx.res.creds.selected_item() {
                cmds.push(Cmd::Open(CredentialsForm::edit(ctx, scope, c)));
            }
        }
        Action::DeleteCredentials => {
            if let Some(c) = ctx.res.creds.selected_item() {
                let message = format!("Delete credentials {} ({})?", c.name, c.provider);
                let harm = Harm::DeleteCredentials {
                    scope,
                    id: c.id.clone(),
                };
                let op = Mutation::DeleteCredentials {
                    scope,
                    id: c.id.clone(),
                    name: c.name.clone(),
                };
                let guarded = Guarded::new(harm, "Delete credentials", message, &c.name, op);
                cmds.push(Cmd::Guard {
                    req: ctx.req(),
                    guarded: Box::new(guarded),
                });
            }
        }
        _ => {}
    }
    true
}

/// Whether a field is a secret (for tests and the renderer).
pub fn is_secret(field: &Field) -> bool {
    field.masked && matches!(field.kind, FieldKind::Text(_))
}

/// Where the table is, inside the body (the detail lines under it).
fn areas(body: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Min(0), Constraint::Length(2)]).areas(body)
}

impl Screen for CredentialsTab {
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
        Some(SharedList::Credentials)
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

// Long: the table spec and its row cells, then the detail lines (who uses the selected
// credentials): one drawing pass in the order the screen reads.
fn render(frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
    let Some(ws) = ctx.current_workspace() else {
        no_workspace(frame, area, ctx, theme);
        return;
    };
    let [table_rect, detail] = areas(area);
    let spec = TableSpec {
        title: vec![Span::styled(
            format!("Credentials of {}", ws.path()),
            theme.title(),
        )],
        columns: vec![
            Column::new("Name", 10),
            Column::new("Provider", 8),
            Column::new("Public fields", 12),
            Column::new("Secrets set", 8),
        ],
        focused: true,
        empty: format!(
            "no credentials yet{}",
            if refusal(ctx, Action::AddCredentials).is_none() {
                format!(
                    " · {} adds some",
                    ctx.keys.label(Section::Credentials, Action::AddCredentials)
                )
            } else {
                String::new()
            }
        ),
        noun: ("credentials", "credentials"),
        editing: ctx.filter_input,
        retry: ctx.keys.label(Section::Global, Action::Refresh),
    };
    table::render(
        frame,
        table_rect,
        theme,
        &ctx.res.creds,
        spec,
        ctx.spinner(),
        |c| {
            let keys: Vec<String> = c.keys.iter().map(|(k, v)| format!("{k}={v}")).collect();
            vec![
                Span::raw(c.name.clone()),
                Span::raw(c.provider.to_string()),
                Span::raw(if keys.is_empty() {
                    "-".to_string()
                } else {
                    keys.join(" ")
                }),
                Span::styled(
                    if c.secret_names.is_empty() {
                        "-".to_string()
                    } else {
                        c.secret_names.join(", ")
                    },
                    theme.muted(),
                ),
            ]
        },
    );
    let about = ctx
        .res
        .creds
        .selected_item()
        .map(|c| {
            let users: Vec<&str> = ctx
                .res
                .envs
                .items()
                .iter()
                .filter(|e| e.credentials_id.as_deref() == Some(c.id.as_str()))
                .map(|e| e.name.as_str())
                .collect();
            format!(
                "{} ({}) · used by {} · secrets are never shown",
                c.name,
                c.provider,
                if users.is_empty() {
                    "no compute environment".to_string()
                } else {
                    users.join(", ")
                }
            )
        })
        .unwrap_or_default();
    let note = ctx.ws_refusal(ws, Permission::ManageCredentials);
    detail_lines(frame, detail, &about, note, ws, theme);
}
