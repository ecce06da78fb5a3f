//! The role a participant holds: one of the six built-in workspace roles, or one of its org's
//! custom roles (by name). On the wire and in files both are a plain role name.

use super::roles::WspRole;
use super::{Error, Result};
use std::fmt;
use std::str::FromStr;

#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ParticipantRole {
    BuiltIn(WspRole),
    /// A custom role of the workspace's org, by name (names are unique in any case).
    Custom(String),
}

impl ParticipantRole {
    /// The role's name: `launch`, or the custom role's name.
    pub fn name(&self) -> &str {
        match self {
            ParticipantRole::BuiltIn(r) => r.as_str(),
            ParticipantRole::Custom(name) => name,
        }
    }

    /// The built-in role, if it is one.
    pub fn built_in(&self) -> Option<WspRole> {
        match self {
            ParticipantRole::BuiltIn(r) => Some(*r),
            ParticipantRole::Custom(_) => None,
        }
    }

    pub fn is_owner(&self) -> bool {
        self.built_in() == Some(WspRole::Owner)
    }

    /// The same role, names compared in any case (custom role names are unique in any case).
    pub fn same_as(&self, other: &ParticipantRole) -> bool {
        self.name().eq_ignore_ascii_case(other.name())
    }
}

/// As the role itself (`Admin`, `"runner"`): conflict messages show roles this way.
impl fmt::Debug for ParticipantRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParticipantRole::BuiltIn(r) => fmt::Debug::fmt(r, f),
            ParticipantRole::Custom(name) => fmt::Debug::fmt(name, f),
        }
    }
}

impl From<WspRole> for ParticipantRole {
    fn from(role: WspRole) -> Self {
        ParticipantRole::BuiltIn(role)
    }
}

impl fmt::Display for ParticipantRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A built-in role's name is that role; any other non-empty name is a custom role, which the
/// engine looks up in the workspace's org (and refuses with `unknown_role_refusal`).
impl FromStr for ParticipantRole {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        if s.is_empty() {
            return Err(Error::invalid("role is required"));
        }
        Ok(match s.parse::<WspRole>() {
            Ok(r) => ParticipantRole::BuiltIn(r),
            Err(_) => ParticipantRole::Custom(s.to_string()),
        })
    }
}

/// As its name, like `WspRole`, so files, audit images and changes read the same.
impl serde::Serialize for ParticipantRole {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for ParticipantRole {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(|e: Error| serde::de::Error::custom(e.message))
    }
}

/// A role name that is neither built in nor a custom role of the org, with every choice.
pub fn unknown_role(name: &str, org: &str, custom: &[String]) -> String {
    let mut choices: Vec<&str> = WspRole::ALL.iter().map(|r| r.as_str()).collect();
    choices.extend(custom.iter().map(String::as_str));
    format!(
        "'{name}' is neither a workspace role nor a custom role of org '{org}' ({})",
        choices.join(", ")
    )
}

/// `unknown_role`, naming the field it was given in.
pub fn unknown_role_refusal(name: &str, org: &str, custom: &[String]) -> Error {
    Error::invalid(format!("role: {}", unknown_role(name, org, custom)))
}

/// Deleting a role that participants hold would leave them without one.
pub fn held_role_refusal(name: &str, holders: u64) -> Error {
    let who = if holders == 1 {
        "1 participant holds it".to_string()
    } else {
        format!("{holders} participants hold it")
    };
    Error::conflict(format!(
        "role '{name}' cannot be deleted: {who}; give them another role first"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_names_parse_as_built_in_and_others_as_custom() {
        assert_eq!(
            "Maintain".parse::<ParticipantRole>().unwrap(),
            ParticipantRole::BuiltIn(WspRole::Maintain)
        );
        assert_eq!(
            "curator".parse::<ParticipantRole>().unwrap(),
            ParticipantRole::Custom("curator".into())
        );
        assert!(" ".parse::<ParticipantRole>().is_err());
        let json = serde_json::to_string(&ParticipantRole::from(WspRole::Launch)).unwrap();
        assert_eq!(json, "\"launch\"");
    }

    #[test]
    fn refusals_name_the_field_and_the_choices() {
        let e = unknown_role_refusal("curatr", "biolab", &["curator".into()]);
        assert_eq!(
            e.message,
            "role: 'curatr' is neither a workspace role nor a custom role of org 'biolab' \
             (owner, admin, maintain, launch, connect, view, curator)"
        );
        assert!(
            held_role_refusal("curator", 2)
                .message
                .contains("2 participants hold it")
        );
    }
}
