//! The real `nfdeck serve` in a process of its own, and what the load generators share:
//! closed-loop load with latencies, percentiles, and the CPU time a process used.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Server {
    pub child: Child,
    pub base: String,
    pub token: String,
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
        .env("NFDECK_LOG", "warn")
        .env("NFDECK_KEY_FILE", key_file());
    cmd
}

/// The file with the key for credential secrets, one for every server this benchmark starts:
/// replicas of one PostgreSQL database must share it (SQLite keeps its key next to the file).
fn key_file() -> std::path::PathBuf {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temp dir for the key"))
        .path()
        .join("secrets.key")
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `nfdeck serve` on `db` (a SQLite file's path or a PostgreSQL `--db` value), with a token
/// for `user`.
pub async fn start(db: &str, user: &str) -> Server {
    let home = tempfile::tempdir().expect("temp home");
    let out = nfdeck(home.path())
        .args(["--db", db, "token", "create", "--user", user])
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
            db,
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start nfdeck serve");
    let base = format!("http://127.0.0.1:{port}");
    wait_until_up(&format!("{base}/service-info")).await;
    Server {
        child,
        base,
        token,
        _home: home,
    }
}

/// Waits (up to 10 s) until `url` answers.
pub async fn wait_until_up(url: &str) {
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if client.get(url).send().await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub async fn get_json(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    path: &str,
) -> serde_json::Value {
    client
        .get(format!("{base}{path}"))
        .bearer_auth(token)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json")
}

/// The hot workspace's org and workspace ids on the server at `base`, found the way a client
/// would.
pub async fn hot_workspace(client: &reqwest::Client, base: &str, token: &str) -> (i64, i64) {
    workspace_of_org_00(client, base, token, "ws-00-000").await
}

/// org-00's id and the id of its workspace `name` (the generator's `ws-00-NNN`).
pub async fn workspace_of_org_00(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    name: &str,
) -> (i64, i64) {
    let orgs = get_json(client, base, token, "/orgs").await;
    let org = orgs["organizations"]
        .as_array()
        .expect("orgs")
        .iter()
        .find(|o| o["name"] == "org-00")
        .expect("org-00")["orgId"]
        .as_i64()
        .expect("org id");
    let list = get_json(client, base, token, &format!("/orgs/{org}/workspaces")).await;
    let ws = list["workspaces"]
        .as_array()
        .expect("workspaces")
        .iter()
        .find(|w| w["name"] == name)
        .unwrap_or_else(|| panic!("{name}"))["id"]
        .as_i64()
        .expect("workspace id");
    (org, ws)
}

#[derive(Default)]
pub struct Outcome {
    pub requests: usize,
    pub errors: usize,
    pub elapsed: Duration,
    /// Sorted.
    pub latencies: Vec<Duration>,
}

impl Outcome {
    pub fn percentile(&self, p: f64) -> Duration {
        percentile(&self.latencies, p)
    }

    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }
}

/// The `p` quantile (0 to 1) of sorted latencies.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// `concurrency` clients GET back to back for `seconds`, client i from `urls[i % len]` (the
/// same path on several replicas spreads the clients over them).
pub async fn load(urls: &[String], token: &str, concurrency: usize, seconds: u64) -> Outcome {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .expect("client");
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|i| {
            let url = urls[i % urls.len()].clone();
            let (client, token) = (client.clone(), token.to_string());
            tokio::spawn(async move {
                let (mut latencies, mut errors) = (Vec::new(), 0usize);
                let numbered = url.contains("{n}");
                while Instant::now() < deadline {
                    let t = Instant::now();
                    // A URL with `{n}` is new for each request (see the serve bench's "fresh").
                    let url: std::borrow::Cow<str> = match numbered {
                        true => url
                            .replace("{n}", &format!("{i}-{}", latencies.len()))
                            .into(),
                        false => url.as_str().into(),
                    };
                    let ok = match client.get(url.as_ref()).bearer_auth(&token).send().await {
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
    let mut outcome = Outcome::default();
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
pub fn cpu_time(pid: &str) -> Duration {
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

/// CPU time of a process and its children that are still running (nginx's workers,
/// PostgreSQL's backends).
pub fn tree_cpu(pid: u32) -> Duration {
    let children =
        std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
    children
        .split_whitespace()
        .map(cpu_time)
        .fold(cpu_time(&pid.to_string()), |a, b| a + b)
}

pub fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
