//! The dialog that shows a new API token, once: the token is on screen until the dialog
//! closes, and nowhere else (no toast, no log: it travels as a `SecretString`).

use super::text::{centered, wrap};
use crate::domain::SecretString;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub struct NewToken {
    pub name: String,
    pub token: SecretString,
    /// The token was put on the clipboard (the dialog says so).
    pub copied: bool,
}

impl NewToken {
    pub fn new(name: String, token: SecretString) -> Self {
        Self {
            name,
            token,
            copied: false,
        }
    }

    /// `keys_hint`: how to copy and close, from the key table.
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, keys_hint: &str) {
        let width = area.width.saturating_sub(4).min(72);
        let inner_w = width.saturating_sub(4) as usize;
        let text = "Copy it now: it will not be shown again. Whoever holds it acts as you (TOWER_ACCESS_TOKEN, --token).";
        let mut lines: Vec<Line> = wrap(text, inner_w)
            .into_iter()
            .map(|l| Line::styled(l, theme.text()))
            .collect();
        lines.push(Line::raw(""));
        // A token has no spaces to wrap at: cut it into rows of the dialog's width.
        let chars: Vec<char> = self.token.expose().chars().collect();
        for row in chars.chunks(inner_w.max(1)) {
            lines.push(Line::styled(row.iter().collect::<String>(), theme.accent()));
        }
        lines.push(Line::raw(""));
        if self.copied {
            lines.push(Line::styled("✓ copied to the clipboard", theme.ok()));
        }
        lines.push(Line::styled(keys_hint.to_string(), theme.muted()));
        let rect = centered(area, width, lines.len() as u16 + 2);
        frame.render_widget(Clear, rect);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.focused_border())
            .title(Span::styled(
                format!(" New token {} ", self.name),
                theme.title(),
            ));
        let inner = block.inner(rect).inner(ratatui::layout::Margin::new(1, 0));
        frame.render_widget(block, rect);
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
