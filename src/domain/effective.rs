//! The effective role of a user in a workspace, and where each part of it comes from.

use super::ids::TeamId;
use super::permissions::Permission;
use super::roles::WspRole;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One way a user holds a role in a workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum RoleSource {
    /// The embedded operator, who may do anything anywhere.
    Operator,
    /// The owner of a personal workspace.
    PersonalWorkspace,
    /// Org owners are owners of every workspace in their org.
    OrgOwner,
    /// The user's own participant role.
    Participant,
    /// A participating team the user belongs to.
    Team { team_id: TeamId, team_name: String },
    /// The member's default role in every workspace of the org.
    OrgDefault,
}

impl fmt::Display for RoleSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RoleSource::Operator => f.write_str("operator"),
            RoleSource::PersonalWorkspace => f.write_str("personal workspace"),
            RoleSource::OrgOwner => f.write_str("org owner"),
            RoleSource::Participant => f.write_str("participant"),
            RoleSource::Team { team_name, .. } => write!(f, "team {team_name}"),
            RoleSource::OrgDefault => f.write_str("org default"),
        }
    }
}

/// A role together with the source that grants it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleGrant {
    /// For a custom role holder: `view`, so rank-based rules see the least privilege.
    pub role: WspRole,
    pub source: RoleSource,
    /// The org's custom role the source holds instead of a built-in role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<CustomGrant>,
}

impl RoleGrant {
    /// A built-in role from `source`.
    pub fn new(role: WspRole, source: RoleSource) -> Self {
        Self {
            role,
            source,
            custom: None,
        }
    }

    /// The name shown for the grant: the custom role's, or the built-in role's.
    pub fn role_name(&self) -> &str {
        match &self.custom {
            Some(c) => &c.name,
            None => self.role.as_str(),
        }
    }
}

/// A custom role behind a grant: its name and the permissions it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomGrant {
    pub name: String,
    pub permissions: Vec<Permission>,
}

/// Every grant a user holds in one workspace; the highest one wins.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EffectiveRole {
    /// All grants, the winning one first.
    pub grants: Vec<RoleGrant>,
}

impl EffectiveRole {
    /// Builds the effective role from grants: an org owner (or the operator, or the owner of a
    /// personal workspace) is owner whatever else applies; otherwise the highest grant wins.
    pub fn from_grants(mut grants: Vec<RoleGrant>) -> Self {
        // Stable sort: highest role first, a custom role before a plain `view`; among equals,
        // the order the caller gave.
        grants.sort_by_key(|g| std::cmp::Reverse((g.role, g.custom.is_some())));
        Self { grants }
    }

    pub fn none() -> Self {
        Self::default()
    }

    /// The winning role, if the user has any role here.
    pub fn role(&self) -> Option<WspRole> {
        self.grants.first().map(|g| g.role)
    }

    /// Whether the grants allow `permission`: the winning built-in role holds it, or a custom
    /// role does. Permissions the table keeps for owners (granting owner, deleting the
    /// workspace) come only from the built-in owner role.
    pub fn allows(&self, permission: Permission) -> bool {
        if self.role().is_some_and(|r| permission.allowed_for(r)) {
            return true;
        }
        !permission.owner_only()
            && self
                .grants
                .iter()
                .filter_map(|g| g.custom.as_ref())
                .any(|c| c.permissions.contains(&permission))
    }

    /// The winning role's name (a custom role's name when that wins), if any.
    pub fn role_name(&self) -> Option<&str> {
        self.grants.first().map(RoleGrant::role_name)
    }

    /// Where the winning role comes from.
    pub fn source(&self) -> Option<&RoleSource> {
        self.grants.first().map(|g| &g.source)
    }

    /// "maintain (team analysts)", or "none".
    pub fn summary(&self) -> String {
        match self.grants.first() {
            Some(g) => format!("{} ({})", g.role_name(), g.source),
            None => "none".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(role: WspRole, source: RoleSource) -> RoleGrant {
        RoleGrant::new(role, source)
    }

    #[test]
    fn a_custom_role_adds_its_permissions_but_never_owner_ones() {
        let custom = RoleGrant {
            custom: Some(CustomGrant {
                name: "curator".into(),
                permissions: vec![Permission::ManagePipelines, Permission::DeleteWorkspace],
            }),
            ..grant(WspRole::View, RoleSource::Participant)
        };
        let eff =
            EffectiveRole::from_grants(vec![grant(WspRole::View, RoleSource::OrgDefault), custom]);
        assert_eq!(eff.summary(), "curator (participant)");
        assert!(eff.allows(Permission::ManagePipelines));
        assert!(eff.allows(Permission::ViewWorkspace));
        assert!(!eff.allows(Permission::LaunchPipelines));
        assert!(!eff.allows(Permission::DeleteWorkspace), "owner-only");
    }

    #[test]
    fn highest_grant_wins_and_keeps_its_source() {
        let eff = EffectiveRole::from_grants(vec![
            grant(WspRole::Launch, RoleSource::Participant),
            grant(
                WspRole::Maintain,
                RoleSource::Team {
                    team_id: 7,
                    team_name: "analysts".into(),
                },
            ),
            grant(WspRole::View, RoleSource::OrgDefault),
        ]);
        assert_eq!(eff.role(), Some(WspRole::Maintain));
        assert_eq!(eff.summary(), "maintain (team analysts)");
        assert_eq!(eff.grants.len(), 3);
    }

    #[test]
    fn no_grants_no_role() {
        let eff = EffectiveRole::from_grants(vec![]);
        assert_eq!(eff.role(), None);
        assert_eq!(eff.summary(), "none");
    }
}
