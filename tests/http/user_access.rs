//! Users and their access over raw HTTP: a user by id, user-name availability, removing a user
//! from a workspace, and a team's workspaces.

use crate::wire::lab;
use nfdeck::client::{OrgClient, ParticipantClient, TeamClient};
use nfdeck::domain::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn message(v: &Value) -> &str {
    v["message"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn a_user_reads_their_own_user_and_checks_names() {
    let lab = lab().await;
    let ana = lab.server.user("ana@lab.test").await;
    let ben = lab.server.user("ben@lab.test").await;
    let (status, me) = lab
        .call(Method::GET, &format!("/users/{}", ana.user_id), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["user"]["email"], "ana@lab.test");
    assert_eq!(me["user"]["userName"], "ana");
    let (status, err) = lab
        .call(Method::GET, &format!("/users/{}", ben.user_id), None)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{err}");
    assert!(!err.to_string().contains("ben@lab.test"), "{err}");
    let (status, err) = lab.call(Method::GET, "/users/notanumber", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");

    for (name, expected, needle) in [
        ("carla", StatusCode::NO_CONTENT, ""),
        ("ben", StatusCode::CONFLICT, "the user name 'ben' is taken"),
        ("-bad-", StatusCode::BAD_REQUEST, "-bad-"),
    ] {
        let (status, v) = lab
            .call(Method::GET, &format!("/users/validate?name={name}"), None)
            .await;
        assert_eq!(status, expected, "{name}: {v}");
        assert!(message(&v).contains(needle), "{name}: {v}");
    }
    let (status, v) = lab.call(Method::GET, "/users/validate", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    assert!(message(&v).contains("name"), "{v}");
}

#[tokio::test]
async fn removing_a_user_from_a_workspace_removes_their_participant_row() {
    let lab = lab().await;
    let (org, ws) = (lab.org, lab.ws);
    let ana = lab.server.embedded("ana@lab.test").await;
    let vic = lab.server.user("vic@lab.test").await;
    let tim = lab.server.user("tim@lab.test").await;
    for (email, role) in [
        ("vic@lab.test", WspRole::Launch),
        ("tim@lab.test", WspRole::Admin),
    ] {
        ana.add_participant(
            org,
            ws,
            ParticipantRef::UserNameOrEmail(email.into()),
            Some(role.into()),
        )
        .await
        .unwrap();
    }
    let count = || async {
        ana.list_participants(org, ws, Page::all())
            .await
            .unwrap()
            .total
    };
    let before = count().await;
    // A launch user may not remove others.
    let vic_token = lab.server.token("vic@lab.test").await;
    let refused = lab
        .server
        .http(
            Method::DELETE,
            &format!("/orgs/{org}/workspaces/{ws}/users/{}", tim.user_id),
        )
        .bearer_auth(&vic_token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(count().await, before);

    let path = format!("/orgs/{org}/workspaces/{ws}/users/{}", vic.user_id);
    let (status, v) = lab.call(Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{v}");
    assert_eq!(count().await, before - 1);
    let (status, err) = lab.call(Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{err}");
    assert!(
        message(&err).contains("vic@lab.test is not a participant in their own right"),
        "{err}"
    );
    let (status, err) = lab
        .call(
            Method::DELETE,
            &format!("/orgs/{org}/workspaces/{ws}/users/424242"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{err}");
}

#[tokio::test]
async fn a_team_lists_the_workspaces_it_takes_part_in() {
    let lab = lab().await;
    let (org, ws) = (lab.org, lab.ws);
    let ana = lab.server.embedded("ana@lab.test").await;
    let team = ana
        .create_team(
            org,
            TeamFields {
                name: "bioinfo".into(),
                description: String::new(),
            },
        )
        .await
        .unwrap();
    let p = ana
        .add_participant(
            org,
            ws,
            ParticipantRef::Team(team.id),
            Some(WspRole::Maintain.into()),
        )
        .await
        .unwrap();
    let path = format!("/orgs/{org}/teams/{}/workspaces", team.id);
    let (status, v) = lab.call(Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(
        v,
        json!({"totalSize": 1, "workspaces": [{
            "orgId": org, "orgName": "lab1", "participantId": p.id,
            "participantRole": "maintain", "workspaceId": ws,
            "workspaceName": "lab", "workspaceFullName": "Lab"
        }]})
    );
    let (_, v) = lab
        .call(Method::GET, &format!("{path}?search=nothing"), None)
        .await;
    assert_eq!(v["totalSize"], 0);
    let (status, err) = lab
        .call(
            Method::GET,
            &format!("/orgs/{org}/teams/424242/workspaces"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{err}");

    ana.add_member(org, "mo@lab.test").await.unwrap();
    let mo = lab.server.token("mo@lab.test").await;
    let refused = lab
        .server
        .http(Method::GET, &path)
        .bearer_auth(&mo)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}
