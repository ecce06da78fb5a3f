//! Changing run history over HTTP as `tw` and scripts do: deleting runs (one, many), their
//! labels, and reading the launch a run came from.

use crate::support::Server;
use crate::wire::{Lab, lab};
use nfdeck::client::{LaunchpadClient, ParticipantClient, RunClient, SettingsClient};
use nfdeck::domain::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A run of the lab's pipeline, launched by ana (SUBMITTED); cancelled when `finished`.
async fn run(lab: &Lab, name: &str, finished: bool) -> String {
    let ana = lab.server.embedded("ana@lab.test").await;
    let scope = Scope::Workspace(lab.ws);
    let run = ana
        .launch(
            scope,
            LaunchRequest {
                run_name: Some(name.into()),
                params: Some("{\"outdir\": \"out\"}".into()),
                ..LaunchRequest::new(lab.pipeline)
            },
        )
        .await
        .unwrap();
    if finished {
        ana.cancel_run(scope, run.id.clone()).await.unwrap();
    }
    run.id
}

async fn exists(lab: &Lab, id: &str) -> bool {
    let (status, _) = lab
        .call(
            Method::GET,
            &format!("/workflow/{id}?workspaceId={}", lab.ws),
            None,
        )
        .await;
    status == StatusCode::OK
}

fn message(v: &Value) -> &str {
    v["message"].as_str().unwrap_or_default()
}

/// A token of a new org member with `role` in the lab's workspace.
async fn token_with_role(lab: &Lab, email: &str, role: WspRole) -> String {
    let server: &Server = &lab.server;
    server.user(email).await;
    let ana = server.embedded("ana@lab.test").await;
    ana.add_participant(
        lab.org,
        lab.ws,
        ParticipantRef::UserNameOrEmail(email.into()),
        Some(role.into()),
    )
    .await
    .unwrap();
    server.token(email).await
}

#[tokio::test]
async fn deleting_a_run_refuses_an_active_one_unless_forced() {
    let lab = lab().await;
    let ws = lab.ws;
    let active = run(&lab, "active", false).await;
    let (status, err) = lab
        .call(
            Method::DELETE,
            &format!("/workflow/{active}?workspaceId={ws}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(
        message(&err),
        "run 'active' is SUBMITTED: cancel it first, or delete it with force=true"
    );
    assert!(
        exists(&lab, &active).await,
        "a refused delete changes nothing"
    );
    let (status, _) = lab
        .call(
            Method::DELETE,
            &format!("/workflow/{active}?workspaceId={ws}&force=true"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(!exists(&lab, &active).await);

    let done = run(&lab, "done", true).await;
    let (status, _) = lab
        .call(
            Method::DELETE,
            &format!("/workflow/{done}?workspaceId={ws}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, err) = lab
        .call(
            Method::DELETE,
            &format!("/workflow/{done}?workspaceId={ws}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{err}");
    let (status, err) = lab
        .call(
            Method::DELETE,
            &format!("/workflow/{done}?workspaceId={ws}&force=maybe"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(message(&err).contains("force"), "{err}");
}

#[tokio::test]
async fn bulk_deletion_answers_the_runs_it_could_not_delete() {
    let lab = lab().await;
    let ws = lab.ws;
    let a = run(&lab, "a", true).await;
    let b = run(&lab, "b", true).await;
    let active = run(&lab, "active", false).await;
    let launcher = token_with_role(&lab, "lee@lab.test", WspRole::Launch).await;
    let refused = lab
        .server
        .http(Method::POST, &format!("/workflow/delete?workspaceId={ws}"))
        .bearer_auth(&launcher)
        .json(&json!({"workflowIds": [a]}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(exists(&lab, &a).await);

    for (body, needle) in [
        (json!({}), "workflowIds is required"),
        (json!({"workflowIds": "a"}), "workflowIds"),
        (
            json!({"workflowIds": []}),
            "workflowIds must name at least one run",
        ),
        (json!({"workflowIds": [a], "ids": []}), "ids"),
    ] {
        let (status, err) = lab
            .call(
                Method::POST,
                &format!("/workflow/delete?workspaceId={ws}"),
                Some(body.clone()),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {err}");
        assert!(message(&err).contains(needle), "{body}: {err}");
    }
    assert!(exists(&lab, &a).await);

    let (status, answer) = lab
        .call(
            Method::POST,
            &format!("/workflow/delete?workspaceId={ws}"),
            Some(json!({"workflowIds": [a, active, "nope", b]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!({"failedWorkflowIds": [active, "nope"]}));
    assert!(!exists(&lab, &a).await && !exists(&lab, &b).await);
    assert!(exists(&lab, &active).await);
}

#[tokio::test]
async fn run_labels_are_added_applied_and_removed() {
    let lab = lab().await;
    let ws = lab.ws;
    let ana = lab.server.embedded("ana@lab.test").await;
    let scope = Scope::Workspace(ws);
    let mut ids = Vec::new();
    for name in ["qc", "urgent"] {
        ids.push(
            ana.create_label(scope, LabelFields::simple(name))
                .await
                .unwrap()
                .id,
        );
    }
    let (qc, urgent) = (ids[0], ids[1]);
    let r1 = run(&lab, "r1", false).await;
    let r2 = run(&lab, "r2", true).await;
    let names = |id: String| {
        let lab = &lab;
        async move {
            let (_, v) = lab
                .call(
                    Method::GET,
                    &format!("/workflow/{id}?workspaceId={}", lab.ws),
                    None,
                )
                .await;
            v["labels"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["name"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    let post = |verb: &'static str, body: Value| {
        let lab = &lab;
        async move {
            lab.call(
                Method::POST,
                &format!("/workflow/labels/{verb}?workspaceId={}", lab.ws),
                Some(body),
            )
            .await
        }
    };
    let launcher = token_with_role(&lab, "lee@lab.test", WspRole::Launch).await;
    let added = lab
        .server
        .http(
            Method::POST,
            &format!("/workflow/labels/add?workspaceId={ws}"),
        )
        .bearer_auth(&launcher)
        .json(&json!({"workflowIds": [r1, r2], "labelIds": [qc]}))
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), StatusCode::NO_CONTENT);
    assert_eq!(names(r2.clone()).await, ["qc"]);
    let (status, _) = post("apply", json!({"workflowIds": [r1], "labelIds": [urgent]})).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(names(r1.clone()).await, ["urgent"]);
    assert_eq!(names(r2.clone()).await, ["qc"]);
    let (status, _) = post(
        "remove",
        json!({"workflowIds": [r1, r2], "labelIds": [urgent]}),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(names(r1.clone()).await.is_empty());

    // Nothing changes on bad input: an unknown run, an unknown label, a missing field.
    let (status, err) = post(
        "add",
        json!({"workflowIds": [r1, "nope"], "labelIds": [qc]}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{err}");
    assert!(names(r1.clone()).await.is_empty());
    let (status, err) = post("add", json!({"workflowIds": [r1], "labelIds": [424242]})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{err}");
    assert!(message(&err).contains("label 424242 not found"), "{err}");
    let (status, err) = post("add", json!({"workflowIds": [r1]})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert_eq!(message(&err), "labelIds is required");
    assert!(names(r1.clone()).await.is_empty());

    // The remote client sends the same requests.
    let remote = lab.server.remote("ana@lab.test").await;
    remote
        .change_run_labels(
            scope,
            vec![r1.clone()],
            vec![qc, urgent],
            RunLabelChange::Add,
        )
        .await
        .unwrap();
    assert_eq!(names(r1.clone()).await, ["qc", "urgent"]);
    let failed = remote
        .delete_runs(scope, vec![r1.clone(), r2.clone()], false)
        .await
        .unwrap();
    assert_eq!(failed, vec![r1.clone()], "r1 is still SUBMITTED");
    assert!(!exists(&lab, &r2).await);
}

#[tokio::test]
async fn a_run_answers_the_launch_it_came_from() {
    let lab = lab().await;
    let ws = lab.ws;
    let id = run(&lab, "again", true).await;
    let (status, v) = lab
        .call(
            Method::GET,
            &format!("/workflow/{id}/launch?workspaceId={ws}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let launch = &v["launch"];
    assert_eq!(launch["pipeline"], "https://github.com/nf-core/rnaseq");
    assert_eq!(launch["revision"], "3.14.0");
    assert_eq!(launch["configProfiles"], json!(["docker"]));
    assert_eq!(launch["paramsText"], "{\"outdir\": \"out\"}");
    assert_eq!(launch["pipelineId"], lab.pipeline);
    assert_eq!(launch["computeEnv"]["name"], "local");
    assert_eq!(launch["computeEnv"]["platform"], "local-platform");
    let (status, err) = lab
        .call(
            Method::GET,
            &format!("/workflow/nope/launch?workspaceId={ws}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{err}");
}
