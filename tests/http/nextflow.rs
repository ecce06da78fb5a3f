//! A recorded `nextflow run -with-tower` session (the nf-tower plugin's requests, in order, as
//! JSON fixtures) played against `nfdeck serve`: create, begin, progress, heartbeat, progress,
//! complete turn into a run with its status, task counters and usage.

use crate::support::{OPERATOR, Server};
use nfdeck::client::{OrgClient, ParticipantClient, RunClient, WorkspaceClient};
use nfdeck::domain::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;

const CREATE: &str = include_str!("fixtures/nextflow/1-create.json");
const BEGIN: &str = include_str!("fixtures/nextflow/2-begin.json");
const PROGRESS_1: &str = include_str!("fixtures/nextflow/3-progress.json");
const PROGRESS_2: &str = include_str!("fixtures/nextflow/4-progress.json");
const HEARTBEAT: &str = include_str!("fixtures/nextflow/5-heartbeat.json");
const PROGRESS_3: &str = include_str!("fixtures/nextflow/6-progress.json");
const COMPLETE: &str = include_str!("fixtures/nextflow/7-complete.json");

/// How Nextflow authenticates: a bearer token, or Basic `@token` for tokens it cannot tell
/// apart.
#[derive(Clone, Copy)]
enum Auth {
    Bearer,
    Basic,
}

struct Nextflow<'a> {
    server: &'a Server,
    token: String,
    query: String,
}

impl Nextflow<'_> {
    async fn send(
        &self,
        method: Method,
        path: &str,
        body: &str,
        auth: Auth,
    ) -> (StatusCode, Value) {
        let request = self
            .server
            .http(method, &format!("{path}{}", self.query))
            .header("content-type", "application/json")
            .header("user-agent", "Nextflow/24.10.0")
            .body(body.to_string());
        let request = match auth {
            Auth::Bearer => request.bearer_auth(&self.token),
            Auth::Basic => request.basic_auth("@token", Some(&self.token)),
        };
        let response = request.send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn ok(&self, method: Method, path: &str, body: &str, auth: Auth) -> Value {
        let (status, answer) = self.send(method, path, body, auth).await;
        assert_eq!(status, StatusCode::OK, "{path}: {answer}");
        answer
    }
}

/// ana owns org `lab1` with workspace `lab`; vic has `view` there.
async fn lab(server: &Server) -> (WorkspaceId, Scope) {
    let ana = server.embedded("ana@lab.test").await;
    server.user("vic@lab.test").await;
    let org = ana
        .create_org(OrgFields {
            name: "lab1".into(),
            full_name: "Lab".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .id;
    let ws = ana
        .create_workspace(
            org,
            WorkspaceFields {
                name: "lab".into(),
                full_name: "Lab".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id;
    ana.add_member(org, "vic@lab.test").await.unwrap();
    ana.add_participant(
        org,
        ws,
        ParticipantRef::UserNameOrEmail("vic@lab.test".into()),
        Some(WspRole::View),
    )
    .await
    .unwrap();
    (ws, Scope::Workspace(ws))
}

#[tokio::test]
async fn a_recorded_nextflow_run_becomes_a_run_with_progress() {
    let server = Server::start().await;
    let (ws, scope) = lab(&server).await;
    let nf = Nextflow {
        server: &server,
        token: server.token("ana@lab.test").await,
        query: format!("?workspaceId={ws}"),
    };
    let engine = server.embedded("ana@lab.test").await;

    let created = nf
        .ok(Method::POST, "/trace/create", CREATE, Auth::Bearer)
        .await;
    let id = created["workflowId"].as_str().unwrap().to_string();
    assert!(
        created["watchUrl"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/workflow/{id}?workspaceId={ws}"))
    );
    assert_eq!(created["metadata"]["workspaceName"], "lab");
    let run = engine.get_run(scope, id.clone()).await.unwrap();
    assert_eq!(
        (run.status, run.run_name.as_str()),
        (WorkflowStatus::Submitted, "ecstatic_hopper")
    );
    assert_eq!(run.project_name, "nextflow-io/rnaseq-nf");

    let begun = nf
        .ok(
            Method::PUT,
            &format!("/trace/{id}/begin"),
            BEGIN,
            Auth::Basic,
        )
        .await;
    assert_eq!(
        (begun["status"].as_str(), begun["workflowId"].as_str()),
        (Some("OK"), Some(id.as_str()))
    );
    let run = engine.get_run(scope, id.clone()).await.unwrap();
    assert_eq!(run.status, WorkflowStatus::Running);
    assert_eq!(run.profiles, ["docker", "test"]);
    assert_eq!(
        (run.work_dir.as_deref(), run.revision.as_deref()),
        (Some("/scratch/ana/work"), Some("master"))
    );

    nf.ok(
        Method::PUT,
        &format!("/trace/{id}/progress"),
        PROGRESS_1,
        Auth::Bearer,
    )
    .await;
    let run = engine.get_run(scope, id.clone()).await.unwrap();
    assert_eq!((run.progress.pending, run.progress.submitted), (2, 2));
    assert_eq!(run.usage.cpu_hours, 0.0, "no task has finished yet");

    nf.ok(
        Method::PUT,
        &format!("/trace/{id}/progress"),
        PROGRESS_2,
        Auth::Bearer,
    )
    .await;
    let run = engine.get_run(scope, id.clone()).await.unwrap();
    assert_eq!((run.progress.succeeded, run.progress.running), (2, 1));
    // INDEX: 0.5 h x 2 CPUs, 1 GiB; FASTQC: 1 h x 1 CPU, 0.5 GiB.
    assert_eq!(
        (run.usage.cpu_hours, run.usage.memory_gib_hours),
        (2.0, 1.0)
    );

    let beat = nf
        .ok(
            Method::PUT,
            &format!("/trace/{id}/heartbeat"),
            HEARTBEAT,
            Auth::Basic,
        )
        .await;
    assert_eq!(beat["message"], "OK");
    assert_eq!(
        engine
            .get_run(scope, id.clone())
            .await
            .unwrap()
            .usage
            .cpu_hours,
        2.0
    );

    nf.ok(
        Method::PUT,
        &format!("/trace/{id}/progress"),
        PROGRESS_3,
        Auth::Bearer,
    )
    .await;
    let done = nf
        .ok(
            Method::PUT,
            &format!("/trace/{id}/complete"),
            COMPLETE,
            Auth::Bearer,
        )
        .await;
    assert_eq!(done["status"], "OK");

    // QUANT adds 0.25 h x 2 CPUs at 2 GiB; the cached MULTIQC costs nothing.
    let run = engine.get_run(scope, id.clone()).await.unwrap();
    assert_eq!(run.status, WorkflowStatus::Succeeded);
    assert_eq!(
        (run.exit_status, run.progress.succeeded, run.progress.cached),
        (Some(0), 3, 1)
    );
    assert_eq!(
        (run.usage.cpu_hours, run.usage.memory_gib_hours),
        (2.5, 1.5)
    );
    assert!(
        (run.usage.cost - (0.1 * 2.5 + 0.025 * 1.5)).abs() < 1e-9,
        "{}",
        run.usage.cost
    );
    assert!(run.complete.is_some() && run.duration_ms.is_some());

    // The API tells the same story.
    let described: Value = server
        .http(Method::GET, &format!("/workflow/{id}?workspaceId={ws}"))
        .bearer_auth(&nf.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(described["workflow"]["status"], "SUCCEEDED");
    assert_eq!(
        described["workflow"]["configProfiles"],
        serde_json::json!(["docker", "test"])
    );
    let load = &described["progress"]["workflowProgress"];
    assert_eq!(
        (load["succeeded"].as_i64(), load["cached"].as_i64()),
        (Some(3), Some(1))
    );
    assert_eq!(
        load["cpuTime"].as_i64(),
        Some(9_000_000),
        "2.5 CPU-hours in milliseconds"
    );
    let remote = server.remote("ana@lab.test").await;
    assert_eq!(
        remote.get_run(scope, id.clone()).await.unwrap().usage,
        run.usage
    );

    // A finished run takes no more reports.
    let (status, answer) = nf
        .send(
            Method::PUT,
            &format!("/trace/{id}/progress"),
            PROGRESS_3,
            Auth::Bearer,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
}

#[tokio::test]
async fn trace_calls_need_launch_rights_and_a_known_run() {
    let server = Server::start().await;
    let (ws, _) = lab(&server).await;
    let vic = Nextflow {
        server: &server,
        token: server.token("vic@lab.test").await,
        query: format!("?workspaceId={ws}"),
    };
    let (status, answer) = vic
        .send(Method::POST, "/trace/create", CREATE, Auth::Bearer)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("launch pipelines"),
        "{answer}"
    );

    let ana = Nextflow {
        server: &server,
        token: server.token("ana@lab.test").await,
        query: format!("?workspaceId={ws}"),
    };
    let (status, _) = ana
        .send(Method::PUT, "/trace/nope/begin", BEGIN, Auth::Bearer)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, answer) = ana
        .send(
            Method::POST,
            "/trace/create",
            r#"{"sessionId": "", "runName": "x"}"#,
            Auth::Bearer,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
}

#[tokio::test]
async fn without_a_workspace_id_runs_go_to_the_personal_workspace() {
    let server = Server::start().await;
    server.user("ana@lab.test").await;
    let nf = Nextflow {
        server: &server,
        token: server.token("ana@lab.test").await,
        query: String::new(),
    };
    let created = nf
        .ok(Method::POST, "/trace/create", CREATE, Auth::Bearer)
        .await;
    let id = created["workflowId"].as_str().unwrap().to_string();
    nf.ok(
        Method::PUT,
        &format!("/trace/{id}/begin"),
        BEGIN,
        Auth::Bearer,
    )
    .await;
    let runs = server
        .embedded("ana@lab.test")
        .await
        .list_runs(Scope::Personal, RunQuery::default())
        .await
        .unwrap();
    assert_eq!(
        (runs.total, runs.items[0].status),
        (1, WorkflowStatus::Running)
    );
    let root = server.embedded(OPERATOR).await;
    assert!(
        root.list_runs(Scope::Personal, RunQuery::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );
}
