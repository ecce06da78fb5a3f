//! Draws a `Listing` as a bordered table, building `Row`s only for the visible window, with its
//! load state (spinner, error, empty) and its filter in the border.

use super::list::{Listing, LoadState};
use super::text::wrap;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, HighlightSpacing, Paragraph, Row, Table, TableState};
use tui_input::Input;

pub struct TableSpec<'a> {
    pub title: Vec<Span<'a>>,
    pub headers: &'a [&'a str],
    pub widths: Vec<Constraint>,
    pub focused: bool,
    /// What an empty list says.
    pub empty: String,
    /// The filter being typed into this list, if it is.
    pub editing: Option<&'a Input>,
    /// The keys that retry a failed load, for the error text.
    pub retry: String,
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

pub fn render<'a, T>(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    list: &Listing<T>,
    spec: TableSpec<'a>,
    spinner: &str,
    row: impl Fn(&T) -> Vec<Cell<'a>>,
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
            Line::styled(format!(" {} of {total} ", list.len()), theme.muted()).right_aligned(),
        );
    } else if total > 0 {
        block =
            block.title_bottom(Line::styled(format!(" {total} "), theme.muted()).right_aligned());
    }
    let rows_rect = rows_area(area);
    if let Some(input) = spec.editing {
        let x = area.x + 4 + input.visual_cursor() as u16;
        if x < area.right().saturating_sub(1) {
            frame.set_cursor_position(Position::new(x, area.bottom() - 1));
        }
    }
    let message = match &list.load {
        LoadState::Failed(e) => Some((format!("✗ {e}\n{} to try again", spec.retry), true)),
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
    let rows: Vec<Row> = list
        .window(offset, height)
        .map(|(_, item)| Row::new(row(item)))
        .collect();
    let header = Row::new(
        spec.headers
            .iter()
            .map(|h| Cell::from(Span::styled(*h, theme.muted()))),
    );
    let table = Table::new(rows, spec.widths)
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
