//! The audit log over `nfdeck serve`'s `/admin/audit-logs-v2`: filters and token paging give
//! the same entries as the engine, one record opens with its before and after images, answers
//! validate against the spec, a non-operator gets 403, bad parameters a 400 naming them.

use crate::openapi::{errors, response_schema, validator};
use crate::support::{OPERATOR, Server};
use nfdeck::client::{OrgClient, SessionClient};
use nfdeck::domain::{AuditFilter, ErrorKind, NewUser, OrgFields, Page};
use reqwest::{Method, StatusCode};
use serde_json::Value;

/// A server where the operator created three users and ana created an org.
async fn server_with_changes() -> Server {
    let server = Server::start().await;
    let root = server.remote(OPERATOR).await;
    for name in ["zed", "yan", "xia"] {
        root.create_user(NewUser {
            email: format!("{name}@x.test"),
            user_name: name.into(),
            ..Default::default()
        })
        .await
        .unwrap();
    }
    let ana = server.remote("ana@lab.test").await;
    ana.create_org(OrgFields {
        name: "lab1".into(),
        full_name: "Lab".into(),
        ..Default::default()
    })
    .await
    .unwrap();
    server
}

async fn get(server: &Server, token: &str, path: &str) -> (StatusCode, Value) {
    let r = server
        .http(Method::GET, path)
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_remote_client_filters_and_pages_as_the_engine_does() {
    let server = server_with_changes().await;
    let remote = server.remote(OPERATOR).await;
    let embedded = server.embedded(OPERATOR).await;
    let all = embedded.list_audit(Page::all()).await.unwrap();
    assert_eq!(remote.list_audit(Page::all()).await.unwrap(), all);
    // Pages of two, walked by offset over the token paging, meet without gaps.
    let second = remote.list_audit(Page::first(2).next()).await.unwrap();
    assert_eq!(second.items, all.items[2..4]);
    for filter in [
        AuditFilter {
            who: Some("ana@".into()),
            ..Default::default()
        },
        AuditFilter {
            what: Some("user".into()),
            ..Default::default()
        },
        AuditFilter::default().with_search("yan"),
        AuditFilter {
            since: Some("2999-01-01T00:00:00Z".into()),
            ..Default::default()
        },
        AuditFilter {
            before_id: Some(all.items[1].id),
            ..Default::default()
        },
    ] {
        let want = embedded
            .audit_log(filter.clone(), Page::all())
            .await
            .unwrap();
        let got = remote.audit_log(filter.clone(), Page::all()).await.unwrap();
        assert_eq!(got, want, "{filter:?}");
    }
    let users = remote
        .audit_log(
            AuditFilter {
                what: Some("user.create".into()),
                ..Default::default()
            },
            Page::all(),
        )
        .await
        .unwrap();
    assert_eq!(users.total, 5, "root, zed, yan, xia and ana");
    // Opened, a change shows its before and after; the list leaves them out on the wire.
    let newest = remote.audit_entry(all.items[0].id).await.unwrap();
    assert_eq!(newest, all.items[0]);
    assert!(newest.after.is_some());
}

#[tokio::test]
async fn answers_follow_the_spec_and_page_by_token() {
    let server = server_with_changes().await;
    let root = server.token(OPERATOR).await;
    let list = validator(&response_schema("get", "/admin/audit-logs-v2", 200).unwrap());
    let (status, first) = get(
        &server,
        &root,
        "/admin/audit-logs-v2?max=2&attributes=state",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(errors(&list, &first), Vec::<String>::new());
    let logs = first["auditLogs"].as_array().unwrap();
    assert_eq!(logs.len(), 2);
    assert!(logs[0]["target"]["state"]["newState"]["auditImageType"].is_string());
    let token = first["nextPageToken"].as_str().unwrap();
    let (_, next) = get(
        &server,
        &root,
        &format!("/admin/audit-logs-v2?max=2&nextPageToken={token}"),
    )
    .await;
    assert_eq!(errors(&list, &next), Vec::<String>::new());
    let older: i64 = next["auditLogs"][0]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let last: i64 = logs[1]["id"].as_str().unwrap().parse().unwrap();
    assert!(older < last, "the next page is older");
    let (_, org) = get(&server, &root, "/admin/audit-logs-v2?nfdeckWhat=org.create").await;
    let id = org["auditLogs"][0]["id"].as_str().unwrap();
    let one = validator(&response_schema("get", "/admin/audit-logs-v2/{auditLogId}", 200).unwrap());
    let (status, opened) = get(
        &server,
        &root,
        &format!("/admin/audit-logs-v2/{id}?attributes=state"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(errors(&one, &opened), Vec::<String>::new());
    assert_eq!(
        opened["target"]["state"]["newState"]["nfdeckImage"]["name"],
        "lab1"
    );
    // A time range: nothing after the year 2999.
    let (_, none) = get(
        &server,
        &root,
        "/admin/audit-logs-v2?timestampAfterOrEqual=2999-01-01T00:00:00Z",
    )
    .await;
    assert_eq!(none["auditLogs"], Value::Array(vec![]));
    assert!(none.get("nextPageToken").is_none());
}

#[tokio::test]
async fn only_the_operator_reads_it_and_bad_parameters_are_named() {
    let server = server_with_changes().await;
    let ana = server.token("ana@lab.test").await;
    for path in ["/admin/audit-logs-v2", "/admin/audit-logs-v2/1"] {
        let (status, body) = get(&server, &ana, path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(body["message"], "only the operator may read the audit log");
    }
    let client = server.remote("ana@lab.test").await;
    assert_eq!(
        client.list_audit(Page::default()).await.unwrap_err().kind,
        ErrorKind::Forbidden
    );
    let root = server.token(OPERATOR).await;
    for (query, names) in [
        ("timestampAfterOrEqual=yesterday", "timestampAfterOrEqual"),
        ("timestampBeforeOrEqual=2x", "timestampBeforeOrEqual"),
        ("nextPageToken=abc", "nextPageToken"),
        ("max=0", "max"),
    ] {
        let (status, body) = get(&server, &root, &format!("/admin/audit-logs-v2?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        let message = body["message"].as_str().unwrap();
        assert!(message.starts_with(names), "{query}: {message}");
    }
    let (status, body) = get(&server, &root, "/admin/audit-logs-v2/999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["message"], "audit log entry 999999 not found");
}
