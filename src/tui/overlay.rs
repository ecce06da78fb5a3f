//! The kinds of popup: help, the workspace switcher, forms, confirmations, pickers, the bulk-add
//! report, run and audit details. Data only, with what each kind says about itself (its key
//! sections, whether it waits); `overlays` runs the stack.

pub use super::forms::FormPurpose;

use super::keys::{Action, Section};
use super::request::{Mutation, ReqId};
use super::tab::Tab;
use super::tabs::audit_detail::AuditDetail;
use super::tabs::run_details::RunDetails;
use super::widgets::bulk::BulkReport;
use super::widgets::confirm::Confirm;
use super::widgets::form::{FieldKind, Form};
use super::widgets::help::Help;
use super::widgets::new_token::NewToken;
use super::widgets::picker::Picker;
use super::widgets::switcher::Switcher;
use crate::domain::WorkflowId;

pub enum Overlay {
    Help(Help),
    Switcher(Box<Switcher>),
    /// A form, and the typed form that gives it meaning.
    Form(Box<Form>, FormPurpose),
    Confirm(Box<Confirm>, Mutation),
    Picker(Box<Picker>, PickPurpose),
    Bulk(BulkReport),
    /// A run's details.
    Details(Box<RunDetails>),
    /// A change of the audit log, before and after.
    AuditChange(Box<AuditDetail>),
    /// A question that changes nothing ("go to Runs?").
    Jump(Box<Confirm>, Jump),
    /// A new API token, shown this once.
    NewToken(Box<NewToken>),
}

/// Where a `Jump` question leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Jump {
    /// The Runs tab, with the new run selected.
    Runs(WorkflowId),
}

/// What a picker's choice does.
#[derive(Clone, Debug, PartialEq)]
pub enum PickPurpose {
    /// The screen of this tab takes the choice (`Screen::picked`): a filter, nothing saved.
    Screen(Tab),
    /// Option `i` asks for change `i` (a role, say); the picker waits for the reply.
    Change(Vec<Mutation>),
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
            Overlay::Picker(..)
            | Overlay::Bulk(_)
            | Overlay::Details(_)
            | Overlay::AuditChange(_) => {
                vec![Section::Dialog, Section::List, Section::Popup]
            }
            Overlay::Jump(..) => vec![Section::Confirm, Section::Dialog, Section::Popup],
            Overlay::NewToken(_) => vec![Section::NewToken, Section::Dialog, Section::Popup],
        }
    }

    /// Whether an action of this popup's context does anything in it.
    pub fn applies(&self, action: Action) -> bool {
        match self {
            Overlay::Confirm(..)
            | Overlay::Bulk(_)
            | Overlay::Jump(..)
            | Overlay::NewToken(_)
            | Overlay::Details(_)
            | Overlay::AuditChange(_) => !matches!(action, Action::NextField | Action::PrevField),
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
            || matches!(self, Overlay::Details(d) if d.req.is_some())
    }

    /// The form beneath that this confirmation decides for (`guard`).
    pub fn form_waiting(&self) -> Option<ReqId> {
        match self {
            Overlay::Confirm(c, _) => c.form,
            _ => None,
        }
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
