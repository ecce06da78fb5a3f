//! A `nextflow run -with-tower` session as the nf-tower plugin (Nextflow 26.x, plugin 1.29)
//! really sends it, played against `nfdeck serve`: the fixtures have the plugin's shapes
//! (`nextflow.build` an integer, a local task's `nativeId` a number, dates with offsets,
//! `instant`, `dag`, fields the spec does not name), and the test adds hundreds of tasks of the
//! same shape over several progress calls. The run, its tasks, counters, cost and metrics are
//! then read back over the API (checked against the spec's schemas) and through the client
//! the TUI uses.

use crate::spec_schema::Schemas;
use crate::support::{OPERATOR, Server, add_member_with_role};
use nfdeck::client::RunClient;
use nfdeck::domain::credits::run_cost;
use nfdeck::domain::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const CREATE: &str = include_str!("fixtures/nextflow/1-create.json");
const BEGIN: &str = include_str!("fixtures/nextflow/2-begin.json");
const FIRST_TASKS: &str = include_str!("fixtures/nextflow/3-progress.json");
const LAST_TASKS: &str = include_str!("fixtures/nextflow/4-progress.json");
const HEARTBEAT: &str = include_str!("fixtures/nextflow/5-heartbeat.json");
const UPDATE: &str = include_str!("fixtures/nextflow/6-update.json");
const COMPLETE: &str = include_str!("fixtures/nextflow/7-complete.json");
const SCHEMAS: &str = include_str!("fixtures/nextflow/spec-schemas.json");

/// The QUANT tasks the test adds (task ids 10 and up), 100 per progress call as the plugin
/// sends them at most.
const QUANT_TASKS: i64 = 300;
const QUANT_FIRST_ID: i64 = 10;

/// How Nextflow authenticates: a bearer token, or Basic `@token` for tokens it cannot tell
/// apart (nfdeck's tokens are neither JWTs nor base64 JSON, so the plugin sends Basic).
#[derive(Clone, Copy)]
enum Auth {
    Bearer,
    Basic,
}

struct Nextflow<'a> {
    server: &'a Server,
    token: String,
    query: String,
}

impl<'a> Nextflow<'a> {
    /// ana's Nextflow, reporting to workspace `ws`.
    async fn of_ana(server: &'a Server, ws: WorkspaceId) -> Self {
        Nextflow {
            server,
            token: server.token("ana@lab.test").await,
            query: format!("?workspaceId={ws}"),
        }
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        body: &str,
        auth: Auth,
    ) -> (StatusCode, Value) {
        let request = self
            .server
            .http(method, &format!("{path}{}", self.query))
            .header("content-type", "application/json; charset=utf-8")
            .header("user-agent", "Nextflow/26.04.0")
            .body(body.to_string());
        let request = match auth {
            Auth::Bearer => request.bearer_auth(&self.token),
            Auth::Basic => request.basic_auth("@token", Some(&self.token)),
        };
        let response = request.send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn ok(&self, method: Method, path: &str, body: &str, auth: Auth) -> Value {
        let (status, answer) = self.send(method, path, body, auth).await;
        assert_eq!(status, StatusCode::OK, "{path}: {answer}");
        answer
    }

    /// A run created and begun, as Nextflow starts one; its id.
    async fn begin_run(&self, ws: WorkspaceId) -> String {
        let created = self
            .ok(Method::POST, "/trace/create", CREATE, Auth::Bearer)
            .await;
        let id = created["workflowId"].as_str().unwrap().to_string();
        let path = format!("/trace/{id}/begin");
        self.ok(Method::PUT, &path, &fixture(BEGIN, &id, ws), Auth::Bearer)
            .await;
        id
    }

    async fn progress(&self, id: &str, body: &Value) {
        let path = format!("/trace/{id}/progress");
        let answer = self
            .ok(Method::PUT, &path, &body.to_string(), Auth::Basic)
            .await;
        assert_eq!(answer["status"], "OK");
    }

    async fn get(&self, path: &str) -> Value {
        let sep = if path.contains('?') { '&' } else { '?' };
        let query = self.query.trim_start_matches('?');
        let response = self
            .server
            .http(Method::GET, &format!("{path}{sep}{query}"))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        body
    }
}

/// ana owns org `lab1` with workspace `lab`; vic has `view` there.
async fn lab(server: &Server) -> (WorkspaceId, Scope) {
    let ana = server.embedded("ana@lab.test").await;
    server.user("vic@lab.test").await;
    let (org, ws) = crate::support::lab_workspace(&ana).await;
    add_member_with_role(&ana, org, ws, "vic@lab.test", WspRole::View).await;
    (ws, Scope::Workspace(ws))
}

/// A fixture with the run's own ids where the plugin puts them.
fn fixture(text: &str, id: &str, ws: WorkspaceId) -> String {
    text.replace("__WORKFLOW_ID__", id)
        .replace("__WATCH_URL__", &format!("http://localhost/workflow/{id}"))
        .replace("__WORKSPACE_ID__", &ws.to_string())
}

/// How long QUANT task `n` ran: 10 to 20 minutes, so the metrics have a spread.
fn quant_realtime(n: i64) -> i64 {
    600_000 + (n % 5) * 150_000
}

/// A QUANT task in the plugin's shape (the cached QUANT task of the last report is the
/// model): RUNNING without the trace file's figures, or COMPLETED with them.
fn quant_task(n: i64, completed: bool) -> Value {
    let last: Value = serde_json::from_str(LAST_TASKS).unwrap();
    let mut t = last["tasks"][3].clone();
    assert_eq!(t["process"], "RNASEQ:QUANT");
    let id = QUANT_FIRST_ID + n;
    t["taskId"] = json!(id);
    t["name"] = json!(format!("RNASEQ:QUANT (sample_{n:03})"));
    t["tag"] = json!(format!("sample_{n:03}"));
    t["hash"] = json!(format!("{:02x}/{:06x}", n % 256, n * 7919));
    t["nativeId"] = json!(60_000 + n);
    t["submit"] = json!("2026-12-02T10:31:00.000+01:00");
    t["start"] = json!("2026-12-02T10:31:01.000+01:00");
    if completed {
        t["status"] = json!("COMPLETED");
        t["realtime"] = json!(quant_realtime(n));
        t["duration"] = json!(quant_realtime(n) + 1000);
        t["complete"] = json!("2026-12-02T10:50:00.000+01:00");
    } else {
        t["status"] = json!("RUNNING");
        t["exit"] = json!(2_147_483_647);
        for field in [
            "complete",
            "duration",
            "realtime",
            "pcpu",
            "pmem",
            "rss",
            "vmem",
            "peakRss",
            "peakVmem",
            "rchar",
            "wchar",
            "syscr",
            "syscw",
            "readBytes",
            "writeBytes",
            "volCtxt",
            "invCtxt",
            "cpuModel",
            "errorAction",
        ] {
            t[field] = Value::Null;
        }
    }
    t
}

/// A progress call in the plugin's shape with `tasks` and the run's counters.
fn progress_body(tasks: Vec<Value>, running: i64, succeeded: i64, pending: i64) -> Value {
    json!({
        "tasks": tasks,
        "progress": {
            "succeeded": succeeded, "failed": 0, "ignored": 0, "cached": 0, "pending": pending,
            "submitted": 0, "running": running, "retries": 0, "aborted": 0,
            "loadCpus": running * 2, "loadMemory": running * 2_147_483_648_i64,
            "peakRunning": 100, "peakCpus": 200, "peakMemory": 214_748_364_800_i64,
            "processes": []
        },
        "containers": [],
        "instant": 1_764_669_700_000_i64
    })
}

/// The CPU-hours and GiB-hours the session's tasks add up to: 300 QUANT tasks of 2 CPUs at
/// 0.5 GiB, INDEX (0.5 h x 2 CPUs, 1 GiB), the failed FASTQC (0.1 h, 0.25 GiB), its retry
/// (0.2 h, 0.25 GiB), MULTIQC (0.05 h, 0.5 GiB); the cached QUANT task ran in an earlier run.
fn expected_usage() -> (f64, f64) {
    let quant_hours: f64 = (0..QUANT_TASKS)
        .map(|n| quant_realtime(n) as f64 / 3_600_000.0)
        .sum();
    let cpu = quant_hours * 2.0 + 1.0 + 0.1 + 0.2 + 0.05;
    let gib = quant_hours * 0.5 + 0.5 + 0.025 + 0.05 + 0.025;
    (cpu, gib)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6 * b.abs().max(1.0)
}

#[tokio::test]
async fn a_nextflow_session_in_the_plugins_shape_becomes_a_run_with_tasks_and_metrics() {
    let server = Server::start().await;
    let (ws, scope) = lab(&server).await;
    let nf = Nextflow::of_ana(&server, ws).await;
    let engine = server.embedded("ana@lab.test").await;
    let schemas = Schemas::load(SCHEMAS);

    // create: the plugin reads workflowId, watchUrl, message and metadata.
    let created = nf
        .ok(Method::POST, "/trace/create", CREATE, Auth::Bearer)
        .await;
    let id = created["workflowId"].as_str().unwrap().to_string();
    assert!(
        id.len() <= 16,
        "the plugin's schema keeps workflowId to 16 characters"
    );
    assert!(
        created["watchUrl"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/workflow/{id}?workspaceId={ws}"))
    );
    assert_eq!(created["metadata"]["workspaceName"], "lab");
    let run = engine.get_run(scope, id.clone()).await.unwrap();
    assert_eq!(
        (run.status, run.run_name.as_str()),
        (WorkflowStatus::Submitted, "ecstatic_hopper")
    );

    // begin, with Basic `@token` and `nextflow.build` an integer (the spec says string).
    let begun = nf
        .ok(
            Method::PUT,
            &format!("/trace/{id}/begin"),
            &fixture(BEGIN, &id, ws),
            Auth::Basic,
        )
        .await;
    assert_eq!(
        (begun["status"].as_str(), begun["workflowId"].as_str()),
        (Some("OK"), Some(id.as_str()))
    );
    assert!(begun["watchUrl"].as_str().unwrap().contains(&id));
    let run = engine.get_run(scope, id.clone()).await.unwrap();
    assert_eq!(run.status, WorkflowStatus::Running);
    assert_eq!(run.profiles, ["docker", "test"]);
    assert_eq!(
        (run.work_dir.as_deref(), run.revision.as_deref()),
        (Some("/scratch/ana/work"), Some("master"))
    );

    // The first tasks, then the scheduler's run id (PATCH, once).
    nf.progress(&id, &serde_json::from_str(FIRST_TASKS).unwrap())
        .await;
    let run = engine.get_run(scope, id.clone()).await.unwrap();
    assert_eq!(
        (
            run.progress.pending,
            run.progress.submitted,
            run.progress.running
        ),
        (1, 1, 1)
    );
    assert_eq!(run.usage.cpu_hours, 0.0, "no task has finished yet");
    let patched = nf
        .ok(
            Method::PATCH,
            &format!("/workflow/{id}"),
            UPDATE,
            Auth::Basic,
        )
        .await;
    assert_eq!(patched["schedRunId"], "sr-7f3a9c01e2b4");
    assert_eq!(patched["workflow"]["id"], id.as_str());
    let described = nf.get(&format!("/workflow/{id}")).await;
    assert_eq!(described["schedRunId"], "sr-7f3a9c01e2b4");

    // 300 QUANT tasks: 100 start, a heartbeat, then all finish over three calls (the first
    // hundred are reported again: their later state replaces the earlier).
    let running: Vec<Value> = (0..100).map(|n| quant_task(n, false)).collect();
    nf.progress(&id, &progress_body(running, 100, 0, 200)).await;
    let beat = nf
        .ok(
            Method::PUT,
            &format!("/trace/{id}/heartbeat"),
            HEARTBEAT,
            Auth::Basic,
        )
        .await;
    assert_eq!(beat["message"], "OK");
    let run = engine.get_run(scope, id.clone()).await.unwrap();
    assert_eq!((run.progress.running, run.progress.pending), (100, 200));
    assert_eq!(run.usage.cpu_hours, 0.0, "running tasks cost nothing yet");
    for batch in 0..3 {
        let done: Vec<Value> = (batch * 100..(batch + 1) * 100)
            .map(|n| quant_task(n, true))
            .collect();
        let finished = (batch + 1) * 100;
        let running = if batch < 2 { 100 } else { 0 };
        nf.progress(
            &id,
            &progress_body(done, running, finished, 200 - finished.min(200)),
        )
        .await;
    }

    // The last report: INDEX, a failed FASTQC and its retry, MULTIQC and a cached task.
    nf.progress(&id, &serde_json::from_str(LAST_TASKS).unwrap())
        .await;
    nf.ok(
        Method::PUT,
        &format!("/trace/{id}/heartbeat"),
        HEARTBEAT,
        Auth::Bearer,
    )
    .await;
    let run = engine.get_run(scope, id.clone()).await.unwrap();
    assert_eq!(
        run.status,
        WorkflowStatus::Running,
        "a heartbeat of a running run changes nothing else"
    );

    let done = nf
        .ok(
            Method::PUT,
            &format!("/trace/{id}/complete"),
            &fixture(COMPLETE, &id, ws),
            Auth::Basic,
        )
        .await;
    assert_eq!(done["status"], "OK");

    // The run: status, counters, usage and cost from its tasks (each counted once).
    let run = engine.get_run(scope, id.clone()).await.unwrap();
    assert_eq!(run.status, WorkflowStatus::Succeeded);
    assert_eq!(run.exit_status, Some(0));
    assert_eq!(
        (
            run.progress.succeeded,
            run.progress.failed,
            run.progress.cached,
            run.progress.running
        ),
        (303, 1, 1, 0)
    );
    let (cpu, gib) = expected_usage();
    assert!(
        close(run.usage.cpu_hours, cpu),
        "{} vs {cpu}",
        run.usage.cpu_hours
    );
    assert!(
        close(run.usage.memory_gib_hours, gib),
        "{} vs {gib}",
        run.usage.memory_gib_hours
    );
    assert!(
        close(run.usage.cost, run_cost(cpu, gib)),
        "{}",
        run.usage.cost
    );

    // GET /workflow/{id}/progress: the run's counters and each process's, from its tasks.
    let progress = nf.get(&format!("/workflow/{id}/progress")).await;
    let p = &progress["progress"];
    assert_eq!(p["totalProcesses"], 4);
    assert_eq!(p["workflowProgress"]["succeeded"], 303);
    let process = |name: &str| -> (i64, i64, i64) {
        let l = p["processesProgress"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["process"] == name)
            .unwrap_or_else(|| panic!("no {name}: {p}"));
        let n = |k: &str| l[k].as_i64().unwrap();
        (n("succeeded"), n("failed"), n("cached"))
    };
    assert_eq!(process("RNASEQ:QUANT"), (300, 0, 1));
    assert_eq!(process("RNASEQ:FASTQC"), (1, 1, 0));
    assert_eq!(process("MULTIQC"), (1, 0, 0));

    // GET /workflow/{id}/tasks: paged, in task id order, each as its latest report.
    let page = nf
        .get(&format!("/workflow/{id}/tasks?max=100&offset=0"))
        .await;
    schemas.check("ListTasksResponse", &page);
    assert_eq!(page["total"], 305);
    let tasks = page["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 100);
    let ids: Vec<i64> = tasks
        .iter()
        .map(|t| t["task"]["taskId"].as_i64().unwrap())
        .collect();
    assert_eq!(&ids[..6], &[1, 2, 3, 4, 5, 10]);
    let last_page = nf
        .get(&format!("/workflow/{id}/tasks?max=100&offset=300"))
        .await;
    schemas.check("ListTasksResponse", &last_page);
    let last = last_page["tasks"].as_array().unwrap();
    assert_eq!(last.len(), 5);
    assert_eq!(last[4]["task"]["taskId"], QUANT_FIRST_ID + QUANT_TASKS - 1);
    let mut page_costs = 0.0;
    for offset in [0, 100, 200, 300] {
        let p = nf
            .get(&format!("/workflow/{id}/tasks?max=100&offset={offset}"))
            .await;
        for t in p["tasks"].as_array().unwrap() {
            assert_ne!(t["task"]["status"], "RUNNING", "{}", t["task"]["taskId"]);
            page_costs += t["task"]["cost"].as_f64().unwrap();
        }
    }
    assert!(
        close(page_costs, run.usage.cost),
        "the tasks' costs add up to the run's: {page_costs} vs {}",
        run.usage.cost
    );
    let found = nf
        .get(&format!("/workflow/{id}/tasks?search=fastqc&sortDir=desc"))
        .await;
    let found: Vec<(i64, String)> = found["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["task"]["taskId"].as_i64().unwrap(),
                t["task"]["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [(4, "COMPLETED".to_string()), (2, "FAILED".to_string())]
    );

    // GET /workflow/{id}/task/{taskId}: the failed attempt and its retry.
    let failed = nf.get(&format!("/workflow/{id}/task/2")).await;
    schemas.check("DescribeTaskResponse", &failed);
    let t = &failed["task"];
    assert_eq!(
        (&t["status"], &t["errorAction"], &t["exit"], &t["attempt"]),
        (&json!("FAILED"), &json!("RETRY"), &json!(137), &json!(1))
    );
    assert_eq!(
        t["nativeId"], "48219",
        "a local task's pid, sent as a number"
    );
    assert_eq!(t["submit"], "2026-12-02T10:00:02.044+01:00");
    let retry = nf.get(&format!("/workflow/{id}/task/4")).await;
    schemas.check("DescribeTaskResponse", &retry);
    assert_eq!(
        (&retry["task"]["status"], &retry["task"]["attempt"]),
        (&json!("COMPLETED"), &json!(2))
    );
    let quant = nf
        .get(&format!("/workflow/{id}/task/{}", QUANT_FIRST_ID + 7))
        .await;
    assert_eq!(
        (&quant["task"]["status"], &quant["task"]["realtime"]),
        (&json!("COMPLETED"), &json!(quant_realtime(7))),
        "the later report replaced the RUNNING one"
    );
    let cached = nf.get(&format!("/workflow/{id}/task/5")).await;
    assert_eq!(
        (&cached["task"]["status"], &cached["task"]["cost"]),
        (&json!("CACHED"), &json!(0.0))
    );

    // GET /workflow/{id}/metrics: per process (simple name), over the finished tasks.
    let metrics = nf.get(&format!("/workflow/{id}/metrics")).await;
    schemas.check("GetWorkflowMetricsResponse", &metrics);
    let by_process = |name: &str| -> Value {
        metrics["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["process"] == name)
            .unwrap_or_else(|| panic!("no metrics for {name}: {metrics}"))
            .clone()
    };
    let quant = by_process("QUANT");
    assert_eq!(
        (
            &quant["time"]["min"],
            &quant["time"]["q2"],
            &quant["time"]["max"],
            &quant["time"]["mean"]
        ),
        (
            &json!(600_000.0),
            &json!(900_000.0),
            &json!(1_200_000.0),
            &json!(900_000.0)
        )
    );
    assert_eq!(quant["cpu"]["max"], 190.3);
    let fastqc = by_process("FASTQC");
    assert_eq!(
        (&fastqc["time"]["min"], &fastqc["time"]["max"]),
        (&json!(360_000.0), &json!(720_000.0)),
        "the failed attempt counts too, as in Nextflow's own report"
    );
    assert_eq!(
        fastqc["time"]["maxLabel"],
        "RNASEQ:FASTQC (FASTQC on ggal_gut)"
    );
    assert_eq!(by_process("INDEX")["memUsage"]["max"], 50.0);
    assert_eq!(metrics["metrics"].as_array().unwrap().len(), 4);

    // What the TUI's Runs tab reads, through the remote client: the run and its counters.
    let remote = server.remote("ana@lab.test").await;
    let listed = remote.list_runs(scope, RunQuery::default()).await.unwrap();
    let row = listed.items.iter().find(|r| r.id == id).unwrap();
    assert_eq!(row.status, WorkflowStatus::Succeeded);
    assert_eq!(row.progress, run.progress);
    assert_eq!(
        remote.get_run(scope, id.clone()).await.unwrap().usage,
        run.usage
    );

    // vic can read the run, so its tasks too, but not set its scheduler id.
    let vic = Nextflow {
        server: &server,
        token: server.token("vic@lab.test").await,
        query: format!("?workspaceId={ws}"),
    };
    assert_eq!(
        vic.get(&format!("/workflow/{id}/tasks?max=1")).await["total"],
        305
    );
    let (status, _) = vic
        .send(
            Method::PATCH,
            &format!("/workflow/{id}"),
            UPDATE,
            Auth::Bearer,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A finished run takes no more reports.
    let (status, answer) = nf
        .send(
            Method::PUT,
            &format!("/trace/{id}/progress"),
            LAST_TASKS,
            Auth::Bearer,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
}

#[tokio::test]
async fn odd_values_in_a_progress_report_are_tolerated_and_bad_reads_refused() {
    let server = Server::start().await;
    let (ws, scope) = lab(&server).await;
    let nf = Nextflow::of_ana(&server, ws).await;
    let id = nf.begin_run(ws).await;

    // A pipeline run from a local clone reports the clone's path as its repository: the run
    // is created all the same, without it.
    let local = serde_json::from_str::<Value>(CREATE).unwrap();
    let mut local = local.as_object().unwrap().clone();
    local.insert("repository".into(), json!("/home/ana/repos/rnaseq-nf"));
    let created_local = nf
        .ok(
            Method::POST,
            "/trace/create",
            &Value::Object(local).to_string(),
            Auth::Basic,
        )
        .await;
    let local_run = server
        .embedded("ana@lab.test")
        .await
        .get_run(scope, created_local["workflowId"].as_str().unwrap().into())
        .await
        .unwrap();
    assert_eq!(local_run.repository, None);

    // Wrong types, an unknown status, a task without an id, negative counters, a body that
    // is not even an object: all answered 200, the readable tasks kept.
    let odd = json!({
        "tasks": [
            {"taskId": 1, "status": "COMPLETED", "process": "A", "cpus": "2", "realtime": 3_600_000,
             "memory": {"giga": 1}, "nativeId": 7, "pcpu": "n/a", "module": "x", "gpuMetrics": 3},
            {"taskId": 2, "status": "PENDING", "process": "A"},
            {"status": "RUNNING", "process": "A"},
            {"taskId": "3", "status": "RUNNING", "process": "B"}
        ],
        "progress": {"succeeded": 1, "running": -4, "pending": "many", "processes": {"x": 1}},
        "containers": "none"
    });
    nf.progress(&id, &odd).await;
    // Not an object at all is not a report Nextflow sends: a 400, and nothing changes.
    let (status, answer) = nf
        .send(
            Method::PUT,
            &format!("/trace/{id}/progress"),
            "[1, 2, 3]",
            Auth::Basic,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    nf.progress(&id, &json!({"tasks": null, "progress": null}))
        .await;
    let run = server
        .embedded("ana@lab.test")
        .await
        .get_run(scope, id.clone())
        .await
        .unwrap();
    assert_eq!(run.status, WorkflowStatus::Running);
    assert_eq!((run.progress.succeeded, run.progress.running), (1, 0));
    assert_eq!(run.usage.cpu_hours, 2.0, "task 1: 1 h x 2 CPUs");
    let page = nf.get(&format!("/workflow/{id}/tasks")).await;
    let ids: Vec<i64> = page["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["task"]["taskId"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [1, 3]);
    assert_eq!(page["tasks"][0]["task"]["nativeId"], "7");

    // 100 tasks with long scripts are more than the API's 1 MiB: a trace call takes them.
    let long: Vec<Value> = (0..100)
        .map(|n| {
            let mut t = quant_task(n, false);
            t["script"] = json!("x".repeat(10_240));
            t["env"] = json!("y".repeat(2_048));
            t
        })
        .collect();
    let big = progress_body(long, 100, 1, 0);
    assert!(big.to_string().len() > 1 << 20);
    nf.progress(&id, &big).await;
    assert_eq!(
        nf.get(&format!("/workflow/{id}/tasks?max=1")).await["total"],
        102
    );

    // A task reported twice in one call is stored once, as its last report.
    let twice = json!({
        "tasks": [
            {"taskId": 5, "status": "RUNNING", "process": "B"},
            {"taskId": 5, "status": "COMPLETED", "process": "B", "exit": 0}
        ],
        "progress": {"succeeded": 2}
    });
    nf.progress(&id, &twice).await;
    assert_eq!(
        nf.get(&format!("/workflow/{id}/tasks?max=1")).await["total"],
        103
    );
    let task = nf.get(&format!("/workflow/{id}/task/5")).await;
    assert_eq!(task["task"]["status"], "COMPLETED", "{task}");

    // Reads of tasks and metrics answer 4xx with a message for what does not exist.
    for (path, status) in [
        (format!("/workflow/{id}/task/999"), StatusCode::NOT_FOUND),
        (format!("/workflow/{id}/task/abc"), StatusCode::BAD_REQUEST),
        ("/workflow/nope/tasks".to_string(), StatusCode::NOT_FOUND),
        ("/workflow/nope/metrics".to_string(), StatusCode::NOT_FOUND),
        (
            format!("/workflow/{id}/tasks?sortBy=cpus"),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/workflow/{id}/tasks?max=-1"),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let response = server
            .http(
                Method::GET,
                &format!(
                    "{path}{}{}",
                    if path.contains('?') { '&' } else { '?' },
                    &nf.query[1..]
                ),
            )
            .bearer_auth(&nf.token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{path}");
        let body: Value = response.json().await.unwrap_or(Value::Null);
        assert!(
            body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{path}: {body}"
        );
    }

    // PATCH with a bad schedRunId: 400, nothing set.
    let (status, answer) = nf
        .send(
            Method::PATCH,
            &format!("/workflow/{id}"),
            &json!({"schedRunId": "x".repeat(300)}).to_string(),
            Auth::Bearer,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert!(answer["message"].as_str().unwrap().contains("schedRunId"));
    assert!(nf.get(&format!("/workflow/{id}")).await["schedRunId"].is_null());

    // A report for a run that does not exist is still a 404.
    let (status, _) = nf
        .send(Method::PUT, "/trace/nope/progress", "{}", Auth::Bearer)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn trace_calls_need_launch_rights_and_a_known_run() {
    let server = Server::start().await;
    let (ws, _) = lab(&server).await;
    let vic = Nextflow {
        server: &server,
        token: server.token("vic@lab.test").await,
        query: format!("?workspaceId={ws}"),
    };
    let (status, answer) = vic
        .send(Method::POST, "/trace/create", CREATE, Auth::Bearer)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("launch pipelines"),
        "{answer}"
    );

    let ana = Nextflow {
        server: &server,
        token: server.token("ana@lab.test").await,
        query: format!("?workspaceId={ws}"),
    };
    let (status, _) = ana
        .send(Method::PUT, "/trace/nope/begin", BEGIN, Auth::Bearer)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, answer) = ana
        .send(Method::PUT, "/trace/nope/begin", "{not json", Auth::Bearer)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let (status, answer) = ana
        .send(
            Method::POST,
            "/trace/create",
            r#"{"sessionId": "", "runName": "x"}"#,
            Auth::Bearer,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
}

#[tokio::test]
async fn without_a_workspace_id_runs_go_to_the_personal_workspace() {
    let server = Server::start().await;
    server.user("ana@lab.test").await;
    let nf = Nextflow {
        server: &server,
        token: server.token("ana@lab.test").await,
        query: String::new(),
    };
    let created = nf
        .ok(Method::POST, "/trace/create", CREATE, Auth::Bearer)
        .await;
    let id = created["workflowId"].as_str().unwrap().to_string();
    nf.ok(
        Method::PUT,
        &format!("/trace/{id}/begin"),
        BEGIN,
        Auth::Bearer,
    )
    .await;
    let runs = server
        .embedded("ana@lab.test")
        .await
        .list_runs(Scope::Personal, RunQuery::default())
        .await
        .unwrap();
    assert_eq!(
        (runs.total, runs.items[0].status),
        (1, WorkflowStatus::Running)
    );
    let root = server.embedded(OPERATOR).await;
    assert!(
        root.list_runs(Scope::Personal, RunQuery::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

/// A task reported again with other figures (Nextflow reports a task on each change, and a
/// retried or corrected report replaces the last) counts once, at its last figures; a report
/// with counters only leaves the usage as the tasks make it. The run keeps running totals, so
/// this checks that they move by the difference and not by the whole report.
#[tokio::test]
async fn a_task_reported_again_counts_once_at_its_last_figures() {
    let server = Server::start().await;
    let (ws, scope) = lab(&server).await;
    let nf = Nextflow::of_ana(&server, ws).await;
    let id = nf.begin_run(ws).await;
    let engine = server.embedded("ana@lab.test").await;
    let hours = |ms: i64| ms as f64 / 3_600_000.0;
    let cpu_hours = || async {
        engine
            .get_run(scope, id.clone())
            .await
            .unwrap()
            .usage
            .cpu_hours
    };

    let both = vec![quant_task(0, true), quant_task(1, true)];
    nf.progress(&id, &progress_body(both, 0, 2, 0)).await;
    let first = 2.0 * (hours(quant_realtime(0)) + hours(quant_realtime(1)));
    assert!(
        close(cpu_hours().await, first),
        "{} vs {first}",
        cpu_hours().await
    );

    let mut corrected = quant_task(0, true);
    corrected["realtime"] = json!(3 * quant_realtime(0));
    let again = vec![corrected, quant_task(1, true), quant_task(2, false)];
    nf.progress(&id, &progress_body(again, 1, 2, 0)).await;
    let second = 2.0 * (hours(3 * quant_realtime(0)) + hours(quant_realtime(1)));
    assert!(
        close(cpu_hours().await, second),
        "{} vs {second}",
        cpu_hours().await
    );

    nf.progress(&id, &progress_body(vec![], 1, 2, 0)).await;
    assert!(
        close(cpu_hours().await, second),
        "counters alone keep the usage"
    );
    let run = engine.get_run(scope, id.clone()).await.unwrap();
    assert!(close(
        run.usage.cost,
        run_cost(second, run.usage.memory_gib_hours)
    ));
}

/// Progress reports carry their token to the writer, which looks it up once for all the
/// reports it records together: every refusal a token lookup gives elsewhere holds here too,
/// a token revoked a moment ago is refused at once, the operator's token keeps its root
/// rights, and the token's use is recorded.
#[tokio::test]
async fn progress_reports_are_authenticated_like_every_call() {
    let server = Server::start().await;
    let (ws, _) = lab(&server).await;
    let ana = Nextflow::of_ana(&server, ws).await;
    let id = ana.begin_run(ws).await;
    let path = format!("/trace/{id}/progress?workspaceId={ws}");
    let body = progress_body(vec![], 1, 0, 0).to_string();
    let report = |token: Option<&str>| {
        let request = server
            .http(Method::PUT, &path)
            .header("content-type", "application/json")
            .body(body.clone());
        let request = match token {
            Some(token) => request.basic_auth("@token", Some(token)),
            None => request,
        };
        async move {
            let response = request.send().await.unwrap();
            let status = response.status();
            let challenge = response.headers().get("www-authenticate").cloned();
            let answer: Value = response.json().await.unwrap_or(Value::Null);
            (
                status,
                answer["message"].as_str().unwrap_or("").to_string(),
                challenge,
            )
        }
    };

    let (status, text, _) = report(None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(text.contains("Authorization: Bearer"), "{text}");
    let (status, text, challenge) = report(Some("not-a-token")).await;
    assert_eq!(
        (status, challenge.is_some()),
        (StatusCode::UNAUTHORIZED, true)
    );
    assert!(text.contains("not valid"), "{text}");
    let vic = server.token("vic@lab.test").await;
    let (status, text, _) = report(Some(&vic)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(text.contains("launch pipelines"), "{text}");
    let root = server.token(OPERATOR).await;
    assert_eq!(
        report(Some(&root)).await.0,
        StatusCode::OK,
        "the operator's token has root rights"
    );

    // A token of ana's own, used only for progress reports, then revoked.
    let created = server
        .http(Method::POST, "/tokens")
        .bearer_auth(&ana.token)
        .json(&json!({"name": "pipeline"}))
        .send()
        .await
        .unwrap();
    let created: Value = created.json().await.unwrap();
    let (pipeline, token_id) = (
        created["accessKey"].as_str().unwrap().to_string(),
        created["token"]["id"].clone(),
    );
    assert_eq!(report(Some(&pipeline)).await.0, StatusCode::OK);
    let tokens = ana.get("/tokens").await;
    let used = tokens["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "pipeline")
        .map(|t| t["lastUsed"].clone());
    assert!(
        used.as_ref().is_some_and(Value::is_string),
        "the report recorded the token's use with it: {tokens}"
    );
    let revoked = server
        .http(Method::DELETE, &format!("/tokens/{token_id}"))
        .bearer_auth(&ana.token)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    let (status, text, _) = report(Some(&pipeline)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{text}");
}

/// A report is read as JSON only when sent as JSON, is refused when it is not JSON at all or
/// over the trace calls' 32 MiB limit, and a refused report changes nothing.
#[tokio::test]
async fn a_report_not_sent_as_json_or_over_the_limit_is_refused_and_changes_nothing() {
    let server = Server::start().await;
    let (ws, scope) = lab(&server).await;
    let nf = Nextflow::of_ana(&server, ws).await;
    let id = nf.begin_run(ws).await;
    nf.progress(&id, &progress_body(vec![], 3, 1, 0)).await;
    let path = format!("/trace/{id}/progress?workspaceId={ws}");
    let send = |content_type: &'static str, body: String| {
        let request = server
            .http(Method::PUT, &path)
            .header("content-type", content_type)
            .basic_auth("@token", Some(&nf.token))
            .body(body);
        async move {
            let response = request.send().await.unwrap();
            let status = response.status();
            let answer: Value = response.json().await.unwrap_or(Value::Null);
            (status, answer["message"].as_str().unwrap_or("").to_string())
        }
    };
    let report = progress_body(vec![], 0, 9, 0).to_string();

    let (status, text) = send("text/plain", report.clone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("Content-Type: application/json"), "{text}");
    let (status, text) = send("application/json", report[..20].to_string()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("parse the request body"), "{text}");
    let over = format!("{{\"tasks\": [], \"x\": \"{}\"}}", "x".repeat(32 << 20));
    let (status, _) = send("application/json", over).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let ana = server.embedded("ana@lab.test").await;
    let counters = |run: Run| (run.progress.running, run.progress.succeeded);
    let run = ana.get_run(scope, id.clone()).await.unwrap();
    assert_eq!(counters(run), (3, 1), "the refused reports changed nothing");

    // A vendor type with a JSON suffix is JSON, as axum reads it.
    let (status, text) = send("application/vnd.nextflow+json", report).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let run = ana.get_run(scope, id.clone()).await.unwrap();
    assert_eq!(counters(run), (0, 9));
}
