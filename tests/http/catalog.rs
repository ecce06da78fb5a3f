//! The choices a client reads: action trigger types, compute platforms, launches by id.

use crate::wire::lab;
use reqwest::{Method, StatusCode};

#[tokio::test]
async fn action_types_and_platforms_list_what_nfdeck_runs() {
    let lab = lab().await;
    let (status, types) = lab.call(Method::GET, "/actions/types", None).await;
    assert_eq!(status, StatusCode::OK, "{types}");
    let sources: Vec<&str> = types["eventTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["github", "tower"]);

    let (status, list) = lab.call(Method::GET, "/platforms", None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let platforms = list["platforms"].as_array().unwrap();
    assert_eq!(platforms.len(), 17);
    let aws = platforms.iter().find(|p| p["id"] == "aws-batch").unwrap();
    assert_eq!(aws["name"], "AWS Batch");
    assert_eq!(aws["credentialsProviders"], serde_json::json!(["aws"]));
    let local = platforms
        .iter()
        .find(|p| p["id"] == "local-platform")
        .unwrap();
    assert_eq!(local["credentialsProviders"], serde_json::json!([]));
}

/// The dynamic values a resource label may hold are the ones the label rules accept: a value
/// listed here is saved, a variable not listed is refused.
#[tokio::test]
async fn allowed_dynamic_labels_are_the_ones_a_resource_label_accepts() {
    let lab = lab().await;
    let (status, allowed) = lab.call(Method::GET, "/labels/dynamic/allowed", None).await;
    assert_eq!(status, StatusCode::OK, "{allowed}");
    let values: Vec<&str> = allowed["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(values.contains(&"${sessionId}"), "{values:?}");
    let ws = lab.ws;
    for (value, expected) in [
        (values[0], StatusCode::OK),
        ("${notAVariable}", StatusCode::BAD_REQUEST),
    ] {
        let body = serde_json::json!({"name": "run", "value": value, "resource": true});
        let (status, answer) = lab
            .call(
                Method::POST,
                &format!("/labels?workspaceId={ws}"),
                Some(body),
            )
            .await;
        assert_eq!(status, expected, "{value}: {answer}");
    }
}

#[tokio::test]
async fn a_launch_is_read_by_its_id() {
    let lab = lab().await;
    let (ws, p) = (lab.ws, lab.pipeline);
    let (_, by_pipeline) = lab
        .call(
            Method::GET,
            &format!("/pipelines/{p}/launch?workspaceId={ws}"),
            None,
        )
        .await;
    let id = by_pipeline["launch"]["id"].as_str().unwrap();
    let (status, by_id) = lab
        .call(Method::GET, &format!("/launch/{id}?workspaceId={ws}"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{by_id}");
    assert_eq!(by_id, by_pipeline);
    for unknown in ["nope", "424242"] {
        let (status, err) = lab
            .call(
                Method::GET,
                &format!("/launch/{unknown}?workspaceId={ws}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{unknown}: {err}");
    }
}
