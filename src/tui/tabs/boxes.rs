//! What several tabs draw the same way: the body when there is no current workspace, a box
//! of wrapped text, and the two lines under a table.

use crate::domain::Workspace;
use crate::tui::context::Ctx;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{truncate, wrap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// The body of a tab when there is no current workspace.
pub fn no_workspace(frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
    no_workspace_box(frame, area, ctx.workspaces_loading, ctx.spinner(), theme);
}

/// The same, from what it needs.
fn no_workspace_box(frame: &mut Frame, area: Rect, loading: bool, spinner: &str, theme: &Theme) {
    let text = if loading {
        format!("{spinner} loading workspaces…")
    } else {
        "No current workspace: pick one on the Workspaces tab or with the switcher.".into()
    };
    frame.render_widget(
        Paragraph::new(Line::styled(format!(" {text}"), theme.muted())).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border()),
        ),
        area,
    );
}

/// A bordered box of wrapped text (for what does not apply here, and the like).
pub fn note_box(frame: &mut Frame, area: Rect, title: &str, text: &str, theme: &Theme) {
    let inner_w = area.width.saturating_sub(4) as usize;
    let lines: Vec<Line> = wrap(text, inner_w)
        .into_iter()
        .map(|l| Line::styled(format!(" {l}"), theme.text()))
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border())
                .title(Span::styled(format!(" {title} "), theme.title())),
        ),
        area,
    );
}

/// The two lines under a table: about the selection, and the first thing the user's role
/// rules out here (or their role).
pub fn detail_lines(
    frame: &mut Frame,
    area: Rect,
    about: &str,
    note: Option<String>,
    ws: &Workspace,
    theme: &Theme,
) {
    let width = area.width.saturating_sub(2) as usize;
    let mut lines = vec![Line::styled(
        format!(" {}", truncate(about, width)),
        theme.muted(),
    )];
    match note {
        Some(why) => lines.push(Line::styled(
            format!(" read-only: {}", truncate(&why, width.saturating_sub(11))),
            theme.warning(),
        )),
        None => lines.push(Line::styled(
            format!(" you are {} here", ws.my_role.summary()),
            theme.muted(),
        )),
    }
    frame.render_widget(Paragraph::new(lines), area);
}
