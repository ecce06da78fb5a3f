//! Toasts: short messages in the corner for results and errors. They expire after a number of
//! spinner ticks (errors stay longer), so the model needs no clock.

use super::text::wrap;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Ok,
    Info,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toast {
    pub kind: ToastKind,
    pub text: String,
    /// The tick after which it disappears.
    pub until: u64,
}

/// Ticks (of 100 ms) a toast stays.
const OK_TICKS: u64 = 40;
const ERROR_TICKS: u64 = 120;
const MAX_TOASTS: usize = 4;

#[derive(Clone, Debug, Default)]
pub struct Toasts {
    pub items: Vec<Toast>,
}

impl Toasts {
    pub fn push(&mut self, kind: ToastKind, text: impl Into<String>, now: u64) {
        let ticks = if kind == ToastKind::Error {
            ERROR_TICKS
        } else {
            OK_TICKS
        };
        self.items.push(Toast {
            kind,
            text: text.into(),
            until: now + ticks,
        });
        if self.items.len() > MAX_TOASTS {
            self.items.remove(0);
        }
    }

    /// Drops expired toasts; true if any went.
    pub fn expire(&mut self, now: u64) -> bool {
        let before = self.items.len();
        self.items.retain(|t| t.until > now);
        self.items.len() != before
    }

    pub fn clear(&mut self) -> bool {
        let had = !self.items.is_empty();
        self.items.clear();
        had
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Draws the toasts stacked upwards from the bottom-right corner of `area`.
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let width = (area.width * 3 / 5).clamp(area.width.min(30), area.width.min(70));
        if width < 6 || area.height < 3 {
            return;
        }
        let mut bottom = area.bottom();
        for toast in self.items.iter().rev() {
            let (mark, style) = match toast.kind {
                ToastKind::Ok => ("✓", theme.ok()),
                ToastKind::Info => ("•", theme.accent()),
                ToastKind::Error => ("✗", theme.error()),
            };
            let lines = wrap(&format!("{mark} {}", toast.text), (width - 4) as usize);
            let lines: Vec<Line> = lines
                .into_iter()
                .take(4)
                .map(|l| Line::styled(l, style))
                .collect();
            let height = lines.len() as u16 + 2;
            if bottom < area.y + height {
                break;
            }
            let rect = Rect::new(area.right() - width, bottom - height, width, height);
            frame.render_widget(Clear, rect);
            frame.render_widget(
                Paragraph::new(lines).block(
                    Block::default()
                        .borders(Borders::ALL)
                        .border_style(style)
                        .padding(ratatui::widgets::Padding::horizontal(1)),
                ),
                rect,
            );
            bottom -= height;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toasts_expire_by_ticks_errors_later() {
        let mut t = Toasts::default();
        t.push(ToastKind::Ok, "saved", 0);
        t.push(ToastKind::Error, "refused", 0);
        assert!(!t.expire(10));
        assert!(t.expire(OK_TICKS));
        assert_eq!(t.items.len(), 1);
        assert_eq!(t.items[0].kind, ToastKind::Error);
        assert!(t.expire(ERROR_TICKS));
        assert!(t.is_empty());
    }
}
