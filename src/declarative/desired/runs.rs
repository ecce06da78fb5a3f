//! Runs in the file (history to import), checked with the domain's rules for imported runs.
//! A run is known by its name and submit time; the same pair twice in a workspace is an error.

use super::Problems;
use crate::declarative::format::RunEntry;
use crate::domain::run_history::{RunRecord, canonical_time, check_run_record};
use crate::domain::runs::TaskCounters;
use crate::domain::{Error, Platform, Result, WorkflowStatus};
use std::collections::BTreeSet;

pub(super) fn check_runs(
    entries: &[RunEntry],
    at: &str,
    problems: &mut Problems,
) -> Vec<RunRecord> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let at = format!("{at}, run {} ({})", i + 1, e.run_name);
        let Some(record) = problems.check(&at, record(e)) else {
            continue;
        };
        if problems.check(&at, check_run_record(&record)).is_none() {
            continue;
        }
        if !seen.insert((record.run_name.clone(), record.submit.clone())) {
            problems.add(
                &at,
                "appears twice in the workspace (same run_name and submit)",
            );
        }
        out.push(record);
    }
    out
}

/// The entry as a record: parsed status and platform, times in the stored format, and the
/// start of a run that began defaulting to its submit time.
fn record(e: &RunEntry) -> Result<RunRecord> {
    let status = e.status.parse::<WorkflowStatus>()?;
    let submit = canonical_time(&e.submit)?;
    let began = matches!(
        status,
        WorkflowStatus::Running | WorkflowStatus::Unknown | WorkflowStatus::Succeeded
    );
    let start = match &e.start {
        Some(s) => Some(canonical_time(s)?),
        None if began => Some(submit.clone()),
        None => None,
    };
    let mut r = RunRecord::new(&e.run_name, status, &submit);
    r.start = start;
    r.duration_ms = e.duration_s.map(duration_ms).transpose()?;
    r.counters = TaskCounters {
        pending: e.pending,
        submitted: e.submitted,
        running: e.running,
        succeeded: e.succeeded,
        failed: e.failed,
        cached: e.cached,
    };
    r.cpu_hours = e.cpu_hours.unwrap_or(0.0);
    r.memory_gib_hours = e.gib_hours.unwrap_or(0.0);
    r.pipeline = e.pipeline.clone();
    r.project_name = e.project.clone();
    r.repository = e.repository.clone();
    r.revision = e.revision.clone();
    r.work_dir = e.work_dir.clone();
    r.profiles = e.profiles.clone();
    r.params = e.params.clone();
    r.compute_env = e.compute_env.clone();
    r.platform = e
        .platform
        .as_deref()
        .map(str::parse::<Platform>)
        .transpose()?;
    r.user_name = e.user.clone();
    r.exit_status = e.exit_status;
    r.error_message = e.error_message.clone();
    Ok(r)
}

fn duration_ms(seconds: f64) -> Result<i64> {
    if seconds.is_finite() && seconds >= 0.0 {
        Ok((seconds * 1000.0).round() as i64)
    } else {
        Err(Error::invalid(format!(
            "duration_s must be a number of seconds of at least 0 (got {seconds})"
        )))
    }
}
