//! The one message type: everything that can change the model arrives as a `Msg`, from the
//! terminal (keys, mouse, paste, resize), the clock (spinner ticks) or the effects driver
//! (replies to client calls).

use super::request::{Load, Mutation};
use crate::domain::Result;
// Re-exported: the replies' types live in `request`, beside the requests.
pub use super::request::{Data, Outcome, ReqId};
use ratatui::crossterm::event::{KeyEvent, MouseEvent};

#[derive(Debug)]
pub enum Msg {
    /// A key press (releases and repeats are filtered out at the source).
    Key(KeyEvent),
    Mouse(MouseEvent),
    /// Bracketed paste: the pasted text in one piece.
    Paste(String),
    Resize {
        width: u16,
        height: u16,
    },
    /// The spinner clock (every 100 ms).
    Tick,
    /// A signal asked nfdeck to stop.
    Quit,
    /// The reply to a `Load` effect.
    Loaded {
        req: ReqId,
        what: Load,
        result: Result<Data>,
    },
    /// A `Timer` effect's time has come.
    Timer {
        req: ReqId,
    },
    /// Time for `live` to look for changes (an `Effect::Poll` went off).
    Poll,
    /// The reply to a `Mutate` effect.
    Done {
        req: ReqId,
        op: Mutation,
        result: Result<Outcome>,
    },
}
