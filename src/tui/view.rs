//! Draws the whole screen from `&Model`: header, tab bar, the current tab, footer, popups and
//! toasts. Pure: it reads the model and writes the frame, nothing else.

use super::app::Model;
use super::keys::{Action, Section};
use super::layout;
use super::overlay::Overlay;
use super::theme::Theme;
use super::widgets::text::{spinner, truncate, truncate_start, wrap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, m: &Model, theme: &Theme) {
    let size = frame.area();
    if layout::too_small(size) {
        too_small(frame, size, theme);
        return;
    }
    let spin = spinner(m.tick);
    let a = layout::areas(size);
    header(frame, a.header, m, theme, spin);
    tab_bar(frame, a.tabs, m, theme);
    m.screen().render(&m.ctx(), frame, a.body, theme);
    footer(frame, a.footer, m, theme);
    if let Some(line) = &m.command {
        super::command_line::render(frame, m, line, a.footer, theme);
    }
    for overlay in &m.overlays {
        draw_overlay(frame, size, m, overlay, theme, spin);
    }
    // Toasts sit above the two detail lines at the bottom of the body.
    let toast_area = Rect {
        height: a.body.height.saturating_sub(2),
        ..a.body
    };
    m.toasts.render(
        frame,
        toast_area,
        theme,
        m.selected_row_y().filter(|_| m.overlays.is_empty()),
    );
}

fn too_small(frame: &mut Frame, size: Rect, theme: &Theme) {
    let text = format!(
        "nfdeck needs at least {}x{} (this terminal is {}x{}). Make it larger, or press q to quit.",
        layout::MIN_WIDTH,
        layout::MIN_HEIGHT,
        size.width,
        size.height
    );
    let lines: Vec<Line> = wrap(&text, size.width as usize)
        .into_iter()
        .map(|l| Line::styled(l, theme.warning()))
        .collect();
    frame.render_widget(Paragraph::new(lines), size);
}

fn header(frame: &mut Frame, area: Rect, m: &Model, theme: &Theme, spin: &str) {
    let width = area.width as usize;
    let mut first = vec![Span::styled(" nfdeck ", theme.active_tab()), Span::raw(" ")];
    let mut used = 9;
    match &m.session {
        Some(s) => {
            first.push(Span::styled(s.user.email.clone(), theme.accent()));
            let name = format!(" ({})", s.user.display_name());
            used += s.user.email.chars().count() + name.chars().count();
            first.push(Span::styled(name, theme.muted()));
            if s.operator {
                let tag = " · operator (all rights)";
                first.push(Span::styled(tag, theme.warning()));
                used += tag.chars().count();
            }
        }
        None => {
            let text = format!("{spin} connecting…");
            used += text.chars().count();
            first.push(Span::styled(text, theme.muted()));
        }
    }
    let room = width.saturating_sub(used + 3);
    if room > 8 {
        first.push(Span::styled(" · ", theme.muted()));
        first.push(Span::styled(
            truncate_start(&m.backend, room),
            theme.muted(),
        ));
    }
    let mut second = vec![Span::raw(" ")];
    match m.current_workspace() {
        Some(ws) => {
            second.push(Span::styled("workspace ", theme.muted()));
            second.push(Span::styled(ws.path(), theme.title()));
            if !ws.full_name.is_empty() && !ws.is_personal() {
                second.push(Span::styled(format!(" ({})", ws.full_name), theme.muted()));
            }
            second.push(Span::styled("  role ", theme.muted()));
            second.push(Span::styled(ws.my_role.summary(), theme.text()));
        }
        None => second.push(Span::styled("no current workspace", theme.muted())),
    }
    // A reload the refresh clock started, or why the last one failed (one line, in place,
    // never a pile of toasts).
    let (right, right_style) = match (m.live.status(), m.is_busy()) {
        (Some(status), _) if m.live.failed.is_some() => (
            format!("{} ", truncate(&status, width / 2)),
            theme.warning(),
        ),
        (Some(status), _) => (format!("{spin} {status} "), theme.muted()),
        (None, true) => (format!("{spin} working "), theme.muted()),
        (None, false) => (String::new(), theme.muted()),
    };
    let left_width: usize = second.iter().map(|s| s.content.chars().count()).sum();
    let right_width = right.chars().count();
    if left_width + right_width < width {
        second.push(Span::raw(" ".repeat(width - left_width - right_width)));
        second.push(Span::styled(right, right_style));
    }
    frame.render_widget(
        Paragraph::new(vec![Line::from(first), Line::from(second)]),
        area,
    );
}

fn tab_bar(frame: &mut Frame, area: Rect, m: &Model, theme: &Theme) {
    let mut spans = Vec::new();
    let mut x = area.x;
    for spot in layout::tab_bar(area) {
        if spot.x > x {
            spans.push(Span::raw(" ".repeat((spot.x - x) as usize)));
        }
        let style = if spot.tab == m.tab {
            theme.active_tab()
        } else {
            theme.text()
        };
        spans.push(Span::styled(spot.label, style));
        x = spot.x + spot.width;
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// One footer hint: key, label, enabled, global (kept at the right end).
pub type Hint = (String, &'static str, bool, bool);

/// The footer's hints: the keys that work now, from the key table, in routing order; actions
/// the user's role does not allow are dimmed. The global ones stay at the right end.
pub fn footer_hints(m: &Model) -> Vec<Hint> {
    ranked_hints(m).into_iter().map(|(h, _)| h).collect()
}

/// How readily a hint is left out when the footer is too narrow: the higher, the sooner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Drop {
    /// Help, quit, moving between panes and filtering: how to find everything else.
    Never,
    /// The screen's own actions, the last ones first (the help lists them all).
    Action,
    /// Global extras (the command line, the switcher): they work everywhere and the help says so.
    Extra,
}

fn ranked_hints(m: &Model) -> Vec<(Hint, Drop)> {
    let mut hints: Vec<(Hint, Drop)> = Vec::new();
    for section in m.context() {
        for (def, binds) in m.keys.section(section) {
            if !def.footer {
                continue;
            }
            let Some(key) = binds.first().map(ToString::to_string) else {
                continue;
            };
            if hints.iter().any(|((k, ..), _)| *k == key) || !m.applies(section, def.action) {
                continue;
            }
            let enabled = m.refusal(section, def.action).is_none();
            // The screen's own word for what the key does on the selected row (not in popups).
            let label = m
                .overlays
                .is_empty()
                .then(|| m.screen().action_label(def.action))
                .flatten()
                .unwrap_or(def.label);
            let drop = match section {
                Section::Global if matches!(def.action, Action::Help | Action::Quit) => Drop::Never,
                Section::Global => Drop::Extra,
                Section::List | Section::Panes => Drop::Never,
                _ => Drop::Action,
            };
            hints.push(((key, label, enabled, section == Section::Global), drop));
        }
    }
    hints
}

/// Which hints fit in `width`: global extras go first, then the screen's actions from the
/// last; help, quit, panes and the filter stay. The second value says whether any screen
/// action was left out (the footer then shows "…" where they were).
fn fit_hints(hints: &[(Hint, Drop)], width: usize) -> (Vec<bool>, bool) {
    let need = |shown: &[bool], cut: bool| {
        let hints: usize = hints
            .iter()
            .zip(shown)
            .filter(|(_, s)| **s)
            .map(|((h, _), _)| hint_width(h))
            .sum();
        1 + hints + if cut { 3 } else { 0 }
    };
    let mut shown = vec![true; hints.len()];
    if need(&shown, false) <= width {
        return (shown, false);
    }
    for (i, (_, drop)) in hints.iter().enumerate() {
        shown[i] = *drop != Drop::Extra;
    }
    if need(&shown, false) <= width {
        return (shown, false);
    }
    for i in (0..hints.len()).rev() {
        if hints[i].1 == Drop::Action {
            shown[i] = false;
            if need(&shown, true) <= width {
                break;
            }
        }
    }
    (shown, true)
}

/// A hint's columns: key, space, label, two spaces.
fn hint_width(h: &Hint) -> usize {
    h.0.chars().count() + h.1.chars().count() + 3
}

fn footer(frame: &mut Frame, area: Rect, m: &Model, theme: &Theme) {
    let hints = ranked_hints(m);
    let (shown, cut) = fit_hints(&hints, area.width as usize);
    let piece = |(key, label, enabled, _): &Hint| {
        let (ks, ls) = if *enabled {
            (theme.key(), theme.text())
        } else {
            (theme.disabled(), theme.disabled())
        };
        vec![
            Span::styled(key.clone(), ks),
            Span::styled(format!(" {label}  "), ls),
        ]
    };
    let visible: Vec<&(Hint, Drop)> = hints
        .iter()
        .zip(&shown)
        .filter(|(_, s)| **s)
        .map(|(h, _)| h)
        .collect();
    let tail: Vec<&Hint> = visible.iter().map(|(h, _)| h).filter(|h| h.3).collect();
    let tail_width: usize = tail.iter().map(|h| hint_width(h)).sum();
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    let mut ellipsis = cut;
    for (h, drop) in visible.iter().filter(|(h, _)| !h.3) {
        // The left-out actions were the screen's last ones: "…" stands where they were.
        if ellipsis && *drop == Drop::Never {
            spans.push(Span::styled("…  ", theme.muted()));
            used += 3;
            ellipsis = false;
        }
        spans.extend(piece(h));
        used += hint_width(h);
    }
    if ellipsis {
        spans.push(Span::styled("…  ", theme.muted()));
        used += 3;
    }
    let width = area.width as usize;
    if used + tail_width <= width {
        spans.push(Span::raw(" ".repeat(width - used - tail_width)));
    }
    for h in tail {
        spans.extend(piece(h));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_overlay(
    frame: &mut Frame,
    area: Rect,
    m: &Model,
    overlay: &Overlay,
    theme: &Theme,
    spin: &str,
) {
    match overlay {
        Overlay::Help(h) => h.render(frame, area, theme, m.help_text(theme)),
        Overlay::Switcher(s) => s.render(frame, area, theme),
        Overlay::Form(form, _) => {
            let width = area.width.saturating_sub(4).min(78);
            let inner_w = width.saturating_sub(4);
            let height = form.height(inner_w) + 2;
            let rect = super::widgets::text::centered(area, width, height);
            form.render(frame, rect, theme, spin);
        }
        Overlay::Confirm(c, _) => {
            let hint = if c.typed.is_some() {
                format!(
                    "{} confirm · {} keep it as it is",
                    m.keys.label(Section::Dialog, super::keys::Action::Accept),
                    m.keys.label(Section::Dialog, super::keys::Action::Cancel)
                )
            } else {
                format!(
                    "{} yes · {} no",
                    m.keys.label(Section::Confirm, super::keys::Action::Yes),
                    m.keys.label(Section::Confirm, super::keys::Action::No)
                )
            };
            c.render(frame, area, theme, &truncate(&hint, area.width as usize));
        }
        Overlay::Picker(p, _) => p.render(frame, area, theme, spin),
        Overlay::Details(d) => d.render(frame, area, theme, spin),
        Overlay::AuditChange(d) => d.render(frame, area, theme),
        Overlay::Jump(c, _) => {
            let hint = format!(
                "{} yes · {} no",
                m.keys.label(Section::Confirm, super::keys::Action::Yes),
                m.keys.label(Section::Confirm, super::keys::Action::No)
            );
            c.render(frame, area, theme, &hint);
        }
        Overlay::Bulk(r) => r.render(frame, area, theme),
        Overlay::NewToken(t) => {
            let hint = format!(
                "{} copy · {} close (the token is then gone)",
                m.keys
                    .label(Section::NewToken, super::keys::Action::CopyToken),
                m.keys.label(Section::Dialog, super::keys::Action::Accept)
            );
            t.render(frame, area, theme, &truncate(&hint, area.width as usize));
        }
    }
}
