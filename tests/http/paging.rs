//! Paging: `max`, `offset`, `search` and `totalSize` over plain HTTP, and the remote client
//! reading a page larger than the server hands out at once.

use crate::support::{OPERATOR, Server};
use nfdeck::client::SessionClient;
use nfdeck::domain::{NewUser, Page};
use reqwest::Method;
use serde_json::Value;

#[tokio::test]
async fn members_page_and_search_with_a_total() {
    let server = Server::start().await;
    let root = server.embedded(OPERATOR).await;
    use nfdeck::client::OrgClient;
    let org = root
        .create_org(nfdeck::domain::OrgFields {
            name: "lab1".into(),
            full_name: "Lab".into(),
            tier: nfdeck::domain::Tier::Pro,
            ..Default::default()
        })
        .await
        .unwrap()
        .id;
    for i in 0..12 {
        root.add_member(org, &format!("m{i:02}@lab.test"))
            .await
            .unwrap();
    }
    let token = server.token(OPERATOR).await;
    let get = |query: &str| {
        let request = server
            .http(Method::GET, &format!("/orgs/{org}/members?{query}"))
            .bearer_auth(&token);
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    // Twelve members and the operator, who created the org and is its first owner.
    let page = get("max=5&offset=10").await;
    assert_eq!(page["totalSize"], 13);
    let emails: Vec<&str> = page["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["m10@lab.test", "m11@lab.test", OPERATOR]);
    let found = get("search=m0&max=3").await;
    assert_eq!(found["totalSize"], 10);
    assert_eq!(found["members"].as_array().unwrap().len(), 3);
    let none = get("search=%25").await;
    assert_eq!(
        none["totalSize"], 0,
        "a % in search is a literal, not a wildcard"
    );
    assert_eq!(get("").await["totalSize"], 13);
}

#[tokio::test]
async fn the_remote_client_pages_through_long_lists() {
    let server = Server::start().await;
    let op = server.operator.clone();
    server
        .engine
        .write(op, |cx| {
            for i in 0..1205 {
                cx.create_user(&NewUser {
                    email: format!("u{i:04}@bulk.test"),
                    ..Default::default()
                })?;
            }
            Ok(())
        })
        .await
        .unwrap();
    let root = server.remote(OPERATOR).await;
    // The server hands out at most Page::MAX (1000) a request.
    let all = root.list_users(Page::all()).await.unwrap();
    assert_eq!((all.items.len(), all.total), (1206, 1206));
    let window = root
        .list_users(Page {
            max: 1100,
            offset: 100,
            search: Some("bulk".into()),
        })
        .await
        .unwrap();
    assert_eq!((window.items.len(), window.total), (1100, 1205));
    assert_eq!(window.items[0].email, "u0100@bulk.test");
    assert_eq!(window.items[1099].email, "u1199@bulk.test");
}
