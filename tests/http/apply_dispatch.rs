//! `apply` changes built by hand rather than by a plan, through both clients against one
//! `serve`: the embedded engine and the remote client run the same dispatcher, so a change has
//! the same outcome and the same message through either (it used to be written twice, and a
//! collaborator named as a member was added on the engine but refused by the remote client).

use super::support::*;
use nfdeck::client::Client;
use nfdeck::declarative;
use nfdeck::domain::changes::{Change, ParticipantSpec, no_progress};
use nfdeck::domain::{Error, ErrorKind, Page, WspRole};

const BASE: &str = r#"
[[orgs]]
name = "lab"
full_name = "Lab"
owners = ["root@localhost.test"]

[[orgs.workspaces]]
name = "ws"
full_name = "Workspace"
visibility = "PRIVATE"
participants = [{ collaborator = "eve@partner.org", role = "view" }]

[[orgs.workspaces]]
name = "other"
full_name = "Other"
visibility = "PRIVATE"
"#;

/// The error of applying `change` alone, first line only (the remote client adds a note on
/// what was applied).
async fn refusal(client: &dyn Client, change: &Change) -> (ErrorKind, String) {
    let e: Error = client
        .apply_changes(vec![change.clone()], false, no_progress())
        .await
        .expect_err("the change is refused");
    let first = e.message.lines().next().unwrap_or_default().to_string();
    (e.kind, first)
}

async fn participants_of_other(client: &dyn Client) -> Vec<String> {
    let org = client.list_orgs().await.unwrap()[0].id;
    let other = client
        .list_org_workspaces(org)
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.name == "other")
        .unwrap()
        .id;
    client
        .list_participants(org, other, Page::first(Page::MAX))
        .await
        .unwrap()
        .items
        .into_iter()
        .filter_map(|p| p.email)
        .collect()
}

#[tokio::test]
async fn a_hand_built_change_fails_the_same_way_through_both_clients() {
    let server = Server::start().await;
    let embedded = server.embedded(OPERATOR).await;
    let plan = declarative::prepare(&embedded, BASE, "base", false)
        .await
        .unwrap();
    declarative::execute(&embedded, &plan, false).await.unwrap();
    let remote = server.remote(OPERATOR).await;

    // A collaborator of the org named as a member of a workspace: refused by both, and not
    // added by either.
    let collaborator_as_member = Change::SetParticipant {
        org: "lab".into(),
        workspace: "other".into(),
        who: ParticipantSpec::Member("eve@partner.org".into()),
        role: WspRole::Launch.into(),
        base: None,
    };
    // Someone who is not in the org at all.
    let stranger = Change::RemoveMember {
        org: "lab".into(),
        email: "nobody@x.example".into(),
    };
    let cases = [
        (
            collaborator_as_member,
            ErrorKind::NotFound,
            "eve@partner.org is not a member of the org (list it under the org's members, or add it as a collaborator)",
        ),
        (
            stranger,
            ErrorKind::NotFound,
            "nobody@x.example is not a member or collaborator of org 'lab'",
        ),
    ];
    for (change, kind, message) in &cases {
        let through_engine = refusal(&embedded, change).await;
        let through_server = refusal(&remote, change).await;
        assert_eq!(through_engine, (*kind, message.to_string()), "embedded");
        assert_eq!(through_server, through_engine, "remote");
    }
    let participants = participants_of_other(&embedded).await;
    assert!(
        !participants.iter().any(|e| e == "eve@partner.org"),
        "{participants:?}"
    );
}
