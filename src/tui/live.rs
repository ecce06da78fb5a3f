//! Keeping every list current without a key press. A poll clock (`Effect::Poll`, off the
//! drawing thread) asks the backend for its change stamp about once a second; when the stamp
//! moved, everything on screen loads again (`app::refresh_all`: lists keep their selection by
//! id). A backend without a stamp (a remote server) is reloaded every `reload_every` instead,
//! where conditional requests make an unchanged list a 304. Open run details of an active run
//! follow it the same way. The header shows "refreshing…" while such a reload is out and
//! "refresh failed: …" when it failed, in place of toasts.

use super::app::{Model, refresh_all};
use super::effects::Effect;
use super::overlay::Overlay;
use super::request::{Data, Load, ReqId};
use crate::domain::Result;
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
    check: Option<ReqId>,
    /// The last stamp seen.
    stamp: Option<u64>,
    /// The backend said it has no stamp: reload on `reload_every`.
    stampless: bool,
    /// A reload this module started is still loading.
    pub refreshing: bool,
    /// The first error a reply of the current reload brought.
    error: Option<String>,
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
    fn next(&self) -> Effect {
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

/// The first stamp check, sent with the first loads (so a change made while they load is
/// seen on the next check), which also starts the clock.
pub fn start(m: &mut Model, fx: &mut Vec<Effect>) {
    let req = m.req();
    m.live.check = Some(req);
    fx.push(Effect::Load {
        req,
        what: Load::Changes,
    });
}

/// The clock went off: look for changes (or, without a stamp, reload).
pub fn poll(m: &mut Model, fx: &mut Vec<Effect>) {
    if m.live.check.is_some() {
        return; // a check is out; its reply sets the next tick
    }
    if m.live.stampless {
        refresh(m, fx);
        fx.push(m.live.next());
        return;
    }
    start(m, fx);
}

/// The reply to a stamp check.
pub fn changes(m: &mut Model, req: ReqId, result: Result<Data>, fx: &mut Vec<Effect>) {
    if m.live.check != Some(req) {
        return;
    }
    m.live.check = None;
    match result {
        Ok(Data::Changes(Some(stamp))) => {
            let moved = m.live.stamp.is_some_and(|seen| seen != stamp);
            m.live.stamp = Some(stamp);
            if !m.live.refreshing {
                m.live.failed = None;
            }
            if moved {
                refresh(m, fx);
            }
        }
        Ok(Data::Changes(None)) => {
            // The first loads are under way already; the next tick reloads.
            m.live.stampless = true;
        }
        Ok(_) => {}
        Err(e) => m.live.failed = Some(e.message),
    }
    fx.push(m.live.next());
}

/// Loads again everything on screen, unless the last reload is still out (a slow backend
/// never gets a pile of them).
fn refresh(m: &mut Model, fx: &mut Vec<Effect>) {
    if m.live.refreshing && m.is_busy() {
        return;
    }
    m.live.refreshing = true;
    m.live.error = None;
    refresh_all(m, fx);
    follow_details(m, fx);
    settled(m);
}

/// Open run details of an active run load again (with their per-process progress).
fn follow_details(m: &mut Model, fx: &mut Vec<Effect>) {
    let Some(scope) = m.ctx().current_scope() else {
        return;
    };
    let mut loads = Vec::new();
    for overlay in &m.overlays {
        if let Overlay::Details(d) = overlay
            && d.follows()
        {
            loads.push(d.run.id.clone());
        }
    }
    for id in loads {
        let (run_req, processes_req) = (m.req(), m.req());
        for overlay in &mut m.overlays {
            if let Overlay::Details(d) = overlay
                && d.run.id == id
            {
                d.req = Some(run_req);
                d.processes_req = Some(processes_req);
            }
        }
        fx.push(Effect::Load {
            req: run_req,
            what: Load::Run {
                scope,
                id: id.clone(),
            },
        });
        fx.push(Effect::Load {
            req: processes_req,
            what: Load::RunProcesses { scope, id },
        });
    }
}

/// A reply arrived while a reload is out: remember its error, if any (the list shows it in
/// place too).
pub fn saw<T>(m: &mut Model, result: &Result<T>) {
    if m.live.refreshing
        && m.live.error.is_none()
        && let Err(e) = result
    {
        m.live.error = Some(e.message.clone());
    }
}

/// After a reply: once nothing is loading any more, the reload is over.
pub fn settled(m: &mut Model) {
    if m.live.refreshing && !m.is_busy() {
        m.live.refreshing = false;
        m.live.failed = m.live.error.take();
    }
}
