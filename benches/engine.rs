//! Engine queries on the large file (10,000 workspaces, 100,000 participants, 50,000 pipelines,
//! 1,000,000 runs) against the small one (a hundredth): each group measures both sizes, so the
//! result is a ratio as well as a time. Targets: under 1 ms, ratio at most 2.

mod support;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use nfdeck::domain::launchpad::{PipelineQuery, PipelineVisibility};
use nfdeck::domain::runs::{RunQuery, WorkflowStatus};
use nfdeck::domain::{Page, Scope};
use nfdeck::engine::store::generate::{HOT_ORG, HOT_WORKSPACE};
use nfdeck::engine::{Actor, Engine};
use std::hint::black_box;

struct Fixture {
    engine: Engine,
    /// Root rights: sees every workspace of every org (what start-up lists for the operator).
    operator: Actor,
    owner: Actor,
    member: Actor,
    org: i64,
    ws: i64,
}

fn fixture(size: &str) -> Fixture {
    let mut engine = Engine::open(&support::database(size)).expect("open");
    let operator = engine.operator(support::OPERATOR).expect("operator");
    let owner = engine.act_as(support::OWNER).expect("owner");
    let member = engine.act_as(support::MEMBER).expect("member");
    let (org, ws) = engine
        .read(&owner, |cx| {
            let org = cx.org_by_name(HOT_ORG)?;
            let ws = cx.workspace_named(org.id, HOT_WORKSPACE)?;
            Ok((org.id, ws.id))
        })
        .expect("hot workspace");
    Fixture {
        engine,
        operator,
        owner,
        member,
        org,
        ws,
    }
}

fn queries(c: &mut Criterion) {
    let fixtures: Vec<(&str, Fixture)> = support::SIZES.iter().map(|s| (*s, fixture(s))).collect();

    let mut group = c.benchmark_group("participants_page");
    for (size, f) in &fixtures {
        group.bench_with_input(BenchmarkId::from_parameter(size), f, |b, f| {
            b.iter(|| {
                f.engine
                    .read(&f.owner, |cx| {
                        cx.list_participants(f.org, f.ws, &Page::first(100))
                    })
                    .map(|p| black_box(p.items.len()))
                    .expect("participants")
            })
        });
    }
    group.finish();

    // Not a one-page query: every workspace (10,000 on the large file), as start-up loads them.
    let mut group = c.benchmark_group("workspaces_all_operator");
    for (size, f) in &fixtures {
        group.bench_with_input(BenchmarkId::from_parameter(size), f, |b, f| {
            b.iter(|| {
                f.engine
                    .read(&f.operator, |cx| cx.list_workspaces())
                    .map(|w| black_box(w.len()))
                    .expect("workspaces")
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("effective_role");
    for (size, f) in &fixtures {
        group.bench_with_input(BenchmarkId::from_parameter(size), f, |b, f| {
            b.iter(|| {
                f.engine
                    .read(&f.member, |cx| cx.workspace(f.ws))
                    .map(|w| black_box(w.my_role.role()))
                    .expect("role")
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("launchpad_all");
    for (size, f) in &fixtures {
        let query = PipelineQuery {
            visibility: PipelineVisibility::All,
            page: Page::first(100),
            label: None,
        };
        group.bench_with_input(BenchmarkId::from_parameter(size), f, |b, f| {
            b.iter(|| {
                f.engine
                    .read(&f.owner, |cx| {
                        cx.list_pipelines(Scope::Workspace(f.ws), &query)
                    })
                    .map(|p| black_box(p.items.len()))
                    .expect("pipelines")
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("runs_page_by_status");
    for (size, f) in &fixtures {
        let query = RunQuery {
            page: Page::first(50),
            status: Some(WorkflowStatus::Failed),
        };
        group.bench_with_input(BenchmarkId::from_parameter(size), f, |b, f| {
            b.iter(|| {
                f.engine
                    .read(&f.owner, |cx| cx.list_runs(Scope::Workspace(f.ws), &query))
                    .map(|p| black_box(p.items.len()))
                    .expect("runs")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, queries);
criterion_main!(benches);
