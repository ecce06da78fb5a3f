//! Typed forms. Each form is a type of its own, next to its tab (`tabs/<tab>_forms.rs`): it
//! builds its fields (addressed by label constants, never by position), reacts to changes,
//! takes what it asked to load, and says what change a valid submit asks for. The overlay
//! stack drives any of them through `FormSpec`: a form overlay holds its typed form boxed
//! (`FormPurpose`), so this file names none of them and the tabs' form files can use it
//! without a cycle.
//!
//! To add a form: write its type with `impl FormSpec` and an `open` that returns
//! `Overlay::Form(Box::new(form), Box::new(spec))`, and pick its field checks from `rules` (or
//! write one that calls the domain's rule).

pub mod rules;

use crate::domain::{LabelId, Member, Result};
use crate::tui::guard::Guarded;
use crate::tui::request::{Data, Mutation};
use crate::tui::tabs::audit_narrowing::Narrowing;
use crate::tui::widgets::form::{Form, split_commas};

/// What a typed form does beyond the generic widget.
pub trait FormSpec {
    /// After a field changed: what depends on it (the credentials a platform takes, a
    /// provider's fields) and the domain's rules over the whole form (the verdict).
    fn changed(&mut self, _form: &mut Form) {}

    /// The change a valid form asks for; None: it saves nothing (Enter closes it).
    fn submit(&mut self, form: &mut Form) -> Option<Mutation>;

    /// A change that narrows or removes something: its impact is loaded and confirmed before
    /// it is sent (`guard`). None: it is sent at once.
    fn guard(&self, _op: &Mutation) -> Option<Guarded> {
        None
    }

    /// The reply to the load the form asked for when it opened (`Form::candidates_req`).
    fn loaded(&mut self, _form: &mut Form, _result: Result<Data>) {}

    /// For a form that saves nothing (`submit` gave None): what its valid submit hands back
    /// to its screen (a filter), run as the form closes.
    fn chosen(&mut self, _form: &Form) -> Option<Chosen> {
        None
    }
}

/// Which typed form a form overlay is, with its state.
pub type FormPurpose = Box<dyn FormSpec>;

/// What a form that saves nothing hands back to its screen when submitted (`FormSpec::chosen`);
/// the overlay stack passes it on as a `Cmd`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chosen {
    /// The Audit tab's narrowing form: the tab loads the log narrowed so.
    AuditNarrowing(Narrowing),
}

/// The ids of the comma-separated names in a field, in `known`'s terms.
pub fn ids_of(form: &Form, label: &str, known: &[(LabelId, String)]) -> Vec<LabelId> {
    split_commas(&form.raw(label))
        .iter()
        .filter_map(|n| known.iter().find(|(_, k)| k == n).map(|(id, _)| *id))
        .collect()
}

/// How a suggestion describes an org member: their name and org role.
pub fn member_detail(m: &Member) -> String {
    let name = match (&m.first_name, &m.last_name) {
        (Some(f), Some(l)) => format!("{f} {l}"),
        (Some(f), None) => f.clone(),
        _ => m.user_name.clone(),
    };
    format!("{name} · org {}", m.role)
}
