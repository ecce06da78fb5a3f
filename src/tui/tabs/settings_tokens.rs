//! The Settings tab's Tokens section: the acting user's own API access tokens (`/tokens`).
//! They are the user's, not the workspace's, so the section is the same in every workspace.
//! The list shows names and dates only; `a` creates a token and shows it once
//! (`widgets::new_token`), `d` revokes one after a y/n that names it.

use crate::domain::ApiToken;
use crate::domain::tokens::check_token_name;
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
use crate::tui::widgets::text::{minute, minute_or_never, truncate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const NAME: &str = "Name";

/// The actions of the section.
pub const ACTIONS: [Action; 2] = [Action::AddToken, Action::RevokeToken];

pub fn listing() -> Listing<ApiToken> {
    Listing::new(|t| t.name.clone(), |t| t.id)
}

/// Asks for the acting user's tokens.
pub fn load(list: &mut Listing<ApiToken>, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
    let req = ctx.req();
    list.begin(req);
    cmds.push(Cmd::Load {
        req,
        what: Load::Tokens,
    });
}

/// Takes the reply if it is the list's latest request.
pub fn loaded(
    list: &mut Listing<ApiToken>,
    req: ReqId,
    result: &crate::domain::Result<Data>,
) -> bool {
    if !list.is_pending(req) {
        return false;
    }
    match result {
        Ok(Data::Tokens(tokens)) => list.set_items(tokens.clone()),
        Ok(_) => {}
        Err(e) => list.fail(e.clone()),
    }
    true
}

/// Why an action of the section cannot be done now, if it cannot. Every user manages their
/// own tokens: no role is needed (a read-only session is refused before this).
pub fn refusal(list: &Listing<ApiToken>, action: Action) -> Option<String> {
    match action {
        Action::RevokeToken => list
            .selected_item()
            .is_none()
            .then(|| "no token selected".to_string()),
        _ => None,
    }
}

/// Opens the form or confirmation of `action` (already allowed).
pub fn handle(list: &Listing<ApiToken>, ctx: &Ctx, action: Action, cmds: &mut Vec<Cmd>) {
    match (action, list.selected_item()) {
        (Action::AddToken, _) => cmds.push(Cmd::Open(TokenForm::open())),
        (Action::RevokeToken, Some(t)) => {
            let confirm = Confirm::yes_no("Revoke token", revoke_question(ctx, t));
            let op = Mutation::DeleteToken {
                id: t.id,
                name: t.name.clone(),
            };
            cmds.push(Cmd::Open(Overlay::Confirm(Box::new(confirm), op)));
        }
        _ => {}
    }
}

/// The y/n question: names the token, and says so when it is the one this session uses.
fn revoke_question(ctx: &Ctx, t: &ApiToken) -> String {
    let in_use = ctx.session.and_then(|s| s.token_id) == Some(t.id);
    if in_use {
        format!(
            "Revoke the token {}? This session uses it: nfdeck stops working here and needs another token to connect again.",
            t.name
        )
    } else {
        format!(
            "Revoke the token {}? Whatever uses it (pipelines, scripts, Nextflow) is refused from now on.",
            t.name
        )
    }
}

/// The table of tokens and, under it, what the section is about.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    list: &Listing<ApiToken>,
    ctx: &Ctx,
    theme: &Theme,
    spinner: &str,
) {
    let [table_rect, detail] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(2)]).areas(area);
    let user = ctx.session.map(|s| s.user.email.clone());
    let spec = TableSpec {
        title: vec![Span::styled(
            match user {
                Some(email) => format!("API tokens of {email}"),
                None => "Your API tokens".to_string(),
            },
            theme.title(),
        )],
        columns: vec![
            Column::new("Name", 16),
            Column::new("Created", 16),
            Column::new("Last used", 16),
        ],
        focused: true,
        empty: "no tokens yet".into(),
        noun: ("token", "tokens"),
        editing: ctx.filter_input,
        retry: ctx.keys.label(Section::Global, Action::Refresh),
    };
    let in_use = ctx.session.and_then(|s| s.token_id);
    table::render(frame, table_rect, theme, list, spec, spinner, |t| {
        let name = if Some(t.id) == in_use {
            format!("{} (this session)", t.name)
        } else {
            t.name.clone()
        };
        vec![
            Span::raw(name),
            Span::styled(minute(&t.date_created), theme.muted()),
            Span::styled(minute_or_never(t.last_used.as_deref()), theme.muted()),
        ]
    });
    let keys = format!(
        " {} creates one (shown once, never again) · {} revokes the selected one",
        ctx.keys.label(Section::Tokens, Action::AddToken),
        ctx.keys.label(Section::Tokens, Action::RevokeToken)
    );
    let width = detail.width as usize;
    let lines = vec![
        Line::styled(
            truncate(
                " yours, the same in every workspace; they act as you",
                width,
            ),
            theme.muted(),
        ),
        Line::styled(truncate(&keys, width), theme.muted()),
    ];
    frame.render_widget(Paragraph::new(lines), detail);
}

/// Create a token: its name only; the token comes back once.
pub struct TokenForm;

impl TokenForm {
    pub fn open() -> Overlay {
        let check = Check::new(|f| (check_token_name(&f.value()).err().map(|e| e.message), None));
        let form = Form::new("New API token", vec![Field::text(NAME, "", check)]).with_intro(
            "A token lets scripts, Nextflow and nfdeck act as you. It is shown once, right after it is created.",
        );
        Overlay::Form(Box::new(form), Box::new(TokenForm))
    }
}

impl FormSpec for TokenForm {
    fn submit(&mut self, form: &mut Form) -> Option<Mutation> {
        Some(Mutation::CreateToken {
            name: form.text(NAME),
        })
    }
}
