//! The remote client against a server that answers as the spec allows but nfdeck serve never
//! does: opaque launch ids, a platform outside nfdeck's list, missing optional fields,
//! negative quotas, short pages with a `totalSize`. A small axum server on 127.0.0.1 answers
//! the paths the client calls (and counts them); every screen's reads and `export` succeed.

use axum::Router;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use nfdeck::client::remote::RemoteClient;
use nfdeck::client::{
    ActionClient, ComputeClient, CredentialsClient, LaunchpadClient, OrgClient, ParticipantClient,
    RunClient, SettingsClient, TeamClient, WorkspaceClient,
};
use nfdeck::domain::{
    LabelType, Page, PipelineQuery, PipelineVisibility, Platform, RunQuery, Scope,
};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const ORG: i64 = 1;
const WS: i64 = 10;
/// Runs the fake server has; it hands out at most `PAGE_SIZE` per answer, like a server
/// with its own page limit.
const RUNS: usize = 25;
const PAGE_SIZE: usize = 10;

#[derive(Clone, Default)]
struct Fake {
    /// Requests per path.
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl Fake {
    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

fn query(req: &Request) -> HashMap<String, String> {
    req.uri()
        .query()
        .unwrap_or("")
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// `GET /workflow`: a page of at most `PAGE_SIZE` runs from `offset`, with the total.
fn runs_page(q: &HashMap<String, String>) -> Value {
    let offset: usize = q.get("offset").and_then(|v| v.parse().ok()).unwrap_or(0);
    let max: usize = q
        .get("max")
        .and_then(|v| v.parse().ok())
        .unwrap_or(PAGE_SIZE);
    let end = RUNS.min(offset + max.min(PAGE_SIZE));
    let workflows: Vec<Value> = (offset..end)
        .map(|i| {
            json!({"workflow": {"id": format!("run{i:02}Xq"), "runName": format!("happy_turing_{i}"),
                "status": "SUCCEEDED", "projectName": "nf-core/rnaseq", "userName": "ana",
                "submit": "2024-05-01T10:00:00Z"},
                "workspaceId": WS, "orgId": ORG})
        })
        .collect();
    json!({"workflows": workflows, "totalSize": RUNS, "hasMore": end < RUNS})
}

const LAUNCH: &str = "4Nvz0ZaXhjE6mmnDeyS1qZ";

fn launch() -> Value {
    json!({"id": LAUNCH, "pipeline": "https://github.com/nf-core/rnaseq",
        "computeEnv": {"id": "ce1", "name": "moab", "platform": "moab-platform"},
        "workDir": "/scratch/work", "revision": "3.14.0", "configProfiles": ["singularity"],
        "paramsText": "outdir: results", "dateCreated": "2024-05-01T10:00:00Z"})
}

fn answer(path: &str, q: &HashMap<String, String>) -> Option<Value> {
    let ws = format!("/orgs/{ORG}/workspaces/{WS}");
    let ana = json!({"memberId": 100, "userId": 7, "userName": "ana", "email": "ana@lab.example",
        "role": "owner"});
    Some(match path {
        "/service-info" => json!({"serviceInfo": {"version": "25.2.0", "apiVersion": "1.60.0"}}),
        "/user-info" => json!({"user": {"id": 7, "userName": "ana", "email": "ana@lab.example"}}),
        "/user/7/workspaces" => json!({"orgsAndWorkspaces": [
            {"orgId": ORG, "orgName": "lab", "orgType": "pro"},
            {"orgId": ORG, "orgName": "lab", "workspaceId": WS, "workspaceName": "rnaseq",
             "workspaceFullName": "RNA-seq", "visibility": "PRIVATE", "roles": ["owner"]}]}),
        "/orgs" => json!({"organizations": [{"orgId": ORG, "name": "lab", "fullName": "The Lab",
            "memberRole": "owner", "type": "pro"}], "totalSize": 1}),
        "/orgs/1" => json!({"organization": {"orgId": ORG, "name": "lab", "fullName": "The Lab",
            "memberRole": "owner", "type": "pro"}}),
        // -1 is "no quota"; members left out entirely.
        "/orgs/1/quotas" => json!({"quotas": {"maxWorkspaces": -1, "maxTeams": -1,
            "maxParticipantsPerWorkspace": -1, "maxPipelinesPerWorkspace": -1,
            "maxLabelsPerWorkspace": -1}}),
        "/orgs/1/members" => json!({"members": [ana], "totalSize": 1}),
        "/orgs/1/collaborators" => json!({"members": [], "totalSize": 0}),
        "/orgs/1/teams" => json!({"teams": [{"teamId": 5, "name": "core", "membersCount": 1}],
            "totalSize": 1}),
        "/orgs/1/teams/5/members" => json!({"members": [ana], "totalSize": 1}),
        "/orgs/1/workspaces" => json!({"workspaces": [{"id": WS, "name": "rnaseq",
            "fullName": "RNA-seq", "visibility": "PRIVATE"}]}),
        p if p == ws => json!({"workspace": {"id": WS, "name": "rnaseq", "fullName": "RNA-seq",
            "visibility": "PRIVATE"}}),
        p if p == format!("{ws}/participants") => json!({"participants": [
            {"participantId": 1000, "memberId": 100, "userName": "ana", "email": "ana@lab.example",
             "wspRole": "owner", "orgRole": "owner", "type": "MEMBER"},
            {"participantId": 1001, "teamId": 5, "teamName": "core", "wspRole": "maintain",
             "type": "TEAM"}], "totalSize": 2}),
        p if p == format!("{ws}/settings/studios") => json!({"orgId": ORG, "wspId": WS,
            "lifespanHours": 8, "privateStudioByDefault": true}),
        "/pipelines" => json!({"pipelines": [{"pipelineId": 20, "name": "rnaseq",
            "repository": "https://github.com/nf-core/rnaseq", "workspaceId": WS,
            "visibility": "PRIVATE"}], "totalSize": 1}),
        "/pipelines/20" => json!({"pipeline": {"pipelineId": 20, "name": "rnaseq",
            "repository": "https://github.com/nf-core/rnaseq", "workspaceId": WS,
            "visibility": "PRIVATE"}}),
        "/pipelines/20/launch" => json!({"launch": launch()}),
        "/workflow" => runs_page(q),
        "/compute-envs" => json!({"computeEnvs": [
            {"id": "ce1", "name": "moab", "platform": "moab-platform", "status": "AVAILABLE",
             "workDir": "/scratch/work", "credentialsId": "cr1"},
            {"id": "ce2", "name": "quantum", "platform": "quantum-platform", "status": "AVAILABLE",
             "workDir": "/q/work"}]}),
        "/compute-envs/ce1" => json!({"computeEnv": {"id": "ce1", "name": "moab",
            "platform": "moab-platform", "config": {"discriminator": "moab-platform",
            "workDir": "/scratch/work"}, "credentialsId": "cr1", "status": "AVAILABLE"}}),
        "/credentials" => json!({"credentials": [{"id": "cr1", "name": "hpc-ssh",
            "provider": "ssh", "keys": {"discriminator": "ssh"}}]}),
        "/actions" => json!({"actions": [{"id": "a1", "name": "on-push",
            "pipeline": "https://github.com/nf-core/rnaseq", "source": "github",
            "status": "ACTIVE"}]}),
        "/actions/a1" => json!({"action": {"id": "a1", "name": "on-push", "source": "github",
            "status": "ACTIVE", "launch": launch()}}),
        "/labels" => json!({"labels": [{"id": 1, "name": "prod", "resource": false},
            {"id": 2, "name": "team", "value": "core", "resource": true, "isDefault": false}],
            "totalSize": 2}),
        _ => return None,
    })
}

async fn serve(State(fake): State<Fake>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    *fake.hits.lock().unwrap().entry(path.clone()).or_default() += 1;
    match answer(&path, &query(&req)) {
        Some(v) => axum::Json(v).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"message": "Not found"})),
        )
            .into_response(),
    }
}

async fn start() -> (Fake, String) {
    let fake = Fake::default();
    let app = Router::new().fallback(serve).with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (fake, url)
}

#[tokio::test]
async fn every_screen_reads_a_spec_shaped_server() {
    let (_fake, url) = start().await;
    let c = RemoteClient::new(&url, "token").unwrap();
    let scope = Scope::Workspace(WS);

    let orgs = c.list_orgs().await.unwrap();
    assert_eq!(orgs.len(), 1);
    let usage = c.org_usage(ORG).await.unwrap();
    // -1 quotas and a missing one are no limit, never "at most 0".
    assert!(
        !usage.workspaces.is_full() && !usage.members.is_full(),
        "{usage:?}"
    );
    assert_eq!(c.list_org_workspaces(ORG).await.unwrap().len(), 1);
    assert_eq!(
        c.list_members(ORG, Page::first(50))
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    assert_eq!(
        c.list_teams(ORG, Page::first(50))
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    let participants = c.list_participants(ORG, WS, Page::first(50)).await.unwrap();
    assert_eq!(participants.items.len(), 2);
    assert!(!c.participant_usage(ORG, WS).await.unwrap().is_full());

    let pipelines = c
        .list_pipelines(
            scope,
            PipelineQuery {
                visibility: PipelineVisibility::Private,
                page: Page::first(50),
                label: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(pipelines.items[0].name, "rnaseq");

    let envs = c.list_compute_envs(scope, None).await.unwrap();
    assert_eq!(envs.len(), 2, "an unknown platform does not abort the list");
    assert_eq!(envs[0].platform, Platform::Moab);
    assert_eq!(envs[1].platform, Platform::Other);
    assert_eq!(envs[1].platform_label(), "unknown(quantum-platform)");
    assert_eq!(envs[0].credentials_name.as_deref(), Some("hpc-ssh"));
    assert_eq!(c.list_credentials(scope, None).await.unwrap().len(), 1);

    let actions = c.list_actions(scope).await.unwrap();
    assert_eq!(
        actions.len(),
        1,
        "an opaque launch id does not abort the list"
    );
    assert_eq!(
        actions[0].pipeline_name,
        "https://github.com/nf-core/rnaseq"
    );
    assert_eq!(actions[0].launch.revision.as_deref(), Some("3.14.0"));
    assert_eq!(actions[0].launch.compute_env_id.as_deref(), Some("ce1"));

    let labels = c
        .list_labels(scope, LabelType::All, Page::first(100))
        .await
        .unwrap();
    assert_eq!(labels.items.len(), 2);
    let studios = c.studios_settings(scope).await.unwrap();
    assert_eq!(studios.lifespan_hours, 8);
}

#[tokio::test]
async fn the_runs_list_follows_short_pages_and_the_total() {
    let (fake, url) = start().await;
    let c = RemoteClient::new(&url, "token").unwrap();
    let got = c
        .list_runs(
            Scope::Workspace(WS),
            RunQuery {
                page: Page::first(100),
                status: None,
            },
        )
        .await
        .unwrap();
    assert_eq!((got.items.len(), got.total), (RUNS, RUNS as u64));
    assert_eq!(got.items[RUNS - 1].id, format!("run{:02}Xq", RUNS - 1));
    // 25 runs in pages of 10: three requests, not one per row.
    assert_eq!(fake.hits("/workflow"), RUNS.div_ceil(PAGE_SIZE));
}

#[tokio::test]
async fn export_writes_what_it_can_read_and_says_what_it_skipped() {
    let (_fake, url) = start().await;
    let c = RemoteClient::new(&url, "token").unwrap();
    let out =
        nfdeck::declarative::export::export_with_notes(&c, nfdeck::domain::changes::no_progress())
            .await
            .unwrap();
    assert!(out.text.contains("name = \"moab\""), "{}", out.text);
    assert!(out.text.contains("name = \"on-push\""), "{}", out.text);
    // The action names its pipeline by repository; the file by the pipeline's name.
    assert!(out.text.contains("pipeline = \"rnaseq\""), "{}", out.text);
    assert!(!out.text.contains("quantum"), "{}", out.text);
    assert!(
        out.skipped
            .iter()
            .any(|s| s.contains("quantum") && s.contains("quantum-platform")),
        "{:?}",
        out.skipped
    );
}

#[tokio::test]
async fn a_server_without_the_audit_log_says_so() {
    use nfdeck::client::SessionClient;
    let (_fake, url) = start().await;
    let c = RemoteClient::new(&url, "token").unwrap();
    let err = c.list_audit(Page::default()).await.unwrap_err();
    assert_eq!(err.kind, nfdeck::domain::ErrorKind::Unavailable);
    assert_eq!(err.message, "this server does not offer the audit log");
}

/// A Seqera-shaped audit log: the spec's fields only, one id that is not a number, and
/// nfdeck's own filter parameters ignored.
#[tokio::test]
async fn a_spec_shaped_audit_log_is_read_and_filtered_here() {
    use nfdeck::client::SessionClient;
    use nfdeck::domain::AuditFilter;
    let record = |id: &str, email: &str, event: &str, kind: &str| {
        json!({"id": id, "timestamp": "2026-03-10T12:00:00Z", "event": event,
            "actor": {"email": email, "type": "user", "userId": 7},
            "target": {"id": "w1", "name": "run-1", "type": kind,
                "state": {"newState": {"auditImageType": "workflow", "status": "SUCCEEDED"}}}})
    };
    let logs = json!({"auditLogs": [
        record("30", "ana@lab.example", "workflow_launched", "workflow"),
        record("not-a-number", "ana@lab.example", "workflow_created", "workflow"),
        record("10", "ben@lab.example", "access_token_created", "access_token"),
    ]});
    let app = Router::new().route(
        "/admin/audit-logs-v2",
        axum::routing::get(move || async move { axum::Json(logs) }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let c = RemoteClient::new(&url, "token").unwrap();
    let all = c.list_audit(Page::default()).await.unwrap();
    let ids: Vec<i64> = all.items.iter().map(|e| e.id).collect();
    assert_eq!(ids, [30, 10], "the record without a numeric id is left out");
    assert_eq!(all.items[0].action, "workflow_launched");
    assert_eq!(all.items[0].after.as_ref().unwrap()["status"], "SUCCEEDED");
    let ben = AuditFilter {
        who: Some("ben@".into()),
        ..AuditFilter::default()
    };
    let only_ben = c.audit_log(ben, Page::default()).await.unwrap();
    assert_eq!(only_ben.items.len(), 1);
    assert_eq!(only_ben.items[0].object_type, "access_token");
}

/// The TUI's Audit tab over a server without the audit log: the tab says so in place, once
/// (the refresh clock does not ask again), with no error message in the corner.
#[tokio::test]
async fn the_audit_tab_says_when_a_server_does_not_offer_the_log() {
    use nfdeck::client::SharedClient;
    use nfdeck::tui::app::{Model, update};
    use nfdeck::tui::effects::{Effect, perform};
    use nfdeck::tui::keys::{KeyBind, KeyTable};
    use nfdeck::tui::msg::Msg;
    use ratatui::crossterm::event::KeyEvent;
    use ratatui::layout::Rect;
    let (fake, url) = start().await;
    let client: SharedClient = Arc::new(RemoteClient::new(&url, "token").unwrap());
    let mut m = Model::new(KeyTable::defaults(), url, Rect::new(0, 0, 120, 40));
    // Runs the effects and their replies' effects; the clocks are left out.
    async fn settle(m: &mut Model, client: &SharedClient, fx: Vec<Effect>) {
        let mut queue: std::collections::VecDeque<Effect> = fx.into();
        while let Some(effect) = queue.pop_front() {
            if !matches!(effect, Effect::Timer { .. } | Effect::Poll { .. }) {
                queue.extend(update(m, perform(client.as_ref(), effect).await));
            }
        }
    }
    let fx = m.init();
    settle(&mut m, &client, fx).await;
    let bind: KeyBind = "9".parse().unwrap();
    let fx = update(&mut m, Msg::Key(KeyEvent::new(bind.code, bind.mods)));
    settle(&mut m, &client, fx).await;
    assert_eq!(
        m.audit.refused.as_deref(),
        Some("this server does not offer the audit log")
    );
    assert!(m.toasts.items.is_empty(), "{:?}", m.toasts.items);
    let asked = fake.hits("/admin/audit-logs-v2");
    assert_eq!(asked, 1);
    let fx = update(&mut m, Msg::Poll);
    settle(&mut m, &client, fx).await;
    assert_eq!(fake.hits("/admin/audit-logs-v2"), asked, "not asked again");
    assert_eq!(m.live.status(), None);
}
