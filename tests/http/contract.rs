//! The contract with the Seqera API spec: `serve` over the demo data answers every GET of the
//! spec, on real ids, either with a body that validates against the spec's schema for that
//! operation and status, or with 404 "nfdeck does not offer ...". The GETs are enumerated from
//! the spec itself, so an endpoint nfdeck routes cannot be left unchecked: a routed GET whose
//! path needs an id this test does not know fails here, asking for one.

use crate::openapi::{self, errors, named, response_schema};
use crate::support::{OPERATOR, Server};
use nfdeck::commands::demo;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The demo served, the demo org's owner's token, and the ids of real objects by the name of
/// the spec's path parameter.
async fn demo_server() -> (Server, String, BTreeMap<&'static str, String>) {
    let client = demo::in_memory().await.expect("the demo builds");
    let server = Server::start_with(client.engine().clone(), true).await;
    let owner = demo::demo_owner().unwrap();
    let token = server.token(&owner).await;
    let get = |path: String| {
        let (server, token) = (&server, token.clone());
        async move {
            let r = server
                .http(Method::GET, &path)
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK, "GET {path}");
            r.json::<Value>().await.unwrap()
        }
    };
    let mut ids = BTreeMap::new();
    let user = get("/user-info".into()).await;
    ids.insert("userId", user["user"]["id"].to_string());
    let orgs = get("/orgs".into()).await;
    let org = orgs["organizations"][0]["orgId"].to_string();
    let wss = get(format!("/orgs/{org}/workspaces")).await;
    let ws = wss["workspaces"][0]["id"].to_string();
    let q = format!("?workspaceId={ws}");
    let first = |v: &Value, list: &str, id: &str| -> String {
        match &v[list][0][id] {
            Value::String(s) => s.clone(),
            Value::Null => panic!("the demo workspace has no {list}"),
            other => other.to_string(),
        }
    };
    let teams = get(format!("/orgs/{org}/teams")).await;
    ids.insert("teamId", first(&teams, "teams", "teamId"));
    let pipelines = get(format!("/pipelines{q}")).await;
    ids.insert("pipelineId", first(&pipelines, "pipelines", "pipelineId"));
    let launch = get(format!("/pipelines/{}/launch{q}", ids["pipelineId"])).await;
    ids.insert(
        "launchId",
        launch["launch"]["id"].as_str().unwrap().to_string(),
    );
    let envs = get(format!("/compute-envs{q}")).await;
    ids.insert("computeEnvId", first(&envs, "computeEnvs", "id"));
    let creds = get(format!("/credentials{q}")).await;
    ids.insert("credentialsId", first(&creds, "credentials", "id"));
    let actions = get(format!("/actions{q}")).await;
    ids.insert("actionId", first(&actions, "actions", "id"));
    // A run reported through trace as Nextflow does, so it has tasks.
    let run = traced_run(&server, &token, &ws).await;
    let tasks = get(format!("/workflow/{run}/tasks{q}")).await;
    ids.insert("taskId", tasks["tasks"][0]["task"]["taskId"].to_string());
    ids.insert("workflowId", run);
    // A workspace secret (the demo has none).
    let secret = server
        .http(Method::POST, &format!("/pipeline-secrets{q}"))
        .bearer_auth(&token)
        .json(&json!({"name": "CONTRACT_SECRET", "value": "not shown"}))
        .send()
        .await
        .unwrap();
    assert_eq!(secret.status(), StatusCode::OK);
    let secret: Value = secret.json().await.unwrap();
    ids.insert("secretId", secret["secretId"].to_string());
    let members = get(format!("/orgs/{org}/members")).await;
    ids.insert("memberId", first(&members, "members", "memberId"));
    ids.insert("orgId", org);
    // A custom role of the demo org (the demo has none), so `/roles/{roleName}` and
    // `/roles?orgId` answer with one.
    let role = server
        .http(Method::POST, &format!("/roles?orgId={}", ids["orgId"]))
        .bearer_auth(&token)
        .json(
            &json!({"name": "contract-curator", "description": "Curates pipelines",
                      "permissions": ["view_workspace", "manage_pipelines"]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(role.status(), StatusCode::CREATED);
    ids.insert("roleName", "contract-curator".to_string());
    ids.insert("workspaceId", ws);
    // The audit log is the operator's (`/admin`); its newest record.
    let root = server.token(OPERATOR).await;
    let r = server
        .http(Method::GET, "/admin/audit-logs-v2?max=1")
        .bearer_auth(&root)
        .send()
        .await
        .unwrap();
    let logs: Value = r.json().await.unwrap();
    ids.insert("auditLogId", first(&logs, "auditLogs", "id"));
    (server, token, ids)
}

const CREATE: &str = include_str!("fixtures/nextflow/1-create.json");
const BEGIN: &str = include_str!("fixtures/nextflow/2-begin.json");
const PROGRESS: &str = include_str!("fixtures/nextflow/3-progress.json");

/// A run created, begun and given its first tasks through `/trace`; its id.
async fn traced_run(server: &Server, token: &str, ws: &str) -> String {
    let send = |method: Method, path: String, body: String| async move {
        let r = server
            .http(method, &format!("{path}?workspaceId={ws}"))
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        r.json::<Value>().await.unwrap()
    };
    let created = send(Method::POST, "/trace/create".into(), CREATE.into()).await;
    let id = created["workflowId"].as_str().unwrap().to_string();
    let fill = |t: &str| {
        t.replace("__WORKFLOW_ID__", &id)
            .replace("__WATCH_URL__", &format!("http://localhost/workflow/{id}"))
            .replace("__WORKSPACE_ID__", ws)
    };
    send(Method::PUT, format!("/trace/{id}/begin"), fill(BEGIN)).await;
    send(Method::PUT, format!("/trace/{id}/progress"), fill(PROGRESS)).await;
    id
}

/// `path` with its parameters replaced by real ids (or by `UNKNOWN-<name>`, which no routed
/// endpoint can answer with 200), and the query the operation needs.
fn concrete(path: &str, op: &Value, ids: &BTreeMap<&str, String>) -> String {
    let mut out = String::new();
    for seg in path.split('/').skip(1) {
        out.push('/');
        match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(p) => out.push_str(ids.get(p).map_or(&format!("UNKNOWN-{p}"), |v| v)),
            None => out.push_str(seg),
        }
    }
    let mut query = Vec::new();
    for p in op["parameters"].as_array().into_iter().flatten() {
        if p["in"] != "query" {
            continue;
        }
        match p["name"].as_str().unwrap() {
            "workspaceId" => query.push(format!("workspaceId={}", ids["workspaceId"])),
            "orgId" => query.push(format!("orgId={}", ids["orgId"])),
            "name" => query.push("name=contractfree1".into()),
            _ => {}
        }
    }
    if !query.is_empty() {
        out = format!("{out}?{}", query.join("&"));
    }
    out
}

#[tokio::test]
async fn every_get_of_the_spec_conforms_or_is_not_offered_on_the_demo() {
    let (server, token, ids) = demo_server().await;
    let root = server.token(OPERATOR).await;
    let paths = openapi::spec()["paths"].as_object().unwrap();
    let (mut checked, mut not_offered, mut failures) = (Vec::new(), 0, Vec::new());
    for (path, item) in paths {
        let Some(op) = item.get("get") else { continue };
        let url = concrete(path, op, &ids);
        // `/admin` is the operator's; everything else is read as the demo org's owner.
        let caller = if path.starts_with("/admin/") {
            &root
        } else {
            &token
        };
        let r = server
            .http(Method::GET, &url)
            .bearer_auth(caller)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let body: Value = match r.bytes().await.unwrap() {
            b if b.is_empty() => Value::Null,
            b => serde_json::from_slice(&b).unwrap_or(Value::String("<not JSON>".into())),
        };
        let message = body["message"].as_str().unwrap_or("");
        if status == 404 && message.starts_with("nfdeck does not offer") {
            not_offered += 1;
            continue;
        }
        if !(200..300).contains(&status) {
            failures.push(format!("GET {url} ({path}): {status} {body}"));
            continue;
        }
        match response_schema("get", path, status) {
            Some(schema) => {
                let errs = errors(&openapi::validator(&schema), &body);
                if !errs.is_empty() {
                    failures.push(format!("GET {url}: {}", errs.join("; ")));
                }
            }
            None if body.is_null() => {}
            None => failures.push(format!("GET {url}: {status} has a body the spec has not")),
        }
        checked.push(path.clone());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The demo serves the spec's main areas; a router that lost them fails here.
    for must in [
        "/workflow/{workflowId}",
        "/workflow/{workflowId}/progress",
        "/pipelines",
        "/compute-envs/{computeEnvId}",
        "/orgs/{orgId}/workspaces",
        "/workflow/random-name",
        "/workflow/{workflowId}/launch",
        "/pipeline-secrets/{secretId}",
        "/tokens",
        "/users/{userId}",
        "/orgs/{orgId}/teams/{teamId}/workspaces",
        "/roles",
        "/roles/permissions",
        "/roles/{roleName}",
        "/roles/validate",
        "/actions/types",
        "/platforms",
        "/launch/{launchId}",
        "/labels/dynamic/allowed",
        "/admin/audit-logs-v2",
        "/admin/audit-logs-v2/{auditLogId}",
    ] {
        assert!(checked.iter().any(|p| p == must), "{must} was not checked");
    }
    assert!(
        not_offered > 0 && checked.len() > 20,
        "{} checked",
        checked.len()
    );
}

#[tokio::test]
async fn every_error_has_a_message_body() {
    let (server, token, ids) = demo_server().await;
    let wf = &ids["workflowId"];
    let error_schema = named("ErrorResponse");
    for (method, path, status) in [
        (Method::GET, "/no/such/endpoint".to_string(), 404),
        (Method::GET, "/pipelines/info".to_string(), 404),
        (Method::GET, "/pipelines/repositories".to_string(), 404),
        (Method::GET, "/workflow/validate?runName=x".to_string(), 404),
        (Method::PUT, format!("/workflow/{wf}"), 405),
        (Method::GET, "/workflow/no-such-run".to_string(), 404),
        (Method::GET, "/orgs/notanumber".to_string(), 400),
    ] {
        let r = server
            .http(method.clone(), &path)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), status, "{method} {path}");
        let body: Value = r
            .json()
            .await
            .unwrap_or_else(|_| panic!("{method} {path}: no JSON"));
        assert!(
            body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{method} {path}: {body}"
        );
        assert!(
            errors(&error_schema, &body).is_empty(),
            "{method} {path}: {body}"
        );
    }
    let r = server
        .http(Method::GET, "/pipelines/info")
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["message"], "nfdeck does not offer GET /pipelines/info");
}

#[test]
fn the_validator_rejects_wrong_bodies() {
    let v = named("DescribeTaskResponse");
    assert!(
        errors(
            &v,
            &json!({"task": {"taskId": 1, "status": "COMPLETED", "cpus": 2}})
        )
        .is_empty()
    );
    for bad in [
        json!({"task": {"taskId": "1", "status": "COMPLETED"}}),
        json!({"task": {"taskId": 1}}),
        json!({"task": {"taskId": 1, "status": "PENDING"}}),
        json!({"task": {"taskId": 1, "status": "NEW", "cpus": 5_000_000_000_i64}}),
        json!({"task": {"taskId": 1, "status": "NEW", "hostname": "x"}}),
    ] {
        assert!(!errors(&v, &bad).is_empty(), "{bad}");
    }
    // The run's load without the fields the spec requires (what serve sent before).
    let p = named("ProgressData");
    assert!(!errors(&p, &json!({"workflowProgress": {"pending": 0}})).is_empty());
}
