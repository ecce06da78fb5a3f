//! Forms: typed fields (single-line text with `tui-input`, choices, text with suggestions,
//! multi-line text with `ratatui-textarea`), each checked as it is typed by the rule its form
//! gave it (`Check`), showing the rule when it fails. The widget knows no domain rule: the
//! forms (`tui::forms` and the `tabs/*_forms.rs` files) supply the checks, which call the
//! domain's rule functions.

use super::text::wrap;
use crate::domain::{MemberId, TeamId};
use crate::tui::request::ReqId;
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

/// What a check says of a field's value: an error (the form cannot be submitted) and a note
/// (shown when the value is fine: "new collaborator", "3 entries").
pub type Judgement = (Option<String>, Option<String>);

/// The rule a field's value must follow, supplied by the form that builds the field. It sees
/// the whole field (its value, suggestions, what it may name), never the rest of the form.
#[derive(Clone, Default)]
pub struct Check(Option<std::rc::Rc<Rule>>);

/// A field check's code.
type Rule = dyn Fn(&Field) -> Judgement;

impl Check {
    /// No rule: any value will do.
    pub const NONE: Check = Check(None);

    /// A rule that judges the whole field.
    pub fn new(rule: impl Fn(&Field) -> Judgement + 'static) -> Check {
        Check(Some(std::rc::Rc::new(rule)))
    }

    /// A rule over the value that only errs (the message is the rule's).
    pub fn value(rule: impl Fn(&str) -> crate::domain::Result<()> + 'static) -> Check {
        Check::new(move |f| (rule(&f.value()).err().map(|e| e.message), None))
    }

    fn judge(&self, field: &Field) -> Judgement {
        self.0.as_ref().map_or((None, None), |rule| rule(field))
    }
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Check(rule)"
        } else {
            "Check::NONE"
        })
    }
}

/// A number typed in a field: "12", "12.5"; None when it is not one.
pub fn parse_number(text: &str) -> Option<f64> {
    let v: f64 = text.trim().parse().ok()?;
    v.is_finite().then_some(v)
}

/// Words separated by commas or spaces.
pub fn split_list(text: &str) -> Vec<String> {
    text.split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Items separated by commas.
pub fn split_commas(text: &str) -> Vec<String> {
    text.split([',', '\n'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
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
    /// Typed masked: the value is drawn as dots and never shown.
    pub masked: bool,
    /// Rows of a multi-line field.
    pub rows: u16,
}

/// The most suggestions shown under a field.
pub const SUGGESTIONS: usize = 5;

impl Field {
    pub fn text(label: &'static str, value: &str, check: Check) -> Self {
        Self::new(label, FieldKind::Text(Input::new(value.to_string())), check)
    }

    pub fn choice(label: &'static str, options: Vec<ChoiceOption>, selected: usize) -> Self {
        Self::new(label, FieldKind::Choice { options, selected }, Check::NONE)
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

    pub fn lines(label: &'static str, placeholder: &str, check: Check) -> Self {
        let mut area = TextArea::default();
        area.set_placeholder_text(placeholder);
        area.set_cursor_line_style(Style::new());
        Self::new(label, FieldKind::Lines(Box::new(area)), check)
    }

    /// A multi-line text field holding `value`, `rows` high, checked by `check`.
    pub fn text_area(
        label: &'static str,
        value: &str,
        placeholder: &str,
        rows: u16,
        check: Check,
    ) -> Self {
        let mut area = if value.is_empty() {
            TextArea::default()
        } else {
            TextArea::from(value.lines().map(str::to_string).collect::<Vec<_>>())
        };
        area.set_placeholder_text(placeholder);
        area.set_cursor_line_style(Style::new());
        // Typing goes on after what is there.
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        let mut field = Self::new(label, FieldKind::Lines(Box::new(area)), check);
        field.rows = rows.max(1);
        field
    }

    /// A secret: typed masked, never drawn.
    pub fn secret(label: &'static str, check: Check) -> Self {
        let mut field = Self::text(label, "", check);
        field.masked = true;
        field
    }

    /// Forgets the value (a secret once it was sent).
    pub fn clear(&mut self) {
        if let FieldKind::Text(input) = &mut self.kind {
            *input = Input::default();
        }
        self.validate();
    }

    fn new(label: &'static str, kind: FieldKind, check: Check) -> Self {
        let mut field = Self {
            label,
            kind,
            check,
            touched: false,
            error: None,
            note: None,
            masked: false,
            rows: LINES_HEIGHT,
        };
        field.validate();
        field
    }

    /// Replaces a choice's options, keeping the chosen label when it is still there.
    pub fn set_options(&mut self, new: Vec<ChoiceOption>, select: Option<usize>) {
        if let FieldKind::Choice { options, selected } = &mut self.kind {
            let keep = options.get(*selected).map(|o| o.label.clone());
            *selected = select
                .or_else(|| keep.and_then(|k| new.iter().position(|o| o.label == k)))
                .or_else(|| new.iter().position(|o| o.disabled.is_none()))
                .unwrap_or(0);
            *options = new;
        }
        self.validate();
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

    /// A suggestion field whose candidates have not arrived yet.
    pub fn suggestions_loading(&self) -> bool {
        matches!(&self.kind, FieldKind::Suggest { loading: true, .. })
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

    /// Re-checks the value; errors show once the field is touched. A chosen option that is
    /// disabled is an error whatever the form's rule (its reason is the message).
    pub fn validate(&mut self) {
        let disabled = match &self.kind {
            FieldKind::Choice { options, selected } => {
                options.get(*selected).and_then(|o| o.disabled.clone())
            }
            _ => None,
        };
        let (error, note) = match disabled {
            Some(why) => (Some(why), None),
            None => self.check.judge(self),
        };
        self.error = error;
        self.note = note;
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
            FieldKind::Text(input) if self.masked => {
                // A secret may be a PEM key or a JSON file: its line breaks stay.
                for c in text.replace("\r\n", "\n").trim().chars() {
                    input.handle(tui_input::InputRequest::InsertChar(c));
                }
            }
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
                self.validate();
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
    /// What the whole form says, from the engine's rules over all fields together: an error
    /// (it cannot be submitted) or a note (an estimate, the chosen default).
    pub verdict: Option<(String, bool)>,
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
            verdict: None,
        }
    }

    /// The label column: wide enough for the longest label (provider field names are long).
    fn label_width(&self) -> u16 {
        let longest = self
            .fields
            .iter()
            .map(|f| f.label.chars().count() as u16 + 3)
            .max()
            .unwrap_or(0);
        longest.clamp(LABEL_WIDTH, 27)
    }

    /// Sets what the form as a whole says (an error blocks submitting).
    pub fn set_verdict(&mut self, verdict: Option<(String, bool)>) {
        self.verdict = verdict;
    }

    pub fn field_mut(&mut self, label: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.label == label)
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
            None => !matches!(self.verdict, Some((_, true))),
        }
    }

    pub fn value(&self, label: &str) -> String {
        self.field(label).map(Field::value).unwrap_or_default()
    }

    /// The field a form addresses by its label constant. Asking for a field the form does not
    /// have is a bug in the form (a renamed label): debug builds, and so the tests, fail on it
    /// rather than submit a default.
    fn named(&self, label: &str) -> Option<&Field> {
        let field = self.field(label);
        debug_assert!(
            field.is_some(),
            "form '{}' has no field '{label}'",
            self.title
        );
        field
    }

    /// The text of a named field, as typed.
    pub fn raw(&self, label: &str) -> String {
        self.named(label).map(Field::value).unwrap_or_default()
    }

    /// The text of a named field, trimmed.
    pub fn text(&self, label: &str) -> String {
        self.raw(label).trim().to_string()
    }

    /// The trimmed text of a named field, or None when it is empty.
    pub fn optional(&self, label: &str) -> Option<String> {
        Some(self.text(label)).filter(|t| !t.is_empty())
    }

    /// The index of the chosen option of a named choice.
    pub fn chosen(&self, label: &str) -> usize {
        self.named(label).map_or(0, Field::chosen)
    }

    pub fn field(&self, label: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.label == label)
    }

    /// The rows a field takes at this width (its line, its message, its suggestions).
    fn field_height(&self, i: usize, width: u16) -> u16 {
        let field = &self.fields[i];
        let value_width = width.saturating_sub(self.label_width()).max(1) as usize;
        let mut h = if field.is_lines() { field.rows } else { 1 };
        if let Some((msg, _)) = field.message() {
            h += wrap(&msg, value_width).len() as u16;
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
        h += self.tail_height(width);
        h
    }

    /// The rows under the fields: the verdict and the backend's error.
    fn tail_height(&self, width: u16) -> u16 {
        let mut h = 0;
        if let Some((v, _)) = &self.verdict {
            h += 1 + wrap(&format!("✓ {v}"), width as usize).len() as u16;
        }
        if let Some(e) = &self.error {
            h += 1 + wrap(&format!("✗ {e}"), width as usize).len() as u16;
        }
        h
    }

    /// The first field drawn when the form does not fit in `rows`: the focused field and the
    /// ones before it that still fit.
    fn first_shown(&self, width: u16, rows: u16) -> usize {
        let mut used = 0;
        let mut first = self.focus;
        for i in (0..=self.focus).rev() {
            let h = self.field_height(i, width);
            if used + h > rows && i != self.focus {
                break;
            }
            used += h;
            first = i;
        }
        first
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, spinner: &str) {
        frame.render_widget(Clear, area);
        let mut title = vec![Span::styled(format!(" {} ", self.title), theme.title())];
        let inner_width = area.width.saturating_sub(4);
        if self.height(inner_width) + 2 > area.height {
            // Not every field fits: say where the focus is.
            title.push(Span::styled(
                format!("field {}/{} ", self.focus + 1, self.fields.len()),
                theme.muted(),
            ));
        }
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
        if let Some(intro) = &self.intro {
            for line in wrap(intro, inner.width as usize) {
                put(
                    frame,
                    inner.x,
                    &mut y,
                    inner.bottom(),
                    Line::styled(line, theme.muted()),
                );
            }
            y += 1;
        }
        let tail = self.tail_height(inner.width);
        let rows = inner.bottom().saturating_sub(y).saturating_sub(tail);
        let first = self.first_shown(inner.width, rows);
        let field_bottom = inner.bottom().saturating_sub(tail).max(y);
        for i in first..self.fields.len() {
            if y >= field_bottom {
                break;
            }
            let at = Rect::new(inner.x, y, inner.width, field_bottom - y);
            y += self.render_field(frame, i, at, theme, spinner);
        }
        self.render_tail(frame, inner, y, theme);
    }

    /// Draws field `i` at the top of `at` (its label, value, message and suggestions) and
    /// says how many rows it took.
    fn render_field(
        &self,
        frame: &mut Frame,
        i: usize,
        at: Rect,
        theme: &Theme,
        spinner: &str,
    ) -> u16 {
        let field = &self.fields[i];
        let focused = i == self.focus;
        let label_width = self.label_width().min(at.width);
        let value = Rect::new(
            at.x + label_width,
            at.y,
            at.width.saturating_sub(self.label_width()),
            at.height,
        );
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
            Rect::new(at.x, at.y, label_width, 1),
        );
        let mut y = at.y + self.render_value(frame, field, focused, value, theme);
        let bottom = at.bottom();
        if let Some((msg, is_error)) = field.message() {
            let style = if is_error {
                theme.error()
            } else {
                theme.muted()
            };
            // Wrapped whole, never cut: a rule's message ends with what is allowed.
            for line in wrap(&msg, value.width.max(1) as usize) {
                put(frame, value.x, &mut y, bottom, Line::styled(line, style));
            }
        }
        if focused {
            render_suggestions(frame, field, value.x, &mut y, bottom, theme, spinner);
        }
        y - at.y
    }

    /// Draws a field's value in `area` (from its top) and says how many rows it took.
    fn render_value(
        &self,
        frame: &mut Frame,
        field: &Field,
        focused: bool,
        area: Rect,
        theme: &Theme,
    ) -> u16 {
        let line = Rect::new(area.x, area.y, area.width, 1);
        match &field.kind {
            FieldKind::Text(input) | FieldKind::Suggest { input, .. } => {
                let w = area.width.max(1) as usize;
                // Unfocused, a field shows its start (as multi-line fields do below): the view
                // follows the cursor only while the field is being edited.
                let scroll = if focused {
                    input.visual_scroll(w.saturating_sub(1))
                } else {
                    0
                };
                let shown: String = if field.masked {
                    "•".repeat(input.value().chars().count().saturating_sub(scroll).min(w))
                } else {
                    input.value().chars().skip(scroll).take(w).collect()
                };
                frame.render_widget(Paragraph::new(shown).style(theme.text()), line);
                if focused && self.submitting.is_none() {
                    let cx = area.x + (input.visual_cursor().saturating_sub(scroll)) as u16;
                    let right = (area.x + area.width).saturating_sub(1);
                    frame.set_cursor_position(Position::new(cx.min(right), area.y));
                }
                1
            }
            FieldKind::Choice { options, selected } => {
                let spans = choice_spans(options, *selected, focused, area.width, theme);
                frame.render_widget(Paragraph::new(Line::from(spans)), line);
                1
            }
            FieldKind::Lines(text) => {
                let h = field.rows.min(area.height);
                let mut text = text.as_ref().clone();
                if !focused {
                    // Shown from its start: typing left the cursor (and so the view) at its
                    // end, which cut off the start of long parameters.
                    text.move_cursor(ratatui_textarea::CursorMove::Top);
                    text.move_cursor(ratatui_textarea::CursorMove::Head);
                }
                let border = if focused {
                    theme.focused_border()
                } else {
                    theme.border()
                };
                text.set_block(Block::default().borders(Borders::LEFT).border_style(border));
                text.set_cursor_style(if focused {
                    Style::new().add_modifier(ratatui::style::Modifier::REVERSED)
                } else {
                    Style::new()
                });
                text.set_placeholder_style(theme.muted());
                frame.render_widget(&text, Rect::new(area.x, area.y, area.width, h));
                h
            }
        }
    }

    /// The rows under the fields: the verdict, then the backend's error.
    fn render_tail(&self, frame: &mut Frame, inner: Rect, mut y: u16, theme: &Theme) {
        let bottom = inner.bottom();
        let width = inner.width as usize;
        if let Some((v, is_error)) = &self.verdict {
            y += 1;
            let (mark, style) = if *is_error {
                ("✗", theme.error())
            } else {
                ("✓", theme.ok())
            };
            for line in wrap(&format!("{mark} {v}"), width) {
                put(frame, inner.x, &mut y, bottom, Line::styled(line, style));
            }
        }
        if let Some(e) = &self.error {
            y += 1;
            for line in wrap(&format!("✗ {e}"), width) {
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

/// A choice's options: side by side when they fit, else the chosen one between arrows.
fn choice_spans(
    options: &[ChoiceOption],
    selected: usize,
    focused: bool,
    width: u16,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let chosen_style = if focused {
        theme.selection()
    } else {
        theme.accent()
    };
    if choice_width(options) > width as usize {
        let label = options.get(selected).map_or("", |o| o.label.as_str());
        return vec![
            Span::styled("◂ ", theme.muted()),
            Span::styled(label.to_string(), chosen_style),
            Span::styled(
                format!(" ▸  {}/{}", selected + 1, options.len()),
                theme.muted(),
            ),
        ];
    }
    let mut spans = Vec::new();
    for (j, o) in options.iter().enumerate() {
        let (mark, style) = if j == selected {
            ("● ", chosen_style)
        } else if o.disabled.is_some() {
            ("○ ", theme.disabled())
        } else {
            ("○ ", theme.text())
        };
        spans.push(Span::styled(format!("{mark}{}", o.label), style));
        spans.push(Span::raw("  "));
    }
    spans
}

/// The suggestions under a focused suggestion field (or that they are loading).
fn render_suggestions(
    frame: &mut Frame,
    field: &Field,
    x: u16,
    y: &mut u16,
    bottom: u16,
    theme: &Theme,
    spinner: &str,
) {
    let FieldKind::Suggest {
        candidates,
        matches,
        highlighted,
        loading,
        ..
    } = &field.kind
    else {
        return;
    };
    if *loading {
        let line = Line::styled(format!("{spinner} loading suggestions…"), theme.muted());
        put(frame, x, y, bottom, line);
    }
    for (j, &ci) in matches.iter().enumerate() {
        let c = &candidates[ci];
        let style = if j == *highlighted {
            theme.selection()
        } else {
            theme.text()
        };
        let mark = if j == *highlighted { "▸" } else { " " };
        let line = Line::from(vec![
            Span::styled(format!("{mark} {}", c.value), style),
            Span::styled(format!("  {}", c.detail), theme.muted()),
        ]);
        put(frame, x, y, bottom, line);
    }
}

/// The width a choice takes with every option side by side.
fn choice_width(options: &[ChoiceOption]) -> usize {
    (options
        .iter()
        .map(|o| o.label.chars().count() + 4)
        .sum::<usize>())
    .saturating_sub(2)
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
