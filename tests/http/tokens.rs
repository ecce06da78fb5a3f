//! `/tokens`: each user lists, creates and revokes their own tokens; a token is shown once and
//! works at once; revoked, it no longer does.

use crate::support::Server;
use nfdeck::client::TokenClient;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn call(
    server: &Server,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = server.http(method, path).bearer_auth(token);
    if let Some(b) = body {
        request = request.json(&b);
    }
    let r = request.send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_user_manages_only_their_own_tokens() {
    let server = Server::start().await;
    server.user("ana@lab.test").await;
    server.user("ben@lab.test").await;
    let ana = server.token("ana@lab.test").await;
    let ben = server.token("ben@lab.test").await;

    let (status, created) = call(
        &server,
        &ana,
        Method::POST,
        "/tokens",
        Some(json!({"name": "laptop"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let fresh = created["accessKey"].as_str().unwrap().to_string();
    let id = created["token"]["id"].as_i64().unwrap();
    assert_eq!(created["token"]["name"], "laptop");
    // The new token works at once, and the list never shows a token.
    let (status, list) = call(&server, &fresh, Method::GET, "/tokens", None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let names: Vec<&str> = list["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["test", "laptop"]);
    assert!(!list.to_string().contains(&fresh));

    let (status, err) = call(
        &server,
        &ana,
        Method::POST,
        "/tokens",
        Some(json!({"name": "laptop"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["message"], "you already have a token named 'laptop'");
    for (body, message) in [
        (json!({}), "name is required"),
        (json!({"name": "  "}), "token name must not be empty"),
        (json!({"name": "x".repeat(51)}), "token name"),
        (json!({"name": "a", "scope": "all"}), "scope"),
    ] {
        let (status, err) = call(&server, &ana, Method::POST, "/tokens", Some(body.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {err}");
        assert!(
            err["message"].as_str().unwrap().contains(message),
            "{body}: {err}"
        );
    }

    // Ben sees only his own and cannot revoke ana's.
    let (_, list) = call(&server, &ben, Method::GET, "/tokens", None).await;
    assert_eq!(list["tokens"].as_array().unwrap().len(), 1);
    let (status, _) = call(
        &server,
        &ben,
        Method::DELETE,
        &format!("/tokens/{id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(&server, &fresh, Method::GET, "/tokens", None).await;
    assert_eq!(status, StatusCode::OK);

    let (status, _) = call(
        &server,
        &ana,
        Method::DELETE,
        &format!("/tokens/{id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = call(&server, &fresh, Method::GET, "/tokens", None).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a revoked token stops working"
    );

    let (status, _) = call(&server, &ana, Method::DELETE, "/tokens/delete-all", None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = call(&server, &ana, Method::GET, "/tokens", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = call(&server, &ben, Method::GET, "/tokens", None).await;
    assert_eq!(status, StatusCode::OK, "ben's tokens stay");
}

#[tokio::test]
async fn the_remote_and_embedded_clients_manage_tokens_alike() {
    let server = Server::start().await;
    let remote = server.remote("ana@lab.test").await;
    let embedded = server.embedded("ana@lab.test").await;
    let (made, token) = remote.create_token("ci".into()).await.unwrap();
    assert!(!token.is_empty());
    let listed = embedded.list_tokens().await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.contains(&made));
    embedded.delete_token(made.id).await.unwrap();
    assert_eq!(remote.list_tokens().await.unwrap().len(), 1);
    let err = remote.delete_token(made.id).await.unwrap_err();
    assert_eq!(err.kind, nfdeck::domain::ErrorKind::NotFound, "{err}");
}

/// A token's list entry says when it was last used: null until its first request, then a
/// time (recorded after the answer, at most once a minute, so it is waited for here).
#[tokio::test]
async fn a_token_records_when_it_was_last_used() {
    let server = Server::start().await;
    server.user("ana@lab.test").await;
    let ana = server.token("ana@lab.test").await;
    let (_, created) = call(
        &server,
        &ana,
        Method::POST,
        "/tokens",
        Some(json!({"name": "ci"})),
    )
    .await;
    let fresh = created["accessKey"].as_str().unwrap().to_string();
    let last_used_of_ci = |list: &Value| {
        list["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == "ci")
            .map(|t| t["lastUsed"].clone())
            .unwrap()
    };
    let (_, list) = call(&server, &ana, Method::GET, "/tokens", None).await;
    assert_eq!(last_used_of_ci(&list), Value::Null, "never used yet");
    let (status, _) = call(&server, &fresh, Method::GET, "/user-info", None).await;
    assert_eq!(status, StatusCode::OK);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let (_, list) = call(&server, &ana, Method::GET, "/tokens", None).await;
        let used = last_used_of_ci(&list);
        if let Some(when) = used.as_str() {
            assert!(
                chrono::DateTime::parse_from_rfc3339(when).is_ok(),
                "an RFC 3339 time: {when}"
            );
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "lastUsed never set: {list}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// A remote session knows which of the user's tokens it uses (the TUI's Tokens section marks
/// it and warns before revoking it): the token's own id, as the list names it.
#[tokio::test]
async fn a_remote_session_knows_the_token_it_uses() {
    use nfdeck::client::SessionClient;
    let server = Server::start().await;
    let remote = server.remote("ana@lab.test").await;
    let session = remote.session().await.unwrap();
    let listed = remote.list_tokens().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(session.token_id, Some(listed[0].id));
    // A new token's text names its id too, so a session started with it would know it.
    let (made, token) = remote.create_token("laptop".into()).await.unwrap();
    assert_eq!(nfdeck::domain::tokens::token_id(&token), Some(made.id));
    let embedded = server.embedded("ana@lab.test").await;
    assert_eq!(embedded.session().await.unwrap().token_id, None);
}
