//! Confirmation dialogs for destructive actions: yes/no, or (for what cannot be undone, like
//! deleting a workspace) typing the object's name.

use super::text::{centered, wrap};
use crate::tui::request::ReqId;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use tui_input::Input;

pub struct Confirm {
    pub title: String,
    pub message: String,
    /// The name the user must type, and what they typed so far.
    pub typed: Option<(String, Input)>,
    pub submitting: Option<ReqId>,
    pub error: Option<String>,
    /// A question that changes nothing: drawn in the accent colour, not the warning one.
    pub calm: bool,
    /// The form this confirmation decides for (`guard::Guarded::form`): it waits beneath.
    pub form: Option<ReqId>,
}

impl Confirm {
    pub fn yes_no(title: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            message: message.into(),
            typed: None,
            submitting: None,
            error: None,
            calm: false,
            form: None,
        }
    }

    /// A question that changes nothing ("go to Runs?").
    pub fn question(title: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            calm: true,
            ..Self::yes_no(title, message)
        }
    }

    pub fn typed(title: impl Into<String>, message: impl Into<String>, name: &str) -> Self {
        Self {
            typed: Some((name.to_string(), Input::default())),
            ..Self::yes_no(title, message)
        }
    }

    /// Whether the action may go ahead (the typed name matches, if one is asked for).
    pub fn ready(&self) -> bool {
        match &self.typed {
            Some((name, input)) => input.value() == name,
            None => true,
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, keys_hint: &str) {
        let width = area.width.saturating_sub(4).min(64);
        let inner_w = width.saturating_sub(4) as usize;
        let mut lines: Vec<Line> = wrap(&self.message, inner_w)
            .into_iter()
            .map(|l| Line::styled(l, theme.text()))
            .collect();
        let mut cursor_row = None;
        if let Some((name, input)) = &self.typed {
            lines.push(Line::raw(""));
            lines.push(Line::from(vec![
                Span::styled("Type ", theme.text()),
                Span::styled(name.clone(), theme.accent()),
                Span::styled(" to confirm:", theme.text()),
            ]));
            cursor_row = Some((lines.len(), input.visual_cursor()));
            lines.push(Line::from(vec![
                Span::styled("› ", theme.accent()),
                Span::styled(input.value().to_string(), theme.text()),
            ]));
            if !input.value().is_empty() && !self.ready() {
                lines.push(Line::styled("✗ the name does not match", theme.error()));
            }
        }
        if let Some(e) = &self.error {
            lines.push(Line::raw(""));
            for l in wrap(&format!("✗ {e}"), inner_w) {
                lines.push(Line::styled(l, theme.error()));
            }
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(keys_hint.to_string(), theme.muted()));
        let rect = centered(area, width, lines.len() as u16 + 2);
        frame.render_widget(Clear, rect);
        let style = if self.calm {
            theme.focused_border()
        } else {
            theme.error()
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(style)
            .title(Span::styled(format!(" {} ", self.title), style));
        let inner = block.inner(rect).inner(ratatui::layout::Margin::new(1, 0));
        frame.render_widget(block, rect);
        frame.render_widget(Paragraph::new(lines), inner);
        if let Some((row, col)) = cursor_row
            && self.submitting.is_none()
        {
            let y = inner.y + row as u16;
            let x = inner.x + 2 + col as u16;
            if y < inner.bottom() && x < inner.right() {
                frame.set_cursor_position(Position::new(x, y));
            }
        }
    }
}
