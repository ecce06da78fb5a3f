//! Pipelines and actions. Actions cannot be edited (the API has no update), so an action whose
//! configuration differs is deleted and added again in the same transaction; a `tower` action
//! then gets a new endpoint, which the plan says.

use super::contents::{Ws, kept_or_cleared, shown};
use super::refs::Kind;
use super::{Action, OrgPlanner, Phase, diff};
use crate::declarative::desired::{DesiredAction, DesiredPipeline};
use crate::domain::Pipeline;
use crate::domain::changes::{ActionSpec, PipelineSpec, WorkspaceChange};
use std::collections::BTreeSet;

fn label_set(labels: &[String]) -> BTreeSet<String> {
    labels.iter().map(|l| l.to_ascii_lowercase()).collect()
}

/// A long text (parameters, scripts) in a plan detail: whether it changed, not its content.
fn text_changed(field: &str, old: &str, new: &str, out: &mut Vec<String>) {
    if old != new {
        out.push(format!("{field} changed"));
    }
}

impl<'a> OrgPlanner<'a> {
    pub(super) fn plan_pipelines(&mut self, ws: Ws<'a>) {
        for d in &ws.d.pipelines {
            let at = format!("workspace {}/{} pipeline {}", self.org(), ws.d.name, d.name);
            if let Some(env) = d.compute_env.as_deref().filter(|e| !e.is_empty()) {
                self.check_ref(ws, &at, Kind::ComputeEnv, env);
            }
            for label in d.labels.iter().flatten() {
                self.check_ref(ws, &at, Kind::Label, label);
            }
            let current = ws.c.and_then(|c| c.pipeline(&d.name));
            let spec = pipeline_spec(d, current);
            let object = format!("pipeline {}", d.name);
            match current {
                None => {
                    let detail = match &spec.revision {
                        Some(rev) => format!("{} {rev}", spec.repository),
                        None => spec.repository.clone(),
                    };
                    let change = WorkspaceChange::CreatePipeline(spec);
                    self.push_in(
                        ws,
                        Phase::Pipelines,
                        Action::Create,
                        object,
                        detail,
                        Some(change),
                    );
                }
                Some(p) => {
                    let differences = pipeline_differences(p, &spec);
                    let change = WorkspaceChange::UpdatePipeline {
                        name: p.name.clone(),
                        spec,
                        base: Some(Box::new(PipelineSpec::of(p))),
                    };
                    self.push_diff(ws, Phase::Pipelines, object, differences, change);
                }
            }
        }
    }

    pub(super) fn prune_pipelines(&mut self, ws: Ws<'a>) {
        let Some(c) = ws.c else { return };
        for p in &c.pipelines {
            if !ws
                .d
                .pipelines
                .iter()
                .any(|d| d.name.eq_ignore_ascii_case(&p.name))
            {
                let change = WorkspaceChange::DeletePipeline(p.name.clone());
                let object = format!("pipeline {}", p.name);
                let detail = "and its actions (its runs stay)".to_string();
                self.push_in(
                    ws,
                    Phase::RemovePipelines,
                    Action::Remove,
                    object,
                    detail,
                    Some(change),
                );
            }
        }
    }

    pub(super) fn plan_actions(&mut self, ws: Ws<'a>) {
        for d in &ws.d.actions {
            let at = format!("workspace {}/{} action {}", self.org(), ws.d.name, d.name);
            self.check_ref(ws, &at, Kind::Pipeline, &d.pipeline);
            if let Some(env) = d.compute_env.as_deref().filter(|e| !e.is_empty()) {
                self.check_ref(ws, &at, Kind::ComputeEnv, env);
            }
            for label in d.labels.iter().flatten() {
                self.check_ref(ws, &at, Kind::Label, label);
            }
            match ws.c.and_then(|c| c.action(&d.name)) {
                None => self.add_action(ws, d),
                Some(a) => self.update_action(ws, d, a),
            }
        }
    }

    fn add_action(&mut self, ws: Ws<'a>, d: &DesiredAction) {
        let spec = action_spec(d, None);
        let paused = if spec.paused { ", paused" } else { "" };
        let detail = format!("{}, pipeline {}{paused}", spec.source, spec.pipeline);
        let object = format!("action {}", d.name);
        let change = WorkspaceChange::AddAction(spec);
        self.push_in(
            ws,
            Phase::Actions,
            Action::Create,
            object,
            detail,
            Some(change),
        );
    }

    fn update_action(&mut self, ws: Ws<'a>, d: &DesiredAction, a: &crate::domain::Action) {
        let Some(current) = self.c.map(|c| c.action_spec(&ws.d.name, a)) else {
            return;
        };
        let wanted = action_spec(d, Some(&current));
        let object = format!("action {}", a.name);
        let differences = action_differences(&current, &wanted);
        if !differences.is_empty() {
            let detail = format!(
                "{} (replaced: actions cannot be edited; a tower action gets a new endpoint)",
                differences.join(", ")
            );
            let change = WorkspaceChange::ReplaceAction(wanted);
            self.push_in(
                ws,
                Phase::Actions,
                Action::Update,
                object,
                detail,
                Some(change),
            );
        } else if wanted.paused != current.paused {
            let detail = if wanted.paused {
                "ACTIVE -> PAUSED"
            } else {
                "PAUSED -> ACTIVE"
            };
            let change = WorkspaceChange::SetActionPaused {
                name: a.name.clone(),
                paused: wanted.paused,
            };
            self.push_in(
                ws,
                Phase::Actions,
                Action::Update,
                object,
                detail.into(),
                Some(change),
            );
        } else {
            self.push_in(
                ws,
                Phase::Actions,
                Action::Unchanged,
                object,
                String::new(),
                None,
            );
        }
    }

    pub(super) fn prune_actions(&mut self, ws: Ws<'a>) {
        let Some(c) = ws.c else { return };
        for a in &c.actions {
            if !ws
                .d
                .actions
                .iter()
                .any(|d| d.name.eq_ignore_ascii_case(&a.name))
            {
                let change = WorkspaceChange::DeleteAction(a.name.clone());
                let object = format!("action {}", a.name);
                self.push_in(
                    ws,
                    Phase::RemoveActions,
                    Action::Remove,
                    object,
                    String::new(),
                    Some(change),
                );
            }
        }
    }
}

/// The pipeline the file wants: its keys, and the current values for keys it leaves out.
fn pipeline_spec(d: &DesiredPipeline, current: Option<&Pipeline>) -> PipelineSpec {
    let text = |file: &Option<String>, now: Option<&String>| {
        file.clone().or_else(|| now.cloned()).unwrap_or_default()
    };
    PipelineSpec {
        name: d.name.clone(),
        description: text(&d.description, current.map(|p| &p.description)),
        repository: d.repository.clone(),
        revision: kept_or_cleared(&d.revision, current.and_then(|p| p.revision.as_ref())),
        compute_env: kept_or_cleared(
            &d.compute_env,
            current.and_then(|p| p.compute_env_name.as_ref()),
        ),
        work_dir: kept_or_cleared(&d.work_dir, current.and_then(|p| p.work_dir.as_ref())),
        profiles: d
            .profiles
            .clone()
            .or_else(|| current.map(|p| p.profiles.clone()))
            .unwrap_or_default(),
        params: text(&d.params, current.map(|p| &p.params)),
        labels: d
            .labels
            .clone()
            .or_else(|| current.map(|p| p.labels.iter().map(|l| l.name.clone()).collect()))
            .unwrap_or_default(),
        pre_run_script: text(&d.pre_run_script, current.map(|p| &p.pre_run_script)),
        post_run_script: text(&d.post_run_script, current.map(|p| &p.post_run_script)),
    }
}

fn pipeline_differences(p: &Pipeline, s: &PipelineSpec) -> Vec<String> {
    let mut out = Vec::new();
    diff("description", &p.description, &s.description, &mut out);
    diff("repository", &p.repository, &s.repository, &mut out);
    diff(
        "revision",
        shown(p.revision.as_deref()),
        shown(s.revision.as_deref()),
        &mut out,
    );
    let same_env = match (&p.compute_env_name, &s.compute_env) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        (a, b) => a == b,
    };
    if !same_env {
        let (old, new) = (p.compute_env_name.as_deref(), s.compute_env.as_deref());
        out.push(format!("compute_env '{}' -> '{}'", shown(old), shown(new)));
    }
    diff(
        "work_dir",
        shown(p.work_dir.as_deref()),
        shown(s.work_dir.as_deref()),
        &mut out,
    );
    if p.profiles != s.profiles {
        out.push(format!("profiles {:?} -> {:?}", p.profiles, s.profiles));
    }
    text_changed("params", &p.params, &s.params, &mut out);
    let labels: Vec<String> = p.labels.iter().map(|l| l.name.clone()).collect();
    if label_set(&labels) != label_set(&s.labels) {
        out.push(format!("labels {labels:?} -> {:?}", s.labels));
    }
    text_changed(
        "pre_run_script",
        &p.pre_run_script,
        &s.pre_run_script,
        &mut out,
    );
    text_changed(
        "post_run_script",
        &p.post_run_script,
        &s.post_run_script,
        &mut out,
    );
    out
}

/// The action the file wants; keys it leaves out keep the current action's values.
fn action_spec(d: &DesiredAction, current: Option<&ActionSpec>) -> ActionSpec {
    let keep = |file: &Option<String>, now: Option<&Option<String>>| {
        kept_or_cleared(file, now.and_then(|n| n.as_ref()))
    };
    ActionSpec {
        name: d.name.clone(),
        source: d.source,
        pipeline: d.pipeline.clone(),
        paused: d.paused.or(current.map(|c| c.paused)).unwrap_or(false),
        compute_env: keep(&d.compute_env, current.map(|c| &c.compute_env)),
        revision: keep(&d.revision, current.map(|c| &c.revision)),
        work_dir: keep(&d.work_dir, current.map(|c| &c.work_dir)),
        profiles: d
            .profiles
            .clone()
            .or(current.and_then(|c| c.profiles.clone())),
        params: keep(&d.params, current.map(|c| &c.params)),
        labels: d
            .labels
            .clone()
            .or(current.map(|c| c.labels.clone()))
            .unwrap_or_default(),
    }
}

fn action_differences(current: &ActionSpec, wanted: &ActionSpec) -> Vec<String> {
    let mut out = Vec::new();
    diff(
        "source",
        current.source.as_str(),
        wanted.source.as_str(),
        &mut out,
    );
    if !current.pipeline.eq_ignore_ascii_case(&wanted.pipeline) {
        out.push(format!(
            "pipeline '{}' -> '{}'",
            current.pipeline, wanted.pipeline
        ));
    }
    let same_env = match (&current.compute_env, &wanted.compute_env) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        (a, b) => a == b,
    };
    if !same_env {
        let (old, new) = (
            current.compute_env.as_deref(),
            wanted.compute_env.as_deref(),
        );
        out.push(format!("compute_env '{}' -> '{}'", shown(old), shown(new)));
    }
    diff(
        "revision",
        shown(current.revision.as_deref()),
        shown(wanted.revision.as_deref()),
        &mut out,
    );
    diff(
        "work_dir",
        shown(current.work_dir.as_deref()),
        shown(wanted.work_dir.as_deref()),
        &mut out,
    );
    if current.profiles != wanted.profiles {
        out.push(format!(
            "profiles {:?} -> {:?}",
            current.profiles, wanted.profiles
        ));
    }
    let (old, new) = (current.params.as_deref(), wanted.params.as_deref());
    text_changed("params", old.unwrap_or(""), new.unwrap_or(""), &mut out);
    if label_set(&current.labels) != label_set(&wanted.labels) {
        out.push(format!(
            "labels {:?} -> {:?}",
            current.labels, wanted.labels
        ));
    }
    out
}
