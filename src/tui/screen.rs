//! `Screen`: the one shape of a tab. A screen owns its state and nothing else; it reads the
//! rest of the UI through `Ctx` and asks for anything beyond its own state with `Cmd`s. The app
//! keeps the screens in one registry (`app::Model::screen` / `screen_mut`) and routes keys,
//! replies, mouse events and drawing to the active one through this trait.
//!
//! To add a screen:
//! 1. Write `tabs/<name>.rs`: a state struct with `impl Screen` (the methods with a default
//!    can be left out: a screen that shows only what the app loads needs `sections`, `refusal`,
//!    `handle`, `layout` and `render`), and `pub const KEY_CONTEXTS`
//!    listing every section list its `sections()` can return.
//! 2. Add its `Tab` variant (with title, `Tab::ALL`) in `tab.rs`, its `KEY_CONTEXTS` to
//!    `tabs::key_contexts`, and its state to `app::Model` and the registry (`screen`,
//!    `screen_mut`, `split`), plus a short title in `layout.rs`.
//! 3. Add its key section and actions to `keys.rs` and `assets/keys.toml`.
//! 4. Add the client calls it needs as `request::Load` / `Mutation` variants, run in
//!    `effects.rs`.
//!
//! To add a form (a screen's popup that edits something):
//! 1. Write its type in `tabs/<name>_forms.rs`: label constants for its fields, an `open` that
//!    builds the `Form` (each field with its check from `forms::rules`, or one that calls the
//!    domain's rule) and returns `Overlay::Form(Box::new(form), Box::new(spec))`, and
//!    `impl FormSpec` (`submit` reads the fields through the constants: `form.text(NAME)`,
//!    `form.chosen(ROLE)`; `changed` for fields that depend on others and the whole-form
//!    verdict; `loaded` if it asked for data; `chosen` for a form that saves nothing and hands
//!    a `forms::Chosen` back to its screen).
//! 2. Open it from the screen's `handle` with `Cmd::Open(MyForm::open(..))`. The overlay stack
//!    does the rest (keys, checks, submitting, the backend's error, closing on success).
//!
//! A picker that changes something carries one `Mutation` per option
//! (`PickPurpose::Change`); one that only filters hands the choice back to its screen
//! (`PickPurpose::Screen`, answered in `Screen::picked`).

use super::cmd::Cmd;
use super::context::Ctx;
use super::keys::{Action, Section};
use super::request::{Data, Load, ReqId};
use super::theme::Theme;
// Re-exported: screens name it from here; it lives with the lists it names.
pub use super::tabs::resources::SharedList;
use super::widgets::list::Nav;
use crate::domain::Result;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};

/// What a screen drew where: the rectangles its mouse hit tests and page sizes use. A screen
/// computes them once (`layout`) and draws into exactly those.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Drawn {
    /// The table of the focused list (border included), if a list has the focus.
    pub table: Option<Rect>,
}

pub trait Screen {
    /// The key sections that hold keys now, in routing order (one of the screen's
    /// `KEY_CONTEXTS`).
    fn sections(&self) -> Vec<Section>;

    /// Why an action is not allowed now, if it is not (shown greyed with the reason).
    fn refusal(&self, ctx: &Ctx, action: Action) -> Option<String>;

    /// The footer's word for an action when what it does depends on the selected row (an
    /// org row's Enter folds it); None keeps the key table's label.
    fn action_label(&self, _action: Action) -> Option<&'static str> {
        None
    }

    /// Runs an action of one of the screen's sections; false if it does not apply (the next
    /// section gets the key).
    fn handle(&mut self, ctx: &Ctx, action: Action, cmds: &mut Vec<Cmd>) -> bool;

    /// Whether a reply to this kind of load is the screen's (none, for a screen that shows only
    /// what the app loads for every screen).
    fn takes(&self, _what: &Load) -> bool {
        false
    }

    /// A reply to one of the screen's loads (`takes` said so); stale replies are dropped here.
    fn loaded(
        &mut self,
        _ctx: &Ctx,
        _req: ReqId,
        _what: Load,
        _result: Result<Data>,
        _cmds: &mut Vec<Cmd>,
    ) {
    }

    /// Loads again what it shows (after a change, or on request).
    fn reload(&mut self, _ctx: &Ctx, _cmds: &mut Vec<Cmd>) {}

    /// The screen is shown, or the current workspace changed while it is: it loads what it
    /// shows if it has not yet.
    fn sync(&mut self, _ctx: &Ctx, _cmds: &mut Vec<Cmd>) {}

    /// Whether the screen follows the current workspace even while hidden.
    fn follows_current(&self) -> bool {
        false
    }

    /// Whether it shows (or its forms choose from) the current workspace's shared resources.
    fn uses_resources(&self) -> bool {
        false
    }

    /// A timer the screen set went off (`Cmd::Timer`); others' timers are ignored.
    fn timer(&mut self, _ctx: &Ctx, _req: ReqId, _cmds: &mut Vec<Cmd>) {}

    /// Whether one of the screen's own loads is under way.
    fn is_busy(&self) -> bool {
        false
    }

    /// The list that has the focus, if the screen owns it.
    fn focused_list(&mut self) -> Option<&mut dyn Nav> {
        None
    }
    fn focused_list_ref(&self) -> Option<&dyn Nav> {
        None
    }

    /// The focused list when it is one of the shared resources (the app owns those).
    fn shared_list(&self) -> Option<SharedList> {
        None
    }

    /// After the selection of the focused list moved (load what depends on it).
    fn after_move(&mut self, _ctx: &Ctx, _cmds: &mut Vec<Cmd>) {}

    /// A picker the screen opened with `PickPurpose::Screen` was answered with option
    /// `choice` (a filter, say: nothing is saved).
    fn picked(&mut self, _ctx: &Ctx, _choice: usize, _cmds: &mut Vec<Cmd>) {}

    /// Pasted text while no popup or filter has it; true if the screen used it.
    fn paste(&mut self, _ctx: &Ctx, _text: &str, _cmds: &mut Vec<Cmd>) -> bool {
        false
    }

    /// A click (scroll 0) or the wheel in the body outside the focused table. `Some(moved)`
    /// if the screen took it; `None` lets the app select or scroll the focused table.
    fn mouse(
        &mut self,
        _ctx: &Ctx,
        _body: Rect,
        _pos: Position,
        _scroll: isize,
        _cmds: &mut Vec<Cmd>,
    ) -> Option<bool> {
        None
    }

    /// Where things go in the body at this size and state.
    fn layout(&self, ctx: &Ctx, body: Rect) -> Drawn;

    /// Draws the screen into the body and says where.
    fn render(&self, ctx: &Ctx, frame: &mut Frame, body: Rect, theme: &Theme) -> Drawn;
}
