//! Which stores a benchmark measures (`NFDECK_BENCH_STORES`, default `sqlite,postgres`), and a
//! PostgreSQL database filled with the same generated data as the SQLite files, on a throwaway
//! cluster the tests' helper starts (`tests/pg_support.rs`: `initdb` into a temporary folder,
//! a Unix socket only, removed when the benchmark exits). `NFDECK_PG_DURABLE=1` starts it with
//! fsync and synchronous commits on, as a production server runs.

use super::pg_support;
use nfdeck::engine::store::{self, generate};
use std::time::Instant;

/// The stores to measure, in order: "sqlite" and/or "postgres".
pub fn selected() -> Vec<String> {
    std::env::var("NFDECK_BENCH_STORES")
        .unwrap_or_else(|_| "sqlite,postgres".into())
        .split(',')
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| s == "sqlite" || s == "postgres")
        .collect()
}

/// A fresh PostgreSQL database holding the generated data of `size` ("small" or "large"), as
/// a `--db` value; `None`, after saying how to enable it, when PostgreSQL is not available.
///
/// `NFDECK_BENCH_PG_DB=<--db value>` uses that database as it is instead (filling the large
/// file's data takes about 15 minutes): one a previous run filled, on a server started with
/// `NFDECK_TEST_PG`. Each run adds its pipelines' runs to it.
pub fn postgres(size: &str) -> Option<String> {
    if let Ok(url) = std::env::var("NFDECK_BENCH_PG_DB") {
        println!("PostgreSQL: the database given by NFDECK_BENCH_PG_DB, as it is");
        return Some(url);
    }
    let Some(url) = pg_support::database() else {
        println!(
            "PostgreSQL is not available: its part of this benchmark is skipped ({})",
            pg_support::HOW_TO_ENABLE
        );
        return None;
    };
    let scale = match size {
        "large" => generate::Scale::large(),
        _ => generate::Scale::small(),
    };
    let started = Instant::now();
    // On a thread of its own: the synchronous PostgreSQL client must not run on the runtime.
    let target = url.clone();
    let summary = std::thread::spawn(move || {
        let db = store::open_postgres(&target).expect("open the benchmark PostgreSQL database");
        generate::generate(&db, &scale).expect("generate bench data into PostgreSQL")
    })
    .join()
    .expect("generate into PostgreSQL");
    let durability = match pg_support::durable() {
        true => "fsync and synchronous_commit on: NFDECK_PG_DURABLE",
        false => "fsync and synchronous_commit off",
    };
    println!(
        "PostgreSQL: {size} data loaded in {:.1} s ({} participants, {} runs); cluster from the tests' helper ({durability})",
        started.elapsed().as_secs_f64(),
        summary.participants,
        summary.runs
    );
    Some(url)
}

/// The PostgreSQL server's main process, whose children are the connections' backends (to
/// count the database's CPU time); `None` for a server the benchmark did not start.
pub fn postgres_pid() -> Option<u32> {
    pg_support::postmaster_pid()
}

/// `NFDECK_BENCH_PG_STATEMENTS=1`: where PostgreSQL spent its time, statement by statement.
/// Needs the cluster started with the module loaded:
/// `NFDECK_PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements"`.
pub fn statements_wanted() -> bool {
    std::env::var("NFDECK_BENCH_PG_STATEMENTS").is_ok_and(|v| v == "1")
}

/// Forgets the statements counted so far (the data load's), so that `print_statements`
/// shows the measured load only.
pub fn reset_statements(url: &str) {
    on_a_thread(url, |db| {
        db.batch_execute(
            "CREATE EXTENSION IF NOT EXISTS pg_stat_statements SCHEMA public;
             SELECT public.pg_stat_statements_reset();",
        )
    });
}

/// The statements that took the most of PostgreSQL's time (executing and planning).
pub fn print_statements(url: &str) {
    on_a_thread(url, |db| {
        let rows = db.query(
            "SELECT calls, total_exec_time, total_plan_time, plans, max_exec_time,
                    left(regexp_replace(query, '\\s+', ' ', 'g'), 100)
               FROM public.pg_stat_statements
              ORDER BY total_exec_time + total_plan_time DESC LIMIT 15",
            &[],
        )?;
        println!("PostgreSQL's statements   calls  exec ms  plan ms  plans  max ms  statement");
        for r in rows {
            let (calls, exec, plan, plans, max, text): (i64, f64, f64, i64, f64, String) =
                (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5));
            println!(
                "{:>32} {exec:>8.1} {plan:>8.1} {plans:>6} {max:>7.2}  {text}",
                calls
            );
        }
        Ok(())
    });
}

/// The synchronous PostgreSQL client must not run on the benchmark's runtime.
fn on_a_thread(
    url: &str,
    f: impl FnOnce(&mut postgres::Client) -> Result<(), postgres::Error> + Send + 'static,
) {
    let url = url.to_owned();
    let outcome = std::thread::spawn(move || {
        let mut db = postgres::Client::connect(&url, postgres::NoTls)?;
        f(&mut db)
    })
    .join()
    .expect("statements thread");
    if let Err(e) = outcome {
        println!(
            "pg_stat_statements is not available ({e}): start the cluster with NFDECK_PG_OPTIONS=\"-c shared_preload_libraries=pg_stat_statements\""
        );
    }
}
