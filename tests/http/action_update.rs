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
