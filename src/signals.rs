//! The signals that ask nfdeck to stop (SIGINT, SIGTERM, SIGHUP, SIGQUIT), watched by every
//! long-running command, and the exit status a stop by one of them gives: 128 + its number,
//! what a shell reports for a program that a signal ended (130 for Ctrl-C, 143 for SIGTERM).
//! Catching them instead of dying lets each command first undo what it did to the terminal.

use std::process::ExitCode;

/// A stop signal that arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stop {
    /// The signal's number (2 SIGINT, 15 SIGTERM, 1 SIGHUP, 3 SIGQUIT).
    pub signo: u8,
    pub name: &'static str,
}

impl Stop {
    pub const INTERRUPT: Stop = Stop {
        signo: 2,
        name: "SIGINT",
    };
    pub const TERMINATE: Stop = Stop {
        signo: 15,
        name: "SIGTERM",
    };
    pub const HANGUP: Stop = Stop {
        signo: 1,
        name: "SIGHUP",
    };
    pub const QUIT: Stop = Stop {
        signo: 3,
        name: "SIGQUIT",
    };

    /// 128 + the signal's number.
    pub fn exit_code(self) -> ExitCode {
        ExitCode::from(128 + self.signo)
    }
}

/// The stop signals, watched from the moment this is created (a signal that arrives before
/// anyone waits is kept, not lost to the default action that would end the process).
pub struct Watch {
    #[cfg(unix)]
    signals: Vec<(tokio::signal::unix::Signal, Stop)>,
}

/// Starts watching the stop signals now; a signal that cannot be watched is left out.
pub fn watch() -> Watch {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let kinds = [
            (SignalKind::interrupt(), Stop::INTERRUPT),
            (SignalKind::terminate(), Stop::TERMINATE),
            (SignalKind::hangup(), Stop::HANGUP),
            (SignalKind::quit(), Stop::QUIT),
        ];
        Watch {
            signals: kinds
                .into_iter()
                .filter_map(|(kind, stop)| Some((signal(kind).ok()?, stop)))
                .collect(),
        }
    }
    #[cfg(not(unix))]
    {
        Watch {}
    }
}

impl Watch {
    /// Resolves with the first stop signal; never, if none could be watched.
    pub async fn stopped(self) -> Stop {
        #[cfg(unix)]
        {
            let waits = self.signals.into_iter().map(|(mut signal, stop)| {
                Box::pin(async move {
                    signal.recv().await;
                    stop
                })
            });
            let waits: Vec<_> = waits.collect();
            if waits.is_empty() {
                return std::future::pending().await;
            }
            futures::future::select_all(waits).await.0
        }
        #[cfg(not(unix))]
        {
            match tokio::signal::ctrl_c().await {
                Ok(()) => Stop::INTERRUPT,
                Err(_) => std::future::pending().await,
            }
        }
    }
}

/// Resolves with the first stop signal that arrives after it is first polled.
pub async fn stop_signal() -> Stop {
    watch().stopped().await
}

/// Runs `work` until it finishes or a stop signal arrives, whichever comes first. The signals
/// are watched before `work` starts.
pub async fn until_stopped<T>(work: impl Future<Output = T>) -> Result<T, Stop> {
    let stop = watch().stopped();
    tokio::select! {
        s = stop => Err(s),
        out = work => Ok(out),
    }
}
