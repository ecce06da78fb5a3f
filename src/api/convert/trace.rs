//! The Nextflow trace requests as the engine's trace calls. Nextflow reports task counters as
//! totals and resource use per task: usage is the run's usage so far plus that of the tasks
//! that finished in this report.

use crate::api::dto::trace::{
    NfdeckTraceUsage, Task, TaskStatus, TraceCompleteRequest, TraceProgressData,
    TraceProgressRequest, Workflow,
};
use crate::domain::{
    RunUsage, TaskCounters, TraceBegin, TraceComplete, TraceProgress, WorkflowStatus,
};

const MS_PER_HOUR: f64 = 3_600_000.0;
const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

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

/// CPU-hours and GiB-hours of the tasks that finished (completed or failed) in a report.
pub fn tasks_usage(tasks: &[Task]) -> (f64, f64) {
    tasks
        .iter()
        .filter(|t| matches!(t.status, Some(TaskStatus::Completed | TaskStatus::Failed)))
        .fold((0.0, 0.0), |(cpu, mem), t| {
            let hours = t.realtime.or(t.duration).unwrap_or(0).max(0) as f64 / MS_PER_HOUR;
            let cpus = f64::from(t.cpus.unwrap_or(1).max(1));
            let bytes = t.peak_rss.or(t.memory).unwrap_or(0).max(0) as f64;
            (cpu + hours * cpus, mem + hours * bytes / GIB)
        })
}

/// The usage a report brings the run to.
fn total_usage(before: &RunUsage, tasks: &[Task], sent: Option<&NfdeckTraceUsage>) -> (f64, f64) {
    if let Some(u) = sent {
        return (
            u.cpu_hours.unwrap_or(before.cpu_hours),
            u.memory_gib_hours.unwrap_or(before.memory_gib_hours),
        );
    }
    let (cpu, mem) = tasks_usage(tasks);
    (before.cpu_hours + cpu, before.memory_gib_hours + mem)
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
    let (cpu_hours, memory_gib_hours) = total_usage(
        before,
        r.tasks.as_deref().unwrap_or_default(),
        r.nfdeck_usage.as_ref(),
    );
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
    let (cpu_hours, memory_gib_hours) = total_usage(before, &[], r.nfdeck_usage.as_ref());
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
    fn finished_tasks_add_their_usage() {
        let tasks = vec![
            Task {
                task_id: Some(1),
                status: Some(TaskStatus::Completed),
                cpus: Some(2),
                realtime: Some(1_800_000),
                peak_rss: Some(2 * 1024 * 1024 * 1024),
                ..Default::default()
            },
            Task {
                task_id: Some(2),
                status: Some(TaskStatus::Running),
                cpus: Some(8),
                realtime: Some(3_600_000),
                ..Default::default()
            },
        ];
        assert_eq!(tasks_usage(&tasks), (1.0, 1.0));
        let before = RunUsage::new(0.5, 0.25);
        let r = TraceProgressRequest {
            tasks: Some(tasks),
            progress: Some(TraceProgressData {
                succeeded: Some(1),
                running: Some(1),
                ..Default::default()
            }),
            ..Default::default()
        };
        let p = progress(&r, &before, TaskCounters::default());
        assert_eq!((p.cpu_hours, p.memory_gib_hours), (1.5, 1.25));
        assert_eq!((p.counters.succeeded, p.counters.running), (1, 1));
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
