//! The Nextflow trace endpoints (`nextflow run -with-tower`): create, begin, progress,
//! heartbeat, complete. Nextflow sends more fields than are typed here (`instant` on every
//! call, `dag` on begin, `workflow.wave`, `fusion`, `platform`, task `hostname`, `cpuModel`,
//! ...); they are ignored. Where the nf-tower plugin sends another type than the spec's, the
//! server converts (see `server::trace_body`).

use super::workflow::{WfManifest, WfNextflow, WfStats, WorkflowStatus};
use serde_json::{Map, Value};

wire_enum! {
    /// `TraceProcessingStatus`.
    pub enum TraceProcessingStatus {
        Ok = "OK",
        Ko = "KO",
    }
}

wire_enum! {
    /// `TaskStatus`.
    pub enum TaskStatus {
        New = "NEW",
        Submitted = "SUBMITTED",
        Running = "RUNNING",
        Cached = "CACHED",
        Completed = "COMPLETED",
        Failed = "FAILED",
        Aborted = "ABORTED",
    }
}

dto! {
    /// `TraceCreateRequest` (`POST /trace/create?workspaceId`).
    pub struct TraceCreateRequest {
        pub session_id: Option<String>,
        pub run_name: Option<String>,
        pub project_name: Option<String>,
        pub repository: Option<String>,
        /// Set when Platform launched the run (`TOWER_WORKFLOW_ID`).
        pub workflow_id: Option<String>,
        /// Deprecated in the spec.
        pub launch_id: Option<String>,
        /// Not in the spec; Nextflow sends it.
        pub instant: Option<Value>,
    }
}

dto! {
    /// `TraceCreateResponse`.
    pub struct TraceCreateResponse {
        pub workflow_id: Option<String>,
        pub watch_url: Option<String>,
        pub message: Option<String>,
        pub metadata: Option<TraceCreateMetadata>,
    }
}

dto! {
    /// `TraceCreateMetadata`.
    pub struct TraceCreateMetadata {
        pub user_id: Option<i64>,
        pub user_name: Option<String>,
        pub user_organization: Option<String>,
        pub org_name: Option<String>,
        pub workspace_id: Option<i64>,
        pub workspace_name: Option<String>,
        pub workspace_full_name: Option<String>,
        pub pipeline_id: Option<i64>,
        pub pipeline_name: Option<String>,
        pub revision: Option<String>,
        pub commit_id: Option<String>,
        pub compute_env_id: Option<String>,
        pub compute_env_name: Option<String>,
        pub compute_env_platform: Option<String>,
        pub labels: Option<Vec<String>>,
    }
}

dto! {
    /// `TraceBeginRequest` (`PUT /trace/{workflowId}/begin`).
    pub struct TraceBeginRequest {
        pub workflow: Option<Workflow>,
        pub process_names: Option<Vec<String>>,
        pub tower_launch: Option<bool>,
        pub launch_id: Option<String>,
    }
}

dto! {
    /// `TraceBeginResponse`.
    pub struct TraceBeginResponse {
        pub workflow_id: Option<String>,
        pub watch_url: Option<String>,
        pub status: Option<TraceProcessingStatus>,
    }
}

dto! {
    /// `TraceProgressRequest` (`PUT /trace/{workflowId}/progress`; at most 100 tasks a call).
    pub struct TraceProgressRequest {
        pub tasks: Option<Vec<Task>>,
        pub progress: Option<TraceProgressData>,
        pub containers: Option<Vec<ContainerData>>,
        /// Not in the spec: the run's usage so far, which nfdeck's own client sends instead of
        /// tasks. Other servers ignore it; Nextflow leaves it out.
        pub nfdeck_usage: Option<NfdeckTraceUsage>,
    }
}

dto! {
    /// `TraceProgressResponse`.
    pub struct TraceProgressResponse {
        pub workflow_id: Option<String>,
        pub status: Option<TraceProcessingStatus>,
    }
}

dto! {
    /// `TraceHeartbeatRequest` (`PUT /trace/{workflowId}/heartbeat`).
    pub struct TraceHeartbeatRequest {
        pub progress: Option<TraceProgressData>,
    }
}

dto! {
    /// `TraceHeartbeatResponse`.
    pub struct TraceHeartbeatResponse {
        pub message: Option<String>,
    }
}

dto! {
    /// `TraceCompleteRequest` (`PUT /trace/{workflowId}/complete`).
    pub struct TraceCompleteRequest {
        pub workflow: Option<Workflow>,
        pub metrics: Option<Vec<WorkflowMetrics>>,
        pub progress: Option<TraceProgressData>,
        /// Not in the spec: see `TraceProgressRequest::nfdeck_usage`.
        pub nfdeck_usage: Option<NfdeckTraceUsage>,
    }
}

dto! {
    /// A run's usage so far, as totals (an nfdeck addition to the trace requests).
    pub struct NfdeckTraceUsage {
        pub cpu_hours: Option<f64>,
        pub memory_gib_hours: Option<f64>,
    }
}

dto! {
    /// `TraceCompleteResponse`.
    pub struct TraceCompleteResponse {
        pub workflow_id: Option<String>,
        pub status: Option<TraceProcessingStatus>,
    }
}

dto! {
    /// `Workflow`: the run as Nextflow describes it (`sessionId`, `runName`, `projectName`,
    /// `commandLine`, `submit`, `userName` and `workDir` required).
    pub struct Workflow {
        pub id: Option<String>,
        pub session_id: Option<String>,
        pub run_name: Option<String>,
        pub project_name: Option<String>,
        pub project_dir: Option<String>,
        pub repository: Option<String>,
        pub revision: Option<String>,
        pub commit_id: Option<String>,
        pub command_line: Option<String>,
        pub submit: Option<String>,
        pub start: Option<String>,
        pub complete: Option<String>,
        pub duration: Option<i64>,
        pub user_name: Option<String>,
        pub work_dir: Option<String>,
        pub launch_dir: Option<String>,
        pub home_dir: Option<String>,
        pub script_name: Option<String>,
        pub script_file: Option<String>,
        pub script_id: Option<String>,
        pub config_files: Option<Vec<String>>,
        pub config_text: Option<String>,
        pub container: Option<String>,
        pub container_engine: Option<String>,
        pub profile: Option<String>,
        pub launch_id: Option<String>,
        pub status: Option<WorkflowStatus>,
        pub success: Option<bool>,
        pub exit_status: Option<i32>,
        pub error_message: Option<String>,
        pub error_report: Option<String>,
        pub resume: Option<bool>,
        pub params: Option<Map<String, Value>>,
        pub manifest: Option<WfManifest>,
        pub nextflow: Option<WfNextflow>,
        pub stats: Option<WfStats>,
        pub log_file: Option<String>,
        pub out_file: Option<String>,
        pub operation_id: Option<String>,
    }
}

dto! {
    /// `TraceProgressData`: the run's counters as Nextflow reports them.
    pub struct TraceProgressData {
        pub pending: Option<i32>,
        pub submitted: Option<i32>,
        pub running: Option<i32>,
        pub succeeded: Option<i32>,
        pub failed: Option<i32>,
        pub cached: Option<i32>,
        pub ignored: Option<i32>,
        pub aborted: Option<i32>,
        pub retries: Option<i32>,
        pub stored: Option<i32>,
        pub peak_running: Option<i32>,
        pub load_cpus: Option<i64>,
        pub load_memory: Option<i64>,
        pub peak_cpus: Option<i64>,
        pub peak_memory: Option<i64>,
        pub num_spot_interruptions: Option<i32>,
        pub processes: Option<Vec<TraceProgressDetail>>,
    }
}

dto! {
    /// `TraceProgressDetail`: one process's counters.
    pub struct TraceProgressDetail {
        pub index: Option<i32>,
        pub name: Option<String>,
        pub pending: Option<i32>,
        pub submitted: Option<i32>,
        pub running: Option<i32>,
        pub succeeded: Option<i32>,
        pub failed: Option<i32>,
        pub cached: Option<i32>,
        pub ignored: Option<i32>,
        pub aborted: Option<i32>,
        pub retries: Option<i32>,
        pub stored: Option<i32>,
        pub peak_running: Option<i32>,
        pub load_cpus: Option<i64>,
        pub load_memory: Option<i64>,
        pub peak_cpus: Option<i64>,
        pub peak_memory: Option<i64>,
        pub terminated: Option<bool>,
    }
}

dto! {
    /// `Task` (`taskId` and `status` required).
    pub struct Task {
        pub task_id: Option<i64>,
        pub status: Option<TaskStatus>,
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
        pub cost: Option<f64>,
        pub error_action: Option<String>,
        pub error_message: Option<String>,
        pub exit: Option<i32>,
        pub exit_status: Option<i32>,
        pub duration: Option<i64>,
        pub realtime: Option<i64>,
        /// A string in the spec; the nf-tower plugin sends a local task's process id as a
        /// number. Read as either here, so the plugin's usual report decodes in one pass
        /// (`server::trace_body`).
        #[serde(deserialize_with = "string_or_number")]
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
        /// Nextflow sends these two as objects (`GpuMetrics`, `ResourceAllocation`).
        pub gpu_metrics: Option<Map<String, Value>>,
        pub resource_allocation: Option<Map<String, Value>>,
        /// Set in answers only.
        pub id: Option<i64>,
        pub date_created: Option<String>,
        pub last_updated: Option<String>,
    }
}

/// A string, or a number or boolean written as its JSON text (`4242`, `1.5`, `true`); null is
/// absent, and so is an object or an array (read past and dropped, as the lenient decoding of
/// `server::trace_body` drops what does not convert), so this field never stops a report.
fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct StringOrNumber;
    impl<'de> serde::de::Visitor<'de> for StringOrNumber {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(serde_json::Number::from_f64(v).map(|n| n.to_string()))
        }
        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut a: A,
        ) -> Result<Self::Value, A::Error> {
            while a.next_element::<serde::de::IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut a: A,
        ) -> Result<Self::Value, A::Error> {
            while a
                .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                .is_some()
            {}
            Ok(None)
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    }
    d.deserialize_any(StringOrNumber)
}

dto! {
    /// `ContainerData` (`targetImage` required).
    pub struct ContainerData {
        pub request_id: Option<String>,
        pub source_image: Option<String>,
        pub target_image: Option<String>,
        pub build_id: Option<String>,
        pub mirror_id: Option<String>,
        pub scan_id: Option<String>,
        pub cached: Option<bool>,
        pub freeze: Option<bool>,
        pub request_time: Option<String>,
    }
}

dto! {
    /// `WorkflowMetrics`: per-process resource statistics sent on completion, and the answer
    /// of `GET /workflow/{id}/metrics`.
    pub struct WorkflowMetrics {
        pub id: Option<i64>,
        pub process: Option<String>,
        pub cpu: Option<ResourceData>,
        pub mem: Option<ResourceData>,
        pub vmem: Option<ResourceData>,
        pub time: Option<ResourceData>,
        pub reads: Option<ResourceData>,
        pub writes: Option<ResourceData>,
        pub cpu_usage: Option<ResourceData>,
        pub mem_usage: Option<ResourceData>,
        pub time_usage: Option<ResourceData>,
    }
}

dto! {
    /// `ResourceData`: a distribution summary.
    pub struct ResourceData {
        pub min: Option<f64>,
        pub q1: Option<f64>,
        pub q2: Option<f64>,
        pub q3: Option<f64>,
        pub max: Option<f64>,
        pub mean: Option<f64>,
        pub min_label: Option<String>,
        pub max_label: Option<String>,
        pub q1_label: Option<String>,
        pub q2_label: Option<String>,
        pub q3_label: Option<String>,
        pub warnings: Option<Vec<String>>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nextflow_progress_decodes() {
        // As sent by nf-tower: counters, per-process details and a batch of tasks.
        let json = r#"{"tasks": [
            {"taskId": 1, "status": "COMPLETED", "hash": "ab/cdef12", "name": "FASTQC (s1)",
             "process": "FASTQC", "tag": "s1", "submit": "2024-01-01T10:00:01.123Z",
             "start": "2024-01-01T10:00:02Z", "complete": "2024-01-01T10:01:00Z",
             "cpus": 2, "memory": 4294967296, "realtime": 58000, "pcpu": 187.5,
             "peakRss": 512000000, "exit": 0, "executor": "local", "attempt": 1},
            {"taskId": 2, "status": "RUNNING", "process": "SALMON", "cpus": 4}],
          "progress": {"pending": 3, "submitted": 1, "running": 1, "succeeded": 1,
             "failed": 0, "cached": 2, "ignored": 0, "aborted": 0, "retries": 0, "stored": 0,
             "peakRunning": 2, "loadCpus": 4, "loadMemory": 8589934592, "peakCpus": 6,
             "peakMemory": 12884901888,
             "processes": [{"index": 0, "name": "FASTQC", "succeeded": 1, "terminated": true},
                           {"index": 1, "name": "SALMON", "running": 1, "terminated": false}]},
          "containers": []}"#;
        let r: TraceProgressRequest = serde_json::from_str(json).unwrap();
        let tasks = r.tasks.unwrap();
        assert_eq!(tasks[0].status, Some(TaskStatus::Completed));
        assert_eq!(tasks[0].pcpu, Some(187.5));
        let p = r.progress.unwrap();
        assert_eq!(p.cached, Some(2));
        assert_eq!(p.load_memory, Some(8_589_934_592));
        let procs = p.processes.unwrap();
        assert_eq!(procs[1].name.as_deref(), Some("SALMON"));
        assert_eq!(procs[0].terminated, Some(true));
    }

    #[test]
    fn begin_and_complete_decode() {
        let begin: TraceBeginRequest = serde_json::from_str(
            r#"{"workflow": {"id": "3kZ4", "sessionId": "9c8a6c9e-1d2f-4b57-9f44-0e6d3b0a9e11",
                "runName": "happy_turing", "projectName": "nf-core/rnaseq",
                "commandLine": "nextflow run nf-core/rnaseq -with-tower",
                "submit": "2024-01-01T10:00:00Z", "start": "2024-01-01T10:00:00Z",
                "userName": "ana", "workDir": "/scratch/work", "status": "RUNNING",
                "params": {"outdir": "results"}, "manifest": {"name": "nf-core/rnaseq"},
                "nextflow": {"version": "24.10.0", "build": "5928", "timestamp": "2024-10-01T00:00:00Z"}},
                "processNames": ["FASTQC", "SALMON"], "towerLaunch": false}"#,
        )
        .unwrap();
        assert_eq!(begin.process_names.unwrap().len(), 2);
        let wf = begin.workflow.unwrap();
        assert_eq!(wf.run_name.as_deref(), Some("happy_turing"));
        let complete: TraceCompleteRequest = serde_json::from_str(
            r#"{"workflow": {"id": "3kZ4", "status": "SUCCEEDED", "success": true, "exitStatus": 0,
                "complete": "2024-01-01T11:00:00Z", "duration": 3600000,
                "stats": {"succeedCount": 10, "cachedCount": 2, "computeTimeFmt": "(a few seconds)"}},
                "metrics": [{"process": "FASTQC", "cpu": {"min": 1.0, "max": 2.0, "mean": 1.5}}],
                "progress": {"succeeded": 10, "cached": 2}}"#,
        )
        .unwrap();
        assert_eq!(
            complete.workflow.unwrap().status,
            Some(WorkflowStatus::Succeeded)
        );
        let resp = serde_json::to_value(TraceCompleteResponse {
            workflow_id: Some("3kZ4".into()),
            status: Some(TraceProcessingStatus::Ok),
        })
        .unwrap();
        assert_eq!(
            resp,
            serde_json::json!({"workflowId": "3kZ4", "status": "OK"})
        );
    }
}
