//! A run's tasks as Nextflow reports them (`trace/progress`): a task's later report replaces
//! the earlier one, finished tasks add their CPU and memory use to the run, and per-process
//! resource summaries (`GET /workflow/{id}/metrics`) are drawn from them.

use super::credits::run_cost;
use super::error::{Error, Result};
use super::model::Page;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;
use std::str::FromStr;

const MS_PER_HOUR: f64 = 3_600_000.0;
const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
/// The longest scheduler run id `PATCH /workflow/{id}` keeps.
pub const SCHED_RUN_ID_MAX: usize = 255;

/// `TaskStatus` of the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TaskState {
    New,
    Submitted,
    Running,
    Cached,
    Completed,
    Failed,
    Aborted,
}

impl TaskState {
    pub const ALL: [TaskState; 7] = [
        TaskState::New,
        TaskState::Submitted,
        TaskState::Running,
        TaskState::Cached,
        TaskState::Completed,
        TaskState::Failed,
        TaskState::Aborted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskState::New => "NEW",
            TaskState::Submitted => "SUBMITTED",
            TaskState::Running => "RUNNING",
            TaskState::Cached => "CACHED",
            TaskState::Completed => "COMPLETED",
            TaskState::Failed => "FAILED",
            TaskState::Aborted => "ABORTED",
        }
    }

    /// Ran to the end on this run's compute (a cached task ran in an earlier one).
    pub fn used_compute(self) -> bool {
        matches!(self, TaskState::Completed | TaskState::Failed)
    }
}

impl fmt::Display for TaskState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TaskState {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        TaskState::ALL
            .into_iter()
            .find(|st| st.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                Error::invalid(format!(
                    "'{s}' is not a task status (NEW, SUBMITTED, RUNNING, CACHED, COMPLETED, FAILED, ABORTED)"
                ))
            })
    }
}

/// One task of a run, with what Nextflow's trace record says about it. Times are as sent
/// (ISO 8601 strings), durations in milliseconds, memory in bytes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Task {
    pub task_id: i64,
    pub status: Option<TaskState>,
    pub hash: Option<String>,
    pub name: Option<String>,
    pub process: Option<String>,
    pub tag: Option<String>,
    pub submit: Option<String>,
    pub start: Option<String>,
    pub complete: Option<String>,
    pub module: Option<Vec<String>>,
    pub container: Option<String>,
    pub attempt: Option<i32>,
    pub script: Option<String>,
    pub scratch: Option<String>,
    pub workdir: Option<String>,
    pub queue: Option<String>,
    pub cpus: Option<i32>,
    pub memory: Option<i64>,
    pub disk: Option<i64>,
    pub time: Option<i64>,
    pub env: Option<String>,
    pub executor: Option<String>,
    pub machine_type: Option<String>,
    pub cloud_zone: Option<String>,
    pub price_model: Option<String>,
    pub error_action: Option<String>,
    pub error_message: Option<String>,
    pub exit: Option<i32>,
    pub exit_status: Option<i32>,
    pub duration: Option<i64>,
    pub realtime: Option<i64>,
    pub native_id: Option<String>,
    pub pcpu: Option<f64>,
    pub pmem: Option<f64>,
    pub rss: Option<i64>,
    pub vmem: Option<i64>,
    pub peak_rss: Option<i64>,
    pub peak_vmem: Option<i64>,
    pub rchar: Option<i64>,
    pub wchar: Option<i64>,
    pub syscr: Option<i64>,
    pub syscw: Option<i64>,
    pub read_bytes: Option<i64>,
    pub write_bytes: Option<i64>,
    pub vol_ctxt: Option<i64>,
    pub inv_ctxt: Option<i64>,
    pub num_spot_interruptions: Option<i32>,
    pub log_stream_id: Option<String>,
    pub gpu_metrics: Option<Map<String, Value>>,
    pub resource_allocation: Option<Map<String, Value>>,
    /// When nfdeck last stored a report of this task (RFC 3339).
    pub last_updated: Option<String>,
}

impl Task {
    /// The task's status; a report without one is a task just created.
    pub fn state(&self) -> TaskState {
        self.status.unwrap_or(TaskState::New)
    }

    /// Hours it ran: its run time, or else the time from submission to completion.
    fn hours(&self) -> f64 {
        self.realtime.or(self.duration).unwrap_or(0).max(0) as f64 / MS_PER_HOUR
    }

    /// CPU-hours and memory GiB-hours: only a task that ran here to the end counts (memory is
    /// its peak, or else what it asked for).
    pub fn usage(&self) -> (f64, f64) {
        if !self.state().used_compute() {
            return (0.0, 0.0);
        }
        let hours = self.hours();
        let cpus = f64::from(self.cpus.unwrap_or(1).max(1));
        let bytes = self.peak_rss.or(self.memory).unwrap_or(0).max(0) as f64;
        (hours * cpus, hours * bytes / GIB)
    }

    /// What the task's compute costs at the credit rates.
    pub fn cost(&self) -> f64 {
        let (cpu, mem) = self.usage();
        run_cost(cpu, mem)
    }

    /// The process without its enclosing workflows (`RNASEQ:QUANT` is `QUANT`), as Nextflow
    /// groups its resource summaries.
    pub fn simple_process(&self) -> &str {
        let p = self.process.as_deref().unwrap_or_default();
        p.rsplit(':').next().unwrap_or(p)
    }
}

/// Checks a task report: it needs a task id (Nextflow's are 1 and up).
pub fn check_task(task_id: Option<i64>) -> Result<i64> {
    match task_id {
        Some(id) if id >= 0 => Ok(id),
        Some(id) => Err(Error::invalid(format!(
            "taskId must be 0 or more (got {id})"
        ))),
        None => Err(Error::invalid("taskId is required")),
    }
}

/// One process's task counters, from the tasks stored for a run (`ProcessLoad`): NEW tasks
/// are pending, COMPLETED ones succeeded; a retried task's failed attempt counts as failed,
/// as Nextflow counts it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessProgress {
    pub process: String,
    pub counters: super::runs::TaskCounters,
    pub aborted: u32,
    pub load: TaskLoad,
}

/// What a set of tasks asked for and used, summed from their trace records (`ProcessLoad` and
/// `WorkflowLoad`): a task that did not report a value adds nothing. Memory and I/O in bytes.
/// "Load" is what the running tasks hold now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskLoad {
    pub cpus: i64,
    pub memory_req: i64,
    pub memory_rss: i64,
    pub read_bytes: i64,
    pub write_bytes: i64,
    pub vol_ctx_switch: i64,
    pub inv_ctx_switch: i64,
    /// Tasks whose failure was ignored (`errorAction` IGNORE), and retried (RETRY).
    pub ignored: i64,
    pub retries: i64,
    pub load_tasks: i64,
    pub load_cpus: i64,
    pub load_memory: i64,
}

impl TaskLoad {
    /// Both sums added.
    pub fn plus(self, o: TaskLoad) -> TaskLoad {
        TaskLoad {
            cpus: self.cpus + o.cpus,
            memory_req: self.memory_req + o.memory_req,
            memory_rss: self.memory_rss + o.memory_rss,
            read_bytes: self.read_bytes + o.read_bytes,
            write_bytes: self.write_bytes + o.write_bytes,
            vol_ctx_switch: self.vol_ctx_switch + o.vol_ctx_switch,
            inv_ctx_switch: self.inv_ctx_switch + o.inv_ctx_switch,
            ignored: self.ignored + o.ignored,
            retries: self.retries + o.retries,
            load_tasks: self.load_tasks + o.load_tasks,
            load_cpus: self.load_cpus + o.load_cpus,
            load_memory: self.load_memory + o.load_memory,
        }
    }
}

impl ProcessProgress {
    /// Adds `n` tasks in `state`.
    pub fn add(&mut self, state: TaskState, n: u32) {
        let c = &mut self.counters;
        let slot = match state {
            TaskState::New => &mut c.pending,
            TaskState::Submitted => &mut c.submitted,
            TaskState::Running => &mut c.running,
            TaskState::Cached => &mut c.cached,
            TaskState::Completed => &mut c.succeeded,
            TaskState::Failed => &mut c.failed,
            TaskState::Aborted => &mut self.aborted,
        };
        *slot += n;
    }
}

/// A page of a run's tasks, in task id order; `search` matches name, process or tag.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskQuery {
    pub page: Page,
    pub descending: bool,
}

/// A distribution summary (`ResourceData`): quantiles rounded to two decimals, with the
/// names of the tasks they come from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ResourceSummary {
    pub mean: f64,
    pub min: f64,
    pub q1: f64,
    pub q2: f64,
    pub q3: f64,
    pub max: f64,
    pub min_label: Option<String>,
    pub q1_label: Option<String>,
    pub q2_label: Option<String>,
    pub q3_label: Option<String>,
    pub max_label: Option<String>,
}

/// One process's resource summaries (`WorkflowMetrics`); a series no task reported is None.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProcessMetrics {
    pub process: String,
    pub cpu: Option<ResourceSummary>,
    pub mem: Option<ResourceSummary>,
    pub vmem: Option<ResourceSummary>,
    pub time: Option<ResourceSummary>,
    pub reads: Option<ResourceSummary>,
    pub writes: Option<ResourceSummary>,
    pub cpu_usage: Option<ResourceSummary>,
    pub mem_usage: Option<ResourceSummary>,
    pub time_usage: Option<ResourceSummary>,
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The value at quantile `q` (0-100) of sorted values, interpolated between neighbours, and
/// the index of the task it is labelled with.
fn quantile(sorted: &[(f64, usize)], q: usize) -> (f64, usize) {
    let n = sorted.len();
    let j = (n - 1) as f64 * q as f64 / 100.0;
    let (i, k) = (j.floor() as usize, j.ceil() as usize);
    let (xi, xk) = (sorted[i].0, sorted[k].0);
    (xi + (j - i as f64) * (xk - xi), sorted[i].1)
}

/// The summary of one series over tasks, or None when no task has a value or all are 0.
fn summarize(tasks: &[&Task], metric: impl Fn(&Task) -> Option<f64>) -> Option<ResourceSummary> {
    let mut values: Vec<(f64, usize)> = tasks
        .iter()
        .enumerate()
        .filter_map(|(i, t)| metric(t).filter(|v| v.is_finite()).map(|v| (v, i)))
        .collect();
    if values.is_empty() {
        return None;
    }
    values.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mean = values.iter().map(|v| v.0).sum::<f64>() / values.len() as f64;
    let label = |i: usize| tasks[i].name.clone();
    let at = |q| {
        let (v, i) = quantile(&values, q);
        (round2(v), label(i))
    };
    let ((min, min_label), (q1, q1_label), (q2, q2_label), (q3, q3_label), (max, max_label)) =
        (at(0), at(25), at(50), at(75), at(100));
    if min == 0.0 && max == 0.0 {
        return None;
    }
    Some(ResourceSummary {
        mean: round2(mean),
        min,
        q1,
        q2,
        q3,
        max,
        min_label,
        q1_label,
        q2_label,
        q3_label,
        max_label,
    })
}

fn ratio(used: Option<f64>, requested: Option<f64>) -> Option<f64> {
    match (used, requested) {
        (Some(u), Some(r)) if u != 0.0 && r != 0.0 => Some(u / r * 100.0),
        _ => None,
    }
}

/// Per-process summaries of the finished tasks (completed, failed or cached), by the
/// process's simple name, in the order processes first finished a task.
pub fn process_metrics(tasks: &[Task]) -> Vec<ProcessMetrics> {
    let mut groups: Vec<(String, Vec<&Task>)> = Vec::new();
    let finished = tasks.iter().filter(|t| {
        matches!(
            t.state(),
            TaskState::Completed | TaskState::Failed | TaskState::Cached
        )
    });
    for t in finished {
        let name = t.simple_process();
        match groups.iter_mut().find(|(p, _)| p == name) {
            Some((_, list)) => list.push(t),
            None => groups.push((name.to_string(), vec![t])),
        }
    }
    let f = |v: Option<i64>| v.map(|x| x as f64);
    groups
        .into_iter()
        .map(|(process, list)| ProcessMetrics {
            cpu: summarize(&list, |t| t.pcpu),
            mem: summarize(&list, |t| f(t.peak_rss)),
            vmem: summarize(&list, |t| f(t.peak_vmem)),
            time: summarize(&list, |t| f(t.realtime)),
            reads: summarize(&list, |t| f(t.rchar)),
            writes: summarize(&list, |t| f(t.wchar)),
            cpu_usage: summarize(&list, |t| {
                t.pcpu
                    .filter(|p| *p != 0.0)
                    .map(|p| p / f64::from(t.cpus.unwrap_or(1).max(1)))
            }),
            mem_usage: summarize(&list, |t| ratio(f(t.peak_rss), f(t.memory))),
            time_usage: summarize(&list, |t| ratio(f(t.realtime), f(t.time))),
            process,
        })
        .collect()
}

/// Checks the scheduler run id of `PATCH /workflow/{id}`.
pub fn check_sched_run_id(id: &str) -> Result<()> {
    if id.trim().is_empty() {
        return Err(Error::invalid(
            "schedRunId must not be empty (send null to clear it)",
        ));
    }
    super::names::check_max("schedRunId", id, SCHED_RUN_ID_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(id: i64, state: TaskState, realtime: i64, cpus: i32) -> Task {
        Task {
            task_id: id,
            status: Some(state),
            name: Some(format!("P:FOO ({id})")),
            process: Some("P:FOO".into()),
            realtime: Some(realtime),
            cpus: Some(cpus),
            peak_rss: Some(1 << 30),
            ..Default::default()
        }
    }

    #[test]
    fn only_tasks_that_ran_here_use_compute() {
        let done = task(1, TaskState::Completed, 1_800_000, 2);
        assert_eq!(done.usage(), (1.0, 0.5));
        assert!(done.cost() > 0.0);
        assert_eq!(task(2, TaskState::Cached, 1_800_000, 2).usage(), (0.0, 0.0));
        assert_eq!(
            task(3, TaskState::Running, 1_800_000, 2).usage(),
            (0.0, 0.0)
        );
        assert_eq!(task(4, TaskState::Failed, 3_600_000, 1).usage(), (1.0, 1.0));
        assert_eq!(done.simple_process(), "FOO");
    }

    #[test]
    fn quantiles_interpolate_and_label() {
        let tasks: Vec<Task> = (1..=5)
            .map(|i| task(i, TaskState::Completed, i * 1000, 1))
            .collect();
        let m = process_metrics(&tasks);
        assert_eq!(m.len(), 1);
        let time = m[0].time.as_ref().unwrap();
        assert_eq!(
            (time.min, time.q1, time.q2, time.q3, time.max, time.mean),
            (1000.0, 2000.0, 3000.0, 4000.0, 5000.0, 3000.0)
        );
        assert_eq!(time.max_label.as_deref(), Some("P:FOO (5)"));
        assert!(m[0].cpu.is_none(), "no task reported %cpu");
        let two = &tasks[..2];
        let t = process_metrics(two)[0].time.clone().unwrap();
        assert_eq!(t.q1, 1250.0);
    }

    #[test]
    fn task_checks() {
        assert_eq!(check_task(Some(3)).unwrap(), 3);
        assert!(check_task(None).unwrap_err().message.contains("taskId"));
        assert!(check_task(Some(-1)).is_err());
        assert!(check_sched_run_id("sched-1").is_ok());
        assert!(check_sched_run_id(" ").is_err());
        assert!(check_sched_run_id(&"x".repeat(256)).is_err());
        assert_eq!("failed".parse::<TaskState>().unwrap(), TaskState::Failed);
        assert!("PENDING".parse::<TaskState>().is_err());
    }
}
