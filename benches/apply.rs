//! `apply` of a file with many runs into a fresh database: the small size against ten times
//! as many runs. Importing history must grow linearly, so the ratio printed at the end must be
//! about 10 (it was about 60 for 5x the runs before the plan stopped searching every run of the
//! workspace for each run of the file).
//!
//! `NFDECK_BENCH_APPLY_RUNS` sets the small size (default 10,000; the large one is ten times
//! that): `NFDECK_BENCH_APPLY_RUNS=1000 cargo bench --bench apply` takes seconds.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use nfdeck::client::embedded::EmbeddedClient;
use nfdeck::commands::apply_text_with;
use nfdeck::engine::Engine;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const OPERATOR: &str = "bench-operator@localhost";
const STATUSES: [&str; 3] = ["SUCCEEDED", "FAILED", "CANCELLED"];

/// One org, one workspace with a pipeline, and `runs` finished runs of it, a minute apart.
fn file_with_runs(runs: usize) -> String {
    let mut text = String::from(
        "[[orgs]]\nname = \"bench\"\nfull_name = \"Bench\"\ntier = \"pro\"\nowners = [\"bench-operator@localhost\"]\n\n\
         [[orgs.workspaces]]\nname = \"history\"\nfull_name = \"History\"\nruns = [\n",
    );
    let start = chrono::DateTime::parse_from_rfc3339("2020-01-01T00:00:00Z").unwrap();
    for i in 0..runs {
        let submit = start + chrono::Duration::minutes(i as i64);
        let _ = writeln!(
            text,
            "  {{ pipeline = \"hello\", run_name = \"run_{i:07}\", status = \"{}\", submit = \"{}\", duration_s = {}, succeeded = {}, cpu_hours = 1.5 }},",
            STATUSES[i % 3],
            submit.format("%Y-%m-%dT%H:%M:%SZ"),
            60 + i % 600,
            i % 50,
        );
    }
    text.push_str(
        "]\n\n[[orgs.workspaces.pipelines]]\nname = \"hello\"\nrepository = \"https://github.com/nextflow-io/hello\"\n",
    );
    text
}

/// Applies `text` to a new database file; returns the time of the apply alone.
fn apply_fresh(runtime: &tokio::runtime::Runtime, text: &str) -> Duration {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut engine = Engine::open(&dir.path().join("apply.db")).expect("open");
    let operator = engine.operator(OPERATOR).expect("operator");
    let client = EmbeddedClient::new(engine, operator);
    let no_secrets = |_: &str| None;
    let started = Instant::now();
    runtime
        .block_on(apply_text_with(
            &client,
            text,
            "bench.toml",
            false,
            false,
            &no_secrets,
            &mut |_| {},
        ))
        .expect("apply");
    started.elapsed()
}

fn small_size() -> usize {
    std::env::var("NFDECK_BENCH_APPLY_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

fn apply_runs(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let small = small_size();
    let sizes = [small, small * 10];
    let times: Mutex<BTreeMap<usize, Vec<Duration>>> = Mutex::new(BTreeMap::new());
    let mut group = c.benchmark_group("apply_runs");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(1));
    for runs in sizes {
        let text = file_with_runs(runs);
        group.bench_with_input(BenchmarkId::from_parameter(runs), &text, |b, text| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let t = apply_fresh(&runtime, text);
                    times.lock().unwrap().entry(runs).or_default().push(t);
                    total += t;
                }
                total
            })
        });
    }
    group.finish();
    let times = times.into_inner().unwrap();
    let median = |runs: usize| {
        let mut t = times[&runs].clone();
        t.sort();
        t[t.len() / 2]
    };
    let (a, b) = (median(sizes[0]), median(sizes[1]));
    println!(
        "apply_runs: {} runs {:.3} s, {} runs {:.3} s (medians), ratio {:.1} (linear: 10)",
        sizes[0],
        a.as_secs_f64(),
        sizes[1],
        b.as_secs_f64(),
        b.as_secs_f64() / a.as_secs_f64()
    );
}

criterion_group!(benches, apply_runs);
criterion_main!(benches);
