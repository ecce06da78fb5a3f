//! The server reads on a pool of read connections beside its one writer: a read that starts
//! after a write was answered sees it, whether the same client reads (on the same connection)
//! or another client does (another user's token, another connection), also while other clients
//! write at the same time.

use crate::support::Server;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// One client: its own HTTP connections and token.
struct Client {
    http: reqwest::Client,
    url: String,
    token: String,
}

impl Client {
    async fn new(server: &Server, email: &str) -> Client {
        server.user(email).await;
        Client {
            http: reqwest::Client::new(),
            url: server.url.clone(),
            token: server.token(email).await,
        }
    }

    async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let request = self
            .http
            .request(method, format!("{}{path}", self.url))
            .bearer_auth(&self.token);
        let request = match body {
            Some(body) => request.json(&body),
            None => request,
        };
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        assert!(status.is_success(), "{path}: {status} {text}");
        if status == StatusCode::NO_CONTENT || text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        }
    }

    async fn description(&self, org: i64) -> Value {
        self.send(Method::GET, &format!("/orgs/{org}"), None).await["organization"]["description"]
            .clone()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_right_after_an_answered_write_sees_it_from_any_client() {
    let server = Server::start().await;
    let mut owners = Vec::new();
    for i in 0..4 {
        owners.push(Client::new(&server, &format!("owner{i}@lab.test")).await);
    }
    let root = Client::new(&server, crate::support::OPERATOR).await;
    let root = &root;
    let writers = owners.iter().enumerate().map(|(i, owner)| async move {
        let created = owner
            .send(
                Method::POST,
                "/orgs",
                Some(json!({"organization": {"name": format!("lab{i}"), "fullName": "Lab"}})),
            )
            .await;
        let org = created["organization"]["orgId"].as_i64().unwrap();
        for round in 0..15 {
            let description = format!("owner {i}, round {round}");
            owner
                .send(
                    Method::PUT,
                    &format!("/orgs/{org}"),
                    Some(json!({"description": description})),
                )
                .await;
            // The same client, then another user's client, at once.
            assert_eq!(owner.description(org).await, json!(description));
            assert_eq!(root.description(org).await, json!(description));
        }
    });
    futures::future::join_all(writers).await;
}
