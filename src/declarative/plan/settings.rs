//! Credits (the org's balance, a workspace's allocation), Studios settings and labels.
//! Amounts are exact cents, so they compare exactly.

use super::contents::Ws;
use super::{Action, OrgPlanner, Phase};
use crate::domain::Credits;
use crate::domain::LabelFields;
use crate::domain::changes::{Change, WorkspaceChange, label_name};

impl<'a> OrgPlanner<'a> {
    /// The org's credit balance. A new org starts at 0; an org whose billing cannot be read
    /// (another backend, or a collaborator) is set and the engine decides.
    pub(super) fn plan_org_credits(&mut self) {
        let Some(credits) = self.d.credits else {
            return;
        };
        let org = self.org().to_string();
        let object = format!("org {org} credits");
        let current = match self.c {
            None => Some(Credits::ZERO),
            Some(c) => c.billing.as_ref().map(|b| b.balance),
        };
        let change = Change::SetOrgCredits { org, credits };
        match current {
            Some(balance) if balance == credits => self.plan.push(
                Phase::OrgCredits,
                Action::Unchanged,
                object,
                String::new(),
                None,
            ),
            Some(balance) => self.plan.push(
                Phase::OrgCredits,
                Action::Update,
                object,
                format!("{balance} -> {credits}"),
                Some(change),
            ),
            None => self.plan.push(
                Phase::OrgCredits,
                Action::Update,
                object,
                format!("set to {credits}"),
                Some(change),
            ),
        }
    }

    pub(super) fn plan_allocation(&mut self, ws: Ws<'a>) {
        let Some(wanted) = ws.d.credits_allocation else {
            return;
        };
        let current = self.c.and_then(|c| c.billing.as_ref()).and_then(|b| {
            b.workspaces
                .iter()
                .find(|w| w.workspace_name.eq_ignore_ascii_case(&ws.d.name))
                .and_then(|w| w.allocation)
        });
        let change = Some(WorkspaceChange::SetAllocation(Some(wanted)));
        let object = "credits allocation";
        let (action, detail, change) = match current {
            Some(a) if a == wanted => (Action::Unchanged, String::new(), None),
            Some(a) => (Action::Update, format!("{a} -> {wanted}"), change),
            None => (Action::Create, wanted.to_string(), change),
        };
        self.push_in(ws, Phase::Allocations, action, object, detail, change);
    }

    /// Studios settings always exist (a new workspace has the defaults); only the keys the
    /// file gives are compared.
    pub(super) fn plan_studios(&mut self, ws: Ws<'a>) {
        let Some(studios) = ws.d.studios else {
            return;
        };
        let current = ws.c.and_then(|c| c.studios).unwrap_or_default();
        let wanted = studios.applied_to(current);
        let mut differences = Vec::new();
        if wanted.lifespan_hours != current.lifespan_hours {
            differences.push(format!(
                "lifespan_hours {} -> {}",
                current.lifespan_hours, wanted.lifespan_hours
            ));
        }
        if wanted.private_by_default != current.private_by_default {
            differences.push(format!(
                "private_by_default {} -> {}",
                current.private_by_default, wanted.private_by_default
            ));
        }
        let change = WorkspaceChange::SetStudios {
            settings: wanted,
            base: Some(Box::new(current)),
        };
        self.push_diff(ws, Phase::Studios, "Studios settings", differences, change);
    }

    pub(super) fn plan_labels(&mut self, ws: Ws<'a>) {
        for name in &ws.d.labels {
            let fields = LabelFields::simple(name);
            let exists = ws.c.and_then(|c| c.label(name, None)).is_some();
            self.plan_label(ws, fields, exists.then_some(false));
        }
        for fields in &ws.d.resource_labels {
            let value = fields.value.as_deref();
            let current = ws.c.and_then(|c| c.label(&fields.name, value));
            self.plan_label(ws, fields.clone(), current.map(|l| l.is_default));
        }
    }

    /// `current_default` is None for a label that does not exist yet.
    fn plan_label(&mut self, ws: Ws<'a>, fields: LabelFields, current_default: Option<bool>) {
        let object = label_name(&fields);
        match current_default {
            None => {
                let detail = if fields.is_default { "default" } else { "" };
                let change = WorkspaceChange::CreateLabel(fields);
                self.push_in(
                    ws,
                    Phase::Labels,
                    Action::Create,
                    object,
                    detail.into(),
                    Some(change),
                );
            }
            Some(was) => {
                let mut differences = Vec::new();
                if was != fields.is_default {
                    differences.push(format!("default {was} -> {}", fields.is_default));
                }
                let change = WorkspaceChange::UpdateLabel {
                    label: fields.clone(),
                    fields,
                };
                self.push_diff(ws, Phase::Labels, object, differences, change);
            }
        }
    }

    pub(super) fn prune_labels(&mut self, ws: Ws<'a>) {
        let Some(c) = ws.c else { return };
        for label in &c.labels {
            let listed = match &label.value {
                Some(v) if label.resource => ws.d.resource_labels.iter().any(|l| {
                    l.name.eq_ignore_ascii_case(&label.name)
                        && l.value
                            .as_deref()
                            .is_some_and(|x| x.eq_ignore_ascii_case(v))
                }),
                _ => {
                    ws.d.labels
                        .iter()
                        .any(|n| n.eq_ignore_ascii_case(&label.name))
                }
            };
            if listed {
                continue;
            }
            let fields = match &label.value {
                Some(v) if label.resource => LabelFields::resource(&label.name, v, false),
                _ => LabelFields::simple(&label.name),
            };
            let object = label_name(&fields);
            let change = WorkspaceChange::DeleteLabel(fields);
            self.push_in(
                ws,
                Phase::RemoveLabels,
                Action::Remove,
                object,
                String::new(),
                Some(change),
            );
        }
    }
}
