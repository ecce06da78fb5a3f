//! The one event task: terminal input (crossterm's `EventStream`), resizes, the spinner clock
//! and stop signals (see `crate::signals`), merged into the model's channel as `Msg`s. Only key presses go through
//! (not releases or repeats reported as separate kinds), and mouse moves are dropped.

use super::msg::Msg;
use crate::signals::{self, Stop};
use futures::StreamExt;
use ratatui::crossterm::event::{Event, EventStream, KeyEventKind, MouseEventKind};
use std::sync::OnceLock;
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

/// The spinner's clock.
pub const TICK: Duration = Duration::from_millis(100);

/// Turns a terminal event into a message, or drops it.
pub fn translate(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => Some(Msg::Key(key)),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::Moved | MouseEventKind::Drag(_) | MouseEventKind::Up(_) => None,
            _ => Some(Msg::Mouse(mouse)),
        },
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Resize(width, height) => Some(Msg::Resize { width, height }),
        _ => None,
    }
}

/// Starts the event task; it ends when the receiver is gone or the terminal closes.
pub fn spawn(tx: UnboundedSender<Msg>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut events = EventStream::new();
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let stop = stop_signal();
        tokio::pin!(stop);
        loop {
            let msg = tokio::select! {
                event = events.next() => match event {
                    Some(Ok(event)) => match translate(event) {
                        Some(msg) => msg,
                        None => continue,
                    },
                    Some(Err(e)) => {
                        tracing::error!(error = %e, "cannot read the terminal");
                        Msg::Quit
                    }
                    None => Msg::Quit,
                },
                _ = tick.tick() => Msg::Tick,
                () = &mut stop => Msg::Quit,
                () = tx.closed() => break,
            };
            let last = matches!(msg, Msg::Quit);
            if tx.send(msg).is_err() || last {
                break;
            }
        }
    })
}

/// The stop signal that ended the UI, if one did (the command exits with 128 + its number
/// once the terminal is restored).
pub fn stopped_by() -> Option<Stop> {
    STOPPED_BY.get().copied()
}

static STOPPED_BY: OnceLock<Stop> = OnceLock::new();

/// Resolves when the process is asked to stop (SIGINT, SIGTERM, SIGHUP, SIGQUIT), after
/// noting which signal it was.
async fn stop_signal() {
    let stop = signals::stop_signal().await;
    tracing::info!(signal = stop.name, "stopping on a signal");
    let _ = STOPPED_BY.set(stop);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventState, KeyModifiers, MouseEvent};

    #[test]
    fn only_presses_pass() {
        let mut key = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE);
        assert!(matches!(translate(Event::Key(key)), Some(Msg::Key(_))));
        key.kind = KeyEventKind::Release;
        assert!(translate(Event::Key(key)).is_none());
        key.kind = KeyEventKind::Repeat;
        key.state = KeyEventState::NONE;
        assert!(translate(Event::Key(key)).is_none());
        let moved = MouseEvent {
            kind: MouseEventKind::Moved,
            column: 1,
            row: 1,
            modifiers: KeyModifiers::NONE,
        };
        assert!(translate(Event::Mouse(moved)).is_none());
        assert!(matches!(
            translate(Event::Resize(80, 24)),
            Some(Msg::Resize {
                width: 80,
                height: 24
            })
        ));
    }
}
