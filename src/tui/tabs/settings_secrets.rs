//! The Settings tab's Secrets section: the workspace's pipeline secrets (`/pipeline-secrets`),
//! which runs read as environment secrets. Values go in once, typed masked, and never come
//! back: the list shows names and dates only; `e` rotates a value, `d` deletes a secret.

use super::boxes::detail_lines;
use crate::domain::pipeline_secrets::{check_secret_name, check_secret_value};
use crate::domain::{Permission, PipelineSecret, Scope, SecretString};
use crate::tui::cmd::Cmd;
use crate::tui::context::Ctx;
use crate::tui::forms::FormSpec;
use crate::tui::keys::{Action, Section};
use crate::tui::overlay::Overlay;
use crate::tui::request::{Data, Load, Mutation, ReqId};
use crate::tui::theme::Theme;
use crate::tui::widgets::confirm::Confirm;
use crate::tui::widgets::form::{Check, Field, Form};
use crate::tui::widgets::list::Listing;
use crate::tui::widgets::table::{self, Column, TableSpec};
use crate::tui::widgets::text::{minute, minute_or_never};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;

const NAME: &str = "Name";
const VALUE: &str = "Value";

/// The actions of the section.
pub const ACTIONS: [Action; 3] = [
    Action::AddSecret,
    Action::RotateSecret,
    Action::DeleteSecret,
];

pub fn listing() -> Listing<PipelineSecret> {
    Listing::new(|s| s.name.clone(), |s| s.id)
}

/// Asks for the secrets of `scope`.
pub fn load(list: &mut Listing<PipelineSecret>, ctx: &Ctx, scope: Scope, cmds: &mut Vec<Cmd>) {
    let req = ctx.req();
    list.begin(req);
    cmds.push(Cmd::Load {
        req,
        what: Load::Secrets(scope),
    });
}

/// Takes the reply if it is the list's latest request for the shown workspace.
pub fn loaded(
    list: &mut Listing<PipelineSecret>,
    shown: Option<Scope>,
    req: ReqId,
    result: &crate::domain::Result<Data>,
) -> bool {
    if !list.is_pending(req) {
        return false;
    }
    match result {
        Ok(Data::Secrets { scope, secrets }) if Some(*scope) == shown => {
            list.set_items(secrets.clone())
        }
        Ok(_) => {}
        Err(e) => list.fail(e.clone()),
    }
    true
}

/// Why an action of the section cannot be done now, if it cannot.
pub fn refusal(list: &Listing<PipelineSecret>, ctx: &Ctx, action: Action) -> Option<String> {
    let ws = ctx.current_workspace()?;
    let role = ctx.ws_refusal(ws, Permission::ManageCredentials);
    match action {
        Action::AddSecret => role,
        Action::RotateSecret | Action::DeleteSecret => role.or_else(|| {
            list.selected_item()
                .is_none()
                .then(|| "no secret selected".to_string())
        }),
        _ => None,
    }
}

/// Opens the form or confirmation of `action` (already allowed).
pub fn handle(list: &Listing<PipelineSecret>, ctx: &Ctx, action: Action, cmds: &mut Vec<Cmd>) {
    let Some(ws) = ctx.current_workspace() else {
        return;
    };
    let scope = ws.scope();
    let selected = list.selected_item();
    match (action, selected) {
        (Action::AddSecret, _) => cmds.push(Cmd::Open(SecretForm::create(scope, &ws.path()))),
        (Action::RotateSecret, Some(s)) => cmds.push(Cmd::Open(SecretForm::rotate(scope, s))),
        (Action::DeleteSecret, Some(s)) => {
            let confirm = Confirm::yes_no(
                "Delete secret",
                format!(
                    "Delete the secret {} of {}? Pipelines that read it fail until it is added again.",
                    s.name,
                    ws.path()
                ),
            );
            let op = Mutation::DeleteSecret {
                scope,
                id: s.id,
                name: s.name.clone(),
            };
            cmds.push(Cmd::Open(Overlay::Confirm(Box::new(confirm), op)));
        }
        _ => {}
    }
}

/// The table of secrets and, under it, what the values are and who may change them.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    list: &Listing<PipelineSecret>,
    ctx: &Ctx,
    theme: &Theme,
    spinner: &str,
) {
    let Some(ws) = ctx.current_workspace() else {
        return;
    };
    let [table_rect, detail] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(2)]).areas(area);
    let spec = TableSpec {
        title: vec![Span::styled(
            format!("Secrets of {}", ws.path()),
            theme.title(),
        )],
        columns: vec![
            Column::new("Name", 16),
            Column::new("Updated", 16),
            Column::new("Last used", 16),
        ],
        focused: true,
        empty: "no secrets yet".into(),
        noun: ("secret", "secrets"),
        editing: ctx.filter_input,
        retry: ctx.keys.label(Section::Global, Action::Refresh),
    };
    table::render(frame, table_rect, theme, list, spec, spinner, |s| {
        vec![
            Span::raw(s.name.clone()),
            Span::styled(minute(&s.last_updated), theme.muted()),
            Span::styled(minute_or_never(s.last_used.as_deref()), theme.muted()),
        ]
    });
    detail_lines(
        frame,
        detail,
        "values are write-only: typed masked, never shown again; e replaces one",
        refusal(list, ctx, Action::AddSecret),
        ws,
        theme,
    );
}

/// Add a secret, or (`id`) replace a secret's value.
pub struct SecretForm {
    scope: Scope,
    /// The secret whose value is replaced, with its name.
    rotate: Option<(i64, String)>,
}

impl SecretForm {
    pub fn create(scope: Scope, path: &str) -> Overlay {
        let form = Form::new(
            format!("New secret in {path}"),
            vec![
                Field::text(NAME, "", rule(check_secret_name)),
                Field::secret(VALUE, rule(check_secret_value)),
            ],
        )
        .with_intro("Runs of this workspace read it as an environment secret. The value is sent once and never shown again.");
        let spec = SecretForm {
            scope,
            rotate: None,
        };
        Overlay::Form(Box::new(form), Box::new(spec))
    }

    pub fn rotate(scope: Scope, secret: &PipelineSecret) -> Overlay {
        let form = Form::new(
            format!("Rotate secret {}", secret.name),
            vec![Field::secret(VALUE, rule(check_secret_value))],
        )
        .with_intro("The new value replaces the stored one for every run that starts from now on. It is never shown again.");
        let spec = SecretForm {
            scope,
            rotate: Some((secret.id, secret.name.clone())),
        };
        Overlay::Form(Box::new(form), Box::new(spec))
    }
}

/// A field check from a domain rule (its message names the rule).
fn rule(check: fn(&str) -> crate::domain::Result<()>) -> Check {
    Check::new(move |f| (check(&f.value()).err().map(|e| e.message), None))
}

impl FormSpec for SecretForm {
    fn submit(&mut self, form: &mut Form) -> Option<Mutation> {
        let value = SecretString::new(form.raw(VALUE));
        Some(match &self.rotate {
            Some((id, name)) => Mutation::RotateSecret {
                scope: self.scope,
                id: *id,
                name: name.clone(),
                value,
            },
            None => Mutation::CreateSecret {
                scope: self.scope,
                name: form.text(NAME),
                value,
            },
        })
    }
}
