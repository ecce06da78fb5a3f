//! `nfdeck serve` under load: requests per second and latency percentiles for a participants
//! page and a runs page, on the large file and on the small one, on SQLite and on PostgreSQL
//! (one `serve` process, then two replicas on the same database with the clients spread over
//! both), and nginx serving the very same response bodies as static files, in the same run:
//! the ratio of the two is the figure that matters on a shared machine. The servers are the
//! real binary in processes of their own; this process is the load generator (same machine,
//! keep-alive connections). Targets: p99 under 10 ms on the large file, no errors, and reads
//! at half of nginx's rate.
//!
//! `cargo bench --bench serve` (`NFDECK_BENCH_SECONDS` and `NFDECK_BENCH_CONCURRENCY` change
//! the duration per endpoint, default 10 s, and the number of clients, default 8;
//! `NFDECK_BENCH_SIZES=small` skips the large file; `NFDECK_BENCH_STORES=sqlite` or
//! `postgres` measures one store, default both). PostgreSQL runs on a throwaway cluster
//! started like the tests' (`tests/pg_support.rs`), filled by the same generator as the SQLite
//! file; without PostgreSQL installed the benchmark says how to enable it and skips it.
//!
//! Each page is asked twice over: the same URL again and again ("same": what a console
//! polling an unchanged page sends, answered from the kept answers after the first), and a
//! new URL each time ("fresh": an ignored query parameter numbered per request, so the
//! handler runs every time, as for the first read after a write).
//!
//! Columns: "srv µs" is the CPU time per request of the nfdeck processes (or nginx with its
//! workers), "db µs" that of PostgreSQL's processes (SQLite runs inside nfdeck), "cli µs" that
//! of the load generator. Without nginx installed there is no ratio.

mod support;

use std::time::Duration;
use support::server::{
    Outcome, Server, cpu_time, env_number, hot_workspace, load, ms, start, tree_cpu,
};

fn header() {
    println!(
        "{:<6} {:<8} {:<13} {:<5} {:>8} {:>8} {:>7} {:>7} {:>7} {:>6} {:>7} {:>7} {:>7} {:>6}",
        "file",
        "server",
        "endpoint",
        "asked",
        "requests",
        "req/s",
        "p50 ms",
        "p99 ms",
        "max ms",
        "errors",
        "srv µs",
        "db µs",
        "cli µs",
        "ratio"
    );
}

/// What answers the requests: nginx, or one or more nfdeck processes on one store.
struct Target {
    /// "nginx", "sqlite", "pg", "pg x2".
    name: &'static str,
    /// Base URL of each process the clients are spread over.
    bases: Vec<String>,
    token: String,
    /// Processes whose CPU time counts as the server's (with their children).
    pids: Vec<u32>,
    /// The database server's process (PostgreSQL), counted apart.
    database: Option<u32>,
}

impl Target {
    fn nfdeck(name: &'static str, servers: &[Server], database: Option<u32>) -> Self {
        Target {
            name,
            bases: servers.iter().map(|s| s.base.clone()).collect(),
            // Tokens live in the database: one token works on every replica.
            token: servers[0].token.clone(),
            pids: servers.iter().map(|s| s.child.id()).collect(),
            database,
        }
    }

    fn cpu(&self) -> (Duration, Duration) {
        let server = self.pids.iter().map(|p| tree_cpu(*p)).sum();
        (server, self.database.map(tree_cpu).unwrap_or_default())
    }
}

/// Loads `path` on `target` and prints a row: requests, latencies, CPU per request of the
/// server, the database and this process.
async fn measure(target: &Target, path: &str, clients: usize, seconds: u64) -> Outcome {
    let urls: Vec<String> = target.bases.iter().map(|b| format!("{b}{path}")).collect();
    // Warm the server's caches and connections first.
    load(&urls, &target.token, clients, 1).await;
    let before = (target.cpu(), cpu_time("self"));
    let o = load(&urls, &target.token, clients, seconds).await;
    let after = (target.cpu(), cpu_time("self"));
    let per_request = |b: Duration, a: Duration| {
        a.saturating_sub(b).as_secs_f64() * 1e6 / o.requests.max(1) as f64
    };
    let database = match target.database {
        Some(_) => format!("{:.0}", per_request(before.0.1, after.0.1)),
        None => "-".into(),
    };
    print!(
        "{:>8} {:>8.0} {:>7.2} {:>7.2} {:>7.2} {:>6} {:>7.0} {:>7} {:>7.0}",
        o.requests,
        o.per_second(),
        ms(o.percentile(0.50)),
        ms(o.percentile(0.99)),
        ms(o.percentile(1.0)),
        o.errors,
        per_request(before.0.0, after.0.0),
        database,
        per_request(before.1, after.1)
    );
    o
}

/// The pages measured, as (name, path) for the hot workspace `ws` of org `org`.
fn endpoints(org: i64, ws: i64) -> Vec<(&'static str, String)> {
    vec![
        (
            "participants",
            format!("/orgs/{org}/workspaces/{ws}/participants?max=100&offset=0"),
        ),
        (
            "runs",
            format!("/workflow?workspaceId={ws}&max=50&offset=0"),
        ),
        (
            "runs-failed",
            format!("/workflow?workspaceId={ws}&max=50&offset=0&search=status:FAILED"),
        ),
    ]
}

/// The body of each page, as nfdeck on SQLite answers it (what nginx then serves).
async fn bodies(server: &Server, pages: &[(&'static str, String)]) -> Vec<(&'static str, Vec<u8>)> {
    let client = reqwest::Client::new();
    let mut bodies = Vec::new();
    for (name, path) in pages {
        let body = client
            .get(format!("{}{path}", server.base))
            .bearer_auth(&server.token)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .expect("a page")
            .bytes()
            .await
            .expect("its body");
        bodies.push((*name, body.to_vec()));
    }
    bodies
}

struct Run {
    size: String,
    clients: usize,
    seconds: u64,
    /// nginx's requests per second for each page, in `endpoints` order.
    nginx: Vec<Option<f64>>,
}

impl Run {
    /// One row per page on `target`, finding the hot workspace the way a client would.
    async fn rows(&self, target: &Target) {
        let client = reqwest::Client::new();
        let (org, ws) = hot_workspace(&client, &target.bases[0], &target.token).await;
        // "same": every request the same URL, as a console polling an unchanged page (a
        // kept answer after the first); "fresh": a query parameter the server ignores makes
        // each URL new, so every request runs the handler (the cost after any write).
        let asked = [("same", ""), ("fresh", "&fresh={n}")];
        for (mode, suffix) in asked {
            for (i, (name, path)) in endpoints(org, ws).iter().enumerate() {
                print!("{:<6} {:<8} {name:<13} {mode:<5} ", self.size, target.name);
                let path = format!("{path}{suffix}");
                let ours = measure(target, &path, self.clients, self.seconds).await;
                match self.nginx.get(i).copied().flatten() {
                    Some(theirs) => println!(" {:>6.2}", ours.per_second() / theirs),
                    None => println!(),
                }
            }
        }
    }
}

/// nginx serving the pages' bytes (one row each); its rates, or `None` without nginx.
async fn nginx_rows(size: &str, sqlite: &Server, clients: usize, seconds: u64) -> Vec<Option<f64>> {
    let client = reqwest::Client::new();
    let (org, ws) = hot_workspace(&client, &sqlite.base, &sqlite.token).await;
    let pages = endpoints(org, ws);
    let bodies = bodies(sqlite, &pages).await;
    let Some(nginx) = support::nginx::start(&bodies).await else {
        println!("nginx is not installed: no ratio (apt-get install nginx-light)");
        return vec![None; pages.len()];
    };
    let target = Target {
        name: "nginx",
        bases: vec![nginx.base.clone()],
        token: "-".into(),
        pids: vec![nginx.pid()],
        database: None,
    };
    let mut rates = Vec::new();
    for (name, body) in &bodies {
        print!("{size:<6} {:<8} {name:<13} {:<5} ", "nginx", "same");
        let o = measure(&target, &format!("/{name}"), clients, seconds).await;
        println!(" {:>6} ({} bytes)", "", body.len());
        rates.push(Some(o.per_second()));
    }
    rates
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing and expects a
    // quick exit, so only a real bench run generates data and loads the server.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let seconds = env_number("NFDECK_BENCH_SECONDS", 10);
    let clients = env_number("NFDECK_BENCH_CONCURRENCY", 8) as usize;
    let sizes = std::env::var("NFDECK_BENCH_SIZES").unwrap_or_else(|_| "small,large".into());
    let stores = support::stores::selected();
    println!(
        "serve: {clients} clients, {seconds} s per endpoint and server, keep-alive, same machine; stores: {}",
        stores.join(", ")
    );
    for size in sizes.split(',').filter(|s| support::SIZES.contains(s)) {
        let file = support::database(size);
        let sqlite = start(file.to_str().expect("utf-8 path"), support::OWNER).await;
        header();
        let nginx = nginx_rows(size, &sqlite, clients, seconds).await;
        let run = Run {
            size: size.to_string(),
            clients,
            seconds,
            nginx,
        };
        if stores.iter().any(|s| s == "sqlite") {
            run.rows(&Target::nfdeck(
                "sqlite",
                std::slice::from_ref(&sqlite),
                None,
            ))
            .await;
        }
        drop(sqlite);
        if stores.iter().any(|s| s == "postgres") {
            postgres_rows(&run, size).await;
        }
    }
}

/// One `serve` process on PostgreSQL, then two on the same database.
async fn postgres_rows(run: &Run, size: &str) {
    let Some(url) = support::stores::postgres(size) else {
        return;
    };
    let database = support::stores::postgres_pid();
    let first = start(&url, support::OWNER).await;
    run.rows(&Target::nfdeck(
        "pg",
        std::slice::from_ref(&first),
        database,
    ))
    .await;
    let second = start(&url, support::OWNER).await;
    run.rows(&Target::nfdeck("pg x2", &[first, second], database))
        .await;
}
