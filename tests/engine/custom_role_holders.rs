//! Custom roles held by participants: set by name like a built-in role, their permissions
//! added to what the holder may do, kept across a rename, and never deleted while held.

use crate::support::*;
use nfdeck::domain::*;

fn runner() -> CustomRoleFields {
    CustomRoleFields {
        name: "runner".into(),
        description: "Launches but does not curate".into(),
        permissions: vec!["launch_pipelines".into(), "delete_workspace".into()],
    }
}

fn custom(name: &str) -> ParticipantRole {
    ParticipantRole::Custom(name.into())
}

/// The launch lab with the custom role `runner` and ben holding it as a participant.
fn runner_lab() -> (Lab, Pipeline, Participant) {
    let (mut lab, _, pipeline) = launch_lab();
    lab.engine
        .write(&lab.ana, |cx| cx.create_custom_role(lab.org.id, &runner()))
        .unwrap();
    let (org, ws) = (lab.org.id, lab.ws.id);
    let p = lab
        .engine
        .write(&lab.ana, |cx| {
            cx.add_participant(
                org,
                ws,
                &ParticipantRef::UserNameOrEmail("ben@example.org".into()),
                Some(custom("Runner")),
            )
        })
        .unwrap();
    (lab, pipeline, p)
}

#[test]
fn a_holder_may_do_what_the_role_lists_and_no_more() {
    let (mut lab, pipeline, p) = runner_lab();
    assert_eq!(p.custom_role.as_deref(), Some("runner"), "the stored name");
    assert_eq!(p.role, WspRole::View, "ranked as view");
    assert_eq!(p.held_role().to_string(), "runner");
    let eff = p.effective.clone().unwrap();
    assert_eq!(eff.summary(), "runner (participant)");
    let scope = lab_scope(&lab);
    let run = launch(
        &mut lab.engine,
        &lab.ben,
        scope,
        LaunchRequest::new(pipeline.id),
    );
    assert_eq!(
        run.workspace_id, lab.ws.id,
        "launch_pipelines is in the role"
    );
    let err = write_err(&mut lab.engine, &lab.ben, |cx| {
        cx.create_pipeline(scope, &pipeline_fields("other"))
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert_eq!(
        err.message,
        "workspace biolab/lab: to add, edit or delete pipelines you need the owner, admin or maintain role (yours is runner)"
    );
    let err = write_err(&mut lab.engine, &lab.ben, |cx| {
        cx.delete_workspace(lab.org.id, lab.ws.id)
    });
    assert_eq!(
        err.kind,
        ErrorKind::Forbidden,
        "owner-only permissions stay with the owner role even when a custom role lists them"
    );
    let listed = lab
        .engine
        .read(&lab.ana, |cx| {
            cx.list_participants(lab.org.id, lab.ws.id, &Page::first(50))
        })
        .unwrap();
    let ben = listed
        .items
        .iter()
        .find(|q| q.id == p.id)
        .expect("ben listed");
    assert_eq!(ben.custom_role.as_deref(), Some("runner"));
    assert_eq!(
        ben.effective.as_ref().map(|e| e.summary()),
        Some("runner (participant)".to_string())
    );
}

#[test]
fn a_team_holding_a_custom_role_gives_it_to_its_members() {
    let (mut lab, pipeline, p) = runner_lab();
    let (org, ws) = (lab.org.id, lab.ws.id);
    lab.engine
        .write(&lab.ana, |cx| cx.remove_participant(org, ws, p.id))
        .unwrap();
    let cy = user(&mut lab.engine, &lab.op, "cy@example.org");
    member(&mut lab.engine, &lab.ana, org, &cy);
    let team = lab
        .engine
        .write(&lab.ana, |cx| {
            let team = cx.create_team(org, &team_fields("runners"))?;
            cx.add_team_member(org, team.id, "cy@example.org")?;
            Ok(team)
        })
        .unwrap();
    let tp = lab
        .engine
        .write(&lab.ana, |cx| {
            cx.add_participant(
                org,
                ws,
                &ParticipantRef::Team(team.id),
                Some(custom("runner")),
            )
        })
        .unwrap();
    assert_eq!(tp.custom_role.as_deref(), Some("runner"));
    let places = lab
        .engine
        .read(&lab.ana, |cx| {
            cx.list_team_workspaces(org, team.id, &Page::first(10))
        })
        .unwrap();
    assert_eq!(
        places.items[0].role,
        custom("runner"),
        "the team's workspaces name it"
    );
    let scope = lab_scope(&lab);
    launch(&mut lab.engine, &cy, scope, LaunchRequest::new(pipeline.id));
    let err = write_err(&mut lab.engine, &cy, |cx| {
        cx.create_pipeline(scope, &pipeline_fields("other"))
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
}

#[test]
fn set_role_takes_built_in_or_custom_names_and_refuses_others() {
    let (mut lab, _, p) = runner_lab();
    let (org, ws) = (lab.org.id, lab.ws.id);
    let back = lab
        .engine
        .write(&lab.ana, |cx| {
            cx.set_participant_role(org, ws, p.id, WspRole::Maintain.into())
        })
        .unwrap();
    assert_eq!(
        (back.role, back.custom_role.clone()),
        (WspRole::Maintain, None)
    );
    let again = lab
        .engine
        .write(&lab.ana, |cx| {
            cx.set_participant_role(org, ws, p.id, custom("runner"))
        })
        .unwrap();
    assert_eq!(
        (again.role, again.custom_role.as_deref()),
        (WspRole::View, Some("runner"))
    );
    let audited = audit_actions(&lab.engine, &lab.op, "participant.role");
    let last = audited.first().expect("audited");
    assert_eq!(last.after.as_ref().unwrap()["custom_role"], "runner");
    assert_eq!(last.before.as_ref().unwrap()["role"], "maintain");
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.set_participant_role(org, ws, p.id, custom("runnr"))
    });
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert_eq!(
        err.message,
        "workspace 'biolab/lab': role: 'runnr' is neither a workspace role nor a custom role of org 'biolab' (owner, admin, maintain, launch, connect, view, runner)"
    );
    let other = org_with_role(&mut lab, "elsewhere");
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.set_participant_role(org, ws, p.id, custom(&other))
    });
    assert!(
        err.message
            .contains("is neither a workspace role nor a custom role of org 'biolab'"),
        "another org's role is not offered: {}",
        err.message
    );
}

/// Another org of ana's with a custom role of its own; its name.
fn org_with_role(lab: &mut Lab, name: &str) -> String {
    let other = org(&mut lab.engine, &lab.op, name, Tier::Pro, &lab.ana);
    let role = CustomRoleFields {
        name: "auditor".into(),
        ..runner()
    };
    lab.engine
        .write(&lab.ana, |cx| cx.create_custom_role(other.id, &role))
        .unwrap();
    role.name
}

#[test]
fn held_roles_are_not_deleted_and_renames_keep_their_holders() {
    let (mut lab, _, p) = runner_lab();
    let (org, ws) = (lab.org.id, lab.ws.id);
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.delete_custom_role(org, "runner")
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(
        err.message,
        "org 'biolab': role 'runner' cannot be deleted: 1 participant holds it; give them another role first"
    );
    let renamed = CustomRoleFields {
        name: "launcher".into(),
        ..runner()
    };
    lab.engine
        .write(&lab.ana, |cx| {
            cx.update_custom_role(org, "runner", &renamed)
        })
        .unwrap();
    let listed = lab
        .engine
        .read(&lab.ana, |cx| {
            cx.list_participants(org, ws, &Page::first(50))
        })
        .unwrap();
    let ben = listed.items.iter().find(|q| q.id == p.id).unwrap();
    assert_eq!(ben.custom_role.as_deref(), Some("launcher"));
    lab.engine
        .write(&lab.ana, |cx| {
            cx.set_participant_role(org, ws, p.id, WspRole::Launch.into())
        })
        .unwrap();
    lab.engine
        .write(&lab.ana, |cx| cx.delete_custom_role(org, "launcher"))
        .expect("no longer held");
}

#[test]
fn only_participant_managers_give_custom_roles() {
    let (mut lab, _, p) = runner_lab();
    let (org, ws) = (lab.org.id, lab.ws.id);
    let err = write_err(&mut lab.engine, &lab.ben, |cx| {
        cx.set_participant_role(org, ws, p.id, custom("runner"))
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(
        err.message
            .contains("to manage participants you need the owner or admin role (yours is runner)"),
        "{}",
        err.message
    );
}

#[test]
fn deleting_a_workspace_or_the_org_takes_held_roles_along() {
    let (mut lab, _, _) = runner_lab();
    let (org, ws) = (lab.org.id, lab.ws.id);
    lab.engine
        .write(&lab.ana, |cx| cx.delete_workspace(org, ws))
        .expect("its participants go, and with them the holders");
    lab.engine
        .write(&lab.ana, |cx| cx.delete_custom_role(org, "runner"))
        .expect("no longer held");
    let (mut lab, _, _) = runner_lab();
    let org = lab.org.id;
    lab.engine
        .write(&lab.op, |cx| cx.delete_org(org))
        .expect("roles and holders go with the org");
}
