//! nginx serving given bytes as static files, the yardstick for `nfdeck serve`'s reads: the
//! same response bodies, over the same kind of keep-alive connections, on the same machine in
//! the same run. None when nginx is not installed (`apt-get install nginx-light`).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub struct Nginx {
    child: Child,
    pub base: String,
    _dir: tempfile::TempDir,
}

impl Nginx {
    /// The master process; its workers are its children.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM: the master stops its workers first. A SIGKILL left them running, idle but
        // holding their port, after every benchmark.
        let stopped = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        if !stopped {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// The nginx binary on PATH or in /usr/sbin.
fn binary() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .chain([PathBuf::from("/usr/sbin")]);
    on_path.map(|d| d.join("nginx")).find(|p| p.is_file())
}

/// Starts nginx serving each `(name, body)` at `/{name}` as `application/json`, with as many
/// worker processes as cores (nginx's `auto`), access log off and keep-alive unlimited.
pub async fn start(files: &[(&str, Vec<u8>)]) -> Option<Nginx> {
    let binary = binary()?;
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("root");
    std::fs::create_dir_all(&root).expect("nginx root");
    for (name, body) in files {
        std::fs::write(root.join(name), body).expect("write a body");
    }
    let port = super::server::free_port();
    let config = config(dir.path(), &root, port);
    let config_file = dir.path().join("nginx.conf");
    std::fs::write(&config_file, config).expect("write nginx.conf");
    let child = Command::new(binary)
        .arg("-c")
        .arg(&config_file)
        .arg("-p")
        .arg(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .ok()?;
    let base = format!("http://127.0.0.1:{port}");
    super::server::wait_until_up(&format!("{base}/{}", files.first()?.0)).await;
    Some(Nginx {
        child,
        base,
        _dir: dir,
    })
}

fn config(dir: &Path, root: &Path, port: u16) -> String {
    // Workers run as the user who starts nginx when that is not root; as root they would
    // switch to `nobody`, which cannot read the temporary folder.
    let user = if is_root() { "user root;" } else { "" };
    format!(
        "{user}
daemon off;
worker_processes auto;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    keepalive_requests 100000000;
    keepalive_timeout 60s;
    default_type application/json;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
    }}
}}
",
        dir = dir.display(),
        root = root.display(),
    )
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}
