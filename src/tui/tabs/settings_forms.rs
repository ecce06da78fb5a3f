//! The Settings tab's forms: the cost estimator, a workspace's allocation, a transfer of
//! credits, the Studios settings and a label (add or edit). Amounts and labels follow the
//! domain's rules as they are typed (the verdict under the fields).

use crate::domain::billing::{Account, Ledger, parse_allocation, parse_transfer_amount};
use crate::domain::credits::{CPU_HOUR_RATE, GIB_HOUR_RATE, STORAGE_GB_MONTH_RATE, estimate};
use crate::domain::labels::DYNAMIC_VALUES;
use crate::domain::settings::LIFESPAN_MAX_HOURS;
use crate::domain::{
    Credits, Label, LabelFields, LabelId, OrgBilling, Scope, StudiosSettings, WorkspaceBilling,
    WorkspaceId,
};
use crate::tui::context::Ctx;
use crate::tui::forms::{FormSpec, rules};
use crate::tui::overlay::Overlay;
use crate::tui::request::Mutation;
use crate::tui::widgets::form::{ChoiceOption, Field, Form, parse_number};

/// Credits with two decimals, exactly.
pub fn money(v: Credits) -> String {
    v.to_string()
}

type Verdict = Option<(String, bool)>;

const CPU_HOURS: &str = "CPU-hours";
const GIB_HOURS: &str = "GiB-hours";
const GB_MONTHS: &str = "GB-months";

/// The cost estimator: quantities in, credits out; nothing to save.
pub struct EstimateForm;

impl EstimateForm {
    pub fn open() -> Overlay {
        let fields = vec![
            Field::text(CPU_HOURS, "", rules::quantity()),
            Field::text(GIB_HOURS, "", rules::quantity()),
            Field::text(GB_MONTHS, "", rules::quantity()),
        ];
        let mut form = Form::new("Cost estimate", fields).with_intro(rates_text());
        EstimateForm.changed(&mut form);
        Overlay::Form(Box::new(form), Box::new(EstimateForm))
    }
}

impl FormSpec for EstimateForm {
    /// The estimate at the credit rates; none while a quantity is not a number (the field
    /// says why: an estimate beside it would contradict it).
    fn changed(&mut self, form: &mut Form) {
        if form.fields.iter().any(|f| !f.is_valid()) {
            form.set_verdict(None);
            return;
        }
        let n = |label: &str| parse_number(&form.raw(label)).unwrap_or(0.0);
        let e = estimate(n(CPU_HOURS), n(GIB_HOURS), n(GB_MONTHS));
        form.set_verdict(Some((
            format!(
                "estimate: {:.2} credits (CPU {:.2} + memory {:.2} + storage {:.2})",
                e.total(),
                e.cpu,
                e.memory,
                e.storage
            ),
            false,
        )));
    }

    fn submit(&mut self, _form: &mut Form) -> Option<Mutation> {
        None
    }
}

/// The credit rates, in one line.
pub fn rates_text() -> String {
    format!(
        "Rates (1 credit = 1 USD): {CPU_HOUR_RATE} per CPU-hour · {GIB_HOUR_RATE} per GiB-hour of memory · {STORAGE_GB_MONTH_RATE} per GB-month of storage"
    )
}

/// The org's ledger, as the engine keeps it, to judge a change before it is sent.
fn ledger(b: &OrgBilling) -> Ledger {
    let spent = Credits::sum(b.workspaces.iter().map(|w| w.spend)).unwrap_or(b.spend);
    Ledger {
        org_name: b.org_name.clone(),
        balance: b.balance,
        archived_spend: b
            .spend
            .checked_sub(spent)
            .unwrap_or_default()
            .at_least_zero(),
        accounts: b
            .workspaces
            .iter()
            .map(|w| Account {
                workspace_id: w.workspace_id,
                name: w.workspace_name.clone(),
                allocation: w.allocation,
                spend: w.spend,
            })
            .collect(),
    }
}

const ALLOCATION: &str = "Allocation";

/// A workspace's allocation.
pub struct AllocationForm {
    workspace: WorkspaceId,
    name: String,
    billing: Box<OrgBilling>,
}

impl AllocationForm {
    pub fn open(billing: OrgBilling, row: &WorkspaceBilling) -> Overlay {
        let value = row.allocation.map(|a| a.to_string()).unwrap_or_default();
        let mut form = Form::new(
            format!("Allocation of {}", row.workspace_name),
            vec![Field::text(ALLOCATION, &value, rules::optional_amount())],
        )
        .with_intro(format!(
            "Credits reserved for {} (spent {}); empty: no allocation, it draws from the org's unallocated pool ({}).",
            row.workspace_name,
            money(row.spend),
            money(billing.unallocated)
        ));
        let mut spec = AllocationForm {
            workspace: row.workspace_id,
            name: row.workspace_name.clone(),
            billing: Box::new(billing),
        };
        spec.changed(&mut form);
        Overlay::Form(Box::new(form), Box::new(spec))
    }
}

impl FormSpec for AllocationForm {
    /// The engine's allocation rule, as typed: never below the spend, never more than the pool.
    fn changed(&mut self, form: &mut Form) {
        let verdict = (|| {
            let amount = parse_allocation(&form.raw(ALLOCATION)).ok()?;
            let mut l = ledger(&self.billing);
            Some(match l.set_allocation(self.workspace, amount) {
                Err(e) => (e.message, true),
                Ok(()) => (
                    format!(
                        "available to it then: {} · org unallocated: {}",
                        money(l.available(self.workspace).unwrap_or_default()),
                        money(l.unallocated().unwrap_or_default())
                    ),
                    false,
                ),
            })
        })();
        form.set_verdict(verdict);
    }

    fn submit(&mut self, form: &mut Form) -> Option<Mutation> {
        Some(Mutation::SetAllocation {
            org: self.billing.org_id,
            workspace: self.workspace,
            name: self.name.clone(),
            allocation: parse_allocation(&form.raw(ALLOCATION)).ok()?,
        })
    }
}

const FROM: &str = "From";
const TO: &str = "To";
const AMOUNT: &str = "Amount";

/// A transfer of allocated credits between two workspaces of an org.
pub struct TransferForm {
    /// The workspaces of the From and To choices.
    ids: Vec<WorkspaceId>,
    billing: Box<OrgBilling>,
}

impl TransferForm {
    /// The form over the billing rows as listed, starting from the row at `from`.
    pub fn open(billing: OrgBilling, rows: &[WorkspaceBilling], from: usize) -> Overlay {
        let names: Vec<ChoiceOption> = rows
            .iter()
            .map(|w| ChoiceOption::new(&w.workspace_name))
            .collect();
        let to = if from == 0 { 1 } else { 0 };
        let mut form = Form::new(
            "Transfer credits",
            vec![
                Field::choice(FROM, names.clone(), from),
                Field::choice(TO, names, to),
                Field::text(AMOUNT, "", rules::amount()),
            ],
        )
        .with_intro(format!(
            "Moves allocated credits between workspaces of {}; no balance may go negative, and the transfer is recorded.",
            billing.org_name
        ));
        let mut spec = TransferForm {
            ids: rows.iter().map(|w| w.workspace_id).collect(),
            billing: Box::new(billing),
        };
        spec.changed(&mut form);
        Overlay::Form(Box::new(form), Box::new(spec))
    }

    fn verdict(&self, form: &Form) -> Verdict {
        let from = *self.ids.get(form.chosen(FROM))?;
        let to = *self.ids.get(form.chosen(TO))?;
        let amount = parse_transfer_amount(&form.raw(AMOUNT)).ok()?;
        let mut l = ledger(&self.billing);
        Some(match l.transfer(from, to, amount) {
            Err(e) => (e.message, true),
            Ok(()) => (
                format!(
                    "then {} has {} available and {} has {}",
                    form.raw(FROM),
                    l.available(from).unwrap_or_default(),
                    form.raw(TO),
                    l.available(to).unwrap_or_default()
                ),
                false,
            ),
        })
    }
}

impl FormSpec for TransferForm {
    /// The engine's transfer rule, as typed: no balance goes negative.
    fn changed(&mut self, form: &mut Form) {
        let verdict = self.verdict(form);
        form.set_verdict(verdict);
    }

    fn submit(&mut self, form: &mut Form) -> Option<Mutation> {
        Some(Mutation::Transfer {
            org: self.billing.org_id,
            from: self.ids.get(form.chosen(FROM)).copied().unwrap_or_default(),
            from_name: form.raw(FROM),
            to: self.ids.get(form.chosen(TO)).copied().unwrap_or_default(),
            to_name: form.raw(TO),
            amount: parse_transfer_amount(&form.raw(AMOUNT)).ok()?,
        })
    }
}

const LIFESPAN: &str = "Lifespan";
const COLLAB: &str = "Collab. mode";

/// The Studios settings of a workspace.
pub struct StudiosForm {
    scope: Scope,
    /// The settings the form opened with.
    base: StudiosSettings,
}

impl StudiosForm {
    pub fn open(scope: Scope, path: &str, current: StudiosSettings) -> Overlay {
        let modes = vec![
            ChoiceOption::new("collaborative"),
            ChoiceOption::new("private by default"),
        ];
        let form = Form::new(
            format!("Studios settings of {path}"),
            vec![
                Field::text(LIFESPAN, &current.lifespan_hours.to_string(), rules::lifespan()),
                Field::choice(COLLAB, modes, usize::from(current.private_by_default)),
            ],
        )
        .with_intro(format!(
            "Session lifespan in hours: 1-{LIFESPAN_MAX_HOURS}, or 0 to always keep running (default 8). Private by default: new Studios are private until shared."
        ));
        let spec = StudiosForm {
            scope,
            base: current,
        };
        Overlay::Form(Box::new(form), Box::new(spec))
    }
}

impl FormSpec for StudiosForm {
    fn submit(&mut self, form: &mut Form) -> Option<Mutation> {
        Some(Mutation::SetStudios {
            scope: self.scope,
            base: self.base,
            settings: StudiosSettings {
                lifespan_hours: form.text(LIFESPAN).parse().unwrap_or(0),
                private_by_default: form.chosen(COLLAB) == 1,
            },
        })
    }
}

const KIND: &str = "Kind";
const NAME: &str = "Name";
const VALUE: &str = "Value";
const DEFAULT: &str = "Default";

/// Add a label, or (`id`) edit one; its kind stays once it exists.
pub struct LabelForm {
    scope: Scope,
    id: Option<LabelId>,
}

impl LabelForm {
    pub fn open(ctx: &Ctx, scope: Scope, label: Option<Label>) -> Overlay {
        let kinds = match &label {
            Some(l) if l.resource => vec![ChoiceOption::new("resource")],
            Some(_) => vec![ChoiceOption::new("simple")],
            None => vec![ChoiceOption::new("simple"), ChoiceOption::new("resource")],
        };
        let (name, value, default) = match &label {
            Some(l) => (
                l.name.clone(),
                l.value.clone().unwrap_or_default(),
                usize::from(l.is_default),
            ),
            None => (String::new(), String::new(), 0),
        };
        let title = match &label {
            Some(l) => format!("Edit label {l}"),
            None => "Add a label".to_string(),
        };
        let yes_no = vec![ChoiceOption::new("no"), ChoiceOption::new("yes")];
        let fields = vec![
            Field::choice(KIND, kinds, 0),
            Field::text(NAME, &name, rules::label_name()),
            Field::text(VALUE, &value, rules::label_value()),
            Field::choice(DEFAULT, yes_no, default),
        ];
        let mut form = Form::new(title, fields).with_intro(label_rules(ctx));
        let mut spec = LabelForm {
            scope,
            id: label.as_ref().map(|l| l.id),
        };
        spec.changed(&mut form);
        if label.is_some() {
            // The kind stays: start on the name.
            form.focus = 1;
        }
        Overlay::Form(Box::new(form), Box::new(spec))
    }

    /// The label the form describes.
    fn fields(form: &Form) -> LabelFields {
        let resource = form.raw(KIND) == "resource";
        let value = form.text(VALUE);
        LabelFields {
            name: form.text(NAME),
            value: (resource || !value.is_empty()).then_some(value),
            resource,
            is_default: form.raw(DEFAULT) == "yes",
        }
    }
}

impl FormSpec for LabelForm {
    /// The engine's label rules over the whole form.
    fn changed(&mut self, form: &mut Form) {
        let verdict = label_verdict(&Self::fields(form));
        form.set_verdict(verdict);
    }

    fn submit(&mut self, form: &mut Form) -> Option<Mutation> {
        let fields = Self::fields(form);
        Some(match self.id {
            Some(id) => Mutation::UpdateLabel {
                scope: self.scope,
                id,
                fields,
            },
            None => Mutation::CreateLabel {
                scope: self.scope,
                fields,
            },
        })
    }
}

fn label_verdict(f: &LabelFields) -> Verdict {
    if f.name.is_empty() {
        return None;
    }
    if let Err(e) = f.check() {
        return Some((e.message, true));
    }
    let dynamic = f
        .value
        .as_deref()
        .is_some_and(crate::domain::labels::is_dynamic_value);
    let shown = match &f.value {
        Some(v) => format!("{}={v}", f.name),
        None => f.name.clone(),
    };
    Some((
        format!(
            "{shown}{}{}",
            if dynamic {
                " · filled in at run time"
            } else {
                ""
            },
            if f.is_default { " · default" } else { "" }
        ),
        false,
    ))
}

/// The label rules, and how many labels the workspace uses.
pub fn label_rules(ctx: &Ctx) -> String {
    let usage = ctx
        .res
        .label_usage
        .map(|u| format!("{u} used · "))
        .unwrap_or_default();
    format!(
        "{usage}names 2-39 letters and digits, single - or _ between them; resource labels are key=value, the value may be {}; a default resource label is added to new runs; at most 25 per resource",
        DYNAMIC_VALUES.join(" ")
    )
}
