//! The real binary: exit codes, messages on stderr, and a database that outlives the process.

#[path = "pg_support.rs"]
mod pg_support;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The database a test names `name` in `home`: that file, or with
/// `NFDECK_TEST_STORE=postgres` a fresh PostgreSQL database (its connection string, which
/// `--db` accepts).
fn database(home: &Path, name: &str) -> PathBuf {
    if pg_support::selected() {
        return PathBuf::from(pg_support::required_database());
    }
    home.join(name)
}

fn nfdeck(home: &Path, args: &[&str]) -> Output {
    nfdeck_with(home, args, &[])
}

/// Runs nfdeck with extra environment variables (secrets for `apply`).
fn nfdeck_with(home: &Path, args: &[&str], env: &[(String, String)]) -> Output {
    command(home)
        .args(args)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .expect("run nfdeck")
}

/// The binary in a home of its own, as the operator, with no database or config from outside.
fn command(home: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_nfdeck"));
    command
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("NFDECK_USER", "root@localhost")
        // Read only on PostgreSQL, where credential secrets are sealed with this file's key.
        .env("NFDECK_KEY_FILE", home.join("nfdeck.key"))
        .env_remove("NFDECK_DB")
        .env_remove("NFDECK_CONFIG");
    command
}

/// Every environment variable named `PREFIX...` in `text`, with a made-up value.
fn variables(text: &str, prefix: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = text
        .match_indices(prefix)
        .map(|(i, _)| {
            let name: String = text[i..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let value = format!("secret-of-{}", name.to_ascii_lowercase());
            (name, value)
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo.toml");

fn demo_variables() -> Vec<(String, String)> {
    variables(&std::fs::read_to_string(DEMO).unwrap(), "NFDECK_DEMO_")
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
    let db = database(home.path(), "state.db");
    let db = db.to_str().unwrap();
    let secrets = demo_variables();
    assert!(secrets.len() >= 5, "{secrets:?}");
    let out = nfdeck_with(home.path(), &["--db", db, "apply", DEMO], &secrets);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Applied."));
    // Unchanged credentials need no secret: the second apply runs without the variables.
    let again = nfdeck(home.path(), &["--db", db, "apply", DEMO]);
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
    for (_, value) in &secrets {
        assert!(
            !exported.contains(value.as_str()),
            "no secret in the export"
        );
    }
}

#[test]
fn an_export_applies_to_an_empty_database_with_its_secret_variables() {
    let home = tempfile::tempdir().unwrap();
    let first = database(home.path(), "first.db");
    let first = first.to_str().unwrap();
    let out = nfdeck_with(
        home.path(),
        &["--db", first, "apply", DEMO],
        &demo_variables(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let exported = home.path().join("export.toml");
    let exported = exported.to_str().unwrap();
    let out = nfdeck(
        home.path(),
        &["--db", first, "export", "--output", exported],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let text_of_export = std::fs::read_to_string(exported).unwrap();
    let secrets = variables(&text_of_export, "NFDECK_SECRET_");
    assert!(secrets.len() >= 5, "{secrets:?}");
    let second = database(home.path(), "second.db");
    let second = second.to_str().unwrap();
    let out = nfdeck_with(home.path(), &["--db", second, "apply", exported], &secrets);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let again = nfdeck(home.path(), &["--db", second, "export"]);
    assert_eq!(text(&again.stdout), text_of_export);
}

#[test]
fn a_missing_secret_variable_fails_before_anything_is_written() {
    let home = tempfile::tempdir().unwrap();
    let db = database(home.path(), "state.db");
    let db = db.to_str().unwrap();
    let mut secrets = demo_variables();
    let (missing, _) = secrets.remove(0);
    let out = nfdeck_with(home.path(), &["--db", db, "apply", DEMO], &secrets);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.starts_with("nfdeck: "), "{stderr}");
    assert!(
        stderr.contains(&format!("environment variable {missing} (secret field")),
        "{stderr}"
    );
    assert!(stderr.contains("credentials "), "{stderr}");
    for (_, value) in &secrets {
        assert!(!stderr.contains(value.as_str()), "{stderr}");
    }
    let export = nfdeck(home.path(), &["--db", db, "export"]);
    assert!(
        !text(&export.stdout).contains("[[orgs]]"),
        "nothing was written"
    );
}

#[test]
fn a_bad_file_exits_non_zero_names_the_problem_and_changes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let db = database(home.path(), "state.db");
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
        "[[orgs]]\nname = \"lab\"\nfull_name = \"Lab\"\nowners = [\"ana@x.org\"]\n[[orgs.workspaces]]\nname = \"ws\"\nfull_name = \"W\"\nstudios = { lifespan_hours = 121 }\n[[orgs.workspaces.compute_envs]]\nname = \"c\"\nplatform = \"aws\"\nwork_dir = \"/w\"\n",
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
    // The last file had two problems; both are named with their object.
    let stderr = text(&nfdeck(home.path(), &["--db", db, "apply", bad.to_str().unwrap()]).stderr);
    assert!(
        stderr.contains(
            "org lab, workspace ws, studios: Studios session lifespan must be 1-120 hours"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("org lab, workspace ws, compute env c: platform 'aws' is not one of"),
        "{stderr}"
    );
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
    for needle in [
        "[[orgs.workspaces.compute_envs]]",
        "[[orgs.workspaces.pipelines]]",
        "secret_env = { secretKey = \"NFDECK_SECRET_BIOLAB_SHARED_PIPELINES_AWS_PROD_SECRET_KEY\" }",
        "status = \"RUNNING\"",
    ] {
        assert!(exported.contains(needle), "{needle}");
    }
    assert!(
        !exported.contains("demo-only-not-a-real-secret"),
        "the demo's made-up secrets stay inside"
    );
    let demo_db = home.path().join("data/nfdeck/demo.db");
    assert!(demo_db.exists(), "demo database at {}", demo_db.display());
    assert!(
        nfdeck(home.path(), &["--demo", "--reset", "export"])
            .status
            .success()
    );
}

/// One org with a pipeline and `n` finished runs of it in one workspace.
fn file_with_runs(n: usize) -> String {
    let mut text = String::from(
        "[[orgs]]\nname = \"lab\"\nfull_name = \"Lab\"\ntier = \"pro\"\nowners = [\"root@localhost\"]\n\n\
         [[orgs.workspaces]]\nname = \"history\"\nfull_name = \"History\"\nruns = [\n",
    );
    for i in 0..n {
        let (day, minute) = (1 + i / 1440, i % 1440);
        text.push_str(&format!(
            "  {{ pipeline = \"hello\", run_name = \"run_{i:05}\", status = \"SUCCEEDED\", submit = \"2026-01-{day:02}T{:02}:{:02}:00Z\", duration_s = 60 }},\n",
            minute / 60,
            minute % 60
        ));
    }
    text.push_str(
        "]\n\n[[orgs.workspaces.pipelines]]\nname = \"hello\"\nrepository = \"https://github.com/nextflow-io/hello\"\n",
    );
    text
}

/// Progress goes to stderr, as plain lines when stderr is not a terminal (here a pipe), and
/// never into stdout: the plan and the outcome are exactly what they were, and an export to
/// stdout is byte for byte the file `--output` writes.
#[test]
fn apply_and_export_report_progress_on_stderr_only() {
    let home = tempfile::tempdir().unwrap();
    let db = database(home.path(), "state.db");
    let db = db.to_str().unwrap();
    let file = home.path().join("runs.toml");
    std::fs::write(&file, file_with_runs(1500)).unwrap();
    let out = nfdeck(home.path(), &["--db", db, "apply", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    let progress: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("nfdeck apply: "))
        .collect();
    assert_eq!(progress.len(), 10, "a line per tenth:\n{stderr}");
    assert!(progress[0].starts_with("nfdeck apply: 10% ("), "{stderr}");
    let last = progress[9]
        .strip_prefix("nfdeck apply: 100% (")
        .and_then(|l| l.strip_suffix(" runs and changes)"))
        .and_then(|l| l.split_once('/'))
        .expect("the last line says 100%");
    assert_eq!(last.0, last.1, "{stderr}");
    assert!(
        last.1.parse::<u32>().unwrap() > 1500,
        "every run is a step: {stderr}"
    );
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("Applying "), "{}", lines[0]);
    assert_eq!(lines.last(), Some(&"Applied."));
    let runs = lines
        .iter()
        .filter(|l| l.starts_with("  + ") && l.contains(" run run_"))
        .count();
    assert_eq!(runs, 1500);
    assert!(!stdout.contains('%'), "no progress on stdout");

    let to_stdout = nfdeck(home.path(), &["--db", db, "export"]);
    assert!(to_stdout.status.success(), "{}", text(&to_stdout.stderr));
    let stderr = text(&to_stdout.stderr);
    assert!(
        stderr.contains("nfdeck export: 100% (1500/1500 runs read)"),
        "{stderr}"
    );
    let exported = home.path().join("export.toml");
    let out = nfdeck(
        home.path(),
        &["--db", db, "export", "--output", exported.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(to_stdout.stdout, std::fs::read(&exported).unwrap());
    assert!(text(&to_stdout.stdout).contains("run_name = \"run_01499\""));
}

/// `nfdeck serve` on a new database (`database`: a file in `home`, or PostgreSQL), on a free
/// port, started: its first line on stderr has been read, and it is returned with the rest of
/// stderr to read.
fn started_serve(home: &Path) -> (std::process::Child, BufReader<std::process::ChildStderr>) {
    let db = database(home, "state.db");
    let mut child = command(home)
        .args([
            "--db",
            db.to_str().unwrap(),
            "serve",
            "--listen",
            "127.0.0.1:0",
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start nfdeck serve");
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(
        line.starts_with("nfdeck serve: http://127.0.0.1:"),
        "{line}"
    );
    (child, stderr)
}

/// `serve` stops gracefully on SIGTERM and, like every command a signal stops, exits with
/// 128 + the signal's number.
#[test]
fn serve_stopped_by_sigterm_exits_143() {
    let home = tempfile::tempdir().unwrap();
    let (mut child, mut stderr) = started_serve(home.path());
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    assert_eq!(status.code(), Some(143), "{rest}");
    assert!(rest.contains("nfdeck serve: stopped by SIGTERM"), "{rest}");
}

/// nfdeck keeps its memory out of transparent huge pages (main.rs says why): a running
/// `serve` reports THP off in its status, which the kernel shows since Linux 5.0.
#[cfg(target_os = "linux")]
#[test]
fn serve_runs_without_transparent_huge_pages() {
    let home = tempfile::tempdir().unwrap();
    let (mut child, _stderr) = started_serve(home.path());
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    let thp = status.lines().find(|l| l.starts_with("THP_enabled:"));
    assert_eq!(
        thp.map(|l| l.split_whitespace().last()),
        Some(Some("0")),
        "{status}"
    );
}

/// The demo applied to a fresh database in `home`; its path.
fn demo_db(home: &Path) -> String {
    let db = home.join("state.db").to_str().unwrap().to_string();
    let out = nfdeck_with(home, &["--db", &db, "apply", DEMO], &demo_variables());
    assert!(out.status.success(), "{}", text(&out.stderr));
    db
}

#[test]
fn audit_lists_changes_newest_first_filtered_and_as_json() {
    let home = tempfile::tempdir().unwrap();
    let db = demo_db(home.path());
    let out = nfdeck(home.path(), &["--db", &db, "audit", "--limit", "5"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with("WHEN") && lines[0].contains("ACTION"),
        "{table}"
    );
    assert_eq!(lines.len(), 1 + 5 + 1, "{table}");
    assert!(lines[6].starts_with("5 of "), "{table}");
    let out = nfdeck(
        home.path(),
        &[
            "--db",
            &db,
            "audit",
            "--what",
            "credentials",
            "--since",
            "1h",
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entries = doc["entries"].as_array().unwrap();
    assert!(!entries.is_empty());
    assert_eq!(doc["total"].as_u64().unwrap() as usize, entries.len());
    let ids: Vec<i64> = entries.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first: {ids:?}");
    for e in entries {
        assert!(
            e["action"].as_str().unwrap().starts_with("credentials"),
            "{e}"
        );
    }
    // Before/after never hold a secret.
    for (_, secret) in demo_variables() {
        assert!(!text(&out.stdout).contains(&secret));
    }
}

#[test]
fn a_bad_since_names_the_flag_and_exits_2() {
    let home = tempfile::tempdir().unwrap();
    let out = nfdeck(home.path(), &["audit", "--since", "yesterday"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("--since: 'yesterday' is neither an RFC 3339 time"),
        "{err}"
    );
}

#[test]
fn audit_reads_a_remote_server() {
    use std::io::{BufRead, BufReader};
    let home = tempfile::tempdir().unwrap();
    let db = demo_db(home.path());
    let token = nfdeck(
        home.path(),
        &["--db", &db, "token", "create", "--user", "root@localhost"],
    );
    assert!(token.status.success(), "{}", text(&token.stderr));
    let token = text(&token.stdout).trim().to_string();
    let mut child = command(home.path())
        .args(["--db", &db, "serve", "--listen", "127.0.0.1:0"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start nfdeck serve");
    // Kept open while serve runs: it writes to stderr.
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let url = line
        .trim()
        .strip_prefix("nfdeck serve: ")
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let out = nfdeck(
        home.path(),
        &[
            "--endpoint",
            &url,
            "--token",
            &token,
            "audit",
            "--who",
            "root@",
            "--limit",
            "3",
            "--json",
        ],
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(out.status.success(), "{line}{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entries = doc["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    assert!(doc["total"].as_u64().unwrap() > 3);
    assert!(
        entries.iter().all(|e| e["actor"] == "root@localhost"),
        "{doc}"
    );
}

/// `runs watch` piped (not a terminal): a plain line for each change, then the run's status as
/// the exit code; and clear messages for a run or workspace that is not there.
#[test]
fn runs_watch_prints_a_line_per_change_when_piped_and_exits_with_the_status() {
    use nfdeck::domain::*;
    use std::io::{BufRead, BufReader};
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("watch.db");
    let mut engine = nfdeck::engine::Engine::open(&db).unwrap();
    let op = engine.operator("root@localhost").unwrap();
    let (scope, id) = engine
        .write(&op, |cx| {
            let org = cx.create_org_owned_by(
                &OrgFields {
                    name: "lab".into(),
                    full_name: "Lab".into(),
                    ..Default::default()
                },
                "root@localhost",
            )?;
            let ws = cx.create_workspace(
                org.id,
                &WorkspaceFields {
                    name: "wet".into(),
                    full_name: "Wet lab".into(),
                    ..Default::default()
                },
            )?;
            let scope = Scope::Workspace(ws.id);
            let id = cx.trace_create(scope, "session-1", "piped_run", "nf-core/rnaseq", None)?;
            cx.trace_begin(scope, &id, &TraceBegin::default())?;
            Ok((scope, id))
        })
        .unwrap();
    let db_arg = db.to_str().unwrap();
    let missing = nfdeck(
        home.path(),
        &[
            "--db",
            db_arg,
            "--workspace",
            "lab/wet",
            "runs",
            "watch",
            "nope",
        ],
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("no run named or with id 'nope'"));
    let no_ws = nfdeck(
        home.path(),
        &[
            "--db",
            db_arg,
            "--workspace",
            "lab/dry",
            "runs",
            "watch",
            "piped_run",
        ],
    );
    assert_eq!(no_ws.status.code(), Some(1));
    assert!(text(&no_ws.stderr).contains("--workspace: no workspace 'lab/dry'"));

    let mut child = command(home.path())
        .args(["--db", db_arg, "--workspace", "lab/wet", "runs", "watch"])
        .args(["piped_run", "--interval", "1"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(first.starts_with("run piped_run RUNNING 0%"), "{first}");
    let progress = TraceProgress {
        counters: TaskCounters {
            pending: 2,
            running: 1,
            succeeded: 1,
            ..Default::default()
        },
        cpu_hours: 0.5,
        memory_gib_hours: 1.0,
    };
    engine
        .write(&op, |cx| cx.trace_progress(scope, &id, &progress))
        .unwrap();
    let second = lines.next().unwrap().unwrap();
    assert!(second.contains("1/4 tasks · 1 running"), "{second}");
    let complete = TraceComplete {
        success: false,
        exit_status: Some(1),
        error_message: Some("Process QUANT failed".into()),
        progress: None,
    };
    engine
        .write(&op, |cx| cx.trace_complete(scope, &id, &complete))
        .unwrap();
    let last = lines.next().unwrap().unwrap();
    assert!(
        last.contains("FAILED") && last.contains("Process QUANT failed"),
        "{last}"
    );
    assert!(lines.next().is_none(), "nothing after the end");
    assert_eq!(child.wait().unwrap().code(), Some(2));
}

/// `nfdeck --workspace` with a workspace that does not exist says so and exits non-zero before
/// the terminal UI starts (issue 15).
#[test]
fn the_ui_refuses_an_unknown_start_workspace() {
    let home = tempfile::tempdir().unwrap();
    let out = nfdeck(home.path(), &["--demo", "--workspace", "biolab/nope"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("no workspace 'biolab/nope'"), "{err}");
}
