//! Shared by the benchmarks: the generated databases (built on first use, kept in
//! `target/bench-data/`, or `NFDECK_BENCH_DIR`) and the names the generator gives things.

#![allow(dead_code)]

use nfdeck::engine::store::{self, generate};
use std::path::PathBuf;

/// The operator the benchmarks act as where they need root rights (created on first use).
pub const OPERATOR: &str = "bench-operator@localhost";
pub const OWNER: &str = "user00000@bench.example";
/// A plain member of org-00 in two teams: their effective role takes every kind of grant.
pub const MEMBER: &str = "user00001@bench.example";

/// The benchmark database of this size ("small" or "large"), generated if missing.
pub fn database(size: &str) -> PathBuf {
    let dir = std::env::var_os("NFDECK_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data"));
    std::fs::create_dir_all(&dir).expect("bench data directory");
    let path = dir.join(format!("{size}.db"));
    if !path.exists() {
        let scale = match size {
            "large" => generate::Scale::large(),
            _ => generate::Scale::small(),
        };
        let partial = dir.join(format!("{size}.db.partial"));
        let _ = std::fs::remove_file(&partial);
        let db = store::db::Db::sqlite(store::open(&partial).expect("open bench database"));
        let summary = generate::generate(&db, &scale).expect("generate bench data");
        drop(db);
        std::fs::rename(&partial, &path).expect("move bench database into place");
        eprintln!(
            "generated {} in {:.1} s: {summary:?}",
            path.display(),
            summary.elapsed.as_secs_f64()
        );
    }
    path
}

pub mod nginx;
#[path = "../../tests/pg_support.rs"]
pub mod pg_support;
pub mod server;
pub mod stores;

pub const SIZES: [&str; 2] = ["small", "large"];
