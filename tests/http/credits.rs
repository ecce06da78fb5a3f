//! Credits over plain HTTP: amounts are exact to the cent. An amount with more than two
//! decimals, beyond 10^12 credits or negative is a 400 naming the field; more than is
//! available is a 409 saying how much is; each refusal changes nothing. The org's billing view
//! is for org owners.

use crate::support::{OPERATOR, Server};
use nfdeck::client::{OrgClient, WorkspaceClient};
use nfdeck::domain::{OrgFields, WorkspaceFields};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// An org `lab1` owned by ana with workspaces `ws-a` and `ws-b`, member ben, and `balance` credits.
struct Lab {
    server: Server,
    ana: String,
    ben: String,
    root: String,
    org: i64,
    a: i64,
    b: i64,
}

impl Lab {
    async fn start(balance: f64) -> Lab {
        let server = Server::start().await;
        let client = server.remote("ana@lab.test").await;
        server.user("ben@lab.test").await;
        let org = client
            .create_org(OrgFields {
                name: "lab1".into(),
                full_name: "Lab".into(),
                ..Default::default()
            })
            .await
            .unwrap()
            .id;
        client.add_member(org, "ben@lab.test").await.unwrap();
        let mut ids = Vec::new();
        for name in ["ws-a", "ws-b"] {
            let ws = WorkspaceFields {
                name: name.into(),
                full_name: name.to_uppercase(),
                ..Default::default()
            };
            ids.push(client.create_workspace(org, ws).await.unwrap().id);
        }
        let lab = Lab {
            ana: server.token("ana@lab.test").await,
            ben: server.token("ben@lab.test").await,
            root: server.token(OPERATOR).await,
            server,
            org,
            a: ids[0],
            b: ids[1],
        };
        let (status, _) = lab
            .send(
                &lab.root,
                Method::PUT,
                "/credits",
                json!({ "credits": balance }),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        lab
    }

    /// Sends `body` to the org's `path` (under /ext/nfdeck/orgs/{org}) as `token`.
    async fn send(
        &self,
        token: &str,
        method: Method,
        path: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        self.send_text(token, method, path, &body.to_string()).await
    }

    /// Sends a JSON body as written (numbers `json!` cannot hold, like 1.8e308).
    async fn send_text(
        &self,
        token: &str,
        method: Method,
        path: &str,
        body: &str,
    ) -> (StatusCode, Value) {
        let url = format!("/ext/nfdeck/orgs/{}{path}", self.org);
        let response = self
            .server
            .http(method, &url)
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.expect("a JSON body"))
    }

    async fn allocate(&self, ws: i64, allocation: Value) -> (StatusCode, Value) {
        let path = format!("/workspaces/{ws}/allocation");
        self.send(
            &self.ana,
            Method::PUT,
            &path,
            json!({ "allocation": allocation }),
        )
        .await
    }

    async fn transfer(&self, amount: Value) -> (StatusCode, Value) {
        let body = json!({ "fromWorkspaceId": self.a, "toWorkspaceId": self.b, "amount": amount });
        self.send(&self.ana, Method::POST, "/transfers", body).await
    }

    /// The org's billing view as `token` sees it.
    async fn billing_as(&self, token: &str) -> (StatusCode, Value) {
        let url = format!("/ext/nfdeck/orgs/{}/billing", self.org);
        let response = self
            .server
            .http(Method::GET, &url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.expect("a JSON body"))
    }

    /// Balance, allocations and transfers as the owner sees them.
    async fn billing(&self) -> Value {
        let (status, body) = self.billing_as(&self.ana).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }
}

fn message(body: &Value) -> &str {
    body["message"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn a_transfer_with_more_than_two_decimals_is_refused_not_a_500() {
    let lab = Lab::start(500.0).await;
    assert_eq!(lab.allocate(lab.a, json!(100)).await.0, StatusCode::OK);
    let before = lab.billing().await;

    let (status, body) = lab.transfer(json!(100.001)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(message(&body), "amount 100.001 has more than two decimals");
    assert_eq!(lab.billing().await, before, "the refusal changed nothing");

    let (status, body) = lab.transfer(json!(100.01)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(
        message(&body).contains("workspace 'ws-a' has only 100.00 credits available"),
        "{body}"
    );
    assert_eq!(lab.billing().await, before);

    for bad in [json!(0), json!(-5)] {
        let (status, body) = lab.transfer(bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(lab.billing().await, before);
    }

    let (status, body) = lab.transfer(json!(100)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["amount"], json!(100.0));
}

#[tokio::test]
async fn an_allocation_with_more_than_two_decimals_is_refused() {
    let lab = Lab::start(500.0).await;
    assert_eq!(lab.allocate(lab.a, json!(100)).await.0, StatusCode::OK);
    let before = lab.billing().await;
    assert_eq!(before["unallocated"], json!(400.0));

    let (status, body) = lab.allocate(lab.b, json!(400.004)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        message(&body),
        "allocation 400.004 has more than two decimals"
    );
    assert_eq!(lab.billing().await, before, "the refusal changed nothing");

    let (status, body) = lab.allocate(lab.b, json!(400.01)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(
        message(&body).contains("has unallocated (400.00)"),
        "says how much is available: {body}"
    );
    let (status, body) = lab.allocate(lab.b, json!(-1)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(message(&body), "allocation -1 must be at least 0 credits");
    assert_eq!(lab.billing().await, before);

    let (status, body) = lab.allocate(lab.b, json!(400)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["unallocated"], json!(0.0));
}

#[tokio::test]
async fn a_balance_beyond_the_bound_is_refused() {
    let lab = Lab::start(500.0).await;
    let before = lab.billing().await;
    for (credits, expected) in [
        (
            "1.7e308",
            "credits 1.7e308 is more than 1000000000000, the most credits an amount may hold",
        ),
        (
            "1000000000000.01",
            "credits 1000000000000.01 is more than 1000000000000, the most credits an amount may hold",
        ),
        ("12.345", "credits 12.345 has more than two decimals"),
        ("-1", "credits -1 must be at least 0 credits"),
    ] {
        let body = format!("{{\"credits\": {credits}}}");
        let (status, body) = lab
            .send_text(&lab.root, Method::PUT, "/credits", &body)
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(message(&body), expected);
        assert_eq!(lab.billing().await, before, "the refusal changed nothing");
    }
    // Beyond the largest float, JSON cannot hold the number: still a 400, nothing changes.
    let (status, body) = lab
        .send_text(&lab.root, Method::PUT, "/credits", "{\"credits\": 1.8e308}")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(!message(&body).is_empty(), "{body}");
    assert_eq!(lab.billing().await, before);
    // The bound itself is fine, and comes back exactly.
    let (status, body) = lab
        .send(
            &lab.root,
            Method::PUT,
            "/credits",
            json!({ "credits": 999_999_999_999.99 }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["balance"].to_string(), "999999999999.99");
}

#[tokio::test]
async fn cents_add_up_exactly() {
    let lab = Lab::start(1.0).await;
    assert_eq!(lab.allocate(lab.a, json!(0.1)).await.0, StatusCode::OK);
    let (status, body) = lab.allocate(lab.b, json!(0.2)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["allocated"].to_string(), "0.3");
    assert_eq!(body["unallocated"].to_string(), "0.7");
    let (status, body) = lab.transfer(json!(0.1)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let after = lab.billing().await;
    let allocation = |name: &str| {
        after["workspaces"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["workspace_name"] == name)
            .map(|w| w["allocation"].to_string())
    };
    assert_eq!(allocation("ws-a").as_deref(), Some("0.0"));
    assert_eq!(allocation("ws-b").as_deref(), Some("0.3"));
}

#[tokio::test]
async fn only_org_owners_see_the_billing_view() {
    let lab = Lab::start(500.0).await;
    let (status, body) = lab.billing_as(&lab.ben).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(
        message(&body),
        "only owners of org 'lab1' may see the org's billing view"
    );
    let (status, body) = lab.billing_as(&lab.ana).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["workspaces"].as_array().unwrap().len(), 2);
    let (status, _) = lab.billing_as(&lab.root).await;
    assert_eq!(status, StatusCode::OK, "the operator too");
}
