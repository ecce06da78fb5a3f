//! Leaving a workspace, on both clients: any participant may leave, also by removing their
//! own row (a view participant's `d` on themselves), while removing anyone else still needs
//! the owner or admin role.

use crate::on_both;
use crate::support::Backend;
use nfdeck::client::Client;
use nfdeck::domain::*;

const ANA: &str = "ana@lab.test";
const BEN: &str = "ben@lab.test";
const CY: &str = "cy@lab.test";

on_both!(leave_on: leave);
async fn leave(b: &dyn Backend) {
    let ana = b.client(ANA).await;
    let org = ana
        .create_org(OrgFields {
            name: "lab1".into(),
            full_name: "Lab".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .id;
    let ben_m = ana.add_member(org, BEN).await.unwrap();
    let ws = ana
        .create_workspace(
            org,
            WorkspaceFields {
                name: "rnaseq".into(),
                full_name: "RNA-seq".into(),
                description: String::new(),
                visibility: Visibility::Private,
            },
        )
        .await
        .unwrap()
        .id;
    let add_ben = || {
        ana.add_participant(
            org,
            ws,
            ParticipantRef::Member(ben_m.member_id),
            Some(WspRole::View.into()),
        )
    };
    let ben = b.client(BEN).await;
    // Leaving by name of the workspace.
    add_ben().await.unwrap();
    ben.leave_workspace(org, ws).await.unwrap();
    assert!(!listed(&*ana, org, ws).await.contains(&BEN.to_string()));
    // Leaving by removing one's own row.
    let p_ben = add_ben().await.unwrap();
    ben.remove_participant(org, ws, p_ben.id).await.unwrap();
    assert!(!listed(&*ana, org, ws).await.contains(&BEN.to_string()));
    // Anyone else's row stays the owner's or admin's to remove.
    add_ben().await.unwrap();
    ana.add_member(org, CY).await.unwrap();
    let p_cy = ana
        .add_participant(org, ws, ParticipantRef::UserNameOrEmail(CY.into()), None)
        .await
        .unwrap();
    let refused = ben.remove_participant(org, ws, p_cy.id).await.unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Forbidden);
    assert!(refused.message.contains("owner or admin"), "{refused}");
    assert!(listed(&*ana, org, ws).await.contains(&CY.to_string()));
}

async fn listed(c: &dyn Client, org: OrgId, ws: WorkspaceId) -> Vec<String> {
    c.list_participants(org, ws, Page::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .filter_map(|p| p.email)
        .collect()
}
