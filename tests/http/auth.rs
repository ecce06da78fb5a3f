//! Tokens over plain HTTP: none or a bad one is 401, Nextflow's Basic fallback works, a role
//! that does not allow a change is 403 with a message, `/service-info` needs no token.

use crate::support::Server;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn message(response: reqwest::Response) -> (StatusCode, String) {
    let status = response.status();
    let body: Value = response.json().await.expect("a JSON error body");
    (
        status,
        body["message"].as_str().expect("a message").to_string(),
    )
}

#[tokio::test]
async fn requests_without_a_valid_token_are_401() {
    let server = Server::start().await;
    let (status, text) =
        message(server.http(Method::GET, "/user-info").send().await.unwrap()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(text.contains("Authorization: Bearer"), "{text}");

    let bad = server
        .http(Method::GET, "/orgs")
        .bearer_auth("eyJ0aWQiOjEsInNlY3JldCI6Im5vcGUifQ==")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.headers()["www-authenticate"], "Bearer realm=\"nfdeck\"");
    let (status, text) = message(bad).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(text.contains("not valid"), "{text}");

    let wrong_scheme = server
        .http(Method::GET, "/orgs")
        .header("Authorization", "Token abc")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_scheme.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn bearer_and_nextflows_basic_fallback_are_accepted() {
    let server = Server::start().await;
    server.user("ana@lab.test").await;
    let token = server.token("ana@lab.test").await;
    let info: Value = server
        .http(Method::GET, "/user-info")
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info["user"]["email"], "ana@lab.test");
    let basic = server
        .http(Method::GET, "/user-info")
        .basic_auth("@token", Some(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), StatusCode::OK);
    let other_user = server
        .http(Method::GET, "/user-info")
        .basic_auth("ana", Some(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(other_user.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn service_info_is_public_and_announces_the_extensions() {
    let server = Server::start().await;
    let info: Value = server
        .http(Method::GET, "/service-info")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info["serviceInfo"]["apiVersion"], "1.187.0");
    assert_eq!(info["nfdeck"]["prefix"], "/ext/nfdeck");
    let features = info["nfdeck"]["features"].as_array().unwrap();
    assert!(features.contains(&json!("default-roles")), "{info}");
}

#[tokio::test]
async fn a_view_participant_is_refused_with_a_message() {
    let server = Server::start().await;
    let ana = server.remote("ana@lab.test").await;
    server.user("vic@lab.test").await;
    use nfdeck::client::{OrgClient, ParticipantClient, WorkspaceClient};
    use nfdeck::domain::*;
    let org = ana
        .create_org(OrgFields {
            name: "lab1".into(),
            full_name: "Lab".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .id;
    let vic = ana.add_member(org, "vic@lab.test").await.unwrap();
    let ws = ana
        .create_workspace(
            org,
            WorkspaceFields {
                name: "rnaseq".into(),
                full_name: "RNA-seq".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id;
    ana.add_participant(
        org,
        ws,
        ParticipantRef::Member(vic.member_id),
        Some(WspRole::View.into()),
    )
    .await
    .unwrap();
    let token = server.token("vic@lab.test").await;
    let edit = server
        .http(Method::PUT, &format!("/orgs/{org}/workspaces/{ws}"))
        .bearer_auth(&token)
        .json(&json!({"description": "mine now"}))
        .send()
        .await
        .unwrap();
    let (status, text) = message(edit).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        text,
        "workspace lab1/rnaseq: to edit the workspace you need the owner or admin role (yours is view)"
    );
    let add = server
        .http(
            Method::PUT,
            &format!("/orgs/{org}/workspaces/{ws}/participants/add"),
        )
        .bearer_auth(&token)
        .json(&json!({"userNameOrEmail": "eve@partner.test"}))
        .send()
        .await
        .unwrap();
    assert_eq!(add.status(), StatusCode::FORBIDDEN);
    // Reading is allowed.
    let list = server
        .http(
            Method::GET,
            &format!("/orgs/{org}/workspaces/{ws}/participants"),
        )
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), StatusCode::OK);
}

#[tokio::test]
async fn only_the_operators_tokens_have_root_rights() {
    let server = Server::start().await;
    server.user("ana@lab.test").await;
    let ana = server.token("ana@lab.test").await;
    let root = server.token(crate::support::OPERATOR).await;
    let users = |token: String| {
        server
            .http(Method::GET, "/ext/nfdeck/users")
            .bearer_auth(token)
            .send()
    };
    assert_eq!(users(ana).await.unwrap().status(), StatusCode::FORBIDDEN);
    let listed: Value = users(root).await.unwrap().json().await.unwrap();
    assert_eq!(listed["totalSize"], 2);
}
