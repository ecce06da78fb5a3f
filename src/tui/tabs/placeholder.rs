//! The tabs that are not built yet say so plainly, with what they will hold.

use super::Tab;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::wrap;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// What the tab will do, from the product brief.
fn plan(tab: Tab) -> &'static str {
    match tab {
        Tab::Launchpad => {
            "Pipelines with the \"This workspace / This and shared workspaces\" toggle; add, edit, delete, launch (form)."
        }
        Tab::Runs => "Runs of the workspace with status, progress and cost; details; cancel.",
        Tab::Compute => "Compute environments; add, make primary, disable, delete.",
        Tab::Credentials => "Credentials: list, add (secrets typed masked), delete.",
        Tab::Settings => {
            "Credits (balance, spent, rates, allocation and transfer, estimate), Studios (lifespan, collaboration mode), labels and resource labels, edit and delete the workspace."
        }
        Tab::Workspaces | Tab::Participants => "",
    }
}

pub fn render(frame: &mut Frame, area: Rect, tab: Tab, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(format!(" {} ", tab.title()), theme.title()));
    let inner = block.inner(area);
    let width = inner.width.saturating_sub(2) as usize;
    let mut lines = vec![
        Line::raw(""),
        Line::styled(
            format!(" {} is not built yet.", tab.title()),
            theme.warning(),
        ),
        Line::raw(""),
    ];
    for l in wrap(&format!("It will show: {}", plan(tab)), width) {
        lines.push(Line::styled(format!(" {l}"), theme.muted()));
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
