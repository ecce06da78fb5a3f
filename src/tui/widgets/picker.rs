//! A small list to choose one value from (a role), with options the user's rights rule out
//! shown disabled, with the reason.

use super::form::ChoiceOption;
use super::text::{centered, wrap};
use crate::tui::request::ReqId;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub struct Picker {
    pub title: String,
    pub intro: String,
    pub options: Vec<ChoiceOption>,
    pub selected: usize,
    /// The option that holds now (marked).
    pub current: Option<usize>,
    pub submitting: Option<ReqId>,
    pub error: Option<String>,
}

impl Picker {
    pub fn new(
        title: impl Into<String>,
        intro: impl Into<String>,
        options: Vec<ChoiceOption>,
        current: Option<usize>,
    ) -> Self {
        Self {
            title: title.into(),
            intro: intro.into(),
            selected: current.unwrap_or(0).min(options.len().saturating_sub(1)),
            options,
            current,
            submitting: None,
            error: None,
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        let n = self.options.len();
        if n > 0 {
            self.selected = self.selected.saturating_add_signed(delta).min(n - 1);
        }
    }

    pub fn chosen(&self) -> &ChoiceOption {
        &self.options[self.selected]
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, spinner: &str) {
        let width = area.width.saturating_sub(4).min(60);
        let inner_w = width.saturating_sub(4) as usize;
        let mut lines: Vec<Line> = wrap(&self.intro, inner_w)
            .into_iter()
            .map(|l| Line::styled(l, theme.muted()))
            .collect();
        lines.push(Line::raw(""));
        for (i, o) in self.options.iter().enumerate() {
            let pointer = if i == self.selected { "▸" } else { " " };
            let current = if Some(i) == self.current { "●" } else { " " };
            let mark = format!("{pointer}{current} ");
            let style = if i == self.selected {
                theme.selection()
            } else if o.disabled.is_some() {
                theme.disabled()
            } else {
                theme.text()
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{mark}{:<14}", o.label), style),
                Span::styled(
                    if o.disabled.is_some() {
                        " (not allowed)"
                    } else {
                        ""
                    },
                    theme.disabled(),
                ),
            ]));
        }
        if let Some(why) = &self.chosen().disabled {
            lines.push(Line::raw(""));
            for l in wrap(why, inner_w) {
                lines.push(Line::styled(l, theme.warning()));
            }
        }
        if let Some(e) = &self.error {
            lines.push(Line::raw(""));
            for l in wrap(&format!("✗ {e}"), inner_w) {
                lines.push(Line::styled(l, theme.error()));
            }
        }
        let rect = centered(area, width, lines.len() as u16 + 2);
        frame.render_widget(Clear, rect);
        let mut title = vec![Span::styled(format!(" {} ", self.title), theme.title())];
        if self.submitting.is_some() {
            title.push(Span::styled(format!("{spinner} saving… "), theme.muted()));
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.focused_border())
            .title(Line::from(title));
        let inner = block.inner(rect).inner(ratatui::layout::Margin::new(1, 0));
        frame.render_widget(block, rect);
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
