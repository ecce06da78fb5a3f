//! Two `nfdeck serve` processes (the real binary) on one PostgreSQL database behave as one
//! server: a write through one is read through the other at once, concurrent writes through
//! both all land, and `kill -9` of one replica under load loses no acknowledged write.
//! Skipped, saying how to enable it, where PostgreSQL is not installed (a failure in CI).

use crate::pg_support;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

const OPERATOR: &str = "root@localhost.test";

/// One `serve` process; killed when dropped.
struct Replica {
    child: Child,
    url: String,
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn nfdeck(home: &Path, db: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_nfdeck"));
    command
        .args(["--db", db])
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("NFDECK_USER", OPERATOR)
        .env("NFDECK_KEY_FILE", home.join("secrets.key"))
        .env_remove("NFDECK_DB")
        .env_remove("NFDECK_CONFIG")
        .env_remove("TOWER_ACCESS_TOKEN")
        .env_remove("TOWER_API_ENDPOINT");
    command
}

fn serve(home: &Path, db: &str) -> Replica {
    let mut child = nfdeck(home, db)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nfdeck serve");
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let url = line
        .trim()
        .strip_prefix("nfdeck serve: ")
        .unwrap_or_else(|| panic!("serve did not start: {line}"))
        .split_whitespace()
        .next()
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    // Keep reading its log so the pipe never fills.
    std::thread::spawn(move || for _ in stderr.lines() {});
    Replica { child, url }
}

fn token(home: &Path, db: &str) -> String {
    let out = nfdeck(home, db)
        .args(["token", "create", "--user", OPERATOR, "--name", "replicas"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[derive(Clone)]
struct Api {
    http: reqwest::Client,
    token: String,
}

impl Api {
    /// The operator's API, with a token made for it in `db`.
    fn operator(home: &Path, db: &str) -> Api {
        Api {
            http: reqwest::Client::new(),
            token: token(home, db),
        }
    }

    fn request(&self, base: &str, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{base}{path}"))
            .bearer_auth(&self.token)
    }

    async fn create_label(&self, base: &str, ws: i64, name: &str) -> reqwest::Result<StatusCode> {
        let response = self
            .request(base, Method::POST, &format!("/labels?workspaceId={ws}"))
            .json(&json!({"name": name}))
            .send()
            .await?;
        Ok(response.status())
    }

    async fn label_names(&self, base: &str, ws: i64) -> Vec<String> {
        let body: Value = self
            .request(
                base,
                Method::GET,
                &format!("/labels?workspaceId={ws}&max=1000"),
            )
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        body["labels"]
            .as_array()
            .unwrap_or_else(|| panic!("{body}"))
            .iter()
            .map(|w| w["name"].as_str().unwrap().to_string())
            .collect()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_replicas_on_one_postgres_database_behave_as_one_server() {
    let Some(db) = pg_support::database() else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let api = Api::operator(home.path(), &db);
    let a = serve(home.path(), &db);
    let b = serve(home.path(), &db);

    // Written through A, read through B at once.
    let created: Value = api
        .request(&a.url, Method::POST, "/orgs")
        .json(&json!({"organization": {"name": "shared-lab", "fullName": "Shared Lab"}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let org = created["organization"]["orgId"].as_i64().unwrap();
    let read: Value = api
        .request(&b.url, Method::GET, &format!("/orgs/{org}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(read["organization"]["name"], "shared-lab", "{read}");
    let created: Value = api
        .request(&b.url, Method::POST, &format!("/orgs/{org}/workspaces"))
        .json(&json!({"workspace": {"name": "rnaseq", "fullName": "RNA-seq", "visibility": "PRIVATE"}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ws = created["workspace"]["id"].as_i64().unwrap();

    // Concurrent writes through both replicas: every one lands.
    let mut writers = Vec::new();
    for (replica, base) in [("a", a.url.clone()), ("b", b.url.clone())] {
        for worker in 0..3 {
            let api = api.clone();
            let base = base.clone();
            writers.push(tokio::spawn(async move {
                for i in 0..10 {
                    let name = format!("{replica}{worker}-n{i}");
                    let status = api.create_label(&base, ws, &name).await.unwrap();
                    assert_eq!(status, StatusCode::OK, "{name}");
                }
            }));
        }
    }
    for w in writers {
        w.await.unwrap();
    }
    let mut through_a = api.label_names(&a.url, ws).await;
    let mut through_b = api.label_names(&b.url, ws).await;
    through_a.sort();
    through_b.sort();
    assert_eq!(through_a.len(), 60, "{through_a:?}");
    assert_eq!(through_a, through_b);

    // kill -9 of A while both take writes: whatever got a 200 is there, read through B.
    let mut a = a;
    let mut load = Vec::new();
    for (replica, base) in [("ka", a.url.clone()), ("kb", b.url.clone())] {
        let api = api.clone();
        load.push(tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            for i in 0..200 {
                let name = format!("{replica}-n{i}");
                match api.create_label(&base, ws, &name).await {
                    Ok(StatusCode::OK) => acknowledged.push(name),
                    Ok(_) | Err(_) => break, // the killed replica stops answering
                }
            }
            acknowledged
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let killed = Command::new("kill")
        .args(["-9", &a.child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let _ = a.child.wait();
    let mut acknowledged = Vec::new();
    for l in load {
        acknowledged.extend(l.await.unwrap());
    }
    assert!(
        acknowledged.iter().any(|n| n.starts_with("ka-")),
        "A took writes before it was killed"
    );
    let after = api.label_names(&b.url, ws).await;
    let missing: Vec<&String> = acknowledged.iter().filter(|n| !after.contains(n)).collect();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
}

/// The connection name of the replica whose connections a test drops.
const RECOVERING: &str = "nfdeck-recovering";

/// The database dropping every connection of a running `serve` (a restart, a failover): the
/// server recovers on its own, without a restart, GETs (whose token is looked up outside any
/// transaction) and writes alike. A connection is found dead at its first use; a request that
/// cannot be sent again on a new one answers 503 with a message saying to try again.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_replica_recovers_from_losing_every_database_connection() {
    let Some(db) = pg_support::database() else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let api = Api::operator(home.path(), &db);
    // Named, so that only this replica's connections are dropped (the tests share a database,
    // each in a schema of its own).
    let replica = serve(home.path(), &format!("{db} application_name={RECOVERING}"));
    let get_orgs = || api.request(&replica.url, Method::GET, "/orgs").send();
    assert_eq!(get_orgs().await.unwrap().status(), StatusCode::OK);

    // The synchronous client blocks: off the runtime's worker.
    let dropped = tokio::task::block_in_place(|| {
        let mut admin = postgres::Client::connect(&db, postgres::NoTls).unwrap();
        admin
            .execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                  WHERE application_name = $1",
                &[&RECOVERING],
            )
            .unwrap()
    });
    assert!(dropped >= 2, "the writer and the readers: {dropped}");

    let mut answers = Vec::new();
    for _ in 0..30 {
        let response = get_orgs().await.unwrap();
        let status = response.status();
        let body = response.text().await.unwrap();
        answers.push(status);
        if status == StatusCode::OK {
            break;
        }
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        assert!(body.contains("try again"), "{body}");
    }
    assert_eq!(answers.last(), Some(&StatusCode::OK), "{answers:?}");
    // Every connection recovers: reads on each reader, and a write on the writer.
    for n in 0..20 {
        let status = get_orgs().await.unwrap().status();
        assert!(
            status == StatusCode::OK || status == StatusCode::SERVICE_UNAVAILABLE,
            "read {n}: {status}"
        );
    }
    let mut created = StatusCode::SERVICE_UNAVAILABLE;
    for _ in 0..3 {
        created = api
            .request(&replica.url, Method::POST, "/orgs")
            .json(&json!({"organization": {"name": "after-failover", "fullName": "After"}}))
            .send()
            .await
            .unwrap()
            .status();
        if created == StatusCode::OK {
            break;
        }
    }
    assert_eq!(created, StatusCode::OK);
    assert_eq!(get_orgs().await.unwrap().status(), StatusCode::OK);
}
