//! Impact before harm on both clients: the embedded engine and a server over HTTP list the
//! same affected objects for each destructive or visibility-reducing change, and pick the
//! same confirmation.

use crate::wire::lab;
use nfdeck::client::impact::impact_of;
use nfdeck::client::{
    Client, ComputeClient, LaunchpadClient, ParticipantClient, TeamClient, WorkspaceClient,
};
use nfdeck::domain::*;

const ANA: &str = "ana@lab.test";

/// The impact of `harm` through both clients, checked equal.
async fn both(embedded: &dyn Client, remote: &dyn Client, harm: Harm) -> Impact {
    let e = impact_of(embedded, &harm).await.unwrap();
    let r = impact_of(remote, &harm).await.unwrap();
    assert_eq!(e, r, "{harm:?}");
    e
}

fn names<'a>(impact: &'a Impact, what: &str) -> Vec<&'a str> {
    impact
        .items
        .iter()
        .find(|i| i.what == what)
        .map(|i| i.names.iter().map(String::as_str).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn both_clients_list_what_a_change_takes_with_it() {
    let lab = lab().await;
    let embedded = lab.server.embedded(ANA).await;
    let remote = lab.server.remote(ANA).await;
    let (org, ws, scope) = (lab.org, lab.ws, Scope::Workspace(lab.ws));
    let local = embedded.primary_compute_env(scope).await.unwrap().unwrap();
    embedded
        .create_pipeline(
            scope,
            PipelineFields {
                name: "sarek".into(),
                repository: "https://github.com/nf-core/sarek".into(),
                compute_env_id: Some(local.id.clone()),
                ..Default::default()
            },
        )
        .await
        .unwrap();

    let ce = both(
        &embedded,
        &remote,
        Harm::DeleteComputeEnv {
            scope: Scope::Workspace(ws),
            id: local.id.clone(),
        },
    )
    .await;
    assert!(
        names(&ce, "pipelines launching on it").contains(&"sarek"),
        "{ce:?}"
    );
    assert_eq!(ce.severity, Severity::Small);

    // A PRIVATE workspace takes nothing off other Launchpads.
    let private = Harm::MakePrivate { org, workspace: ws };
    assert!(
        both(&embedded, &remote, private.clone())
            .await
            .items
            .is_empty()
    );
    let other = embedded
        .create_workspace(
            org,
            WorkspaceFields {
                name: "other".into(),
                full_name: "Other".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let current = embedded.get_workspace(org, ws).await.unwrap();
    let base = WorkspaceFields::from(&current);
    let mut shared = base.clone();
    shared.visibility = Visibility::Shared;
    embedded
        .edit_workspace(org, ws, base, shared)
        .await
        .unwrap();
    let narrowed = both(&embedded, &remote, private).await;
    let mut leaving = names(&narrowed, "shared pipelines leaving other Launchpads");
    leaving.sort();
    assert_eq!(leaving, ["rnaseq", "sarek"]);
    assert_eq!(
        names(&narrowed, "workspaces whose Launchpads lose them"),
        ["other"]
    );

    let team = embedded
        .create_team(
            org,
            TeamFields {
                name: "core".into(),
                description: String::new(),
            },
        )
        .await
        .unwrap();
    embedded
        .add_participant(org, other.id, ParticipantRef::Team(team.id), None)
        .await
        .unwrap();
    let t = both(&embedded, &remote, Harm::DeleteTeam { org, team: team.id }).await;
    assert_eq!(names(&t, "workspaces it participates in"), ["other"]);
    assert!(t.unknown.is_empty());

    let w = both(
        &embedded,
        &remote,
        Harm::DeleteWorkspace { org, workspace: ws },
    )
    .await;
    assert_eq!(w.severity, Severity::Large, "type the name");
    assert_eq!(names(&w, "compute environments"), ["local"]);
    assert!(w.summary().contains("2 pipelines"), "{}", w.summary());

    let o = both(&embedded, &remote, Harm::DeleteOrg { org }).await;
    assert_eq!(o.severity, Severity::Large);
    let mut wss = names(&o, "workspaces");
    wss.sort();
    assert_eq!(wss, ["lab", "other"]);
}
