//! The declarative file: one TOML format for demo data, bulk onboarding and configuration as
//! code. Key names are the contract (see the product brief); unknown keys are errors.

mod workspace;

pub use workspace::{
    ActionEntry, ComputeEnvEntry, CredentialsEntry, LabelRef, PipelineEntry, ResourceLabelEntry,
    RunEntry, StudiosEntry, whole_or_fraction,
};

use crate::domain::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<UserEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orgs: Vec<OrgEntry>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserEntry {
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgEntry {
    pub name: String,
    /// Required to create the org; left out, an existing org keeps its full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// `basic` or `pro` (default basic when the org is created).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// Required to create the org; left out, an existing org keeps its owners.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owners: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    /// Collaborators who are not (yet) in any workspace; others appear as participants.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub collaborators: Vec<String>,
    /// A member's default role in every workspace of the org.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub default_roles: BTreeMap<String, String>,
    /// The org's credit balance (1 credit = 1 USD); setting it is the operator's.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "whole_or_fraction"
    )]
    pub credits: Option<f64>,
    /// Custom roles participants of the org's workspaces may hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub teams: Vec<TeamEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub workspaces: Vec<WorkspaceEntry>,
}

/// `{ name = "runner", description = "...", permissions = ["launch_pipelines"] }`: a custom
/// role, its permissions by their wire names (`GET /roles/permissions`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleEntry {
    pub name: String,
    pub description: String,
    pub permissions: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamEntry {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceEntry {
    pub name: String,
    /// Required to create the workspace; left out, an existing one keeps its full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `PRIVATE` (default) or `SHARED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<ParticipantEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub studios: Option<StudiosEntry>,
    /// Simple labels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource_labels: Vec<ResourceLabelEntry>,
    /// Credits of the org reserved for this workspace (org owners set it).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "whole_or_fraction"
    )]
    pub credits_allocation: Option<f64>,
    /// Run history, imported once (never updated or pruned).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub runs: Vec<RunEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credentials: Vec<CredentialsEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compute_envs: Vec<ComputeEnvEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pipelines: Vec<PipelineEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<ActionEntry>,
}

/// `{ member = "ben@example.org", role = "maintain" }`: exactly one of member, team or
/// collaborator; the role (built-in, or a custom role of the org) defaults to `launch`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collaborator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

impl File {
    /// Parses the file's text; syntax errors and unknown keys name the line and the key.
    pub fn parse(text: &str, origin: &str) -> Result<Self> {
        toml::from_str(text)
            .map_err(|e| Error::invalid(format!("{origin}: {}", e.to_string().trim_end())))
    }
}
