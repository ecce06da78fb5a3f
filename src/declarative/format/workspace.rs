//! What an `[[orgs.workspaces]]` entry holds besides its fields and participants: Studios
//! settings, labels, credits allocation, credentials, compute environments, pipelines, actions
//! and runs. Key names follow the API (platform and provider ids, credential key fields).
//!
//! A key left out of an existing object keeps the object's current value (the default when the
//! object is created); `""` clears a text or a reference.

use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;

fn is_false(v: &bool) -> bool {
    !v
}

fn is_zero(v: &u32) -> bool {
    *v == 0
}

/// Writes whole numbers without a fraction (`5025`, not `5025.0`); TOML reads both back. An
/// amount of credits (exact cents, at most 10^12) is written as its shortest decimal form
/// (`0.3`, `1234.56`), which reads back to the same cents.
pub fn whole_or_fraction<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => s.serialize_i64(*x as i64),
        Some(x) => s.serialize_f64(*x),
        None => s.serialize_none(),
    }
}

/// `studios = { lifespan_hours = 8, private_by_default = false }`; 0 hours = always keep running.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudiosEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifespan_hours: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_by_default: Option<bool>,
}

/// `{ key = "project", value = "atlas", default = true }`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceLabelEntry {
    pub key: String,
    pub value: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub default: bool,
}

/// A resource label on a compute env: `"project=atlas"` or `{ key = "project", value = "atlas" }`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum LabelRef {
    Text(String),
    Pair { key: String, value: String },
}

/// `[[orgs.workspaces.credentials]]`. `keys` are the provider's public fields (`accessKey`);
/// `secret_env` names, per secret field (`secretKey`), the environment variable that holds its
/// value at apply time.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialsEntry {
    pub name: String,
    pub provider: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_env: Option<BTreeMap<String, String>>,
}

/// `[[orgs.workspaces.compute_envs]]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComputeEnvEntry {
    pub name: String,
    /// An API platform id: `aws-batch`, `slurm-platform`, `seqeracompute-platform`, ...
    pub platform: String,
    /// Credentials of the same workspace; required unless the platform needs none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<String>,
    pub work_dir: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_labels: Option<Vec<LabelRef>>,
    /// Makes it the workspace's primary compute env.
    #[serde(default, skip_serializing_if = "is_false")]
    pub primary: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}

/// `[[orgs.workspaces.pipelines]]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineEntry {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub repository: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    /// A compute env of the same workspace; without one, launches use the primary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compute_env: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_dir: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profiles: Option<Vec<String>>,
    /// YAML or JSON text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<String>,
    /// Simple labels of the same workspace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_run_script: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_run_script: Option<String>,
}

/// `[[orgs.workspaces.actions]]`: a trigger (`github` webhook or `tower` launch hook) bound to
/// a pipeline's launch, with optional launch overrides.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionEntry {
    pub name: String,
    pub source: String,
    /// `name`, or `workspace/name` for a pipeline of a SHARED workspace of the org.
    pub pipeline: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compute_env: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_dir: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profiles: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<String>>,
}

/// One run of `runs = [ ... ]`, imported as history. Left-out launch fields take the
/// pipeline's values (and the compute env's work directory), as a launch would.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunEntry {
    /// `name`, or `workspace/name` for a pipeline of a SHARED workspace of the org.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<String>,
    pub run_name: String,
    /// SUBMITTED, RUNNING, SUCCEEDED, FAILED, CANCELLED or UNKNOWN.
    pub status: String,
    /// RFC 3339, e.g. `2026-10-01T08:00:00Z`.
    pub submit: String,
    /// Defaults to `submit` for RUNNING, UNKNOWN and SUCCEEDED runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// From start (or submit) to completion; finished runs only.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "whole_or_fraction"
    )]
    pub duration_s: Option<f64>,
    /// The user name of whoever launched it (the operator may name anyone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub succeeded: u32,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub failed: u32,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub cached: u32,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub pending: u32,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub submitted: u32,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub running: u32,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "whole_or_fraction"
    )]
    pub cpu_hours: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "whole_or_fraction"
    )]
    pub gib_hours: Option<f64>,
    /// `name` or `workspace/name`; `""` for a run without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compute_env: Option<String>,
    /// Only for a compute env that no longer exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// Needed without a pipeline: `nf-core/rnaseq`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_dir: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profiles: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_status: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
}
