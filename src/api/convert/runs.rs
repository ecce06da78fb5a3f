//! Runs: the domain's `Run` and the API's workflow records. CPU use travels as `cpuTime`
//! (CPU-milliseconds), memory use as `netMemoryConsumption` (GiB-hours), the compute
//! environment as `platform` (its platform id, and its name).

use super::labels::{label_dto, label_from_dto};
use super::need;
use crate::api::dto::workflow::{
    ComputePlatformDto, DescribeWorkflowResponse, ListWorkflowsElement, PipelineMinInfoResponse,
    ProcessLoad, ProgressData, WorkflowDbDto, WorkflowLoad, WorkflowMaxDbDto,
    WorkflowStatus as WireStatus,
};
use crate::domain::{
    Error, Label, ProcessProgress, Result, Run, RunProgress, RunUsage, TaskCounters, TaskLoad,
    WorkflowStatus,
};
use serde_json::{Map, Value};

const MS_PER_HOUR: f64 = 3_600_000.0;

pub fn status_dto(s: WorkflowStatus) -> WireStatus {
    WireStatus::from(s.as_str())
}

pub fn status(s: &WireStatus) -> Result<WorkflowStatus> {
    s.as_str()
        .parse()
        .map_err(|_| Error::server(format!("the server sent an unknown run status '{s}'")))
}

/// Parameters as the API's map: JSON or YAML mapping text, read; anything else left out.
pub fn params_map(text: &str) -> Option<Map<String, Value>> {
    if text.trim().is_empty() {
        return None;
    }
    if let Ok(Value::Object(map)) = serde_json::from_str(text) {
        return Some(map);
    }
    let docs = yaml_rust2::YamlLoader::load_from_str(text).ok()?;
    match docs.first().map(yaml_to_json) {
        Some(Value::Object(map)) => Some(map),
        _ => None,
    }
}

/// A YAML document as JSON (run parameters; the spec file in the contract tests).
pub fn yaml_to_json(y: &yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml;
    match y {
        Yaml::Real(r) => r
            .parse::<f64>()
            .map_or(Value::String(r.clone()), Value::from),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(a) => Value::Array(a.iter().map(yaml_to_json).collect()),
        Yaml::Hash(h) => Value::Object(
            h.iter()
                .map(|(k, v)| {
                    let key = match k {
                        Yaml::String(s) => s.clone(),
                        other => yaml_to_json(other).to_string(),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
        _ => Value::Null,
    }
}

/// The parameters map as text (pretty JSON), or empty.
fn params_text(map: Option<Map<String, Value>>) -> String {
    match map {
        Some(m) if !m.is_empty() => {
            serde_json::to_string_pretty(&Value::Object(m)).unwrap_or_default()
        }
        _ => String::new(),
    }
}

/// A run's `WorkflowLoad`: its counters and usage, and `task_load` summed from its stored tasks
/// (all 0 where nfdeck keeps no tasks for the run, as for the list's runs and imported ones).
/// Always 0, since nfdeck has no data for them: `cpuLoad` (Nextflow's CPU-load integral is not
/// in the trace records it sends), and the `peak*` values (they need the history of running
/// tasks over time, which nfdeck does not keep; a trace record carries the current state only).
fn load(run: &Run, task_load: TaskLoad, aborted: u32) -> WorkflowLoad {
    let c = &run.progress;
    let t = task_load;
    WorkflowLoad {
        pending: Some(i64::from(c.pending)),
        submitted: Some(i64::from(c.submitted)),
        running: Some(i64::from(c.running)),
        succeeded: Some(i64::from(c.succeeded)),
        failed: Some(i64::from(c.failed)),
        cached: Some(i64::from(c.cached)),
        aborted: Some(i64::from(aborted)),
        ignored: Some(t.ignored),
        retries: Some(t.retries),
        cpus: Some(t.cpus),
        cpu_time: Some((run.usage.cpu_hours * MS_PER_HOUR).round() as i64),
        cpu_load: Some(0),
        memory_rss: Some(t.memory_rss),
        memory_req: Some(t.memory_req),
        read_bytes: Some(t.read_bytes),
        write_bytes: Some(t.write_bytes),
        vol_ctx_switch: Some(t.vol_ctx_switch),
        inv_ctx_switch: Some(t.inv_ctx_switch),
        load_tasks: Some(t.load_tasks),
        load_cpus: Some(t.load_cpus),
        load_memory: Some(t.load_memory),
        peak_tasks: Some(0),
        peak_cpus: Some(0),
        peak_memory: Some(0),
        net_memory_consumption: Some(run.usage.memory_gib_hours),
        cost: Some(run.usage.cost),
        ..Default::default()
    }
}

/// A run's progress without its tasks (lists, and answers to changes).
pub fn progress_dto(run: &Run) -> ProgressData {
    ProgressData {
        workflow_progress: Some(load(run, TaskLoad::default(), 0)),
        processes_progress: Some(vec![]),
        total_processes: None,
    }
}

/// One process's `ProcessLoad`; `cpuTime`, `cpuLoad` and the peaks are 0 for the reasons
/// `load` gives (nfdeck keeps a run's CPU time, not a process's).
fn process_load(p: ProcessProgress) -> ProcessLoad {
    let n = |v: u32| Some(i64::from(v));
    let t = p.load;
    ProcessLoad {
        process: Some(p.process),
        pending: n(p.counters.pending),
        submitted: n(p.counters.submitted),
        running: n(p.counters.running),
        succeeded: n(p.counters.succeeded),
        failed: n(p.counters.failed),
        cached: n(p.counters.cached),
        aborted: n(p.aborted),
        ignored: Some(t.ignored),
        retries: Some(t.retries),
        cpus: Some(t.cpus),
        cpu_time: Some(0),
        cpu_load: Some(0),
        memory_rss: Some(t.memory_rss),
        memory_req: Some(t.memory_req),
        read_bytes: Some(t.read_bytes),
        write_bytes: Some(t.write_bytes),
        vol_ctx_switch: Some(t.vol_ctx_switch),
        inv_ctx_switch: Some(t.inv_ctx_switch),
        load_tasks: Some(t.load_tasks),
        load_cpus: Some(t.load_cpus),
        load_memory: Some(t.load_memory),
        peak_tasks: Some(0),
        peak_cpus: Some(0),
        peak_memory: Some(0),
        ..Default::default()
    }
}

/// One process's counters and load as a server reports them (missing or negative numbers
/// count as 0).
pub fn process_from_load(p: ProcessLoad) -> ProcessProgress {
    let n = |v: Option<i64>| v.unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32;
    let i = |v: Option<i64>| v.unwrap_or(0).max(0);
    ProcessProgress {
        process: p.process.unwrap_or_default(),
        counters: crate::domain::TaskCounters {
            pending: n(p.pending),
            submitted: n(p.submitted),
            running: n(p.running),
            succeeded: n(p.succeeded),
            failed: n(p.failed),
            cached: n(p.cached),
        },
        aborted: n(p.aborted),
        load: TaskLoad {
            cpus: i(p.cpus),
            memory_req: i(p.memory_req),
            memory_rss: i(p.memory_rss),
            read_bytes: i(p.read_bytes),
            write_bytes: i(p.write_bytes),
            vol_ctx_switch: i(p.vol_ctx_switch),
            inv_ctx_switch: i(p.inv_ctx_switch),
            ignored: i(p.ignored),
            retries: i(p.retries),
            load_tasks: i(p.load_tasks),
            load_cpus: i(p.load_cpus),
            load_memory: i(p.load_memory),
        },
    }
}

/// A run's progress with its per-process counters (from the tasks Nextflow reported); the
/// run's task sums are the processes' added up.
pub fn progress_with_processes(run: &Run, processes: Vec<ProcessProgress>) -> ProgressData {
    let total = processes
        .iter()
        .fold(TaskLoad::default(), |sum, p| sum.plus(p.load));
    let aborted = processes.iter().map(|p| p.aborted).sum();
    ProgressData {
        total_processes: Some(processes.len() as i32),
        workflow_progress: Some(load(run, total, aborted)),
        processes_progress: Some(processes.into_iter().map(process_load).collect()),
    }
}

/// The wire form of a run's own fields, taking its strings rather than copying them (a page of
/// runs is fifty of these).
fn workflow_dto(run: Run) -> WorkflowDbDto {
    WorkflowDbDto {
        params: params_map(&run.params),
        success: run
            .status
            .is_final()
            .then_some(run.status == WorkflowStatus::Succeeded),
        id: Some(run.id),
        run_name: Some(run.run_name),
        session_id: run.session_id,
        status: Some(status_dto(run.status)),
        submit: Some(run.submit),
        start: run.start,
        complete: run.complete,
        duration: run.duration_ms,
        project_name: Some(run.project_name),
        repository: run.repository,
        revision: run.revision,
        work_dir: run.work_dir,
        launch_id: run.launch_id,
        user_name: Some(run.user_name),
        exit_status: run.exit_status,
        error_message: run.error_message,
        ..Default::default()
    }
}

pub fn list_element(run: Run) -> ListWorkflowsElement {
    ListWorkflowsElement {
        progress: Some(progress_dto(&run)),
        labels: Some(run.labels.iter().map(label_dto).collect()),
        workspace_id: Some(run.workspace_id),
        pipeline_info: run.pipeline_id.map(|id| PipelineMinInfoResponse {
            id: Some(id),
            workspace_id: None,
        }),
        workflow: Some(workflow_dto(run)),
        ..Default::default()
    }
}

pub fn describe_dto(run: Run) -> DescribeWorkflowResponse {
    DescribeWorkflowResponse {
        progress: Some(progress_dto(&run)),
        platform: run.platform.map(|p| ComputePlatformDto {
            id: Some(p.to_string()),
            name: run.compute_env_name.clone(),
        }),
        labels: Some(run.labels.iter().map(label_dto).collect()),
        messages: Some(vec![]),
        workspace_id: Some(run.workspace_id),
        pipeline_info: run.pipeline_id.map(|id| PipelineMinInfoResponse {
            id: Some(id),
            workspace_id: None,
        }),
        cost: Some(run.usage.cost),
        cost_currency: Some("credits".into()),
        cost_is_estimate: Some(true),
        workflow: Some(WorkflowMaxDbDto {
            config_profiles: Some(run.profiles.clone()),
            workflow: workflow_dto(run),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn counters(l: &WorkflowLoad) -> TaskCounters {
    let n = |v: Option<i64>| v.unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32;
    TaskCounters {
        pending: n(l.pending),
        submitted: n(l.submitted),
        running: n(l.running),
        succeeded: n(l.succeeded),
        failed: n(l.failed),
        cached: n(l.cached),
    }
}

fn usage(l: &WorkflowLoad, cost: Option<f64>) -> RunUsage {
    RunUsage {
        cpu_hours: l.cpu_time.unwrap_or(0) as f64 / MS_PER_HOUR,
        memory_gib_hours: l.net_memory_consumption.unwrap_or(0.0),
        cost: cost.or(l.cost).unwrap_or(0.0),
    }
}

fn labels(l: Option<Vec<crate::api::dto::labels::LabelDbDto>>) -> Result<Vec<Label>> {
    l.unwrap_or_default()
        .into_iter()
        .map(label_from_dto)
        .collect()
}

struct Parts {
    workflow: WorkflowDbDto,
    progress: Option<ProgressData>,
    labels: Vec<Label>,
    workspace_id: i64,
    pipeline_id: Option<i64>,
    profiles: Vec<String>,
    platform: Option<ComputePlatformDto>,
    cost: Option<f64>,
}

fn run_of(p: Parts) -> Result<Run> {
    let w = p.workflow;
    let load = p
        .progress
        .and_then(|p| p.workflow_progress)
        .unwrap_or_default();
    let platform = p.platform.unwrap_or_default();
    Ok(Run {
        id: need(w.id, "workflow id")?,
        workspace_id: p.workspace_id,
        run_name: w.run_name.unwrap_or_default(),
        project_name: w.project_name.unwrap_or_default(),
        repository: w.repository.filter(|s| !s.is_empty()),
        revision: w.revision.filter(|s| !s.is_empty()),
        work_dir: w.work_dir.filter(|s| !s.is_empty()),
        profiles: p.profiles,
        params: params_text(w.params),
        session_id: w.session_id,
        status: status(&need(w.status, "workflow status")?)?,
        submit: w.submit.unwrap_or_default(),
        start: w.start,
        complete: w.complete,
        duration_ms: w.duration,
        user_name: w.user_name.unwrap_or_default(),
        compute_env_id: None,
        compute_env_name: platform.name,
        platform: platform.id.and_then(|p| p.parse().ok()),
        pipeline_id: p.pipeline_id,
        launch_id: w.launch_id,
        exit_status: w.exit_status,
        error_message: w.error_message,
        progress: counters(&load),
        usage: usage(&load, p.cost),
        labels: p.labels,
    })
}

/// A run from `GET /workflow/{id}`; the API does not name the compute environment's id.
pub fn run_from_describe(d: DescribeWorkflowResponse, workspace: i64) -> Result<Run> {
    let max = need(d.workflow, "workflow")?;
    run_of(Parts {
        workflow: max.workflow,
        progress: d.progress,
        labels: labels(d.labels)?,
        workspace_id: d.workspace_id.unwrap_or(workspace),
        pipeline_id: d.pipeline_info.and_then(|p| p.id),
        profiles: max.config_profiles.unwrap_or_default(),
        platform: d.platform,
        cost: d.cost,
    })
}

/// A run from a list entry, which has no profiles nor platform.
pub fn run_from_element(e: ListWorkflowsElement, workspace: i64) -> Result<Run> {
    run_of(Parts {
        workflow: need(e.workflow, "workflow")?,
        progress: e.progress,
        labels: labels(e.labels)?,
        workspace_id: e.workspace_id.unwrap_or(workspace),
        pipeline_id: e.pipeline_info.and_then(|p| p.id),
        profiles: Vec::new(),
        platform: None,
        cost: None,
    })
}

pub fn run_progress(run: &Run) -> RunProgress {
    RunProgress {
        status: run.status,
        counters: run.progress,
        usage: run.usage,
        percent_done: run.progress.percent_done(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_json_params_read_as_maps() {
        let m = params_map("outdir: results\nmax_cpus: 4\n").unwrap();
        assert_eq!(m["outdir"], "results");
        assert_eq!(m["max_cpus"], 4);
        assert_eq!(
            params_map("{\"a\": [1, 2]}").unwrap()["a"],
            serde_json::json!([1, 2])
        );
        assert!(params_map("").is_none());
        assert!(params_map("- a list").is_none());
    }
}
