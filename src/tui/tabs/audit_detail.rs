//! One change of the audit log in a popup: who did what to which object and when, then its
//! before and after as pretty JSON side by side. The two sides are aligned line by line (a
//! longest-common-subsequence match), so an unchanged line sits beside itself and the lines
//! that differ are marked (`-` before, `+` after) and coloured; long lines wrap in their column.

use crate::domain::AuditEntry;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{centered, truncate};
use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// One row of the side-by-side view: a line of each side (None: nothing there), and whether
/// it differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffRow {
    pub before: Option<String>,
    pub after: Option<String>,
    pub changed: bool,
}

/// Above this many cells the alignment table is not built: lines are paired by position.
const LCS_LIMIT: usize = 4_000_000;

/// The popup of one change.
pub struct AuditDetail {
    pub entry: AuditEntry,
    pub rows: Vec<DiffRow>,
    pub scroll: usize,
}

impl AuditDetail {
    pub fn new(entry: AuditEntry) -> Self {
        let rows = align(&pretty(&entry.before), &pretty(&entry.after));
        Self {
            entry,
            rows,
            scroll: 0,
        }
    }

    /// How many rows differ.
    pub fn changes(&self) -> usize {
        self.rows.iter().filter(|r| r.changed).count()
    }

    pub fn area(area: Rect) -> Rect {
        centered(
            area,
            area.width.saturating_sub(4).min(140),
            area.height.saturating_sub(2),
        )
    }

    /// Rows of text the popup shows at a time (inside its border, under the facts and the
    /// column headings).
    pub fn page(size: Rect) -> usize {
        Self::area(size).height.saturating_sub(2 + HEAD) as usize
    }

    /// The furthest the text can scroll at this size.
    pub fn max_scroll(&self, size: Rect) -> usize {
        let width = column_width(Self::area(size));
        self.lines(width, &Theme::default())
            .len()
            .saturating_sub(Self::page(size))
    }

    /// Scrolls by `delta` rows, within the text.
    pub fn scroll_by(&mut self, delta: isize, size: Rect) {
        self.scroll = self
            .scroll
            .saturating_add_signed(delta)
            .min(self.max_scroll(size));
    }

    /// The side-by-side lines at a column width: each row wrapped in its column, the shorter
    /// side padded, so both columns stay aligned.
    fn lines(&self, width: usize, theme: &Theme) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        for row in &self.rows {
            let style = |ok: Style| if row.changed { ok } else { theme.text() };
            let (mark_before, mark_after) = match (row.changed, &row.before, &row.after) {
                (false, _, _) => ("  ", "  "),
                (true, b, a) => (
                    if b.is_some() { "- " } else { "  " },
                    if a.is_some() { "+ " } else { "  " },
                ),
            };
            let left = hard_wrap(row.before.as_deref().unwrap_or(""), width);
            let right = hard_wrap(row.after.as_deref().unwrap_or(""), width);
            for i in 0..left.len().max(right.len()) {
                let first = i == 0;
                let cell = |parts: &[String], mark: &str, s: Style| {
                    let text = parts.get(i).cloned().unwrap_or_default();
                    let mark = if first { mark } else { "  " };
                    Span::styled(format!("{mark}{text:<width$}"), s)
                };
                out.push(Line::from(vec![
                    cell(&left, mark_before, style(theme.error())),
                    Span::styled(" │ ", theme.border()),
                    cell(&right, mark_after, style(theme.ok())),
                ]));
            }
        }
        out
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let rect = Self::area(area);
        frame.render_widget(Clear, rect);
        let width = column_width(rect);
        let lines = self.lines(width, theme);
        let page = rect.height.saturating_sub(2 + HEAD) as usize;
        let scroll = self.scroll.min(lines.len().saturating_sub(page));
        let e = &self.entry;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.focused_border())
            .title(Line::styled(
                format!(" Change {} · {} ", e.id, e.action),
                theme.title(),
            ))
            .title_bottom(Line::styled(
                format!(
                    " {} changed · lines {}-{} of {} ",
                    self.changes(),
                    (scroll + 1).min(lines.len()),
                    (scroll + page).min(lines.len()),
                    lines.len()
                ),
                theme.muted(),
            ));
        let inner = block.inner(rect).inner(Margin::new(1, 0));
        frame.render_widget(block, rect);
        let mut shown = self.head(width, inner.width as usize, theme);
        shown.extend(lines.into_iter().skip(scroll).take(page));
        frame.render_widget(Paragraph::new(shown), inner);
    }

    /// The facts of the change and the two column headings.
    fn head(&self, width: usize, line: usize, theme: &Theme) -> Vec<Line<'static>> {
        let e = &self.entry;
        let fact = |k: &str, v: String| {
            Line::from(vec![
                Span::styled(format!("{k:<7}"), theme.muted()),
                Span::styled(truncate(&v, line.saturating_sub(7)), theme.text()),
            ])
        };
        let heading = |name: &str, missing: &str, has: bool| {
            let text = if has {
                name.to_string()
            } else {
                format!("{name} {missing}")
            };
            Span::styled(
                format!("  {:<width$}", truncate(&text, width)),
                theme.title(),
            )
        };
        vec![
            fact("When", local_time(&e.at, true)),
            fact("Who", e.actor.clone()),
            fact(
                "Object",
                format!("{} {} (id {})", e.object_type, e.object_name, e.object_id),
            ),
            Line::from(vec![
                heading("Before", "(none: it was created)", e.before.is_some()),
                Span::styled(" │ ", theme.border()),
                heading("After", "(none: it was deleted)", e.after.is_some()),
            ]),
        ]
    }
}

/// Lines above the side-by-side text: the facts (3) and the column headings (1).
const HEAD: u16 = 4;

/// The width of one column's text in a popup drawn at `rect` (the border, the margins, the
/// two marks and the separator taken off).
fn column_width(rect: Rect) -> usize {
    let inner = rect.width.saturating_sub(4) as usize;
    (inner.saturating_sub(3) / 2).saturating_sub(2).max(1)
}

/// A snapshot as pretty JSON lines (object keys sorted, so both sides list them alike).
fn pretty(value: &Option<serde_json::Value>) -> Vec<String> {
    match value {
        None => Vec::new(),
        Some(v) => serde_json::to_string_pretty(v)
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect(),
    }
}

/// Cuts a line into pieces of `width` characters, keeping its indentation (word wrapping
/// would drop the leading spaces that show the JSON's nesting).
fn hard_wrap(text: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return vec![String::new()];
    }
    chars
        .chunks(width.max(1))
        .map(|c| c.iter().collect())
        .collect()
}

/// Aligns the lines of two texts: equal lines side by side, and between them the removed and
/// the added lines paired up, marked as changed.
pub fn align(before: &[String], after: &[String]) -> Vec<DiffRow> {
    let (n, m) = (before.len(), after.len());
    if n.saturating_mul(m) > LCS_LIMIT {
        return by_position(before, after);
    }
    // lcs[i][j]: the longest common subsequence of before[i..] and after[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if before[i] == after[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut rows = Vec::new();
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    while i < n || j < m {
        if i < n && j < m && before[i] == after[j] {
            pair_up(&mut rows, &mut removed, &mut added);
            rows.push(DiffRow {
                before: Some(before[i].clone()),
                after: Some(after[j].clone()),
                changed: false,
            });
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            added.push(after[j].clone());
            j += 1;
        } else {
            removed.push(before[i].clone());
            i += 1;
        }
    }
    pair_up(&mut rows, &mut removed, &mut added);
    rows
}

/// The removed and added lines since the last equal one, side by side.
fn pair_up(rows: &mut Vec<DiffRow>, removed: &mut Vec<String>, added: &mut Vec<String>) {
    let len = removed.len().max(added.len());
    let mut r = std::mem::take(removed).into_iter();
    let mut a = std::mem::take(added).into_iter();
    for _ in 0..len {
        rows.push(DiffRow {
            before: r.next(),
            after: a.next(),
            changed: true,
        });
    }
}

/// Lines paired by position, for texts too long to align.
fn by_position(before: &[String], after: &[String]) -> Vec<DiffRow> {
    (0..before.len().max(after.len()))
        .map(|i| {
            let (b, a) = (before.get(i).cloned(), after.get(i).cloned());
            DiffRow {
                changed: b != a,
                before: b,
                after: a,
            }
        })
        .collect()
}

/// An RFC 3339 time in local time: "2026-03-10 13:00" (with `seconds`, ":05" more). Text that
/// is not one is shown as it is.
pub fn local_time(at: &str, seconds: bool) -> String {
    let format = if seconds {
        "%Y-%m-%d %H:%M:%S"
    } else {
        "%Y-%m-%d %H:%M"
    };
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| t.with_timezone(&chrono::Local).format(format).to_string())
        .unwrap_or_else(|_| at.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn equal_lines_sit_side_by_side_and_changes_pair_up() {
        let rows = align(
            &lines("{\na: 1\nb: 2\nc: 3\n}"),
            &lines("{\na: 1\nb: 5\nc: 3\nd: 4\n}"),
        );
        let show: Vec<(Option<&str>, Option<&str>, bool)> = rows
            .iter()
            .map(|r| (r.before.as_deref(), r.after.as_deref(), r.changed))
            .collect();
        assert_eq!(
            show,
            vec![
                (Some("{"), Some("{"), false),
                (Some("a: 1"), Some("a: 1"), false),
                (Some("b: 2"), Some("b: 5"), true),
                (Some("c: 3"), Some("c: 3"), false),
                (None, Some("d: 4"), true),
                (Some("}"), Some("}"), false),
            ]
        );
    }

    #[test]
    fn a_created_object_is_all_after() {
        let rows = align(&[], &lines("{\nx\n}"));
        assert!(rows.iter().all(|r| r.changed && r.before.is_none()));
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn wrapping_keeps_indentation() {
        assert_eq!(
            hard_wrap("    \"name\": \"x\"", 8),
            vec!["    \"nam", "e\": \"x\""]
        );
        assert_eq!(hard_wrap("", 8), vec![""]);
    }
}
