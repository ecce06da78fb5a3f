//! Runs in the file's format, oldest first. A launch key (project, repository, revision, work
//! directory, profiles, parameters, compute env) is written only where the run differs from
//! what importing the entry without it would record (its pipeline's launch configuration, and
//! the pipeline's or the primary compute env), so an export applies back to the same runs.

use crate::declarative::format::RunEntry;
use crate::declarative::state::{OrgState, WorkspaceContent, reference};
use crate::domain::run_history::RunRecord;
use crate::domain::{ComputeEnv, Pipeline, Platform, Run};

pub(super) fn entries(o: &OrgState, ws: &str, c: &WorkspaceContent) -> Vec<RunEntry> {
    let primary = c.compute_envs.iter().find(|e| e.primary);
    c.runs
        .iter()
        .rev()
        .map(|r| entry(o, ws, primary, r))
        .collect()
}

/// The compute env key of a run, its platform key, and the env an import would record.
struct EnvKeys<'s> {
    compute_env: Option<String>,
    platform: Option<Platform>,
    used: Option<&'s ComputeEnv>,
}

fn env_keys<'s>(
    o: &'s OrgState,
    ws: &str,
    run: &Run,
    default: Option<&'s ComputeEnv>,
) -> EnvKeys<'s> {
    let actual = run
        .compute_env_id
        .as_deref()
        .and_then(|id| o.compute_env_by_id(id));
    match (&run.compute_env_name, actual) {
        (None, _) => EnvKeys {
            compute_env: default.map(|_| String::new()),
            platform: None,
            used: None,
        },
        (Some(_), Some((owner, env))) => EnvKeys {
            compute_env: (default.map(|d| &d.id) != Some(&env.id))
                .then(|| reference(ws, owner, &env.name)),
            platform: run.platform.filter(|p| *p != env.platform),
            used: Some(env),
        },
        // The environment no longer exists: its name and platform, as history.
        (Some(name), None) => EnvKeys {
            compute_env: Some(name.clone()),
            platform: run.platform,
            used: None,
        },
    }
}

fn entry(o: &OrgState, ws: &str, primary: Option<&ComputeEnv>, run: &Run) -> RunEntry {
    let pipeline = run.pipeline_id.and_then(|id| o.pipeline_by_id(id));
    let default_env = match pipeline.and_then(|(_, p)| p.compute_env_id.as_deref()) {
        Some(id) => o.compute_env_by_id(id).map(|(_, e)| e),
        None => primary,
    };
    let env = env_keys(o, ws, run, default_env);
    let p: Option<&Pipeline> = pipeline.map(|(_, p)| p);
    let mut record = RunRecord::new(&run.run_name, run.status, &run.submit);
    if p.is_none() {
        record.project_name = Some(run.project_name.clone());
    }
    let defaults = record.resolve(p, env.used).unwrap_or_default();
    let differs = |now: &Option<String>, default: &Option<String>| {
        (now != default).then(|| now.clone().unwrap_or_default())
    };
    RunEntry {
        pipeline: pipeline.map(|(owner, p)| reference(ws, owner, &p.name)),
        run_name: run.run_name.clone(),
        status: run.status.to_string(),
        submit: run.submit.clone(),
        start: run.start.clone(),
        duration_s: run
            .status
            .is_final()
            .then(|| run.duration_ms.unwrap_or(0) as f64 / 1000.0),
        user: Some(run.user_name.clone()),
        succeeded: run.progress.succeeded,
        failed: run.progress.failed,
        cached: run.progress.cached,
        pending: run.progress.pending,
        submitted: run.progress.submitted,
        running: run.progress.running,
        cpu_hours: Some(run.usage.cpu_hours).filter(|h| *h > 0.0),
        gib_hours: Some(run.usage.memory_gib_hours).filter(|h| *h > 0.0),
        compute_env: env.compute_env,
        platform: env.platform.map(|p| p.to_string()),
        project: (p.is_none() || run.project_name != defaults.project_name)
            .then(|| run.project_name.clone()),
        repository: differs(&run.repository, &defaults.repository),
        revision: differs(&run.revision, &defaults.revision),
        work_dir: differs(&run.work_dir, &defaults.work_dir),
        profiles: (run.profiles != defaults.profiles).then(|| run.profiles.clone()),
        params: (run.params != defaults.params).then(|| run.params.clone()),
        exit_status: run.exit_status,
        error_message: run.error_message.clone(),
    }
}
