//! `kill -9` of a real `nfdeck serve` while pipelines report into it: every trace call that got
//! 200 is in the database afterwards. The server commits the writes waiting at the same time
//! together (group commit) and answers each only after that commit, so a write it acknowledged
//! is in the file's journal even if the process dies the next instant.

use nfdeck::domain::Scope;
use nfdeck::engine::Engine;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const OPERATOR: &str = "root@localhost";
const CREATE: &str = include_str!("fixtures/nextflow/1-create.json");

fn nfdeck(home: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nfdeck"));
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("NFDECK_USER", OPERATOR)
        .env_remove("NFDECK_DB")
        .env_remove("NFDECK_CONFIG");
    cmd
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_trace_call_survives_kill_9() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("state.db");
    let db_arg = db.to_str().unwrap();
    let out = nfdeck(home.path())
        .args(["--db", db_arg, "token", "create", "--user", OPERATOR])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::trim)
        .find(|l| l.len() > 40 && !l.contains(' '))
        .expect("a token line")
        .to_string();
    let mut server = nfdeck(home.path())
        .args(["--db", db_arg, "serve", "--listen", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(server.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    // Keep reading what the server says, so that it never writes into a closed pipe.
    let said = std::thread::spawn(move || {
        let mut rest = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut rest);
        rest
    });
    let url = first
        .strip_prefix("nfdeck serve: ")
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("the address line: {first}"))
        .to_string();

    // 16 pipelines starting runs back to back: the writer sees many writes at once.
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let client = reqwest::Client::new();
    let senders: Vec<_> = (0..16)
        .map(|sender| {
            let (client, url, token) = (client.clone(), url.clone(), token.clone());
            let acknowledged = acknowledged.clone();
            tokio::spawn(async move {
                for n in 0.. {
                    let mut body: serde_json::Value = serde_json::from_str(CREATE).unwrap();
                    body["runName"] = format!("run_{sender}_{n}").into();
                    let sent = client
                        .post(format!("{url}/trace/create"))
                        .basic_auth("@token", Some(&token))
                        .json(&body)
                        .send()
                        .await;
                    let response = match sent {
                        Ok(response) => response,
                        Err(_) => return, // killed
                    };
                    let status = response.status();
                    if !status.is_success() {
                        eprintln!("{status}: {}", response.text().await.unwrap_or_default());
                        return;
                    }
                    let Ok(answer) = response.json::<serde_json::Value>().await else {
                        return;
                    };
                    let id = answer["workflowId"].as_str().unwrap().to_string();
                    acknowledged.lock().unwrap().push(id);
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    let said = said.join().unwrap();
    for sender in senders {
        sender.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() > 50,
        "only {} runs were created; the server said: {said}",
        acknowledged.len()
    );

    let engine = Engine::open(&db).unwrap();
    let operator = engine.act_as(OPERATOR).unwrap();
    let missing: Vec<&String> = acknowledged
        .iter()
        .filter(|id| {
            engine
                .read(&operator, |cx| cx.get_run(Scope::Personal, id))
                .is_err()
        })
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged runs are missing: {missing:?}",
        missing.len(),
        acknowledged.len()
    );
}
