//! Runs imported as history (`apply` of a file's `runs`, and `export` writing them back): a
//! run as it was recorded elsewhere, its rules, and the values it takes from its pipeline and
//! compute environment when the entry leaves them out (the same values a launch would use).

use super::compute::{ComputeEnv, Platform};
use super::error::{Error, Result};
use super::launchpad::{
    Pipeline, check_launch_overrides, check_params, check_repository, check_run_name, project_name,
};
use super::names::{check_max, check_name, check_user_name};
use super::runs::WorkflowStatus::{self, *};
use super::runs::{ERROR_MESSAGE_MAX, PROJECT_NAME_MAX, TaskCounters, TraceProgress};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

/// A run to import. Times are RFC 3339; `None` fields take the pipeline's (or compute
/// environment's) values, see [`RunRecord::resolve`]; `Some("")` in a text field says the run
/// had none.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    pub run_name: String,
    pub status: WorkflowStatus,
    pub submit: String,
    pub start: Option<String>,
    /// From start (or submit, for a run that never started) to completion.
    pub duration_ms: Option<i64>,
    pub counters: TaskCounters,
    pub cpu_hours: f64,
    pub memory_gib_hours: f64,
    /// `rnaseq` (a pipeline of the run's workspace) or `shared-pipelines/rnaseq` (a pipeline of
    /// a SHARED workspace of the same org).
    pub pipeline: Option<String>,
    pub project_name: Option<String>,
    pub repository: Option<String>,
    pub revision: Option<String>,
    pub work_dir: Option<String>,
    pub profiles: Option<Vec<String>>,
    pub params: Option<String>,
    /// A compute env named like `pipeline`; `Some("")` records a run without one.
    pub compute_env: Option<String>,
    /// Needed only when the compute env no longer exists (history outlives it).
    pub platform: Option<Platform>,
    /// The user who launched it; None for the importing user.
    pub user_name: Option<String>,
    pub exit_status: Option<i32>,
    pub error_message: Option<String>,
}

/// What a stored run records for the fields an entry may leave out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunFields {
    pub project_name: String,
    pub repository: Option<String>,
    pub revision: Option<String>,
    pub work_dir: Option<String>,
    pub profiles: Vec<String>,
    pub params: String,
    pub platform: Option<Platform>,
}

/// Parses an RFC 3339 time into the one format runs are stored in (UTC, milliseconds, fixed
/// width, so text order is time order).
pub fn canonical_time(text: &str) -> Result<String> {
    Ok(format_time(parse_time(text)?))
}

pub fn format_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn parse_time(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            Error::invalid(format!(
                "time '{text}' is not an RFC 3339 time such as 2026-10-01T08:00:00Z"
            ))
        })
}

/// Splits `ws/name` into its workspace and name (no workspace: the run's own).
pub fn split_reference(reference: &str) -> (Option<&str>, &str) {
    match reference.split_once('/') {
        Some((ws, name)) => (Some(ws), name),
        None => (None, reference),
    }
}

/// A value the entry gives; `Some("")` says "none" (rather than "the pipeline's").
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

/// The entry's value if it gives one (`""` being none), else the fallback.
fn given_or(value: &Option<String>, fallback: impl FnOnce() -> Option<String>) -> Option<String> {
    match value {
        Some(v) if v.is_empty() => None,
        Some(v) => Some(v.clone()),
        None => fallback(),
    }
}

/// Checks every rule of an imported run that needs no storage.
pub fn check_run_record(r: &RunRecord) -> Result<()> {
    check_run_name(&r.run_name)?;
    check_times(r)?;
    check_counters(r)?;
    TraceProgress {
        counters: r.counters,
        cpu_hours: r.cpu_hours,
        memory_gib_hours: r.memory_gib_hours,
    }
    .check()?;
    check_outcome(r)?;
    check_origin(r)?;
    check_launch_overrides(
        given(&r.revision),
        given(&r.work_dir),
        r.profiles.as_deref().unwrap_or(&[]),
    )?;
    if let Some(params) = &r.params {
        check_params(params)?;
    }
    if let Some(user) = &r.user_name {
        check_user_name(user)?;
    }
    Ok(())
}

/// Which times a status needs: a run that began has a start, a finished run has a duration.
fn check_times(r: &RunRecord) -> Result<()> {
    let submit = parse_time(&r.submit)?;
    if let Some(start) = &r.start
        && parse_time(start)? < submit
    {
        return Err(Error::invalid(format!(
            "start {start} is before submit {}",
            r.submit
        )));
    }
    let began = matches!(r.status, Running | Unknown | Succeeded);
    if r.status == Submitted && r.start.is_some() {
        return Err(Error::invalid(
            "a SUBMITTED run has not started: leave out start",
        ));
    }
    if began && r.start.is_none() {
        return Err(Error::invalid(format!(
            "a {} run needs a start time",
            r.status
        )));
    }
    match (r.status.is_final(), r.duration_ms) {
        (true, None) => Err(Error::invalid(format!(
            "a {} run needs a duration (duration_s)",
            r.status
        ))),
        (false, Some(_)) => Err(Error::invalid(format!(
            "a {} run has not finished: leave out duration_s",
            r.status
        ))),
        (_, Some(ms)) if ms < 0 => Err(Error::invalid(format!(
            "duration must be at least 0 seconds (got {})",
            ms as f64 / 1000.0
        ))),
        _ => Ok(()),
    }
}

/// A SUBMITTED run has no tasks and no usage yet; a finished run has nothing left to do.
fn check_counters(r: &RunRecord) -> Result<()> {
    let c = &r.counters;
    if r.status == Submitted && (c.total() > 0 || r.cpu_hours > 0.0 || r.memory_gib_hours > 0.0) {
        return Err(Error::invalid(
            "a SUBMITTED run has not begun: it has no task counts and no usage",
        ));
    }
    if r.status.is_final() && c.pending + c.submitted + c.running > 0 {
        return Err(Error::invalid(format!(
            "a {} run has no pending, submitted or running tasks",
            r.status
        )));
    }
    Ok(())
}

/// An exit status and an error message belong to finished runs.
fn check_outcome(r: &RunRecord) -> Result<()> {
    if !r.status.is_final() && (r.exit_status.is_some() || r.error_message.is_some()) {
        return Err(Error::invalid(format!(
            "a {} run has not finished: it has no exit status or error message",
            r.status
        )));
    }
    if let Some(msg) = &r.error_message {
        check_max("error message", msg, ERROR_MESSAGE_MAX)?;
    }
    Ok(())
}

/// Where the run came from: a pipeline, or a project name (a run Nextflow reported itself).
fn check_origin(r: &RunRecord) -> Result<()> {
    if r.pipeline.is_none() && r.project_name.is_none() {
        return Err(Error::invalid(
            "give the pipeline it ran (pipeline) or its project name (project)",
        ));
    }
    for (what, reference) in [("pipeline", &r.pipeline), ("compute env", &r.compute_env)] {
        if let Some(reference) = reference.as_deref().filter(|s| !s.is_empty()) {
            check_reference(what, reference)?;
        }
    }
    if let Some(project) = &r.project_name {
        if project.trim().is_empty() {
            return Err(Error::invalid("project name is required"));
        }
        check_max("project name", project, PROJECT_NAME_MAX)?;
    }
    if let Some(repo) = given(&r.repository) {
        check_repository(repo)?;
    }
    Ok(())
}

/// Checks a `name` or `workspace/name` reference to a pipeline or compute env.
pub fn check_reference(what: &str, reference: &str) -> Result<()> {
    let (ws, name) = split_reference(reference);
    if let Some(ws) = ws {
        check_name(ws).map_err(|e| e.about(format!("{what} '{reference}'")))?;
    }
    if name.trim().is_empty() || name.contains('/') {
        return Err(Error::invalid(format!(
            "{what} '{reference}' must be a name, or workspace/name for a shared workspace's"
        )));
    }
    Ok(())
}

impl RunRecord {
    /// A run with a name, status and submit time; everything else left out.
    pub fn new(run_name: &str, status: WorkflowStatus, submit: &str) -> Self {
        Self {
            run_name: run_name.to_string(),
            status,
            submit: submit.to_string(),
            start: None,
            duration_ms: None,
            counters: TaskCounters::default(),
            cpu_hours: 0.0,
            memory_gib_hours: 0.0,
            pipeline: None,
            project_name: None,
            repository: None,
            revision: None,
            work_dir: None,
            profiles: None,
            params: None,
            compute_env: None,
            platform: None,
            user_name: None,
            exit_status: None,
            error_message: None,
        }
    }

    /// The stored values: the entry's where given, else the pipeline's launch configuration
    /// and the compute env's work directory and platform (as a launch would record them).
    pub fn resolve(
        &self,
        pipeline: Option<&Pipeline>,
        env: Option<&ComputeEnv>,
    ) -> Result<RunFields> {
        let project = match (&self.project_name, pipeline) {
            (Some(p), _) => p.clone(),
            (None, Some(p)) => project_name(&p.repository),
            (None, None) => {
                return Err(Error::invalid(
                    "give the pipeline it ran (pipeline) or its project name (project)",
                ));
            }
        };
        Ok(RunFields {
            project_name: project,
            repository: given_or(&self.repository, || pipeline.map(|p| p.repository.clone())),
            revision: given_or(&self.revision, || pipeline.and_then(|p| p.revision.clone())),
            work_dir: given_or(&self.work_dir, || {
                pipeline
                    .and_then(|p| p.work_dir.clone())
                    .or_else(|| env.map(|e| e.work_dir.clone()))
            }),
            profiles: self
                .profiles
                .clone()
                .or_else(|| pipeline.map(|p| p.profiles.clone()))
                .unwrap_or_default(),
            params: self
                .params
                .clone()
                .or_else(|| pipeline.map(|p| p.params.clone()))
                .unwrap_or_default(),
            platform: self.platform.or(env.map(|e| e.platform)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(status: WorkflowStatus) -> RunRecord {
        let finished = status.is_final();
        let mut r = RunRecord::new("happy_darwin", status, "2026-10-01T08:00:00.000Z");
        r.start = (status != Submitted).then(|| "2026-10-01T08:01:00.000Z".into());
        r.duration_ms = finished.then_some(3_600_000);
        r.pipeline = Some("rnaseq".into());
        r
    }

    #[test]
    fn every_status_with_its_times() {
        for status in WorkflowStatus::ALL {
            assert!(check_run_record(&record(status)).is_ok(), "{status}");
        }
        let mut r = record(Submitted);
        r.start = Some("2026-10-01T08:01:00Z".into());
        assert!(
            check_run_record(&r)
                .unwrap_err()
                .message
                .contains("leave out start")
        );
        let mut r = record(Succeeded);
        r.duration_ms = None;
        assert_eq!(
            check_run_record(&r).unwrap_err().message,
            "a SUCCEEDED run needs a duration (duration_s)"
        );
        let mut r = record(Running);
        r.duration_ms = Some(1);
        assert!(
            check_run_record(&r)
                .unwrap_err()
                .message
                .contains("has not finished")
        );
        let mut r = record(Failed);
        r.start = Some("2026-09-30T08:00:00Z".into());
        assert!(
            check_run_record(&r)
                .unwrap_err()
                .message
                .contains("is before submit")
        );
        let mut r = record(Cancelled);
        r.start = None;
        assert!(check_run_record(&r).is_ok(), "cancelled before it began");
    }

    #[test]
    fn counters_usage_and_outcome() {
        let mut r = record(Submitted);
        r.counters.pending = 3;
        assert!(
            check_run_record(&r)
                .unwrap_err()
                .message
                .contains("has not begun")
        );
        let mut r = record(Succeeded);
        r.counters.running = 1;
        assert!(
            check_run_record(&r)
                .unwrap_err()
                .message
                .contains("no pending")
        );
        let mut r = record(Succeeded);
        r.cpu_hours = -1.0;
        assert!(
            check_run_record(&r)
                .unwrap_err()
                .message
                .contains("CPU-hours")
        );
        let mut r = record(Running);
        r.exit_status = Some(1);
        assert!(check_run_record(&r).is_err());
    }

    #[test]
    fn origin_and_references() {
        let mut r = record(Succeeded);
        r.pipeline = None;
        assert!(
            check_run_record(&r)
                .unwrap_err()
                .message
                .contains("project")
        );
        r.project_name = Some("nf-core/rnaseq".into());
        assert!(check_run_record(&r).is_ok());
        r.pipeline = Some("shared-pipelines/rnaseq".into());
        assert!(check_run_record(&r).is_ok());
        r.pipeline = Some("a/b/c".into());
        assert!(check_run_record(&r).is_err());
        r.pipeline = Some("x y/rnaseq".into());
        assert!(check_run_record(&r).is_err());
    }

    #[test]
    fn times_are_stored_in_one_format() {
        assert_eq!(
            canonical_time("2026-10-01T10:00:00+02:00").unwrap(),
            "2026-10-01T08:00:00.000Z"
        );
        assert!(
            canonical_time("yesterday")
                .unwrap_err()
                .message
                .contains("RFC 3339")
        );
    }
}
