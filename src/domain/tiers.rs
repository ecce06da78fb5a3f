//! Organization tiers and their limits (Seqera's published limits).

use super::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    #[default]
    Basic,
    Pro,
}

/// Why anyone but the operator may not change an org's tier.
pub const TIER_OPERATOR_ONLY: &str =
    "only the operator may change an org's tier (tiers are billing)";

/// Why anyone but the operator may not create an org on a tier above basic.
pub const TIER_CREATE_OPERATOR_ONLY: &str =
    "only the operator may create an org on the pro tier (tiers are billing)";

/// The limits of one tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Org owners and members (collaborators do not count).
    pub members: u32,
    /// Participants per workspace, collaborators and teams included.
    pub participants_per_workspace: u32,
    pub workspaces: u32,
    pub teams: u32,
    pub pipelines_per_workspace: u32,
    pub labels_per_workspace: u32,
    pub labels_per_resource: u32,
    /// Custom roles per org (`maxCustomRolesPerOrg`). Seqera publishes no number; nfdeck
    /// allows as many as teams.
    pub custom_roles: u32,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Basic => "basic",
            Tier::Pro => "pro",
        }
    }

    pub fn limits(self) -> Limits {
        let (members, participants) = match self {
            Tier::Basic => (3, 3),
            Tier::Pro => (50, 50),
        };
        Limits {
            members,
            participants_per_workspace: participants,
            workspaces: 50,
            teams: 20,
            pipelines_per_workspace: 100,
            labels_per_workspace: 1000,
            labels_per_resource: 25,
            custom_roles: 20,
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Tier {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "basic" => Ok(Tier::Basic),
            "pro" => Ok(Tier::Pro),
            _ => Err(Error::invalid(format!(
                "'{s}' is not a tier (basic or pro)"
            ))),
        }
    }
}

/// How much of a limit is used, shown as `12/50`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub used: u64,
    pub limit: u64,
}

impl Usage {
    pub fn new(used: u64, limit: u32) -> Self {
        Self {
            used,
            limit: u64::from(limit),
        }
    }

    pub fn is_full(&self) -> bool {
        self.used >= self.limit
    }

    /// Fails with the limit's name when adding `extra` more would go over it.
    pub fn check_room(&self, extra: u64, what: &str, tier: Tier) -> Result<()> {
        if self.used + extra > self.limit {
            Err(Error::limit(format!(
                "the {tier} tier allows at most {} {what} ({} used)",
                self.limit, self.used
            )))
        } else {
            Ok(())
        }
    }
}

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.used, self.limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_limits() {
        let basic = Tier::Basic.limits();
        assert_eq!((basic.members, basic.participants_per_workspace), (3, 3));
        let pro = Tier::Pro.limits();
        assert_eq!((pro.members, pro.participants_per_workspace), (50, 50));
        for l in [basic, pro] {
            assert_eq!(l.workspaces, 50);
            assert_eq!(l.teams, 20);
            assert_eq!(l.pipelines_per_workspace, 100);
            assert_eq!(l.labels_per_workspace, 1000);
            assert_eq!(l.labels_per_resource, 25);
        }
    }

    #[test]
    fn usage_checks_and_displays() {
        let u = Usage::new(3, 3);
        assert_eq!(u.to_string(), "3/3");
        assert!(u.is_full());
        let err = u.check_room(1, "members", Tier::Basic).unwrap_err();
        assert_eq!(
            err.message,
            "the basic tier allows at most 3 members (3 used)"
        );
        assert!(
            Usage::new(2, 3)
                .check_room(1, "members", Tier::Basic)
                .is_ok()
        );
    }
}
