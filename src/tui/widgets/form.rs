//! Forms: typed fields (single-line text with `tui-input`, choices, text with suggestions,
//! multi-line text with `ratatui-textarea`), each checked as it is typed with the engine's own
//! rules (`domain::names`), showing the rule when it fails.

use super::text::wrap;
use crate::domain::names::{
    check_description, check_email, check_full_name, check_name, check_team_description,
};
use crate::domain::{MemberId, TeamId};
use crate::tui::msg::ReqId;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyEvent};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui_textarea::TextArea;
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

/// The rule a field's value must follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    None,
    Name,
    FullName,
    Description,
    TeamDescription,
    Email,
    /// A member, a team (from the suggestions) or any email (a new collaborator).
    Participant,
    /// An org member or collaborator (from the suggestions).
    OrgUser,
    /// A pasted list: at least one entry.
    Lines,
}

/// Who a suggestion stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Member(MemberId),
    Team(TeamId),
}

/// One suggestion of a field with suggestions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// What the field takes when the suggestion is chosen (an email or a team name).
    pub value: String,
    /// What else the list shows ("Chen Wei · member", "team · 2 members").
    pub detail: String,
    pub target: Target,
    /// Why it cannot be chosen ("already a participant"); such candidates are not suggested.
    pub taken: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChoiceOption {
    pub label: String,
    /// Why this option cannot be chosen (the reason is shown; the option is skipped).
    pub disabled: Option<String>,
}

impl ChoiceOption {
    pub fn new(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            disabled: None,
        }
    }
}

pub enum FieldKind {
    Text(Input),
    Choice {
        options: Vec<ChoiceOption>,
        selected: usize,
    },
    Suggest {
        input: Input,
        candidates: Vec<Candidate>,
        /// Candidates matching the input, best first (indices into `candidates`).
        matches: Vec<usize>,
        highlighted: usize,
        /// Suggestions are still loading.
        loading: bool,
    },
    Lines(Box<TextArea<'static>>),
}

pub struct Field {
    pub label: &'static str,
    pub kind: FieldKind,
    pub check: Check,
    /// Set once the user typed in it (or tried to submit): only then are errors shown.
    pub touched: bool,
    pub error: Option<String>,
    /// A helpful note when the value is fine ("new collaborator", "3 entries").
    pub note: Option<String>,
}

/// The most suggestions shown under a field.
pub const SUGGESTIONS: usize = 5;

impl Field {
    pub fn text(label: &'static str, value: &str, check: Check) -> Self {
        Self::new(label, FieldKind::Text(Input::new(value.to_string())), check)
    }

    pub fn choice(label: &'static str, options: Vec<ChoiceOption>, selected: usize) -> Self {
        Self::new(label, FieldKind::Choice { options, selected }, Check::None)
    }

    pub fn suggest(label: &'static str, check: Check) -> Self {
        Self::new(
            label,
            FieldKind::Suggest {
                input: Input::default(),
                candidates: Vec::new(),
                matches: Vec::new(),
                highlighted: 0,
                loading: true,
            },
            check,
        )
    }

    pub fn lines(label: &'static str, placeholder: &str) -> Self {
        let mut area = TextArea::default();
        area.set_placeholder_text(placeholder);
        area.set_cursor_line_style(Style::new());
        Self::new(label, FieldKind::Lines(Box::new(area)), Check::Lines)
    }

    fn new(label: &'static str, kind: FieldKind, check: Check) -> Self {
        let mut field = Self {
            label,
            kind,
            check,
            touched: false,
            error: None,
            note: None,
        };
        field.validate();
        field
    }

    /// The field's text (the chosen label for a choice, all lines for a multi-line field).
    pub fn value(&self) -> String {
        match &self.kind {
            FieldKind::Text(input) | FieldKind::Suggest { input, .. } => input.value().to_string(),
            FieldKind::Choice { options, selected } => options
                .get(*selected)
                .map(|o| o.label.clone())
                .unwrap_or_default(),
            FieldKind::Lines(area) => area.lines().join("\n"),
        }
    }

    /// The index of the chosen option of a choice field.
    pub fn chosen(&self) -> usize {
        match &self.kind {
            FieldKind::Choice { selected, .. } => *selected,
            _ => 0,
        }
    }

    /// The suggestion whose value the field holds exactly (case does not matter).
    pub fn matched(&self) -> Option<&Candidate> {
        match &self.kind {
            FieldKind::Suggest {
                input, candidates, ..
            } => {
                let v = input.value().trim();
                candidates.iter().find(|c| c.value.eq_ignore_ascii_case(v))
            }
            _ => None,
        }
    }

    pub fn is_valid(&self) -> bool {
        self.error.is_none()
    }

    pub fn is_choice(&self) -> bool {
        matches!(self.kind, FieldKind::Choice { .. })
    }

    pub fn is_lines(&self) -> bool {
        matches!(self.kind, FieldKind::Lines(_))
    }

    /// Whether the field shows suggestions that keys can move through.
    pub fn has_suggestions(&self) -> bool {
        matches!(&self.kind, FieldKind::Suggest { matches, .. } if !matches.is_empty())
    }

    /// Gives a suggestion field its candidates.
    pub fn set_candidates(&mut self, list: Vec<Candidate>) {
        if let FieldKind::Suggest {
            candidates,
            loading,
            ..
        } = &mut self.kind
        {
            *candidates = list;
            *loading = false;
        }
        self.refresh_matches();
        self.validate();
    }

    fn refresh_matches(&mut self) {
        if let FieldKind::Suggest {
            input,
            candidates,
            matches,
            highlighted,
            ..
        } = &mut self.kind
        {
            let needle = input.value().trim().to_lowercase();
            let words = |text: &str| -> Vec<String> {
                text.split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase)
                    .collect()
            };
            let mut scored: Vec<(usize, usize)> = candidates
                .iter()
                .enumerate()
                .filter(|(_, c)| c.taken.is_none())
                .filter_map(|(i, c)| {
                    let value = c.value.to_lowercase();
                    // An email's domain is shared by most candidates: only its local part
                    // and the person's name count as words.
                    let local = value.split('@').next().unwrap_or(&value).to_string();
                    let mut all = words(&local);
                    all.extend(words(&c.detail));
                    let rank = if needle.is_empty() {
                        0
                    } else if value == needle {
                        return None; // already complete
                    } else if value.starts_with(&needle) {
                        0
                    } else if all.iter().any(|w| w.starts_with(&needle)) {
                        1
                    } else if local.contains(&needle) {
                        2
                    } else if value.contains(&needle) {
                        3
                    } else {
                        return None;
                    };
                    Some((rank, i))
                })
                .collect();
            scored.sort();
            *matches = scored
                .into_iter()
                .map(|(_, i)| i)
                .take(SUGGESTIONS)
                .collect();
            *highlighted = 0;
        }
    }

    /// Re-checks the value; errors show once the field is touched.
    pub fn validate(&mut self) {
        let value = self.value();
        let (error, note) = match self.check {
            Check::None => (None, None),
            Check::Name => (check_name(&value).err().map(|e| e.message), None),
            Check::FullName => (check_full_name(&value).err().map(|e| e.message), None),
            Check::Description => (check_description(&value).err().map(|e| e.message), None),
            Check::TeamDescription => (
                check_team_description(&value).err().map(|e| e.message),
                None,
            ),
            Check::Email => (check_email(value.trim()).err().map(|e| e.message), None),
            Check::Participant => self.check_participant(value.trim()),
            Check::OrgUser => self.check_org_user(value.trim()),
            Check::Lines => {
                let entries = crate::client::bulk_lines(&value);
                if entries.is_empty() {
                    (
                        Some("paste or type at least one email, one per line".to_string()),
                        None,
                    )
                } else {
                    let bad: Vec<&String> =
                        entries.iter().filter(|e| check_email(e).is_err()).collect();
                    let mut note = format!(
                        "{} {}",
                        entries.len(),
                        if entries.len() == 1 {
                            "entry"
                        } else {
                            "entries"
                        }
                    );
                    if let Some(first) = bad.first() {
                        note.push_str(&format!(
                            "; {} not an email (tried as a user name): '{first}'",
                            bad.len()
                        ));
                    }
                    (None, Some(note))
                }
            }
        };
        self.error = error;
        self.note = note;
    }

    fn check_participant(&self, value: &str) -> (Option<String>, Option<String>) {
        if value.is_empty() {
            return (
                Some("type a member's email, a team name, or any email".to_string()),
                None,
            );
        }
        if let Some(c) = self.matched() {
            return match &c.taken {
                Some(why) => (Some(format!("{} {why}", c.value)), None),
                None => (
                    None,
                    Some(match c.target {
                        Target::Member(_) => format!("{} · {}", c.value, c.detail),
                        Target::Team(_) => format!("team {} · {}", c.value, c.detail),
                    }),
                ),
            };
        }
        match check_email(value) {
            Ok(()) => (
                None,
                Some("not in the org: will be invited as a collaborator".to_string()),
            ),
            Err(e) => (
                Some(format!(
                    "not a member or team of this org, and {}",
                    e.message
                )),
                None,
            ),
        }
    }

    fn check_org_user(&self, value: &str) -> (Option<String>, Option<String>) {
        if value.is_empty() {
            return (
                Some("type the email of an org member or collaborator".to_string()),
                None,
            );
        }
        if let Some(c) = self.matched() {
            return match &c.taken {
                Some(why) => (Some(format!("{} {why}", c.value)), None),
                None => (None, Some(c.detail.clone())),
            };
        }
        let loading = matches!(&self.kind, FieldKind::Suggest { loading: true, .. });
        if loading {
            (None, None)
        } else {
            (
                Some(format!(
                    "'{value}' is not a member or collaborator of this org (add them to the org first)"
                )),
                None,
            )
        }
    }

    /// Types a key into the field; true if the value or cursor changed.
    pub fn input(&mut self, key: KeyEvent) -> bool {
        let changed = match &mut self.kind {
            FieldKind::Text(input) | FieldKind::Suggest { input, .. } => {
                match to_input_request(&Event::Key(key)) {
                    Some(req) => input.handle(req).is_some(),
                    None => false,
                }
            }
            FieldKind::Lines(area) => area.input(key),
            FieldKind::Choice { .. } => false,
        };
        if changed {
            self.edited();
        }
        changed
    }

    /// Pastes text into the field (single-line fields take it on one line).
    pub fn paste(&mut self, text: &str) {
        match &mut self.kind {
            FieldKind::Text(input) | FieldKind::Suggest { input, .. } => {
                let flat = text.replace(['\r', '\n'], " ");
                for c in flat.trim().chars() {
                    input.handle(tui_input::InputRequest::InsertChar(c));
                }
            }
            FieldKind::Lines(area) => {
                area.insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
            }
            FieldKind::Choice { .. } => return,
        }
        self.edited();
    }

    fn edited(&mut self) {
        self.touched = true;
        self.refresh_matches();
        self.validate();
    }

    /// Moves a choice to the next (or previous) option that is not disabled.
    pub fn cycle(&mut self, forward: bool) -> bool {
        let FieldKind::Choice { options, selected } = &mut self.kind else {
            return false;
        };
        let n = options.len();
        for step in 1..n {
            let i = if forward {
                (*selected + step) % n
            } else {
                (*selected + n - step) % n
            };
            if options[i].disabled.is_none() {
                *selected = i;
                self.touched = true;
                return true;
            }
        }
        false
    }

    /// Moves the highlighted suggestion.
    pub fn move_suggestion(&mut self, forward: bool) -> bool {
        if let FieldKind::Suggest {
            matches,
            highlighted,
            ..
        } = &mut self.kind
            && !matches.is_empty()
        {
            let n = matches.len();
            *highlighted = if forward {
                (*highlighted + 1) % n
            } else {
                (*highlighted + n - 1) % n
            };
            return true;
        }
        false
    }

    /// Takes the highlighted suggestion into the field.
    pub fn complete(&mut self) -> bool {
        let FieldKind::Suggest {
            input,
            candidates,
            matches,
            highlighted,
            ..
        } = &mut self.kind
        else {
            return false;
        };
        let Some(&i) = matches.get(*highlighted) else {
            return false;
        };
        *input = Input::new(candidates[i].value.clone());
        self.edited();
        true
    }

    /// The lines the field's message takes at this width.
    fn message(&self) -> Option<(String, bool)> {
        if let Some(e) = &self.error
            && self.touched
        {
            return Some((format!("✗ {e}"), true));
        }
        let why = match &self.kind {
            FieldKind::Choice { options, .. } => options
                .iter()
                .find_map(|o| o.disabled.as_ref().map(|d| format!("{}: {d}", o.label))),
            _ => None,
        };
        self.note
            .clone()
            .map(|n| format!("✓ {n}"))
            .or(why)
            .map(|m| (m, false))
    }
}

/// A form: fields, the focused one, and what happened when it was last submitted.
pub struct Form {
    pub title: String,
    /// One line under the title, e.g. which org.
    pub intro: Option<String>,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// The change request in flight.
    pub submitting: Option<ReqId>,
    /// The suggestions request in flight.
    pub candidates_req: Option<ReqId>,
    /// The error the backend gave on the last submit.
    pub error: Option<String>,
}

const LABEL_WIDTH: u16 = 14;
const LINES_HEIGHT: u16 = 7;

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Self {
        Self {
            title: title.into(),
            intro: None,
            fields,
            focus: 0,
            submitting: None,
            candidates_req: None,
            error: None,
        }
    }

    pub fn with_intro(mut self, intro: impl Into<String>) -> Self {
        self.intro = Some(intro.into());
        self
    }

    pub fn focused(&self) -> &Field {
        &self.fields[self.focus]
    }

    pub fn focused_mut(&mut self) -> &mut Field {
        &mut self.fields[self.focus]
    }

    pub fn next_field(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len();
    }

    pub fn prev_field(&mut self) {
        self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
    }

    /// Checks every field; on failure shows all errors and focuses the first bad field.
    pub fn check_all(&mut self) -> bool {
        for f in &mut self.fields {
            f.touched = true;
            f.validate();
        }
        match self.fields.iter().position(|f| !f.is_valid()) {
            Some(i) => {
                self.focus = i;
                false
            }
            None => true,
        }
    }

    pub fn value(&self, label: &str) -> String {
        self.field(label).map(Field::value).unwrap_or_default()
    }

    pub fn field(&self, label: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.label == label)
    }

    /// The rows a field takes at this width (its line, its message, its suggestions).
    fn field_height(&self, i: usize, width: u16) -> u16 {
        let field = &self.fields[i];
        let value_width = width.saturating_sub(LABEL_WIDTH).max(1) as usize;
        let mut h = if field.is_lines() { LINES_HEIGHT } else { 1 };
        if let Some((msg, _)) = field.message() {
            h += wrap(&msg, value_width).len().min(3) as u16;
        }
        if i == self.focus
            && let FieldKind::Suggest {
                matches, loading, ..
            } = &field.kind
        {
            h += if *loading { 1 } else { matches.len() as u16 };
        }
        h
    }

    /// The height the form wants inside its border at this inner width.
    pub fn height(&self, width: u16) -> u16 {
        let mut h: u16 = (0..self.fields.len())
            .map(|i| self.field_height(i, width))
            .sum();
        if let Some(intro) = &self.intro {
            h += wrap(intro, width as usize).len() as u16 + 1;
        }
        if let Some(e) = &self.error {
            h += 1 + wrap(e, width as usize).len().min(4) as u16;
        }
        h
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, spinner: &str) {
        frame.render_widget(Clear, area);
        let mut title = vec![Span::styled(format!(" {} ", self.title), theme.title())];
        if self.submitting.is_some() {
            title.push(Span::styled(format!("{spinner} saving… "), theme.muted()));
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.focused_border())
            .title(Line::from(title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let inner = inner.inner(ratatui::layout::Margin::new(1, 0));
        let mut y = inner.y;
        let bottom = inner.bottom();
        let width = inner.width;
        if let Some(intro) = &self.intro {
            for line in wrap(intro, width as usize) {
                put(
                    frame,
                    inner.x,
                    &mut y,
                    bottom,
                    Line::styled(line, theme.muted()),
                );
            }
            y += 1;
        }
        let value_x = inner.x + LABEL_WIDTH.min(width);
        let value_width = width.saturating_sub(LABEL_WIDTH);
        for (i, field) in self.fields.iter().enumerate() {
            if y >= bottom {
                break;
            }
            let focused = i == self.focus;
            let label_style = if focused {
                theme.accent()
            } else {
                theme.text()
            };
            let marker = if focused { "▸ " } else { "  " };
            frame.render_widget(
                Paragraph::new(Line::styled(
                    format!("{marker}{}", field.label),
                    label_style,
                )),
                Rect::new(inner.x, y, LABEL_WIDTH.min(width), 1),
            );
            match &field.kind {
                FieldKind::Text(input) | FieldKind::Suggest { input, .. } => {
                    let w = value_width.max(1) as usize;
                    let scroll = input.visual_scroll(w.saturating_sub(1));
                    let shown: String = input.value().chars().skip(scroll).take(w).collect();
                    frame.render_widget(
                        Paragraph::new(shown).style(theme.text()),
                        Rect::new(value_x, y, value_width, 1),
                    );
                    if focused && self.submitting.is_none() {
                        let cx = value_x + (input.visual_cursor().saturating_sub(scroll)) as u16;
                        frame.set_cursor_position(Position::new(
                            cx.min(inner.right().saturating_sub(1)),
                            y,
                        ));
                    }
                    y += 1;
                }
                FieldKind::Choice { options, selected } => {
                    let mut spans = Vec::new();
                    for (j, o) in options.iter().enumerate() {
                        let (mark, style) = if j == *selected {
                            (
                                "● ",
                                if focused {
                                    theme.selection()
                                } else {
                                    theme.accent()
                                },
                            )
                        } else if o.disabled.is_some() {
                            ("○ ", theme.disabled())
                        } else {
                            ("○ ", theme.text())
                        };
                        spans.push(Span::styled(format!("{mark}{}", o.label), style));
                        spans.push(Span::raw("  "));
                    }
                    frame.render_widget(
                        Paragraph::new(Line::from(spans)),
                        Rect::new(value_x, y, value_width, 1),
                    );
                    y += 1;
                }
                FieldKind::Lines(text) => {
                    let h = LINES_HEIGHT.min(bottom.saturating_sub(y));
                    let area = Rect::new(value_x, y, value_width, h);
                    let mut text = text.as_ref().clone();
                    text.set_block(Block::default().borders(Borders::LEFT).border_style(
                        if focused {
                            theme.focused_border()
                        } else {
                            theme.border()
                        },
                    ));
                    text.set_cursor_style(if focused {
                        Style::new().add_modifier(ratatui::style::Modifier::REVERSED)
                    } else {
                        Style::new()
                    });
                    text.set_placeholder_style(theme.muted());
                    frame.render_widget(&text, area);
                    y += h;
                }
            }
            if let Some((msg, is_error)) = field.message() {
                let style = if is_error {
                    theme.error()
                } else {
                    theme.muted()
                };
                for line in wrap(&msg, value_width.max(1) as usize).into_iter().take(3) {
                    put(frame, value_x, &mut y, bottom, Line::styled(line, style));
                }
            }
            if focused
                && let FieldKind::Suggest {
                    candidates,
                    matches,
                    highlighted,
                    loading,
                    ..
                } = &field.kind
            {
                if *loading {
                    put(
                        frame,
                        value_x,
                        &mut y,
                        bottom,
                        Line::styled(format!("{spinner} loading suggestions…"), theme.muted()),
                    );
                }
                for (j, &ci) in matches.iter().enumerate() {
                    let c = &candidates[ci];
                    let style = if j == *highlighted {
                        theme.selection()
                    } else {
                        theme.text()
                    };
                    let line = Line::from(vec![
                        Span::styled(
                            format!("{} {}", if j == *highlighted { "▸" } else { " " }, c.value),
                            style,
                        ),
                        Span::styled(format!("  {}", c.detail), theme.muted()),
                    ]);
                    put(frame, value_x, &mut y, bottom, line);
                }
            }
        }
        if let Some(e) = &self.error {
            y += 1;
            for line in wrap(&format!("✗ {e}"), width as usize).into_iter().take(4) {
                put(
                    frame,
                    inner.x,
                    &mut y,
                    bottom,
                    Line::styled(line, theme.error()),
                );
            }
        }
    }
}

/// Draws one line at `y` if it fits, and moves `y` down.
fn put(frame: &mut Frame, x: u16, y: &mut u16, bottom: u16, line: Line) {
    if *y < bottom {
        let area = frame.area();
        let width = area.right().saturating_sub(x);
        frame.render_widget(Paragraph::new(line), Rect::new(x, *y, width, 1));
    }
    *y += 1;
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    fn typed(field: &mut Field, text: &str) {
        for c in text.chars() {
            field.input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    #[test]
    fn a_name_field_states_the_rule_as_you_type() {
        let mut f = Field::text("Name", "", Check::Name);
        assert!(!f.is_valid());
        assert_eq!(f.message(), None, "untouched fields stay quiet");
        typed(&mut f, "a");
        let (msg, err) = f.message().unwrap();
        assert!(err);
        assert!(msg.contains("2-39 characters"), "{msg}");
        typed(&mut f, "b-c");
        assert!(f.is_valid());
        typed(&mut f, "-");
        assert!(!f.is_valid());
    }

    #[test]
    fn participant_field_knows_members_teams_and_emails() {
        let mut f = Field::suggest("Who", Check::Participant);
        f.set_candidates(vec![
            Candidate {
                value: "chen@x.org".into(),
                detail: "Chen · member".into(),
                target: Target::Member(1),
                taken: None,
            },
            Candidate {
                value: "analysts".into(),
                detail: "2 members".into(),
                target: Target::Team(7),
                taken: Some("is already a participant".into()),
            },
        ]);
        typed(&mut f, "ch");
        assert!(f.has_suggestions());
        assert!(f.complete());
        assert_eq!(f.value(), "chen@x.org");
        assert!(f.is_valid());
        assert_eq!(f.matched().unwrap().target, Target::Member(1));

        let mut g = Field::suggest("Who", Check::Participant);
        g.set_candidates(vec![]);
        typed(&mut g, "new@partner.org");
        assert!(g.is_valid());
        assert!(g.note.as_deref().unwrap().contains("collaborator"));
        let mut h = Field::suggest("Who", Check::Participant);
        h.set_candidates(vec![]);
        typed(&mut h, "nobody");
        assert!(h.error.as_deref().unwrap().contains("not a valid email"));
    }

    #[test]
    fn choices_skip_disabled_options() {
        let mut f = Field::choice(
            "Role",
            vec![
                ChoiceOption {
                    label: "owner".into(),
                    disabled: Some("no".into()),
                },
                ChoiceOption::new("admin"),
                ChoiceOption::new("view"),
            ],
            1,
        );
        f.cycle(true);
        assert_eq!(f.value(), "view");
        f.cycle(true);
        assert_eq!(f.value(), "admin");
    }
}
