use clap::Parser;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: `serve` answers on several threads at once, and
/// glibc's malloc spent about a fifth of a fresh page's CPU in allocation, arena locks and
/// consolidating freed blocks (BENCHMARKS.md, "Allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = nfdeck::cli::Cli::parse();
    nfdeck::commands::run(cli)
}
