//! The Runs tab's form: add labels to, or take labels off, the selected run or every marked
//! run. It never replaces a run's labels wholesale (the list does not carry them, so a
//! replacement could drop labels the user never saw).

use crate::domain::{LabelId, Scope, WorkflowId};
use crate::tui::context::Ctx;
use crate::tui::forms::{FormSpec, ids_of, rules};
use crate::tui::overlay::Overlay;
use crate::tui::request::Mutation;
use crate::tui::widgets::form::{Field, Form};

const ADD: &str = "Add labels";
const REMOVE: &str = "Take off";

pub struct RunLabelsForm {
    scope: Scope,
    /// The runs (id, name) the change is for.
    runs: Vec<(WorkflowId, String)>,
    /// The workspace's simple labels (runs take no resource labels).
    labels: Vec<(LabelId, String)>,
}

impl RunLabelsForm {
    /// The form for `runs` (one, or the marked ones) of the current workspace.
    pub fn open(ctx: &Ctx, scope: Scope, runs: Vec<(WorkflowId, String)>) -> Overlay {
        let labels = ctx.res.simple_label_choices();
        let known: Vec<String> = labels.iter().map(|(_, n)| n.clone()).collect();
        let title = match runs.as_slice() {
            [(_, name)] => format!("Labels of run {name}"),
            _ => format!("Labels of {} runs", runs.len()),
        };
        let names: Vec<&str> = runs.iter().map(|(_, n)| n.as_str()).collect();
        let intro = format!(
            "For {}. Labels not named here stay as they are (a run's labels show in its \
             details). Comma-separated; the workspace has: {}.",
            names.join(", "),
            if known.is_empty() {
                "none yet (add them on the Settings tab)".to_string()
            } else {
                known.join(", ")
            }
        );
        let form = Form::new(
            title,
            vec![
                Field::text(ADD, "", rules::labels(known.clone())),
                Field::text(REMOVE, "", rules::labels(known)),
            ],
        )
        .with_intro(intro);
        let spec = RunLabelsForm {
            scope,
            runs,
            labels,
        };
        Overlay::Form(Box::new(form), Box::new(spec))
    }
}

impl FormSpec for RunLabelsForm {
    /// A label both added and taken off is a contradiction the form names.
    fn changed(&mut self, form: &mut Form) {
        let add = ids_of(form, ADD, &self.labels);
        let both = ids_of(form, REMOVE, &self.labels)
            .into_iter()
            .find(|id| add.contains(id))
            .and_then(|id| self.labels.iter().find(|(l, _)| *l == id));
        form.set_verdict(both.map(|(_, name)| {
            (
                format!("'{name}' is both added and taken off: name it once"),
                true,
            )
        }));
    }

    /// Nothing named: nothing to save.
    fn submit(&mut self, form: &mut Form) -> Option<Mutation> {
        let add = ids_of(form, ADD, &self.labels);
        let remove = ids_of(form, REMOVE, &self.labels);
        if add.is_empty() && remove.is_empty() {
            return None;
        }
        Some(Mutation::RunLabels {
            scope: self.scope,
            runs: self.runs.clone(),
            add,
            remove,
        })
    }
}
