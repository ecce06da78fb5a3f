use crate::support::*;
use nfdeck::domain::*;

fn query(visibility: PipelineVisibility) -> PipelineQuery {
    PipelineQuery {
        visibility,
        ..Default::default()
    }
}

fn names(paged: &Paged<Pipeline>) -> Vec<String> {
    paged
        .items
        .iter()
        .map(|p| format!("{}@{}", p.name, p.workspace_name))
        .collect()
}

#[test]
fn owner_admin_maintain_manage_pipelines() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let existing = pipeline(&mut lab.engine, &lab.ana, scope, "existing", None);
    for (role, who) in every_role(&mut lab) {
        let name = format!("p-{role}");
        let create = lab.engine.write(&who, |cx| {
            cx.create_pipeline(scope, &pipeline_fields(&name))
        });
        let mut edit = pipeline_fields("existing");
        edit.description = format!("edited by {role}");
        let update = lab
            .engine
            .write(&who, |cx| cx.update_pipeline(scope, existing.id, &edit));
        match role {
            WspRole::Owner | WspRole::Admin | WspRole::Maintain => {
                assert!(create.is_ok() && update.is_ok(), "{role}")
            }
            _ => {
                for err in [create.unwrap_err(), update.unwrap_err()] {
                    assert_eq!(err.kind, ErrorKind::Forbidden);
                    assert_eq!(
                        err.message,
                        format!(
                            "workspace biolab/lab: to add, edit or delete pipelines you need the owner, admin or maintain role (yours is {role})"
                        )
                    );
                }
                let listed = lab
                    .engine
                    .read(&who, |cx| {
                        cx.list_pipelines(scope, &PipelineQuery::default())
                    })
                    .unwrap();
                assert_eq!(listed.total, 4, "{role} reads the Launchpad");
            }
        }
    }
    let err = write_err(&mut lab.engine, &lab.ben, |cx| {
        cx.delete_pipeline(scope, existing.id)
    });
    assert_eq!(
        err.kind,
        ErrorKind::NotFound,
        "a member without a role does not see it"
    );
}

#[test]
fn pipeline_fields_are_checked() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let cases: Vec<(PipelineFields, &str)> = vec![
        (
            PipelineFields {
                name: "-bad".into(),
                ..pipeline_fields("x")
            },
            "name '-bad' must be 2-39 characters",
        ),
        (
            PipelineFields {
                repository: "github.com/nf-core/rnaseq".into(),
                ..pipeline_fields("p1")
            },
            "pipeline 'p1': repository 'github.com/nf-core/rnaseq' is not an http(s) URL",
        ),
        (
            PipelineFields {
                repository: String::new(),
                ..pipeline_fields("p1")
            },
            "pipeline 'p1': repository URL is required",
        ),
        (
            PipelineFields {
                params: "{\"outdir\": }".into(),
                ..pipeline_fields("p1")
            },
            "pipeline 'p1': params are not valid JSON: expected value at line 1 column 12",
        ),
        (
            PipelineFields {
                params: "outdir: [results\n".into(),
                ..pipeline_fields("p1")
            },
            "pipeline 'p1': params are not valid YAML:",
        ),
        (
            PipelineFields {
                profiles: vec!["do cker".into()],
                ..pipeline_fields("p1")
            },
            "config profile 'do cker' must be",
        ),
    ];
    for (fields, expected) in cases {
        let err = write_err(&mut lab.engine, &lab.ana, |cx| {
            cx.create_pipeline(scope, &fields)
        });
        assert_eq!(err.kind, ErrorKind::Invalid);
        assert!(
            err.message.contains(expected),
            "{} vs {expected}",
            err.message
        );
    }
    let mut json = pipeline_fields("json-params");
    json.params = "{\"outdir\": \"results\", \"genome\": \"GRCh38\"}".into();
    let p = lab
        .engine
        .write(&lab.ana, |cx| cx.create_pipeline(scope, &json))
        .unwrap();
    assert_eq!(p.params, json.params);
    assert_eq!(p.user_name.as_deref(), Some("ana"));
    assert_eq!(p.profiles, vec!["docker"]);
}

#[test]
fn names_are_unique_and_a_compute_env_must_be_local() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    pipeline(&mut lab.engine, &lab.ana, scope, "rnaseq", None);
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_pipeline(scope, &pipeline_fields("RNASEQ"))
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(
        err.message,
        "pipeline 'RNASEQ': workspace 'biolab/lab' already has a pipeline named 'RNASEQ'"
    );
    let other = lab_workspace(&mut lab, "other", Visibility::Shared);
    let foreign = local_env(
        &mut lab.engine,
        &lab.ana,
        Scope::Workspace(other.id),
        "foreign",
    );
    let mut f = pipeline_fields("with-env");
    f.compute_env_id = Some(foreign.id.clone());
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_pipeline(scope, &f)
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(
        err.message.contains("not found in workspace 'biolab/lab'"),
        "{err}"
    );
}

#[test]
fn at_most_100_pipelines_per_workspace() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    lab.engine
        .write(&lab.ana, |cx| {
            for i in 0..100 {
                cx.create_pipeline(scope, &pipeline_fields(&format!("p{i}")))?;
            }
            Ok(())
        })
        .unwrap();
    let usage = lab
        .engine
        .read(&lab.ana, |cx| cx.pipeline_usage(scope))
        .unwrap();
    assert_eq!(usage.to_string(), "100/100");
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_pipeline(scope, &pipeline_fields("p100"))
    });
    assert_eq!(err.kind, ErrorKind::LimitExceeded);
    assert_eq!(
        err.message,
        "pipeline 'p100': the pro tier allows at most 100 pipelines per workspace (100 used)"
    );
}

#[test]
fn shared_workspaces_add_their_pipelines_marked_with_their_source() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let shared = lab_workspace(&mut lab, "shared", Visibility::Shared);
    let private = lab_workspace(&mut lab, "private", Visibility::Private);
    pipeline(&mut lab.engine, &lab.ana, scope, "local-one", None);
    pipeline(
        &mut lab.engine,
        &lab.ana,
        Scope::Workspace(shared.id),
        "shared-one",
        None,
    );
    pipeline(
        &mut lab.engine,
        &lab.ana,
        Scope::Workspace(private.id),
        "private-one",
        None,
    );
    // Another org's shared workspace never shows.
    let zed = user(&mut lab.engine, &lab.op, "zed@example.org");
    let other_org = org(&mut lab.engine, &lab.op, "otherlab", Tier::Basic, &zed);
    let theirs = lab
        .engine
        .write(&zed, |cx| {
            cx.create_workspace(other_org.id, &ws_fields("theirs", Visibility::Shared))
        })
        .unwrap();
    pipeline(
        &mut lab.engine,
        &zed,
        Scope::Workspace(theirs.id),
        "foreign-one",
        None,
    );

    let list = |v| {
        lab.engine
            .read(&lab.ana, |cx| cx.list_pipelines(scope, &query(v)))
            .unwrap()
    };
    assert_eq!(
        names(&list(PipelineVisibility::Private)),
        vec!["local-one@lab"]
    );
    let shared_list = list(PipelineVisibility::Shared);
    assert_eq!(names(&shared_list), vec!["shared-one@shared"]);
    assert!(shared_list.items[0].shared);
    assert_eq!(shared_list.items[0].workspace_id, shared.id);
    let all = list(PipelineVisibility::All);
    assert_eq!(names(&all), vec!["local-one@lab", "shared-one@shared"]);
    assert!(!all.items[0].shared);
    // From the shared workspace itself its own pipelines are not "shared".
    let own = lab
        .engine
        .read(&lab.ana, |cx| {
            cx.list_pipelines(Scope::Workspace(shared.id), &query(PipelineVisibility::All))
        })
        .unwrap();
    assert_eq!(names(&own), vec!["shared-one@shared"]);
    assert!(!own.items[0].shared);
    // A personal workspace has no shared workspaces.
    let personal = lab
        .engine
        .read(&lab.ana, |cx| {
            cx.list_pipelines(Scope::Personal, &query(PipelineVisibility::All))
        })
        .unwrap();
    assert_eq!(personal.total, 0);
}

#[test]
fn shared_pipelines_are_read_through_their_source_workspace() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let shared = lab_workspace(&mut lab, "shared", Visibility::Shared);
    let private = lab_workspace(&mut lab, "private", Visibility::Private);
    let s = pipeline(
        &mut lab.engine,
        &lab.ana,
        Scope::Workspace(shared.id),
        "s1",
        None,
    );
    let p = pipeline(
        &mut lab.engine,
        &lab.ana,
        Scope::Workspace(private.id),
        "p1",
        None,
    );
    let got = lab
        .engine
        .read(&lab.ana, |cx| cx.get_pipeline(scope, s.id, Some(shared.id)))
        .unwrap();
    assert!(got.shared);
    let err = read_err(&lab.engine, &lab.ana, |cx| {
        cx.get_pipeline(scope, s.id, None)
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
    let err = read_err(&lab.engine, &lab.ana, |cx| {
        cx.get_pipeline(scope, p.id, Some(private.id))
    });
    assert_eq!(
        err.message,
        format!(
            "workspace {} is not a shared workspace of the same organization as workspace 'biolab/lab'",
            private.id
        )
    );
    // Editing a shared pipeline happens in its own workspace only.
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.update_pipeline(scope, s.id, &pipeline_fields("s1"))
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
}

#[test]
fn paging_search_and_label_filter() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let rna = simple_label(&mut lab.engine, &lab.ana, scope, "rna");
    for (name, desc, repo) in [
        ("atac", "chromatin", "https://github.com/nf-core/atacseq"),
        ("chip", "peaks", "https://github.com/nf-core/chipseq"),
        ("rnaseq", "expression", "https://github.com/nf-core/rnaseq"),
        ("sarek", "variants", "https://gitlab.com/lab/sarek"),
    ] {
        let mut f = pipeline_fields(name);
        f.description = desc.into();
        f.repository = repo.into();
        if name == "rnaseq" || name == "atac" {
            f.label_ids = vec![rna.id];
        }
        lab.engine
            .write(&lab.ana, |cx| cx.create_pipeline(scope, &f))
            .unwrap();
    }
    let run = |q: PipelineQuery| {
        lab.engine
            .read(&lab.ana, |cx| cx.list_pipelines(scope, &q))
            .unwrap()
    };
    let page = run(PipelineQuery {
        page: Page {
            max: 2,
            offset: 2,
            search: None,
        },
        ..Default::default()
    });
    assert_eq!(page.total, 4);
    assert_eq!(names(&page), vec!["rnaseq@lab", "sarek@lab"]);
    let by_repo = run(PipelineQuery {
        page: Page::default().with_search("gitlab"),
        ..Default::default()
    });
    assert_eq!(names(&by_repo), vec!["sarek@lab"]);
    let by_desc = run(PipelineQuery {
        page: Page::default().with_search("PEAK"),
        ..Default::default()
    });
    assert_eq!(names(&by_desc), vec!["chip@lab"]);
    let by_label = run(PipelineQuery {
        label: Some("rna".into()),
        ..Default::default()
    });
    assert_eq!(names(&by_label), vec!["atac@lab", "rnaseq@lab"]);
    assert_eq!(by_label.items[0].labels[0].name, "rna");
    let none = run(PipelineQuery {
        page: Page::default().with_search("100%_x"),
        ..Default::default()
    });
    assert_eq!(none.total, 0, "LIKE wildcards are escaped");
}

#[test]
fn deleting_a_pipeline_keeps_its_runs_and_audits() {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    let run = launch(&mut lab.engine, &lab.ana, scope, LaunchRequest::new(p.id));
    lab.engine
        .write(&lab.ana, |cx| cx.delete_pipeline(scope, p.id))
        .unwrap();
    let kept = lab
        .engine
        .read(&lab.ana, |cx| cx.get_run(scope, &run.id))
        .unwrap();
    assert_eq!(kept.pipeline_id, None);
    assert_eq!(kept.project_name, "nf-core/rnaseq");
    let audit = audit_actions(&lab.engine, &lab.op, "pipeline.delete");
    assert_eq!(audit[0].object_name, "rnaseq");
}
