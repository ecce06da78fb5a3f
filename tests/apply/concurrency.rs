//! Two writers on one database: a change that was reported as done is never lost. An apply
//! writes only the fields it changes, merged into what is there when it writes; when another
//! writer changed the same field since the apply read it, the apply is refused, names the
//! object and the field, and writes nothing. Partial files keep what they leave out.

use super::*;
use nfdeck::client::embedded::EmbeddedClient;
use std::path::{Path, PathBuf};

/// A workspace with a bit of everything the two writers below change.
const BASE: &str = r#"
[[orgs]]
name = "lab"
full_name = "Lab"
tier = "pro"
owners = ["root@localhost"]
members = ["ben@x.org", "cy@x.org"]

[[orgs.workspaces]]
name = "ws"
full_name = "Workspace"
description = "first"
visibility = "PRIVATE"
studios = { lifespan_hours = 8, private_by_default = false }
labels = ["base"]

[[orgs.workspaces.pipelines]]
name = "hello"
description = "hi"
repository = "https://github.com/nextflow-io/hello"
revision = "main"
"#;

/// Writer A: visibility, Studios lifespan, a label, a participant, the pipeline's description.
const WRITER_A: &str = r#"
[[orgs]]
name = "lab"

[[orgs.workspaces]]
name = "ws"
visibility = "SHARED"
studios = { lifespan_hours = 24 }
labels = ["base", "from-a"]
participants = [{ member = "ben@x.org", role = "launch" }]

[[orgs.workspaces.pipelines]]
name = "hello"
description = "described by A"
repository = "https://github.com/nextflow-io/hello"
"#;

/// Writer B: description, Studios private-by-default, another label, another participant,
/// the pipeline's revision.
const WRITER_B: &str = r#"
[[orgs]]
name = "lab"

[[orgs.workspaces]]
name = "ws"
description = "described by B"
studios = { private_by_default = true }
labels = ["base", "from-b"]
participants = [{ member = "cy@x.org", role = "maintain" }]

[[orgs.workspaces.pipelines]]
name = "hello"
repository = "https://github.com/nextflow-io/hello"
revision = "v2"
"#;

/// The lines of an export that show both writers' changes.
const BOTH: [&str; 9] = [
    "visibility = \"SHARED\"",
    "description = \"described by B\"",
    "lifespan_hours = 24",
    "private_by_default = true",
    "\"from-a\"",
    "\"from-b\"",
    "{ member = \"ben@x.org\", role = \"launch\" }",
    "{ member = \"cy@x.org\", role = \"maintain\" }",
    "revision = \"v2\"",
];

fn assert_both(exported: &str) {
    for line in BOTH {
        assert!(exported.contains(line), "lost {line}:\n{exported}");
    }
    assert!(
        exported.contains("description = \"described by A\""),
        "{exported}"
    );
}

/// Where two writers meet: a file in `dir`, or with `NFDECK_TEST_STORE=postgres` a fresh
/// PostgreSQL database (its connection string, which `--db` and `Engine::open` accept).
fn shared_db(dir: &Path, name: &str) -> PathBuf {
    if crate::pg_support::selected() {
        return PathBuf::from(crate::pg_support::required_database());
    }
    dir.join(name)
}

/// The key file every writer on a PostgreSQL database shares (unused on SQLite).
fn key_file(db: &Path) -> PathBuf {
    std::env::temp_dir().join(format!(
        "nfdeck-test-key-{}",
        db.to_string_lossy().replace(['/', ' ', '='], "_")
    ))
}

fn on_file(path: &Path) -> EmbeddedClient {
    let mut engine = if crate::pg_support::selected() {
        Engine::open_postgres(&path.to_string_lossy(), Some(&key_file(path))).unwrap()
    } else {
        Engine::open(path).unwrap()
    };
    let op = engine.operator("root@localhost").unwrap();
    EmbeddedClient::new(engine, op)
}

#[tokio::test]
async fn two_applies_planned_together_both_land() {
    let dir = tempfile::tempdir().unwrap();
    let db = shared_db(dir.path(), "nfdeck.db");
    let (a, b) = (on_file(&db), on_file(&db));
    apply(&a, BASE).await.unwrap();
    // Both plan against the same state, then write one after the other: the stale plan of
    // the second must not undo the first.
    let plan_a = plan(&a, WRITER_A).await.unwrap();
    let plan_b = plan(&b, WRITER_B).await.unwrap();
    declarative::execute(&a, &plan_a, false).await.unwrap();
    declarative::execute(&b, &plan_b, false).await.unwrap();
    assert_both(&export(&a).await.unwrap());
}

#[tokio::test]
async fn the_same_field_changed_by_another_writer_is_refused_and_writes_nothing() {
    let client = operator_client();
    apply(&client, BASE).await.unwrap();
    let mine = BASE.replace("description = \"first\"", "description = \"mine\"");
    let mine = mine.replace("lifespan_hours = 8", "lifespan_hours = 10");
    let stale = plan(&client, &mine).await.unwrap();
    let theirs = BASE.replace("description = \"first\"", "description = \"theirs\"");
    apply(&client, &theirs).await.unwrap();
    let before = export(&client).await.unwrap();
    let audit = audit_total(&client).await;

    let err = declarative::execute(&client, &stale, false)
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Conflict, "{err}");
    assert!(
        err.message
            .contains("workspace lab/ws was changed by another writer")
            && err
                .message
                .contains("description was \"first\", is now \"theirs\""),
        "{err}"
    );
    assert_eq!(
        export(&client).await.unwrap(),
        before,
        "nothing was written"
    );
    assert_eq!(audit_total(&client).await, audit);
    // Planned again, the same file applies.
    apply(&client, &mine).await.unwrap();
    let after = export(&client).await.unwrap();
    assert!(after.contains("description = \"mine\"") && after.contains("lifespan_hours = 10"));
}

#[tokio::test]
async fn a_role_changed_by_another_writer_is_not_overwritten() {
    let client = operator_client();
    apply(&client, BASE).await.unwrap();
    let with_ben = |role: &str| {
        BASE.replace(
            "labels = [\"base\"]",
            &format!("labels = [\"base\"]\nparticipants = [{{ member = \"ben@x.org\", role = \"{role}\" }}]"),
        )
    };
    apply(&client, &with_ben("view")).await.unwrap();
    let stale = plan(&client, &with_ben("launch")).await.unwrap();
    apply(&client, &with_ben("admin")).await.unwrap();
    let err = declarative::execute(&client, &stale, false)
        .await
        .unwrap_err();
    assert!(
        err.message.contains("participant member ben@x.org")
            && err
                .message
                .contains("role was Some(View), is now Some(Admin)"),
        "{err}"
    );
}

/// The real binary on `db`, with a home of its own.
fn nfdeck_on(home: &Path, db: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_nfdeck"));
    command
        .arg("--db")
        .arg(db)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("NFDECK_USER", "root@localhost")
        .env("NFDECK_KEY_FILE", key_file(db))
        .env_remove("NFDECK_DB")
        .env_remove("NFDECK_CONFIG");
    command
}

/// The real binary, twice at once on one file, 20 times: every run of both lands.
#[test]
fn two_apply_processes_at_once_lose_nothing() {
    let home = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = home.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let (base, a, b) = (
        write("base.toml", BASE),
        write("a.toml", WRITER_A),
        write("b.toml", WRITER_B),
    );
    for round in 0..20 {
        let db = shared_db(home.path(), &format!("round-{round}.db"));
        let run = |file: &Path| {
            nfdeck_on(home.path(), &db)
                .arg("apply")
                .arg(file)
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let out = run(&base).wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (first, second) = (run(&a), run(&b));
        for (name, child) in [("a", first), ("b", second)] {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}, writer {name}: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let exported = nfdeck_on(home.path(), &db).arg("export").output().unwrap();
        assert!(exported.status.success());
        assert_both(&String::from_utf8_lossy(&exported.stdout));
    }
}

#[tokio::test]
async fn a_partial_file_updates_an_existing_org() {
    let client = operator_client();
    apply(&client, BASE).await.unwrap();
    let partial = r#"
[[orgs]]
name = "lab"
full_name = "Laboratory"

[[orgs.workspaces]]
name = "ws"
full_name = "The workspace"
"#;
    let plan = apply(&client, partial).await.unwrap();
    assert_eq!(plan.count(Action::Update), 2, "{plan}");
    assert_eq!(plan.count(Action::Remove), 0, "{plan}");
    let exported = export(&client).await.unwrap();
    for kept in [
        "full_name = \"Laboratory\"",
        "full_name = \"The workspace\"",
        "owners = [\"root@localhost\"]",
        "description = \"first\"",
        "members = [",
    ] {
        assert!(exported.contains(kept), "{kept}:\n{exported}");
    }
    // Even with --prune, owners left out of the file stay owners.
    let pruned = declarative::prepare_with(&client, partial, "p", true, &test_secrets)
        .await
        .unwrap();
    assert!(
        !pruned.to_string().contains("root@localhost"),
        "prune leaves unlisted owners alone:\n{pruned}"
    );
}

#[tokio::test]
async fn creating_needs_what_updating_may_leave_out() {
    let client = operator_client();
    let err = plan(&client, "[[orgs]]\nname = \"fresh\"\n")
        .await
        .unwrap_err();
    assert!(
        err.message
            .contains("org fresh: full_name is required to create an org")
            && err
                .message
                .contains("owners must name at least one owner to create an org"),
        "{err}"
    );
    apply(&client, BASE).await.unwrap();
    let err = plan(&client, "[[orgs]]\nname = \"lab\"\nowners = []\n")
        .await
        .unwrap_err();
    assert!(
        err.message.contains("owners must name at least one owner"),
        "{err}"
    );
    let err = plan(
        &client,
        "[[orgs]]\nname = \"lab\"\n[[orgs.workspaces]]\nname = \"new-ws\"\n",
    )
    .await
    .unwrap_err();
    assert!(
        err.message
            .contains("full_name is required to create a workspace"),
        "{err}"
    );
}

#[tokio::test]
async fn an_org_owner_reapplies_an_export_with_users() {
    let client = operator_client();
    let with_users = format!(
        "[[users]]\nemail = \"ana@x.org\"\n[[users]]\nemail = \"ben@x.org\"\n{}",
        BASE.replace(
            "owners = [\"root@localhost\"]",
            "owners = [\"root@localhost\", \"ana@x.org\"]"
        )
    );
    apply(&client, &with_users).await.unwrap();
    let ana = acting_as(&client, "ana@x.org").await;
    let again = plan(&ana, &with_users).await.unwrap();
    assert!(again.is_empty(), "{again}");
    let unknown = with_users.replace("email = \"ben@x.org\"", "email = \"zed@x.org\"");
    let err = plan(&ana, &unknown).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(
        err.message
            .contains("user zed@x.org does not exist, and only the operator may create users"),
        "{err}"
    );
}

/// Two terminal UIs (or a UI and another writer) editing one workspace, its pipeline and its
/// Studios settings from the same screen: each save writes what its user changed, so neither
/// undoes the other; the same field changed by both refuses the second save.
#[tokio::test]
async fn two_editors_keep_each_others_changes() {
    let dir = tempfile::tempdir().unwrap();
    let db = shared_db(dir.path(), "nfdeck.db");
    let (a, b) = (on_file(&db), on_file(&db));
    apply(&a, BASE).await.unwrap();
    let org = a.list_orgs().await.unwrap()[0].id;
    let ws = a.list_org_workspaces(org).await.unwrap()[0].clone();
    let scope = Scope::Workspace(ws.id);

    let base = WorkspaceFields::from(&ws);
    let mine = WorkspaceFields {
        description: "from A".into(),
        ..base.clone()
    };
    let theirs = WorkspaceFields {
        visibility: Visibility::Shared,
        ..base.clone()
    };
    a.edit_workspace(org, ws.id, base.clone(), mine)
        .await
        .unwrap();
    b.edit_workspace(org, ws.id, base.clone(), theirs)
        .await
        .unwrap();
    let now = a.get_workspace(org, ws.id).await.unwrap();
    assert_eq!(
        (now.description.as_str(), now.visibility),
        ("from A", Visibility::Shared)
    );
    let same_field = WorkspaceFields {
        description: "from B".into(),
        ..base.clone()
    };
    let err = b
        .edit_workspace(org, ws.id, base, same_field)
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Conflict, "{err}");
    assert!(
        err.message
            .contains("description was \"first\", is now \"from A\""),
        "{err}"
    );

    let p = a
        .list_pipelines(scope, PipelineQuery::default())
        .await
        .unwrap()
        .items
        .remove(0);
    let base = PipelineFields::from(&p);
    let described = PipelineFields {
        description: "by A".into(),
        ..base.clone()
    };
    let revised = PipelineFields {
        revision: Some("v9".into()),
        ..base.clone()
    };
    a.edit_pipeline(scope, p.id, base.clone(), described)
        .await
        .unwrap();
    b.edit_pipeline(scope, p.id, base, revised).await.unwrap();
    let now = a.get_pipeline(scope, p.id, None).await.unwrap();
    assert_eq!(now.description, "by A");
    assert_eq!(now.revision.as_deref(), Some("v9"));

    let base = a.studios_settings(scope).await.unwrap();
    let longer = StudiosSettings {
        lifespan_hours: 48,
        ..base
    };
    let private = StudiosSettings {
        private_by_default: !base.private_by_default,
        ..base
    };
    a.edit_studios_settings(scope, base, longer).await.unwrap();
    b.edit_studios_settings(scope, base, private).await.unwrap();
    let now = a.studios_settings(scope).await.unwrap();
    assert_eq!(now.lifespan_hours, 48);
    assert_eq!(now.private_by_default, !base.private_by_default);
}
