//! The result of a bulk change (a bulk add, or an action on marked rows): one line per
//! entry, done or refused with the reason.

use super::text::{centered, truncate, wrap};
use crate::domain::BulkLine;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// One entry of a report: what it was about, and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportLine {
    pub line: String,
    /// What was done, or why not.
    pub result: Result<String, String>,
}

pub struct BulkReport {
    /// "Bulk add", "Remove 3 participants".
    pub title: String,
    /// What the title calls a success ("added", "done").
    pub done_word: &'static str,
    pub lines: Vec<ReportLine>,
    pub scroll: usize,
}

impl BulkReport {
    /// The report of a bulk add.
    pub fn new(lines: Vec<BulkLine>) -> Self {
        let lines = lines
            .into_iter()
            .map(|l| ReportLine {
                line: l.line,
                result: l
                    .result
                    .map(|p| format!("added as {} with role {}", p.kind, p.role)),
            })
            .collect();
        Self {
            title: "Bulk add".into(),
            done_word: "added",
            lines,
            scroll: 0,
        }
    }

    /// The report of an action on marked rows.
    pub fn each(title: String, lines: Vec<ReportLine>) -> Self {
        Self {
            title,
            done_word: "done",
            lines,
            scroll: 0,
        }
    }

    /// How many entries succeeded.
    pub fn added(&self) -> usize {
        self.lines.iter().filter(|l| l.result.is_ok()).count()
    }

    pub fn scroll_by(&mut self, delta: isize) {
        let max = self.lines.len().saturating_sub(1);
        self.scroll = self.scroll.saturating_add_signed(delta).min(max);
    }

    /// The report's lines at a width: each entry, with its message wrapped beside it.
    fn lines(&self, theme: &Theme, width: usize) -> Vec<Line<'static>> {
        let entry_w = self
            .lines
            .iter()
            .map(|l| l.line.chars().count())
            .max()
            .unwrap_or(0)
            .min(width / 2);
        let text_w = width.saturating_sub(entry_w + 4).max(10);
        let mut out = Vec::new();
        for l in &self.lines {
            let (mark, style, text) = match &l.result {
                Ok(done) => ("✓", theme.ok(), done.clone()),
                Err(e) => ("✗", theme.error(), strip_object(e).to_string()),
            };
            for (i, part) in wrap(&text, text_w).into_iter().enumerate() {
                let (m, entry) = if i == 0 {
                    (format!("{mark} "), truncate(&l.line, entry_w))
                } else {
                    ("  ".to_string(), String::new())
                };
                out.push(Line::from(vec![
                    Span::styled(m, style),
                    Span::styled(format!("{entry:<entry_w$}  "), theme.text()),
                    Span::styled(part, style),
                ]));
            }
        }
        out
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let width = area.width.saturating_sub(4).min(100);
        let lines = self.lines(theme, width.saturating_sub(4) as usize);
        let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
        let rect = centered(area, width, height);
        frame.render_widget(Clear, rect);
        let failed = self.lines.len() - self.added();
        let title = format!(
            " {}: {} {}, {failed} failed ",
            self.title,
            self.added(),
            self.done_word
        );
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
        let page = inner.height as usize;
        let scroll = self.scroll.min(lines.len().saturating_sub(page));
        let shown: Vec<Line> = lines.into_iter().skip(scroll).take(page).collect();
        frame.render_widget(Paragraph::new(shown), inner);
    }
}

/// Drops the "workspace 'org/name': " the engine puts in front: the report is about one
/// workspace already.
fn strip_object(message: &str) -> &str {
    if let Some(rest) = message.strip_prefix("workspace '")
        && let Some((_, tail)) = rest.split_once("': ")
    {
        return tail;
    }
    message
}

#[cfg(test)]
mod tests {
    use super::strip_object;

    #[test]
    fn the_workspace_prefix_goes() {
        assert_eq!(
            strip_object("workspace 'biolab/rnaseq': x is already a participant"),
            "x is already a participant"
        );
        assert_eq!(strip_object("plain"), "plain");
    }
}
