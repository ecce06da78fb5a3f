use crate::support::*;
use nfdeck::domain::*;

#[test]
fn defaults_and_range() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let s = lab
        .engine
        .read(&lab.ana, |cx| cx.studios_settings(scope))
        .unwrap();
    assert_eq!(
        s,
        StudiosSettings {
            lifespan_hours: 8,
            private_by_default: false
        }
    );
    for hours in [0, 1, 120] {
        let set = StudiosSettings {
            lifespan_hours: hours,
            private_by_default: true,
        };
        lab.engine
            .write(&lab.ana, |cx| cx.set_studios_settings(scope, &set))
            .unwrap();
        let got = lab
            .engine
            .read(&lab.ana, |cx| cx.studios_settings(scope))
            .unwrap();
        assert_eq!(got, set);
    }
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.set_studios_settings(
            scope,
            &StudiosSettings {
                lifespan_hours: 121,
                private_by_default: false,
            },
        )
    });
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert_eq!(
        err.message,
        "workspace 'biolab/lab': Studios session lifespan must be 1-120 hours, or 0 to always keep running (got 121)"
    );
    let audit = audit_actions(&lab.engine, &lab.op, "workspace.studios");
    assert_eq!(audit.len(), 3);
    assert_eq!(audit[0].after.as_ref().unwrap()["lifespan_hours"], 120);
}

#[test]
fn only_owner_and_admin_change_them_and_only_in_org_workspaces() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let set = StudiosSettings {
        lifespan_hours: 24,
        private_by_default: true,
    };
    for (role, who) in every_role(&mut lab) {
        let result = lab
            .engine
            .write(&who, |cx| cx.set_studios_settings(scope, &set));
        match role {
            WspRole::Owner | WspRole::Admin => assert!(result.is_ok(), "{role}"),
            _ => {
                let err = result.unwrap_err();
                assert_eq!(err.kind, ErrorKind::Forbidden);
                assert_eq!(
                    err.message,
                    format!(
                        "workspace biolab/lab: to change Studios settings you need the owner or admin role (yours is {role})"
                    )
                );
                let got = lab
                    .engine
                    .read(&who, |cx| cx.studios_settings(scope))
                    .unwrap();
                assert_eq!(got.lifespan_hours, 24);
            }
        }
    }
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.set_studios_settings(Scope::Personal, &set)
    });
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert_eq!(
        err.message,
        "workspace '~ana': Studios settings exist only in organization workspaces"
    );
}
