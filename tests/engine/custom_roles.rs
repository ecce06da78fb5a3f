//! Custom roles: named permission sets per org, managed by the org's owners.

use crate::support::*;
use nfdeck::domain::*;

fn role(name: &str, permissions: &[&str]) -> CustomRoleFields {
    CustomRoleFields {
        name: name.into(),
        description: "Curates the pipelines".into(),
        permissions: permissions.iter().map(|p| p.to_string()).collect(),
    }
}

fn curator() -> CustomRoleFields {
    role(
        "curator",
        &["manage_pipelines", "view_workspace", "launch_pipelines"],
    )
}

#[test]
fn owners_create_roles_that_members_can_read() {
    let mut lab = lab();
    let made = lab
        .engine
        .write(&lab.ana, |cx| cx.create_custom_role(lab.org.id, &curator()))
        .unwrap();
    assert_eq!(
        made.permissions,
        vec![
            Permission::ViewWorkspace,
            Permission::ManagePipelines,
            Permission::LaunchPipelines
        ],
        "in the table's order"
    );
    let read = lab
        .engine
        .read(&lab.ben, |cx| cx.get_custom_role(lab.org.id, "CURATOR"))
        .unwrap();
    assert_eq!(read, made, "found in any case");
    let listed = lab
        .engine
        .read(&lab.ben, |cx| cx.list_custom_roles(lab.org.id))
        .unwrap();
    assert_eq!(listed, vec![made]);
    let err = write_err(&mut lab.engine, &lab.ben, |cx| {
        cx.create_custom_role(lab.org.id, &role("mine", &["view_workspace"]))
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert_eq!(err.message, "only owners of org 'biolab' may create roles");
    lab.engine
        .write(&lab.op, |cx| {
            cx.create_custom_role(lab.org.id, &role("ops", &["view_workspace"]))
        })
        .expect("the operator may");
}

#[test]
fn names_are_checked_unique_and_never_built_in() {
    let mut lab = lab();
    lab.engine
        .write(&lab.ana, |cx| cx.create_custom_role(lab.org.id, &curator()))
        .unwrap();
    let cases = [
        (
            "Curator",
            ErrorKind::Conflict,
            "org 'biolab' already has a role named 'curator'",
        ),
        (
            "Admin",
            ErrorKind::Conflict,
            "role name 'Admin' is taken by the built-in role 'admin'",
        ),
        (
            "a b",
            ErrorKind::Invalid,
            "role name 'a b' must be 2-39 characters",
        ),
    ];
    for (name, kind, message) in cases {
        let err = write_err(&mut lab.engine, &lab.ana, |cx| {
            cx.create_custom_role(lab.org.id, &role(name, &["view_workspace"]))
        });
        assert_eq!(err.kind, kind, "{name}");
        assert!(err.message.contains(message), "{name}: {err}");
        let err = read_err(&lab.engine, &lab.ben, |cx| {
            cx.check_custom_role_name(lab.org.id, name)
        });
        assert_eq!(err.kind, kind, "validate {name}");
    }
    lab.engine
        .read(&lab.ben, |cx| {
            cx.check_custom_role_name(lab.org.id, "runner")
        })
        .expect("a free name");
}

#[test]
fn a_role_needs_known_permissions_and_a_description() {
    let mut lab = lab();
    let before = audit_count(&lab.engine, &lab.op);
    let none = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_custom_role(lab.org.id, &role("empty", &[]))
    });
    assert_eq!(none.kind, ErrorKind::Invalid);
    assert!(none.message.contains("at least one permission"), "{none}");
    let unknown = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_custom_role(lab.org.id, &role("odd", &["fly_rockets"]))
    });
    assert!(
        unknown
            .message
            .contains("'fly_rockets' is not a permission"),
        "{unknown}"
    );
    let mut blank = curator();
    blank.description = String::new();
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_custom_role(lab.org.id, &blank)
    });
    assert!(
        err.message.contains("role description is required"),
        "{err}"
    );
    assert_eq!(audit_count(&lab.engine, &lab.op), before, "nothing written");
}

#[test]
fn owners_rename_change_and_delete_roles_with_audit() {
    let mut lab = lab();
    lab.engine
        .write(&lab.ana, |cx| cx.create_custom_role(lab.org.id, &curator()))
        .unwrap();
    lab.engine
        .write(&lab.ana, |cx| {
            cx.create_custom_role(lab.org.id, &role("runner", &["launch_pipelines"]))
        })
        .unwrap();
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.update_custom_role(lab.org.id, "curator", &role("runner", &["view_workspace"]))
    });
    assert_eq!(err.kind, ErrorKind::Conflict, "{err}");
    let err = write_err(&mut lab.engine, &lab.ben, |cx| {
        cx.update_custom_role(lab.org.id, "curator", &role("curator", &["view_workspace"]))
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
    let after = lab
        .engine
        .write(&lab.ana, |cx| {
            cx.update_custom_role(lab.org.id, "curator", &role("keeper", &["manage_labels"]))
        })
        .unwrap();
    assert_eq!(after.name, "keeper");
    assert_eq!(after.permissions, vec![Permission::ManageLabels]);
    let gone = read_err(&lab.engine, &lab.ana, |cx| {
        cx.get_custom_role(lab.org.id, "curator")
    });
    assert_eq!(gone.message, "role 'curator' not found in org 'biolab'");
    lab.engine
        .write(&lab.ana, |cx| cx.delete_custom_role(lab.org.id, "KEEPER"))
        .unwrap();
    let names: Vec<String> = lab
        .engine
        .read(&lab.ana, |cx| cx.list_custom_roles(lab.org.id))
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names, vec!["runner"]);
    let log = lab
        .engine
        .read(&lab.op, |cx| cx.list_audit(&Page::first(3)))
        .unwrap();
    let actions: Vec<&str> = log.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["role.delete", "role.update", "role.create"]);
    let update = &log.items[1];
    assert_eq!(update.object_name, "keeper");
    assert_eq!(update.before.as_ref().unwrap()["name"], "curator");
    assert_eq!(
        update.after.as_ref().unwrap()["permissions"][0],
        "manage_labels"
    );
}

#[test]
fn roles_belong_to_their_org_only() {
    let mut lab = lab();
    lab.engine
        .write(&lab.ana, |cx| cx.create_custom_role(lab.org.id, &curator()))
        .unwrap();
    let other = org(&mut lab.engine, &lab.op, "otherlab", Tier::Pro, &lab.ben);
    let err = read_err(&lab.engine, &lab.ben, |cx| {
        cx.get_custom_role(other.id, "curator")
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
    lab.engine
        .write(&lab.ben, |cx| cx.create_custom_role(other.id, &curator()))
        .expect("the same name in another org");
    let outsider = user(&mut lab.engine, &lab.op, "out@example.org");
    let err = read_err(&lab.engine, &outsider, |cx| {
        cx.list_custom_roles(lab.org.id)
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
}

#[test]
fn twenty_custom_roles_at_most() {
    let mut lab = lab();
    for i in 0..20 {
        lab.engine
            .write(&lab.ana, |cx| {
                cx.create_custom_role(lab.org.id, &role(&format!("role{i}"), &["view_workspace"]))
            })
            .unwrap();
    }
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_custom_role(lab.org.id, &role("one-more", &["view_workspace"]))
    });
    assert_eq!(err.kind, ErrorKind::LimitExceeded);
    assert!(err.message.contains("at most 20 custom roles"), "{err}");
}
