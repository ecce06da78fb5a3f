//! Behaviour tests written once against the `Client` traits and run twice: on the embedded
//! engine and through `nfdeck serve` with the remote client. Both must answer the same.

use crate::on_both;
use crate::support::{Backend, OPERATOR};
use nfdeck::domain::*;

const ANA: &str = "ana@lab.test";
const BEN: &str = "ben@lab.test";
const CY: &str = "cy@lab.test";
const EVE: &str = "eve@partner.test";

fn org_fields(name: &str) -> OrgFields {
    OrgFields {
        name: name.into(),
        full_name: format!("{name} full name"),
        ..Default::default()
    }
}

fn ws_fields(name: &str, visibility: Visibility) -> WorkspaceFields {
    WorkspaceFields {
        name: name.into(),
        full_name: format!("{name} workspace"),
        description: format!("about {name}"),
        visibility,
    }
}

fn kind<T: std::fmt::Debug>(r: Result<T>) -> ErrorKind {
    r.expect_err("expected an error").kind
}

on_both!(orgs_on: orgs);
async fn orgs(b: &dyn Backend) {
    let ana = b.client(ANA).await;
    let org = ana.create_org(org_fields("lab1")).await.unwrap();
    assert_eq!(org.my_role, Some(OrgRole::Owner), "{}", b.name());
    assert_eq!(org.tier, Tier::Basic);
    assert!(org.my_member_id.is_some());
    assert_eq!(ana.get_org(org.id).await.unwrap(), org);
    assert_eq!(ana.list_orgs().await.unwrap(), vec![org.clone()]);

    let dup = ana.create_org(org_fields("lab1")).await.unwrap_err();
    assert_eq!(dup.kind, ErrorKind::Conflict);
    assert!(dup.message.contains("already exists"), "{dup}");
    assert_eq!(
        kind(ana.create_org(org_fields("-bad")).await),
        ErrorKind::Invalid
    );

    // A pro org needs the operator; the refusal leaves nothing behind.
    let pro = OrgFields {
        tier: Tier::Pro,
        ..org_fields("lab2")
    };
    assert_eq!(
        kind(ana.create_org(pro.clone()).await),
        ErrorKind::Forbidden
    );
    assert_eq!(ana.list_orgs().await.unwrap().len(), 1);

    let mut fields = OrgFields::from(&org);
    fields.description = "Structural biology".into();
    fields.location = "Lisbon".into();
    let updated = ana.update_org(org.id, fields.clone()).await.unwrap();
    assert_eq!(updated.description, "Structural biology");
    assert_eq!(updated.location, "Lisbon");
    fields.tier = Tier::Pro;
    assert_eq!(
        kind(ana.update_org(org.id, fields.clone()).await),
        ErrorKind::Forbidden
    );
    let root = b.client(OPERATOR).await;
    assert_eq!(
        root.update_org(org.id, fields).await.unwrap().tier,
        Tier::Pro
    );
    assert_eq!(root.create_org(pro).await.unwrap().tier, Tier::Pro);

    let usage = ana.org_usage(org.id).await.unwrap();
    assert_eq!(usage.tier, Tier::Pro);
    assert_eq!((usage.members.used, usage.members.limit), (1, 50));
    assert_eq!((usage.teams.used, usage.teams.limit), (0, 20));
    assert_eq!((usage.workspaces.used, usage.workspaces.limit), (0, 50));

    let ben = b.client(BEN).await;
    assert_eq!(kind(ben.get_org(org.id).await), ErrorKind::NotFound);
    assert_eq!(kind(ben.delete_org(org.id).await), ErrorKind::NotFound);
    ana.delete_org(org.id).await.unwrap();
    assert_eq!(kind(ana.get_org(org.id).await), ErrorKind::NotFound);
}

on_both!(members_on: members);
async fn members(b: &dyn Backend) {
    let ana = b.client(ANA).await;
    let ben = b.client(BEN).await;
    let org = ana.create_org(org_fields("lab1")).await.unwrap().id;
    let m = ana.add_member(org, BEN).await.unwrap();
    assert_eq!((m.email.as_str(), m.role), (BEN, OrgRole::Member));
    let dup = ana.add_member(org, BEN).await.unwrap_err();
    assert_eq!(dup.kind, ErrorKind::Conflict, "{dup}");
    assert_eq!(
        ana.list_members(org, Page::default()).await.unwrap().total,
        2
    );

    ana.set_default_role(org, m.member_id, Some(WspRole::View))
        .await
        .unwrap();
    let listed = ana
        .list_members(org, Page::default().with_search("ben"))
        .await
        .unwrap();
    assert_eq!(listed.items[0].default_role, Some(WspRole::View));
    ana.set_default_role(org, m.member_id, None).await.unwrap();
    let listed = ana
        .list_members(org, Page::default().with_search("ben"))
        .await
        .unwrap();
    assert_eq!(listed.items[0].default_role, None);

    assert_eq!(kind(ben.add_member(org, CY).await), ErrorKind::Forbidden);
    ana.set_member_role(org, m.member_id, OrgRole::Owner)
        .await
        .unwrap();
    ben.add_member(org, CY).await.unwrap();
    ana.set_member_role(org, m.member_id, OrgRole::Member)
        .await
        .unwrap();
    let me = ana.get_org(org).await.unwrap().my_member_id.unwrap();
    let last = ana
        .set_member_role(org, me, OrgRole::Member)
        .await
        .unwrap_err();
    assert_eq!(last.kind, ErrorKind::Conflict);
    assert!(last.message.contains("last owner"), "{last}");

    // A participant by email joins the org as a collaborator.
    let ws = ana
        .create_workspace(org, ws_fields("rnaseq", Visibility::Private))
        .await
        .unwrap();
    ana.add_participant(
        org,
        ws.id,
        ParticipantRef::UserNameOrEmail(EVE.into()),
        None,
    )
    .await
    .unwrap();
    let collaborators = ana.list_collaborators(org, Page::default()).await.unwrap();
    assert_eq!(collaborators.total, 1);
    assert_eq!(collaborators.items[0].role, OrgRole::Collaborator);
    ana.remove_member(org, collaborators.items[0].member_id)
        .await
        .unwrap();
    assert_eq!(
        ana.list_collaborators(org, Page::default())
            .await
            .unwrap()
            .total,
        0
    );

    ben.leave_org(org).await.unwrap();
    assert_eq!(kind(ben.get_org(org).await), ErrorKind::NotFound);
    assert_eq!(kind(ana.leave_org(org).await), ErrorKind::Conflict);
}

on_both!(teams_on: teams);
async fn teams(b: &dyn Backend) {
    let ana = b.client(ANA).await;
    let org = ana.create_org(org_fields("lab1")).await.unwrap().id;
    ana.add_member(org, BEN).await.unwrap();
    let fields = TeamFields {
        name: "analysts".into(),
        description: "RNA people".into(),
    };
    let team = ana.create_team(org, fields.clone()).await.unwrap();
    assert_eq!((team.org_id, team.members_count), (org, 0));
    assert_eq!(
        kind(ana.create_team(org, fields).await),
        ErrorKind::Conflict
    );

    let m = ana.add_team_member(org, team.id, BEN).await.unwrap();
    assert_eq!(m.email, BEN);
    assert_eq!(
        kind(ana.add_team_member(org, team.id, "ben").await),
        ErrorKind::Conflict
    );
    assert_eq!(
        kind(ana.add_team_member(org, team.id, "nobody@x.test").await),
        ErrorKind::NotFound
    );
    assert_eq!(
        ana.list_team_members(org, team.id, Page::default())
            .await
            .unwrap()
            .total,
        1
    );
    let listed = ana.list_teams(org, Page::default()).await.unwrap();
    assert_eq!((listed.total, listed.items[0].members_count), (1, 1));

    let renamed = ana
        .update_team(
            org,
            team.id,
            TeamFields {
                name: "analysts2".into(),
                description: String::new(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (renamed.name.as_str(), renamed.description.as_str()),
        ("analysts2", "")
    );

    let ben = b.client(BEN).await;
    let refused = ben
        .create_team(
            org,
            TeamFields {
                name: "rebels".into(),
                description: String::new(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Forbidden);
    assert!(refused.message.contains("only owners"), "{refused}");

    ana.remove_team_member(org, team.id, m.member_id)
        .await
        .unwrap();
    assert_eq!(
        kind(ana.remove_team_member(org, team.id, m.member_id).await),
        ErrorKind::NotFound
    );
    ana.delete_team(org, team.id).await.unwrap();
    assert_eq!(ana.list_teams(org, Page::default()).await.unwrap().total, 0);
}

on_both!(workspaces_on: workspaces);
async fn workspaces(b: &dyn Backend) {
    let ana = b.client(ANA).await;
    let org = ana.create_org(org_fields("lab1")).await.unwrap().id;
    let ws = ana
        .create_workspace(org, ws_fields("rnaseq", Visibility::Private))
        .await
        .unwrap();
    assert_eq!(ws.org_name.as_deref(), Some("lab1"));
    assert_eq!(ws.description, "about rnaseq");
    assert_eq!(ws.my_role.role(), Some(WspRole::Owner));
    assert_eq!(ws.my_role.source(), Some(&RoleSource::OrgOwner));
    assert_eq!(ana.get_workspace(org, ws.id).await.unwrap(), ws);
    assert_eq!(
        ana.list_org_workspaces(org).await.unwrap(),
        vec![ws.clone()]
    );
    let all = ana.list_workspaces().await.unwrap();
    assert!(all[0].is_personal(), "{all:?}");
    assert_eq!(
        all[0].my_role.source(),
        Some(&RoleSource::PersonalWorkspace)
    );
    assert_eq!(all[1..], *std::slice::from_ref(&ws));

    assert_eq!(
        kind(
            ana.create_workspace(org, ws_fields("rnaseq", Visibility::Shared))
                .await
        ),
        ErrorKind::Conflict
    );
    assert_eq!(
        kind(
            ana.create_workspace(org, ws_fields("x", Visibility::Private))
                .await
        ),
        ErrorKind::Invalid
    );

    let mut fields = WorkspaceFields::from(&ws);
    fields.visibility = Visibility::Shared;
    let shared = ana
        .update_workspace(org, ws.id, fields.clone())
        .await
        .unwrap();
    assert_eq!(shared.visibility, Visibility::Shared);

    // A member sees a SHARED workspace without a role, and may not edit it.
    ana.add_member(org, BEN).await.unwrap();
    let ben = b.client(BEN).await;
    let seen = ben.get_workspace(org, ws.id).await.unwrap();
    assert_eq!(seen.my_role.role(), None);
    assert_eq!(ben.list_workspaces().await.unwrap().len(), 2);
    assert_eq!(
        kind(ben.update_workspace(org, ws.id, fields).await),
        ErrorKind::Forbidden
    );

    assert_eq!(
        kind(ana.get_workspace(org, 999_999).await),
        ErrorKind::NotFound
    );
    ana.delete_workspace(org, ws.id).await.unwrap();
    assert_eq!(
        kind(ana.get_workspace(org, ws.id).await),
        ErrorKind::NotFound
    );
}

on_both!(participants_on: participants);
async fn participants(b: &dyn Backend) {
    let ana = b.client(ANA).await;
    let org = ana.create_org(org_fields("lab1")).await.unwrap().id;
    let ben_m = ana.add_member(org, BEN).await.unwrap();
    ana.add_member(org, CY).await.unwrap();
    let team = ana
        .create_team(
            org,
            TeamFields {
                name: "t1".into(),
                description: String::new(),
            },
        )
        .await
        .unwrap();
    ana.add_team_member(org, team.id, CY).await.unwrap();
    let ws = ana
        .create_workspace(org, ws_fields("rnaseq", Visibility::Private))
        .await
        .unwrap()
        .id;

    let p_ben = ana
        .add_participant(
            org,
            ws,
            ParticipantRef::Member(ben_m.member_id),
            Some(WspRole::Maintain.into()),
        )
        .await
        .unwrap();
    assert_eq!(
        (p_ben.kind, p_ben.role),
        (ParticipantType::Member, WspRole::Maintain)
    );
    let effective = p_ben.effective.clone().expect("effective role of a member");
    assert_eq!(effective.role(), Some(WspRole::Maintain));
    let p_team = ana
        .add_participant(org, ws, ParticipantRef::Team(team.id), None)
        .await
        .unwrap();
    assert_eq!(
        (p_team.kind, p_team.role),
        (ParticipantType::Team, WspRole::Launch)
    );
    assert_eq!(p_team.team_name.as_deref(), Some("t1"));
    assert_eq!(
        kind(
            ana.add_participant(org, ws, ParticipantRef::Member(ben_m.member_id), None)
                .await
        ),
        ErrorKind::Conflict
    );
    let p_eve = ana
        .add_participant(
            org,
            ws,
            ParticipantRef::UserNameOrEmail(EVE.into()),
            Some(WspRole::View.into()),
        )
        .await
        .unwrap();
    assert_eq!(
        (p_eve.kind, p_eve.role),
        (ParticipantType::Collaborator, WspRole::View)
    );

    // The basic tier allows 3 participants per workspace.
    let full = ana
        .add_participant(
            org,
            ws,
            ParticipantRef::UserNameOrEmail("dan@x.test".into()),
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(full.kind, ErrorKind::LimitExceeded, "{full}");
    let usage = ana.participant_usage(org, ws).await.unwrap();
    assert_eq!((usage.used, usage.limit), (3, 3));

    // Roles: cy holds launch through the team.
    let cy = b.client(CY).await;
    let cy_ws = cy.get_workspace(org, ws).await.unwrap();
    assert_eq!(cy_ws.my_role.role(), Some(WspRole::Launch));
    assert_eq!(
        cy_ws.my_role.source(),
        Some(&RoleSource::Team {
            team_id: team.id,
            team_name: "t1".into()
        })
    );

    ana.set_participant_role(org, ws, p_ben.id, WspRole::Admin.into())
        .await
        .unwrap();
    let ben = b.client(BEN).await;
    ben.set_participant_role(org, ws, p_eve.id, WspRole::Launch.into())
        .await
        .unwrap();
    assert_eq!(
        kind(
            ben.set_participant_role(org, ws, p_ben.id, WspRole::Owner.into())
                .await
        ),
        ErrorKind::Forbidden
    );
    let eve = b.client(EVE).await;
    ben.set_participant_role(org, ws, p_eve.id, WspRole::View.into())
        .await
        .unwrap();
    let refused = eve
        .add_participant(org, ws, ParticipantRef::Team(team.id), None)
        .await
        .unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Forbidden);
    assert!(refused.message.contains("manage participants"), "{refused}");

    let listed = ana
        .list_participants(org, ws, Page::default())
        .await
        .unwrap();
    assert_eq!(listed.total, 3);
    let ben_row = listed.items.iter().find(|p| p.id == p_ben.id).unwrap();
    assert_eq!(ben_row.role, WspRole::Admin);
    let page = ana
        .list_participants(
            org,
            ws,
            Page {
                max: 1,
                offset: 1,
                search: None,
            },
        )
        .await
        .unwrap();
    assert_eq!((page.items.len(), page.total), (1, 3));
    let found = ana
        .list_participants(org, ws, Page::default().with_search("ben"))
        .await
        .unwrap();
    assert_eq!(found.total, 1);

    eve.leave_workspace(org, ws).await.unwrap();
    assert_eq!(
        kind(eve.leave_workspace(org, ws).await),
        ErrorKind::NotFound
    );
    ana.remove_participant(org, ws, p_team.id).await.unwrap();
    assert_eq!(
        ana.list_participants(org, ws, Page::default())
            .await
            .unwrap()
            .total,
        1
    );

    let bulk = ana
        .add_participants_bulk(
            org,
            ws,
            "zoe@x.test\nnot-an-email\n",
            Some(WspRole::View.into()),
        )
        .await
        .unwrap();
    assert!(bulk[0].result.is_ok(), "{bulk:?}");
    assert!(bulk[1].result.is_err(), "{bulk:?}");
}

on_both!(operator_on: operator);
async fn operator(b: &dyn Backend) {
    let root = b.client(OPERATOR).await;
    let session = root.session().await.unwrap();
    assert!(session.operator);
    assert_eq!(session.user.email, OPERATOR);
    let caps = root.capabilities().await.unwrap();
    assert!(caps.manage_users && caps.audit_log && caps.default_roles);
    assert_eq!(caps.atomic_apply, b.name() == "embedded");

    let zed = root
        .create_user(NewUser {
            email: "zed@x.test".into(),
            user_name: "zed".into(),
            first_name: Some("Zed".into()),
            last_name: None,
        })
        .await
        .unwrap();
    assert_eq!(zed.display_name(), "Zed");
    let dup = NewUser {
        email: "zed@x.test".into(),
        ..Default::default()
    };
    assert_eq!(kind(root.create_user(dup).await), ErrorKind::Conflict);
    let found = root
        .list_users(Page::default().with_search("zed"))
        .await
        .unwrap();
    assert_eq!(found.items, vec![zed]);
    let audit = root.list_audit(Page::first(1)).await.unwrap();
    assert_eq!(audit.items[0].action, "user.create");
    assert!(audit.total >= 1);

    let ana = b.client(ANA).await;
    assert!(!ana.session().await.unwrap().operator);
    let caps = ana.capabilities().await.unwrap();
    assert!(!caps.manage_users && !caps.audit_log);
    assert_eq!(
        kind(ana.list_users(Page::default()).await),
        ErrorKind::Forbidden
    );
    assert_eq!(
        kind(ana.list_audit(Page::default()).await),
        ErrorKind::Forbidden
    );
}
