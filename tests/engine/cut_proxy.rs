//! A byte-forwarding proxy in front of the test PostgreSQL that can cut a connection at its
//! next `COMMIT`, the moment a real network or database failure makes a commit's outcome
//! unknown to the client. It knows the wire protocol only as far as spotting a `COMMIT`
//! statement sent by the simple protocol (`Q … COMMIT\0`) and its answer (`C … COMMIT\0`).

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Where the next `COMMIT` is cut (once; the connections after it are forwarded whole).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cut {
    /// The server never receives the COMMIT; both sides are closed.
    BeforeCommit,
    /// The server commits, and its answer is dropped; both sides are closed.
    AfterCommitAnswered,
    /// The client's side is closed; the server's stays open, still in the transaction, as
    /// after a network cut the server has not noticed.
    HoldingTheServer,
}

#[derive(Default)]
struct State {
    next: Option<Cut>,
    cut_done: bool,
    refuse_new: bool,
    /// Server sides kept open after `HoldingTheServer`.
    held: Vec<Upstream>,
}

pub struct CutProxy {
    url: String,
    state: Arc<Mutex<State>>,
}

impl CutProxy {
    /// Listens on 127.0.0.1 and forwards to the server of `url` (a `key=value` connection
    /// string, the test helper's).
    pub fn start(url: &str) -> Self {
        let upstream = Target::of(url);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if shared.lock().unwrap().refuse_new {
                    continue; // dropped: the client sees its connection closed at once
                }
                let server = upstream.connect();
                forward(client, server, shared.clone());
            }
        });
        CutProxy {
            url: through(url, port),
            state,
        }
    }

    /// The connection string that goes through the proxy.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Cuts the next `COMMIT` in the way given.
    pub fn cut_next_commit(&self, cut: Cut) {
        let mut state = self.state.lock().unwrap();
        state.next = Some(cut);
        state.cut_done = false;
    }

    pub fn has_cut(&self) -> bool {
        self.state.lock().unwrap().cut_done
    }

    /// From now on every new connection is closed at once (the database unreachable).
    pub fn refuse_new_connections(&self) {
        self.state.lock().unwrap().refuse_new = true;
    }
}

enum Target {
    Unix(String),
    Tcp(String),
}

impl Target {
    fn of(url: &str) -> Self {
        let host = setting(url, "host").unwrap_or_else(|| "/var/run/postgresql".into());
        let port = setting(url, "port").unwrap_or_else(|| "5432".into());
        match host.starts_with('/') {
            true => Target::Unix(format!("{host}/.s.PGSQL.{port}")),
            false => Target::Tcp(format!("{host}:{port}")),
        }
    }

    fn connect(&self) -> Upstream {
        match self {
            Target::Unix(path) => Upstream::Unix(UnixStream::connect(path).unwrap()),
            Target::Tcp(addr) => Upstream::Tcp(TcpStream::connect(addr).unwrap()),
        }
    }
}

enum Upstream {
    Unix(UnixStream),
    Tcp(TcpStream),
}

impl Upstream {
    fn try_clone(&self) -> Upstream {
        match self {
            Upstream::Unix(s) => Upstream::Unix(s.try_clone().unwrap()),
            Upstream::Tcp(s) => Upstream::Tcp(s.try_clone().unwrap()),
        }
    }

    fn shutdown(&self) {
        let _ = match self {
            Upstream::Unix(s) => s.shutdown(Shutdown::Both),
            Upstream::Tcp(s) => s.shutdown(Shutdown::Both),
        };
    }

    fn stream(&mut self) -> &mut dyn ReadWrite {
        match self {
            Upstream::Unix(s) => s,
            Upstream::Tcp(s) => s,
        }
    }
}

trait ReadWrite: Read + Write {}
impl<T: Read + Write> ReadWrite for T {}

/// Two threads per connection: the client's bytes up, the server's down.
fn forward(client: TcpStream, server: Upstream, state: Arc<Mutex<State>>) {
    let commit_sent = Arc::new(AtomicBool::new(false));
    let (mut client_up, mut server_up) = (client.try_clone().unwrap(), server.try_clone());
    let (up_state, up_commit) = (state.clone(), commit_sent.clone());
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 64 * 1024];
        while let Ok(n @ 1..) = client_up.read(&mut buf) {
            let chunk = &buf[..n];
            let mut state = up_state.lock().unwrap();
            let armed = state.next.filter(|_| contains(chunk, b"COMMIT\0"));
            match armed {
                Some(Cut::BeforeCommit) => {
                    state.next = None;
                    state.cut_done = true;
                    let _ = client_up.shutdown(Shutdown::Both);
                    server_up.shutdown();
                    return;
                }
                Some(Cut::HoldingTheServer) => {
                    state.next = None;
                    state.cut_done = true;
                    state.held.push(server_up.try_clone());
                    let _ = client_up.shutdown(Shutdown::Both);
                    return;
                }
                Some(Cut::AfterCommitAnswered) => up_commit.store(true, Ordering::SeqCst),
                None => {}
            }
            drop(state);
            if server_up.stream().write_all(chunk).is_err() {
                return;
            }
        }
        server_up.shutdown();
    });
    let (mut client_down, mut server_down) = (client, server);
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 64 * 1024];
        while let Ok(n @ 1..) = server_down.stream().read(&mut buf) {
            let chunk = &buf[..n];
            if commit_sent.load(Ordering::SeqCst) && contains(chunk, b"COMMIT\0") {
                let mut state = state.lock().unwrap();
                state.next = None;
                state.cut_done = true;
                let _ = client_down.shutdown(Shutdown::Both);
                server_down.shutdown();
                return;
            }
            if client_down.write_all(chunk).is_err() {
                return;
            }
        }
        let _ = client_down.shutdown(Shutdown::Both);
    });
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The value of `key` in a `key=value` connection string.
fn setting(url: &str, key: &str) -> Option<String> {
    url.split_whitespace()
        .find_map(|part| part.strip_prefix(&format!("{key}=")))
        .map(str::to_owned)
}

/// `url` with its host and port replaced by the proxy's.
fn through(url: &str, port: u16) -> String {
    let kept: Vec<&str> = url
        .split(' ')
        .filter(|part| !part.starts_with("host=") && !part.starts_with("port="))
        .collect();
    format!("host=127.0.0.1 port={port} {}", kept.join(" "))
}
