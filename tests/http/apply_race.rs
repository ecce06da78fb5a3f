//! `apply` racing `nfdeck serve` over real HTTP: an apply planned before a `PUT` that got 200
//! does not revert it. Fields the apply does not change keep what the PUT wrote; a field both
//! changed refuses the apply, naming the workspace and the field, and the PUT's value stays.
//! Through both clients: the embedded engine (checked inside its transaction) and the remote
//! client (which re-reads the object right before writing it).

use super::support::*;
use nfdeck::client::Client;
use nfdeck::declarative::{self, export::export};
use nfdeck::domain::{ErrorKind, OrgId, WorkspaceId};
use reqwest::{Method, StatusCode};
use serde_json::json;

const BASE: &str = r#"
[[orgs]]
name = "lab"
full_name = "Lab"
owners = ["root@localhost.test"]

[[orgs.workspaces]]
name = "ws"
full_name = "Workspace"
description = "first"
visibility = "PRIVATE"
"#;

fn partial(key: &str, value: &str) -> String {
    format!("[[orgs]]\nname = \"lab\"\n[[orgs.workspaces]]\nname = \"ws\"\n{key} = \"{value}\"\n")
}

async fn ids(client: &dyn Client) -> (OrgId, WorkspaceId) {
    let org = client.list_orgs().await.unwrap()[0].id;
    let ws = client.list_org_workspaces(org).await.unwrap()[0].id;
    (org, ws)
}

async fn put_description(server: &Server, token: &str, ids: (OrgId, WorkspaceId), text: &str) {
    let response = server
        .http(
            Method::PUT,
            &format!("/orgs/{}/workspaces/{}", ids.0, ids.1),
        )
        .bearer_auth(token)
        .json(&json!({ "description": text }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        response.text().await.unwrap()
    );
}

async fn race(server: &Server, client: &dyn Client, round: &str) {
    let token = server.token(OPERATOR).await;
    let ids = ids(client).await;
    // Different fields: both land.
    let plan = declarative::prepare(client, &partial("visibility", "SHARED"), "a", false)
        .await
        .unwrap();
    put_description(server, &token, ids, &format!("from serve {round}")).await;
    declarative::execute(client, &plan, false).await.unwrap();
    let exported = export(client).await.unwrap();
    assert!(exported.contains("visibility = \"SHARED\""), "{exported}");
    assert!(
        exported.contains(&format!("description = \"from serve {round}\"")),
        "{exported}"
    );

    // The same field: the apply is refused and the PUT's value stays.
    let plan = declarative::prepare(client, &partial("description", "from apply"), "b", false)
        .await
        .unwrap();
    put_description(server, &token, ids, &format!("again from serve {round}")).await;
    let err = declarative::execute(client, &plan, false)
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Conflict, "{err}");
    assert!(
        err.message
            .contains("workspace lab/ws was changed by another writer")
            && err.message.contains("description was"),
        "{err}"
    );
    let exported = export(client).await.unwrap();
    assert!(
        exported.contains(&format!("description = \"again from serve {round}\"")),
        "{exported}"
    );
    // Planned again, it applies.
    let plan = declarative::prepare(client, &partial("description", "from apply"), "c", false)
        .await
        .unwrap();
    declarative::execute(client, &plan, false).await.unwrap();
}

#[tokio::test]
async fn an_apply_planned_before_a_put_does_not_revert_it() {
    let server = Server::start().await;
    let embedded = server.embedded(OPERATOR).await;
    let plan = declarative::prepare(&embedded, BASE, "base", false)
        .await
        .unwrap();
    declarative::execute(&embedded, &plan, false).await.unwrap();
    race(&server, &embedded, "1").await;
    let remote = server.remote(OPERATOR).await;
    race(&server, &remote, "2").await;
}
