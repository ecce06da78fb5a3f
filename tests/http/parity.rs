//! The same engine read through the embedded client and through `nfdeck serve` with the
//! remote client: every demo user (and the operator) gets the same answers, errors included.

use crate::support::{OPERATOR, Server};
use nfdeck::client::Client;
use nfdeck::domain::{OrgRole, Page, Participant, Result};
use std::fmt::Debug;

/// Asserts that both answers are equal: the same value, or the same kind of error with the
/// same message.
fn same<T: PartialEq + Debug>(what: &str, embedded: Result<T>, remote: Result<T>) {
    match (embedded, remote) {
        (Ok(e), Ok(r)) => assert_eq!(e, r, "{what}"),
        (Err(e), Err(r)) => assert_eq!((e.kind, e.message), (r.kind, r.message), "{what}"),
        (e, r) => panic!("{what}: embedded {e:?}, remote {r:?}"),
    }
}

/// The API sends no user id with a participant.
fn without_user_ids(r: Result<nfdeck::domain::Paged<Participant>>) -> Result<Vec<Participant>> {
    r.map(|p| {
        p.items
            .into_iter()
            .map(|p| Participant { user_id: None, ..p })
            .collect()
    })
}

async fn compare(who: &str, e: &dyn Client, r: &dyn Client) {
    let (es, rs) = (e.session().await.unwrap(), r.session().await.unwrap());
    assert_eq!(
        (es.user, es.operator),
        (rs.user, rs.operator),
        "{who}: session"
    );
    let (ec, rc) = (
        e.capabilities().await.unwrap(),
        r.capabilities().await.unwrap(),
    );
    assert_eq!(
        (ec.manage_users, ec.audit_log, ec.default_roles),
        (rc.manage_users, rc.audit_log, rc.default_roles),
        "{who}: capabilities"
    );
    same(
        &format!("{who}: workspaces"),
        e.list_workspaces().await,
        r.list_workspaces().await,
    );
    let orgs = e.list_orgs().await.unwrap();
    same(
        &format!("{who}: orgs"),
        Ok(orgs.clone()),
        r.list_orgs().await,
    );
    for org in &orgs {
        let at = format!("{who} in {}", org.name);
        let id = org.id;
        same(
            &format!("{at}: members"),
            e.list_members(id, Page::all()).await,
            r.list_members(id, Page::all()).await,
        );
        same(
            &format!("{at}: collaborators"),
            e.list_collaborators(id, Page::all()).await,
            r.list_collaborators(id, Page::all()).await,
        );
        let teams = e.list_teams(id, Page::all()).await;
        same(
            &format!("{at}: teams"),
            teams.clone(),
            r.list_teams(id, Page::all()).await,
        );
        for team in teams.map(|t| t.items).unwrap_or_default() {
            same(
                &format!("{at}: team {}", team.name),
                e.list_team_members(id, team.id, Page::all()).await,
                r.list_team_members(id, team.id, Page::all()).await,
            );
        }
        // Usage counts every workspace of the org; through the API only the visible ones can
        // be counted, which is all of them for owners.
        if org.my_role == Some(OrgRole::Owner) || es.operator {
            same(
                &format!("{at}: usage"),
                e.org_usage(id).await,
                r.org_usage(id).await,
            );
        }
        let workspaces = e.list_org_workspaces(id).await.unwrap();
        same(
            &format!("{at}: workspaces"),
            Ok(workspaces.clone()),
            r.list_org_workspaces(id).await,
        );
        for ws in &workspaces {
            let at = format!("{at}/{}", ws.name);
            same(
                &at,
                e.get_workspace(id, ws.id).await,
                r.get_workspace(id, ws.id).await,
            );
            same(
                &format!("{at}: participants"),
                without_user_ids(e.list_participants(id, ws.id, Page::all()).await),
                without_user_ids(r.list_participants(id, ws.id, Page::all()).await),
            );
            same(
                &format!("{at}: participant usage"),
                e.participant_usage(id, ws.id).await,
                r.participant_usage(id, ws.id).await,
            );
        }
    }
    if es.operator {
        same(
            &format!("{who}: users"),
            e.list_users(Page::all()).await,
            r.list_users(Page::all()).await,
        );
    }
}

#[tokio::test]
async fn every_demo_user_sees_the_same_through_both_clients() {
    let demo = nfdeck::commands::demo::in_memory()
        .await
        .expect("demo data");
    let server = Server::start_with(demo.engine().clone(), true).await;
    let file = nfdeck::declarative::format::File::parse(
        nfdeck::commands::demo::DEMO_TOML,
        "assets/demo.toml",
    )
    .unwrap();
    let mut people: Vec<String> = file.users.iter().map(|u| u.email.clone()).collect();
    people.push(OPERATOR.to_string());
    // Every token first: creating one writes the audit log, which the operator reads.
    let mut clients = Vec::new();
    for email in &people {
        clients.push((
            email,
            server.embedded(email).await,
            server.remote(email).await,
        ));
    }
    for (email, embedded, remote) in &clients {
        compare(email, embedded, remote).await;
    }
}
