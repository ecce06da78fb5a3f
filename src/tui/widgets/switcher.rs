//! The fuzzy workspace switcher (`Ctrl-p` or `:`): type part of `org/workspace` or its full name,
//! pick with the arrows, Enter makes it current. Matching uses `nucleo-matcher`, best first.

use super::text::{centered, truncate};
use crate::domain::{Workspace, WorkspaceId};
use crate::tui::theme::Theme;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use tui_input::Input;

pub struct Entry {
    pub id: WorkspaceId,
    pub path: String,
    pub full_name: String,
    pub role: String,
    haystack: String,
}

pub struct Switcher {
    pub input: Input,
    pub entries: Vec<Entry>,
    /// Indices into `entries`, best match first.
    pub matches: Vec<usize>,
    pub selected: usize,
    matcher: Matcher,
}

impl Switcher {
    pub fn new(workspaces: &[Workspace], current: Option<WorkspaceId>) -> Self {
        let entries: Vec<Entry> = workspaces
            .iter()
            .map(|w| Entry {
                id: w.id,
                path: w.path(),
                full_name: w.full_name.clone(),
                role: w.my_role.summary(),
                haystack: format!("{} {}", w.path(), w.full_name),
            })
            .collect();
        let mut s = Self {
            input: Input::default(),
            matches: (0..entries.len()).collect(),
            entries,
            selected: 0,
            matcher: Matcher::new(Config::DEFAULT),
        };
        if let Some(pos) = s
            .matches
            .iter()
            .position(|&i| Some(s.entries[i].id) == current)
        {
            s.selected = pos;
        }
        s
    }

    /// Re-ranks the entries after the query changed.
    pub fn refresh(&mut self) {
        let query = self.input.value().trim();
        if query.is_empty() {
            self.matches = (0..self.entries.len()).collect();
        } else {
            let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
            let mut buf = Vec::new();
            let mut scored: Vec<(u32, usize)> = self
                .entries
                .iter()
                .enumerate()
                .filter_map(|(i, e)| {
                    pattern
                        .score(Utf32Str::new(&e.haystack, &mut buf), &mut self.matcher)
                        .map(|s| (s, i))
                })
                .collect();
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            self.matches = scored.into_iter().map(|(_, i)| i).collect();
        }
        self.selected = 0;
    }

    pub fn move_by(&mut self, delta: isize) {
        if !self.matches.is_empty() {
            self.selected = self
                .selected
                .saturating_add_signed(delta)
                .min(self.matches.len() - 1);
        }
    }

    pub fn chosen(&self) -> Option<&Entry> {
        self.matches.get(self.selected).map(|&i| &self.entries[i])
    }

    /// The popup's area inside the screen's area.
    pub fn area(area: Rect) -> Rect {
        centered(
            area,
            area.width.saturating_sub(4).min(90),
            area.height.saturating_sub(4).min(20),
        )
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let rect = Self::area(area);
        frame.render_widget(Clear, rect);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.focused_border())
            .title(Span::styled(" Switch workspace ", theme.title()))
            .title_bottom(Line::styled(
                format!(" {} of {} ", self.matches.len(), self.entries.len()),
                theme.muted(),
            ));
        let inner = block.inner(rect).inner(ratatui::layout::Margin::new(1, 0));
        frame.render_widget(block, rect);
        if inner.height < 2 {
            return;
        }
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled("› ", theme.accent()),
                Span::styled(self.input.value().to_string(), theme.text()),
            ])),
            Rect::new(inner.x, inner.y, inner.width, 1),
        );
        frame.set_cursor_position(Position::new(
            (inner.x + 2 + self.input.visual_cursor() as u16).min(inner.right().saturating_sub(1)),
            inner.y,
        ));
        let list = Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1);
        let height = list.height as usize;
        let offset = super::list::window_offset(0, self.selected, height, self.matches.len());
        let w = list.width as usize;
        let path_w = (w * 2 / 5).max(10);
        let role_w = (w / 4).max(8);
        let name_w = w.saturating_sub(path_w + role_w + 2);
        let lines: Vec<Line> = self
            .matches
            .iter()
            .enumerate()
            .skip(offset)
            .take(height)
            .map(|(pos, &i)| {
                let e = &self.entries[i];
                let style = if pos == self.selected {
                    theme.selection()
                } else {
                    theme.text()
                };
                Line::from(vec![
                    Span::styled(format!("{:<path_w$}", truncate(&e.path, path_w)), style),
                    Span::styled(
                        format!(" {:<name_w$}", truncate(&e.full_name, name_w)),
                        if pos == self.selected {
                            style
                        } else {
                            theme.muted()
                        },
                    ),
                    Span::styled(format!(" {}", truncate(&e.role, role_w)), theme.muted()),
                ])
            })
            .collect();
        if lines.is_empty() {
            frame.render_widget(
                Paragraph::new(Line::styled("no workspace matches", theme.muted())),
                list,
            );
        } else {
            frame.render_widget(Paragraph::new(lines), list);
        }
    }
}
