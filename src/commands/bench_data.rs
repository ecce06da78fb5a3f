//! `nfdeck bench-data --out PATH [--small]` (hidden): builds the large benchmark database.

use crate::cli::BenchDataArgs;
use crate::domain::{Error, Result};
use crate::engine::store::{self, generate};
use std::process::ExitCode;

pub fn run(args: &BenchDataArgs) -> Result<ExitCode> {
    if args.out.exists() {
        return Err(Error::invalid(format!(
            "{} exists; benchmark data goes into a new file",
            args.out.display()
        )));
    }
    let scale = if args.small {
        generate::Scale::small()
    } else {
        generate::Scale::large()
    };
    let db = store::db::Db::sqlite(store::open(&args.out)?);
    let s = generate::generate(&db, &scale)?;
    println!(
        "{}: {} users, {} orgs, {} workspaces, {} participants, {} pipelines, {} runs in {:.1} s",
        args.out.display(),
        s.users,
        s.orgs,
        s.workspaces,
        s.participants,
        s.pipelines,
        s.runs,
        s.elapsed.as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
