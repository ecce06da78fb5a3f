use crate::support::*;
use nfdeck::domain::*;

#[test]
fn owner_admin_maintain_manage_labels_and_others_are_refused() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    for (role, who) in every_role(&mut lab) {
        let name = format!("tag-{role}");
        let result = lab.engine.write(&who, |cx| {
            cx.create_label(scope, &LabelFields::simple(&name))
        });
        match role {
            WspRole::Owner | WspRole::Admin | WspRole::Maintain => {
                assert!(result.is_ok(), "{role}: {result:?}")
            }
            _ => {
                let err = result.unwrap_err();
                assert_eq!(err.kind, ErrorKind::Forbidden, "{role}");
                assert_eq!(
                    err.message,
                    format!(
                        "workspace biolab/lab: to create, edit or delete labels you need the owner, admin or maintain role (yours is {role})"
                    )
                );
                // Everyone with a role can read them.
                let list = lab
                    .engine
                    .read(&who, |cx| {
                        cx.list_labels(scope, LabelType::All, &Page::default())
                    })
                    .unwrap();
                assert!(list.total >= 1);
            }
        }
    }
    // A plain org member without a role in the private workspace does not see it.
    let err = read_err(&lab.engine, &lab.ben, |cx| {
        cx.list_labels(scope, LabelType::All, &Page::default())
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
}

#[test]
fn names_keys_and_values_follow_the_rules() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_label(scope, &LabelFields::simple("a--b"))
    });
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert_eq!(
        err.message,
        "label 'a--b' must be 2-39 characters: letters and digits, with single '-' or '_' only between letters or digits"
    );
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_label(scope, &LabelFields::resource("project", "${nope}", false))
    });
    assert!(
        err.message
            .contains("or be one of ${workflowId}, ${sessionId}, ${userName}"),
        "{err}"
    );
    for value in ["${workflowId}", "${sessionId}", "${userName}"] {
        let label = resource_label(&mut lab.engine, &lab.ana, scope, "run", value);
        assert!(label.is_dynamic());
    }
    let mut not_default = LabelFields::simple("rna");
    not_default.is_default = true;
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_label(scope, &not_default)
    });
    assert!(err.message.contains("only resource labels can"), "{err}");
}

#[test]
fn labels_are_unique_per_workspace() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    simple_label(&mut lab.engine, &lab.ana, scope, "rna");
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_label(scope, &LabelFields::simple("RNA"))
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(
        err.message,
        "label 'RNA': workspace 'biolab/lab' already has a simple label 'rna'"
    );
    // A resource label may share a simple label's name; key+value must be unique.
    resource_label(&mut lab.engine, &lab.ana, scope, "rna", "atlas");
    resource_label(&mut lab.engine, &lab.ana, scope, "rna", "other");
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_label(scope, &LabelFields::resource("rna", "atlas", true))
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    // Another workspace has its own labels.
    let other = lab_workspace(&mut lab, "other", Visibility::Private);
    simple_label(&mut lab.engine, &lab.ana, Scope::Workspace(other.id), "rna");
}

#[test]
fn list_filters_by_type_and_pages() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    for name in ["alpha", "beta", "gamma"] {
        simple_label(&mut lab.engine, &lab.ana, scope, name);
    }
    resource_label(&mut lab.engine, &lab.ana, scope, "project", "atlas");
    let read = |kind, page: Page| {
        lab.engine
            .read(&lab.ana, |cx| cx.list_labels(scope, kind, &page))
            .unwrap()
    };
    assert_eq!(read(LabelType::All, Page::default()).total, 4);
    let simple = read(LabelType::Simple, Page::first(2));
    assert_eq!(simple.total, 3);
    let names: Vec<String> = simple.items.iter().map(|l| l.name.clone()).collect();
    assert_eq!(names, vec!["alpha", "beta"]);
    let resource = read(LabelType::Resource, Page::default());
    assert_eq!(resource.items[0].to_string(), "project=atlas");
    assert_eq!(
        read(LabelType::All, Page::default().with_search("amm")).total,
        1
    );
    let usage = lab
        .engine
        .read(&lab.ana, |cx| cx.label_usage(scope))
        .unwrap();
    assert_eq!(usage.to_string(), "4/1000");
}

#[test]
fn edit_keeps_the_kind_and_delete_unlinks() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let rna = simple_label(&mut lab.engine, &lab.ana, scope, "rna");
    let edited = lab
        .engine
        .write(&lab.ana, |cx| {
            cx.update_label(scope, rna.id, &LabelFields::simple("rnaseq"))
        })
        .unwrap();
    assert_eq!(edited.name, "rnaseq");
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.update_label(scope, rna.id, &LabelFields::resource("rna", "x1", false))
    });
    assert!(
        err.message
            .contains("cannot change between simple and resource"),
        "{err}"
    );
    let mut fields = pipeline_fields("tagged");
    fields.label_ids = vec![rna.id];
    let p = lab
        .engine
        .write(&lab.ana, |cx| cx.create_pipeline(scope, &fields))
        .unwrap();
    assert_eq!(p.labels.len(), 1);
    lab.engine
        .write(&lab.ana, |cx| cx.delete_label(scope, rna.id))
        .unwrap();
    let p = lab
        .engine
        .read(&lab.ana, |cx| cx.get_pipeline(scope, p.id, None))
        .unwrap();
    assert!(p.labels.is_empty());
    assert_eq!(audit_actions(&lab.engine, &lab.op, "label.delete").len(), 1);
}

#[test]
fn at_most_1000_labels_per_workspace() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    lab.engine
        .write(&lab.ana, |cx| {
            for i in 0..1000 {
                cx.create_label(scope, &LabelFields::simple(&format!("l{i}")))?;
            }
            Ok(())
        })
        .unwrap();
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_label(scope, &LabelFields::simple("one-more"))
    });
    assert_eq!(err.kind, ErrorKind::LimitExceeded);
    assert_eq!(
        err.message,
        "label 'one-more': the pro tier allows at most 1000 labels per workspace (1000 used)"
    );
}

#[test]
fn at_most_25_labels_per_resource_and_of_the_right_kind() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let ids: Vec<LabelId> = lab
        .engine
        .write(&lab.ana, |cx| {
            (0..26)
                .map(|i| {
                    cx.create_label(scope, &LabelFields::simple(&format!("t{i}")))
                        .map(|l| l.id)
                })
                .collect()
        })
        .unwrap();
    let mut fields = pipeline_fields("many");
    fields.label_ids = ids.clone();
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_pipeline(scope, &fields)
    });
    assert_eq!(err.kind, ErrorKind::LimitExceeded);
    assert_eq!(
        err.message,
        "pipeline 'many': at most 25 labels per resource (26 given)"
    );
    fields.label_ids = ids[..25].to_vec();
    lab.engine
        .write(&lab.ana, |cx| cx.create_pipeline(scope, &fields))
        .unwrap();
    // Compute envs take resource labels only; pipelines simple ones only.
    let mut env = env_fields("local", Platform::Local, None);
    env.label_ids = vec![ids[0]];
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_compute_env(scope, &env)
    });
    assert_eq!(
        err.message,
        "compute env 'local': label 't0' cannot be used here: this takes resource labels"
    );
    let project = resource_label(&mut lab.engine, &lab.ana, scope, "project", "atlas");
    env.label_ids = vec![project.id];
    let created = lab
        .engine
        .write(&lab.ana, |cx| cx.create_compute_env(scope, &env))
        .unwrap();
    assert_eq!(created.labels[0].to_string(), "project=atlas");
    let mut p = pipeline_fields("wrong-kind");
    p.label_ids = vec![project.id];
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_pipeline(scope, &p)
    });
    assert!(err.message.ends_with("this takes simple labels"), "{err}");
    // Labels of another workspace are not found here.
    let other = lab_workspace(&mut lab, "other", Visibility::Private);
    let foreign = simple_label(
        &mut lab.engine,
        &lab.ana,
        Scope::Workspace(other.id),
        "foreign",
    );
    p.label_ids = vec![foreign.id];
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_pipeline(scope, &p)
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
}
