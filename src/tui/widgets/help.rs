//! The help overlay: the key table, section by section, the sections that work here first,
//! with the reason next to anything your role does not allow.

use super::text::{centered, truncate, wrap};
use crate::tui::keys::{Action, KeyTable, Section, join_keys};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

#[derive(Default)]
pub struct Help {
    pub scroll: usize,
}

/// The help's lines: the sections of `here` first (marked), then every other section, each
/// description wrapped to `width`. `refusal` says why an action is not allowed here, if it is
/// not; `applies` leaves out actions that do nothing here.
pub fn lines<'a>(
    keys: &KeyTable,
    here: &[Section],
    refusal: &dyn Fn(Section, Action) -> Option<String>,
    theme: &Theme,
    width: usize,
) -> Vec<Line<'a>> {
    let mut order: Vec<Section> = here.to_vec();
    order.extend(Section::ALL.iter().filter(|s| !here.contains(s)));
    let key_w = 14;
    let text_w = width.saturating_sub(key_w + 3).max(10);
    let mut out = Vec::new();
    for section in order {
        let heading = if here.contains(&section) {
            format!("{} (here)", section.title())
        } else {
            section.title().to_string()
        };
        if !out.is_empty() {
            out.push(Line::raw(""));
        }
        out.push(Line::styled(heading, theme.title()));
        for (def, binds) in keys.section(section) {
            let why = if here.contains(&section) {
                refusal(section, def.action)
            } else {
                None
            };
            let desc_style = if why.is_some() {
                theme.disabled()
            } else {
                theme.text()
            };
            let indent = " ".repeat(key_w + 3);
            for (i, text) in wrap(def.help, text_w).into_iter().enumerate() {
                let key = if i == 0 {
                    format!("  {:<key_w$} ", truncate(&join_keys(binds), key_w))
                } else {
                    indent.clone()
                };
                out.push(Line::from(vec![
                    Span::styled(key, theme.key()),
                    Span::styled(text, desc_style),
                ]));
            }
            if let Some(why) = why {
                for text in wrap(&format!("not now: {why}"), text_w) {
                    out.push(Line::from(vec![
                        Span::raw(indent.clone()),
                        Span::styled(text, theme.warning()),
                    ]));
                }
            }
        }
    }
    out
}

impl Help {
    pub fn area(area: Rect) -> Rect {
        centered(
            area,
            area.width.saturating_sub(4).min(110),
            area.height.saturating_sub(2),
        )
    }

    /// The rows of text the popup shows at once.
    pub fn page(area: Rect) -> usize {
        Self::area(area).height.saturating_sub(2) as usize
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lines: Vec<Line>) {
        let rect = Self::area(area);
        frame.render_widget(Clear, rect);
        let total = lines.len();
        let page = rect.height.saturating_sub(2) as usize;
        let scroll = self.scroll.min(total.saturating_sub(page));
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.focused_border())
            .title(Span::styled(" Keys ", theme.title()))
            .title_bottom(Line::styled(
                format!(
                    " {}-{} of {total} lines ",
                    (scroll + 1).min(total),
                    (scroll + page).min(total)
                ),
                theme.muted(),
            ));
        let inner = block.inner(rect).inner(ratatui::layout::Margin::new(1, 0));
        frame.render_widget(block, rect);
        let shown: Vec<Line> = lines.into_iter().skip(scroll).take(page).collect();
        frame.render_widget(Paragraph::new(shown), inner);
    }
}
