//! `nfdeck serve` under load: requests per second and latency percentiles for a participants
//! page and a runs page, on the large file and on the small one, and nginx serving the very
//! same response bodies as static files, in the same run: the ratio of the two is the figure
//! that matters on a shared machine. The server is the real binary in its own process; this
//! process is the load generator (same machine, keep-alive connections). Targets: p99 under
//! 10 ms on the large file, no errors, and reads at half of nginx's rate.
//!
//! `cargo bench --bench serve` (`NFDECK_BENCH_SECONDS` and `NFDECK_BENCH_CONCURRENCY` change
//! the duration per endpoint, default 10 s, and the number of clients, default 8;
//! `NFDECK_BENCH_SIZES=small` skips the large file). The CPU columns are the CPU time per
//! request of the server (nfdeck or nginx with its workers) and of the load generator. Without
//! nginx installed the benchmark says so and prints nfdeck's figures alone.

mod support;

use std::time::Duration;
use support::server::{Outcome, cpu_time, env_number, hot_workspace, load, ms, start};

fn header() {
    println!(
        "{:<6} {:<13} {:<7} {:>8} {:>8} {:>7} {:>7} {:>7} {:>6} {:>8} {:>8} {:>6}",
        "file",
        "endpoint",
        "server",
        "requests",
        "req/s",
        "p50 ms",
        "p99 ms",
        "max ms",
        "errors",
        "srv µs",
        "cli µs",
        "ratio"
    );
}

/// CPU time of a process and its children that are still running (nginx's workers).
fn tree_cpu(pid: u32) -> Duration {
    let children =
        std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
    children
        .split_whitespace()
        .map(cpu_time)
        .fold(cpu_time(&pid.to_string()), |a, b| a + b)
}

/// Loads `url` and prints a row: requests, latencies, CPU per request of the server tree
/// `pid` and of this process.
async fn measure(url: &str, token: &str, pid: u32, clients: usize, seconds: u64) -> Outcome {
    // Warm the server's caches and connections first.
    load(url, token, clients, 1).await;
    let before = (tree_cpu(pid), cpu_time("self"));
    let o = load(url, token, clients, seconds).await;
    let after = (tree_cpu(pid), cpu_time("self"));
    let per_request = |b: Duration, a: Duration| {
        a.saturating_sub(b).as_secs_f64() * 1e6 / o.requests.max(1) as f64
    };
    print!(
        "{:>8} {:>8.0} {:>7.2} {:>7.2} {:>7.2} {:>6} {:>8.0} {:>8.0}",
        o.requests,
        o.per_second(),
        ms(o.percentile(0.50)),
        ms(o.percentile(0.99)),
        ms(o.percentile(1.0)),
        o.errors,
        per_request(before.0, after.0),
        per_request(before.1, after.1)
    );
    o
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
    println!(
        "serve: {clients} clients, {seconds} s per endpoint and server, keep-alive, same machine"
    );
    for size in sizes.split(',').filter(|s| support::SIZES.contains(s)) {
        let server = start(&support::database(size), support::OWNER).await;
        let client = reqwest::Client::new();
        let (org, ws) = hot_workspace(&client, &server).await;
        let endpoints = [
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
        ];
        // nginx serves the bytes nfdeck answered, each at /{name}.
        let mut bodies = Vec::new();
        for (name, path) in &endpoints {
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
        let nginx = support::nginx::start(&bodies).await;
        if nginx.is_none() {
            println!(
                "nginx is not installed: no ratio (apt-get install nginx-light); nfdeck's figures alone"
            );
        }
        header();
        for ((name, path), (_, body)) in endpoints.iter().zip(&bodies) {
            print!("{size:<6} {name:<13} {:<7} ", "nfdeck");
            let url = format!("{}{path}", server.base);
            let ours = measure(&url, &server.token, server.child.id(), clients, seconds).await;
            println!(" {:>6} ({} bytes)", "", body.len());
            if let Some(nginx) = &nginx {
                print!("{size:<6} {name:<13} {:<7} ", "nginx");
                let url = format!("{}/{name}", nginx.base);
                let theirs = measure(&url, "-", nginx.pid(), clients, seconds).await;
                println!(" {:>6.2}", ours.per_second() / theirs.per_second());
            }
        }
    }
}
