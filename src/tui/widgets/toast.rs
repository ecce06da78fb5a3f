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
    /// How many times the same message came (shown as ×N after the first).
    pub count: u32,
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
    /// Adds a message. A success supersedes the errors before it (they are about what was
    /// tried before it worked); the same message again is one toast with a count, not two.
    pub fn push(&mut self, kind: ToastKind, text: impl Into<String>, now: u64) {
        let text = text.into();
        let ticks = if kind == ToastKind::Error {
            ERROR_TICKS
        } else {
            OK_TICKS
        };
        if kind == ToastKind::Ok {
            self.items.retain(|t| t.kind != ToastKind::Error);
        }
        let count = match self
            .items
            .iter()
            .position(|t| t.kind == kind && t.text == text)
        {
            Some(i) => self.items.remove(i).count + 1,
            None => 1,
        };
        self.items.push(Toast {
            kind,
            text,
            until: now + ticks,
            count,
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

    /// Draws the toasts stacked at the right of `area`: upwards from its bottom, or downwards
    /// from its top when that would hide the row at `keep_visible` (the selected row).
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, keep_visible: Option<u16>) {
        let width = (area.width * 3 / 5).clamp(area.width.min(30), area.width.min(70));
        if width < 6 || area.height < 3 {
            return;
        }
        let boxes: Vec<(Vec<Line>, ratatui::style::Style)> = self
            .items
            .iter()
            .rev()
            .map(|t| toast_lines(t, width, theme))
            .collect();
        let mut fitting = Vec::new();
        let mut total = 0;
        for (lines, style) in boxes {
            let height = lines.len() as u16 + 2;
            if total + height > area.height {
                break;
            }
            total += height;
            fitting.push((lines, style, height));
        }
        let from_top = keep_visible
            .is_some_and(|y| y >= area.bottom().saturating_sub(total) && y < area.bottom());
        // Newest nearest the edge they grow from.
        let mut y = if from_top { area.y } else { area.bottom() };
        for (lines, style, height) in fitting {
            let top = if from_top { y } else { y - height };
            let rect = Rect::new(area.right() - width, top, width, height);
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
            y = if from_top { y + height } else { y - height };
        }
    }
}

/// A toast's lines (at most 4, with its mark and count) and its style.
fn toast_lines(
    toast: &Toast,
    width: u16,
    theme: &Theme,
) -> (Vec<Line<'static>>, ratatui::style::Style) {
    let (mark, style) = match toast.kind {
        ToastKind::Ok => ("✓", theme.ok()),
        ToastKind::Info => ("•", theme.accent()),
        ToastKind::Error => ("✗", theme.error()),
    };
    let count = if toast.count > 1 {
        format!(" ×{}", toast.count)
    } else {
        String::new()
    };
    let lines = wrap(
        &format!("{mark} {}{count}", toast.text),
        (width - 4) as usize,
    )
    .into_iter()
    .take(4)
    .map(|l| Line::styled(l, style))
    .collect();
    (lines, style)
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

    #[test]
    fn a_success_clears_older_errors_and_repeats_are_counted() {
        let mut t = Toasts::default();
        t.push(ToastKind::Error, "refused", 0);
        t.push(ToastKind::Error, "refused", 1);
        assert_eq!(t.items.len(), 1);
        assert_eq!(t.items[0].count, 2);
        t.push(ToastKind::Info, "loading", 2);
        t.push(ToastKind::Ok, "saved", 3);
        let texts: Vec<&str> = t.items.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(texts, ["loading", "saved"]);
    }
}
