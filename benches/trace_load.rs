//! Nextflow at institute load: N pipelines running at once (default 1,000), each sending a
//! trace progress call every second with a few tasks, in the shape the nf-tower plugin sends
//! (the fixtures of tests/http/fixtures/nextflow), while admins read pages of the hot
//! workspace. Prints the p99 of the progress calls (target under 50 ms) and of the admin reads
//! (target under 10 ms). Every progress call that got 200 was committed before its answer.
//!
//! `cargo bench --bench trace_load`. Environment: `NFDECK_BENCH_PIPELINES` (default 1000),
//! `NFDECK_BENCH_SECONDS` (measured time, default 10), `NFDECK_BENCH_READERS` (admin clients,
//! default 4), `NFDECK_BENCH_READ_PAUSE_MS` (each admin's pause between reads, default 10).
//! The server is the real binary on a copy of the small generated file; the pipelines share a
//! pool of keep-alive connections, as they would behind a reverse proxy.

mod support;

use futures::{StreamExt, stream};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::server::{Server, cpu_time, env_number, hot_workspace, ms, percentile, start};
use tokio::time::MissedTickBehavior;

const CREATE: &str = include_str!("../tests/http/fixtures/nextflow/1-create.json");
const BEGIN: &str = include_str!("../tests/http/fixtures/nextflow/2-begin.json");
const PROGRESS: &str = include_str!("../tests/http/fixtures/nextflow/3-progress.json");

struct Load {
    server: Server,
    client: reqwest::Client,
    ws: i64,
}

impl Load {
    async fn send(&self, method: reqwest::Method, path: &str, body: String) -> Option<Value> {
        let response = self
            .client
            .request(
                method,
                format!("{}{path}?workspaceId={}", self.server.base, self.ws),
            )
            .header("content-type", "application/json; charset=utf-8")
            .header("user-agent", "Nextflow/26.04.0")
            .basic_auth("@token", Some(&self.server.token))
            .body(body)
            .send()
            .await
            .ok()?;
        if !response.status().is_success() {
            return None;
        }
        response.json().await.ok()
    }

    /// A pipeline that has begun: create, then begin, as Nextflow starts.
    async fn begin_pipeline(&self, n: usize) -> String {
        let mut create: Value = serde_json::from_str(CREATE).expect("create fixture");
        create["runName"] = json!(format!("load_{n}"));
        create["sessionId"] = json!(format!("00000000-0000-4000-8000-{n:012}"));
        let created = self
            .send(reqwest::Method::POST, "/trace/create", create.to_string())
            .await
            .expect("trace create");
        let id = created["workflowId"]
            .as_str()
            .expect("a workflow id")
            .to_string();
        self.send(
            reqwest::Method::PUT,
            &format!("/trace/{id}/begin"),
            BEGIN.into(),
        )
        .await
        .expect("trace begin");
        id
    }
}

/// The `call`th progress report of a pipeline: the fixture's tasks as new task ids.
fn progress_body(template: &Value, call: u64) -> String {
    let mut body = template.clone();
    if let Some(tasks) = body["tasks"].as_array_mut() {
        let count = tasks.len() as u64;
        for (j, task) in tasks.iter_mut().enumerate() {
            task["taskId"] = json!(call * count + j as u64 + 1);
        }
    }
    body.to_string()
}

/// One pipeline: a progress call every second (the next waits for the answer, as the plugin
/// does), starting at `offset` into the first second.
async fn pipeline(
    load: Arc<Load>,
    id: String,
    offset: Duration,
    until: Instant,
) -> (Vec<Duration>, usize) {
    let template: Value = serde_json::from_str(PROGRESS).expect("progress fixture");
    let path = format!("/trace/{id}/progress");
    tokio::time::sleep(offset).await;
    let mut ticks = tokio::time::interval(Duration::from_secs(1));
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for call in 1.. {
        ticks.tick().await;
        if Instant::now() >= until {
            break;
        }
        let body = progress_body(&template, call);
        let started = Instant::now();
        let ok = load.send(reqwest::Method::PUT, &path, body).await.is_some();
        latencies.push(started.elapsed());
        errors += usize::from(!ok);
    }
    (latencies, errors)
}

/// An admin reading pages of the hot workspace, with a pause between reads.
async fn admin(
    load: Arc<Load>,
    paths: Vec<String>,
    pause: Duration,
    until: Instant,
) -> (Vec<Duration>, usize) {
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for path in paths.iter().cycle() {
        if Instant::now() >= until {
            break;
        }
        let started = Instant::now();
        let ok = match load
            .client
            .get(format!("{}{path}", load.server.base))
            .bearer_auth(&load.server.token)
            .send()
            .await
        {
            Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
            Err(_) => false,
        };
        latencies.push(started.elapsed());
        errors += usize::from(!ok);
        tokio::time::sleep(pause).await;
    }
    (latencies, errors)
}

fn report(what: &str, mut latencies: Vec<Duration>, errors: usize, seconds: f64, target: &str) {
    latencies.sort();
    println!(
        "{what:<16} {:>8} {:>8.0} {:>7.2} {:>7.2} {:>8.2} {:>6}   {target}",
        latencies.len(),
        latencies.len() as f64 / seconds,
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.99)),
        ms(percentile(&latencies, 1.0)),
        errors
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing and expects a
    // quick exit.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let pipelines = env_number("NFDECK_BENCH_PIPELINES", 1000) as usize;
    let seconds = env_number("NFDECK_BENCH_SECONDS", 10);
    let readers = env_number("NFDECK_BENCH_READERS", 4) as usize;
    let pause = Duration::from_millis(env_number("NFDECK_BENCH_READ_PAUSE_MS", 10));
    // A copy: the runs this benchmark creates must not change the file the others measure.
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("trace-load.db");
    std::fs::copy(support::database("small"), &db).expect("copy the small file");
    let server = start(&db, support::OWNER).await;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .expect("client");
    let (org, ws) = hot_workspace(&client, &server).await;
    let load = Arc::new(Load { server, client, ws });

    let started = Instant::now();
    let ids: Vec<String> = stream::iter(0..pipelines)
        .map(|n| {
            let load = load.clone();
            async move { load.begin_pipeline(n).await }
        })
        .buffer_unordered(32)
        .collect()
        .await;
    println!(
        "trace load: {pipelines} pipelines (created and begun in {:.1} s), a progress call each per second with {} tasks; {readers} admins reading with {} ms pauses; {seconds} s",
        started.elapsed().as_secs_f64(),
        serde_json::from_str::<Value>(PROGRESS).expect("fixture")["tasks"]
            .as_array()
            .map_or(0, Vec::len),
        pause.as_millis()
    );

    let pid = load.server.child.id().to_string();
    let cpu_before = (cpu_time(&pid), cpu_time("self"));
    let until = Instant::now() + Duration::from_secs(seconds);
    let spread = Duration::from_secs(1).as_secs_f64() / pipelines.max(1) as f64;
    let calls: Vec<_> = ids
        .into_iter()
        .enumerate()
        .map(|(n, id)| {
            let offset = Duration::from_secs_f64(spread * n as f64);
            tokio::spawn(pipeline(load.clone(), id, offset, until))
        })
        .collect();
    let paths = vec![
        format!("/orgs/{org}/workspaces/{ws}/participants?max=100&offset=0"),
        format!("/workflow?workspaceId={ws}&max=50&offset=0"),
    ];
    let reads: Vec<_> = (0..readers)
        .map(|_| tokio::spawn(admin(load.clone(), paths.clone(), pause, until)))
        .collect();
    let (mut progress, mut progress_errors) = (Vec::new(), 0);
    for call in calls {
        let (l, e) = call.await.expect("a pipeline");
        progress.extend(l);
        progress_errors += e;
    }
    let (mut read, mut read_errors) = (Vec::new(), 0);
    for r in reads {
        let (l, e) = r.await.expect("an admin");
        read.extend(l);
        read_errors += e;
    }
    let measured = seconds as f64;
    let cpu = |before: Duration, after: Duration| {
        after.saturating_sub(before).as_secs_f64() / measured * 100.0
    };
    println!(
        "{:<16} {:>8} {:>8} {:>7} {:>7} {:>8} {:>6}   target",
        "calls", "count", "per s", "p50 ms", "p99 ms", "max ms", "errors"
    );
    report(
        "trace progress",
        progress,
        progress_errors,
        measured,
        "p99 under 50 ms",
    );
    report(
        "admin reads",
        read,
        read_errors,
        measured,
        "p99 under 10 ms",
    );
    println!(
        "CPU: server {:.0}% of one core, load generator {:.0}% (2 cores in all)",
        cpu(cpu_before.0, cpu_time(&pid)),
        cpu(cpu_before.1, cpu_time("self"))
    );
}
