//! Nextflow at institute load: N pipelines running at once (default 1,000), each sending a
//! trace progress call every second with a few tasks, in the shape the nf-tower plugin sends
//! (the fixtures of tests/http/fixtures/nextflow), while admins read pages of the hot
//! workspace. Prints the p99 of the progress calls (target under 50 ms) and of the admin reads
//! (target under 10 ms). Every progress call that got 200 was committed before its answer.
//!
//! `cargo bench --bench trace_load`. Environment: `NFDECK_BENCH_PIPELINES` (default 1000),
//! `NFDECK_BENCH_SECONDS` (measured time, default 10), `NFDECK_BENCH_READERS` (admin clients,
//! default 4), `NFDECK_BENCH_READ_PAUSE_MS` (each admin's pause between reads, default 10),
//! `NFDECK_BENCH_READ=quiet` (the admins read another workspace of the org, where no pipeline
//! reports, instead of the hot one).
//! The server is the real binary on a copy of the small generated file (`NFDECK_BENCH_SIZE=large`:
//! the large one, the 1M runs); the pipelines share a pool of keep-alive connections, as
//! they would behind a reverse proxy.
//!
//! `NFDECK_BENCH_STORES` (default `sqlite,postgres`): on PostgreSQL (a throwaway cluster as
//! the tests start it, filled by the same generator) the load runs on one `serve` process,
//! then on two replicas of the same database with the pipelines and admins spread over both
//! (`NFDECK_BENCH_PG_REPLICAS=1` or `=2` runs only one of the two).
//! Without PostgreSQL installed that part is skipped, saying how to enable it.
//! `NFDECK_BENCH_PG_STATEMENTS=1` with
//! `NFDECK_PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements"` prints after each
//! PostgreSQL run the statements that took the most of the database's time.

mod support;

use futures::{StreamExt, stream};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::server::{
    Server, cpu_time, env_number, hot_workspace, ms, percentile, start, tree_cpu,
    workspace_of_org_00,
};
use tokio::time::MissedTickBehavior;

const CREATE: &str = include_str!("../tests/http/fixtures/nextflow/1-create.json");
const BEGIN: &str = include_str!("../tests/http/fixtures/nextflow/2-begin.json");
const PROGRESS: &str = include_str!("../tests/http/fixtures/nextflow/3-progress.json");

struct Load {
    /// One or more replicas; pipeline n talks to `servers[n % len]`.
    servers: Vec<Server>,
    client: reqwest::Client,
    ws: i64,
}

impl Load {
    fn server(&self, n: usize) -> &Server {
        &self.servers[n % self.servers.len()]
    }

    async fn send(
        &self,
        n: usize,
        method: reqwest::Method,
        path: &str,
        body: String,
    ) -> Option<Value> {
        let server = self.server(n);
        let response = self
            .client
            .request(
                method,
                format!("{}{path}?workspaceId={}", server.base, self.ws),
            )
            .header("content-type", "application/json; charset=utf-8")
            .header("user-agent", "Nextflow/26.04.0")
            .basic_auth("@token", Some(&server.token))
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
            .send(
                n,
                reqwest::Method::POST,
                "/trace/create",
                create.to_string(),
            )
            .await
            .expect("trace create");
        let id = created["workflowId"]
            .as_str()
            .expect("a workflow id")
            .to_string();
        self.send(
            n,
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
    n: usize,
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
        let ok = load
            .send(n, reqwest::Method::PUT, &path, body)
            .await
            .is_some();
        latencies.push(started.elapsed());
        errors += usize::from(!ok);
    }
    (latencies, errors)
}

/// An admin reading pages of one workspace in turn, with a pause between reads; the
/// latencies of each page apart (in `paths` order).
async fn admin(
    load: Arc<Load>,
    n: usize,
    paths: Vec<String>,
    pause: Duration,
    until: Instant,
) -> (Vec<Vec<Duration>>, usize) {
    let (mut latencies, mut errors) = (vec![Vec::new(); paths.len()], 0);
    for (page, path) in paths.iter().enumerate().cycle() {
        if Instant::now() >= until {
            break;
        }
        let started = Instant::now();
        let server = load.server(n);
        let ok = match load
            .client
            .get(format!("{}{path}", server.base))
            .bearer_auth(&server.token)
            .send()
            .await
        {
            Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
            Err(_) => false,
        };
        latencies[page].push(started.elapsed());
        errors += usize::from(!ok);
        tokio::time::sleep(pause).await;
    }
    (latencies, errors)
}

fn report(
    store: &str,
    what: &str,
    mut latencies: Vec<Duration>,
    errors: usize,
    seconds: f64,
    target: &str,
) {
    latencies.sort();
    println!(
        "{store:<7} {what:<16} {:>8} {:>8.0} {:>7.2} {:>7.2} {:>8.2} {:>6}   {target}",
        latencies.len(),
        latencies.len() as f64 / seconds,
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.99)),
        ms(percentile(&latencies, 1.0)),
        errors
    );
}

struct Settings {
    pipelines: usize,
    seconds: u64,
    readers: usize,
    pause: Duration,
    /// The admins read a workspace no pipeline reports into (`NFDECK_BENCH_READ=quiet`).
    quiet: bool,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing and expects a
    // quick exit.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let settings = Settings {
        pipelines: env_number("NFDECK_BENCH_PIPELINES", 1000) as usize,
        seconds: env_number("NFDECK_BENCH_SECONDS", 10),
        readers: env_number("NFDECK_BENCH_READERS", 4) as usize,
        pause: Duration::from_millis(env_number("NFDECK_BENCH_READ_PAUSE_MS", 10)),
        quiet: std::env::var("NFDECK_BENCH_READ").is_ok_and(|v| v == "quiet"),
    };
    let size = std::env::var("NFDECK_BENCH_SIZE").unwrap_or_else(|_| "small".into());
    let stores = support::stores::selected();
    if stores.iter().any(|s| s == "sqlite") {
        // A copy: the runs this benchmark creates must not change the file the others measure.
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("trace-load.db");
        std::fs::copy(support::database(&size), &db).expect("copy the generated file");
        let server = start(db.to_str().expect("utf-8 path"), support::OWNER).await;
        measure("sqlite", vec![server], None, &settings).await;
    }
    if stores.iter().any(|s| s == "postgres") {
        // A database each: the runs of the first measurement must not weigh on the second.
        let replicas = std::env::var("NFDECK_BENCH_PG_REPLICAS").unwrap_or_else(|_| "1,2".into());
        for (name, count) in [("pg", 1), ("pg x2", 2)] {
            if !replicas.split(',').any(|n| n.trim() == count.to_string()) {
                continue;
            }
            let Some(url) = support::stores::postgres(&size) else {
                break;
            };
            let statements = support::stores::statements_wanted();
            if statements {
                support::stores::reset_statements(&url);
            }
            let mut servers = Vec::new();
            for _ in 0..count {
                servers.push(start(&url, support::OWNER).await);
            }
            measure(name, servers, support::stores::postgres_pid(), &settings).await;
            if statements {
                support::stores::print_statements(&url);
            }
        }
    }
}

/// Begins the pipelines on `servers`, then runs the load and prints its figures; `database`
/// is PostgreSQL's main process (its CPU is counted apart).
async fn measure(store: &str, servers: Vec<Server>, database: Option<u32>, s: &Settings) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .expect("client");
    let (org, ws) = hot_workspace(&client, &servers[0].base, &servers[0].token).await;
    let load = Arc::new(Load {
        servers,
        client,
        ws,
    });
    let started = Instant::now();
    let ids: Vec<(usize, String)> = stream::iter(0..s.pipelines)
        .map(|n| {
            let load = load.clone();
            async move { (n, load.begin_pipeline(n).await) }
        })
        .buffer_unordered(32)
        .collect()
        .await;
    println!(
        "trace load on {store} ({} process(es)): {} pipelines (created and begun in {:.1} s), a progress call each per second with {} tasks; {} admins reading {} with {} ms pauses; {} s",
        load.servers.len(),
        s.pipelines,
        started.elapsed().as_secs_f64(),
        serde_json::from_str::<Value>(PROGRESS).expect("fixture")["tasks"]
            .as_array()
            .map_or(0, Vec::len),
        s.readers,
        if s.quiet {
            "another workspace (ws-00-001)"
        } else {
            "the hot workspace"
        },
        s.pause.as_millis(),
        s.seconds
    );
    let server_cpu = || -> Duration { load.servers.iter().map(|v| tree_cpu(v.child.id())).sum() };
    let database_cpu = || database.map(tree_cpu).unwrap_or_default();
    let cpu_before = (server_cpu(), database_cpu(), cpu_time("self"));
    let until = Instant::now() + Duration::from_secs(s.seconds);
    let spread = Duration::from_secs(1).as_secs_f64() / s.pipelines.max(1) as f64;
    let calls: Vec<_> = ids
        .into_iter()
        .map(|(n, id)| {
            let offset = Duration::from_secs_f64(spread * n as f64);
            tokio::spawn(pipeline(load.clone(), n, id, offset, until))
        })
        .collect();
    // The admins read the hot workspace, where every pipeline reports, or with
    // `NFDECK_BENCH_READ=quiet` another workspace of the same org, where none does.
    let read = match s.quiet {
        true => {
            let server = &load.servers[0];
            workspace_of_org_00(&load.client, &server.base, &server.token, "ws-00-001").await
        }
        false => (org, ws),
    };
    let (org, ws) = read;
    let paths = vec![
        format!("/orgs/{org}/workspaces/{ws}/participants?max=100&offset=0"),
        format!("/workflow?workspaceId={ws}&max=50&offset=0"),
    ];
    let reads: Vec<_> = (0..s.readers)
        .map(|n| tokio::spawn(admin(load.clone(), n, paths.clone(), s.pause, until)))
        .collect();
    let (progress, progress_errors) = gather(calls).await;
    let (pages, read_errors) = gather_pages(reads).await;
    let read: Vec<Duration> = pages.concat();
    let measured = s.seconds as f64;
    let cpu = |before: Duration, after: Duration| {
        after.saturating_sub(before).as_secs_f64() / measured * 100.0
    };
    println!(
        "{:<7} {:<16} {:>8} {:>8} {:>7} {:>7} {:>8} {:>6}   target",
        "store", "calls", "count", "per s", "p50 ms", "p99 ms", "max ms", "errors"
    );
    report(
        store,
        "trace progress",
        progress,
        progress_errors,
        measured,
        "p99 under 50 ms",
    );
    report(
        store,
        "admin reads",
        read,
        read_errors,
        measured,
        "p99 under 10 ms",
    );
    // Apart: the people page keeps its answer while runs report; the runs page cannot.
    for (what, latencies) in ["  participants", "  runs"].into_iter().zip(pages) {
        report(store, what, latencies, 0, measured, "(of which)");
    }
    let database = match database {
        Some(_) => format!(", PostgreSQL {:.0}%", cpu(cpu_before.1, database_cpu())),
        None => String::new(),
    };
    println!(
        "CPU: nfdeck {:.0}% of one core{database}, load generator {:.0}% (2 cores in all)",
        cpu(cpu_before.0, server_cpu()),
        cpu(cpu_before.2, cpu_time("self"))
    );
}

/// Every task's latencies and errors, together.
async fn gather(
    tasks: Vec<tokio::task::JoinHandle<(Vec<Duration>, usize)>>,
) -> (Vec<Duration>, usize) {
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for task in tasks {
        let (l, e) = task.await.expect("a load task");
        latencies.extend(l);
        errors += e;
    }
    (latencies, errors)
}

/// `gather` for the admins: each page's latencies from every admin together.
async fn gather_pages(
    tasks: Vec<tokio::task::JoinHandle<(Vec<Vec<Duration>>, usize)>>,
) -> (Vec<Vec<Duration>>, usize) {
    let (mut pages, mut errors): (Vec<Vec<Duration>>, usize) = (Vec::new(), 0);
    for task in tasks {
        let (latencies, e) = task.await.expect("a load task");
        pages.resize(latencies.len().max(pages.len()), Vec::new());
        for (page, l) in pages.iter_mut().zip(latencies) {
            page.extend(l);
        }
        errors += e;
    }
    (pages, errors)
}
