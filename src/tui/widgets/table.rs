//! Draws a `Listing` as a bordered table, building `Row`s only for the visible window, with its
//! load state (spinner, error, empty) and its filter in the border.

use super::list::{Listing, LoadState, Nav};
use super::text::{count, truncate, wrap};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, HighlightSpacing, Paragraph, Row, Table, TableState};
use tui_input::Input;

pub struct Column<'a> {
    pub header: &'a str,
    /// The narrowest the column gets when space is short.
    pub min: u16,
}

impl<'a> Column<'a> {
    pub fn new(header: &'a str, min: u16) -> Self {
        Self { header, min }
    }
}

pub struct TableSpec<'a> {
    pub title: Vec<Span<'a>>,
    pub columns: Vec<Column<'a>>,
    pub focused: bool,
    /// What an empty list says.
    pub empty: String,
    /// What the rows are, one and many, for the count in the border ("participant",
    /// "participants").
    pub noun: (&'a str, &'a str),
    /// The filter being typed into this list, if it is.
    pub editing: Option<&'a Input>,
    /// The keys that retry a failed load, for the error text.
    pub retry: String,
}

/// Column widths for the visible rows: each column as wide as its widest cell, and when that
/// does not fit, the widest columns give up room first, down to their minimum. The last
/// column takes what is left over.
pub fn fit_widths(natural: &[u16], min: &[u16], available: u16) -> Vec<u16> {
    let mut widths: Vec<u16> = natural.to_vec();
    let mut total: u32 = widths.iter().map(|w| u32::from(*w)).sum();
    while total > u32::from(available) {
        let Some((i, _)) = widths
            .iter()
            .enumerate()
            .filter(|(i, w)| **w > min[*i])
            .max_by_key(|(i, w)| (**w - min[*i], std::cmp::Reverse(*i)))
        else {
            break;
        };
        widths[i] -= 1;
        total -= 1;
    }
    if total < u32::from(available)
        && let Some(last) = widths.last_mut()
    {
        *last += (u32::from(available) - total) as u16;
    }
    widths
}

/// The rows' area of a table drawn in `area`: inside the border, below the header.
pub fn rows_area(area: Rect) -> Rect {
    Rect::new(
        area.x.saturating_add(1),
        area.y.saturating_add(2),
        area.width.saturating_sub(2),
        area.height.saturating_sub(3),
    )
}

// Long: the generic table (title, header, rows, scroll bar, the empty/loading/error states
// and the filter line) drawn in one pass so the row positions used by clicks stay in one place.
pub fn render<'a, T>(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    list: &Listing<T>,
    spec: TableSpec<'a>,
    spinner: &str,
    row: impl Fn(&T) -> Vec<Span<'a>>,
) {
    if area.width < 4 || area.height < 3 {
        return;
    }
    let mut title = vec![Span::raw(" ")];
    title.extend(spec.title);
    if list.is_loading() {
        title.push(Span::styled(format!(" {spinner}"), theme.muted()));
    }
    title.push(Span::raw(" "));
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(if spec.focused {
            theme.focused_border()
        } else {
            theme.border()
        })
        .title(Line::from(title));
    let total = list.items().len();
    let filter_text = match spec.editing {
        Some(input) => Some(format!(" / {} ", input.value())),
        None if !list.filter().is_empty() => Some(format!(" filter: {} ", list.filter())),
        None => None,
    };
    if let Some(text) = &filter_text {
        block = block.title_bottom(Line::styled(text.clone(), theme.accent()));
        block = block.title_bottom(
            Line::styled(
                format!(" {} of {} ", list.len(), count(total, spec.noun)),
                theme.muted(),
            )
            .right_aligned(),
        );
    } else if total > 0 {
        block = block.title_bottom(
            Line::styled(format!(" {} ", count(total, spec.noun)), theme.muted()).right_aligned(),
        );
    }
    if list.marks() > 0 {
        block = block.title_bottom(Line::styled(
            format!(" {} marked ", list.marks()),
            theme.accent(),
        ));
    }
    let rows_rect = rows_area(area);
    if let Some(input) = spec.editing {
        let x = area.x + 4 + input.visual_cursor() as u16;
        if x < area.right().saturating_sub(1) {
            frame.set_cursor_position(Position::new(x, area.bottom() - 1));
        }
    }
    let message = match &list.load {
        // Only a failure that may pass offers the retry key: a refusal would fail again.
        LoadState::Failed(e) if e.kind.is_transient() => Some((
            format!("✗ {}\n{} to try again", e.message, spec.retry),
            true,
        )),
        LoadState::Failed(e) => Some((format!("✗ {}", e.message), true)),
        LoadState::Idle | LoadState::Loading if total == 0 => {
            Some((format!("{spinner} loading…"), false))
        }
        _ if total == 0 => Some((spec.empty.clone(), false)),
        _ if list.is_empty() => Some(("no rows match the filter".to_string(), false)),
        _ => None,
    };
    if let Some((text, is_error)) = message {
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let style = if is_error {
            theme.error()
        } else {
            theme.muted()
        };
        let lines: Vec<Line> = wrap(&text, inner.width.saturating_sub(2) as usize)
            .into_iter()
            .map(|l| Line::styled(format!(" {l}"), style))
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    }
    let height = rows_rect.height as usize;
    let offset = list.offset(height);
    let selected = list.selected();
    // Only the visible rows are built.
    let cells: Vec<Vec<Span<'a>>> = list
        .window(offset, height)
        .map(|(_, item)| {
            let mut cells = row(item);
            // A marked row: a dot before its first cell, in the accent colour.
            if list.is_marked(item)
                && let Some(first) = cells.first_mut()
            {
                *first = Span::styled(format!("● {}", first.content), theme.accent());
            }
            cells
        })
        .collect();
    let n = spec.columns.len();
    let mut natural: Vec<u16> = spec
        .columns
        .iter()
        .map(|c| c.header.chars().count() as u16)
        .collect();
    for r in &cells {
        for (i, span) in r.iter().enumerate().take(n) {
            natural[i] = natural[i].max(span.width() as u16);
        }
    }
    let min: Vec<u16> = spec.columns.iter().map(|c| c.min).collect();
    let available = rows_rect
        .width
        .saturating_sub(2)
        .saturating_sub(n.saturating_sub(1) as u16);
    let widths = fit_widths(&natural, &min, available);
    let rows: Vec<Row> = cells
        .into_iter()
        .map(|r| {
            Row::new(r.into_iter().enumerate().map(|(i, span)| {
                let w = widths.get(i).copied().unwrap_or(0) as usize;
                if span.width() > w {
                    Cell::from(Span::styled(truncate(&span.content, w), span.style))
                } else {
                    Cell::from(span)
                }
            }))
        })
        .collect();
    let header = Row::new(
        spec.columns
            .iter()
            .map(|c| Cell::from(Span::styled(c.header, theme.muted()))),
    );
    let constraints: Vec<Constraint> = widths.iter().map(|w| Constraint::Length(*w)).collect();
    let table = Table::new(rows, constraints)
        .header(header)
        .block(block)
        .column_spacing(1)
        .highlight_spacing(HighlightSpacing::Always)
        .highlight_symbol(if spec.focused { "▸ " } else { "  " })
        .row_highlight_style(if spec.focused {
            theme.selection()
        } else {
            theme.unfocused_selection()
        });
    let mut state = TableState::default().with_selected(Some(selected.saturating_sub(offset)));
    frame.render_stateful_widget(table, area, &mut state);
}

/// Selects the row under `pos` of a table drawn in `table`, or scrolls it; true if it did.
pub fn mouse_on_table(list: &mut dyn Nav, table: Rect, pos: Position, scroll: isize) -> bool {
    let rows = rows_area(table);
    if scroll != 0 {
        if table.contains(pos) {
            list.move_by(scroll);
            return true;
        }
        return false;
    }
    if !rows.contains(pos) {
        return false;
    }
    let height = rows.height as usize;
    let row = list.offset(height) + (pos.y - rows.y) as usize;
    if row < list.len() {
        list.select(row);
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::fit_widths;

    #[test]
    fn widths_fit_by_shrinking_the_widest_first() {
        assert_eq!(fit_widths(&[5, 10, 3], &[3, 3, 3], 30), vec![5, 10, 15]);
        assert_eq!(fit_widths(&[5, 20, 10], &[3, 8, 3], 25), vec![5, 12, 8]);
        assert_eq!(fit_widths(&[10, 10], &[8, 8], 10), vec![8, 8]);
    }
}
