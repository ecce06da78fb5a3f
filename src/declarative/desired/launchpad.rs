//! Pipelines and actions in the file, checked with the domain's Launchpad rules (names,
//! repository URLs, revisions, profiles, parameters as YAML or JSON, labels).

use super::{Problems, label};
use crate::declarative::format::{ActionEntry, PipelineEntry};
use crate::domain::actions::check_action_name;
use crate::domain::labels::check_label_name;
use crate::domain::launchpad::{check_launch_overrides, check_params, check_pipeline_fields};
use crate::domain::run_history::check_reference;
use crate::domain::{ActionSource, PipelineFields};
use std::collections::BTreeSet;

/// A pipeline as the file gives it (all text, nothing to parse): the entry itself, checked.
pub type DesiredPipeline = PipelineEntry;

#[derive(Clone, Debug, PartialEq)]
pub struct DesiredAction {
    pub name: String,
    pub source: ActionSource,
    pub pipeline: String,
    pub paused: Option<bool>,
    pub compute_env: Option<String>,
    pub revision: Option<String>,
    pub work_dir: Option<String>,
    pub profiles: Option<Vec<String>>,
    pub params: Option<String>,
    pub labels: Option<Vec<String>>,
}

/// `""` in a text field clears it, which the rules see as "none".
fn cleared(value: &Option<String>) -> Option<String> {
    value.clone().filter(|v| !v.is_empty())
}

pub(super) fn check_pipelines(
    entries: &[PipelineEntry],
    at: &str,
    problems: &mut Problems,
) -> Vec<DesiredPipeline> {
    let mut seen = BTreeSet::new();
    for (i, p) in entries.iter().enumerate() {
        let at = format!("{at}, pipeline {}", label(&p.name, i));
        if !seen.insert(p.name.to_ascii_lowercase()) {
            problems.add(&at, "appears twice in the workspace");
        }
        let fields = PipelineFields {
            name: p.name.clone(),
            description: p.description.clone().unwrap_or_default(),
            repository: p.repository.clone(),
            revision: cleared(&p.revision),
            compute_env_id: None,
            work_dir: cleared(&p.work_dir),
            profiles: p.profiles.clone().unwrap_or_default(),
            params: p.params.clone().unwrap_or_default(),
            label_ids: Vec::new(),
            pre_run_script: p.pre_run_script.clone().unwrap_or_default(),
            post_run_script: p.post_run_script.clone().unwrap_or_default(),
        };
        problems.check(&at, check_pipeline_fields(&fields));
        check_label_names(&p.labels, &at, problems);
    }
    entries.to_vec()
}

fn check_label_names(labels: &Option<Vec<String>>, at: &str, problems: &mut Problems) {
    for name in labels.iter().flatten() {
        problems.check(at, check_label_name(name));
    }
}

pub(super) fn check_actions(
    entries: &[ActionEntry],
    at: &str,
    problems: &mut Problems,
) -> Vec<DesiredAction> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, a) in entries.iter().enumerate() {
        let at = format!("{at}, action {}", label(&a.name, i));
        if !seen.insert(a.name.to_ascii_lowercase()) {
            problems.add(&at, "appears twice in the workspace");
        }
        problems.check(&at, check_action_name(&a.name));
        problems.check(&at, check_reference("pipeline", &a.pipeline));
        problems.check(
            &at,
            check_launch_overrides(
                cleared(&a.revision).as_deref(),
                cleared(&a.work_dir).as_deref(),
                a.profiles.as_deref().unwrap_or(&[]),
            ),
        );
        if let Some(params) = &a.params {
            problems.check(&at, check_params(params));
        }
        check_label_names(&a.labels, &at, problems);
        let Some(source) = problems.check(&at, a.source.parse::<ActionSource>()) else {
            continue;
        };
        out.push(DesiredAction {
            name: a.name.clone(),
            source,
            pipeline: a.pipeline.clone(),
            paused: a.paused,
            compute_env: a.compute_env.clone(),
            revision: a.revision.clone(),
            work_dir: a.work_dir.clone(),
            profiles: a.profiles.clone(),
            params: a.params.clone(),
            labels: a.labels.clone(),
        });
    }
    out
}
