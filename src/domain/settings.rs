//! Workspace settings: Studios (session lifespan, collaboration mode) and labels (simple and
//! resource labels, the API's `LabelDbDto`).

use super::error::{Error, Result};
use super::ids::LabelId;
use super::labels::{check_label_name, check_resource_label, is_dynamic_value};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Longest Studios session lifespan a workspace may set, in hours.
pub const LIFESPAN_MAX_HOURS: u32 = 120;
/// The lifespan when a workspace sets none.
pub const LIFESPAN_DEFAULT_HOURS: u32 = 8;

/// The Studios settings of a workspace (`DataStudioWorkspaceSettingsResponse`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudiosSettings {
    /// 1–120 hours, or 0 = always keep running (`lifespanHours = 0`).
    pub lifespan_hours: u32,
    /// New Studios are private unless shared (`privateStudioByDefault`).
    pub private_by_default: bool,
}

impl Default for StudiosSettings {
    fn default() -> Self {
        Self {
            lifespan_hours: LIFESPAN_DEFAULT_HOURS,
            private_by_default: false,
        }
    }
}

impl StudiosSettings {
    pub fn check(&self) -> Result<()> {
        if self.lifespan_hours > LIFESPAN_MAX_HOURS {
            return Err(Error::invalid(format!(
                "Studios session lifespan must be 1-{LIFESPAN_MAX_HOURS} hours, or 0 to always keep running (got {})",
                self.lifespan_hours
            )));
        }
        Ok(())
    }

    pub fn always_running(&self) -> bool {
        self.lifespan_hours == 0
    }
}

/// A label of a workspace (`LabelDbDto`). A simple label has a name; a resource label has a
/// key (`name`) and a `value`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub id: LabelId,
    pub name: String,
    pub value: Option<String>,
    pub resource: bool,
    pub is_default: bool,
    pub date_created: String,
}

impl Label {
    /// The value is filled in at run time (`${workflowId}`, ...).
    pub fn is_dynamic(&self) -> bool {
        self.value.as_deref().is_some_and(is_dynamic_value)
    }
}

impl fmt::Display for Label {
    /// `rna` or `project=atlas`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Some(v) => write!(f, "{}={v}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// What a user sends to create or edit a label (`CreateLabelRequest`). `resource` cannot change
/// on edit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelFields {
    pub name: String,
    /// Required for a resource label, absent for a simple one.
    pub value: Option<String>,
    pub resource: bool,
    /// Only resource labels can be defaults (pre-applied).
    pub is_default: bool,
}

impl LabelFields {
    pub fn simple(name: &str) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    pub fn resource(key: &str, value: &str, is_default: bool) -> Self {
        Self {
            name: key.into(),
            value: Some(value.into()),
            resource: true,
            is_default,
        }
    }

    /// Checks the label rules: the name rule for names, keys and values (or a dynamic value).
    pub fn check(&self) -> Result<()> {
        if !self.resource {
            if self.value.is_some() {
                return Err(Error::invalid(format!(
                    "simple label '{}' cannot have a value (use a resource label for key=value)",
                    self.name
                )));
            }
            if self.is_default {
                return Err(Error::invalid(format!(
                    "simple label '{}' cannot be a default (only resource labels can)",
                    self.name
                )));
            }
            return check_label_name(&self.name);
        }
        let Some(value) = &self.value else {
            return Err(Error::invalid(format!(
                "resource label '{}' needs a value (key=value)",
                self.name
            )));
        };
        check_resource_label(&self.name, value)
    }
}

/// The list filter of `GET /labels` (`LabelType`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelType {
    Simple,
    Resource,
    #[default]
    All,
}

impl LabelType {
    pub fn as_str(self) -> &'static str {
        match self {
            LabelType::Simple => "simple",
            LabelType::Resource => "resource",
            LabelType::All => "all",
        }
    }

    /// The `resource` flag to match, or None for all.
    pub fn resource_flag(self) -> Option<bool> {
        match self {
            LabelType::Simple => Some(false),
            LabelType::Resource => Some(true),
            LabelType::All => None,
        }
    }
}

impl FromStr for LabelType {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "simple" | "normal" => Ok(LabelType::Simple),
            "resource" => Ok(LabelType::Resource),
            "all" => Ok(LabelType::All),
            _ => Err(Error::invalid(format!(
                "'{s}' is not a label type (simple, resource, all)"
            ))),
        }
    }
}

/// Which labels a kind of object takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelKinds {
    Simple,
    Resource,
    Both,
}

impl LabelKinds {
    pub fn accepts(self, label: &Label) -> bool {
        match self {
            LabelKinds::Simple => !label.resource,
            LabelKinds::Resource => label.resource,
            LabelKinds::Both => true,
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            LabelKinds::Simple => "simple labels",
            LabelKinds::Resource => "resource labels",
            LabelKinds::Both => "labels",
        }
    }
}

/// Why a workspace has no Studios settings: only organization workspaces have them.
pub const STUDIOS_ORG_ONLY: &str = "Studios settings exist only in organization workspaces";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifespan_range() {
        assert_eq!(StudiosSettings::default().lifespan_hours, 8);
        for ok in [0, 1, 8, 120] {
            let s = StudiosSettings {
                lifespan_hours: ok,
                private_by_default: true,
            };
            assert!(s.check().is_ok(), "{ok}");
        }
        let err = StudiosSettings {
            lifespan_hours: 121,
            private_by_default: false,
        }
        .check()
        .unwrap_err();
        assert!(err.message.contains("1-120 hours, or 0"), "{err}");
    }

    #[test]
    fn label_fields() {
        assert!(LabelFields::simple("rna").check().is_ok());
        assert!(LabelFields::simple("r").check().is_err());
        assert!(
            LabelFields::resource("project", "atlas", true)
                .check()
                .is_ok()
        );
        assert!(
            LabelFields::resource("owner", "${userName}", false)
                .check()
                .is_ok()
        );
        assert!(
            LabelFields::resource("owner", "${nobody}", false)
                .check()
                .is_err()
        );
        let mut f = LabelFields::simple("rna");
        f.is_default = true;
        assert!(
            f.check()
                .unwrap_err()
                .message
                .contains("only resource labels")
        );
        let mut f = LabelFields::resource("project", "x", false);
        f.value = None;
        assert!(f.check().unwrap_err().message.contains("needs a value"));
    }

    #[test]
    fn label_display_and_kinds() {
        let l = Label {
            id: 1,
            name: "project".into(),
            value: Some("${workflowId}".into()),
            resource: true,
            is_default: false,
            date_created: String::new(),
        };
        assert_eq!(l.to_string(), "project=${workflowId}");
        assert!(l.is_dynamic());
        assert!(LabelKinds::Resource.accepts(&l));
        assert!(!LabelKinds::Simple.accepts(&l));
        assert_eq!(
            "resource".parse::<LabelType>().unwrap(),
            LabelType::Resource
        );
        assert!("other".parse::<LabelType>().is_err());
    }
}
