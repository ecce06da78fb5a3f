//! A throwaway PostgreSQL cluster for tests, shared by the test binaries (`#[path]`-included).
//!
//! The first test that asks starts one cluster for its process: `initdb` into a temporary
//! folder, `pg_ctl start` listening only on a Unix socket in that folder (no TCP, no system
//! service), as the `postgres` user when the tests run as root (PostgreSQL refuses root). A
//! watcher stops the cluster and removes the folder when the test process exits. Every
//! `database()` call creates a fresh, empty schema in one test database (see
//! `create_database`).
//!
//! Which store the behaviour suites run on: `NFDECK_TEST_STORE=postgres` runs them on
//! PostgreSQL, anything else (the default) on SQLite. `NFDECK_TEST_PG=<connection string>`
//! uses an existing server instead of starting one (its user must be allowed to create
//! databases). The binaries are found through `NFDECK_TEST_PG_BIN`, `pg_config --bindir` or
//! `/usr/lib/postgresql/*/bin`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How to enable the PostgreSQL tests, printed when PostgreSQL is missing.
pub const HOW_TO_ENABLE: &str = "PostgreSQL tests need the PostgreSQL server binaries \
     (initdb, pg_ctl, postgres): install them (Debian: `apt-get install postgresql`), or point \
     NFDECK_TEST_PG_BIN at their folder, or NFDECK_TEST_PG at a running server \
     (e.g. `host=/run/postgresql user=me dbname=postgres`) whose user may create databases";

/// Whether the behaviour suites should run on PostgreSQL (`NFDECK_TEST_STORE=postgres`).
pub fn selected() -> bool {
    std::env::var("NFDECK_TEST_STORE").is_ok_and(|s| s.eq_ignore_ascii_case("postgres"))
}

/// A fresh database's connection string; `None` (after saying how to enable them) when
/// PostgreSQL is not available here. In CI (`CI=true`) a missing PostgreSQL fails the test.
pub fn database() -> Option<String> {
    match server() {
        Ok(server) => Some(server.create_database()),
        Err(why) => {
            let ci = std::env::var("CI").is_ok_and(|v| v == "true");
            if ci || selected() {
                panic!("PostgreSQL is not available: {why}\n{HOW_TO_ENABLE}");
            }
            eprintln!("skipped: PostgreSQL is not available: {why}\n{HOW_TO_ENABLE}");
            None
        }
    }
}

/// The process id of the cluster's postmaster (its backends are its children), when this
/// process started the cluster: the benchmarks count the database's CPU time with the
/// server's. `None` for a server given by `NFDECK_TEST_PG`, or before `database()`.
pub fn postmaster_pid() -> Option<u32> {
    let data = SERVER.get()?.as_ref().ok()?.data.as_ref()?;
    let pid = std::fs::read_to_string(data.join("postmaster.pid")).ok()?;
    pid.lines().next()?.trim().parse().ok()
}

/// A fresh database, for tests that only make sense on PostgreSQL when it is selected.
pub fn required_database() -> String {
    database().expect("PostgreSQL is available")
}

struct Server {
    /// Connection string of the server without a database name.
    base: String,
    /// The cluster's data folder, when this process started it.
    data: Option<PathBuf>,
}

static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();
static NEXT_DB: AtomicUsize = AtomicUsize::new(0);

fn server() -> Result<&'static Server, String> {
    SERVER
        .get_or_init(|| match std::env::var("NFDECK_TEST_PG") {
            Ok(conn) => Ok(Server {
                base: strip_dbname(&conn),
                data: None,
            }),
            Err(_) => start_cluster(),
        })
        .as_ref()
        .map_err(Clone::clone)
}

fn strip_dbname(conn: &str) -> String {
    conn.split_whitespace()
        .filter(|part| !part.starts_with("dbname="))
        .collect::<Vec<_>>()
        .join(" ")
}

impl Server {
    /// A fresh schema in this process's test database, as a connection string whose
    /// `search_path` starts with it: as good as a fresh database for nfdeck (every table,
    /// function and the schema version live in it), at a fraction of a database's disk.
    /// `citext` is installed once, in `public`.
    fn create_database(&self) -> String {
        let database = self.test_database();
        let schema = format!("t{}", NEXT_DB.fetch_add(1, Ordering::Relaxed));
        let conn = format!("{} dbname={database}", self.base);
        let create = format!("CREATE SCHEMA {schema}");
        admin(&conn, &create);
        format!("{conn} options='-c search_path={schema},public'")
    }

    fn test_database(&self) -> &'static str {
        static DATABASE: OnceLock<String> = OnceLock::new();
        DATABASE.get_or_init(|| {
            let name = format!("nfdeck_test_{}", std::process::id());
            admin(
                &format!("{} dbname=postgres", self.base),
                &format!("CREATE DATABASE {name} TEMPLATE template0"),
            );
            admin(
                &format!("{} dbname={name}", self.base),
                "CREATE EXTENSION IF NOT EXISTS citext SCHEMA public",
            );
            name
        })
    }
}

/// Runs one statement, on a thread of its own: the synchronous client may not block an async
/// test's thread.
fn admin(conn: &str, statement: &str) {
    let (conn, statement) = (conn.to_string(), statement.to_string());
    std::thread::spawn(move || {
        let mut client = postgres::Client::connect(&conn, postgres::NoTls)
            .unwrap_or_else(|e| panic!("connect to the test PostgreSQL ({conn}): {}", detail(&e)));
        client
            .batch_execute(&statement)
            .unwrap_or_else(|e| panic!("{statement}: {}", detail(&e)));
    })
    .join()
    .expect("test database statement");
}

/// The server's own message when there is one ("too many clients", ...).
fn detail(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{e}: {}", db.message()),
        None => e.to_string(),
    }
}

/// `NFDECK_PG_DURABLE=1`: a cluster this helper starts keeps fsync and synchronous commits on,
/// as a production server does (for benchmarks measuring what a commit really costs). Off by
/// default: a test cluster never outlives its tests.
pub fn durable() -> bool {
    std::env::var_os("NFDECK_PG_DURABLE").is_some()
}

fn bin_dir() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("NFDECK_TEST_PG_BIN") {
        return Ok(PathBuf::from(dir));
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output()
        && out.status.success()
    {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if dir.join("initdb").exists() {
            return Ok(dir);
        }
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map_err(|_| "no /usr/lib/postgresql".to_string())?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists() && bin.join("pg_ctl").exists())
        .collect();
    found.sort();
    found
        .pop()
        .ok_or_else(|| "no initdb under /usr/lib/postgresql/*/bin".to_string())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A command run as the cluster's owner: `postgres` when we are root.
fn as_owner(program: &Path, root: bool) -> Command {
    if root {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

fn run(mut cmd: Command, what: &str) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("{what}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{what} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(())
}

fn start_cluster() -> Result<Server, String> {
    let bin = bin_dir()?;
    let dir = tempfile::Builder::new()
        .prefix("nfdeck-pg-")
        .tempdir()
        .map_err(|e| format!("temporary folder: {e}"))?
        .keep();
    let started = start_cluster_in(&bin, &dir);
    if started.is_err() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    started
}

fn start_cluster_in(bin: &Path, dir: &Path) -> Result<Server, String> {
    let root = is_root();
    if root {
        run(
            {
                let mut c = Command::new("chown");
                c.arg("postgres:").arg(dir);
                c
            },
            "chown the cluster folder to postgres",
        )?;
    }
    let data = dir.join("data");
    let mut initdb = as_owner(&bin.join("initdb"), root);
    initdb.arg("-D").arg(&data).args([
        "-U",
        "nfdeck",
        "--auth=trust",
        "--locale=C",
        "--encoding=UTF8",
        "-N",
    ]);
    run(initdb, "initdb")?;
    // Only a Unix socket in the folder; fsync off: a test cluster never outlives its tests.
    let durability = match durable() {
        true => "",
        false => "-c fsync=off -c synchronous_commit=off ",
    };
    // More server settings for a cluster this helper starts, e.g. a module to profile with.
    let extra = std::env::var("NFDECK_PG_OPTIONS").unwrap_or_default();
    let options = format!(
        "-k {} -c listen_addresses='' {durability}-c max_connections=500 -c max_wal_size=64MB -c min_wal_size=32MB {extra}",
        dir.display()
    );
    let mut start = as_owner(&bin.join("pg_ctl"), root);
    start
        .arg("-D")
        .arg(&data)
        .arg("-o")
        .arg(&options)
        .arg("-l")
        .arg(dir.join("log"))
        .args(["-w", "start"]);
    run(start, "pg_ctl start")?;
    watch(bin, dir, &data, root);
    Ok(Server {
        base: format!("host={} port=5432 user=nfdeck", dir.display()),
        data: Some(data),
    })
}

/// Stops the cluster and removes its folder once this test process has exited.
fn watch(bin: &Path, dir: &Path, data: &Path, root: bool) {
    let pg_ctl = bin.join("pg_ctl");
    let stop = if root {
        format!(
            "runuser -u postgres -- {} -D {} stop -m immediate",
            pg_ctl.display(),
            data.display()
        )
    } else {
        format!(
            "{} -D {} stop -m immediate",
            pg_ctl.display(),
            data.display()
        )
    };
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf {dir}",
        pid = std::process::id(),
        dir = dir.display()
    );
    let _ = Command::new("sh")
        .arg("-c")
        .arg(script)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
