//! `nfdeck serve` under load: requests per second and latency percentiles for a participants
//! page and a runs page, on the large file and on the small one. The server is the real binary
//! in its own process; this process is the load generator (same machine, keep-alive
//! connections). Targets: p99 under 10 ms on the large file, no errors.
//!
//! `cargo bench --bench serve` (`NFDECK_BENCH_SECONDS` and `NFDECK_BENCH_CONCURRENCY` change
//! the duration per endpoint, default 10 s, and the number of clients, default 8). The last two
//! columns are the CPU time per request of the server and of the load generator.

mod support;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    base: String,
    token: String,
    _home: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn nfdeck(home: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nfdeck"));
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("NFDECK_USER", "bench-operator@localhost")
        .env("NFDECK_LOG", "warn");
    cmd
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

async fn start(db: &std::path::Path) -> Server {
    let home = tempfile::tempdir().expect("temp home");
    let out = nfdeck(home.path())
        .args([
            "--db",
            db.to_str().expect("utf-8 path"),
            "token",
            "create",
            "--user",
            support::OWNER,
        ])
        .output()
        .expect("token create");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::trim)
        .find(|l| l.len() > 40 && !l.contains(' '))
        .expect("a token line")
        .to_string();
    let port = free_port();
    let child = nfdeck(home.path())
        .args([
            "--db",
            db.to_str().expect("utf-8 path"),
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start nfdeck serve");
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if client
            .get(format!("{base}/service-info"))
            .send()
            .await
            .is_ok()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Server {
        child,
        base,
        token,
        _home: home,
    }
}

async fn get_json(client: &reqwest::Client, server: &Server, path: &str) -> serde_json::Value {
    client
        .get(format!("{}{path}", server.base))
        .bearer_auth(&server.token)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json")
}

/// The hot workspace's org and workspace ids, found the way a client would.
async fn hot_workspace(client: &reqwest::Client, server: &Server) -> (i64, i64) {
    let orgs = get_json(client, server, "/orgs").await;
    let org = orgs["organizations"]
        .as_array()
        .expect("orgs")
        .iter()
        .find(|o| o["name"] == "org-00")
        .expect("org-00")["orgId"]
        .as_i64()
        .expect("org id");
    let list = get_json(client, server, &format!("/orgs/{org}/workspaces")).await;
    let ws = list["workspaces"]
        .as_array()
        .expect("workspaces")
        .iter()
        .find(|w| w["name"] == "ws-00-000")
        .expect("ws-00-000")["id"]
        .as_i64()
        .expect("workspace id");
    (org, ws)
}

struct Outcome {
    requests: usize,
    errors: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Outcome {
    fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let i = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies[i]
    }
}

/// `concurrency` clients request `path` back to back for `seconds`.
async fn load(server: &Server, path: &str, concurrency: usize, seconds: u64) -> Outcome {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .expect("client");
    let url = format!("{}{path}", server.base);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, url, token) = (client.clone(), url.clone(), server.token.clone());
            tokio::spawn(async move {
                let (mut latencies, mut errors) = (Vec::new(), 0usize);
                while Instant::now() < deadline {
                    let t = Instant::now();
                    let ok = match client.get(&url).bearer_auth(&token).send().await {
                        Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                        Err(_) => false,
                    };
                    latencies.push(t.elapsed());
                    errors += usize::from(!ok);
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut outcome = Outcome {
        requests: 0,
        errors: 0,
        elapsed: Duration::ZERO,
        latencies: Vec::new(),
    };
    for task in tasks {
        let (latencies, errors) = task.await.expect("load task");
        outcome.requests += latencies.len();
        outcome.errors += errors;
        outcome.latencies.extend(latencies);
    }
    outcome.elapsed = started.elapsed();
    outcome.latencies.sort();
    outcome
}

/// CPU time (user + system) a process has used so far, from `/proc/<pid>/stat` (Linux; zero
/// elsewhere). The server's CPU per request is steadier than its latency on a shared machine.
fn cpu_time(pid: &str) -> Duration {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return Duration::ZERO;
    };
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name; the kernel
    // counts them in clock ticks of 1/100 s.
    Duration::from_millis((ticks(11) + ticks(12)) * 10)
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing and expects a
    // quick exit, so only a real bench run generates data and loads the server.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let seconds = env_number("NFDECK_BENCH_SECONDS", 10);
    let concurrency = env_number("NFDECK_BENCH_CONCURRENCY", 8) as usize;
    println!("serve: {concurrency} clients, {seconds} s per endpoint, keep-alive, same machine");
    println!(
        "{:<12} {:<18} {:>9} {:>8} {:>8} {:>8} {:>8} {:>7} {:>11} {:>11}",
        "file",
        "endpoint",
        "requests",
        "req/s",
        "p50 ms",
        "p99 ms",
        "max ms",
        "errors",
        "server µs",
        "client µs"
    );
    for size in support::SIZES {
        let server = start(&support::database(size)).await;
        let (org, ws) = hot_workspace(&reqwest::Client::new(), &server).await;
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
                "runs FAILED",
                format!("/workflow?workspaceId={ws}&max=50&offset=0&search=status:FAILED"),
            ),
        ];
        for (name, path) in endpoints {
            // Warm the server's caches and connections first.
            load(&server, &path, concurrency, 1).await;
            let server_pid = server.child.id().to_string();
            let cpu_before = (cpu_time(&server_pid), cpu_time("self"));
            let o = load(&server, &path, concurrency, seconds).await;
            let per_request = |before: Duration, after: Duration| {
                (after.saturating_sub(before)).as_secs_f64() * 1e6 / o.requests.max(1) as f64
            };
            let server_cpu = per_request(cpu_before.0, cpu_time(&server_pid));
            let client_cpu = per_request(cpu_before.1, cpu_time("self"));
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            println!(
                "{:<12} {:<18} {:>9} {:>8.0} {:>8.2} {:>8.2} {:>8.2} {:>7} {:>11.0} {:>11.0}",
                size,
                name,
                o.requests,
                o.requests as f64 / o.elapsed.as_secs_f64(),
                ms(o.percentile(0.50)),
                ms(o.percentile(0.99)),
                ms(o.percentile(1.0)),
                o.errors,
                server_cpu,
                client_cpu
            );
        }
    }
}
