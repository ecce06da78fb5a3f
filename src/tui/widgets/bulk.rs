//! The result of a bulk add: one line per entry, added or refused with the reason.

use super::text::{centered, truncate};
use crate::domain::BulkLine;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub struct BulkReport {
    pub lines: Vec<BulkLine>,
    pub scroll: usize,
}

impl BulkReport {
    pub fn new(lines: Vec<BulkLine>) -> Self {
        Self { lines, scroll: 0 }
    }

    pub fn added(&self) -> usize {
        self.lines.iter().filter(|l| l.result.is_ok()).count()
    }

    pub fn scroll_by(&mut self, delta: isize) {
        let max = self.lines.len().saturating_sub(1);
        self.scroll = self.scroll.saturating_add_signed(delta).min(max);
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let width = area.width.saturating_sub(4).min(100);
        let height = (self.lines.len() as u16 + 4).min(area.height.saturating_sub(2));
        let rect = centered(area, width, height);
        frame.render_widget(Clear, rect);
        let failed = self.lines.len() - self.added();
        let title = format!(" Bulk add: {} added, {failed} failed ", self.added());
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(if failed > 0 {
                theme.warning()
            } else {
                theme.ok()
            })
            .title(Span::styled(title, theme.title()));
        let inner = block.inner(rect).inner(ratatui::layout::Margin::new(1, 0));
        frame.render_widget(block, rect);
        let w = inner.width as usize;
        let entry_w = self
            .lines
            .iter()
            .map(|l| l.line.chars().count())
            .max()
            .unwrap_or(0)
            .min(w / 2);
        let lines: Vec<Line> = self
            .lines
            .iter()
            .skip(self.scroll)
            .take(inner.height as usize)
            .map(|l| {
                let (mark, style, text) = match &l.result {
                    Ok(p) => (
                        "✓",
                        theme.ok(),
                        format!("added as {} with role {}", p.kind, p.role),
                    ),
                    Err(e) => ("✗", theme.error(), e.clone()),
                };
                Line::from(vec![
                    Span::styled(format!("{mark} "), style),
                    Span::styled(
                        format!("{:<entry_w$}  ", truncate(&l.line, entry_w)),
                        theme.text(),
                    ),
                    Span::styled(truncate(&text, w.saturating_sub(entry_w + 4)), style),
                ])
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
