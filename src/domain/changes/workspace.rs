//! Changes inside one org workspace: settings (credits allocation, Studios), labels,
//! credentials, compute environments, the Launchpad (pipelines, actions) and imported runs.
//! Like every change they name objects by name; the engine resolves the names when it runs
//! them, so a pipeline can use a compute env created earlier in the same apply.

use crate::domain::run_history::RunRecord;
use crate::domain::{
    ActionFields, ActionSource, ComputeEnvFields, CredentialsFields, Credits, LabelFields, LabelId,
    LaunchRequest, PipelineFields, PipelineId, Platform, Provider, SecretString, StudiosSettings,
    WorkspaceId,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WorkspaceChange {
    /// Sets (or with None removes) the workspace's credit allocation.
    SetAllocation(Option<Credits>),
    /// `base`: the settings the plan read (see `merge3`).
    SetStudios {
        settings: StudiosSettings,
        base: Option<Box<StudiosSettings>>,
    },
    CreateLabel(LabelFields),
    /// `label` names the label as it is (its name, or key and value); `fields` is what it
    /// becomes (a resource label's default flag).
    UpdateLabel {
        label: LabelFields,
        fields: LabelFields,
    },
    DeleteLabel(LabelFields),
    CreateCredentials(CredentialsSpec),
    /// `name` is the current name; secrets left out keep their stored values.
    UpdateCredentials {
        name: String,
        spec: CredentialsSpec,
        /// What the plan read: only the fields that differ from it are written.
        base: Option<Box<CredentialsSpec>>,
    },
    DeleteCredentials(String),
    CreateComputeEnv(ComputeEnvSpec),
    UpdateComputeEnv {
        name: String,
        spec: ComputeEnvSpec,
        /// What the plan read: only the fields that differ from it are written.
        base: Option<Box<ComputeEnvSpec>>,
    },
    /// Enables (AVAILABLE) or disables a compute env.
    SetComputeEnvEnabled {
        name: String,
        enabled: bool,
    },
    MakePrimary(String),
    DeleteComputeEnv(String),
    CreatePipeline(PipelineSpec),
    UpdatePipeline {
        name: String,
        spec: PipelineSpec,
        /// What the plan read: only the fields that differ from it are written.
        base: Option<Box<PipelineSpec>>,
    },
    DeletePipeline(String),
    /// Adds an action (paused afterwards when the spec says so).
    AddAction(ActionSpec),
    /// Actions cannot be edited: deletes the action of that name and adds it again.
    ReplaceAction(ActionSpec),
    SetActionPaused {
        name: String,
        paused: bool,
    },
    DeleteAction(String),
    /// Imports runs as history, in order (the engine resolves the workspace once).
    ImportRuns(Vec<RunRecord>),
}

/// Credentials by name. `secrets` are the values read from the environment at apply time:
/// never serialized, and `Debug` shows `***`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CredentialsSpec {
    pub name: String,
    pub description: String,
    pub provider: Provider,
    pub keys: BTreeMap<String, String>,
    /// An empty value removes a stored secret.
    #[serde(skip_serializing, default)]
    pub secrets: BTreeMap<String, SecretString>,
}

/// A compute env, its credentials and resource labels named rather than by id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComputeEnvSpec {
    pub name: String,
    pub description: String,
    pub platform: Platform,
    pub credentials: Option<String>,
    pub work_dir: String,
    pub region: Option<String>,
    /// `(key, value)` of resource labels of the same workspace.
    pub resource_labels: Vec<(String, String)>,
}

/// A pipeline, its compute env and labels named rather than by id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineSpec {
    pub name: String,
    pub description: String,
    pub repository: String,
    pub revision: Option<String>,
    pub compute_env: Option<String>,
    pub work_dir: Option<String>,
    pub profiles: Vec<String>,
    pub params: String,
    /// Simple label names of the same workspace.
    pub labels: Vec<String>,
    pub pre_run_script: String,
    pub post_run_script: String,
}

/// An action and its launch configuration. `pipeline` is `name` (this workspace) or
/// `workspace/name` (a SHARED workspace of the same org).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionSpec {
    pub name: String,
    pub source: ActionSource,
    pub pipeline: String,
    pub paused: bool,
    pub compute_env: Option<String>,
    pub revision: Option<String>,
    pub work_dir: Option<String>,
    pub profiles: Option<Vec<String>>,
    pub params: Option<String>,
    /// Simple label names of the same workspace.
    pub labels: Vec<String>,
}

/// How messages name a label: `label 'rna'` or `resource label 'project=atlas'`.
pub fn label_name(label: &LabelFields) -> String {
    match (&label.value, label.resource) {
        (Some(v), true) => format!("resource label {}={v}", label.name),
        _ => format!("label {}", label.name),
    }
}

impl WorkspaceChange {
    /// The name of the object the change is about.
    pub fn key(&self) -> String {
        use WorkspaceChange::*;
        match self {
            SetAllocation(_) => "credits allocation".into(),
            SetStudios { .. } => "Studios settings".into(),
            CreateLabel(l) | DeleteLabel(l) | UpdateLabel { label: l, .. } => match &l.value {
                Some(v) if l.resource => format!("{}={v}", l.name),
                _ => l.name.clone(),
            },
            CreateCredentials(c) => c.name.clone(),
            CreateComputeEnv(e) => e.name.clone(),
            CreatePipeline(p) => p.name.clone(),
            AddAction(a) | ReplaceAction(a) => a.name.clone(),
            UpdateCredentials { name, .. }
            | UpdateComputeEnv { name, .. }
            | SetComputeEnvEnabled { name, .. }
            | UpdatePipeline { name, .. }
            | SetActionPaused { name, .. }
            | DeleteCredentials(name)
            | MakePrimary(name)
            | DeleteComputeEnv(name)
            | DeletePipeline(name)
            | DeleteAction(name) => name.clone(),
            ImportRuns(runs) => runs.first().map(|r| r.run_name.clone()).unwrap_or_default(),
        }
    }
}

impl fmt::Display for WorkspaceChange {
    /// The object inside the workspace: `compute env batch-prod`, `runs`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use WorkspaceChange::*;
        let key = self.key();
        match self {
            SetAllocation(_) | SetStudios { .. } => f.write_str(&key),
            CreateLabel(l) | DeleteLabel(l) | UpdateLabel { label: l, .. } => {
                f.write_str(&label_name(l))
            }
            CreateCredentials(_) | UpdateCredentials { .. } | DeleteCredentials(_) => {
                write!(f, "credentials {key}")
            }
            CreateComputeEnv(_)
            | UpdateComputeEnv { .. }
            | SetComputeEnvEnabled { .. }
            | MakePrimary(_)
            | DeleteComputeEnv(_) => write!(f, "compute env {key}"),
            CreatePipeline(_) | UpdatePipeline { .. } | DeletePipeline(_) => {
                write!(f, "pipeline {key}")
            }
            AddAction(_) | ReplaceAction(_) | SetActionPaused { .. } | DeleteAction(_) => {
                write!(f, "action {key}")
            }
            ImportRuns(runs) if runs.len() == 1 => write!(f, "run {key}"),
            ImportRuns(runs) => write!(f, "{} runs", runs.len()),
        }
    }
}

impl CredentialsSpec {
    /// The fields a create or update sends.
    pub fn fields(&self) -> CredentialsFields {
        CredentialsFields {
            name: self.name.clone(),
            description: self.description.clone(),
            provider: Some(self.provider),
            keys: self.keys.clone(),
            secrets: self.secrets.clone(),
        }
    }
}

impl ComputeEnvSpec {
    /// The fields a create or update sends, once the names are resolved to ids.
    pub fn fields(
        &self,
        credentials_id: Option<String>,
        label_ids: Vec<LabelId>,
    ) -> ComputeEnvFields {
        ComputeEnvFields {
            name: self.name.clone(),
            description: self.description.clone(),
            platform: self.platform,
            credentials_id,
            work_dir: self.work_dir.clone(),
            region: self.region.clone(),
            label_ids,
        }
    }
}

impl PipelineSpec {
    /// The fields a create or update sends, once the names are resolved to ids.
    pub fn fields(
        &self,
        compute_env_id: Option<String>,
        label_ids: Vec<LabelId>,
    ) -> PipelineFields {
        PipelineFields {
            name: self.name.clone(),
            description: self.description.clone(),
            repository: self.repository.clone(),
            revision: self.revision.clone(),
            compute_env_id,
            work_dir: self.work_dir.clone(),
            profiles: self.profiles.clone(),
            params: self.params.clone(),
            label_ids,
            pre_run_script: self.pre_run_script.clone(),
            post_run_script: self.post_run_script.clone(),
        }
    }
}

impl ActionSpec {
    /// The fields of the action, once its pipeline (in `source` when that is another, SHARED
    /// workspace), compute env and labels are resolved to ids.
    pub fn fields(
        &self,
        pipeline_id: PipelineId,
        source_workspace_id: Option<WorkspaceId>,
        compute_env_id: Option<String>,
        label_ids: Vec<LabelId>,
    ) -> ActionFields {
        ActionFields {
            name: self.name.clone(),
            source: self.source,
            launch: LaunchRequest {
                pipeline_id,
                source_workspace_id,
                compute_env_id,
                run_name: None,
                revision: self.revision.clone(),
                work_dir: self.work_dir.clone(),
                profiles: self.profiles.clone(),
                params: self.params.clone(),
                label_ids: None,
            },
            label_ids,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_never_serialized_or_shown() {
        let spec = CredentialsSpec {
            name: "aws-prod".into(),
            description: String::new(),
            provider: Provider::Aws,
            keys: BTreeMap::from([("accessKey".into(), "AKIA1".into())]),
            secrets: BTreeMap::from([("secretKey".into(), SecretString::from("s3cr3t-v4lue"))]),
        };
        let change = WorkspaceChange::CreateCredentials(spec);
        let json = serde_json::to_string(&change).unwrap();
        assert!(!json.contains("s3cr3t-v4lue"), "{json}");
        assert!(!json.contains("secrets"), "{json}");
        let debug = format!("{change:?}");
        assert!(!debug.contains("s3cr3t-v4lue"), "{debug}");
        assert_eq!(change.to_string(), "credentials aws-prod");
    }

    #[test]
    fn objects_are_named() {
        let l = LabelFields::resource("project", "atlas", true);
        assert_eq!(
            WorkspaceChange::CreateLabel(l).to_string(),
            "resource label project=atlas"
        );
        assert_eq!(
            WorkspaceChange::MakePrimary("hpc".into()).to_string(),
            "compute env hpc"
        );
    }
}
