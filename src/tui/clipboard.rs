//! Copy: `y` copies the selected object's id, `Y` its name, `U` its URL (an action's: its
//! hook URL). The text goes to the
//! terminal's clipboard through an OSC 52 escape sequence, which the terminal (not the host)
//! carries out, so it works over SSH too. `update` only records what to copy (`Model::copy`);
//! the loop that owns the terminal writes the sequence.

use super::keys::Action;
use super::model::Model;
use super::selection::{self, field};
use super::widgets::toast::ToastKind;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use std::io::Write;

// Re-exported: what a screen's selection is lives with the screens' shared vocabulary.
pub use super::selection::Selected;

/// The selected row of the focused list on the shown screen, if it is an object.
pub fn selected(m: &Model) -> Option<Selected> {
    m.selected()
}

/// Why a copy action has nothing to copy now, if it has not.
pub fn refusal(m: &Model, action: Action) -> Option<String> {
    selection::why_not(m.selected().as_ref(), action)
}

/// Runs a copy action: records the text for the terminal and says what was copied.
pub fn copy(m: &mut Model, action: Action) -> bool {
    let Some(field) = field(action) else {
        return false;
    };
    if let Some(why) = refusal(m, action) {
        m.toast(ToastKind::Error, why);
        return true;
    }
    let Some((s, text)) = m.selected().and_then(|s| s.value(action).map(|v| (s, v))) else {
        return true;
    };
    m.toast(
        ToastKind::Ok,
        format!("Copied the {}'s {field}: {text}", s.what),
    );
    m.copy = Some(text);
    true
}

/// The OSC 52 sequence that puts `text` on the terminal's clipboard.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", BASE64.encode(text.as_bytes()))
}

/// Writes the sequence to the terminal (the UI loop calls this; never `update`).
pub fn write_osc52(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    out.write_all(osc52(text).as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_is_base64_in_the_clipboard_sequence() {
        assert_eq!(osc52("4xYz"), "\x1b]52;c;NHhZeg==\x07");
        let mut out = Vec::new();
        write_osc52(&mut out, "biolab/rnaseq").unwrap();
        assert_eq!(out, b"\x1b]52;c;YmlvbGFiL3JuYXNlcQ==\x07");
        // Non-ASCII text travels as its UTF-8 bytes.
        assert_eq!(osc52("é"), "\x1b]52;c;w6k=\x07");
    }
}
