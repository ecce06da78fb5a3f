//! Against a server that offers only the spec's endpoints (as Seqera Cloud does), the remote
//! client still reads roles with their sources and participant counts, and says plainly what
//! the server does not offer.

use crate::support::{OPERATOR, Server};
use nfdeck::client::remote::RemoteClient;
use nfdeck::client::{OrgClient, SessionClient, WorkspaceClient};
use nfdeck::domain::{ErrorKind, Page, Workspace, WspRole};

/// What the public API cannot tell: the personal workspace's id, and the participant count of
/// a SHARED workspace where the caller has no role (its participant list is not readable).
fn as_the_spec_tells(mut list: Vec<Workspace>) -> Vec<Workspace> {
    for w in list.iter_mut() {
        if w.is_personal() {
            w.id = 0;
        }
        if w.my_role.role().is_none() {
            w.participants_count = 0;
        }
    }
    list
}

#[tokio::test]
async fn roles_and_counts_come_from_the_spec_endpoints() {
    let demo = nfdeck::commands::demo::in_memory()
        .await
        .expect("demo data");
    let server = Server::start_with(demo.engine().clone(), false).await;
    // Ivan's org default role is an nfdeck extension, so he is left out here.
    for email in [
        "ana@biolab.example",
        "chen@biolab.example",
        "dana@biolab.example",
        "gus@biolab.example",
        "eve@partner.example",
        "max@cro.example",
        "kim@genomics-core.example",
    ] {
        let embedded = server.embedded(email).await;
        let remote = server.remote(email).await;
        assert_eq!(
            as_the_spec_tells(embedded.list_workspaces().await.unwrap()),
            as_the_spec_tells(remote.list_workspaces().await.unwrap()),
            "{email}"
        );
        for org in embedded.list_orgs().await.unwrap() {
            for ws in embedded.list_org_workspaces(org.id).await.unwrap() {
                let r = remote.get_workspace(org.id, ws.id).await.unwrap();
                assert_eq!(
                    as_the_spec_tells(vec![r]),
                    as_the_spec_tells(vec![ws.clone()]),
                    "{email} in {}",
                    ws.path()
                );
            }
        }
    }
}

#[tokio::test]
async fn what_the_server_lacks_is_unavailable() {
    let server = Server::start_spec_only().await;
    let root = server.remote(OPERATOR).await;
    let caps = root.capabilities().await.unwrap();
    assert!(!caps.manage_users && !caps.audit_log && !caps.default_roles && !caps.atomic_apply);
    let err = root.list_users(Page::default()).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unavailable);
    assert!(
        err.message.contains("does not offer a list of users"),
        "{err}"
    );
    // The audit log is the spec's own `/admin/audit-logs-v2`: a spec-only server has it.
    assert!(root.list_audit(Page::default()).await.is_ok());

    let ana = server.remote("ana@lab.test").await;
    let org = ana
        .create_org(nfdeck::domain::OrgFields {
            name: "lab1".into(),
            full_name: "Lab".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let me = org.my_member_id.unwrap();
    let ben = ana.add_member(org.id, "ben@lab.test").await.unwrap();
    let refused = ana
        .set_default_role(org.id, ben.member_id, Some(WspRole::View))
        .await
        .unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Unavailable);
    assert!(refused.message.contains(&server.url), "{refused}");
    // Members still list, without default roles.
    let members = ana.list_members(org.id, Page::default()).await.unwrap();
    assert_eq!(members.total, 2);
    assert!(members.items.iter().any(|m| m.member_id == me));

    let info: serde_json::Value = server
        .http(reqwest::Method::GET, "/service-info")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(info.get("nfdeck").is_none(), "{info}");
    let ext = server
        .http(reqwest::Method::GET, "/ext/nfdeck/session")
        .bearer_auth(server.token(OPERATOR).await)
        .send()
        .await
        .unwrap();
    assert_eq!(ext.status(), 404);
}

#[tokio::test]
async fn an_unreachable_server_is_a_network_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = RemoteClient::new(&url, "token").unwrap();
    let err = client.list_orgs().await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Network);
    assert!(err.message.contains("cannot reach"), "{err}");
}

#[tokio::test]
async fn workspace_areas_work_from_the_spec_alone() {
    use nfdeck::client::{ComputeClient, LaunchpadClient, SettingsClient};
    use nfdeck::domain::*;
    let server = Server::start_spec_only().await;
    let ana = server.remote("ana@lab.test").await;
    let (_, ws) = crate::support::lab_workspace(&ana).await;
    let scope = Scope::Workspace(ws);
    let local = ana
        .create_compute_env(
            scope,
            ComputeEnvFields {
                name: "local".into(),
                description: String::new(),
                platform: Platform::Local,
                credentials_id: None,
                work_dir: "/scratch".into(),
                region: None,
                label_ids: vec![],
            },
        )
        .await
        .unwrap();
    ana.make_primary(scope, local.id.clone()).await.unwrap();
    let p = ana
        .create_pipeline(
            scope,
            PipelineFields {
                name: "rnaseq".into(),
                repository: "https://github.com/nf-core/rnaseq".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    ana.create_label(scope, LabelFields::simple("rna"))
        .await
        .unwrap();
    // Usage: list totals and the org's quotas.
    assert_eq!(
        ana.pipeline_usage(scope).await.unwrap().to_string(),
        "1/100"
    );
    assert_eq!(ana.label_usage(scope).await.unwrap().to_string(), "1/1000");
    // Launch options: the launch configuration's compute environment and the available ones.
    let options = ana.launch_options(scope, p.id, None).await.unwrap();
    assert_eq!(
        options.default_compute_env.map(|e| e.id),
        Some(local.id.clone())
    );
    assert_eq!(options.compute_envs.len(), 1);
    // Credits are nfdeck's own: unavailable here, and said so.
    assert!(!ana.capabilities().await.unwrap().credits);
    let err = ana.workspace_credits(scope).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unavailable);
    assert!(err.message.contains("does not offer credits"), "{err}");
}
