//! Runs the real binary in a pseudo-terminal on the demo data (in a temporary home), adds a
//! participant through the UI, quits with `q`, and checks that the terminal was given back:
//! main screen, cursor shown, no mouse capture, no bracketed paste, exit code 0. Waits for
//! screen text with a deadline instead of sleeping.

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
            Ok(bytes) => self.parser.process(&bytes),
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

#[test]
fn add_a_participant_and_quit_restores_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_nfdeck"));
    cmd.arg("--demo");
    cmd.cwd(home.path());
    cmd.env("HOME", home.path());
    cmd.env("XDG_CONFIG_HOME", home.path().join("config"));
    cmd.env("XDG_DATA_HOME", home.path().join("data"));
    cmd.env("TERM", "xterm-256color");
    for name in ["NFDECK_CONFIG", "NFDECK_DB", "NFDECK_USER", "NO_COLOR"] {
        cmd.env_remove(name);
    }
    let mut child = pair.slave.spawn_command(cmd).unwrap();
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
    let mut writer = pair.master.take_writer().unwrap();
    let mut send = |bytes: &[u8]| {
        writer.write_all(bytes).unwrap();
        writer.flush().unwrap();
    };
    let mut screen = Screen {
        parser: vt100::Parser::new(ROWS, COLS, 0),
        output: rx,
        closed: false,
    };

    screen.wait_for("workspace biolab/rnaseq");
    assert!(
        screen.parser.screen().alternate_screen(),
        "the UI uses the alternate screen"
    );
    send(b"2");
    screen.wait_for("Participants of biolab/rnaseq");
    send(b"a");
    screen.wait_for("Add a participant to biolab/rnaseq");
    send(b"zed@partner.example");
    screen.wait_for("will be invited as a collaborator");
    send(b"\r");
    screen.wait_for("Added zed@partner.example as launch");
    screen.wait_for("· 6/50");
    send(b"q");

    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "nfdeck did not exit after q");
        screen.pump(Duration::from_millis(50));
    };
    screen.drain();
    assert!(status.success(), "exit status {status:?}");
    let s = screen.parser.screen();
    assert!(!s.alternate_screen(), "back on the main screen");
    assert!(!s.hide_cursor(), "the cursor is shown");
    assert_eq!(s.mouse_protocol_mode(), vt100::MouseProtocolMode::None);
    assert!(!s.bracketed_paste(), "bracketed paste is off");
}
