use crate::support::*;
use nfdeck::domain::*;

fn action_fields(name: &str, source: ActionSource, p: &Pipeline) -> ActionFields {
    ActionFields {
        name: name.into(),
        source,
        launch: LaunchRequest {
            revision: Some("main".into()),
            ..LaunchRequest::new(p.id)
        },
        label_ids: vec![],
    }
}

#[test]
fn owner_admin_maintain_add_pause_and_delete_actions() {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    let existing = lab
        .engine
        .write(&lab.ana, |cx| {
            cx.add_action(scope, &action_fields("nightly", ActionSource::Tower, &p))
        })
        .unwrap();
    for (role, who) in every_role(&mut lab) {
        let add = lab.engine.write(&who, |cx| {
            cx.add_action(
                scope,
                &action_fields(&format!("a-{role}"), ActionSource::Github, &p),
            )
        });
        let pause = lab
            .engine
            .write(&who, |cx| cx.pause_action(scope, &existing.id));
        let resume = lab
            .engine
            .write(&who, |cx| cx.resume_action(scope, &existing.id));
        match role {
            WspRole::Owner | WspRole::Admin | WspRole::Maintain => {
                assert!(add.is_ok() && pause.is_ok() && resume.is_ok(), "{role}");
            }
            _ => {
                for err in [
                    add.map(drop).unwrap_err(),
                    pause.map(drop).unwrap_err(),
                    resume.map(drop).unwrap_err(),
                ] {
                    assert_eq!(err.kind, ErrorKind::Forbidden);
                    assert_eq!(
                        err.message,
                        format!(
                            "workspace biolab/lab: to manage actions you need the owner, admin or maintain role (yours is {role})"
                        )
                    );
                }
                let listed = lab.engine.read(&who, |cx| cx.list_actions(scope)).unwrap();
                assert_eq!(listed.len(), 4, "{role} reads actions");
            }
        }
    }
    lab.engine
        .write(&lab.ana, |cx| cx.delete_action(scope, &existing.id))
        .unwrap();
    assert_eq!(
        audit_actions(&lab.engine, &lab.op, "action.delete").len(),
        1
    );
}

#[test]
fn an_action_is_bound_to_a_valid_launch_configuration() {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    let action = lab
        .engine
        .write(&lab.ana, |cx| {
            cx.add_action(scope, &action_fields("nightly", ActionSource::Tower, &p))
        })
        .unwrap();
    assert_eq!(action.status, ActionStatus::Active);
    assert_eq!(action.pipeline_name, "rnaseq");
    assert_eq!(
        action.endpoint,
        Some(format!("/actions/{}/launch", action.id))
    );
    assert_eq!(action.launch.revision.as_deref(), Some("main"));
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.add_action(scope, &action_fields("NIGHTLY", ActionSource::Github, &p))
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(
        err.message,
        "workspace 'biolab/lab' already has an action named 'NIGHTLY'"
    );
    let mut bad = action_fields("bad-params", ActionSource::Github, &p);
    bad.launch.params = Some("{oops".into());
    let err = write_err(&mut lab.engine, &lab.ana, |cx| cx.add_action(scope, &bad));
    assert!(
        err.message.starts_with(
            "action 'bad-params': launch of pipeline 'rnaseq': params are not valid JSON"
        ),
        "{err}"
    );
    let mut bad = action_fields("no-pipeline", ActionSource::Github, &p);
    bad.launch.pipeline_id = 9999;
    let err = write_err(&mut lab.engine, &lab.ana, |cx| cx.add_action(scope, &bad));
    assert_eq!(err.kind, ErrorKind::NotFound);
    let github = lab
        .engine
        .write(&lab.ana, |cx| {
            cx.add_action(scope, &action_fields("on-push", ActionSource::Github, &p))
        })
        .unwrap();
    assert_eq!(github.endpoint, None);
}

#[test]
fn triggering_launches_only_active_actions() {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    let action = lab
        .engine
        .write(&lab.ana, |cx| {
            cx.add_action(scope, &action_fields("nightly", ActionSource::Tower, &p))
        })
        .unwrap();
    let launcher = with_role(&mut lab, "launcher@example.org", WspRole::Launch);
    let run = lab
        .engine
        .write(&launcher, |cx| {
            cx.run_action(scope, &action.id, Some("outdir: nightly"))
        })
        .unwrap();
    assert_eq!(run.status, WorkflowStatus::Submitted);
    assert_eq!(run.revision.as_deref(), Some("main"));
    assert_eq!(run.params, "outdir: nightly");
    let seen = lab
        .engine
        .read(&lab.ana, |cx| cx.get_action(scope, &action.id))
        .unwrap();
    assert!(seen.last_seen.is_some());
    let viewer = with_role(&mut lab, "viewer@example.org", WspRole::View);
    let err = write_err(&mut lab.engine, &viewer, |cx| {
        cx.run_action(scope, &action.id, None)
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(err.message.contains("to run actions you need"), "{err}");
    let paused = lab
        .engine
        .write(&lab.ana, |cx| cx.pause_action(scope, &action.id))
        .unwrap();
    assert_eq!(paused.status, ActionStatus::Paused);
    let err = write_err(&mut lab.engine, &launcher, |cx| {
        cx.run_action(scope, &action.id, None)
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(
        err.message,
        "action 'nightly' is PAUSED: only ACTIVE actions can launch (resume it first)"
    );
    lab.engine
        .write(&lab.ana, |cx| cx.resume_action(scope, &action.id))
        .unwrap();
    let err = write_err(&mut lab.engine, &launcher, |cx| {
        cx.run_action(scope, &action.id, Some("- not a mapping"))
    });
    assert!(err.message.contains("YAML mapping"), "{err}");
    assert_eq!(audit_actions(&lab.engine, &lab.op, "action.pause").len(), 1);
    assert_eq!(
        audit_actions(&lab.engine, &lab.op, "action.launch").len(),
        1
    );
}

#[test]
fn actions_take_simple_labels_and_go_with_their_pipeline() {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    let nightly = simple_label(&mut lab.engine, &lab.ana, scope, "nightly");
    let mut f = action_fields("nightly", ActionSource::Tower, &p);
    f.label_ids = vec![nightly.id];
    let action = lab
        .engine
        .write(&lab.ana, |cx| cx.add_action(scope, &f))
        .unwrap();
    assert_eq!(action.labels[0].name, "nightly");
    let project = resource_label(&mut lab.engine, &lab.ana, scope, "project", "atlas");
    let mut g = action_fields("other", ActionSource::Tower, &p);
    g.label_ids = vec![project.id];
    let err = write_err(&mut lab.engine, &lab.ana, |cx| cx.add_action(scope, &g));
    assert!(err.message.ends_with("this takes simple labels"), "{err}");
    lab.engine
        .write(&lab.ana, |cx| cx.delete_pipeline(scope, p.id))
        .unwrap();
    assert!(
        lab.engine
            .read(&lab.ana, |cx| cx.list_actions(scope))
            .unwrap()
            .is_empty()
    );
}
