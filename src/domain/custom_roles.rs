//! Custom roles: named sets of permissions from the permission table, defined per org beside
//! the six built-in workspace roles.

use super::names::{NAME_RULE, check_max, is_valid_name};
use super::permissions::Permission;
use super::{Error, OrgId, Result, WspRole};
use serde::{Deserialize, Serialize};

/// The spec's `CreateRoleRequest.description` bounds.
pub const ROLE_DESCRIPTION_MAX: usize = 120;

/// A custom role as it is stored: its permissions in the permission table's order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomRole {
    pub org_id: OrgId,
    pub name: String,
    pub description: String,
    pub permissions: Vec<Permission>,
    /// RFC 3339 times.
    pub date_created: String,
    pub last_updated: String,
}

/// What a caller gives to create or change a custom role.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomRoleFields {
    pub name: String,
    pub description: String,
    /// Wire names (`manage_pipelines`), as the API sends them.
    pub permissions: Vec<String>,
}

/// The name rule of orgs, workspaces and teams, and never a built-in role's name (in any case),
/// so a role name always means one role.
pub fn check_role_name(name: &str) -> Result<()> {
    if name.is_empty() {
        return Err(Error::invalid("role name is required"));
    }
    if !is_valid_name(name) {
        return Err(Error::invalid(format!("role name '{name}' {NAME_RULE}")));
    }
    if let Some(builtin) = WspRole::ALL
        .into_iter()
        .find(|r| r.as_str().eq_ignore_ascii_case(name))
    {
        return Err(Error::conflict(format!(
            "role name '{name}' is taken by the built-in role '{builtin}'"
        )));
    }
    Ok(())
}

/// The spec's bounds: 1 to 120 characters.
pub fn check_role_description(description: &str) -> Result<()> {
    if description.trim().is_empty() {
        return Err(Error::invalid("role description is required"));
    }
    check_max("role description", description, ROLE_DESCRIPTION_MAX)
}

/// Wire names to permissions, in the table's order without repeats; at least one, each known.
pub fn parse_permissions(names: &[String]) -> Result<Vec<Permission>> {
    if names.is_empty() {
        return Err(Error::invalid(
            "a role needs at least one permission (GET /roles/permissions lists them)",
        ));
    }
    for name in names {
        if Permission::from_wire(name).is_none() {
            return Err(Error::invalid(format!(
                "'{name}' is not a permission (GET /roles/permissions lists them)"
            )));
        }
    }
    Ok(Permission::all()
        .filter(|p| names.iter().any(|n| Permission::from_wire(n) == Some(*p)))
        .collect())
}

impl From<&CustomRole> for CustomRoleFields {
    fn from(role: &CustomRole) -> Self {
        Self {
            name: role.name.clone(),
            description: role.description.clone(),
            permissions: role
                .permissions
                .iter()
                .map(|p| p.wire_name().to_string())
                .collect(),
        }
    }
}

/// Checks every field; the permissions as the role will hold them.
pub fn check_role_fields(fields: &CustomRoleFields) -> Result<Vec<Permission>> {
    check_role_name(&fields.name)?;
    check_role_description(&fields.description)?;
    parse_permissions(&fields.permissions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn names_follow_the_name_rule_and_avoid_built_ins() {
        assert!(check_role_name("pipeline-curator").is_ok());
        let bad = check_role_name("a b").unwrap_err();
        assert_eq!(
            bad.message,
            format!("role name 'a b' {NAME_RULE}"),
            "the rule is named"
        );
        let taken = check_role_name("Admin").unwrap_err();
        assert_eq!(taken.kind, crate::domain::ErrorKind::Conflict);
        assert_eq!(
            taken.message,
            "role name 'Admin' is taken by the built-in role 'admin'"
        );
        assert_eq!(
            check_role_name("").unwrap_err().message,
            "role name is required"
        );
    }

    #[test]
    fn permissions_are_known_deduplicated_and_in_table_order() {
        let got = parse_permissions(&names(&[
            "launch_pipelines",
            "view_workspace",
            "launch_pipelines",
        ]))
        .unwrap();
        assert_eq!(
            got,
            vec![Permission::ViewWorkspace, Permission::LaunchPipelines]
        );
        assert!(parse_permissions(&[]).is_err());
        let unknown = parse_permissions(&names(&["fly"])).unwrap_err();
        assert!(unknown.message.contains("'fly' is not a permission"));
    }

    #[test]
    fn descriptions_have_the_spec_bounds() {
        assert!(check_role_description("Curates pipelines").is_ok());
        assert!(check_role_description(" ").is_err());
        assert!(check_role_description(&"x".repeat(121)).is_err());
    }
}
