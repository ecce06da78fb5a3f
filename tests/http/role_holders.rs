//! A custom role given to a participant through the real server: `PUT .../participants/{p}/role`
//! with the role's name, read back as `wspRole` (raw and through the remote client), and its
//! permissions in effect (it launches, it may not add a pipeline).

use crate::wire::lab;
use nfdeck::client::{LaunchpadClient, ParticipantClient, WorkspaceClient};
use nfdeck::domain::{
    ErrorKind, LaunchRequest, Page, ParticipantRef, ParticipantRole, Permission, PipelineFields,
    Scope,
};
use reqwest::{Method, StatusCode};
use serde_json::json;

const BEN: &str = "ben@lab.test";

#[tokio::test]
async fn a_custom_role_is_given_by_name_read_back_and_in_effect() {
    let lab = lab().await;
    let (org, ws) = (lab.org, lab.ws);
    let body = json!({"name": "runner", "description": "Launches pipelines",
                      "permissions": ["launch_pipelines"]});
    let (status, made) = lab
        .call(Method::POST, &format!("/roles?orgId={org}"), Some(body))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    lab.server.user(BEN).await;
    let ana = lab.server.embedded("ana@lab.test").await;
    let added = ana
        .add_participant(org, ws, ParticipantRef::UserNameOrEmail(BEN.into()), None)
        .await
        .unwrap();

    let role_path = format!("/orgs/{org}/workspaces/{ws}/participants/{}/role", added.id);
    let (status, err) = lab
        .call(Method::PUT, &role_path, Some(json!({"role": "runer"})))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(
        err["message"].as_str().unwrap().contains(
            "role: 'runer' is neither a workspace role nor a custom role of org 'lab1' (owner, admin, maintain, launch, connect, view, runner)"
        ),
        "{err}"
    );
    let (status, body) = lab
        .call(Method::PUT, &role_path, Some(json!({"role": "runner"})))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");

    let (_, listed) = lab
        .call(
            Method::GET,
            &format!("/orgs/{org}/workspaces/{ws}/participants?search=ben"),
            None,
        )
        .await;
    assert_eq!(listed["participants"][0]["wspRole"], "runner", "{listed}");
    let remote_ana = lab.server.remote("ana@lab.test").await;
    let page = Page::first(10).with_search("ben");
    let seen = remote_ana.list_participants(org, ws, page).await.unwrap();
    let ben = &seen.items[0];
    assert_eq!(ben.custom_role.as_deref(), Some("runner"));
    assert_eq!(ben.held_role(), ParticipantRole::Custom("runner".into()));
    assert_eq!(
        ben.effective.as_ref().map(|e| e.summary()),
        Some("runner (participant)".to_string()),
        "the extension names the custom role"
    );

    let remote_ben = lab.server.remote(BEN).await;
    let mine = remote_ben.list_workspaces().await.unwrap();
    let here = mine
        .iter()
        .find(|w| w.id == ws)
        .expect("ben sees the workspace");
    assert_eq!(here.my_role.summary(), "runner (participant)");
    // The remote client reads what the custom role allows, so the TUI and `apply` grant
    // what the server will (and no more).
    assert!(here.my_role.allows(Permission::LaunchPipelines));
    assert!(!here.my_role.allows(Permission::ManagePipelines));
    let scope = Scope::Workspace(ws);
    let run = remote_ben
        .launch(scope, LaunchRequest::new(lab.pipeline))
        .await
        .expect("launch_pipelines is in the role");
    assert_eq!(run.workspace_id, ws);
    let fields = PipelineFields {
        name: "other".into(),
        repository: "https://github.com/nf-core/sarek".into(),
        ..Default::default()
    };
    let err = remote_ben.create_pipeline(scope, fields).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Forbidden, "{}", err.message);

    let back: ParticipantRole = "maintain".parse().unwrap();
    remote_ana
        .set_participant_role(org, ws, added.id, back)
        .await
        .expect("the remote client sends built-in names too");
    remote_ana
        .set_participant_role(org, ws, added.id, ParticipantRole::Custom("runner".into()))
        .await
        .expect("and custom names");
}
