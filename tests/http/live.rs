//! Live data over HTTP: conditional GETs (a second GET with the answer's ETag is a 304, and
//! the remote client reuses its answer), and a Nextflow run reporting into `serve` followed
//! by a remote TUI's run details without a key press.

use crate::support::{Server, add_member_with_role};
use nfdeck::client::remote::RemoteClient;
use nfdeck::client::{OrgClient, ParticipantClient, SessionClient, SharedClient, WorkspaceClient};
use nfdeck::domain::*;
use nfdeck::tui::app::{Model, set_current, set_tab, update};
use nfdeck::tui::effects::{Effect, perform};
use nfdeck::tui::keys::{KeyBind, KeyTable};
use nfdeck::tui::msg::Msg;
use nfdeck::tui::overlays::Overlay;
use nfdeck::tui::tabs::Tab;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use reqwest::header::{ETAG, IF_NONE_MATCH};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::collections::VecDeque;
use std::sync::Arc;

const CREATE: &str = include_str!("fixtures/nextflow/1-create.json");
const BEGIN: &str = include_str!("fixtures/nextflow/2-begin.json");
const FIRST_TASKS: &str = include_str!("fixtures/nextflow/3-progress.json");
const LAST_TASKS: &str = include_str!("fixtures/nextflow/4-progress.json");

/// ana owns org `lab1` with workspace `lab`.
async fn lab(server: &Server) -> (OrgId, WorkspaceId) {
    let ana = server.embedded("ana@lab.test").await;
    let (org, ws) = crate::support::lab_workspace(&ana).await;
    (org, ws)
}

async fn vic_participant(
    ana: &nfdeck::client::embedded::EmbeddedClient,
    org: OrgId,
    ws: WorkspaceId,
) -> ParticipantId {
    let all = ana
        .list_participants(org, ws, Page::first(100))
        .await
        .unwrap();
    all.items
        .iter()
        .find(|p| p.email.as_deref() == Some("vic@lab.test"))
        .expect("vic takes part")
        .id
}

/// ana (the lab's owner) makes vic a member of the org and a view participant of the workspace.
async fn add_vic(server: &Server, org: OrgId, ws: WorkspaceId) {
    let ana = server.embedded("ana@lab.test").await;
    add_member_with_role(&ana, org, ws, "vic@lab.test", WspRole::View).await;
}

async fn get(server: &Server, path: &str, token: &str, tag: Option<&str>) -> reqwest::Response {
    let mut request = server.http(Method::GET, path).bearer_auth(token);
    if let Some(tag) = tag {
        request = request.header(IF_NONE_MATCH, tag);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn a_second_get_with_the_etag_is_a_304_and_the_remote_client_reuses_its_answer() {
    let server = Server::start().await;
    let (org, ws) = lab(&server).await;
    let token = server.token("ana@lab.test").await;
    let path = format!("/orgs/{org}/workspaces/{ws}/participants");
    let first = get(&server, &path, &token, None).await;
    assert_eq!(first.status(), StatusCode::OK);
    let tag = first.headers()[ETAG].to_str().unwrap().to_string();
    let body = first.text().await.unwrap();

    // Nothing changed: 304, no body.
    let second = get(&server, &path, &token, Some(&tag)).await;
    assert_eq!(second.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(second.headers()[ETAG].to_str().unwrap(), tag);
    assert!(second.text().await.unwrap().is_empty());

    // Someone else's token never matches the tag, and no token is still a 401.
    let vic = {
        server.user("vic@lab.test").await;
        server.token("vic@lab.test").await
    };
    let other = get(&server, &path, &vic, Some(&tag)).await;
    assert_ne!(other.status(), StatusCode::NOT_MODIFIED);
    let anonymous = server
        .http(Method::GET, &path)
        .header(IF_NONE_MATCH, &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    // A change anywhere moves the tag: the full answer again, with the change in it.
    add_vic(&server, org, ws).await;
    let third = get(&server, &path, &token, Some(&tag)).await;
    assert_eq!(third.status(), StatusCode::OK);
    assert_ne!(third.headers()[ETAG].to_str().unwrap(), tag);
    let changed = third.text().await.unwrap();
    assert_ne!(changed, body);
    assert!(changed.contains("vic@lab.test"));

    // serve's change counter: what a remote TUI polls to know whether to reload at all.
    let remote = server.remote("ana@lab.test").await;
    let stamp = remote
        .change_stamp()
        .await
        .unwrap()
        .expect("serve has a counter");
    assert_eq!(remote.change_stamp().await.unwrap(), Some(stamp));
    let ana = server.embedded("ana@lab.test").await;
    ana.set_participant_role(
        org,
        ws,
        vic_participant(&ana, org, ws).await,
        WspRole::Launch.into(),
    )
    .await
    .unwrap();
    assert!(remote.change_stamp().await.unwrap().unwrap() > stamp);
    let spec_only = Server::start_spec_only().await;
    let plain = spec_only.remote("ana@lab.test").await;
    assert_eq!(plain.change_stamp().await.unwrap(), None, "Seqera has none");

    // The remote client sends the tag and reuses its answer on a 304.
    let listed = remote
        .list_participants(org, ws, Page::first(100))
        .await
        .unwrap();
    let reused = remote.reused_answers();
    let again = remote
        .list_participants(org, ws, Page::first(100))
        .await
        .unwrap();
    assert_eq!(again.items, listed.items);
    assert!(
        remote.reused_answers() > reused,
        "the second list was answered 304 ({reused} -> {})",
        remote.reused_answers()
    );
}

/// The TUI's model over a client, its effects run at once (timers and the refresh clock are
/// held until the test lets them go).
struct Ui {
    m: Model,
    client: SharedClient,
    held: Vec<Effect>,
}

impl Ui {
    async fn new(client: SharedClient) -> Ui {
        let mut m = Model::new(
            KeyTable::defaults(),
            client.backend(),
            Rect::new(0, 0, 120, 40),
        );
        let fx = m.init();
        let mut ui = Ui {
            m,
            client,
            held: Vec::new(),
        };
        ui.settle(fx).await;
        ui
    }

    async fn settle(&mut self, fx: Vec<Effect>) {
        let mut queue: VecDeque<Effect> = fx.into();
        while let Some(effect) = queue.pop_front() {
            if matches!(effect, Effect::Timer { .. } | Effect::Poll { .. }) {
                self.held.push(effect);
                continue;
            }
            let msg = perform(self.client.as_ref(), effect).await;
            queue.extend(update(&mut self.m, msg));
        }
    }

    async fn send(&mut self, msg: Msg) {
        let fx = update(&mut self.m, msg);
        self.settle(fx).await;
    }

    async fn key(&mut self, name: &str) {
        let bind: KeyBind = name.parse().unwrap();
        self.send(Msg::Key(KeyEvent::new(bind.code, bind.mods)))
            .await;
    }

    /// One tick of the refresh clock, as `refresh_seconds` passing would be.
    async fn tick(&mut self) {
        let before = self.held.len();
        self.held.retain(|e| !matches!(e, Effect::Poll { .. }));
        assert!(self.held.len() < before, "the refresh clock is not running");
        self.send(Msg::Poll).await;
    }

    fn details(&self) -> &nfdeck::tui::tabs::runs::RunDetails {
        match self.m.overlays.last() {
            Some(Overlay::Details(d)) => d,
            _ => panic!("the run details are not open"),
        }
    }
}

async fn put(server: &Server, token: &str, path: &str, body: String) -> Value {
    let response = server
        .http(Method::PUT, path)
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.json().await.unwrap()
}

/// A run created and begun through `/trace`, as Nextflow starts one; its id.
async fn begin_run(server: &Server, token: &str, ws: WorkspaceId) -> String {
    let q = format!("?workspaceId={ws}");
    let created: Value = server
        .http(Method::POST, &format!("/trace/create{q}"))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(CREATE)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["workflowId"].as_str().unwrap().to_string();
    let begin = BEGIN
        .replace("__WORKFLOW_ID__", &id)
        .replace("__WATCH_URL__", &format!("http://localhost/workflow/{id}"))
        .replace("__WORKSPACE_ID__", &ws.to_string());
    put(server, token, &format!("/trace/{id}/begin{q}"), begin).await;
    id
}

#[tokio::test]
async fn trace_progress_posted_to_serve_shows_in_a_remote_clients_run_details() {
    let server = Server::start().await;
    let (_, ws) = lab(&server).await;
    let token = server.token("ana@lab.test").await;
    let q = format!("?workspaceId={ws}");
    let id = begin_run(&server, &token, ws).await;
    put(
        &server,
        &token,
        &format!("/trace/{id}/progress{q}"),
        FIRST_TASKS.to_string(),
    )
    .await;

    // ana's TUI over HTTP, on the Runs tab with the run's details open.
    let remote: SharedClient = Arc::new(RemoteClient::new(&server.url, &token).unwrap());
    let mut ui = Ui::new(remote).await;
    let mut fx = Vec::new();
    set_current(&mut ui.m, ws, &mut fx);
    set_tab(&mut ui.m, Tab::Runs, &mut fx);
    ui.settle(fx).await;
    ui.key("enter").await;
    let d = ui.details();
    assert_eq!(d.run.id, id);
    assert_eq!(d.run.status, WorkflowStatus::Running);
    assert_eq!(d.run.progress.running, 1);
    assert!(d.follows());
    let processes: Vec<&str> = d.processes.iter().map(|p| p.process.as_str()).collect();
    assert!(!processes.is_empty(), "per-process progress is shown");

    // Nextflow reports more; the next tick of the clock brings it, no key pressed.
    put(
        &server,
        &token,
        &format!("/trace/{id}/progress{q}"),
        LAST_TASKS.to_string(),
    )
    .await;
    let reported: Value = serde_json::from_str(LAST_TASKS).unwrap();
    ui.tick().await; // serve's change counter moved: the details load again
    let d = ui.details();
    assert_eq!(
        u64::from(d.run.progress.succeeded),
        reported["progress"]["succeeded"].as_u64().unwrap()
    );
    assert_eq!(d.run.progress.running, 0);
    assert!(d.running.len() >= 2, "the sparkline has a sample per load");
    assert!(
        d.processes
            .iter()
            .any(|p| p.counters.succeeded > 0 && p.process.contains("INDEX")),
        "{:?}",
        d.processes
    );
    assert!(d.run.usage.cpu_hours > 0.0, "CPU so far");
    assert_eq!(ui.m.live.status(), None, "the reload is over and it worked");
}

/// The server keeps a GET's answer by its tag and sends it again without the handler running;
/// what a user sees must not change for it: every write shows at once, another caller never
/// gets the answer, a revoked token is refused, and a random run name stays random.
#[tokio::test]
async fn kept_answers_follow_every_write_and_stay_with_their_caller() {
    let server = Server::start().await;
    let (org, ws) = lab(&server).await;
    let token = server.token("ana@lab.test").await;
    let path = format!("/orgs/{org}/workspaces/{ws}/participants");
    let first = get(&server, &path, &token, None).await;
    assert_eq!(first.status(), StatusCode::OK);
    let tag = first.headers()[ETAG].to_str().unwrap().to_string();
    let body = first.text().await.unwrap();

    // Asked again without a tag: the same answer, with its tag and content type.
    let again = get(&server, &path, &token, None).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.headers()[ETAG].to_str().unwrap(), tag);
    assert!(
        again.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    assert_eq!(again.text().await.unwrap(), body);

    // Another caller asking the same URL gets their own answer (vic is not in the org).
    server.user("vic@lab.test").await;
    let vic = server.token("vic@lab.test").await;
    let other = get(&server, &path, &vic, None).await;
    assert_ne!(other.status(), StatusCode::OK);

    // A write shows at once.
    add_vic(&server, org, ws).await;
    let changed = get(&server, &path, &token, None).await;
    assert_eq!(changed.status(), StatusCode::OK);
    assert!(changed.text().await.unwrap().contains("vic@lab.test"));

    // A random name is drawn anew each time (three draws are not all the same).
    let mut names = std::collections::BTreeSet::new();
    for _ in 0..3 {
        let r = get(&server, "/workflow/random-name", &token, None).await;
        assert_eq!(r.status(), StatusCode::OK);
        names.insert(r.text().await.unwrap());
    }
    assert!(names.len() > 1, "random names repeat: {names:?}");

    // A revoked token is refused although its answer was kept.
    let listed: Value = get(&server, "/tokens", &token, None)
        .await
        .json()
        .await
        .unwrap();
    let id = listed["tokens"][0]["id"].as_i64().expect("a token id");
    let revoked = server
        .http(Method::DELETE, &format!("/tokens/{id}"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert!(revoked.status().is_success(), "{}", revoked.status());
    let refused = get(&server, &path, &token, None).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
}

/// While a pipeline reports progress, pages about people keep their tag (a kept answer, or a
/// 304), the runs list does not, and a change to people moves the people pages' tag at once.
#[tokio::test]
async fn people_pages_stay_kept_while_runs_report_progress() {
    let server = Server::start().await;
    let (org, ws) = lab(&server).await;
    let token = server.token("ana@lab.test").await;
    let q = format!("?workspaceId={ws}");
    let id = begin_run(&server, &token, ws).await;

    let people = format!("/orgs/{org}/workspaces/{ws}/participants");
    let members = format!("/orgs/{org}/members");
    let runs = format!("/workflow?workspaceId={ws}");
    let tag_of = |r: &reqwest::Response| r.headers()[ETAG].to_str().unwrap().to_string();
    let people_tag = tag_of(&get(&server, &people, &token, None).await);
    let members_tag = tag_of(&get(&server, &members, &token, None).await);
    let runs_before: Value = get(&server, &runs, &token, None)
        .await
        .json()
        .await
        .unwrap();
    let runs_tag = tag_of(&get(&server, &runs, &token, None).await);

    let progress = format!("/trace/{id}/progress{q}");
    put(&server, &token, &progress, FIRST_TASKS.to_string()).await;
    let heartbeat = format!("/trace/{id}/heartbeat{q}");
    put(&server, &token, &heartbeat, "{}".to_string()).await;

    let unchanged = get(&server, &people, &token, Some(&people_tag)).await;
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);
    let unchanged = get(&server, &members, &token, Some(&members_tag)).await;
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);
    let moved = get(&server, &runs, &token, Some(&runs_tag)).await;
    assert_eq!(
        moved.status(),
        StatusCode::OK,
        "the runs list follows progress"
    );
    let runs_after: Value = moved.json().await.unwrap();
    assert_ne!(runs_before, runs_after, "the run's progress shows");

    // Anything else moves the people pages' tag too.
    server.user("vic@lab.test").await;
    let ana = server.embedded("ana@lab.test").await;
    ana.add_member(org, "vic@lab.test").await.unwrap();
    let members_now = get(&server, &members, &token, Some(&members_tag)).await;
    assert_eq!(members_now.status(), StatusCode::OK);
    assert!(members_now.text().await.unwrap().contains("vic@lab.test"));
    let people_now = get(&server, &people, &token, Some(&people_tag)).await;
    assert_eq!(people_now.status(), StatusCode::OK);
}

/// A page of one workspace's runs follows that workspace's progress reports and nothing
/// else's: it stays kept while pipelines report into another workspace, and changes with its
/// own runs' reports and with any other write.
#[tokio::test]
async fn a_workspaces_runs_stay_kept_while_another_workspace_reports() {
    let server = Server::start().await;
    let (org, quiet) = lab(&server).await;
    let ana = server.embedded("ana@lab.test").await;
    let busy = ana
        .create_workspace(
            org,
            WorkspaceFields {
                name: "busy".into(),
                full_name: "Busy".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id;
    let token = server.token("ana@lab.test").await;
    let quiet_run = begin_run(&server, &token, quiet).await;
    let busy_run = begin_run(&server, &token, busy).await;
    let tag_of = |r: &reqwest::Response| r.headers()[ETAG].to_str().unwrap().to_string();
    let pages = |ws: WorkspaceId, run: &str| {
        [
            format!("/workflow?workspaceId={ws}"),
            format!("/workflow/{run}?workspaceId={ws}"),
            format!("/workflow/{run}/progress?workspaceId={ws}"),
            format!("/workflow/{run}/tasks?workspaceId={ws}"),
        ]
    };
    let mut quiet_tags = Vec::new();
    for page in pages(quiet, &quiet_run) {
        quiet_tags.push(tag_of(&get(&server, &page, &token, None).await));
    }
    let busy_list = format!("/workflow?workspaceId={busy}");
    let busy_tag = tag_of(&get(&server, &busy_list, &token, None).await);

    let busy_q = format!("?workspaceId={busy}");
    put(
        &server,
        &token,
        &format!("/trace/{busy_run}/progress{busy_q}"),
        FIRST_TASKS.to_string(),
    )
    .await;
    put(
        &server,
        &token,
        &format!("/trace/{busy_run}/heartbeat{busy_q}"),
        "{}".to_string(),
    )
    .await;

    for (page, tag) in pages(quiet, &quiet_run).iter().zip(&quiet_tags) {
        let kept = get(&server, page, &token, Some(tag)).await;
        assert_eq!(kept.status(), StatusCode::NOT_MODIFIED, "{page}");
    }
    let moved = get(&server, &busy_list, &token, Some(&busy_tag)).await;
    assert_eq!(
        moved.status(),
        StatusCode::OK,
        "the busy workspace's runs moved"
    );

    // The quiet workspace's own report moves its pages, and they show it.
    let quiet_q = format!("?workspaceId={quiet}");
    put(
        &server,
        &token,
        &format!("/trace/{quiet_run}/progress{quiet_q}"),
        FIRST_TASKS.to_string(),
    )
    .await;
    for (page, tag) in pages(quiet, &quiet_run).iter().zip(&quiet_tags) {
        let moved = get(&server, page, &token, Some(tag)).await;
        assert_eq!(moved.status(), StatusCode::OK, "{page}");
    }
    let tasks: Value = get(&server, &pages(quiet, &quiet_run)[3], &token, None)
        .await
        .json()
        .await
        .unwrap();
    assert!(!tasks["tasks"].as_array().unwrap().is_empty(), "{tasks}");

    // Any other write moves them too (a new member here), wherever it is made.
    let tag = tag_of(&get(&server, &pages(quiet, &quiet_run)[0], &token, None).await);
    server.user("vic@lab.test").await;
    ana.add_member(org, "vic@lab.test").await.unwrap();
    let moved = get(&server, &pages(quiet, &quiet_run)[0], &token, Some(&tag)).await;
    assert_eq!(moved.status(), StatusCode::OK);
}
