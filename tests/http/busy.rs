//! Another program holding the database's write lock longer than the server waits: a write is
//! a 503 with `Retry-After` and a message saying the database is busy, nothing changes, and the
//! same write succeeds once the lock is gone. The remote and the embedded client, and an
//! embedded `apply`, all report the busy database as such.

use crate::support::Server;
use nfdeck::client::OrgClient;
use nfdeck::client::embedded::EmbeddedClient;
use nfdeck::domain::{ErrorKind, OrgFields};
use nfdeck::engine::{Engine, SharedEngine};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// How long the server waits for the lock here (5 s in real use).
const WAIT: Duration = Duration::from_millis(200);

/// Holds the write lock of the database file while alive, as an `sqlite3` shell would.
struct Lock(rusqlite::Connection);

impl Lock {
    fn take(path: &std::path::Path) -> Lock {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        Lock(conn)
    }

    fn release(self) {
        self.0.execute_batch("ROLLBACK").unwrap();
    }
}

#[tokio::test]
async fn a_locked_database_is_503_and_the_write_succeeds_afterwards() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nfdeck.db");
    let engine = Engine::open(&path).unwrap();
    engine.set_busy_timeout(WAIT).unwrap();
    let server = Server::start_with(SharedEngine::new(engine), true).await;
    server.user("ana@lab.test").await;
    let token = server.token("ana@lab.test").await;
    let send = |method: Method, path: &str, body: Option<Value>| {
        let request = server.http(method, path).bearer_auth(&token);
        match body {
            Some(b) => request.json(&b).send(),
            None => request.send(),
        }
    };
    let created: Value = send(
        Method::POST,
        "/orgs",
        Some(json!({"organization": {"name": "lab1", "fullName": "Lab"}})),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let org = created["organization"]["orgId"].as_i64().unwrap();
    let describe = || async {
        send(Method::GET, &format!("/orgs/{org}"), None)
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    };
    let before = describe().await;

    let remote = server.remote("ana@lab.test").await;
    let embedded: EmbeddedClient = server.embedded("ana@lab.test").await;
    let lock = Lock::take(&path);
    let started = Instant::now();
    let response = send(
        Method::PUT,
        &format!("/orgs/{org}"),
        Some(json!({"description": "now ours"})),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        response.headers()[reqwest::header::RETRY_AFTER],
        nfdeck::api::server::RETRY_AFTER_SECS.to_string().as_str()
    );
    let body: Value = response.json().await.unwrap();
    let message = body["message"].as_str().unwrap();
    assert!(message.starts_with("the database is busy"), "{message}");
    assert!(message.contains("nothing was changed"), "{message}");

    // Both clients say the same, and keep nothing half done.
    let fields = OrgFields {
        name: "lab1".into(),
        full_name: "Lab".into(),
        description: "from the remote client".into(),
        ..Default::default()
    };
    let e = remote.update_org(org, fields.clone()).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Busy, "{e}");
    assert!(
        e.message.contains("is busy (503): the database is busy"),
        "{e}"
    );
    let e = embedded.update_org(org, fields).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Busy, "{e}");
    assert!(e.message.starts_with("the database is busy"), "{e}");

    // `nfdeck apply` on the embedded engine says so too.
    let operator = server.embedded(crate::support::OPERATOR).await;
    let mut out = String::new();
    let e = nfdeck::commands::apply_text_with(
        &operator,
        "[[orgs]]\nname = \"lab2\"\nfull_name = \"Lab 2\"\nowners = [\"ana@lab.test\"]\n",
        "lab.toml",
        false,
        false,
        &|_: &str| None,
        &mut |s| out.push_str(s),
    )
    .await
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Busy, "{e}");
    assert!(e.message.starts_with("the database is busy"), "{e}");

    lock.release();
    assert_eq!(describe().await, before);
    let response = send(
        Method::PUT,
        &format!("/orgs/{org}"),
        Some(json!({"description": "now ours"})),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(describe().await["organization"]["description"], "now ours");
}
