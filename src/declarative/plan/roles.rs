//! An org's custom roles: created before the workspaces' participants may hold them, updated
//! in place (same name), and with `--prune` removed last, after the participants that held
//! them have been given another role or removed.

use super::{Action, OrgPlanner, Phase};
use crate::domain::changes::Change;
use crate::domain::{CustomRole, CustomRoleFields};

impl OrgPlanner<'_> {
    pub(super) fn plan_roles(&mut self) {
        let d = self.d;
        for wanted in &d.roles {
            let current = self.c.and_then(|c| c.role(&wanted.name));
            self.plan_role(wanted, current);
        }
    }

    fn plan_role(&mut self, wanted: &CustomRoleFields, current: Option<&CustomRole>) {
        let org = self.org().to_string();
        let object = format!("org {org} role {}", wanted.name);
        let Some(current) = current else {
            let detail = wanted.permissions.join(", ");
            let change = Change::CreateRole {
                org,
                fields: wanted.clone(),
            };
            self.plan
                .push(Phase::Roles, Action::Create, object, detail, Some(change));
            return;
        };
        let now = CustomRoleFields::from(current);
        if &now == wanted {
            self.plan
                .push(Phase::Roles, Action::Unchanged, object, String::new(), None);
            return;
        }
        let mut changes = Vec::new();
        super::diff("name", &now.name, &wanted.name, &mut changes);
        super::diff(
            "description",
            &now.description,
            &wanted.description,
            &mut changes,
        );
        super::diff(
            "permissions",
            &now.permissions.join(", "),
            &wanted.permissions.join(", "),
            &mut changes,
        );
        let change = Change::UpdateRole {
            org,
            role: now.name.clone(),
            fields: wanted.clone(),
        };
        let detail = changes.join(", ");
        self.plan
            .push(Phase::Roles, Action::Update, object, detail, Some(change));
    }

    /// Whether the file or the org has a custom role of that name.
    pub(super) fn knows_role(&self, name: &str) -> bool {
        self.d
            .roles
            .iter()
            .any(|r| r.name.eq_ignore_ascii_case(name))
            || self.c.and_then(|c| c.role(name)).is_some()
    }

    /// Roles of the org the file does not list.
    pub(super) fn prune_roles(&mut self) {
        let Some(c) = self.c else { return };
        let org = self.org().to_string();
        for r in c.roles.iter().filter(|r| {
            !self
                .d
                .roles
                .iter()
                .any(|d| d.name.eq_ignore_ascii_case(&r.name))
        }) {
            let change = Change::DeleteRole {
                org: org.clone(),
                role: r.name.clone(),
            };
            self.plan.push(
                Phase::RemoveRoles,
                Action::Remove,
                format!("org {org} role {}", r.name),
                String::new(),
                Some(change),
            );
        }
    }
}
