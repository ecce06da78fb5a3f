//! Bad requests over plain HTTP: malformed JSON, wrong types, a missing content type, bad
//! paths and queries are 400 with a message; a body over 1 MiB is 413; duplicates are 409;
//! unknown objects and endpoints are 404. Never a 500.

use crate::support::Server;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

struct Api {
    server: Server,
    token: String,
}

impl Api {
    async fn start() -> Api {
        let server = Server::start().await;
        server.user("ana@lab.test").await;
        let token = server.token("ana@lab.test").await;
        Api { server, token }
    }

    fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.server.http(method, path).bearer_auth(&self.token)
    }

    /// Sends and returns the status and the error message.
    async fn fails(&self, request: reqwest::RequestBuilder) -> (StatusCode, String) {
        let response = request.send().await.unwrap();
        let status = response.status();
        let body: Value = response.json().await.expect("a JSON body");
        (
            status,
            body["message"].as_str().unwrap_or_default().to_string(),
        )
    }

    async fn create_org(&self, name: &str) -> Value {
        self.request(Method::POST, "/orgs")
            .json(&json!({"organization": {"name": name, "fullName": "Lab"}}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn malformed_and_mistyped_bodies_are_400() {
    let api = Api::start().await;
    let (status, text) = api
        .fails(
            api.request(Method::POST, "/orgs")
                .header("content-type", "application/json")
                .body("{\"organization\": "),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("parse the request body"), "{text}");

    let (status, text) = api
        .fails(
            api.request(Method::POST, "/orgs")
                .json(&json!({"organization": {"name": 5}})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("invalid type"), "{text}");

    let (status, text) = api
        .fails(api.request(Method::POST, "/orgs").body("{}"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("Content-Type: application/json"), "{text}");

    let (status, text) = api
        .fails(
            api.request(Method::POST, "/orgs")
                .json(&json!({"organization": {"name": "lab1"}})),
        )
        .await;
    assert_eq!(
        (status, text.as_str()),
        (StatusCode::BAD_REQUEST, "organization.fullName is required")
    );

    let (status, text) = api
        .fails(api.request(Method::POST, "/orgs").json(&json!([1, 2])))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
}

#[tokio::test]
async fn bodies_over_the_limit_are_413() {
    let api = Api::start().await;
    let huge = format!(
        "{{\"organization\": {{\"name\": \"lab1\", \"fullName\": \"{}\"}}}}",
        "x".repeat(nfdeck::api::server::BODY_LIMIT)
    );
    let (status, text) = api
        .fails(
            api.request(Method::POST, "/orgs")
                .header("content-type", "application/json")
                .body(huge),
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{text}");
    let orgs: Value = api
        .request(Method::GET, "/orgs")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(orgs["totalSize"], 0);
}

#[tokio::test]
async fn bad_paths_and_queries_are_400_and_unknown_things_404() {
    let api = Api::start().await;
    let (status, text) = api.fails(api.request(Method::GET, "/orgs/abc")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("abc"), "{text}");
    let org = api.create_org("lab1").await["organization"]["orgId"]
        .as_i64()
        .unwrap();
    let (status, _) = api
        .fails(api.request(Method::GET, &format!("/orgs/{org}/members?max=-1")))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = api
        .fails(api.request(Method::GET, &format!("/orgs/{org}/members?offset=x")))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, text) = api.fails(api.request(Method::GET, "/orgs/validate")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("`name`"), "{text}");

    let (status, text) = api.fails(api.request(Method::GET, "/orgs/424242")).await;
    assert_eq!(
        (status, text.as_str()),
        (StatusCode::NOT_FOUND, "organization 424242 not found")
    );
    let (status, _) = api
        .fails(api.request(Method::DELETE, &format!("/orgs/{org}/teams/77")))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, text) = api.fails(api.request(Method::GET, "/pipelinez")).await;
    assert_eq!(
        (status, text.as_str()),
        (
            StatusCode::NOT_FOUND,
            "nfdeck does not offer GET /pipelinez"
        )
    );
}

#[tokio::test]
async fn duplicates_are_409_and_validate_says_so() {
    let api = Api::start().await;
    api.create_org("lab1").await;
    let (status, text) = api
        .fails(
            api.request(Method::POST, "/orgs")
                .json(&json!({"organization": {"name": "LAB1", "fullName": "Again"}})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(text.contains("already exists"), "{text}");
    let validate = |name: &str| {
        api.request(Method::GET, &format!("/orgs/validate?name={name}"))
            .send()
    };
    assert_eq!(
        validate("lab2").await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        validate("lab1").await.unwrap().status(),
        StatusCode::CONFLICT
    );
    assert_eq!(
        validate("-x-").await.unwrap().status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn participant_requests_need_exactly_one_target_and_a_known_role() {
    let api = Api::start().await;
    let org = api.create_org("lab1").await["organization"]["orgId"]
        .as_i64()
        .unwrap();
    let ws: Value = api
        .request(Method::POST, &format!("/orgs/{org}/workspaces"))
        .json(&json!({"workspace": {"name": "rnaseq", "fullName": "RNA-seq", "visibility": "PRIVATE"}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ws = ws["workspace"]["id"].as_i64().unwrap();
    let base = format!("/orgs/{org}/workspaces/{ws}/participants");
    let (status, text) = api
        .fails(
            api.request(Method::PUT, &format!("{base}/add"))
                .json(&json!({"memberId": 1, "teamId": 2})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("exactly one"), "{text}");
    let added: Value = api
        .request(Method::PUT, &format!("{base}/add"))
        .json(&json!({"userNameOrEmail": "eve@partner.test"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(added["participant"]["type"], "COLLABORATOR");
    assert_eq!(added["participant"]["wspRole"], "launch");
    let id = added["participant"]["participantId"].as_i64().unwrap();
    let (status, text) = api
        .fails(
            api.request(Method::PUT, &format!("{base}/{id}/role"))
                .json(&json!({"role": "superuser"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("not a workspace role"), "{text}");
    let ok = api
        .request(Method::PUT, &format!("{base}/{id}/role"))
        .json(&json!({"role": "maintain"}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::NO_CONTENT);
}
