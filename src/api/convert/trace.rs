//! The Nextflow trace requests as the engine's trace calls, and a run's stored tasks and
//! metrics as the API's. Nextflow reports task counters as totals and each task as it changes;
//! the engine keeps the tasks and sums their usage. nfdeck's own client sends its usage as
//! totals instead (`nfdeckUsage`).

use crate::api::dto::trace::{
    NfdeckTraceUsage, ResourceData, Task, TaskStatus, TraceCompleteRequest, TraceProgressData,
    TraceProgressRequest, Workflow, WorkflowMetrics,
};
use crate::domain::tasks::check_task;
use crate::domain::{
    ProcessMetrics, ResourceSummary, RunUsage, Task as DomainTask, TaskCounters, TaskState,
    TraceBegin, TraceComplete, TraceProgress, WorkflowStatus,
};

pub fn counters(p: &TraceProgressData) -> TaskCounters {
    let n = |v: Option<i32>| v.unwrap_or(0).max(0) as u32;
    TaskCounters {
        pending: n(p.pending),
        submitted: n(p.submitted),
        running: n(p.running),
        succeeded: n(p.succeeded),
        failed: n(p.failed),
        cached: n(p.cached),
    }
}

pub fn progress_data(c: &TaskCounters) -> TraceProgressData {
    let n = |v: u32| Some(v.min(i32::MAX as u32) as i32);
    TraceProgressData {
        pending: n(c.pending),
        submitted: n(c.submitted),
        running: n(c.running),
        succeeded: n(c.succeeded),
        failed: n(c.failed),
        cached: n(c.cached),
        ..Default::default()
    }
}

/// The usage a report brings the run to when it carries no tasks: nfdeck's totals, or else
/// the run's usage so far (with tasks, the engine sums the stored tasks instead).
fn total_usage(before: &RunUsage, sent: Option<&NfdeckTraceUsage>) -> (f64, f64) {
    let ok = |v: Option<f64>, old: f64| v.filter(|v| v.is_finite() && *v >= 0.0).unwrap_or(old);
    match sent {
        Some(u) => (
            ok(u.cpu_hours, before.cpu_hours),
            ok(u.memory_gib_hours, before.memory_gib_hours),
        ),
        None => (before.cpu_hours, before.memory_gib_hours),
    }
}

fn task_state(s: &TaskStatus) -> Option<TaskState> {
    s.as_str().parse().ok()
}

/// A reported task as the engine keeps it; None (and a warning in the log) for a task without
/// a task id or with a status the spec does not know, which is skipped rather than refused:
/// refusing the report would stop the user's pipeline.
pub fn task(t: Task) -> Option<DomainTask> {
    let task_id = match check_task(t.task_id) {
        Ok(id) => id,
        Err(e) => {
            tracing::warn!(error = e.message, "a reported task was skipped");
            return None;
        }
    };
    let status = match &t.status {
        None => None,
        Some(s) => match task_state(s) {
            Some(state) => Some(state),
            None => {
                tracing::warn!(task_id, status = %s, "a task with an unknown status was skipped");
                return None;
            }
        },
    };
    Some(DomainTask {
        task_id,
        status,
        hash: t.hash,
        name: t.name,
        process: t.process,
        tag: t.tag,
        submit: t.submit,
        start: t.start,
        complete: t.complete,
        module: t.module,
        container: t.container,
        attempt: t.attempt,
        script: t.script,
        scratch: t.scratch,
        workdir: t.workdir,
        queue: t.queue,
        cpus: t.cpus,
        memory: t.memory,
        disk: t.disk,
        time: t.time,
        env: t.env,
        executor: t.executor,
        machine_type: t.machine_type,
        cloud_zone: t.cloud_zone,
        price_model: t.price_model,
        error_action: t.error_action,
        error_message: t.error_message,
        exit: t.exit,
        exit_status: t.exit_status,
        duration: t.duration,
        realtime: t.realtime,
        native_id: t.native_id,
        pcpu: t.pcpu,
        pmem: t.pmem,
        rss: t.rss,
        vmem: t.vmem,
        peak_rss: t.peak_rss,
        peak_vmem: t.peak_vmem,
        rchar: t.rchar,
        wchar: t.wchar,
        syscr: t.syscr,
        syscw: t.syscw,
        read_bytes: t.read_bytes,
        write_bytes: t.write_bytes,
        vol_ctxt: t.vol_ctxt,
        inv_ctxt: t.inv_ctxt,
        num_spot_interruptions: t.num_spot_interruptions,
        log_stream_id: t.log_stream_id,
        gpu_metrics: t.gpu_metrics,
        resource_allocation: t.resource_allocation,
        last_updated: None,
    })
}

/// The tasks of a progress report that can be kept (see `task`).
pub fn tasks(r: &TraceProgressRequest) -> Vec<DomainTask> {
    r.tasks
        .clone()
        .unwrap_or_default()
        .into_iter()
        .filter_map(task)
        .collect()
}

/// A stored task as the API's `Task`, with its cost at the credit rates.
pub fn task_dto(t: DomainTask) -> Task {
    let cost = t.cost();
    Task {
        task_id: Some(t.task_id),
        status: Some(TaskStatus::from(t.state().as_str())),
        hash: t.hash,
        name: t.name,
        process: t.process,
        tag: t.tag,
        submit: t.submit,
        start: t.start,
        complete: t.complete,
        module: t.module,
        container: t.container,
        attempt: t.attempt,
        script: t.script,
        scratch: t.scratch,
        workdir: t.workdir,
        queue: t.queue,
        cpus: t.cpus,
        memory: t.memory,
        disk: t.disk,
        time: t.time,
        env: t.env,
        executor: t.executor,
        machine_type: t.machine_type,
        cloud_zone: t.cloud_zone,
        price_model: t.price_model,
        cost: Some(cost),
        error_action: t.error_action,
        error_message: t.error_message,
        exit: t.exit,
        exit_status: t.exit_status,
        duration: t.duration,
        realtime: t.realtime,
        native_id: t.native_id,
        pcpu: t.pcpu,
        pmem: t.pmem,
        rss: t.rss,
        vmem: t.vmem,
        peak_rss: t.peak_rss,
        peak_vmem: t.peak_vmem,
        rchar: t.rchar,
        wchar: t.wchar,
        syscr: t.syscr,
        syscw: t.syscw,
        read_bytes: t.read_bytes,
        write_bytes: t.write_bytes,
        vol_ctxt: t.vol_ctxt,
        inv_ctxt: t.inv_ctxt,
        num_spot_interruptions: t.num_spot_interruptions,
        log_stream_id: t.log_stream_id,
        gpu_metrics: t.gpu_metrics,
        resource_allocation: t.resource_allocation,
        id: None,
        date_created: None,
        last_updated: t.last_updated,
    }
}

fn resource_dto(r: ResourceSummary) -> ResourceData {
    ResourceData {
        min: Some(r.min),
        q1: Some(r.q1),
        q2: Some(r.q2),
        q3: Some(r.q3),
        max: Some(r.max),
        mean: Some(r.mean),
        min_label: r.min_label,
        max_label: r.max_label,
        q1_label: r.q1_label,
        q2_label: r.q2_label,
        q3_label: r.q3_label,
        warnings: None,
    }
}

pub fn metrics_dto(m: ProcessMetrics) -> WorkflowMetrics {
    WorkflowMetrics {
        id: None,
        process: Some(m.process),
        cpu: m.cpu.map(resource_dto),
        mem: m.mem.map(resource_dto),
        vmem: m.vmem.map(resource_dto),
        time: m.time.map(resource_dto),
        reads: m.reads.map(resource_dto),
        writes: m.writes.map(resource_dto),
        cpu_usage: m.cpu_usage.map(resource_dto),
        mem_usage: m.mem_usage.map(resource_dto),
        time_usage: m.time_usage.map(resource_dto),
    }
}

pub fn begin(w: Option<&Workflow>) -> TraceBegin {
    let Some(w) = w else {
        return TraceBegin::default();
    };
    let profiles = w.profile.as_deref().map(|p| {
        p.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    });
    TraceBegin {
        work_dir: w.work_dir.clone().filter(|s| !s.is_empty()),
        revision: w.revision.clone().filter(|s| !s.is_empty()),
        profiles,
    }
}

pub fn progress(
    r: &TraceProgressRequest,
    before: &RunUsage,
    current: TaskCounters,
) -> TraceProgress {
    let (cpu_hours, memory_gib_hours) = total_usage(before, r.nfdeck_usage.as_ref());
    TraceProgress {
        counters: r.progress.as_ref().map_or(current, counters),
        cpu_hours,
        memory_gib_hours,
    }
}

/// The end of a run: `success`, or else the run's reported status.
pub fn complete(
    r: &TraceCompleteRequest,
    before: &RunUsage,
    current: TaskCounters,
) -> TraceComplete {
    let w = r.workflow.clone().unwrap_or_default();
    let success = w.success.unwrap_or(
        w.status.as_ref().map(|s| s.as_str()) == Some(WorkflowStatus::Succeeded.as_str()),
    );
    let (cpu_hours, memory_gib_hours) = total_usage(before, r.nfdeck_usage.as_ref());
    TraceComplete {
        success,
        exit_status: w.exit_status,
        error_message: w.error_message.filter(|m| !m.is_empty()),
        progress: Some(TraceProgress {
            counters: r.progress.as_ref().map_or(current, counters),
            cpu_hours,
            memory_gib_hours,
        }),
    }
}

pub fn usage_dto(p: &TraceProgress) -> NfdeckTraceUsage {
    NfdeckTraceUsage {
        cpu_hours: Some(p.cpu_hours),
        memory_gib_hours: Some(p.memory_gib_hours),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reported_tasks_are_kept_unless_they_lack_an_id_or_a_known_status() {
        let r = TraceProgressRequest {
            tasks: Some(vec![
                Task {
                    task_id: Some(1),
                    status: Some(TaskStatus::Completed),
                    cpus: Some(2),
                    realtime: Some(1_800_000),
                    ..Default::default()
                },
                Task {
                    task_id: None,
                    status: Some(TaskStatus::Running),
                    ..Default::default()
                },
                Task {
                    task_id: Some(3),
                    status: Some(TaskStatus::from("PENDING")),
                    ..Default::default()
                },
            ]),
            progress: Some(TraceProgressData {
                succeeded: Some(1),
                running: Some(-1),
                ..Default::default()
            }),
            ..Default::default()
        };
        let kept = tasks(&r);
        assert_eq!(kept.len(), 1);
        assert_eq!(
            (kept[0].task_id, kept[0].state()),
            (1, TaskState::Completed)
        );
        let before = RunUsage::new(0.5, 0.25);
        let p = progress(&r, &before, TaskCounters::default());
        assert_eq!((p.cpu_hours, p.memory_gib_hours), (0.5, 0.25));
        assert_eq!((p.counters.succeeded, p.counters.running), (1, 0));
        let back = task_dto(kept[0].clone());
        assert_eq!(back.status, Some(TaskStatus::Completed));
        assert!(back.cost.unwrap() > 0.0);
    }

    #[test]
    fn begin_reads_profiles_and_complete_reads_success() {
        let w = Workflow {
            profile: Some("docker, test".into()),
            work_dir: Some("/scratch/work".into()),
            ..Default::default()
        };
        let b = begin(Some(&w));
        assert_eq!(
            b.profiles,
            Some(vec!["docker".to_string(), "test".to_string()])
        );
        let r = TraceCompleteRequest {
            workflow: Some(Workflow {
                status: Some(crate::api::dto::workflow::WorkflowStatus::Failed),
                exit_status: Some(1),
                error_message: Some("boom".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        let c = complete(&r, &RunUsage::default(), TaskCounters::default());
        assert!(!c.success);
        assert_eq!(
            (c.exit_status, c.error_message.as_deref()),
            (Some(1), Some("boom"))
        );
    }
}
