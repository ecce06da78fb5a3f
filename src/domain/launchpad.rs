//! The Launchpad: pipelines, the `visibility` filter that adds shared workspaces' pipelines,
//! launch requests and the compute environments a launch may use. Also the checks of
//! repository URLs, run names and parameters (YAML or JSON).

use super::compute::{ComputeEnv, check_work_dir};
use super::error::{Error, Result};
use super::ids::{ComputeEnvId, LabelId, PipelineId, WorkspaceId};
use super::model::Page;
use super::names::{DESCRIPTION_MAX, check_max, check_name};
use super::settings::Label;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

pub const REPOSITORY_MAX: usize = 1000;
pub const REVISION_MAX: usize = 100;
pub const PROFILE_MAX: usize = 100;
pub const PARAMS_MAX: usize = 100_000;
pub const SCRIPT_MAX: usize = 100_000;
/// Nextflow's own limit on run names.
pub const RUN_NAME_MAX: usize = 80;

/// Which pipelines the Launchpad lists (`visibility=private|shared|all`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PipelineVisibility {
    /// This workspace's own pipelines ("This workspace").
    #[default]
    Private,
    /// Pipelines of the org's other SHARED workspaces.
    Shared,
    /// Both ("This and shared workspaces").
    All,
}

impl PipelineVisibility {
    pub fn as_str(self) -> &'static str {
        match self {
            PipelineVisibility::Private => "private",
            PipelineVisibility::Shared => "shared",
            PipelineVisibility::All => "all",
        }
    }

    pub fn includes_own(self) -> bool {
        self != PipelineVisibility::Shared
    }

    pub fn includes_shared(self) -> bool {
        self != PipelineVisibility::Private
    }
}

impl fmt::Display for PipelineVisibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PipelineVisibility {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "private" => Ok(PipelineVisibility::Private),
            "shared" => Ok(PipelineVisibility::Shared),
            "all" => Ok(PipelineVisibility::All),
            _ => Err(Error::invalid(format!(
                "'{s}' is not a pipeline visibility (private, shared, all)"
            ))),
        }
    }
}

/// A Launchpad listing request: which pipelines, which page, and an optional label filter (a
/// simple label's name, matched in each pipeline's own workspace).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineQuery {
    pub visibility: PipelineVisibility,
    pub page: Page,
    pub label: Option<String>,
}

/// A pipeline as listed (`PipelineDbDto` essentials plus its launch configuration).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pipeline {
    pub id: PipelineId,
    /// The OWNING workspace: for a shared pipeline, its source workspace.
    pub workspace_id: WorkspaceId,
    pub workspace_name: String,
    pub org_name: Option<String>,
    /// True when it comes from another (SHARED) workspace than the one listing it.
    pub shared: bool,
    pub name: String,
    pub description: String,
    pub repository: String,
    pub revision: Option<String>,
    pub compute_env_id: Option<ComputeEnvId>,
    pub compute_env_name: Option<String>,
    pub work_dir: Option<String>,
    pub profiles: Vec<String>,
    pub params: String,
    pub labels: Vec<Label>,
    pub pre_run_script: String,
    pub post_run_script: String,
    pub user_name: Option<String>,
    pub date_created: String,
    pub last_updated: String,
}

/// The fields a user sets when adding or editing a pipeline.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineFields {
    pub name: String,
    pub description: String,
    pub repository: String,
    pub revision: Option<String>,
    /// A compute environment of the same workspace.
    pub compute_env_id: Option<ComputeEnvId>,
    pub work_dir: Option<String>,
    pub profiles: Vec<String>,
    /// YAML or JSON text; empty for none.
    pub params: String,
    /// Simple label ids of the same workspace.
    pub label_ids: Vec<LabelId>,
    pub pre_run_script: String,
    pub post_run_script: String,
}

impl From<&Pipeline> for PipelineFields {
    /// The pipeline as an edit form starts from it (labels in a stable order).
    fn from(p: &Pipeline) -> Self {
        let mut label_ids: Vec<LabelId> = p.labels.iter().map(|l| l.id).collect();
        label_ids.sort_unstable();
        Self {
            name: p.name.clone(),
            description: p.description.clone(),
            repository: p.repository.clone(),
            revision: p.revision.clone(),
            compute_env_id: p.compute_env_id.clone(),
            work_dir: p.work_dir.clone(),
            profiles: p.profiles.clone(),
            params: p.params.clone(),
            label_ids,
            pre_run_script: p.pre_run_script.clone(),
            post_run_script: p.post_run_script.clone(),
        }
    }
}

impl PipelineFields {
    /// Merges an edit made on `base` into the pipeline as it is `now` (see `merge3`); the order
    /// of labels does not matter.
    pub fn merged_into(mut self, base: &PipelineFields, now: &Pipeline) -> Result<Self> {
        let mut base = base.clone();
        base.label_ids.sort_unstable();
        self.label_ids.sort_unstable();
        let object = format!("pipeline {}", now.name);
        crate::domain::changes::merge3(&object, &base, &self, &PipelineFields::from(now))
    }
}

/// Checks every pipeline field that needs no storage.
pub fn check_pipeline_fields(f: &PipelineFields) -> Result<()> {
    check_name(&f.name)?;
    check_max("description", &f.description, DESCRIPTION_MAX)?;
    check_repository(&f.repository)?;
    check_launch_overrides(f.revision.as_deref(), f.work_dir.as_deref(), &f.profiles)?;
    check_params(&f.params)?;
    check_max("pre-run script", &f.pre_run_script, SCRIPT_MAX)?;
    check_max("post-run script", &f.post_run_script, SCRIPT_MAX)
}

/// Checks the fields a launch may override.
pub fn check_launch_overrides(
    revision: Option<&str>,
    work_dir: Option<&str>,
    profiles: &[String],
) -> Result<()> {
    if let Some(rev) = revision {
        if rev.trim().is_empty() || rev.contains(char::is_whitespace) {
            return Err(Error::invalid(format!(
                "revision '{rev}' must be a branch, tag or commit without spaces"
            )));
        }
        check_max("revision", rev, REVISION_MAX)?;
    }
    if let Some(dir) = work_dir {
        check_work_dir(dir)?;
    }
    for p in profiles {
        let ok = !p.is_empty()
            && p.len() <= PROFILE_MAX
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        if !ok {
            return Err(Error::invalid(format!(
                "config profile '{p}' must be 1-{PROFILE_MAX} letters, digits, '-', '_' or '.'"
            )));
        }
    }
    Ok(())
}

/// A repository is an http(s) URL with a host, e.g. `https://github.com/nf-core/rnaseq`.
pub fn check_repository(url: &str) -> Result<()> {
    let bad = |why: &str| {
        Err(Error::invalid(format!(
            "repository '{url}' {why} (expected an http(s) URL such as https://github.com/nf-core/rnaseq)"
        )))
    };
    if url.trim().is_empty() {
        return Err(Error::invalid("repository URL is required"));
    }
    check_max("repository URL", url, REPOSITORY_MAX)?;
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return bad("is not an http(s) URL");
    };
    if url.chars().any(char::is_whitespace) {
        return bad("contains spaces");
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.:@".contains(c));
    if !host_ok {
        return bad("has no valid host");
    }
    Ok(())
}

/// The project name Nextflow shows for a repository: `nf-core/rnaseq`.
pub fn project_name(repository: &str) -> String {
    let rest = repository.split_once("://").map_or(repository, |(_, r)| r);
    let path = rest.split_once('/').map_or("", |(_, p)| p);
    let path = path
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_end_matches('/');
    let path = path.strip_suffix(".git").unwrap_or(path);
    if path.is_empty() {
        repository.to_string()
    } else {
        path.to_string()
    }
}

/// Parameters must parse: JSON when the text starts like JSON, YAML otherwise; either way a
/// mapping of names to values. The message names the line and column of a syntax error.
pub fn check_params(text: &str) -> Result<()> {
    check_max("params", text, PARAMS_MAX)?;
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Ok(());
    }
    if trimmed.starts_with(['{', '[']) {
        check_json_params(text)
    } else {
        check_yaml_params(text)
    }
}

fn check_json_params(text: &str) -> Result<()> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Error::invalid(format!(
            "params are not valid JSON: {} at line {} column {}",
            json_reason(&e),
            e.line(),
            e.column()
        ))
    })?;
    if value.is_object() {
        Ok(())
    } else {
        Err(Error::invalid(
            "params must be a JSON object of name: value pairs",
        ))
    }
}

/// serde_json's message without its own " at line X column Y" suffix.
fn json_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn check_yaml_params(text: &str) -> Result<()> {
    use yaml_rust2::{Yaml, YamlLoader};
    let docs = YamlLoader::load_from_str(text).map_err(|e| {
        let m = e.marker();
        Error::invalid(format!(
            "params are not valid YAML: {} at line {} column {}",
            e.info(),
            m.line(),
            m.col() + 1
        ))
    })?;
    match docs.as_slice() {
        [] | [Yaml::Null] | [Yaml::Hash(_)] => Ok(()),
        [_] => Err(Error::invalid(
            "params must be a YAML mapping of name: value pairs",
        )),
        _ => Err(Error::invalid(
            "params must be one YAML document (found several '---')",
        )),
    }
}

/// Nextflow run names: 1-80 letters, digits, '-' or '_', starting with a letter.
pub fn check_run_name(name: &str) -> Result<()> {
    let ok = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.len() <= RUN_NAME_MAX
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "run name '{name}' must be 1-{RUN_NAME_MAX} letters, digits, '-' or '_', starting with a letter"
        )))
    }
}

/// A launch of a saved pipeline, with overrides (`WorkflowLaunchRequest` essentials). Fields
/// left `None` take the pipeline's values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaunchRequest {
    pub pipeline_id: PipelineId,
    /// The pipeline's workspace when it is a shared pipeline of another workspace
    /// (`sourceWorkspaceId`); None for this workspace's own pipelines.
    pub source_workspace_id: Option<WorkspaceId>,
    /// None: the default of the resolution rules (see `LaunchOptions`).
    pub compute_env_id: Option<ComputeEnvId>,
    pub run_name: Option<String>,
    pub revision: Option<String>,
    pub work_dir: Option<String>,
    pub profiles: Option<Vec<String>>,
    pub params: Option<String>,
    /// None: the pipeline's labels (for this workspace's own pipelines) and the workspace's
    /// default resource labels.
    pub label_ids: Option<Vec<LabelId>>,
}

impl LaunchRequest {
    pub fn new(pipeline_id: PipelineId) -> Self {
        Self {
            pipeline_id,
            ..Self::default()
        }
    }

    pub fn from_workspace(mut self, source: WorkspaceId) -> Self {
        self.source_workspace_id = Some(source);
        self
    }

    pub fn on(mut self, compute_env: impl Into<ComputeEnvId>) -> Self {
        self.compute_env_id = Some(compute_env.into());
        self
    }
}

/// What the launch form needs: the pipeline, the compute environment a launch uses by default,
/// and every environment the rules allow.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LaunchOptions {
    pub pipeline: Pipeline,
    pub default_compute_env: Option<ComputeEnv>,
    /// AVAILABLE environments of the launching workspace, plus a shared pipeline's own
    /// environment (whose `workspace_id` is the source workspace).
    pub compute_envs: Vec<ComputeEnv>,
    /// Why there is no default, when there is none.
    pub no_default_reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repositories() {
        assert!(check_repository("https://github.com/nf-core/rnaseq").is_ok());
        assert!(check_repository("http://git.local:8080/lab/pipe.git").is_ok());
        for bad in [
            "github.com/nf-core/rnaseq",
            "ftp://x.org/a",
            "https://",
            "https://git hub.com/x",
            "https:///path",
        ] {
            assert!(check_repository(bad).is_err(), "{bad}");
        }
        assert_eq!(
            check_repository("").unwrap_err().message,
            "repository URL is required"
        );
    }

    #[test]
    fn project_names() {
        assert_eq!(
            project_name("https://github.com/nf-core/rnaseq"),
            "nf-core/rnaseq"
        );
        assert_eq!(
            project_name("https://github.com/nf-core/rnaseq.git/"),
            "nf-core/rnaseq"
        );
        assert_eq!(project_name("https://host"), "https://host");
    }

    #[test]
    fn params_yaml_and_json() {
        for ok in [
            "",
            "  \n",
            "outdir: results\nreads: '*.fq'",
            "{\"outdir\": \"results\"}",
            "# only a comment\n",
        ] {
            assert!(check_params(ok).is_ok(), "{ok:?}");
        }
        let err = check_params("{\"outdir\": \"results\",\n \"x\": }").unwrap_err();
        assert!(
            err.message.starts_with("params are not valid JSON"),
            "{err}"
        );
        assert!(err.message.contains("line 2 column"), "{err}");
        let err = check_params("outdir: [results\nreads: x").unwrap_err();
        assert!(
            err.message.starts_with("params are not valid YAML"),
            "{err}"
        );
        assert!(err.message.contains("line "), "{err}");
        assert!(
            check_params("[1, 2]")
                .unwrap_err()
                .message
                .contains("JSON object")
        );
        assert!(
            check_params("just text")
                .unwrap_err()
                .message
                .contains("YAML mapping")
        );
        assert!(
            check_params("a: 1\n---\nb: 2")
                .unwrap_err()
                .message
                .contains("one YAML document")
        );
    }

    #[test]
    fn run_names_and_overrides() {
        assert!(check_run_name("happy_darwin-2").is_ok());
        assert!(check_run_name("").is_err());
        assert!(check_run_name("2fast").is_err());
        assert!(check_run_name("has space").is_err());
        assert!(check_run_name(&"a".repeat(81)).is_err());
        assert!(
            check_launch_overrides(Some("3.14.0"), Some("s3://b/w"), &["docker".into()]).is_ok()
        );
        assert!(check_launch_overrides(Some("a b"), None, &[]).is_err());
        assert!(check_launch_overrides(None, None, &["do cker".into()]).is_err());
    }

    #[test]
    fn visibility_parses() {
        assert_eq!(
            "ALL".parse::<PipelineVisibility>().unwrap(),
            PipelineVisibility::All
        );
        assert!(PipelineVisibility::Shared.includes_shared());
        assert!(!PipelineVisibility::Shared.includes_own());
        assert!("public".parse::<PipelineVisibility>().is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let yaml = format!("a: {}", "[".repeat(90_000));
        assert!(check_params(&yaml).is_err());
        let closed = format!("a: {}{}", "[".repeat(45_000), "]".repeat(45_000));
        assert!(check_params(&closed).is_err());
        let json = "[".repeat(90_000);
        assert!(check_params(&json).is_err());
    }
}
