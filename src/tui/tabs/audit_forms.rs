//! The Audit tab's narrowing form (`f`): since when, by whom, of what. It saves nothing: a
//! valid submit hands the choice back to the tab (`Cmd::NarrowAudit`), which loads the log
//! again. "Since" is checked with the domain's own parsing (`audit::parse_time`), so the form
//! refuses exactly what `nfdeck audit --since` refuses, with the same rule in its message.

use super::audit_narrowing::Narrowing;
use crate::domain::audit::parse_time;
use crate::tui::forms::{Chosen, FormSpec};
use crate::tui::overlay::Overlay;
use crate::tui::request::Mutation;
use crate::tui::widgets::form::{Check, Field, Form};
use chrono::Utc;

const SINCE: &str = "Since";
const WHO: &str = "Who";
const WHAT: &str = "What";

/// Narrows the audit log; empty fields do not narrow.
pub struct AuditFilterForm;

impl AuditFilterForm {
    /// The form, showing the narrowing in effect.
    pub fn open(now: &Narrowing) -> Overlay {
        let fields = vec![
            Field::text(SINCE, &now.since_text, since()),
            Field::text(WHO, now.who.as_deref().unwrap_or(""), Check::NONE),
            Field::text(WHAT, now.what.as_deref().unwrap_or(""), Check::NONE),
        ];
        let form = Form::new("Narrow the audit log", fields).with_intro(
            "Empty fields do not narrow. Since: an RFC 3339 time (2026-01-31T12:00:00Z) or an \
             age (30m, 2h, 7d, 1w). Who: part of the actor's email. What: the start of an \
             action (workspace, participant.role) or an object type.",
        );
        Overlay::Form(Box::new(form), Box::new(AuditFilterForm))
    }
}

/// Blank, or a time or an age as the domain reads them (the message names the field).
fn since() -> Check {
    Check::value(|v| {
        if v.trim().is_empty() {
            return Ok(());
        }
        parse_time(SINCE, v, Utc::now()).map(|_| ())
    })
}

impl FormSpec for AuditFilterForm {
    fn submit(&mut self, _form: &mut Form) -> Option<Mutation> {
        None
    }

    /// The narrowing typed; an age becomes a time now (the log is not a sliding window).
    fn chosen(&mut self, form: &Form) -> Option<Chosen> {
        let since_text = form.text(SINCE);
        let since = match since_text.as_str() {
            "" => None,
            text => Some(parse_time(SINCE, text, Utc::now()).ok()?),
        };
        Some(Chosen::AuditNarrowing(Narrowing {
            since_text,
            since,
            who: form.optional(WHO),
            what: form.optional(WHAT),
        }))
    }
}
