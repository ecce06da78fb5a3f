//! Progress of a long `apply` or `export`, on stderr only (stdout carries the plan, or the
//! exported file when it goes to stdout). On a terminal, an `indicatif` bar that appears once
//! the work has taken more than a moment and is cleared at the end; otherwise (a log, a CI
//! job) a plain line at every tenth of the work, or every few seconds when the total is not
//! known, and only for work big enough to be worth it.

use crate::domain::changes::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long work runs before a bar appears (a quick apply shows none).
const BAR_AFTER: Duration = Duration::from_millis(500);
/// Plain lines are written only for work of at least this many steps (runs, changes).
const LINES_FROM: u64 = 1_000;
/// With no known total, a plain line at most this often.
const LINE_EVERY: Duration = Duration::from_secs(5);

/// Reports the progress of one command ("apply", "export") counted in `unit`.
#[derive(Clone)]
pub struct Reporter {
    inner: Arc<Mutex<Inner>>,
}

struct Inner {
    command: &'static str,
    unit: &'static str,
    started: Instant,
    out: Output,
}

enum Output {
    /// stderr is a terminal: a bar, hidden until `BAR_AFTER`.
    Bar { bar: ProgressBar, shown: bool },
    /// stderr is not a terminal: the last tenth written (or when the last line was).
    Lines { tenth: u64, last: Instant },
}

impl Reporter {
    /// A reporter on stderr: a bar on a terminal, plain lines otherwise.
    pub fn stderr(command: &'static str, unit: &'static str) -> Reporter {
        let out = if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            Output::Bar { bar, shown: false }
        } else {
            Output::Lines {
                tenth: 0,
                last: Instant::now(),
            }
        };
        Reporter {
            inner: Arc::new(Mutex::new(Inner {
                command,
                unit,
                started: Instant::now(),
                out,
            })),
        }
    }

    /// `(done, total)`; a total of 0 means not known yet.
    pub fn update(&self, done: u64, total: u64) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        inner.update(done, total);
    }

    /// The same reporter as the `Progress` an apply takes.
    pub fn progress(&self) -> Progress {
        let me = self.clone();
        Arc::new(move |done, total| me.update(done, total))
    }

    /// Runs `f` (which prints on the terminal) with the bar out of the way.
    pub fn suspend(&self, f: impl FnOnce()) {
        let bar = match self.inner.lock() {
            Ok(inner) => match &inner.out {
                Output::Bar { bar, .. } => Some(bar.clone()),
                Output::Lines { .. } => None,
            },
            Err(_) => None,
        };
        let print = || {
            f();
            let _ = std::io::stdout().flush();
        };
        match bar {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    /// Removes the bar (the terminal line is left clean for what is printed next).
    pub fn finish(&self) {
        if let Ok(inner) = self.inner.lock()
            && let Output::Bar { bar, .. } = &inner.out
        {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Output::Bar { bar, .. } = &self.out {
            bar.finish_and_clear();
        }
    }
}

impl Inner {
    fn update(&mut self, done: u64, total: u64) {
        let elapsed = self.started.elapsed();
        let (command, unit) = (self.command, self.unit);
        match &mut self.out {
            Output::Bar { bar, shown } => {
                if total > 0 && bar.length() != Some(total) {
                    bar.set_length(total);
                }
                bar.set_position(done);
                if !*shown && elapsed >= BAR_AFTER && (total == 0 || done < total) {
                    *shown = true;
                    bar.set_style(style(command, unit, total > 0));
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                }
            }
            Output::Lines { tenth, last } => {
                let line = if let Some(now) = done.saturating_mul(10).checked_div(total) {
                    if total < LINES_FROM || now <= *tenth {
                        return;
                    }
                    *tenth = now;
                    let percent = done.saturating_mul(100) / total;
                    format!("nfdeck {command}: {percent}% ({done}/{total} {unit})")
                } else {
                    if done < LINES_FROM || last.elapsed() < LINE_EVERY {
                        return;
                    }
                    format!("nfdeck {command}: {done} {unit}")
                };
                *last = Instant::now();
                let mut err = std::io::stderr().lock();
                let _ = writeln!(err, "{line}");
            }
        }
    }
}

fn style(command: &str, unit: &str, known_total: bool) -> ProgressStyle {
    let template = if known_total {
        format!("nfdeck {command} {{bar:30}} {{percent:>3}}% {{pos}}/{{len}} {unit}, {{eta}} left")
    } else {
        format!("nfdeck {command} {{spinner}} {{pos}} {unit}")
    };
    ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_bar())
}
