use clap::Parser;
use std::process::ExitCode;

/// mimalloc (its v2 line) instead of the system allocator: `serve` answers on several threads
/// at once, and glibc's malloc spent about a fifth of a fresh page's CPU in allocation, arena
/// locks and consolidating freed blocks. The price is the terminal UI's peak memory, 70 MiB
/// instead of 29 on the large file (v3: 87; jemalloc: 60, and less CPU saved). BENCHMARKS.md,
/// "The allocator, and what holds PostgreSQL's writer".
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = nfdeck::cli::Cli::parse();
    nfdeck::commands::run(cli)
}
