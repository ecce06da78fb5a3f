//! The Participants tab's access view: everyone with access to the current workspace, their
//! effective role and where it comes from (own participant role, through a team, org default
//! role, org owner), then the participating teams, each folding out to its members. The
//! rule (the highest grant wins) is the domain's (`domain::access`); this draws it.

use crate::domain::access::{Access, TeamAccess, WorkspaceAccess, explain, reason};
use crate::domain::{Result, TeamId, Workspace, WorkspaceId};
use crate::tui::context::Ctx;
use crate::tui::keys::{Action, Section};
use crate::tui::request::{Data, ReqId};
use crate::tui::theme::Theme;
use crate::tui::widgets::list::{Listing, key_id};
use crate::tui::widgets::table::{self, Column, TableSpec};
use crate::tui::widgets::text::truncate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::collections::BTreeSet;

/// One row of the access view.
#[derive(Clone, Debug)]
pub enum AccessRow {
    Person(Access),
    /// A participating team, and whether it is unfolded.
    Team(TeamAccess, bool),
    /// A member of an unfolded team, with their effective role here.
    Member {
        team: String,
        person: Access,
    },
}

fn row_text(r: &AccessRow) -> String {
    match r {
        AccessRow::Person(p) => format!("{} {} {}", p.email, p.name, p.effective.summary()),
        AccessRow::Team(t, _) => format!("team {} {}", t.name, t.role),
        AccessRow::Member { team, person } => {
            format!("{} {} team {team}", person.email, person.name)
        }
    }
}

fn row_id(r: &AccessRow) -> i64 {
    key_id(&match r {
        AccessRow::Person(p) => format!("person {}", p.email),
        AccessRow::Team(t, _) => format!("team {}", t.id),
        AccessRow::Member { team, person } => format!("member {team} {}", person.email),
    })
}

pub struct AccessView {
    pub list: Listing<AccessRow>,
    /// The workspace it shows, and what was read about it.
    pub workspace: Option<WorkspaceId>,
    pub data: Option<WorkspaceAccess>,
    /// The unfolded teams.
    pub open: BTreeSet<TeamId>,
}

impl Default for AccessView {
    fn default() -> Self {
        Self {
            list: Listing::new(row_text, row_id),
            workspace: None,
            data: None,
            open: BTreeSet::new(),
        }
    }
}

/// People first (highest role first), then the teams, each followed by its members if open.
fn rows(data: &WorkspaceAccess, open: &BTreeSet<TeamId>) -> Vec<AccessRow> {
    let mut rows: Vec<AccessRow> = data.people.iter().cloned().map(AccessRow::Person).collect();
    for t in &data.teams {
        let unfolded = open.contains(&t.id);
        rows.push(AccessRow::Team(t.clone(), unfolded));
        if unfolded {
            rows.extend(t.members.iter().filter_map(|email| {
                let person = data.person(email)?.clone();
                Some(AccessRow::Member {
                    team: t.name.clone(),
                    person,
                })
            }));
        }
    }
    rows
}

impl AccessView {
    /// Starts a load of `workspace`'s access (keeping what is shown until the reply).
    pub fn begin(&mut self, req: ReqId, workspace: WorkspaceId) {
        if self.workspace != Some(workspace) {
            self.list.clear();
            self.data = None;
            self.open.clear();
        }
        self.workspace = Some(workspace);
        self.list.begin(req);
    }

    pub fn loaded(&mut self, req: ReqId, result: Result<Data>) {
        if !self.list.is_pending(req) {
            return;
        }
        match result {
            Ok(Data::Access { workspace, access }) if self.workspace == Some(workspace) => {
                self.list.set_items(rows(&access, &self.open));
                self.data = Some(access);
            }
            Ok(_) => {}
            Err(e) => self.list.fail(e),
        }
    }

    /// Enter on a team folds or unfolds its members; false on another row.
    pub fn fold(&mut self) -> bool {
        let Some(AccessRow::Team(t, _)) = self.list.selected_item() else {
            return false;
        };
        let id = t.id;
        if !self.open.remove(&id) {
            self.open.insert(id);
        }
        if let Some(data) = &self.data
            && !self.list.is_loading()
        {
            self.list.set_items(rows(data, &self.open));
        }
        true
    }
}

/// Where the table is, inside the body (two lines below it explain the selection).
pub fn areas(body: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Min(0), Constraint::Length(2)]).areas(body)
}

fn cells(r: &AccessRow, theme: &Theme, wide: bool) -> Vec<Span<'static>> {
    let (who, name, role, why) = match r {
        AccessRow::Person(p) => (
            Span::raw(p.email.clone()),
            p.name.clone(),
            p.effective.role_name().map(str::to_string),
            p.effective.source().map(reason).unwrap_or_default(),
        ),
        AccessRow::Team(t, open) => (
            Span::styled(
                format!("{} team {}", if *open { "▾" } else { "▸" }, t.name),
                theme.accent(),
            ),
            match t.members.len() {
                1 => "1 member".to_string(),
                n => format!("{n} members"),
            },
            Some(t.role.to_string()),
            format!("gives {} to its members", t.role),
        ),
        AccessRow::Member { team, person } => (
            Span::styled(format!("    {}", person.email), theme.muted()),
            person.name.clone(),
            person.effective.role_name().map(str::to_string),
            format!(
                "member of {team} · {}",
                person.effective.source().map(reason).unwrap_or_default()
            ),
        ),
    };
    let mut cells = vec![who];
    if wide {
        cells.push(Span::styled(name, theme.muted()));
    }
    cells.push(Span::raw(role.unwrap_or_else(|| "-".into())));
    cells.push(Span::styled(why, theme.muted()));
    cells
}

pub fn render(
    view: &AccessView,
    frame: &mut Frame,
    area: Rect,
    ctx: &Ctx,
    ws: &Workspace,
    theme: &Theme,
) {
    let [table_rect, detail] = areas(area);
    let wide = area.width >= 100;
    let mut columns = vec![Column::new("Who", 22)];
    if wide {
        columns.push(Column::new("Name", 10));
    }
    columns.extend([
        Column::new("Effective", 9),
        Column::new("Where it comes from", 16),
    ]);
    let people = view.data.as_ref().map_or(0, |d| d.people.len());
    let spec = TableSpec {
        title: vec![Span::styled(
            format!("Access to {} · {people} people", ws.path()),
            theme.title(),
        )],
        columns,
        focused: true,
        empty: "nobody has access".into(),
        noun: ("row", "rows"),
        editing: ctx.filter_input,
        retry: ctx.keys.label(Section::Global, Action::Refresh),
    };
    table::render(
        frame,
        table_rect,
        theme,
        &view.list,
        spec,
        ctx.spinner(),
        |r| cells(r, theme, wide),
    );
    render_detail(view, frame, detail, ctx, theme);
}

fn render_detail(view: &AccessView, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
    let width = area.width.saturating_sub(2) as usize;
    let about = match view.list.selected_item() {
        Some(AccessRow::Person(p)) | Some(AccessRow::Member { person: p, .. }) => {
            format!("{} holds {}", p.email, explain(&p.effective))
        }
        Some(AccessRow::Team(t, _)) => format!(
            "team {} gives {} here to: {}",
            t.name,
            t.role,
            t.members.join(", ")
        ),
        None => String::new(),
    };
    let mut lines = vec![Line::styled(
        format!(" {}", truncate(&about, width)),
        theme.text(),
    )];
    let unknown = view.data.as_ref().map(|d| d.unknown.join("; "));
    match unknown.filter(|u| !u.is_empty()) {
        Some(u) => lines.push(Line::styled(
            format!(" {}", truncate(&format!("not known: {u}"), width)),
            theme.warning(),
        )),
        None => lines.push(Line::styled(
            format!(
                " the highest role wins; {} returns to the participants",
                ctx.keys.label(Section::Access, Action::AccessView)
            ),
            theme.muted(),
        )),
    }
    frame.render_widget(Paragraph::new(lines), area);
}
