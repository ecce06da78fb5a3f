//! Runs the real binary in a pseudo-terminal on the demo data (in a temporary home), works
//! through the UI (adds a participant; sets up a compute environment and a shared pipeline,
//! launches it from a private workspace and sets the Studios lifespan), quits, and checks that
//! the terminal was given back: main screen, cursor shown, no mouse capture, no bracketed
//! paste, cooked mode, exit code 0 (128 + n after a stop signal). Waits for screen text with a deadline instead of sleeping.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

const ROWS: u16 = 30;
const COLS: u16 = 100;
const TIMEOUT: Duration = Duration::from_secs(60);

/// The terminal as the program drew it, fed from the pty.
struct Screen {
    parser: vt100::Parser,
    /// Every byte the program wrote (escape sequences a screen does not show, like OSC 52).
    raw: Vec<u8>,
    output: Receiver<Vec<u8>>,
    closed: bool,
}

impl Screen {
    /// Reads output until `wanted` is on the screen, or fails with the screen after a deadline.
    fn wait_for(&mut self, wanted: &str) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if self.parser.screen().contents().contains(wanted) {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero() && !self.closed,
                "'{wanted}' never appeared; the screen:\n{}",
                self.parser.screen().contents()
            );
            self.pump(left.min(Duration::from_millis(200)));
        }
    }

    fn pump(&mut self, wait: Duration) {
        match self.output.recv_timeout(wait) {
            Ok(bytes) => {
                self.parser.process(&bytes);
                self.raw.extend_from_slice(&bytes);
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => self.closed = true,
        }
    }

    /// Reads the rest of the output, until the program's side of the pty closes.
    fn drain(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.closed && Instant::now() < deadline {
            self.pump(Duration::from_millis(100));
        }
    }
}

/// nfdeck running in a pty on the demo data, in a home of its own.
struct Session {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Screen,
    // Kept alive while the program runs.
    _master: Box<dyn portable_pty::MasterPty + Send>,
    _home: tempfile::TempDir,
}

impl Session {
    fn start() -> Session {
        Session::with_args(&["--demo"], tempfile::tempdir().unwrap())
    }

    /// nfdeck with these arguments, in `home`.
    fn with_args(args: &[&str], home: tempfile::TempDir) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_nfdeck"));
        cmd.args(args);
        cmd.cwd(home.path());
        cmd.env("HOME", home.path());
        cmd.env("XDG_CONFIG_HOME", home.path().join("config"));
        cmd.env("XDG_DATA_HOME", home.path().join("data"));
        cmd.env("TERM", "xterm-256color");
        for name in ["NFDECK_CONFIG", "NFDECK_DB", "NFDECK_USER", "NO_COLOR"] {
            cmd.env_remove(name);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if tx.send(buf[..n].to_vec()).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Session {
            child,
            writer,
            screen: Screen {
                parser: vt100::Parser::new(ROWS, COLS, 0),
                raw: Vec::new(),
                output: rx,
                closed: false,
            },
            _master: pair.master,
            _home: home,
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits for the program to exit; checks it exited 0 and gave the terminal back.
    fn expect_clean_exit(self) {
        self.expect_exit(0);
    }

    /// Sends `signal` to the program (as `kill -SIGNAL` would).
    fn signal(&mut self, signal: &str) {
        let pid = self.child.process_id().expect("nfdeck's pid");
        let status = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(pid.to_string())
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{signal} {pid}");
    }

    /// Waits for the program to exit; checks its exit code and that it gave the terminal back:
    /// main screen, cursor shown, no mouse capture, no bracketed paste, line editing (cooked
    /// mode) on again.
    fn expect_exit(mut self, code: u32) {
        let deadline = Instant::now() + TIMEOUT;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "nfdeck did not exit");
            self.screen.pump(Duration::from_millis(50));
        };
        self.screen.drain();
        assert_eq!(status.exit_code(), code, "exit status {status:?}");
        // The pty's settings (the master sees the terminal's): line editing and echo back on.
        let termios = format!(
            "{:?}",
            self._master.get_termios().expect("the pty's settings")
        );
        let local: Vec<&str> = termios
            .split_once("local_flags: LocalFlags(")
            .and_then(|(_, rest)| rest.split_once(')'))
            .map(|(flags, _)| flags.split(" | ").collect())
            .unwrap_or_default();
        assert!(
            local.contains(&"ICANON") && local.contains(&"ECHO"),
            "cooked mode: {termios}"
        );
        let s = self.screen.parser.screen();
        assert!(!s.alternate_screen(), "back on the main screen");
        assert!(!s.hide_cursor(), "the cursor is shown");
        assert_eq!(s.mouse_protocol_mode(), vt100::MouseProtocolMode::None);
        assert!(!s.bracketed_paste(), "bracketed paste is off");
    }
}

#[test]
fn add_a_participant_and_quit_restores_the_terminal() {
    let mut s = Session::start();
    s.screen.wait_for("workspace biolab/rnaseq");
    assert!(
        s.screen.parser.screen().alternate_screen(),
        "the UI uses the alternate screen"
    );
    assert_ne!(
        s.screen.parser.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "the mouse is captured"
    );
    s.send(b"2");
    s.screen.wait_for("Participants of biolab/rnaseq");
    s.send(b"a");
    s.screen.wait_for("Add a participant to biolab/rnaseq");
    s.send(b"zed@partner.example");
    s.screen.wait_for("will be invited as a collaborator");
    s.send(b"\r");
    s.screen.wait_for("Added zed@partner.example as launch");
    s.screen.wait_for("· 6/50");
    s.send(b"q");
    s.expect_clean_exit();
}

#[test]
fn create_edit_and_delete_an_organization() {
    let mut s = Session::start();
    s.screen.wait_for("workspace biolab/rnaseq");
    s.send(b"o");
    s.screen.wait_for("New organization");
    s.send(b"ptyorg\tPTY Org");
    s.screen.wait_for("PTY Org");
    s.send(b"\r");
    s.screen.wait_for("Created organization ptyorg");
    // Filter the tree down to the new org's row, and keep the filter.
    s.send(b"/ptyorg");
    s.screen.wait_for("▾ ptyorg");
    s.send(b"\r");
    s.send(b"e");
    s.screen.wait_for("Edit organization ptyorg");
    s.send(b"\t\tMade by the pty test");
    s.screen.wait_for("Made by the pty test");
    s.send(b"\r");
    s.screen.wait_for("Saved organization ptyorg");
    s.send(b"d");
    s.screen.wait_for("Type ptyorg to confirm");
    s.send(b"ptyorg");
    s.send(b"\r");
    s.screen.wait_for("Deleted organization ptyorg");
    s.send(b"q");
    s.expect_clean_exit();
}

#[test]
fn ctrl_c_in_a_form_quits_and_restores_the_terminal() {
    let mut s = Session::start();
    s.screen.wait_for("workspace biolab/rnaseq");
    s.send(b"a");
    s.screen.wait_for("New workspace in biolab");
    s.send(b"half-typed");
    s.screen.wait_for("half-typed");
    s.send(b"\x03");
    s.expect_clean_exit();
}

#[test]
fn launch_a_shared_pipeline_from_a_private_workspace_and_set_the_studios_lifespan() {
    let mut s = Session::start();
    s.screen.wait_for("workspace biolab/rnaseq");
    // The private workspace gets a new compute environment, made its primary.
    s.send(b"6");
    s.screen.wait_for("Compute environments of biolab/rnaseq");
    s.send(b"a");
    s.screen.wait_for("Add a compute environment");
    // The form starts on aws-batch, the first platform; local-platform is 15 to the right.
    s.send(b"local-work\t");
    for _ in 0..15 {
        s.send(b"\x1b[C");
    }
    s.screen.wait_for("local-platform");
    s.send(b"\t\t/tmp/nfdeck-work\r");
    s.screen.wait_for("Added compute environment local-work");
    // The row itself (the list has reloaded).
    s.screen.wait_for("/tmp/nfdeck-work");
    s.send(b"p");
    s.screen.wait_for("Make primary");
    s.send(b"y");
    s.screen.wait_for("local-work is now the primary");
    // The SHARED workspace gets a pipeline without a compute environment.
    s.send(b"\x10"); // Ctrl-P: the switcher
    s.screen.wait_for("Switch workspace");
    s.send(b"shared-pipelines\r");
    s.screen.wait_for("workspace biolab/shared-pipelines");
    s.send(b"3");
    s.screen.wait_for("Launchpad of biolab/shared-pipelines");
    s.send(b"a");
    s.screen.wait_for("Add a pipeline");
    s.send(b"hello\t\thttps://github.com/nextflow-io/hello\r");
    s.screen.wait_for("Added pipeline hello");
    // Back in the private workspace, with shared pipelines shown: launch it.
    // The command line: a workspace by its path.
    s.send(b":ws biolab/rnaseq\r");
    s.screen.wait_for("Launchpad of biolab/rnaseq");
    s.send(b"s");
    s.screen.wait_for("shared · biola");
    // Only hello: filter, keep the filter, launch.
    s.send(b"/hello");
    s.screen.wait_for("1 of ");
    s.send(b"\r");
    s.send(b"\r");
    s.screen
        .wait_for("default: local-work, the workspace's primary");
    s.send(b"\r");
    s.screen.wait_for("Go to the Runs tab to follow it?");
    s.send(b"y");
    s.screen.wait_for("Runs of biolab/rnaseq");
    s.screen.wait_for("SUBMITTED");
    // Studios: 24 hours.
    s.send(b"8");
    s.screen.wait_for("Credits · biolab/rnaseq");
    s.send(b"l");
    s.screen.wait_for("Session lifespan: ");
    s.send(b"e");
    s.screen.wait_for("Studios settings of biolab/rnaseq");
    s.send(b"\x7f\x7f\x7f24");
    s.screen.wait_for("sessions stop after 24 hours");
    s.send(b"\r");
    s.screen.wait_for("Session lifespan: 24 hours");
    s.send(b"q");
    s.expect_clean_exit();
}

/// A stop signal (here SIGQUIT, which nfdeck did not catch before: it died on the alternate
/// screen in raw mode) ends the UI as quitting does, and the exit status is 128 + the
/// signal's number, as a shell reports a program a signal ended.
#[test]
fn sigquit_restores_the_terminal_and_exits_131() {
    let mut s = Session::start();
    s.screen.wait_for("workspace biolab/rnaseq");
    assert!(s.screen.parser.screen().alternate_screen());
    s.signal("QUIT");
    s.expect_exit(131);
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    let mut s = Session::start();
    s.screen.wait_for("workspace biolab/rnaseq");
    s.send(b"a");
    s.screen.wait_for("New workspace in biolab");
    s.signal("TERM");
    s.expect_exit(143);
}

/// The operator of the `runs watch` tests' database (the binary acts as them).
const WATCHER: &str = "root@localhost.test";

/// A database in `home` with workspace lab/wet and a RUNNING run `busy_turing` reported by
/// Nextflow; returns the engine that wrote it (to report more) and the run.
fn running_run(
    home: &std::path::Path,
) -> (
    nfdeck::engine::Engine,
    nfdeck::engine::Actor,
    nfdeck::domain::Scope,
    String,
) {
    use nfdeck::domain::*;
    let mut engine = nfdeck::engine::Engine::open(&home.join("watch.db")).unwrap();
    let op = engine.operator(WATCHER).unwrap();
    let scope = engine
        .write(&op, |cx| {
            let org = cx.create_org_owned_by(
                &OrgFields {
                    name: "lab".into(),
                    full_name: "Lab".into(),
                    ..Default::default()
                },
                WATCHER,
            )?;
            let ws = cx.create_workspace(
                org.id,
                &WorkspaceFields {
                    name: "wet".into(),
                    full_name: "Wet lab".into(),
                    ..Default::default()
                },
            )?;
            Ok(Scope::Workspace(ws.id))
        })
        .unwrap();
    let id = engine
        .write(&op, |cx| {
            let id = cx.trace_create(scope, "session-1", "busy_turing", "nf-core/rnaseq", None)?;
            cx.trace_begin(scope, &id, &TraceBegin::default())?;
            Ok(id)
        })
        .unwrap();
    (engine, op, scope, id)
}

fn watch(home: tempfile::TempDir, run: &str) -> Session {
    let db = home.path().join("watch.db");
    let mut session = Session::with_args(
        &[
            "--db",
            db.to_str().unwrap(),
            "--as",
            WATCHER,
            "--workspace",
            "lab/wet",
            "runs",
            "watch",
            run,
            "--interval",
            "1",
        ],
        home,
    );
    session.screen.wait_for("RUNNING");
    session
}

#[test]
fn runs_watch_follows_progress_and_exits_0_when_the_run_succeeds() {
    use nfdeck::domain::*;
    let home = tempfile::tempdir().unwrap();
    let (mut engine, op, scope, id) = running_run(home.path());
    let mut session = watch(home, "busy_turing");
    let progress = TraceProgress {
        counters: TaskCounters {
            pending: 4,
            running: 3,
            succeeded: 3,
            ..Default::default()
        },
        cpu_hours: 1.5,
        memory_gib_hours: 3.0,
    };
    engine
        .write(&op, |cx| cx.trace_progress(scope, &id, &progress))
        .unwrap();
    session.screen.wait_for("3/10 tasks · 3 running");
    engine
        .write(&op, |cx| {
            cx.trace_complete(
                scope,
                &id,
                &TraceComplete {
                    success: true,
                    exit_status: Some(0),
                    error_message: None,
                    progress: None,
                },
            )
        })
        .unwrap();
    session.screen.wait_for("SUCCEEDED");
    session.expect_exit(0);
}

#[test]
fn runs_watch_exits_2_when_the_run_fails() {
    use nfdeck::domain::*;
    let home = tempfile::tempdir().unwrap();
    let (mut engine, op, scope, id) = running_run(home.path());
    let mut session = watch(home, &id);
    engine
        .write(&op, |cx| {
            cx.trace_complete(
                scope,
                &id,
                &TraceComplete {
                    success: false,
                    exit_status: Some(1),
                    error_message: Some("Process QUANT failed".into()),
                    progress: None,
                },
            )
        })
        .unwrap();
    session.screen.wait_for("FAILED");
    session.expect_exit(2);
}

/// `--readonly`: the header says so, a change key is refused with the reason and nothing
/// opens, the command line refuses the same change, and `y` still copies (OSC 52 reaches the
/// terminal).
#[test]
fn a_readonly_session_refuses_changes_and_still_copies() {
    let mut s = Session::with_args(&["--demo", "--readonly"], tempfile::tempdir().unwrap());
    s.screen.wait_for("workspace biolab/rnaseq");
    s.screen.wait_for("(read-only)");
    s.send(b"2");
    s.screen.wait_for("Participants of biolab/rnaseq");
    s.send(b"a");
    s.screen.wait_for("read-only session");
    assert!(
        !s.screen
            .parser
            .screen()
            .contents()
            .contains("Add a participant"),
        "no form opens"
    );
    s.send(b":add-participant zed@partner.example\r");
    s.screen.wait_for("add-participant: read-only session");
    s.send(b"\x1b");
    // The line is closed (a key sent right after Esc would read as Alt-key).
    s.screen.wait_for(": command");
    // Copy the selected participant's id: the clipboard sequence goes to the terminal.
    s.send(b"y");
    s.screen.wait_for("Copied the participant's id");
    let raw = String::from_utf8_lossy(&s.screen.raw).to_string();
    assert!(
        raw.contains("\x1b]52;c;"),
        "no OSC 52 sequence in the output"
    );
    s.send(b"q");
    s.expect_clean_exit();
}
