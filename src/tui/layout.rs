//! Where things are on the screen, as pure functions of the terminal size. Drawing and mouse
//! hit-testing both use these, so a click lands on what was drawn there.

use super::tabs::Tab;
use ratatui::layout::Rect;

/// Below this size the UI only says it needs more room.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

pub struct Areas {
    pub header: Rect,
    pub tabs: Rect,
    pub body: Rect,
    pub footer: Rect,
}

pub fn too_small(size: Rect) -> bool {
    size.width < MIN_WIDTH || size.height < MIN_HEIGHT
}

/// Header (2 rows), tab bar (1), body, footer (1).
pub fn areas(size: Rect) -> Areas {
    let row = |y: u16, h: u16| Rect::new(size.x, size.y + y, size.width, h);
    let h = size.height;
    if h < 5 {
        return Areas {
            header: row(0, 0),
            tabs: row(0, 0),
            body: row(0, h),
            footer: row(h, 0),
        };
    }
    Areas {
        header: row(0, 2),
        tabs: row(2, 1),
        body: row(3, h - 4),
        footer: row(h - 1, 1),
    }
}

/// One tab's place in the tab bar.
pub struct TabSpot {
    pub tab: Tab,
    pub x: u16,
    pub width: u16,
    pub label: String,
}

fn short_title(tab: Tab) -> &'static str {
    match tab {
        Tab::Workspaces => "Wsp",
        Tab::Participants => "Part",
        Tab::Launchpad => "Pad",
        Tab::Runs => "Runs",
        Tab::Compute => "Comp",
        Tab::Credentials => "Cred",
        Tab::Settings => "Set",
        Tab::Audit => "Aud",
    }
}

/// The tabs' labels and positions: numbered when they fit, plain titles when not (padded,
/// then bare: at 80 columns every title still fits), short titles on narrow screens.
pub fn tab_bar(area: Rect) -> Vec<TabSpot> {
    let numbered = |t: Tab| format!(" {} {} ", t.index() + 1, t.title());
    let plain = |t: Tab| format!(" {} ", t.title());
    let bare = |t: Tab| t.title().to_string();
    let short = |t: Tab| format!(" {} {} ", t.index() + 1, short_title(t));
    let styles: [(&dyn Fn(Tab) -> String, usize); 5] = [
        (&numbered, 1),
        (&plain, 1),
        (&plain, 0),
        (&bare, 1),
        (&short, 1),
    ];
    let mut chosen: Vec<String> = Vec::new();
    let mut gap = 1;
    for (style, g) in styles {
        let labels: Vec<String> = Tab::ALL.iter().map(|t| style(*t)).collect();
        let total: usize =
            labels.iter().map(|l| l.chars().count()).sum::<usize>() + g * labels.len() + 1;
        chosen = labels;
        gap = g;
        if total <= area.width as usize {
            break;
        }
    }
    let mut x = area.x + 1;
    Tab::ALL
        .iter()
        .zip(chosen)
        .map(|(tab, label)| {
            let width = label.chars().count() as u16;
            let spot = TabSpot {
                tab: *tab,
                x,
                width,
                label,
            };
            x = x.saturating_add(width + gap as u16);
            spot
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_bar_fits_80_and_120_columns() {
        for width in [80u16, 120] {
            let spots = tab_bar(Rect::new(0, 0, width, 1));
            let last = spots.last().unwrap();
            assert!(last.x + last.width <= width, "{width}");
        }
        let wide = tab_bar(Rect::new(0, 0, 120, 1));
        assert_eq!(wide[0].label, " 1 Workspaces ");
        let narrow = tab_bar(Rect::new(0, 0, 80, 1));
        assert_eq!(narrow[1].label, "Participants");
    }

    #[test]
    fn areas_never_overflow() {
        for (w, h) in [(1, 1), (10, 3), (80, 24), (120, 40)] {
            let a = areas(Rect::new(0, 0, w, h));
            assert!(a.footer.bottom() <= h);
            assert!(a.body.bottom() <= h);
        }
    }
}
