//! The real binary: exit codes, messages on stderr, and a database that outlives the process.

use std::path::Path;
use std::process::{Command, Output};

fn nfdeck(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nfdeck"))
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("NFDECK_USER", "root@localhost")
        .env_remove("NFDECK_DB")
        .env_remove("NFDECK_CONFIG")
        .output()
        .expect("run nfdeck")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn version_and_help() {
    let home = tempfile::tempdir().unwrap();
    let out = nfdeck(home.path(), &["--version"]);
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout).trim(),
        format!("nfdeck {}", env!("CARGO_PKG_VERSION"))
    );
    let help = text(&nfdeck(home.path(), &["--help"]).stdout);
    for word in ["apply", "export", "--demo", "--as", "--db"] {
        assert!(help.contains(word), "{word} in help:\n{help}");
    }
}

#[test]
fn apply_then_export_in_another_process_keeps_everything() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("state.db");
    let db = db.to_str().unwrap();
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo.toml");
    let out = nfdeck(home.path(), &["--db", db, "apply", demo]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Applied."));
    let again = nfdeck(home.path(), &["--db", db, "apply", demo]);
    assert!(
        text(&again.stdout).contains("Nothing to change"),
        "{}",
        text(&again.stdout)
    );
    let export = nfdeck(home.path(), &["--db", db, "export"]);
    assert!(export.status.success());
    let exported = text(&export.stdout);
    assert!(exported.contains("name = \"shared-pipelines\""));
    assert!(exported.contains("{ collaborator = \"eve@partner.example\", role = \"view\" }"));
}

#[test]
fn a_bad_file_exits_non_zero_names_the_problem_and_changes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("state.db");
    let db = db.to_str().unwrap();
    let good = home.path().join("good.toml");
    std::fs::write(
        &good,
        "[[orgs]]\nname = \"lab\"\nfull_name = \"Lab\"\nowners = [\"ana@x.org\"]\n",
    )
    .unwrap();
    assert!(
        nfdeck(home.path(), &["--db", db, "apply", good.to_str().unwrap()])
            .status
            .success()
    );
    let before = text(&nfdeck(home.path(), &["--db", db, "export"]).stdout);
    let bad = home.path().join("bad.toml");
    for content in [
        "[[orgs]]\nname = \"lab\"\nfull_name = \"Lab\"\nowners = [\"ana@x.org\"]\n[[orgs.workspaces]]\nname = \"w_\"\nfull_name = \"W\"\n",
        "[[orgs]]\nname = \"lab\"\nfull_name = \"Lab\"\nowners = [\"ana@x.org\"]\nmembers = [\"a@x.org\", \"b@x.org\", \"c@x.org\"]\n",
        "not toml at all",
    ] {
        std::fs::write(&bad, content).unwrap();
        let out = nfdeck(home.path(), &["--db", db, "apply", bad.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{content}");
        let stderr = text(&out.stderr);
        assert!(stderr.starts_with("nfdeck: "), "{stderr}");
        assert_eq!(
            text(&nfdeck(home.path(), &["--db", db, "export"]).stdout),
            before,
            "{content}"
        );
    }
    let missing = nfdeck(home.path(), &["--db", db, "apply", "/no/such/file.toml"]);
    assert!(text(&missing.stderr).contains("cannot read /no/such/file.toml"));
}

#[test]
fn acting_as_an_unknown_user_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let out = nfdeck(home.path(), &["--as", "nobody@x.org", "export"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr).trim(),
        "nfdeck: no user with email nobody@x.org"
    );
}

#[test]
fn a_broken_config_file_is_reported_before_anything_runs() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("c.toml");
    std::fs::write(&config, "usr = \"x\"\n").unwrap();
    let out = nfdeck(
        home.path(),
        &["--config", config.to_str().unwrap(), "export"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("unknown field `usr`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_demo_database_is_built_once_and_reset_on_request() {
    let home = tempfile::tempdir().unwrap();
    let out = nfdeck(home.path(), &["--demo", "export"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let exported = text(&out.stdout);
    assert!(exported.contains("name = \"biolab\""));
    assert!(
        !exported.contains("[[users]]"),
        "the demo acts as ana, not the operator"
    );
    let demo_db = home.path().join("data/nfdeck/demo.db");
    assert!(demo_db.exists(), "demo database at {}", demo_db.display());
    assert!(
        nfdeck(home.path(), &["--demo", "--reset", "export"])
            .status
            .success()
    );
}
