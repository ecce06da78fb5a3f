use crate::support::*;
use nfdeck::domain::*;

/// The lab (private, primary env `local`, own pipeline `own`) and a SHARED workspace with env
/// `shared-env`, pipeline `with-env` using it and pipeline `without-env`.
struct Shared {
    lab: Lab,
    local: ComputeEnv,
    own: Pipeline,
    shared_ws: Workspace,
    shared_env: ComputeEnv,
    with_env: Pipeline,
    without_env: Pipeline,
}

fn shared() -> Shared {
    let (mut lab, local, own) = launch_lab();
    let shared_ws = lab_workspace(&mut lab, "shared", Visibility::Shared);
    let s = Scope::Workspace(shared_ws.id);
    let shared_env = local_env(&mut lab.engine, &lab.ana, s, "shared-env");
    let with_env = pipeline(
        &mut lab.engine,
        &lab.ana,
        s,
        "with-env",
        Some(&shared_env.id),
    );
    let without_env = pipeline(&mut lab.engine, &lab.ana, s, "without-env", None);
    Shared {
        lab,
        local,
        own,
        shared_ws,
        shared_env,
        with_env,
        without_env,
    }
}

fn env_names(o: &LaunchOptions) -> Vec<String> {
    o.compute_envs.iter().map(|e| e.name.clone()).collect()
}

#[test]
fn a_launch_creates_a_submitted_run_with_the_pipeline_settings() {
    let (mut lab, env, p) = launch_lab();
    let scope = lab_scope(&lab);
    let run = launch(&mut lab.engine, &lab.ana, scope, LaunchRequest::new(p.id));
    assert_eq!(run.status, WorkflowStatus::Submitted);
    assert!(run.id.len() <= 16);
    assert_eq!(run.pipeline_id, Some(p.id));
    assert_eq!(run.compute_env_id.as_deref(), Some(env.id.as_str()));
    assert_eq!(run.compute_env_name.as_deref(), Some("local"));
    assert_eq!(run.platform, Some(Platform::Local));
    assert_eq!(run.revision.as_deref(), Some("3.14.0"));
    assert_eq!(
        run.work_dir.as_deref(),
        Some("/scratch/work"),
        "from the env"
    );
    assert_eq!(run.profiles, vec!["docker"]);
    assert_eq!(run.params, "outdir: results\n");
    assert_eq!(run.project_name, "nf-core/rnaseq");
    assert_eq!(run.user_name, "ana");
    assert!(run.launch_id.is_some());
    assert!(nfdeck::domain::launchpad::check_run_name(&run.run_name).is_ok());
    let audit = audit_actions(&lab.engine, &lab.op, "run.launch");
    assert_eq!(audit[0].object_id, run.id);
}

#[test]
fn the_launch_form_overrides_are_checked() {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    let request = LaunchRequest {
        run_name: Some("my_run-1".into()),
        revision: Some("dev".into()),
        work_dir: Some("/data/elsewhere".into()),
        profiles: Some(vec!["singularity".into(), "test".into()]),
        params: Some("{\"outdir\": \"out\"}".into()),
        ..LaunchRequest::new(p.id)
    };
    let run = launch(&mut lab.engine, &lab.ana, scope, request.clone());
    assert_eq!(run.run_name, "my_run-1");
    assert_eq!(run.revision.as_deref(), Some("dev"));
    assert_eq!(run.work_dir.as_deref(), Some("/data/elsewhere"));
    assert_eq!(run.profiles, vec!["singularity", "test"]);
    assert_eq!(run.params, "{\"outdir\": \"out\"}");
    let bad_params = LaunchRequest {
        params: Some("outdir: : :".into()),
        ..request.clone()
    };
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.launch(scope, &bad_params)
    });
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert!(
        err.message
            .starts_with("launch of pipeline 'rnaseq': params are not valid YAML:"),
        "{err}"
    );
    assert!(err.message.contains("line 1 column"), "{err}");
    let bad_json = LaunchRequest {
        params: Some("{\"a\": 1,,}".into()),
        ..request.clone()
    };
    let err = write_err(&mut lab.engine, &lab.ana, |cx| cx.launch(scope, &bad_json));
    assert!(err.message.contains("params are not valid JSON"), "{err}");
    let bad_name = LaunchRequest {
        run_name: Some("my run".into()),
        ..request.clone()
    };
    let err = write_err(&mut lab.engine, &lab.ana, |cx| cx.launch(scope, &bad_name));
    assert!(err.message.contains("run name 'my run' must be"), "{err}");
    let bad_dir = LaunchRequest {
        work_dir: Some(" ".into()),
        ..request
    };
    let err = write_err(&mut lab.engine, &lab.ana, |cx| cx.launch(scope, &bad_dir));
    assert!(err.message.ends_with("work directory is required"), "{err}");
}

#[test]
fn launch_rights_are_owner_admin_maintain_and_launch() {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    for (role, who) in every_role(&mut lab) {
        let result = lab
            .engine
            .write(&who, |cx| cx.launch(scope, &LaunchRequest::new(p.id)));
        match role {
            WspRole::Connect | WspRole::View => {
                let err = result.unwrap_err();
                assert_eq!(err.kind, ErrorKind::Forbidden);
                assert_eq!(
                    err.message,
                    format!(
                        "workspace biolab/lab: to launch pipelines you need the owner, admin, maintain or launch role (yours is {role})"
                    )
                );
            }
            _ => assert_eq!(result.unwrap().user_name, role.as_str()),
        }
    }
    let err = write_err(&mut lab.engine, &lab.ben, |cx| {
        cx.launch(scope, &LaunchRequest::new(p.id))
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
}

#[test]
fn a_shared_pipeline_with_an_env_runs_there_by_default() {
    let mut s = shared();
    let scope = lab_scope(&s.lab);
    let options = s
        .lab
        .engine
        .read(&s.lab.ana, |cx| {
            cx.launch_options(scope, s.with_env.id, Some(s.shared_ws.id))
        })
        .unwrap();
    assert_eq!(
        options.default_compute_env.as_ref().map(|e| e.id.clone()),
        Some(s.shared_env.id.clone())
    );
    assert_eq!(env_names(&options), vec!["shared-env", "local"]);
    assert_eq!(options.compute_envs[0].workspace_id, s.shared_ws.id);
    assert!(options.pipeline.shared);
    let run = launch(
        &mut s.lab.engine,
        &s.lab.ana,
        scope,
        LaunchRequest::new(s.with_env.id).from_workspace(s.shared_ws.id),
    );
    assert_eq!(
        run.compute_env_id.as_deref(),
        Some(s.shared_env.id.as_str())
    );
    assert_eq!(
        run.workspace_id, s.lab.ws.id,
        "the run belongs to the launching workspace"
    );
    // The launching workspace's own env may still be chosen.
    let run = launch(
        &mut s.lab.engine,
        &s.lab.ana,
        scope,
        LaunchRequest::new(s.with_env.id)
            .from_workspace(s.shared_ws.id)
            .on(s.local.id.clone()),
    );
    assert_eq!(run.compute_env_name.as_deref(), Some("local"));
}

#[test]
fn a_shared_pipeline_without_an_env_runs_on_the_launching_primary() {
    let mut s = shared();
    let scope = lab_scope(&s.lab);
    let options = s
        .lab
        .engine
        .read(&s.lab.ana, |cx| {
            cx.launch_options(scope, s.without_env.id, Some(s.shared_ws.id))
        })
        .unwrap();
    assert_eq!(
        options
            .default_compute_env
            .as_ref()
            .map(|e| e.name.as_str()),
        Some("local")
    );
    assert_eq!(env_names(&options), vec!["local"]);
    let run = launch(
        &mut s.lab.engine,
        &s.lab.ana,
        scope,
        LaunchRequest::new(s.without_env.id).from_workspace(s.shared_ws.id),
    );
    assert_eq!(run.compute_env_id.as_deref(), Some(s.local.id.as_str()));
    // Nor may it pick the shared workspace's env: that env serves only pipelines using it.
    let err = write_err(&mut s.lab.engine, &s.lab.ana, |cx| {
        cx.launch(
            scope,
            &LaunchRequest::new(s.without_env.id)
                .from_workspace(s.shared_ws.id)
                .on(s.shared_env.id.clone()),
        )
    });
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert_eq!(
        err.message,
        "launch of pipeline 'without-env': compute env 'shared-env' of shared workspace 'biolab/shared' runs only that workspace's shared pipelines that use it, not pipeline 'without-env'"
    );
}

#[test]
fn a_shared_env_is_refused_for_the_launching_workspaces_own_pipelines() {
    let mut s = shared();
    let scope = lab_scope(&s.lab);
    let options = s
        .lab
        .engine
        .read(&s.lab.ana, |cx| cx.launch_options(scope, s.own.id, None))
        .unwrap();
    assert_eq!(env_names(&options), vec!["local"]);
    let err = write_err(&mut s.lab.engine, &s.lab.ana, |cx| {
        cx.launch(
            scope,
            &LaunchRequest::new(s.own.id).on(s.shared_env.id.clone()),
        )
    });
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert!(
        err.message.ends_with(
            "runs only that workspace's shared pipelines that use it, not pipeline 'rnaseq'"
        ),
        "{err}"
    );
    // An env of a private workspace is simply not found.
    let private = lab_workspace(&mut s.lab, "private", Visibility::Private);
    let hidden = local_env(
        &mut s.lab.engine,
        &s.lab.ana,
        Scope::Workspace(private.id),
        "hidden",
    );
    let err = write_err(&mut s.lab.engine, &s.lab.ana, |cx| {
        cx.launch(scope, &LaunchRequest::new(s.own.id).on(hidden.id.clone()))
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
    // A pipeline of a private workspace cannot be launched from here at all.
    let p = pipeline(
        &mut s.lab.engine,
        &s.lab.ana,
        Scope::Workspace(private.id),
        "hid",
        None,
    );
    let err = write_err(&mut s.lab.engine, &s.lab.ana, |cx| {
        cx.launch(scope, &LaunchRequest::new(p.id).from_workspace(private.id))
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
}

#[test]
fn disabled_envs_are_refused_and_defaults_fall_back() {
    let mut s = shared();
    let scope = lab_scope(&s.lab);
    let spare = local_env(&mut s.lab.engine, &s.lab.ana, scope, "spare");
    s.lab
        .engine
        .write(&s.lab.ana, |cx| cx.disable_compute_env(scope, &spare.id))
        .unwrap();
    let err = write_err(&mut s.lab.engine, &s.lab.ana, |cx| {
        cx.launch(scope, &LaunchRequest::new(s.own.id).on(spare.id.clone()))
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(
        err.message,
        "launch of pipeline 'rnaseq': compute env 'spare' is DISABLED: only AVAILABLE compute envs can run pipelines"
    );
    // A shared pipeline whose env is disabled falls back to the launching primary.
    s.lab
        .engine
        .write(&s.lab.ana, |cx| {
            cx.disable_compute_env(Scope::Workspace(s.shared_ws.id), &s.shared_env.id)
        })
        .unwrap();
    let run = launch(
        &mut s.lab.engine,
        &s.lab.ana,
        scope,
        LaunchRequest::new(s.with_env.id).from_workspace(s.shared_ws.id),
    );
    assert_eq!(run.compute_env_name.as_deref(), Some("local"));
    let err = write_err(&mut s.lab.engine, &s.lab.ana, |cx| {
        cx.launch(
            scope,
            &LaunchRequest::new(s.with_env.id)
                .from_workspace(s.shared_ws.id)
                .on(s.shared_env.id.clone()),
        )
    });
    assert!(err.message.contains("'shared-env' is DISABLED"), "{err}");
}

#[test]
fn no_usable_compute_env_gives_a_clear_error() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let p = pipeline(&mut lab.engine, &lab.ana, scope, "rnaseq", None);
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.launch(scope, &LaunchRequest::new(p.id))
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(
        err.message,
        "launch of pipeline 'rnaseq': no compute environment can run it: workspace 'biolab/lab' has no AVAILABLE compute env (add one in the Compute tab)"
    );
    let env = local_env(&mut lab.engine, &lab.ana, scope, "local");
    let options = lab
        .engine
        .read(&lab.ana, |cx| cx.launch_options(scope, p.id, None))
        .unwrap();
    assert!(options.default_compute_env.is_none());
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.launch(scope, &LaunchRequest::new(p.id))
    });
    assert_eq!(
        err.message,
        "launch of pipeline 'rnaseq': no default compute environment: workspace 'biolab/lab' has no primary compute env; choose one of 'local'"
    );
    assert_eq!(
        options.no_default_reason.as_deref(),
        Some(&err.message["launch of pipeline 'rnaseq': ".len()..])
    );
    // Choosing it explicitly works; so does a pipeline's own env.
    launch(
        &mut lab.engine,
        &lab.ana,
        scope,
        LaunchRequest::new(p.id).on(env.id.clone()),
    );
    let mut f = pipeline_fields("rnaseq");
    f.compute_env_id = Some(env.id.clone());
    lab.engine
        .write(&lab.ana, |cx| cx.update_pipeline(scope, p.id, &f))
        .unwrap();
    let run = launch(&mut lab.engine, &lab.ana, scope, LaunchRequest::new(p.id));
    assert_eq!(run.compute_env_name.as_deref(), Some("local"));
    // The pipeline's env disabled and no primary: the message says both.
    lab.engine
        .write(&lab.ana, |cx| cx.disable_compute_env(scope, &env.id))
        .unwrap();
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.launch(scope, &LaunchRequest::new(p.id))
    });
    assert!(
        err.message.contains("its compute env 'local' is DISABLED and workspace 'biolab/lab' has no AVAILABLE compute env"),
        "{err}"
    );
}

#[test]
fn runs_get_the_pipeline_labels_and_the_default_resource_labels() {
    let (mut lab, _env, _) = launch_lab();
    let scope = lab_scope(&lab);
    let rna = simple_label(&mut lab.engine, &lab.ana, scope, "rna");
    let default = lab
        .engine
        .write(&lab.ana, |cx| {
            cx.create_label(scope, &LabelFields::resource("owner", "${userName}", true))
        })
        .unwrap();
    resource_label(&mut lab.engine, &lab.ana, scope, "project", "atlas");
    let mut f = pipeline_fields("tagged");
    f.label_ids = vec![rna.id];
    let p = lab
        .engine
        .write(&lab.ana, |cx| cx.create_pipeline(scope, &f))
        .unwrap();
    let run = launch(&mut lab.engine, &lab.ana, scope, LaunchRequest::new(p.id));
    let got = lab
        .engine
        .read(&lab.ana, |cx| cx.get_run(scope, &run.id))
        .unwrap();
    let labels: Vec<String> = got.labels.iter().map(|l| l.to_string()).collect();
    assert_eq!(labels, vec!["owner=${userName}", "rna"]);
    let chosen = LaunchRequest {
        label_ids: Some(vec![default.id]),
        ..LaunchRequest::new(p.id)
    };
    let run = launch(&mut lab.engine, &lab.ana, scope, chosen);
    assert_eq!(run.labels.len(), 1);
}
