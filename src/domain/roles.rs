//! Organization roles, workspace roles and participant types, with the API's wire spellings.

use super::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A workspace role. Declared lowest first so that `Ord` ranks them: `Owner` is the greatest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WspRole {
    View,
    Connect,
    Launch,
    Maintain,
    Admin,
    Owner,
}

impl WspRole {
    /// Highest first, as the brief lists them.
    pub const ALL: [WspRole; 6] = [
        WspRole::Owner,
        WspRole::Admin,
        WspRole::Maintain,
        WspRole::Launch,
        WspRole::Connect,
        WspRole::View,
    ];

    /// The role a participant gets when none is given.
    pub const DEFAULT: WspRole = WspRole::Launch;

    /// What the role is for, in a sentence (`GET /roles`).
    pub fn describe(self) -> &'static str {
        match self {
            WspRole::Owner => "Full control of the workspace, including its deletion and owners",
            WspRole::Admin => "Manages the workspace, its participants, settings and resources",
            WspRole::Maintain => "Manages pipelines, compute environments and runs",
            WspRole::Launch => "Launches pipelines and manages their runs",
            WspRole::Connect => "Connects to Studios and sees the workspace",
            WspRole::View => "Sees the workspace, its pipelines and runs",
        }
    }

    /// The permissions the role holds, in the permission table's order.
    pub fn permissions(self) -> Vec<super::permissions::Permission> {
        super::permissions::Permission::all()
            .filter(|p| p.allowed_for(self))
            .collect()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            WspRole::Owner => "owner",
            WspRole::Admin => "admin",
            WspRole::Maintain => "maintain",
            WspRole::Launch => "launch",
            WspRole::Connect => "connect",
            WspRole::View => "view",
        }
    }
}

impl fmt::Display for WspRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for WspRole {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        WspRole::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                Error::invalid(format!(
                    "'{s}' is not a workspace role (owner, admin, maintain, launch, connect, view)"
                ))
            })
    }
}

/// An organization role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OrgRole {
    Owner,
    Member,
    Collaborator,
}

impl OrgRole {
    pub const ALL: [OrgRole; 3] = [OrgRole::Owner, OrgRole::Member, OrgRole::Collaborator];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgRole::Owner => "owner",
            OrgRole::Member => "member",
            OrgRole::Collaborator => "collaborator",
        }
    }

    /// Owners and members count toward the tier's member limit; collaborators do not.
    pub fn is_member(self) -> bool {
        !matches!(self, OrgRole::Collaborator)
    }
}

impl fmt::Display for OrgRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OrgRole {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        OrgRole::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                Error::invalid(format!(
                    "'{s}' is not an organization role (owner, member, collaborator)"
                ))
            })
    }
}

/// How a participant takes part in a workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ParticipantType {
    Member,
    Team,
    Collaborator,
}

impl ParticipantType {
    pub fn as_str(self) -> &'static str {
        match self {
            ParticipantType::Member => "MEMBER",
            ParticipantType::Team => "TEAM",
            ParticipantType::Collaborator => "COLLABORATOR",
        }
    }
}

impl fmt::Display for ParticipantType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ParticipantType {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_uppercase().as_str() {
            "MEMBER" => Ok(ParticipantType::Member),
            "TEAM" => Ok(ParticipantType::Team),
            "COLLABORATOR" => Ok(ParticipantType::Collaborator),
            _ => Err(Error::invalid(format!(
                "'{s}' is not a participant type (MEMBER, TEAM, COLLABORATOR)"
            ))),
        }
    }
}

/// Workspace visibility: `SHARED` workspaces share their pipelines with the whole organization.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Visibility {
    #[default]
    Private,
    Shared,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Private => "PRIVATE",
            Visibility::Shared => "SHARED",
        }
    }
}

impl fmt::Display for Visibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Visibility {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_uppercase().as_str() {
            "PRIVATE" => Ok(Visibility::Private),
            "SHARED" => Ok(Visibility::Shared),
            _ => Err(Error::invalid(format!(
                "'{s}' is not a visibility (PRIVATE or SHARED)"
            ))),
        }
    }
}

/// Why a user with `role` in org `org` (None: not a member) may not do an org-owner action
/// (`what`, e.g. "add members"), if they may not. The one wording of this refusal: the engine
/// refuses with it, the remote apply checks with it, and screens show it before asking.
pub fn org_owner_refusal(org: &str, role: Option<OrgRole>, what: &str) -> Option<String> {
    match role {
        Some(OrgRole::Owner) => None,
        _ => Some(format!("only owners of org '{org}' may {what}")),
    }
}

/// Why a member of org role `role` cannot get a default workspace role, if they cannot.
pub fn default_role_refusal(role: OrgRole) -> Option<&'static str> {
    match role {
        OrgRole::Owner => Some(
            "org owners are owners of every workspace already; a default role applies to members",
        ),
        OrgRole::Collaborator => {
            Some("collaborators have no default role; add them to workspaces as participants")
        }
        OrgRole::Member => None,
    }
}

/// The last-owner rule: a member with org role `role`, one of `owners` owners, may not stop
/// being an owner (by a role change or by leaving) when they are the last one.
pub fn losing_owner_refusal(role: OrgRole, owners: u64, email: &str) -> Option<String> {
    (role == OrgRole::Owner && owners <= 1).then(|| last_owner_refusal(email))
}

/// The last-owner rule's refusal: `email` is the org's only owner and would stop being one.
pub fn last_owner_refusal(email: &str) -> String {
    format!("{email} is the last owner; an org must keep at least one owner")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workspace_roles_rank_owner_highest() {
        assert!(WspRole::Owner > WspRole::Admin);
        assert!(WspRole::Admin > WspRole::Maintain);
        assert!(WspRole::Maintain > WspRole::Launch);
        assert!(WspRole::Launch > WspRole::Connect);
        assert!(WspRole::Connect > WspRole::View);
        assert_eq!(WspRole::ALL.iter().max(), Some(&WspRole::Owner));
    }

    #[test]
    fn roles_parse_and_reject() {
        assert_eq!("Maintain".parse::<WspRole>().unwrap(), WspRole::Maintain);
        let err = "superuser".parse::<WspRole>().unwrap_err();
        assert!(err.message.contains("not a workspace role"));
        assert_eq!("owner".parse::<OrgRole>().unwrap(), OrgRole::Owner);
        assert!("admin".parse::<OrgRole>().is_err());
        assert_eq!("shared".parse::<Visibility>().unwrap(), Visibility::Shared);
        assert!("public".parse::<Visibility>().is_err());
    }

    #[test]
    fn wire_spellings() {
        assert_eq!(
            serde_json::to_string(&WspRole::Launch).unwrap(),
            "\"launch\""
        );
        assert_eq!(
            serde_json::to_string(&ParticipantType::Collaborator).unwrap(),
            "\"COLLABORATOR\""
        );
        assert_eq!(
            serde_json::to_string(&Visibility::Shared).unwrap(),
            "\"SHARED\""
        );
    }
}
