//! The start-up probe behind the hidden `--first-frame` flag: it notes when the process
//! started, when the first frame was drawn and when the first screen's data was drawn, so
//! start-up can be timed from outside (`hyperfine`, `/usr/bin/time`) and from inside. See
//! BENCHMARKS.md.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

static STARTED: OnceLock<Instant> = OnceLock::new();

/// Notes the start of the process (the first thing `commands::run` does).
pub fn mark_start() {
    STARTED.get_or_init(Instant::now);
}

fn since_start() -> Duration {
    STARTED.get_or_init(Instant::now).elapsed()
}

/// What the probe saw.
#[derive(Debug, Default)]
pub struct Probe {
    /// The first frame (the shell, its lists still loading).
    pub first_frame: Option<Duration>,
    /// The first frame with nothing left loading.
    pub loaded: Option<Duration>,
    /// Rows of the Workspaces list in that frame.
    pub rows: usize,
}

impl Probe {
    /// Records a frame just drawn; true once the screen's data is in (the UI may stop).
    pub fn frame_drawn(&mut self, busy: bool, rows: usize) -> bool {
        let now = since_start();
        self.first_frame.get_or_insert(now);
        if busy {
            return false;
        }
        self.loaded = Some(now);
        self.rows = rows;
        true
    }

    /// One line for stderr: "first frame 8.1 ms, data drawn 41.7 ms (10020 rows) after start".
    pub fn report(&self) -> String {
        let ms = |d: Option<Duration>| {
            d.map(|d| format!("{:.1} ms", d.as_secs_f64() * 1000.0))
                .unwrap_or_else(|| "never".into())
        };
        format!(
            "first frame {}, data drawn {} ({} rows) after start",
            ms(self.first_frame),
            ms(self.loaded),
            self.rows
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probe_stops_once_nothing_loads() {
        let mut p = Probe::default();
        assert!(!p.frame_drawn(true, 0));
        assert!(p.first_frame.is_some() && p.loaded.is_none());
        assert!(p.report().contains("data drawn never"));
        assert!(p.frame_drawn(false, 12));
        assert!(p.loaded >= p.first_frame);
        assert!(p.report().contains("(12 rows)"));
    }
}
