//! Small text helpers shared by widgets: word wrapping (to size popups before drawing them),
//! truncation, and centred popup areas.

use ratatui::layout::Rect;

/// Splits `text` into lines of at most `width` characters, breaking at spaces where it can.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut len = 0;
        for word in para.split(' ') {
            let wlen = word.chars().count();
            if len > 0 && len + 1 + wlen > width {
                lines.push(std::mem::take(&mut line));
                len = 0;
            }
            if len > 0 {
                line.push(' ');
                len += 1;
            }
            if wlen > width {
                // A word longer than the line: cut it.
                for c in word.chars() {
                    if len == width {
                        lines.push(std::mem::take(&mut line));
                        len = 0;
                    }
                    line.push(c);
                    len += 1;
                }
            } else {
                line.push_str(word);
                len += wlen;
            }
        }
        lines.push(line);
    }
    lines
}

/// Cuts `text` to `width` characters, ending with `…` when it was longer.
pub fn truncate(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut s: String = text.chars().take(width - 1).collect();
    s.push('…');
    s
}

/// Keeps the end of `text` (for paths), starting with `…` when it was longer.
pub fn truncate_start(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let tail: String = text.chars().skip(count - (width - 1)).collect();
    format!("…{tail}")
}

/// A popup of at most `width` x `height` centred in `area` (never larger than `area`).
/// "1 run", "3 runs": the noun agrees with the count (`(one, many)`).
pub fn count(n: usize, (one, many): (&str, &str)) -> String {
    match n {
        1 => format!("1 {one}"),
        _ => format!("{n} {many}"),
    }
}

/// "this run", "these 3 runs" ("these credentials" for a noun without a singular).
pub fn these(n: usize, (one, many): (&str, &str)) -> String {
    match n {
        1 if one == many => format!("these {one}"),
        1 => format!("this {one}"),
        _ => format!("these {n} {many}"),
    }
}

/// "2026-11-21 16:25" of an RFC 3339 time: lists show times to the minute.
pub fn minute(at: &str) -> String {
    at.get(..16).unwrap_or(at).replace('T', " ")
}

/// `minute` of a time that may never have happened ("never").
pub fn minute_or_never(at: Option<&str>) -> String {
    at.map_or_else(|| "never".to_string(), minute)
}

pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The spinner's frame at a tick.
pub fn spinner(tick: u64) -> &'static str {
    const FRAMES: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    FRAMES[(tick % FRAMES.len() as u64) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("a bb ccc", 4), vec!["a bb", "ccc"]);
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert_eq!(wrap("", 3), vec![""]);
        assert_eq!(wrap("x\ny", 5), vec!["x", "y"]);
    }

    #[test]
    fn truncates_and_centres() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("ab", 4), "ab");
        assert_eq!(truncate_start("/a/b/c.db", 5), "…c.db");
        let r = centered(Rect::new(0, 0, 10, 10), 20, 4);
        assert_eq!(r, Rect::new(0, 3, 10, 4));
    }

    #[test]
    fn a_count_of_one_takes_the_singular() {
        assert_eq!(count(1, ("run loaded", "runs loaded")), "1 run loaded");
        assert_eq!(
            count(1, ("member or collaborator", "members and collaborators")),
            "1 member or collaborator"
        );
        assert_eq!(count(1, ("credentials", "credentials")), "1 credentials");
        assert_eq!(count(2, ("run loaded", "runs loaded")), "2 runs loaded");
        assert_eq!(count(0, ("pipeline", "pipelines")), "0 pipelines");
        assert_eq!(these(1, ("team", "teams")), "this team");
        assert_eq!(
            these(1, ("credentials", "credentials")),
            "these credentials"
        );
        assert_eq!(these(3, ("team", "teams")), "these 3 teams");
    }
}
