//! A used database round-trips: whatever state the engine reaches through the operations the
//! terminal UI and the server make, `export` writes a file that applies to an empty database
//! and exports identically. And a refused operation changes nothing.

use super::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// export -> apply into an empty database -> export: the same file.
async fn assert_round_trips(client: &EmbeddedClient, context: &str) {
    let exported = export(client)
        .await
        .unwrap_or_else(|e| panic!("{context}: export: {e}"));
    let fresh = operator_client();
    apply(&fresh, &exported)
        .await
        .unwrap_or_else(|e| panic!("{context}: applying the export failed: {e}"));
    let again = export(&fresh).await.unwrap();
    if again != exported {
        let first_difference = again
            .lines()
            .zip(exported.lines())
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("exported: {b}\nre-exported: {a}"));
        panic!("{context}: the re-export differs\n{first_difference:?}");
    }
}

async fn demo() -> EmbeddedClient {
    let client = operator_client();
    apply(&client, DEMO_TOML).await.unwrap();
    client
}

async fn biolab(client: &EmbeddedClient) -> (OrgId, Vec<Workspace>) {
    let org = client
        .list_orgs()
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.name == "biolab")
        .unwrap();
    (org.id, client.list_org_workspaces(org.id).await.unwrap())
}

async fn runs_with(client: &EmbeddedClient, scope: Scope, status: WorkflowStatus) -> Vec<Run> {
    let query = RunQuery {
        page: Page::first(100),
        status: Some(status),
    };
    client.list_runs(scope, query).await.unwrap().items
}

#[tokio::test]
async fn a_cancelled_run_is_consistent_and_round_trips() {
    let client = demo().await;
    let scope = scope_of(&client, "biolab", "rnaseq").await;
    let running = runs_with(&client, scope, WorkflowStatus::Running).await;
    let run = running.first().expect("a RUNNING demo run");
    assert!(run.progress.running + run.progress.pending > 0, "{run:?}");
    let cancelled = client.cancel_run(scope, run.id.clone()).await.unwrap();
    assert_eq!(cancelled.status, WorkflowStatus::Cancelled);
    let c = cancelled.progress;
    assert_eq!((c.pending, c.submitted, c.running), (0, 0, 0), "{c:?}");
    assert_eq!(c.percent_done(), 100, "what is left of it is done");
    let listed = runs_with(&client, scope, WorkflowStatus::Cancelled).await;
    assert!(listed.iter().any(|r| r.id == run.id && r.progress == c));
    assert_round_trips(&client, "after cancelling a run").await;
}

#[tokio::test]
async fn a_compute_env_that_is_used_cannot_go_and_says_by_what() {
    let client = demo().await;
    let scope = scope_of(&client, "biolab", "shared-pipelines").await;
    let pipelines = client
        .list_pipelines(scope, PipelineQuery::default())
        .await
        .unwrap()
        .items;
    let used = pipelines
        .iter()
        .find_map(|p| p.compute_env_id.clone())
        .expect("a pipeline with its own compute env");
    let env = client.get_compute_env(scope, used.clone()).await.unwrap();
    let before = export(&client).await.unwrap();
    let refused = client
        .delete_compute_env(scope, used.clone())
        .await
        .unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Conflict);
    assert!(
        refused
            .message
            .contains(&format!("compute env '{}' cannot be deleted", env.name))
            && refused.message.contains("pipeline '"),
        "{refused}"
    );
    assert_eq!(
        export(&client).await.unwrap(),
        before,
        "refusals change nothing"
    );
}

#[tokio::test]
async fn the_last_available_compute_env_of_a_workspace_with_actions_stays() {
    let client = demo().await;
    let scope = scope_of(&client, "biolab", "shared-pipelines").await;
    assert!(!client.list_actions(scope).await.unwrap().is_empty());
    let mut refused = None;
    // Free every environment from its pipelines and actions, then take them away one by
    // one: the last AVAILABLE one is refused, naming the actions.
    for p in client
        .list_pipelines(scope, PipelineQuery::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|p| !p.shared)
    {
        client.delete_pipeline(scope, p.id).await.unwrap();
    }
    for a in client.list_actions(scope).await.unwrap() {
        if a.launch.compute_env_id.is_some() {
            client.delete_action(scope, a.id).await.unwrap();
        }
    }
    for env in client.list_compute_envs(scope, None).await.unwrap() {
        if let Err(e) = client.delete_compute_env(scope, env.id.clone()).await {
            refused = Some(e);
        }
    }
    let actions = client.list_actions(scope).await.unwrap();
    if actions.is_empty() {
        assert!(refused.is_none(), "{refused:?}");
    } else {
        let e = refused.expect("the last AVAILABLE compute env is refused");
        assert!(e.message.contains("last AVAILABLE compute env"), "{e}");
    }
    assert_round_trips(&client, "after taking compute envs away").await;
}

/// One operation as the terminal UI or the server makes it, on a random object of biolab.
async fn random_operation(client: &EmbeddedClient, rng: &mut StdRng) -> Result<String> {
    let (org, workspaces) = biolab(client).await;
    let ws = &workspaces[rng.random_range(0..workspaces.len())];
    let scope = Scope::Workspace(ws.id);
    let pick = |n: usize, rng: &mut StdRng| rng.random_range(0..n.max(1));
    Ok(match rng.random_range(0..14) {
        0 => {
            let runs = runs_with(client, scope, WorkflowStatus::Running).await;
            let Some(run) = runs.get(pick(runs.len(), rng)) else {
                return Ok("no run to cancel".into());
            };
            client.cancel_run(scope, run.id.clone()).await?;
            format!("cancel run {} in {}", run.run_name, ws.name)
        }
        n @ 1..=3 => {
            let envs = client.list_compute_envs(scope, None).await?;
            let Some(env) = envs.get(pick(envs.len(), rng)) else {
                return Ok("no compute env".into());
            };
            let what = match n {
                1 => client
                    .delete_compute_env(scope, env.id.clone())
                    .await
                    .map(drop),
                2 if env.status == ComputeEnvStatus::Available => client
                    .disable_compute_env(scope, env.id.clone())
                    .await
                    .map(drop),
                2 => client
                    .enable_compute_env(scope, env.id.clone())
                    .await
                    .map(drop),
                _ => client.make_primary(scope, env.id.clone()).await.map(drop),
            };
            what?;
            format!("compute env op {n} on {} in {}", env.name, ws.name)
        }
        4 => {
            let pipelines = client
                .list_pipelines(scope, PipelineQuery::default())
                .await?
                .items;
            let Some(p) = pipelines
                .iter()
                .filter(|p| !p.shared)
                .nth(pick(pipelines.len(), rng))
            else {
                return Ok("no pipeline".into());
            };
            client.delete_pipeline(scope, p.id).await?;
            format!("delete pipeline {} in {}", p.name, ws.name)
        }
        n @ 5..=6 => {
            let actions = client.list_actions(scope).await?;
            let Some(a) = actions.get(pick(actions.len(), rng)) else {
                return Ok("no action".into());
            };
            if n == 5 {
                client.delete_action(scope, a.id.clone()).await?;
            } else if a.status == ActionStatus::Paused {
                client.resume_action(scope, a.id.clone()).await?;
            } else {
                client.pause_action(scope, a.id.clone()).await?;
            }
            format!("action op {n} on {} in {}", a.name, ws.name)
        }
        n @ 7..=8 => {
            let parts = client
                .list_participants(org, ws.id, Page::first(100))
                .await?
                .items;
            let Some(p) = parts.get(pick(parts.len(), rng)) else {
                return Ok("no participant".into());
            };
            if n == 7 {
                let role = WspRole::ALL[pick(WspRole::ALL.len(), rng)];
                client
                    .set_participant_role(org, ws.id, p.id, role.into())
                    .await?;
            } else {
                client.remove_participant(org, ws.id, p.id).await?;
            }
            format!("participant op {n} on {} in {}", p.id, ws.name)
        }
        9 => {
            let mut fields = WorkspaceFields::from(ws);
            fields.visibility = match fields.visibility {
                Visibility::Shared => Visibility::Private,
                _ => Visibility::Shared,
            };
            client.update_workspace(org, ws.id, fields).await?;
            format!("toggle the visibility of {}", ws.name)
        }
        10 => {
            let labels = client
                .list_labels(scope, LabelType::Simple, Page::first(100))
                .await?
                .items;
            let Some(l) = labels.get(pick(labels.len(), rng)) else {
                return Ok("no label".into());
            };
            client.delete_label(scope, l.id).await?;
            format!("delete label {} in {}", l.name, ws.name)
        }
        11 => {
            let teams = client.list_teams(org, Page::first(100)).await?.items;
            let Some(t) = teams.get(pick(teams.len(), rng)) else {
                return Ok("no team".into());
            };
            client.delete_team(org, t.id).await?;
            format!("delete team {}", t.name)
        }
        12 => {
            let members = client.list_members(org, Page::first(100)).await?.items;
            let Some(m) = members.get(pick(members.len(), rng)) else {
                return Ok("no member".into());
            };
            client.remove_member(org, m.member_id).await?;
            format!("remove member {}", m.email)
        }
        _ => {
            let creds = client.list_credentials(scope, None).await?;
            let Some(c) = creds.get(pick(creds.len(), rng)) else {
                return Ok("no credentials".into());
            };
            client.delete_credentials(scope, c.id.clone()).await?;
            format!("delete credentials {} in {}", c.name, ws.name)
        }
    })
}

/// Random sequences of operations on the demo data: after each refusal the state is as it
/// was, and after every sequence export -> apply -> export is equal.
#[tokio::test]
async fn random_operations_on_the_demo_always_round_trip() {
    // NFDECK_PROPERTY_SEEDS=200 explores further (each seed is a fresh demo, 25 operations).
    let seeds = std::env::var("NFDECK_PROPERTY_SEEDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(6u64);
    for seed in 0..seeds {
        let client = demo().await;
        let mut rng = StdRng::seed_from_u64(seed);
        let mut done = Vec::new();
        for _ in 0..25 {
            let before = export(&client).await.unwrap();
            match random_operation(&client, &mut rng).await {
                Ok(what) => done.push(what),
                Err(refused) => {
                    assert!(
                        refused.kind != ErrorKind::Internal,
                        "seed {seed}, after {done:?}: {refused}"
                    );
                    let after = export(&client).await.unwrap();
                    assert_eq!(
                        after, before,
                        "seed {seed}: a refusal changed something: {refused}"
                    );
                    done.push(format!("refused: {refused}"));
                }
            }
        }
        assert_round_trips(&client, &format!("seed {seed}, after {done:#?}")).await;
    }
}
