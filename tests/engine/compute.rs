use crate::support::*;
use nfdeck::domain::*;

#[test]
fn only_owner_and_admin_manage_compute_envs() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let env = local_env(&mut lab.engine, &lab.ana, scope, "local");
    for (role, who) in every_role(&mut lab) {
        let name = format!("env-{role}");
        let create = lab.engine.write(&who, |cx| {
            cx.create_compute_env(scope, &env_fields(&name, Platform::Local, None))
        });
        let primary = lab.engine.write(&who, |cx| cx.make_primary(scope, &env.id));
        let disable = lab
            .engine
            .write(&who, |cx| cx.disable_compute_env(scope, &env.id));
        let enable = lab
            .engine
            .write(&who, |cx| cx.enable_compute_env(scope, &env.id));
        match role {
            WspRole::Owner | WspRole::Admin => {
                for r in [
                    create.map(drop),
                    primary.map(drop),
                    disable.map(drop),
                    enable.map(drop),
                ] {
                    assert!(r.is_ok(), "{role}: {r:?}");
                }
            }
            _ => {
                for r in [
                    create.map(drop),
                    primary.map(drop),
                    disable.map(drop),
                    enable.map(drop),
                ] {
                    let err = r.unwrap_err();
                    assert_eq!(err.kind, ErrorKind::Forbidden, "{role}");
                    assert_eq!(
                        err.message,
                        format!(
                            "workspace biolab/lab: to manage compute environments you need the owner or admin role (yours is {role})"
                        )
                    );
                }
                let envs = lab
                    .engine
                    .read(&who, |cx| cx.list_compute_envs(scope, None))
                    .unwrap();
                assert!(!envs.is_empty(), "{role} can read");
            }
        }
    }
}

#[test]
fn fields_credentials_and_names_are_checked() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_compute_env(scope, &env_fields("batch-prod", Platform::AwsBatch, None))
    });
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert_eq!(
        err.message,
        "compute env 'batch-prod': platform aws-batch needs credentials (aws)"
    );
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_compute_env(
            scope,
            &env_fields("batch-prod", Platform::AwsBatch, Some("nope")),
        )
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert_eq!(
        err.message,
        "compute env 'batch-prod': credentials 'nope' not found in workspace 'biolab/lab'"
    );
    let aws = creds(&mut lab.engine, &lab.ana, scope, "aws-prod");
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_compute_env(
            scope,
            &env_fields("gcp", Platform::GoogleBatch, Some(&aws.id)),
        )
    });
    assert_eq!(
        err.message,
        "compute env 'gcp': credentials 'aws-prod': platform google-batch needs google credentials, not aws"
    );
    let mut missing_dir = env_fields("local", Platform::Local, None);
    missing_dir.work_dir = String::new();
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_compute_env(scope, &missing_dir)
    });
    assert_eq!(
        err.message,
        "compute env 'local': work directory is required"
    );
    let mut f = env_fields("batch-prod", Platform::AwsBatch, Some(&aws.id));
    f.region = Some("eu-west-1".into());
    let env = lab
        .engine
        .write(&lab.ana, |cx| cx.create_compute_env(scope, &f))
        .unwrap();
    assert_eq!(env.status, ComputeEnvStatus::Available);
    assert!(!env.primary);
    assert_eq!(env.credentials_name.as_deref(), Some("aws-prod"));
    assert_eq!(env.region.as_deref(), Some("eu-west-1"));
    assert_eq!(env.workspace_name, "lab");
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_compute_env(scope, &env_fields("BATCH-PROD", Platform::Local, None))
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(
        err.message,
        "compute env 'BATCH-PROD': workspace 'biolab/lab' already has a compute env named 'batch-prod'"
    );
    // Credentials of another workspace cannot be used.
    let other = lab_workspace(&mut lab, "other", Visibility::Private);
    let foreign = creds(
        &mut lab.engine,
        &lab.ana,
        Scope::Workspace(other.id),
        "foreign",
    );
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_compute_env(
            scope,
            &env_fields("x1", Platform::AwsBatch, Some(&foreign.id)),
        )
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
}

#[test]
fn update_edits_and_audits() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let env = local_env(&mut lab.engine, &lab.ana, scope, "local");
    let mut f = env_fields("local-2", Platform::Local, None);
    f.description = "the login node".into();
    f.work_dir = "/data/work".into();
    let updated = lab
        .engine
        .write(&lab.ana, |cx| cx.update_compute_env(scope, &env.id, &f))
        .unwrap();
    assert_eq!(updated.name, "local-2");
    assert_eq!(updated.work_dir, "/data/work");
    let audit = audit_actions(&lab.engine, &lab.op, "compute_env.update");
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].before.as_ref().unwrap()["name"], "local");
    assert_eq!(audit[0].after.as_ref().unwrap()["name"], "local-2");
}

#[test]
fn at_most_one_primary_per_workspace() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let a = local_env(&mut lab.engine, &lab.ana, scope, "a1");
    let b = local_env(&mut lab.engine, &lab.ana, scope, "b1");
    assert!(make_primary(&mut lab.engine, &lab.ana, scope, &a.id).primary);
    assert!(make_primary(&mut lab.engine, &lab.ana, scope, &b.id).primary);
    let envs = lab
        .engine
        .read(&lab.ana, |cx| cx.list_compute_envs(scope, None))
        .unwrap();
    let primaries: Vec<&str> = envs
        .iter()
        .filter(|e| e.primary)
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(primaries, vec!["b1"]);
    assert_eq!(envs[0].name, "b1", "the primary is listed first");
    let primary = lab
        .engine
        .read(&lab.ana, |cx| cx.primary_compute_env(scope))
        .unwrap();
    assert_eq!(primary.map(|e| e.id), Some(b.id.clone()));
    // Another workspace keeps its own primary.
    let other = lab_workspace(&mut lab, "other", Visibility::Private);
    let oscope = Scope::Workspace(other.id);
    let c = local_env(&mut lab.engine, &lab.ana, oscope, "c1");
    make_primary(&mut lab.engine, &lab.ana, oscope, &c.id);
    let still = lab
        .engine
        .read(&lab.ana, |cx| cx.get_compute_env(scope, &b.id))
        .unwrap();
    assert!(still.primary);
}

#[test]
fn disabling_or_deleting_the_primary_unsets_it() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let a = local_env(&mut lab.engine, &lab.ana, scope, "a1");
    make_primary(&mut lab.engine, &lab.ana, scope, &a.id);
    let disabled = lab
        .engine
        .write(&lab.ana, |cx| cx.disable_compute_env(scope, &a.id))
        .unwrap();
    assert_eq!(disabled.status, ComputeEnvStatus::Disabled);
    assert!(!disabled.primary);
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.make_primary(scope, &a.id)
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(
        err.message,
        "compute env 'a1' is DISABLED: only an AVAILABLE compute env can be primary (enable it first)"
    );
    let enabled = lab
        .engine
        .write(&lab.ana, |cx| cx.enable_compute_env(scope, &a.id))
        .unwrap();
    assert_eq!(enabled.status, ComputeEnvStatus::Available);
    assert!(!enabled.primary, "enabling does not make it primary again");
    let available = lab
        .engine
        .read(&lab.ana, |cx| {
            cx.list_compute_envs(scope, Some(ComputeEnvStatus::Available))
        })
        .unwrap();
    assert_eq!(available.len(), 1);
    make_primary(&mut lab.engine, &lab.ana, scope, &a.id);
    lab.engine
        .write(&lab.ana, |cx| cx.delete_compute_env(scope, &a.id))
        .unwrap();
    let primary = lab
        .engine
        .read(&lab.ana, |cx| cx.primary_compute_env(scope))
        .unwrap();
    assert!(primary.is_none());
    assert_eq!(
        audit_actions(&lab.engine, &lab.op, "compute_env.disable").len(),
        1
    );
    assert_eq!(
        audit_actions(&lab.engine, &lab.op, "compute_env.primary").len(),
        2
    );
}

#[test]
fn an_env_that_pipelines_use_cannot_be_deleted_and_says_which() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let env = local_env(&mut lab.engine, &lab.ana, scope, "local");
    let p = pipeline(&mut lab.engine, &lab.ana, scope, "rnaseq", Some(&env.id));
    assert_eq!(p.compute_env_name.as_deref(), Some("local"));
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.delete_compute_env(scope, &env.id)
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(
        err.message,
        "compute env 'local' cannot be deleted: pipeline 'rnaseq' uses it; give it another compute env (or delete it) first"
    );
    // Disabling keeps it the pipeline's own (its launches say it is disabled).
    lab.engine
        .write(&lab.ana, |cx| cx.disable_compute_env(scope, &env.id))
        .unwrap();
    // Once no pipeline uses it, it goes.
    lab.engine
        .write(&lab.ana, |cx| cx.delete_pipeline(scope, p.id))
        .unwrap();
    lab.engine
        .write(&lab.ana, |cx| cx.delete_compute_env(scope, &env.id))
        .unwrap();
    let err = read_err(&lab.engine, &lab.ana, |cx| {
        cx.get_compute_env(scope, &env.id)
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
}

#[test]
fn every_api_platform_can_be_created() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let mut by_provider = std::collections::HashMap::new();
    for platform in Platform::ALL {
        let creds_id = platform.providers().first().map(|provider| {
            by_provider
                .entry(*provider)
                .or_insert_with(|| {
                    let fields = credentials_for(*provider);
                    lab.engine
                        .write(&lab.ana, |cx| cx.create_credentials(scope, &fields))
                        .expect("credentials")
                        .id
                })
                .clone()
        });
        let name = platform.as_str().to_string();
        let env = lab
            .engine
            .write(&lab.ana, |cx| {
                cx.create_compute_env(scope, &env_fields(&name, platform, creds_id.as_deref()))
            })
            .unwrap_or_else(|e| panic!("{platform}: {e}"));
        assert_eq!(env.platform, platform);
    }
}

/// Minimal valid credentials for a provider.
fn credentials_for(provider: Provider) -> CredentialsFields {
    type Pairs = &'static [(&'static str, &'static str)];
    let (keys, secrets): (Pairs, Pairs) = match provider {
        Provider::Aws | Provider::SeqeraCompute => (&[("accessKey", "A")], &[("secretKey", "s")]),
        Provider::Google => (&[], &[("data", "{}")]),
        Provider::Azure | Provider::AzureEntra | Provider::AzureCloud => (
            &[
                ("batchName", "b"),
                ("storageName", "s"),
                ("clientId", "c"),
                ("tenantId", "t"),
                ("subscriptionId", "x"),
            ],
            &[
                ("batchKey", "k"),
                ("storageKey", "k"),
                ("clientSecret", "c"),
            ],
        ),
        Provider::K8s => (&[], &[("token", "t")]),
        Provider::Ssh => (&[], &[("privateKey", "k")]),
        Provider::TwAgent => (&[("connectionId", "c")], &[]),
        _ => (&[], &[("password", "p")]),
    };
    let spec = provider.key_spec(&Default::default());
    CredentialsFields {
        name: format!("creds-{provider}"),
        provider: Some(provider),
        keys: keys
            .iter()
            .filter(|(k, _)| spec.public.contains(k))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        secrets: secrets
            .iter()
            .filter(|(k, _)| spec.secret.contains(k))
            .map(|(k, v)| (k.to_string(), SecretString::from(*v)))
            .collect(),
        ..Default::default()
    }
}

#[test]
fn org_owner_and_plain_member() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    // Ana owns the org: she is owner of every workspace without being a participant.
    let env = local_env(&mut lab.engine, &lab.ana, scope, "local");
    make_primary(&mut lab.engine, &lab.ana, scope, &env.id);
    // Ben, a plain member, does not see the private workspace at all.
    let err = write_err(&mut lab.engine, &lab.ben, |cx| {
        cx.make_primary(scope, &env.id)
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert_eq!(err.message, format!("workspace {} not found", lab.ws.id));
    // A SHARED workspace is visible to him, but without a role he may not read or change it.
    let shared = lab_workspace(&mut lab, "shared", Visibility::Shared);
    let sscope = Scope::Workspace(shared.id);
    let err = read_err(&lab.engine, &lab.ben, |cx| {
        cx.list_compute_envs(sscope, None)
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert_eq!(
        err.message,
        "workspace biolab/shared: to view the workspace you need the owner, admin, maintain, launch, connect or view role (you have no role in this workspace)"
    );
    let err = write_err(&mut lab.engine, &lab.ben, |cx| {
        cx.create_compute_env(sscope, &env_fields("mine", Platform::Local, None))
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
    // In his personal workspace he is the owner.
    let mine = local_env(&mut lab.engine, &lab.ben, Scope::Personal, "mine");
    make_primary(&mut lab.engine, &lab.ben, Scope::Personal, &mine.id);
}
