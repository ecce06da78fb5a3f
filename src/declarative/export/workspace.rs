//! A workspace's contents in the file's format. Never a secret: credentials get `secret_env`
//! with generated variable names (`NFDECK_SECRET_<ORG>_<WORKSPACE>_<CREDENTIALS>_<FIELD>`) that
//! whoever applies the export sets to the values.

use super::{non_empty, runs};
use crate::declarative::format::{
    ActionEntry, ComputeEnvEntry, CredentialsEntry, LabelRef, PipelineEntry, ResourceLabelEntry,
    StudiosEntry, WorkspaceEntry,
};
use crate::declarative::secrets::export_variable;
use crate::declarative::state::{OrgState, WorkspaceState};
use crate::domain::changes::ActionSpec;
use crate::domain::{
    ComputeEnv, ComputeEnvStatus, Credentials, Credits, Pipeline, StudiosSettings,
};

fn non_empty_list<T: Clone>(items: &[T]) -> Option<Vec<T>> {
    (!items.is_empty()).then(|| items.to_vec())
}

pub(super) fn contents(o: &OrgState, w: &WorkspaceState, entry: &mut WorkspaceEntry) {
    let ws = w.workspace.name.as_str();
    entry.credits_allocation = o.billing.as_ref().and_then(|b| {
        b.workspaces
            .iter()
            .find(|a| a.workspace_name.eq_ignore_ascii_case(ws))
            .and_then(|a| a.allocation)
            .map(Credits::as_f64)
    });
    let Some(c) = &w.content else { return };
    entry.studios = c.studios.and_then(studios_entry);
    entry.labels = c
        .labels
        .iter()
        .filter(|l| !l.resource)
        .map(|l| l.name.clone())
        .collect();
    entry.resource_labels = c
        .labels
        .iter()
        .filter(|l| l.resource)
        .map(|l| ResourceLabelEntry {
            key: l.name.clone(),
            value: l.value.clone().unwrap_or_default(),
            default: l.is_default,
        })
        .collect();
    let org = o.org.name.as_str();
    entry.credentials = c
        .credentials
        .iter()
        .map(|x| credentials_entry(org, ws, x))
        .collect();
    entry.compute_envs = c.compute_envs.iter().map(compute_env_entry).collect();
    entry.pipelines = c.pipelines.iter().map(pipeline_entry).collect();
    entry.actions = c
        .actions
        .iter()
        .map(|a| action_entry(o.action_spec(ws, a)))
        .collect();
    entry.runs = runs::entries(o, ws, c);
}

/// Only settings that differ from the defaults (a new workspace has those).
fn studios_entry(s: StudiosSettings) -> Option<StudiosEntry> {
    (s != StudiosSettings::default()).then_some(StudiosEntry {
        lifespan_hours: Some(s.lifespan_hours),
        private_by_default: Some(s.private_by_default),
    })
}

fn credentials_entry(org: &str, ws: &str, c: &Credentials) -> CredentialsEntry {
    CredentialsEntry {
        name: c.name.clone(),
        provider: c.provider.to_string(),
        description: non_empty(&c.description),
        keys: (!c.keys.is_empty()).then(|| c.keys.clone()),
        secret_env: (!c.secret_names.is_empty()).then(|| {
            c.secret_names
                .iter()
                .map(|field| (field.clone(), export_variable(org, ws, &c.name, field)))
                .collect()
        }),
    }
}

fn compute_env_entry(e: &ComputeEnv) -> ComputeEnvEntry {
    let labels: Vec<LabelRef> = e
        .labels
        .iter()
        .filter(|l| l.resource)
        .map(|l| LabelRef::Text(l.to_string()))
        .collect();
    ComputeEnvEntry {
        name: e.name.clone(),
        platform: e.platform.to_string(),
        credentials: e.credentials_name.clone(),
        work_dir: e.work_dir.clone(),
        region: e.region.clone(),
        description: non_empty(&e.description),
        resource_labels: non_empty_list(&labels),
        primary: e.primary,
        disabled: (e.status == ComputeEnvStatus::Disabled).then_some(true),
    }
}

fn pipeline_entry(p: &Pipeline) -> PipelineEntry {
    let labels: Vec<String> = p.labels.iter().map(|l| l.name.clone()).collect();
    PipelineEntry {
        name: p.name.clone(),
        description: non_empty(&p.description),
        repository: p.repository.clone(),
        revision: p.revision.clone(),
        compute_env: p.compute_env_name.clone(),
        work_dir: p.work_dir.clone(),
        profiles: non_empty_list(&p.profiles),
        params: non_empty(&p.params),
        labels: non_empty_list(&labels),
        pre_run_script: non_empty(&p.pre_run_script),
        post_run_script: non_empty(&p.post_run_script),
    }
}

fn action_entry(a: ActionSpec) -> ActionEntry {
    ActionEntry {
        name: a.name,
        source: a.source.to_string(),
        pipeline: a.pipeline,
        paused: a.paused.then_some(true),
        compute_env: a.compute_env,
        revision: a.revision,
        work_dir: a.work_dir,
        profiles: a.profiles,
        params: a.params,
        labels: non_empty_list(&a.labels),
    }
}
