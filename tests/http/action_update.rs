//! `PUT /actions/{actionId}`: rename an action and replace its launch, checked as a new one.

use crate::wire::lab;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn an_action_is_renamed_and_relaunched_by_put() {
    let lab = lab().await;
    let (ws, p) = (lab.ws, lab.pipeline);
    let (_, launch) = lab
        .call(
            Method::GET,
            &format!("/pipelines/{p}/launch?workspaceId={ws}"),
            None,
        )
        .await;
    let launch_id = launch["launch"]["id"].as_str().unwrap().to_string();
    let mut ids = Vec::new();
    for name in ["nightly", "weekly"] {
        let (status, created) = lab
            .call(
                Method::POST,
                &format!("/actions?workspaceId={ws}"),
                Some(json!({"name": name, "source": "tower", "launch": {"id": launch_id}})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{created}");
        ids.push(created["actionId"].as_str().unwrap().to_string());
    }
    let path = format!("/actions/{}?workspaceId={ws}", ids[0]);
    let (status, v) = lab
        .call(
            Method::PUT,
            &path,
            Some(json!({
                "name": "nightly-qc",
                "launch": {"id": launch_id, "paramsText": "{\"qc\": true}", "revision": "3.15.0"}
            })),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{v}");
    let (_, action) = lab.call(Method::GET, &path, None).await;
    assert_eq!(action["action"]["name"], "nightly-qc");
    assert_eq!(action["action"]["launch"]["revision"], "3.15.0");
    assert_eq!(action["action"]["launch"]["paramsText"], "{\"qc\": true}");

    // Bad input changes nothing.
    for (body, status_wanted, needle) in [
        (
            json!({"name": "weekly"}),
            StatusCode::CONFLICT,
            "already has an action named 'weekly'",
        ),
        (
            json!({"name": ""}),
            StatusCode::BAD_REQUEST,
            "name is required",
        ),
        (
            json!({"launch": {"id": "nope"}}),
            StatusCode::BAD_REQUEST,
            "launch.id 'nope'",
        ),
        (json!({"cron": {}}), StatusCode::BAD_REQUEST, "cron"),
        (json!({"title": "x"}), StatusCode::BAD_REQUEST, "title"),
    ] {
        let (status, err) = lab.call(Method::PUT, &path, Some(body.clone())).await;
        assert_eq!(status, status_wanted, "{body}: {err}");
        assert!(
            err["message"].as_str().unwrap_or_default().contains(needle),
            "{body}: {err}"
        );
    }
    let (_, action) = lab.call(Method::GET, &path, None).await;
    assert_eq!(action["action"]["name"], "nightly-qc");
    let (status, _) = lab
        .call(
            Method::PUT,
            &format!("/actions/nope?workspaceId={ws}"),
            Some(json!({"name": "x1"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// The remote client's `update_action` (`PUT`, then the action read back) renames the action
/// and replaces its launch; the server's engine holds what it sent.
#[tokio::test]
async fn the_remote_client_updates_an_action_round_trip() {
    use nfdeck::client::ActionClient;
    use nfdeck::domain::{ActionFields, ActionSource, ActionStatus, LaunchRequest, Scope};
    let lab = lab().await;
    let scope = Scope::Workspace(lab.ws);
    let remote = lab.server.remote("ana@lab.test").await;
    let added = remote
        .add_action(
            scope,
            ActionFields {
                name: "nightly".into(),
                source: ActionSource::Tower,
                launch: LaunchRequest::new(lab.pipeline),
                label_ids: vec![],
            },
        )
        .await
        .unwrap();
    let mut launch = added.launch.clone();
    launch.work_dir = Some("/scratch/nightly".into());
    launch.revision = Some("3.15.0".into());
    let updated = remote
        .update_action(
            scope,
            added.id.clone(),
            Some("nightly-qc".into()),
            Some(launch),
        )
        .await
        .unwrap();
    assert_eq!(updated.id, added.id);
    assert_eq!(updated.name, "nightly-qc");
    assert_eq!(updated.launch.work_dir.as_deref(), Some("/scratch/nightly"));
    assert_eq!(updated.launch.revision.as_deref(), Some("3.15.0"));
    assert_eq!(updated.source, ActionSource::Tower, "the trigger stays");
    assert_eq!(updated.status, ActionStatus::Active);
    assert_eq!(updated.endpoint, added.endpoint, "the hook URL stays");
    // The server's own engine has it so.
    let embedded = lab.server.embedded("ana@lab.test").await;
    let stored = embedded.get_action(scope, added.id.clone()).await.unwrap();
    assert_eq!(stored.name, "nightly-qc");
    assert_eq!(stored.launch.work_dir.as_deref(), Some("/scratch/nightly"));
    // Only a name: the launch stays.
    let renamed = remote
        .update_action(scope, added.id.clone(), Some("nightly".into()), None)
        .await
        .unwrap();
    assert_eq!(renamed.name, "nightly");
    assert_eq!(renamed.launch.revision.as_deref(), Some("3.15.0"));
    // The engine's rule comes back as it is.
    let err = remote
        .update_action(scope, added.id, Some(String::new()), None)
        .await
        .unwrap_err();
    assert!(err.message.contains("name is required"), "{}", err.message);
}
