//! The refresh clock's state: how often to look for changes, the check that is out, the last
//! change stamp seen, and what the header says. `live` runs it over the model.

use super::effects::Effect;
use super::request::ReqId;
use std::time::Duration;

/// How often the change stamp is read (embedded: one small query).
pub const POLL: Duration = Duration::from_secs(1);
/// How often a backend without a stamp is reloaded, unless the config says otherwise.
pub const RELOAD: Duration = Duration::from_secs(5);

/// The refresh clock's state.
#[derive(Debug)]
pub struct Live {
    pub poll_every: Duration,
    /// For a backend without a change stamp (`refresh_seconds` in the config).
    pub reload_every: Duration,
    /// The stamp check that is out, if one is.
    pub(super) check: Option<ReqId>,
    /// The last stamp seen.
    pub(super) stamp: Option<u64>,
    /// The backend said it has no stamp: reload on `reload_every`.
    pub(super) stampless: bool,
    /// A reload this module started is still loading.
    pub refreshing: bool,
    /// The first error a reply of the current reload brought.
    pub(super) error: Option<String>,
    /// Why the last reload (or stamp check) failed; cleared by the next one that works.
    pub failed: Option<String>,
}

impl Default for Live {
    fn default() -> Self {
        Self {
            poll_every: POLL,
            reload_every: RELOAD,
            check: None,
            stamp: None,
            stampless: false,
            refreshing: false,
            error: None,
            failed: None,
        }
    }
}

impl Live {
    /// Sets the clock for a backend: an embedded store's stamp is read every second, a
    /// server is asked at the configured pace (`refresh_seconds`), not every second.
    pub fn pace(&mut self, refresh: Duration, embedded: bool) {
        self.reload_every = refresh;
        self.poll_every = if embedded { POLL } else { refresh };
    }

    /// The next tick of the clock.
    pub(super) fn next(&self) -> Effect {
        Effect::Poll {
            after: if self.stampless {
                self.reload_every
            } else {
                self.poll_every
            },
        }
    }

    /// What the header says, if anything.
    pub fn status(&self) -> Option<String> {
        match (&self.failed, self.refreshing) {
            (Some(why), _) => Some(format!("refresh failed: {why}")),
            (None, true) => Some("refreshing…".to_string()),
            (None, false) => None,
        }
    }
}
