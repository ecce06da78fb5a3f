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
    keep_memory_in_small_pages();
    let cli = nfdeck::cli::Cli::parse();
    nfdeck::commands::run(cli)
}

/// mimalloc marks its memory for transparent huge pages (`madvise`) and gives freed memory back
/// to the kernel after 10 ms; touching it again then faults in a whole 2 MiB page, zeroed (and
/// compacted for, first, if memory is fragmented) in the middle of a request. Under the trace
/// load that was about 5% of `serve`'s CPU, and turning it off roughly halved the worst
/// latencies on PostgreSQL (BENCHMARKS.md, "Huge pages off"). This is what mimalloc's own
/// `MIMALLOC_ALLOW_THP=0` does, for every thread and mapping of the process, including those
/// made before `main`.
#[cfg(target_os = "linux")]
fn keep_memory_in_small_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours; if the
    // kernel refuses it, memory is used as before.
    let _ = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
}

#[cfg(not(target_os = "linux"))]
fn keep_memory_in_small_pages() {}
