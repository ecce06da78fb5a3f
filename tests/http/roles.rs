//! Custom roles over raw HTTP (`/roles?orgId`): created, listed beside the six predefined
//! roles, described, renamed, deleted and validated by the org's owners; bad input is a 4xx
//! with a message and changes nothing.

use crate::openapi::{errors, response_schema, validator};
use crate::support::OPERATOR;
use crate::wire::lab;
use nfdeck::client::OrgClient;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn message(v: &Value) -> &str {
    v["message"].as_str().unwrap_or_default()
}

fn names(list: &Value) -> Vec<&str> {
    list["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn owners_create_list_describe_rename_and_delete_custom_roles() {
    let lab = lab().await;
    // The operator's token first: making it is audited too.
    let root = lab.server.token(OPERATOR).await;
    let org = lab.org;
    let body = json!({"name": "curator", "description": "Curates pipelines",
                      "permissions": ["manage_pipelines", "view_workspace"]});
    let (status, made) = lab
        .call(Method::POST, &format!("/roles?orgId={org}"), Some(body))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(
        made["permissions"],
        json!(["view_workspace", "manage_pipelines"])
    );

    let (_, custom) = lab
        .call(
            Method::GET,
            &format!("/roles?orgId={org}&type=custom"),
            None,
        )
        .await;
    assert_eq!(names(&custom), vec!["curator"]);
    assert_eq!(custom["roles"][0]["isPredefined"], false);
    let (_, all) = lab
        .call(Method::GET, &format!("/roles?orgId={org}"), None)
        .await;
    assert_eq!(all["totalSize"], 7, "six predefined and one custom");
    let (_, predefined) = lab
        .call(
            Method::GET,
            &format!("/roles?orgId={org}&type=predefined"),
            None,
        )
        .await;
    assert_eq!(predefined["totalSize"], 6);
    let (_, found) = lab
        .call(Method::GET, &format!("/roles?orgId={org}&name=CUR"), None)
        .await;
    assert_eq!(names(&found), vec!["curator"]);

    let one = format!("/roles/curator?orgId={org}");
    let (status, described) = lab.call(Method::GET, &one, None).await;
    assert_eq!(status, StatusCode::OK, "{described}");
    assert_eq!(described["role"]["isPredefined"], false);
    assert_eq!(described["role"]["description"], "Curates pipelines");

    let (status, v) = lab
        .call(
            Method::PUT,
            &one,
            Some(json!({"name": "keeper", "description": "Keeps labels"})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{v}");
    let (status, _) = lab.call(Method::GET, &one, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "renamed");
    let kept = format!("/roles/keeper?orgId={org}");
    let (_, described) = lab.call(Method::GET, &kept, None).await;
    assert_eq!(
        described["role"]["permissions"],
        json!(["view_workspace", "manage_pipelines"]),
        "a PUT without permissions keeps them"
    );
    let (status, _) = lab.call(Method::DELETE, &kept, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, custom) = lab
        .call(
            Method::GET,
            &format!("/roles?orgId={org}&type=custom"),
            None,
        )
        .await;
    assert_eq!(custom["totalSize"], 0);

    // The audit log names the spec's role events and custom_role images.
    let r = lab
        .server
        .http(Method::GET, "/admin/audit-logs-v2?max=3&attributes=state")
        .bearer_auth(&root)
        .send()
        .await
        .unwrap();
    let logs: Value = r.json().await.unwrap();
    let schema = response_schema("get", "/admin/audit-logs-v2", 200).unwrap();
    assert_eq!(errors(&validator(&schema), &logs), Vec::<String>::new());
    let events: Vec<&str> = logs["auditLogs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["event"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(events, vec!["role_deleted", "role_updated", "role_created"]);
    let image = &logs["auditLogs"][1]["target"]["state"]["newState"];
    assert_eq!(image["auditImageType"], "custom_role");
    assert_eq!(image["nfdeckImage"]["name"], "keeper");
}

#[tokio::test]
async fn names_validate_as_free_taken_or_bad() {
    let lab = lab().await;
    let org = lab.org;
    let body = json!({"name": "curator", "description": "d", "permissions": ["view_workspace"]});
    lab.call(Method::POST, &format!("/roles?orgId={org}"), Some(body))
        .await;
    for (name, expected) in [
        ("runner", StatusCode::NO_CONTENT),
        ("Curator", StatusCode::CONFLICT),
        ("owner", StatusCode::CONFLICT),
        ("a%20b", StatusCode::BAD_REQUEST),
    ] {
        let (status, v) = lab
            .call(
                Method::GET,
                &format!("/roles/validate?orgId={org}&name={name}"),
                None,
            )
            .await;
        assert_eq!(status, expected, "{name}: {v}");
        if status != StatusCode::NO_CONTENT {
            assert!(!message(&v).is_empty(), "{name}: {v}");
        }
    }
    let (status, v) = lab
        .call(Method::GET, "/roles/validate?name=runner", None)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(message(&v).contains("orgId"), "{v}");
}

#[tokio::test]
async fn bad_input_is_refused_with_a_message_and_changes_nothing() {
    let lab = lab().await;
    let org = lab.org;
    let base = format!("/roles?orgId={org}");
    for (body, needle) in [
        (json!({"name": "x1", "description": "d"}), "permissions"),
        (
            json!({"name": "x1", "description": "d", "permissions": []}),
            "at least one permission",
        ),
        (
            json!({"name": "x1", "description": "d", "permissions": ["fly"]}),
            "'fly' is not a permission",
        ),
        (
            json!({"name": "admin", "description": "d", "permissions": ["view_workspace"]}),
            "built-in role 'admin'",
        ),
        (
            json!({"name": "x1", "description": "", "permissions": ["view_workspace"]}),
            "description",
        ),
    ] {
        let (status, err) = lab.call(Method::POST, &base, Some(body.clone())).await;
        assert!(status.is_client_error(), "{body}: {status}");
        assert!(message(&err).contains(needle), "{body}: {err}");
    }
    let (status, err) = lab
        .call(
            Method::POST,
            "/roles",
            Some(json!({"name": "x1", "description": "d", "permissions": ["view_workspace"]})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    let (status, err) = lab
        .call(Method::DELETE, &format!("/roles/admin?orgId={org}"), None)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{err}");
    assert!(message(&err).contains("built-in role"), "{err}");
    let (status, _) = lab
        .call(Method::DELETE, &format!("/roles/nosuch?orgId={org}"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, custom) = lab
        .call(Method::GET, &format!("{base}&type=custom"), None)
        .await;
    assert_eq!(custom["totalSize"], 0);
}

#[tokio::test]
async fn members_read_roles_but_only_owners_change_them() {
    let lab = lab().await;
    let org = lab.org;
    let ana = lab.server.embedded("ana@lab.test").await;
    lab.server.user("ben@lab.test").await;
    ana.add_member(org, "ben@lab.test").await.unwrap();
    let body = json!({"name": "curator", "description": "d", "permissions": ["view_workspace"]});
    lab.call(
        Method::POST,
        &format!("/roles?orgId={org}"),
        Some(body.clone()),
    )
    .await;
    let ben = lab.server.token("ben@lab.test").await;
    let as_ben = |method: Method, path: String, body: Option<Value>| {
        let mut r = lab.server.http(method, &path).bearer_auth(&ben);
        if let Some(b) = body {
            r = r.json(&b);
        }
        async move { r.send().await.unwrap().status() }
    };
    let read = as_ben(Method::GET, format!("/roles/curator?orgId={org}"), None).await;
    assert_eq!(read, StatusCode::OK);
    let mut other = body.clone();
    other["name"] = json!("bens");
    let create = as_ben(Method::POST, format!("/roles?orgId={org}"), Some(other)).await;
    assert_eq!(create, StatusCode::FORBIDDEN);
    let delete = as_ben(Method::DELETE, format!("/roles/curator?orgId={org}"), None).await;
    assert_eq!(delete, StatusCode::FORBIDDEN);
}
