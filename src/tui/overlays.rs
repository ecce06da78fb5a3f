//! Popups: help, the workspace switcher, forms, confirmations, role pickers and the bulk-add
//! report. The top popup gets keys first; this file says what each popup does with them, and
//! what change a submitted form or a confirmed action asks for.

use super::app::{Model, set_current};
use super::effects::{Effect, Mutation};
use super::keys::{Action, Section};
use super::msg::{Data, ReqId};
use super::theme::Theme;
use super::widgets::bulk::BulkReport;
use super::widgets::confirm::Confirm;
use super::widgets::form::{Candidate, Field, FieldKind, Form, Target};
use super::widgets::help::{self, Help};
use super::widgets::picker::Picker;
use super::widgets::switcher::Switcher;
use super::widgets::toast::ToastKind;
use crate::domain::{
    MemberId, OrgId, OrgRole, ParticipantId, ParticipantRef, TeamFields, TeamId, Visibility,
    WorkspaceFields, WorkspaceId, WspRole,
};
use ratatui::crossterm::event::{Event, KeyEvent};
use tui_input::backend::crossterm::to_input_request;

pub enum Overlay {
    Help(Help),
    Switcher(Box<Switcher>),
    Form(Box<Form>, FormPurpose),
    Confirm(Box<Confirm>, Mutation),
    Picker(Box<Picker>, PickPurpose),
    Bulk(BulkReport),
}

/// What a form is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormPurpose {
    NewWorkspace {
        org: OrgId,
        org_name: String,
    },
    EditWorkspace {
        org: OrgId,
        workspace: WorkspaceId,
    },
    AddMember {
        org: OrgId,
    },
    NewTeam {
        org: OrgId,
    },
    AddTeamMember {
        org: OrgId,
        team: TeamId,
        team_name: String,
    },
    AddParticipant {
        org: OrgId,
        workspace: WorkspaceId,
    },
    BulkAdd {
        org: OrgId,
        workspace: WorkspaceId,
    },
}

/// What a role picker changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickPurpose {
    MemberRole {
        org: OrgId,
        member: MemberId,
        email: String,
    },
    DefaultRole {
        org: OrgId,
        member: MemberId,
        email: String,
    },
    ParticipantRole {
        org: OrgId,
        workspace: WorkspaceId,
        participant: ParticipantId,
        label: String,
    },
}

impl Overlay {
    /// The sections that hold keys while this popup is on top.
    pub fn context(&self) -> Vec<Section> {
        match self {
            Overlay::Help(_) => vec![Section::Help, Section::List],
            Overlay::Switcher(_) => vec![Section::Dialog],
            Overlay::Form(form, _) => {
                let field = form.focused();
                match field.kind {
                    FieldKind::Lines(_) => vec![Section::Multiline],
                    FieldKind::Choice { .. } => vec![Section::Choice, Section::Dialog],
                    FieldKind::Suggest { .. } => vec![Section::Completion, Section::Dialog],
                    FieldKind::Text(_) => vec![Section::Dialog],
                }
            }
            Overlay::Confirm(c, _) if c.typed.is_some() => vec![Section::Dialog],
            Overlay::Confirm(..) => vec![Section::Confirm, Section::Dialog, Section::Popup],
            Overlay::Picker(..) | Overlay::Bulk(_) => {
                vec![Section::Dialog, Section::List, Section::Popup]
            }
        }
    }

    /// Whether an action of this popup's context does anything in it.
    pub fn applies(&self, action: Action) -> bool {
        match self {
            Overlay::Confirm(..) | Overlay::Bulk(_) => {
                !matches!(action, Action::NextField | Action::PrevField)
            }
            _ => true,
        }
    }

    /// The change request this popup waits for.
    pub fn submitting(&self) -> Option<ReqId> {
        match self {
            Overlay::Form(f, _) => f.submitting,
            Overlay::Confirm(c, _) => c.submitting,
            Overlay::Picker(p, _) => p.submitting,
            _ => None,
        }
    }

    pub fn is_busy(&self) -> bool {
        self.submitting().is_some()
            || matches!(self, Overlay::Form(f, _) if f.candidates_req.is_some())
    }

    /// The backend refused the change: show why, and let the user try again.
    pub fn failed(&mut self, message: String) {
        match self {
            Overlay::Form(f, _) => {
                f.submitting = None;
                f.error = Some(message);
            }
            Overlay::Confirm(c, _) => {
                c.submitting = None;
                c.error = Some(message);
            }
            Overlay::Picker(p, _) => {
                p.submitting = None;
                p.error = Some(message);
            }
            _ => {}
        }
    }
}

/// Runs a popup action; false if it does not apply (the next section gets the key).
pub fn handle(m: &mut Model, action: Action, fx: &mut Vec<Effect>) -> bool {
    if action == Action::Help {
        m.overlays.push(Overlay::Help(Help::default()));
        return true;
    }
    let Some(mut top) = m.overlays.pop() else {
        return false;
    };
    let base = m.overlays.len();
    let (consumed, keep) = match &mut top {
        Overlay::Help(help) => help_action(m, help, action),
        Overlay::Switcher(s) => switcher_action(m, s, action, fx),
        Overlay::Form(form, purpose) => form_action(m, form, purpose, action, fx),
        Overlay::Confirm(c, op) => confirm_action(m, c, op, action, fx),
        Overlay::Picker(p, purpose) => picker_action(m, p, purpose, action, fx),
        Overlay::Bulk(report) => match action {
            Action::Accept | Action::Cancel => (true, false),
            Action::Up | Action::PrevField => {
                report.scroll_by(-1);
                (true, true)
            }
            Action::Down | Action::NextField => {
                report.scroll_by(1);
                (true, true)
            }
            _ => (false, true),
        },
    };
    if keep {
        // Back in its place, below anything the handler opened.
        m.overlays.insert(base.min(m.overlays.len()), top);
    }
    consumed
}

/// The help's text for the screen under it, at the current size.
pub fn help_text(m: &Model, theme: &Theme) -> Vec<ratatui::text::Line<'static>> {
    let width = Help::area(m.size).width.saturating_sub(4) as usize;
    // "Here" is what is under the help: the popup below it, or the screen.
    let below = m
        .overlays
        .iter()
        .rev()
        .find(|o| !matches!(o, Overlay::Help(_)));
    let here = match below {
        Some(o) => o.context(),
        None => m.screen_context(),
    };
    let refusal = |s: Section, a: Action| m.refusal(s, a);
    help::lines(&m.keys, &here, &refusal, theme, width)
}

/// How far the help can scroll.
fn help_max_scroll(m: &Model) -> usize {
    help_text(m, &Theme::default())
        .len()
        .saturating_sub(Help::page(m.size))
}

fn help_action(m: &Model, help: &mut Help, action: Action) -> (bool, bool) {
    let page = Help::page(m.size).max(1);
    let max = help_max_scroll(m);
    match action {
        Action::CloseHelp => return (true, false),
        Action::Up => help.scroll = help.scroll.saturating_sub(1),
        Action::Down => help.scroll = (help.scroll + 1).min(max),
        Action::PageUp => help.scroll = help.scroll.saturating_sub(page),
        Action::PageDown => help.scroll = (help.scroll + page).min(max),
        Action::Top => help.scroll = 0,
        Action::Bottom => help.scroll = max,
        _ => return (false, true),
    }
    (true, true)
}

fn switcher_action(
    m: &mut Model,
    s: &mut Switcher,
    action: Action,
    fx: &mut Vec<Effect>,
) -> (bool, bool) {
    match action {
        Action::Cancel => (true, false),
        Action::NextField => {
            s.move_by(1);
            (true, true)
        }
        Action::PrevField => {
            s.move_by(-1);
            (true, true)
        }
        Action::Accept => match s.chosen() {
            Some(entry) => {
                let id = entry.id;
                set_current(m, id, fx);
                m.ws.list.select_where(|r| r.workspace_id() == Some(id));
                (true, false)
            }
            None => (true, true),
        },
        _ => (false, true),
    }
}

fn form_action(
    m: &mut Model,
    form: &mut Form,
    purpose: &FormPurpose,
    action: Action,
    fx: &mut Vec<Effect>,
) -> (bool, bool) {
    match action {
        Action::Cancel => return (true, false),
        Action::NextField => form.next_field(),
        Action::PrevField => form.prev_field(),
        Action::NextChoice => return (form.focused_mut().cycle(true), true),
        Action::PrevChoice => return (form.focused_mut().cycle(false), true),
        Action::Complete => return (form.focused_mut().complete(), true),
        Action::NextSuggestion => return (form.focused_mut().move_suggestion(true), true),
        Action::PrevSuggestion => return (form.focused_mut().move_suggestion(false), true),
        Action::Accept | Action::Submit => {
            if form.submitting.is_some() {
                return (true, true);
            }
            if !form.check_all() {
                return (true, true);
            }
            let op = mutation_of(form, purpose);
            let req = m.req();
            form.submitting = Some(req);
            form.error = None;
            fx.push(Effect::Mutate { req, op });
        }
        _ => return (false, true),
    }
    (true, true)
}

/// The change a valid form asks for.
fn mutation_of(form: &Form, purpose: &FormPurpose) -> Mutation {
    let text = |label: &str| form.value(label).trim().to_string();
    let role = || {
        form.field("Role")
            .map(|f| WspRole::ALL[f.chosen()])
            .unwrap_or(WspRole::DEFAULT)
    };
    let workspace_fields = || WorkspaceFields {
        name: text("Name"),
        full_name: text("Full name"),
        description: text("Description"),
        visibility: if form.value("Visibility") == Visibility::Shared.as_str() {
            Visibility::Shared
        } else {
            Visibility::Private
        },
    };
    match purpose.clone() {
        FormPurpose::NewWorkspace { org, org_name } => Mutation::CreateWorkspace {
            org,
            org_name,
            fields: workspace_fields(),
        },
        FormPurpose::EditWorkspace { org, workspace } => Mutation::UpdateWorkspace {
            org,
            workspace,
            fields: workspace_fields(),
        },
        FormPurpose::AddMember { org } => Mutation::AddMember {
            org,
            email: text("Email"),
        },
        FormPurpose::NewTeam { org } => Mutation::CreateTeam {
            org,
            fields: TeamFields {
                name: text("Name"),
                description: text("Description"),
            },
        },
        FormPurpose::AddTeamMember {
            org,
            team,
            team_name,
        } => Mutation::AddTeamMember {
            org,
            team,
            team_name,
            user: text("Member"),
        },
        FormPurpose::AddParticipant { org, workspace } => {
            let field = form.field("Who");
            let value = text("Who");
            let (who, label) = match field.and_then(Field::matched).map(|c| c.target) {
                Some(Target::Member(id)) => (ParticipantRef::Member(id), value),
                Some(Target::Team(id)) => (ParticipantRef::Team(id), format!("team {value}")),
                None => (ParticipantRef::UserNameOrEmail(value.clone()), value),
            };
            Mutation::AddParticipant {
                org,
                workspace,
                who,
                label,
                role: role(),
            }
        }
        FormPurpose::BulkAdd { org, workspace } => Mutation::BulkAdd {
            org,
            workspace,
            lines: form.value("Emails"),
            role: role(),
        },
    }
}

fn confirm_action(
    m: &mut Model,
    c: &mut Confirm,
    op: &Mutation,
    action: Action,
    fx: &mut Vec<Effect>,
) -> (bool, bool) {
    match action {
        Action::No | Action::Cancel => (true, false),
        Action::Yes | Action::Accept => {
            if c.submitting.is_some() {
                return (true, true);
            }
            if !c.ready() {
                c.error = Some("type the name exactly as shown to confirm".to_string());
                return (true, true);
            }
            let req = m.req();
            c.submitting = Some(req);
            c.error = None;
            fx.push(Effect::Mutate {
                req,
                op: op.clone(),
            });
            (true, true)
        }
        _ => (false, true),
    }
}

fn picker_action(
    m: &mut Model,
    p: &mut Picker,
    purpose: &PickPurpose,
    action: Action,
    fx: &mut Vec<Effect>,
) -> (bool, bool) {
    match action {
        Action::Cancel => return (true, false),
        Action::Up | Action::PrevField => p.move_by(-1),
        Action::Down | Action::NextField => p.move_by(1),
        Action::Top => p.selected = 0,
        Action::Bottom => p.move_by(isize::MAX),
        Action::Accept => {
            if p.submitting.is_some() {
                return (true, true);
            }
            if let Some(why) = &p.chosen().disabled {
                let why = why.clone();
                m.toast(ToastKind::Error, why);
                return (true, true);
            }
            if Some(p.selected) == p.current {
                m.toast(ToastKind::Info, "Nothing changed");
                return (true, false);
            }
            let i = p.selected;
            let op = match purpose.clone() {
                PickPurpose::MemberRole { org, member, email } => Mutation::SetMemberRole {
                    org,
                    member,
                    email,
                    role: OrgRole::ALL[i],
                },
                PickPurpose::DefaultRole { org, member, email } => Mutation::SetDefaultRole {
                    org,
                    member,
                    email,
                    role: i.checked_sub(1).map(|r| WspRole::ALL[r]),
                },
                PickPurpose::ParticipantRole {
                    org,
                    workspace,
                    participant,
                    label,
                } => Mutation::SetParticipantRole {
                    org,
                    workspace,
                    participant,
                    label,
                    role: WspRole::ALL[i],
                },
            };
            let req = m.req();
            p.submitting = Some(req);
            p.error = None;
            fx.push(Effect::Mutate { req, op });
        }
        _ => return (false, true),
    }
    (true, true)
}

/// A key no section bound: text for the popup's focused field.
pub fn type_key(m: &mut Model, key: KeyEvent) {
    match m.overlays.last_mut() {
        Some(Overlay::Form(form, _)) => {
            let changed = form.focused_mut().input(key);
            if changed {
                form.error = None;
            }
        }
        Some(Overlay::Switcher(s)) => {
            if let Some(req) = to_input_request(&Event::Key(key))
                && s.input.handle(req).is_some_and(|c| c.value)
            {
                s.refresh();
            }
        }
        Some(Overlay::Confirm(c, _)) => {
            if let Some((_, input)) = &mut c.typed
                && let Some(req) = to_input_request(&Event::Key(key))
            {
                input.handle(req);
                c.error = None;
            }
        }
        _ => {}
    }
}

pub fn paste(m: &mut Model, text: &str) {
    match m.overlays.last_mut() {
        Some(Overlay::Form(form, _)) => form.focused_mut().paste(text),
        Some(Overlay::Switcher(s)) => {
            for c in text.replace(['\n', '\r'], " ").chars() {
                s.input.handle(tui_input::InputRequest::InsertChar(c));
            }
            s.refresh();
        }
        Some(Overlay::Confirm(c, _)) => {
            if let Some((_, input)) = &mut c.typed {
                for ch in text.trim().chars() {
                    input.handle(tui_input::InputRequest::InsertChar(ch));
                }
            }
        }
        _ => {}
    }
}

/// The mouse wheel over a popup.
pub fn scroll(m: &mut Model, delta: isize) {
    let max = help_max_scroll(m);
    match m.overlays.last_mut() {
        Some(Overlay::Help(help)) => {
            help.scroll = help.scroll.saturating_add_signed(delta).min(max);
        }
        Some(Overlay::Switcher(s)) => s.move_by(delta),
        Some(Overlay::Picker(p, _)) => p.move_by(delta.signum()),
        Some(Overlay::Bulk(r)) => r.scroll_by(delta),
        _ => {}
    }
}

/// Suggestions arrived for an "add" form.
pub fn candidates(m: &mut Model, req: ReqId, result: crate::domain::Result<Data>) {
    let participants: Vec<(Option<MemberId>, Option<TeamId>)> = m
        .parts
        .list
        .items()
        .iter()
        .map(|p| (p.member_id, p.team_id))
        .collect();
    let team_members: Vec<MemberId> =
        m.ws.team_members
            .items()
            .iter()
            .map(|t| t.member_id)
            .collect();
    let Some(Overlay::Form(form, purpose)) = m
        .overlays
        .iter_mut()
        .find(|o| matches!(o, Overlay::Form(f, _) if f.candidates_req == Some(req)))
    else {
        return; // the form was closed: a stale reply
    };
    form.candidates_req = None;
    let (members, teams) = match result {
        Ok(Data::Candidates { members, teams }) => (members, teams),
        Ok(_) => (Vec::new(), Vec::new()),
        Err(e) => {
            form.error = Some(format!("no suggestions: {}", e.message));
            (Vec::new(), Vec::new())
        }
    };
    let mut list: Vec<Candidate> = Vec::new();
    let member_detail = |m: &crate::domain::Member| {
        let name = match (&m.first_name, &m.last_name) {
            (Some(f), Some(l)) => format!("{f} {l}"),
            (Some(f), None) => f.clone(),
            _ => m.user_name.clone(),
        };
        format!("{name} · org {}", m.role)
    };
    match purpose {
        FormPurpose::AddParticipant { .. } => {
            for mem in &members {
                let taken = participants
                    .iter()
                    .any(|(id, _)| *id == Some(mem.member_id))
                    .then(|| "is already a participant".to_string());
                list.push(Candidate {
                    value: mem.email.clone(),
                    detail: member_detail(mem),
                    target: Target::Member(mem.member_id),
                    taken,
                });
            }
            for team in &teams {
                let taken = participants
                    .iter()
                    .any(|(_, id)| *id == Some(team.id))
                    .then(|| "is already a participant".to_string());
                list.push(Candidate {
                    value: team.name.clone(),
                    detail: format!(
                        "team · {} member{}",
                        team.members_count,
                        if team.members_count == 1 { "" } else { "s" }
                    ),
                    target: Target::Team(team.id),
                    taken,
                });
            }
        }
        FormPurpose::AddTeamMember { team_name, .. } => {
            for mem in &members {
                let taken = team_members
                    .contains(&mem.member_id)
                    .then(|| format!("is already in team {team_name}"));
                list.push(Candidate {
                    value: mem.email.clone(),
                    detail: member_detail(mem),
                    target: Target::Member(mem.member_id),
                    taken,
                });
            }
        }
        _ => {}
    }
    if let Some(field) = form
        .fields
        .iter_mut()
        .find(|f| matches!(f.kind, FieldKind::Suggest { .. }))
    {
        field.set_candidates(list);
    }
}
