//! An org's custom roles in the file: each checked as the engine checks it (name rule, never
//! a built-in name, a description, known permissions), its permissions put in the table's
//! order so they compare with what the backend holds.

use super::{Problems, label};
use crate::declarative::format::RoleEntry;
use crate::domain::CustomRoleFields;
use crate::domain::custom_roles::check_role_fields;
use std::collections::BTreeSet;

pub(super) fn check_roles(
    entries: &[RoleEntry],
    at: &str,
    problems: &mut Problems,
) -> Vec<CustomRoleFields> {
    let mut seen = BTreeSet::new();
    let mut roles = Vec::new();
    for (i, r) in entries.iter().enumerate() {
        let at = format!("{at}, role {}", label(&r.name, i));
        if !seen.insert(r.name.to_ascii_lowercase()) {
            problems.add(&at, "appears twice in the org");
        }
        let mut fields = CustomRoleFields {
            name: r.name.clone(),
            description: r.description.clone(),
            permissions: r.permissions.clone(),
        };
        if let Some(permissions) = problems.check(&at, check_role_fields(&fields)) {
            fields.permissions = permissions
                .iter()
                .map(|p| p.wire_name().to_string())
                .collect();
        }
        roles.push(fields);
    }
    roles
}
