use crate::support::*;
use nfdeck::domain::*;
use nfdeck::engine::Engine;
use std::collections::BTreeMap;

const SECRET: &str = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";

#[test]
fn only_owner_and_admin_manage_credentials() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    for (role, who) in every_role(&mut lab) {
        let result = lab.engine.write(&who, |cx| {
            cx.create_credentials(scope, &aws_fields(&format!("aws-{role}"), SECRET))
        });
        match role {
            WspRole::Owner | WspRole::Admin => assert!(result.is_ok(), "{role}: {result:?}"),
            _ => {
                let err = result.unwrap_err();
                assert_eq!(err.kind, ErrorKind::Forbidden, "{role}");
                assert_eq!(
                    err.message,
                    format!(
                        "workspace biolab/lab: to manage credentials you need the owner or admin role (yours is {role})"
                    )
                );
                let list = lab
                    .engine
                    .read(&who, |cx| cx.list_credentials(scope, None))
                    .unwrap();
                assert_eq!(list.len(), 2, "{role} reads names and public fields");
            }
        }
    }
    let err = read_err(&lab.engine, &lab.ben, |cx| cx.list_credentials(scope, None));
    assert_eq!(
        err.kind,
        ErrorKind::NotFound,
        "a member without a role sees nothing"
    );
}

#[test]
fn secrets_are_never_returned_logged_or_debug_printed() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let fields = aws_fields("aws-prod", SECRET);
    assert!(!format!("{fields:?}").contains(SECRET));
    let created = lab
        .engine
        .write(&lab.ana, |cx| cx.create_credentials(scope, &fields))
        .unwrap();
    assert_eq!(created.secret_names, vec!["secretKey"]);
    assert_eq!(
        created.keys.get("accessKey").map(String::as_str),
        Some("AKIAEXAMPLE")
    );
    assert_eq!(created.id.len(), 22);
    let got = lab
        .engine
        .read(&lab.ana, |cx| cx.get_credentials(scope, &created.id))
        .unwrap();
    let listed = lab
        .engine
        .read(&lab.ana, |cx| {
            cx.list_credentials(scope, Some(Provider::Aws))
        })
        .unwrap();
    for text in [
        serde_json::to_string(&got).unwrap(),
        serde_json::to_string(&listed).unwrap(),
        format!("{got:?}"),
    ] {
        assert!(!text.contains(SECRET), "{text}");
    }
    let audit = lab
        .engine
        .read(&lab.op, |cx| cx.list_audit(&Page::all()))
        .unwrap();
    let audit_text = serde_json::to_string(&audit.items).unwrap();
    assert!(audit_text.contains("credentials.create"));
    assert!(!audit_text.contains(SECRET));
}

#[test]
fn secrets_are_not_in_the_database_file_in_clear() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nfdeck.db");
    let mut engine = Engine::open(&db).unwrap();
    let op = engine.operator(OPERATOR).unwrap();
    let marker = "SECRET-MARKER-5f1e2d3c4b5a69788796a5b4";
    let created = engine
        .write(&op, |cx| {
            cx.create_credentials(Scope::Personal, &aws_fields("aws", marker))
        })
        .unwrap();
    let key_file = engine.key_file().unwrap().to_path_buf();
    assert_eq!(key_file, dir.path().join("nfdeck.db.key"));
    let has = |path: &std::path::Path, needle: &str| {
        std::fs::read(path)
            .map(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
            .unwrap_or(false)
    };
    let contains = |path: &std::path::Path| has(path, marker);
    let wal = dir.path().join("nfdeck.db-wal");
    assert!(db.exists());
    // The scan does find what is stored in clear: the public access key.
    assert!(has(&db, "AKIAEXAMPLE") || has(&wal, "AKIAEXAMPLE"));
    assert!(!contains(&db), "secret in clear in the .db file");
    assert!(!contains(&wal), "secret in clear in the -wal file");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    drop(engine);
    assert!(!contains(&db), "secret in clear after checkpoint");
    // The same key file opens the secrets again: an edit that gives no secret keeps it.
    let mut engine = Engine::open(&db).unwrap();
    let op = engine.operator(OPERATOR).unwrap();
    let mut edit = aws_fields("aws-renamed", "");
    edit.secrets.clear();
    let updated = engine
        .write(&op, |cx| {
            cx.update_credentials(Scope::Personal, &created.id, &edit)
        })
        .unwrap();
    assert_eq!(updated.secret_names, vec!["secretKey"]);
    // Without the key the secrets cannot be opened, and the engine says so.
    drop(engine);
    std::fs::remove_file(&key_file).unwrap();
    let mut engine = Engine::open(&db).unwrap();
    let op = engine.operator(OPERATOR).unwrap();
    let err = write_err(&mut engine, &op, |cx| {
        cx.update_credentials(Scope::Personal, &created.id, &edit)
    });
    assert_eq!(err.kind, ErrorKind::Internal);
    assert!(
        err.message.contains("cannot decrypt stored secrets"),
        "{err}"
    );
}

#[test]
fn fields_follow_the_provider() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let mut f = aws_fields("aws", SECRET);
    f.keys.insert("region".into(), "eu-west-1".into());
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_credentials(scope, &f)
    });
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert_eq!(
        err.message,
        "credentials 'aws': unknown public field(s) region for provider aws (its public fields: accessKey, assumeRoleArn, externalId, mode)"
    );
    let mut f = aws_fields("aws", SECRET);
    f.secrets.clear();
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_credentials(scope, &f)
    });
    assert_eq!(
        err.message,
        "credentials 'aws': provider aws needs the secret field(s) secretKey"
    );
    let registry = CredentialsFields {
        name: "quay".into(),
        provider: Some(Provider::ContainerReg),
        keys: [
            ("registry".to_string(), "quay.io".to_string()),
            ("userName".to_string(), "bot".to_string()),
        ]
        .into(),
        secrets: [("password".to_string(), SecretString::from("pw"))].into(),
        ..Default::default()
    };
    let quay = lab
        .engine
        .write(&lab.ana, |cx| cx.create_credentials(scope, &registry))
        .unwrap();
    assert_eq!(
        quay.keys.get("registry").map(String::as_str),
        Some("quay.io")
    );
    assert_eq!(quay.secret_names, vec!["password"]);
    let ssh = CredentialsFields {
        name: "hpc".into(),
        provider: Some(Provider::Ssh),
        secrets: [("passphrase".to_string(), SecretString::from("x"))].into(),
        ..Default::default()
    };
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_credentials(scope, &ssh)
    });
    assert_eq!(
        err.message,
        "credentials 'hpc': provider ssh needs the secret field(s) privateKey"
    );
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_credentials(scope, &aws_fields(&"n".repeat(101), SECRET))
    });
    assert!(
        err.message.contains("name must be at most 100 characters"),
        "{err}"
    );
}

#[test]
fn names_are_unique_and_edits_merge_secrets() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let c = creds(&mut lab.engine, &lab.ana, scope, "aws-prod");
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.create_credentials(scope, &aws_fields("AWS-PROD", SECRET))
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(
        err.message,
        "credentials 'AWS-PROD': workspace 'biolab/lab' already has credentials named 'AWS-PROD'"
    );
    // Removing the only required secret is refused.
    let mut edit = aws_fields("aws-prod", "");
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.update_credentials(scope, &c.id, &edit)
    });
    assert!(
        err.message.ends_with("needs the secret field(s) secretKey"),
        "{err}"
    );
    // Switching to role mode drops the need for keys.
    edit.keys = BTreeMap::from([
        ("mode".to_string(), "role".to_string()),
        (
            "assumeRoleArn".to_string(),
            "arn:aws:iam::1:role/x".to_string(),
        ),
    ]);
    let updated = lab
        .engine
        .write(&lab.ana, |cx| cx.update_credentials(scope, &c.id, &edit))
        .unwrap();
    assert!(updated.secret_names.is_empty());
    assert_eq!(updated.keys.get("mode").map(String::as_str), Some("role"));
    // Changing provider drops the old provider's secrets.
    let gh = CredentialsFields {
        name: "aws-prod".into(),
        provider: Some(Provider::Github),
        keys: [("username".to_string(), "bot".to_string())].into(),
        secrets: [("token".to_string(), SecretString::from("ghp_x"))].into(),
        ..Default::default()
    };
    let updated = lab
        .engine
        .write(&lab.ana, |cx| cx.update_credentials(scope, &c.id, &gh))
        .unwrap();
    assert_eq!(updated.provider, Provider::Github);
    assert_eq!(updated.secret_names, vec!["token"]);
}

#[test]
fn credentials_used_by_a_compute_env_cannot_be_deleted() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let c = creds(&mut lab.engine, &lab.ana, scope, "aws-prod");
    lab.engine
        .write(&lab.ana, |cx| {
            cx.create_compute_env(
                scope,
                &env_fields("batch-prod", Platform::AwsBatch, Some(&c.id)),
            )
        })
        .unwrap();
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.delete_credentials(scope, &c.id)
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(
        err.message,
        "credentials 'aws-prod' are used by compute env 'batch-prod'; delete the environment or give it other credentials first"
    );
    // Changing the provider to one the environment cannot use is refused too.
    let gh = CredentialsFields {
        name: "aws-prod".into(),
        provider: Some(Provider::Github),
        secrets: [("token".to_string(), SecretString::from("ghp_x"))].into(),
        ..Default::default()
    };
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.update_credentials(scope, &c.id, &gh)
    });
    assert!(
        err.message.contains("used by compute env 'batch-prod'"),
        "{err}"
    );
    let spare = creds(&mut lab.engine, &lab.ana, scope, "spare");
    lab.engine
        .write(&lab.ana, |cx| cx.delete_credentials(scope, &spare.id))
        .unwrap();
    assert_eq!(
        audit_actions(&lab.engine, &lab.op, "credentials.delete").len(),
        1
    );
    let err = read_err(&lab.engine, &lab.ana, |cx| {
        cx.get_credentials(scope, &spare.id)
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
}

#[test]
fn personal_workspaces_have_credentials_of_their_own() {
    let mut lab = lab();
    let mine = creds(&mut lab.engine, &lab.ben, Scope::Personal, "mine");
    let anas = lab
        .engine
        .read(&lab.ana, |cx| cx.list_credentials(Scope::Personal, None))
        .unwrap();
    assert!(anas.is_empty());
    let err = read_err(&lab.engine, &lab.ana, |cx| {
        cx.get_credentials(Scope::Personal, &mine.id)
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
}
