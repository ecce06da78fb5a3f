//! Tracing to a log file in the data directory, never to the screen (the terminal UI owns it).

use std::path::Path;
use tracing_subscriber::EnvFilter;

/// Keeps the background log writer alive; logs are flushed when it drops.
pub struct LogGuard(#[allow(dead_code)] Option<tracing_appender::non_blocking::WorkerGuard>);

/// Starts logging to `file` at `level` (or `NFDECK_LOG`). A log file that cannot be opened
/// leaves logging off rather than failing the command.
pub fn init(file: &Path, level: &str) -> LogGuard {
    let Some(dir) = file.parent() else {
        return LogGuard(None);
    };
    if std::fs::create_dir_all(dir).is_err() {
        return LogGuard(None);
    }
    let Ok(handle) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
    else {
        return LogGuard(None);
    };
    let (writer, guard) = tracing_appender::non_blocking(handle);
    let filter = EnvFilter::try_from_env("NFDECK_LOG")
        .or_else(|_| EnvFilter::try_new(format!("nfdeck={level}")))
        .unwrap_or_else(|_| EnvFilter::new("nfdeck=info"));
    let installed = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .is_ok();
    LogGuard(installed.then_some(guard))
}
