//! Workspace secrets (`/pipeline-secrets`) over raw HTTP: values are write-only (never in an
//! answer, the audit log or the database in clear), managed by owners and admins, listed by
//! anyone in the workspace.

use crate::wire::lab;
use nfdeck::client::{ParticipantClient, SecretClient};
use nfdeck::domain::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const VALUE: &str = "very-secret-value-42";

fn message(v: &Value) -> &str {
    v["message"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn secrets_are_created_changed_and_deleted_but_never_read_back() {
    let lab = lab().await;
    let ws = lab.ws;
    let base = format!("/pipeline-secrets?workspaceId={ws}");
    let (status, created) = lab
        .call(
            Method::POST,
            &base,
            Some(json!({"name": "AWS_TOKEN", "value": VALUE})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let id = created["secretId"].as_i64().unwrap();
    let one = format!("/pipeline-secrets/{id}?workspaceId={ws}");
    let (_, list) = lab.call(Method::GET, &base, None).await;
    assert_eq!(list["totalSize"], 1);
    assert_eq!(list["pipelineSecrets"][0]["name"], "AWS_TOKEN");
    let (status, described) = lab.call(Method::GET, &one, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(described["pipelineSecret"]["id"], id);
    let (status, _) = lab
        .call(
            Method::PUT,
            &one,
            Some(json!({"value": "changed-value-43"})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    for text in [list.to_string(), described.to_string()] {
        assert!(!text.contains(VALUE), "{text}");
    }

    // Validation: free, taken, invalid.
    for (name, expected) in [
        ("OTHER", StatusCode::NO_CONTENT),
        ("AWS_TOKEN", StatusCode::CONFLICT),
        ("a__b", StatusCode::BAD_REQUEST),
    ] {
        let (status, v) = lab
            .call(
                Method::GET,
                &format!("/pipeline-secrets/validate?workspaceId={ws}&name={name}"),
                None,
            )
            .await;
        assert_eq!(status, expected, "{name}: {v}");
    }
    // Bad input names the field and changes nothing.
    for (body, needle) in [
        (json!({"name": "X1"}), "value is required"),
        (
            json!({"name": "X1", "value": ""}),
            "secret value must not be empty",
        ),
        (json!({"name": "1x", "value": "v"}), "secret name '1x'"),
        (
            json!({"name": "AWS_TOKEN", "value": "v"}),
            "already has a secret named 'AWS_TOKEN'",
        ),
        (json!({"name": "X1", "value": 5}), "value"),
    ] {
        let (status, err) = lab.call(Method::POST, &base, Some(body.clone())).await;
        assert!(status.is_client_error(), "{body}: {status}");
        assert!(message(&err).contains(needle), "{body}: {err}");
    }
    let (_, list) = lab.call(Method::GET, &base, None).await;
    assert_eq!(list["totalSize"], 1);

    // Neither the audit log nor the stored row holds the value in clear.
    let (audit, stored) = lab
        .server
        .engine
        .run(|e| {
            let op = e.operator("root@localhost.test")?;
            let audit = e.read(&op, |cx| cx.list_audit(&Page::all()))?;
            let stored: Vec<u8> = e
                .connection()
                .query_row("SELECT value FROM pipeline_secrets", [], |r| r.get(0))
                .unwrap();
            Ok((serde_json::to_string(&audit.items).unwrap(), stored))
        })
        .await
        .unwrap();
    assert!(audit.contains("secret.update"), "{audit}");
    assert!(!audit.contains(VALUE) && !audit.contains("changed-value-43"));
    let needle = b"changed-value-43";
    assert!(!stored.windows(needle.len()).any(|w| w == needle));

    let (status, _) = lab.call(Method::DELETE, &one, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, err) = lab.call(Method::GET, &one, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{err}");
}

#[tokio::test]
async fn only_credential_managers_manage_secrets() {
    let lab = lab().await;
    let (org, ws) = (lab.org, lab.ws);
    let scope = Scope::Workspace(ws);
    let ana = lab.server.remote("ana@lab.test").await;
    let made = ana
        .create_secret(scope, "DB_PASSWORD".into(), SecretString::from("pw"))
        .await
        .unwrap();
    assert_eq!(made.name, "DB_PASSWORD");
    lab.server.user("mia@lab.test").await;
    lab.server
        .embedded("ana@lab.test")
        .await
        .add_participant(
            org,
            ws,
            ParticipantRef::UserNameOrEmail("mia@lab.test".into()),
            Some(WspRole::Maintain.into()),
        )
        .await
        .unwrap();
    let mia = lab.server.remote("mia@lab.test").await;
    assert_eq!(mia.list_secrets(scope).await.unwrap(), vec![made.clone()]);
    let err = mia
        .update_secret(scope, made.id, SecretString::from("mine"))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Forbidden, "{err}");
    let err = mia.delete_secret(scope, made.id).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Forbidden, "{err}");
    ana.update_secret(scope, made.id, SecretString::from("new"))
        .await
        .unwrap();
    ana.delete_secret(scope, made.id).await.unwrap();
    assert!(ana.list_secrets(scope).await.unwrap().is_empty());
}
