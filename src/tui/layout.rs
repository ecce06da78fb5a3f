//! Where things are on the screen, as pure functions of the terminal size. Drawing and mouse
//! hit-testing both use these, so a click lands on what was drawn there.

use super::tab::Tab;
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
        Tab::Actions => "Act",
        Tab::Compute => "Comp",
        Tab::Credentials => "Cred",
        Tab::Settings => "Set",
        Tab::Audit => "Aud",
    }
}

/// The tabs' labels and positions. The numbers are the keys, so they always show: with a gap
/// between tabs when everything fits, else without, else the longest titles are shortened one
/// by one until the bar fits, and at the narrowest the labels lose their padding.
pub fn tab_bar(area: Rect) -> Vec<TabSpot> {
    let label = |t: Tab, short: bool, pad: bool| {
        let title = if short { short_title(t) } else { t.title() };
        match pad {
            true => format!(" {} {title} ", t.index() + 1),
            false => format!("{} {title}", t.index() + 1),
        }
    };
    let width = |short: &[bool], pad: bool, gap: usize| {
        Tab::ALL
            .iter()
            .zip(short)
            .map(|(t, s)| label(*t, *s, pad).chars().count() + gap)
            .sum::<usize>()
            + 1
    };
    let room = area.width as usize;
    let mut short = vec![false; Tab::ALL.len()];
    let (mut pad, mut gap) = (true, usize::from(width(&short, true, 1) <= room));
    let mut longest: Vec<usize> = (0..Tab::ALL.len()).collect();
    longest.sort_by_key(|&i| std::cmp::Reverse(Tab::ALL[i].title().chars().count()));
    for i in longest {
        if width(&short, pad, gap) <= room {
            break;
        }
        short[i] = true;
    }
    if width(&short, pad, gap) > room {
        (pad, gap) = (false, 1);
    }
    let mut x = area.x + 1;
    Tab::ALL
        .iter()
        .zip(short)
        .map(|(tab, short)| {
            let label = label(*tab, short, pad);
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
        // At 80 columns the numbers stay; the longest titles are shortened.
        let narrow = tab_bar(Rect::new(0, 0, 80, 1));
        assert_eq!(narrow[0].label, " 1 Wsp ");
        assert_eq!(narrow[1].label, " 2 Part ");
        for width in [60u16, 80, 100] {
            let spots = tab_bar(Rect::new(0, 0, width, 1));
            assert!(spots.iter().all(|s| {
                s.label
                    .trim_start()
                    .starts_with(&format!("{} ", s.tab.index() + 1))
            }));
            let last = spots.last().unwrap();
            assert!(last.x + last.width <= width, "{width}");
        }
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
