//! The Credentials tab: the current workspace's credentials with their provider and public
//! fields; add (the provider's fields: public ones in clear, secrets typed masked and never
//! shown again), delete (the engine refuses while a compute environment uses them, and the
//! confirmation shows its message). Owners and admins only.

use super::resources::{detail_lines, no_workspace};
use crate::domain::credentials::{check_credentials_fields, check_required_secrets};
use crate::domain::{CredentialsFields, Permission, Provider, Scope, SecretString};
use crate::tui::cmd::Cmd;
use crate::tui::context::Ctx;
use crate::tui::keys::{Action, Section};
use crate::tui::overlays::{FormPurpose, Overlay};
use crate::tui::request::Mutation;
use crate::tui::screen::{Drawn, Screen, SharedList};
use crate::tui::theme::Theme;
use crate::tui::widgets::confirm::Confirm;
use crate::tui::widgets::form::{Check, ChoiceOption, Field, FieldKind, Form};
use crate::tui::widgets::table::{self, Column, TableSpec};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use std::collections::BTreeMap;

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
        Action::DeleteCredentials if ctx.res.creds.selected_item().is_none() => {
            Some("no credentials selected".to_string())
        }
        _ => None,
    }
}

fn handle(ctx: &Ctx, action: Action, cmds: &mut Vec<Cmd>) -> bool {
    if !matches!(action, Action::AddCredentials | Action::DeleteCredentials) {
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
        Action::AddCredentials => cmds.push(Cmd::Open(add_form(ctx, scope))),
        Action::DeleteCredentials => {
            if let Some(c) = ctx.res.creds.selected_item() {
                let users: Vec<&str> = ctx
                    .res
                    .envs
                    .items()
                    .iter()
                    .filter(|e| e.credentials_id.as_deref() == Some(c.id.as_str()))
                    .map(|e| e.name.as_str())
                    .collect();
                let mut message = format!("Delete credentials {} ({})?", c.name, c.provider);
                if !users.is_empty() {
                    message.push_str(&format!(
                        " Compute environments use them: {}.",
                        users.join(", ")
                    ));
                }
                let op = Mutation::DeleteCredentials {
                    scope,
                    id: c.id.clone(),
                    name: c.name.clone(),
                };
                cmds.push(Cmd::Open(Overlay::Confirm(
                    Box::new(Confirm::yes_no("Delete credentials", message)),
                    op,
                )));
            }
        }
        _ => {}
    }
    true
}

/// The fields of a provider, after the name and provider fields: public ones in clear, then
/// secrets, masked.
pub fn provider_fields(provider: Provider) -> Vec<Field> {
    let spec = provider.key_spec(&BTreeMap::new());
    let mut fields = Vec::new();
    for name in spec.public {
        let check = if spec.required_public.contains(name) {
            Check::Required
        } else {
            Check::None
        };
        fields.push(Field::text(name, "", check));
    }
    for name in spec.secret {
        fields.push(Field::secret(name, Check::None));
    }
    fields
}

/// The fields the form holds now (secrets included, wrapped).
pub fn fields_of(form: &Form) -> CredentialsFields {
    let provider = form
        .field("Provider")
        .map(|f| Provider::ALL[f.chosen().min(Provider::ALL.len() - 1)]);
    let mut keys = BTreeMap::new();
    let mut secrets = BTreeMap::new();
    for f in form.fields.iter().skip(2) {
        let value = f.value();
        if value.trim().is_empty() {
            continue;
        }
        if f.masked {
            secrets.insert(f.label.to_string(), SecretString::new(value));
        } else {
            keys.insert(f.label.to_string(), value.trim().to_string());
        }
    }
    CredentialsFields {
        name: form.value("Name").trim().to_string(),
        description: String::new(),
        provider,
        keys,
        secrets,
    }
}

/// The engine's rules over the whole form: field names, required public fields and secrets.
pub fn verdict(form: &Form) -> Option<(String, bool)> {
    let f = fields_of(form);
    let provider = match check_credentials_fields(&f) {
        Ok(p) => p,
        Err(e) if e.message == "name is required" => return None,
        Err(e) => return Some((e.message, true)),
    };
    let set: Vec<String> = f.secrets.keys().cloned().collect();
    match check_required_secrets(provider, &f.keys, &set) {
        Ok(()) => Some((
            "secrets are sent once and never shown again".to_string(),
            false,
        )),
        Err(e) => Some((e.message, true)),
    }
}

/// After the provider changed: its own fields replace the previous provider's.
pub fn provider_changed(form: &mut Form) {
    let provider = Provider::ALL[form
        .field("Provider")
        .map(|f| f.chosen())
        .unwrap_or(0)
        .min(Provider::ALL.len() - 1)];
    form.fields.truncate(2);
    form.fields.extend(provider_fields(provider));
}

/// Forgets every secret typed into the form (once they are on their way).
pub fn forget_secrets(form: &mut Form) {
    for f in form.fields.iter_mut().filter(|f| f.masked) {
        f.clear();
    }
}

fn add_form(ctx: &Ctx, scope: Scope) -> Overlay {
    let providers = Provider::ALL
        .iter()
        .map(|p| ChoiceOption::new(p.as_str()))
        .collect();
    let mut fields = vec![
        Field::text("Name", "", Check::CredentialsName),
        Field::choice("Provider", providers, 0),
    ];
    fields.extend(provider_fields(Provider::ALL[0]));
    let mut form = Form::new("Add credentials", fields).with_intro(format!(
        "{} · public fields are stored as typed; secrets (shown as •) are encrypted, never shown, logged or exported",
        ctx.current_workspace().map(|w| w.path()).unwrap_or_default()
    ));
    form.set_verdict(verdict(&form));
    Overlay::Form(Box::new(form), FormPurpose::NewCredentials { scope })
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
        noun: "credentials",
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
