//! Runs (the API's workflows): statuses and their transitions, task counters, usage and cost,
//! the list query, and what the Nextflow trace calls report.

use super::compute::Platform;
use super::credits::run_cost;
use super::error::{Error, Result};
use super::ids::{ComputeEnvId, PipelineId, WorkflowId, WorkspaceId};
use super::model::Page;
use super::names::check_max;
use super::settings::Label;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// With a text search, a run list counts matches only up to this many (the UI shows "1000+").
pub const RUN_SEARCH_TOTAL_CAP: u64 = 1000;
pub const SESSION_ID_MAX: usize = 36;
pub const PROJECT_NAME_MAX: usize = 200;
pub const ERROR_MESSAGE_MAX: usize = 4096;

/// `WorkflowStatus` of the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum WorkflowStatus {
    Submitted,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Unknown,
}

impl WorkflowStatus {
    pub const ALL: [WorkflowStatus; 6] = [
        WorkflowStatus::Submitted,
        WorkflowStatus::Running,
        WorkflowStatus::Succeeded,
        WorkflowStatus::Failed,
        WorkflowStatus::Cancelled,
        WorkflowStatus::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WorkflowStatus::Submitted => "SUBMITTED",
            WorkflowStatus::Running => "RUNNING",
            WorkflowStatus::Succeeded => "SUCCEEDED",
            WorkflowStatus::Failed => "FAILED",
            WorkflowStatus::Cancelled => "CANCELLED",
            WorkflowStatus::Unknown => "UNKNOWN",
        }
    }

    /// Finished for good: nothing changes it any more.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            WorkflowStatus::Succeeded | WorkflowStatus::Failed | WorkflowStatus::Cancelled
        )
    }

    /// The transitions a run may take: those of the events below.
    pub fn can_become(self, next: WorkflowStatus) -> bool {
        RunEvent::ALL
            .iter()
            .any(|e| e.target() == next && e.from().contains(&self))
    }
}

impl fmt::Display for WorkflowStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for WorkflowStatus {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        WorkflowStatus::ALL
            .into_iter()
            .find(|st| st.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                Error::invalid(format!(
                    "'{s}' is not a run status (SUBMITTED, RUNNING, SUCCEEDED, FAILED, CANCELLED, UNKNOWN)"
                ))
            })
    }
}

/// What can happen to a run, and from which statuses. `UNKNOWN` is a run that stopped
/// reporting: it may come back (progress) or finish.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunEvent {
    Begin,
    Progress,
    Succeed,
    Fail,
    Cancel,
}

impl RunEvent {
    pub const ALL: [RunEvent; 5] = [
        RunEvent::Begin,
        RunEvent::Progress,
        RunEvent::Succeed,
        RunEvent::Fail,
        RunEvent::Cancel,
    ];

    pub fn from(self) -> &'static [WorkflowStatus] {
        use WorkflowStatus::*;
        match self {
            RunEvent::Begin => &[Submitted],
            RunEvent::Progress | RunEvent::Succeed => &[Running, Unknown],
            RunEvent::Fail => &[Submitted, Running, Unknown],
            RunEvent::Cancel => &[Submitted, Running],
        }
    }

    pub fn target(self) -> WorkflowStatus {
        match self {
            RunEvent::Begin | RunEvent::Progress => WorkflowStatus::Running,
            RunEvent::Succeed => WorkflowStatus::Succeeded,
            RunEvent::Fail => WorkflowStatus::Failed,
            RunEvent::Cancel => WorkflowStatus::Cancelled,
        }
    }

    fn verb(self) -> &'static str {
        match self {
            RunEvent::Begin => "begin",
            RunEvent::Progress => "report progress",
            RunEvent::Succeed => "succeed",
            RunEvent::Fail => "fail",
            RunEvent::Cancel => "be cancelled",
        }
    }
}

/// The status a run takes on `event`, or a Conflict that names the run, its status and the
/// statuses the event needs.
pub fn check_event(
    run_name: &str,
    from: WorkflowStatus,
    event: RunEvent,
) -> Result<WorkflowStatus> {
    if event.from().contains(&from) {
        return Ok(event.target());
    }
    let allowed: Vec<&str> = event.from().iter().map(|s| s.as_str()).collect();
    Err(Error::conflict(format!(
        "run '{run_name}' is {from}: only {} runs can {}",
        allowed.join(" or "),
        event.verb()
    )))
}

/// What a run-label request does to each run's labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RunLabelChange {
    /// Adds the labels to those the run has (`/workflow/labels/add`).
    Add,
    /// The run's labels become exactly these (`/workflow/labels/apply`).
    Replace,
    /// Takes the labels off the run (`/workflow/labels/remove`).
    Remove,
}

/// Whether a run may be deleted. A finished run may; an active one (SUBMITTED or RUNNING, the
/// statuses a cancel takes) only with `force`, as on the Platform, whose `DELETE
/// /workflow/{id}` refuses an active run unless `force=true`.
pub fn check_delete(run_name: &str, status: WorkflowStatus, force: bool) -> Result<()> {
    if force || !RunEvent::Cancel.from().contains(&status) {
        return Ok(());
    }
    Err(Error::conflict(format!(
        "run '{run_name}' is {status}: cancel it first, or delete it with force=true"
    )))
}

/// Task counters (`WorkflowLoad` / `TraceProgressData`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskCounters {
    pub pending: u32,
    pub submitted: u32,
    pub running: u32,
    pub succeeded: u32,
    pub failed: u32,
    pub cached: u32,
}

impl TaskCounters {
    pub fn total(&self) -> u64 {
        [
            self.pending,
            self.submitted,
            self.running,
            self.succeeded,
            self.failed,
            self.cached,
        ]
        .iter()
        .map(|&n| u64::from(n))
        .sum()
    }

    /// Finished tasks (succeeded, failed, cached) over all, 0-100.
    pub fn percent_done(&self) -> u8 {
        let total = self.total();
        if total == 0 {
            return 0;
        }
        let done = u64::from(self.succeeded) + u64::from(self.failed) + u64::from(self.cached);
        (done * 100 / total) as u8
    }
}

/// CPU and memory used so far, and what it costs at the credit rates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunUsage {
    pub cpu_hours: f64,
    pub memory_gib_hours: f64,
    pub cost: f64,
}

impl RunUsage {
    pub fn new(cpu_hours: f64, memory_gib_hours: f64) -> Self {
        Self {
            cpu_hours,
            memory_gib_hours,
            cost: run_cost(cpu_hours, memory_gib_hours),
        }
    }
}

/// A run (`WorkflowDbDto` essentials).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Run {
    pub id: WorkflowId,
    pub workspace_id: WorkspaceId,
    pub run_name: String,
    pub project_name: String,
    pub repository: Option<String>,
    pub revision: Option<String>,
    pub work_dir: Option<String>,
    pub profiles: Vec<String>,
    pub params: String,
    pub session_id: Option<String>,
    pub status: WorkflowStatus,
    /// RFC 3339 times.
    pub submit: String,
    pub start: Option<String>,
    pub complete: Option<String>,
    /// Milliseconds from start (or submit) to completion.
    pub duration_ms: Option<i64>,
    pub user_name: String,
    pub compute_env_id: Option<ComputeEnvId>,
    pub compute_env_name: Option<String>,
    pub platform: Option<Platform>,
    pub pipeline_id: Option<PipelineId>,
    pub launch_id: Option<String>,
    pub exit_status: Option<i32>,
    pub error_message: Option<String>,
    pub progress: TaskCounters,
    pub usage: RunUsage,
    /// Filled by `get_run`; lists leave it empty to stay fast.
    pub labels: Vec<Label>,
}

/// A run list request: newest first, optionally one status, optionally a text search over run
/// name, project name and user name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunQuery {
    pub page: Page,
    pub status: Option<WorkflowStatus>,
}

/// Progress of a run (`GET /workflow/{id}/progress`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunProgress {
    pub status: WorkflowStatus,
    pub counters: TaskCounters,
    pub usage: RunUsage,
    pub percent_done: u8,
}

/// `trace/begin`: what Nextflow knows once the run starts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceBegin {
    pub work_dir: Option<String>,
    pub revision: Option<String>,
    pub profiles: Option<Vec<String>>,
}

/// `trace/progress`: counters and the usage so far (totals, not increments).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TraceProgress {
    pub counters: TaskCounters,
    pub cpu_hours: f64,
    pub memory_gib_hours: f64,
}

impl TraceProgress {
    pub fn check(&self) -> Result<()> {
        for (what, v) in [
            ("CPU-hours", self.cpu_hours),
            ("memory GiB-hours", self.memory_gib_hours),
        ] {
            if !v.is_finite() || v < 0.0 {
                return Err(Error::invalid(format!(
                    "{what} must be a number of at least 0 (got {v})"
                )));
            }
        }
        Ok(())
    }
}

/// `trace/complete`: how the run ended, with its last progress if known.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TraceComplete {
    pub success: bool,
    pub exit_status: Option<i32>,
    pub error_message: Option<String>,
    pub progress: Option<TraceProgress>,
}

/// Checks the fields of `trace/create`.
pub fn check_trace_create(session_id: &str, project_name: &str) -> Result<()> {
    if session_id.trim().is_empty() {
        return Err(Error::invalid("session id is required"));
    }
    check_max("session id", session_id, SESSION_ID_MAX)?;
    if project_name.trim().is_empty() {
        return Err(Error::invalid("project name is required"));
    }
    check_max("project name", project_name, PROJECT_NAME_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use WorkflowStatus::*;

    #[test]
    fn transitions() {
        assert!(Submitted.can_become(Running));
        assert!(Submitted.can_become(Cancelled));
        assert!(Submitted.can_become(Failed));
        assert!(Running.can_become(Succeeded));
        assert!(Running.can_become(Cancelled));
        assert!(Unknown.can_become(Succeeded));
        assert!(!Submitted.can_become(Succeeded));
        assert!(!Unknown.can_become(Cancelled));
        for done in [Succeeded, Failed, Cancelled] {
            assert!(done.is_final());
            for next in WorkflowStatus::ALL {
                assert!(!done.can_become(next), "{done} -> {next}");
            }
        }
        let err = check_event("happy_darwin", Succeeded, RunEvent::Cancel).unwrap_err();
        assert_eq!(err.kind, crate::domain::ErrorKind::Conflict);
        assert_eq!(
            err.message,
            "run 'happy_darwin' is SUCCEEDED: only SUBMITTED or RUNNING runs can be cancelled"
        );
        assert_eq!(
            check_event("x", Running, RunEvent::Progress).unwrap(),
            Running
        );
        let err = check_event("x", Running, RunEvent::Begin).unwrap_err();
        assert_eq!(
            err.message,
            "run 'x' is RUNNING: only SUBMITTED runs can begin"
        );
    }

    #[test]
    fn counters_and_cost() {
        let c = TaskCounters {
            pending: 1,
            running: 1,
            succeeded: 1,
            cached: 1,
            ..Default::default()
        };
        assert_eq!(c.total(), 4);
        assert_eq!(c.percent_done(), 50);
        assert_eq!(TaskCounters::default().percent_done(), 0);
        let u = RunUsage::new(10.0, 40.0);
        assert!((u.cost - 2.0).abs() < 1e-9);
    }

    #[test]
    fn trace_checks() {
        assert!(
            check_trace_create("0e6b4b0e-8e3e-4e4e-9c1e-1c4b7a0a0a0a", "nf-core/rnaseq").is_ok()
        );
        assert!(check_trace_create("", "x").is_err());
        assert!(check_trace_create(&"s".repeat(37), "x").is_err());
        let bad = TraceProgress {
            cpu_hours: f64::NAN,
            ..Default::default()
        };
        assert!(bad.check().is_err());
        assert_eq!("running".parse::<WorkflowStatus>().unwrap(), Running);
        assert_eq!(serde_json::to_string(&Cancelled).unwrap(), "\"CANCELLED\"");
    }
}
