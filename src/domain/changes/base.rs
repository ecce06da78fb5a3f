//! An object as it is now, in the form its change names it (names rather than ids), so a plan's
//! `base`, the wanted spec and what is there when the change runs can be merged field by field
//! (`merge3`). The engine and the remote client read the object and call these; the plan calls
//! them on what it read.

use super::merge::merged;
use super::workspace::{ComputeEnvSpec, CredentialsSpec, PipelineSpec};
use crate::domain::{ComputeEnv, Credentials, Pipeline, Result};

impl PipelineSpec {
    /// The pipeline as it is, named as a file names it.
    pub fn of(p: &Pipeline) -> Self {
        Self {
            name: p.name.clone(),
            description: p.description.clone(),
            repository: p.repository.clone(),
            revision: p.revision.clone(),
            compute_env: p.compute_env_name.clone(),
            work_dir: p.work_dir.clone(),
            profiles: p.profiles.clone(),
            params: p.params.clone(),
            labels: p.labels.iter().map(|l| l.name.clone()).collect(),
            pre_run_script: p.pre_run_script.clone(),
            post_run_script: p.post_run_script.clone(),
        }
    }

    fn normalized(&self) -> Self {
        let mut spec = self.clone();
        spec.labels.sort_by_key(|l| l.to_ascii_lowercase());
        spec
    }
}

impl ComputeEnvSpec {
    /// The compute environment as it is, named as a file names it.
    pub fn of(e: &ComputeEnv) -> Self {
        Self {
            name: e.name.clone(),
            description: e.description.clone(),
            platform: e.platform,
            credentials: e.credentials_name.clone(),
            work_dir: e.work_dir.clone(),
            region: e.region.clone(),
            resource_labels: e
                .labels
                .iter()
                .filter(|l| l.resource)
                .map(|l| (l.name.clone(), l.value.clone().unwrap_or_default()))
                .collect(),
        }
    }

    fn normalized(&self) -> Self {
        let mut spec = self.clone();
        spec.resource_labels.sort();
        spec
    }
}

impl CredentialsSpec {
    /// The public part of credentials as they are (secrets are never read back).
    pub fn of(c: &Credentials) -> Self {
        Self {
            name: c.name.clone(),
            description: c.description.clone(),
            provider: c.provider,
            keys: c.keys.clone(),
            secrets: Default::default(),
        }
    }
}

/// Merges a pipeline update into the pipeline as it is now (label order does not matter).
pub fn merge_pipeline(
    object: &str,
    base: Option<&PipelineSpec>,
    wanted: &PipelineSpec,
    now: &Pipeline,
) -> Result<PipelineSpec> {
    let now = PipelineSpec::of(now).normalized();
    let base = base.map(PipelineSpec::normalized);
    merged(object, base.as_ref(), &wanted.normalized(), &now)
}

/// Merges a compute environment update into the environment as it is now.
pub fn merge_compute_env(
    object: &str,
    base: Option<&ComputeEnvSpec>,
    wanted: &ComputeEnvSpec,
    now: &ComputeEnv,
) -> Result<ComputeEnvSpec> {
    let now = ComputeEnvSpec::of(now).normalized();
    let base = base.map(ComputeEnvSpec::normalized);
    merged(object, base.as_ref(), &wanted.normalized(), &now)
}

/// Merges a credentials update into the credentials as they are now; the secrets the update
/// brings are written as they are (they are never read back, so they cannot be compared).
pub fn merge_credentials(
    object: &str,
    base: Option<&CredentialsSpec>,
    wanted: &CredentialsSpec,
    now: &Credentials,
) -> Result<CredentialsSpec> {
    let mut spec = merged(object, base, wanted, &CredentialsSpec::of(now))?;
    spec.secrets = wanted.secrets.clone();
    Ok(spec)
}
