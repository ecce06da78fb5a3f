//! The Participants tab: the current workspace's members, teams and collaborators with their
//! roles and where each effective role comes from; add (with suggestions), bulk add, change
//! role, remove; usage against the tier's limit.

use super::access::AccessView;
use super::participants_forms::{AddTo, BulkAddForm, ParticipantForm};
use super::role_choices;
use crate::domain::{
    OrgId, Participant, ParticipantRole, ParticipantType, Permission, Usage, Workspace,
    WorkspaceId, WspRole,
};
use crate::tui::cmd::Cmd;
use crate::tui::context::Ctx;
use crate::tui::keys::{Action, Section};
use crate::tui::overlay::{Overlay, PickPurpose};
use crate::tui::request::{Data, ReqId};
use crate::tui::request::{Load, Mutation};
use crate::tui::screen::{Drawn, Screen};
use crate::tui::selection::Selected;
use crate::tui::theme::Theme;
use crate::tui::widgets::confirm::Confirm;
use crate::tui::widgets::form::ChoiceOption;
use crate::tui::widgets::list::Listing;
use crate::tui::widgets::list::Nav;
use crate::tui::widgets::picker::Picker;
use crate::tui::widgets::table::{self, Column, TableSpec};
use crate::tui::widgets::text::{truncate, wrap};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

fn participant_text(p: &Participant) -> String {
    format!(
        "{} {} {} {} {}",
        p.display_name(),
        person(p),
        p.kind,
        p.held_role(),
        p.effective
            .as_ref()
            .map(|e| e.summary())
            .unwrap_or_default()
    )
}

/// "Chen Wei", or the user name, or nothing for a team.
fn person(p: &Participant) -> String {
    match (&p.first_name, &p.last_name) {
        (Some(f), Some(l)) => format!("{f} {l}"),
        (Some(f), None) => f.clone(),
        _ if p.team_name.is_some() => String::new(),
        _ => p.user_name.clone().unwrap_or_default(),
    }
}

/// How a participant is named in messages ("chen@…", "team analysts").
fn label(p: &Participant) -> String {
    match p.kind {
        ParticipantType::Team => format!("team {}", p.display_name()),
        _ => p.display_name(),
    }
}

pub struct ParticipantsTab {
    pub list: Listing<Participant>,
    /// The access view (`v`), while it is shown.
    pub access: Option<AccessView>,
    /// The workspace the list is of.
    pub workspace: Option<WorkspaceId>,
    pub usage: Option<Usage>,
    /// The org's custom role names, offered after the built-in roles.
    pub custom_roles: Vec<String>,
}

impl Default for ParticipantsTab {
    fn default() -> Self {
        Self {
            list: Listing::new(participant_text, |p| p.id),
            access: None,
            workspace: None,
            usage: None,
            custom_roles: Vec::new(),
        }
    }
}

/// The key contexts this screen shows (for the clash check).
pub const KEY_CONTEXTS: &[&[Section]] = &[
    &[Section::Participants, Section::List, Section::Global],
    &[Section::Access, Section::List, Section::Global],
];

fn org_workspace<'c>(ctx: &'c Ctx) -> Option<(OrgId, &'c Workspace)> {
    let ws = ctx.current_workspace()?;
    Some((ws.org_id?, ws))
}

fn load(
    tab: &mut ParticipantsTab,
    ctx: &Ctx,
    org: OrgId,
    workspace: WorkspaceId,
    cmds: &mut Vec<Cmd>,
) {
    let req = ctx.req();
    tab.list.begin(req);
    cmds.push(Cmd::Load {
        req,
        what: Load::Participants { org, workspace },
    });
    if let Some(view) = &mut tab.access {
        let req = ctx.req();
        view.begin(req, workspace);
        cmds.push(Cmd::Load {
            req,
            what: Load::Access { org, workspace },
        });
    }
}

/// `v`: the access view opens (loading who has access) or closes.
fn toggle_access(tab: &mut ParticipantsTab, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
    cmds.push(Cmd::EndFilter);
    if tab.access.take().is_some() {
        return;
    }
    tab.access = Some(AccessView::default());
    if let Some((org, ws)) = org_workspace(ctx).map(|(o, w)| (o, w.id)) {
        load(tab, ctx, org, ws, cmds);
    }
}

/// Follows the current workspace: a new one starts empty and loads.
fn sync(tab: &mut ParticipantsTab, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
    if tab.workspace == ctx.current {
        return;
    }
    tab.list.clear();
    tab.list.set_filter("");
    tab.usage = None;
    tab.workspace = ctx.current;
    if let Some((org, ws)) = org_workspace(ctx).map(|(o, w)| (o, w.id)) {
        load(tab, ctx, org, ws, cmds);
    }
}

/// Loads the list again (after a change), keeping what is shown until the reply.
fn reload(tab: &mut ParticipantsTab, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
    if let Some((org, ws)) = org_workspace(ctx).map(|(o, w)| (o, w.id))
        && tab.workspace == Some(ws)
    {
        load(tab, ctx, org, ws, cmds);
    }
}

fn loaded(tab: &mut ParticipantsTab, req: ReqId, what: &Load, result: crate::domain::Result<Data>) {
    if let Load::Access { .. } = what {
        if let Some(view) = &mut tab.access {
            view.loaded(req, result);
        }
        return;
    }
    if !tab.list.is_pending(req) {
        return; // a reply for a workspace no longer shown, or an older request
    }
    match result {
        Ok(Data::Participants {
            workspace,
            items,
            usage,
            roles,
        }) if tab.workspace == Some(workspace) => {
            tab.list.set_items(items);
            tab.usage = Some(usage);
            tab.custom_roles = roles;
        }
        Ok(_) => {}
        Err(e) => tab.list.fail(e),
    }
}

/// Why an action of this tab is not allowed now, if it is not.
fn refusal(tab: &ParticipantsTab, ctx: &Ctx, action: Action) -> Option<String> {
    let Some(ws) = ctx.current_workspace() else {
        return Some("no current workspace".to_string());
    };
    if ws.is_personal() {
        return Some("personal workspaces have no participants".to_string());
    }
    let manage = || ctx.ws_refusal(ws, Permission::ManageParticipants);
    match action {
        Action::AddParticipant | Action::BulkAdd => manage().or_else(|| {
            let usage = tab.usage?;
            let tier = ctx.org(ws.org_id?)?.tier;
            usage
                .check_room(1, "participants per workspace", tier)
                .err()
                .map(|e| e.message)
        }),
        // Any participant may leave; the engine says when they hold no row of their own.
        Action::LeaveWorkspace => None,
        Action::ParticipantRole | Action::RemoveParticipant => {
            manage().or_else(|| match tab.list.selected_item() {
                None => Some("no participant selected".to_string()),
                Some(p) if p.role == WspRole::Owner => ctx.ws_refusal(ws, Permission::GrantOwner),
                Some(_) => None,
            })
        }
        _ => None,
    }
}

fn role_options(ctx: &Ctx, ws: &Workspace, choices: &[ParticipantRole]) -> Vec<ChoiceOption> {
    role_choices::role_options(choices, ctx.ws_refusal(ws, Permission::GrantOwner))
}

fn default_role_index() -> usize {
    WspRole::ALL
        .iter()
        .position(|r| *r == WspRole::DEFAULT)
        .unwrap_or(0)
}

fn usage_line(tab: &ParticipantsTab, ws: &Workspace) -> String {
    match tab.usage {
        Some(u) => format!("{} · participants {u}", ws.path()),
        None => ws.path(),
    }
}

/// Runs an action of this tab; false if it is not one.
fn handle(tab: &mut ParticipantsTab, ctx: &Ctx, action: Action, cmds: &mut Vec<Cmd>) -> bool {
    if let Some(done) = access_action(tab, ctx, action, cmds) {
        return done;
    }
    if !matches!(
        action,
        Action::AddParticipant
            | Action::BulkAdd
            | Action::ParticipantRole
            | Action::RemoveParticipant
            | Action::LeaveWorkspace
    ) {
        return false;
    }
    if let Some(why) = refusal(tab, ctx, action) {
        cmds.push(Cmd::error(why));
        return true;
    }
    let Some((org, ws)) = org_workspace(ctx) else {
        return true;
    };
    match action {
        Action::AddParticipant => open_add(tab, ctx, org, ws, cmds),
        Action::BulkAdd => cmds.push(Cmd::Open(bulk_form(tab, ctx, org, ws, ""))),
        Action::ParticipantRole => {
            if let Some(p) = tab.list.selected_item() {
                let choices = role_choices::role_choices(&tab.custom_roles);
                cmds.push(Cmd::Open(role_picker(ctx, org, ws, p, choices)));
            }
        }
        Action::LeaveWorkspace => cmds.push(Cmd::Open(leave(org, ws))),
        Action::RemoveParticipant => {
            if let Some(p) = tab.list.selected_item() {
                cmds.push(Cmd::Open(remove(ctx, org, ws, p)));
            }
        }
        _ => {}
    }
    true
}

/// The access view's own actions (`v`, and Enter on a team); None for the others.
fn access_action(
    tab: &mut ParticipantsTab,
    ctx: &Ctx,
    action: Action,
    cmds: &mut Vec<Cmd>,
) -> Option<bool> {
    match action {
        Action::AccessView => {
            match refusal(tab, ctx, action) {
                Some(why) => cmds.push(Cmd::error(why)),
                None => toggle_access(tab, ctx, cmds),
            }
            Some(true)
        }
        Action::FoldTeam => Some(tab.access.as_mut().is_some_and(AccessView::fold)),
        _ => None,
    }
}

/// The role picker of a participant: one change per role (built-in, then the org's custom).
fn role_picker(
    ctx: &Ctx,
    org: OrgId,
    ws: &Workspace,
    p: &Participant,
    choices: Vec<ParticipantRole>,
) -> Overlay {
    let custom = if choices.len() > WspRole::ALL.len() {
        " Then the org's custom roles."
    } else {
        ""
    };
    let picker = Picker::new(
        format!("Role of {}", label(p)),
        format!(
            "In {}. Highest first: owner, admin, maintain, launch, connect, view.{custom}{}",
            ws.path(),
            if p.kind == ParticipantType::Team {
                " Every member of the team gets it."
            } else {
                ""
            }
        ),
        role_options(ctx, ws, &choices),
        role_choices::position(&choices, &p.held_role()),
    );
    let changes = choices
        .into_iter()
        .map(|role| Mutation::SetParticipantRole {
            org,
            workspace: ws.id,
            participant: p.id,
            label: label(p),
            role,
        });
    Overlay::Picker(Box::new(picker), PickPurpose::Change(changes.collect()))
}

/// Removing a participant: a y/n question that says what it means for a team or for you.
fn remove(ctx: &Ctx, org: OrgId, ws: &Workspace, p: &Participant) -> Overlay {
    let me = ctx.session.map(|s| s.user.id);
    let mut message = format!("Remove {} from {}?", label(p), ws.path());
    if p.kind == ParticipantType::Team {
        message.push_str(" Its members lose the role the team gives them here.");
    } else if p.user_id.is_some() && p.user_id == me {
        message.push_str(" That is you: you lose access unless another role gives it.");
    }
    let op = Mutation::RemoveParticipant {
        org,
        workspace: ws.id,
        participant: p.id,
        label: label(p),
    };
    Overlay::Confirm(Box::new(Confirm::yes_no("Remove participant", message)), op)
}

/// Leaving the workspace yourself: a y/n question (the engine says when you cannot).
fn leave(org: OrgId, ws: &Workspace) -> Overlay {
    let message = format!(
        "Leave {}? Your own participant row goes; a team, an org default role or org ownership may still give you access.",
        ws.path()
    );
    let op = Mutation::LeaveWorkspace {
        org,
        workspace: ws.id,
        path: ws.path(),
    };
    Overlay::Confirm(Box::new(Confirm::yes_no("Leave workspace", message)), op)
}

/// What the add forms are about, with a title starting `what`.
fn add_to(tab: &ParticipantsTab, ctx: &Ctx, org: OrgId, ws: &Workspace, what: &str) -> AddTo {
    let intro = if what.starts_with("Bulk") {
        "each line is added on its own; emails not in the org become collaborators"
    } else {
        "a member's email, a team name, or any email (it becomes an org collaborator)"
    };
    let choices = role_choices::role_choices(&tab.custom_roles);
    AddTo {
        org,
        workspace: ws.id,
        title: format!("{what} {}", ws.path()),
        intro: format!("{} · {intro}", usage_line(tab, ws)),
        roles: role_options(ctx, ws, &choices),
        choices,
        role: default_role_index(),
    }
}

fn open_add(tab: &ParticipantsTab, ctx: &Ctx, org: OrgId, ws: &Workspace, cmds: &mut Vec<Cmd>) {
    let req = ctx.req();
    cmds.push(Cmd::Load {
        req,
        what: Load::Candidates(org),
    });
    let to = add_to(tab, ctx, org, ws, "Add a participant to");
    let taken = tab.list.items().iter().map(|p| (p.member_id, p.team_id));
    cmds.push(Cmd::Open(ParticipantForm::open(to, taken.collect(), req)));
}

fn bulk_form(tab: &ParticipantsTab, ctx: &Ctx, org: OrgId, ws: &Workspace, text: &str) -> Overlay {
    BulkAddForm::open(add_to(tab, ctx, org, ws, "Bulk add to"), text)
}

/// Text pasted on the screen itself opens the bulk add with it.
fn paste(tab: &ParticipantsTab, ctx: &Ctx, text: &str, cmds: &mut Vec<Cmd>) {
    if let Some(why) = refusal(tab, ctx, Action::BulkAdd) {
        cmds.push(Cmd::error(why));
        return;
    }
    if let Some((org, ws)) = org_workspace(ctx) {
        cmds.push(Cmd::Open(bulk_form(tab, ctx, org, ws, text)));
    }
}

/// Where the table is, inside the body (two lines below it describe the selection).
fn areas(body: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Min(0), Constraint::Length(2)]).areas(body)
}

impl Screen for ParticipantsTab {
    fn selected(&self, _ctx: &Ctx) -> Option<Selected> {
        let p = self.list.selected_item()?;
        let name = p
            .email
            .clone()
            .or_else(|| p.team_name.clone())
            .or_else(|| p.user_name.clone())
            .unwrap_or_default();
        Some(Selected::new("participant", p.id, name))
    }

    fn sections(&self) -> Vec<Section> {
        KEY_CONTEXTS[usize::from(self.access.is_some())].to_vec()
    }

    fn refusal(&self, ctx: &Ctx, action: Action) -> Option<String> {
        refusal(self, ctx, action)
    }

    fn handle(&mut self, ctx: &Ctx, action: Action, cmds: &mut Vec<Cmd>) -> bool {
        handle(self, ctx, action, cmds)
    }

    fn takes(&self, what: &Load) -> bool {
        matches!(what, Load::Participants { .. } | Load::Access { .. })
    }

    fn loaded(
        &mut self,
        _ctx: &Ctx,
        req: ReqId,
        what: Load,
        result: crate::domain::Result<Data>,
        _cmds: &mut Vec<Cmd>,
    ) {
        loaded(self, req, &what, result);
    }

    fn reload(&mut self, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
        reload(self, ctx, cmds);
    }

    fn sync(&mut self, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
        sync(self, ctx, cmds);
    }

    /// The header's workspace is the one Participants shows, shown or not.
    fn follows_current(&self) -> bool {
        true
    }

    fn is_busy(&self) -> bool {
        self.list.is_loading() || self.access.as_ref().is_some_and(|a| a.list.is_loading())
    }

    fn focused_list(&mut self) -> Option<&mut dyn Nav> {
        match &mut self.access {
            Some(view) => Some(&mut view.list),
            None => Some(&mut self.list),
        }
    }

    fn focused_list_ref(&self) -> Option<&dyn Nav> {
        match &self.access {
            Some(view) => Some(&view.list),
            None => Some(&self.list),
        }
    }

    /// A list pasted on the screen opens the bulk add with it.
    fn paste(&mut self, ctx: &Ctx, text: &str, cmds: &mut Vec<Cmd>) -> bool {
        paste(self, ctx, text, cmds);
        true
    }

    fn layout(&self, _ctx: &Ctx, body: Rect) -> Drawn {
        Drawn {
            table: Some(areas(body)[0]),
        }
    }

    fn render(&self, ctx: &Ctx, frame: &mut Frame, body: Rect, theme: &Theme) -> Drawn {
        render(self, frame, body, ctx, theme);
        self.layout(ctx, body)
    }
}

// Long: the table spec with its row cells (role and where it comes from) and the detail
// lines: one drawing pass in the order the screen reads.
fn render(tab: &ParticipantsTab, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
    let Some(ws) = ctx.current_workspace() else {
        super::boxes::no_workspace(frame, area, ctx, theme);
        return;
    };
    if ws.is_personal() {
        let switch = ctx.keys.label(Section::Global, Action::Switcher);
        let text = format!(
            "{} is your personal workspace. Personal workspaces have no participants: only you can see them.\n\nTo manage participants, make an org workspace current: press {switch}, or choose one on the Workspaces tab.",
            ws.path()
        );
        let inner_w = area.width.saturating_sub(4) as usize;
        let lines: Vec<Line> = wrap(&text, inner_w)
            .into_iter()
            .map(|l| Line::styled(format!(" {l}"), theme.text()))
            .collect();
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme.border())
                    .title(Span::styled(" Participants ", theme.title())),
            ),
            area,
        );
        return;
    }
    if let Some(view) = &tab.access {
        super::access::render(view, frame, area, ctx, ws, theme);
        return;
    }
    let [table_rect, detail] = areas(area);
    let wide = area.width >= 100;
    let mut title = vec![Span::styled(
        format!("Participants of {}", ws.path()),
        theme.title(),
    )];
    if let Some(u) = tab.usage {
        let style = if u.is_full() {
            theme.warning()
        } else {
            theme.muted()
        };
        title.push(Span::styled(format!(" · {u}"), style));
    }
    let mut columns = vec![Column::new("Name or email", 20)];
    if wide {
        columns.push(Column::new("Name", 6));
    }
    columns.extend([
        Column::new("Type", 6),
        Column::new("Role", 7),
        Column::new("Effective role (source)", 10),
    ]);
    let spec = TableSpec {
        title,
        columns,
        focused: true,
        empty: "no participants yet".into(),
        noun: ("participant", "participants"),
        editing: ctx.filter_input,
        retry: ctx.keys.label(Section::Global, Action::Refresh),
    };
    table::render(
        frame,
        table_rect,
        theme,
        &tab.list,
        spec,
        ctx.spinner(),
        |p| {
            let effective = match (&p.effective, p.kind) {
                (_, ParticipantType::Team) => {
                    let role = p.held_role();
                    Span::styled(format!("gives {role} to its members"), theme.muted())
                }
                (Some(e), _) if e.role_name() != Some(p.held_role().name()) => {
                    Span::styled(e.summary(), theme.accent())
                }
                (Some(e), _) => Span::styled(e.summary(), theme.muted()),
                (None, _) => Span::styled("-", theme.muted()),
            };
            let mut cells = vec![Span::from(p.display_name())];
            if wide {
                cells.push(Span::styled(person(p), theme.muted()));
            }
            cells.push(Span::from(p.kind.to_string()));
            cells.push(Span::from(p.held_role().to_string()));
            cells.push(effective);
            cells
        },
    );
    render_detail(tab, frame, detail, ctx, ws, theme);
}

fn render_detail(
    tab: &ParticipantsTab,
    frame: &mut Frame,
    area: Rect,
    ctx: &Ctx,
    ws: &Workspace,
    theme: &Theme,
) {
    let width = area.width.saturating_sub(2) as usize;
    let about = tab
        .list
        .selected_item()
        .map(|p| match p.kind {
            ParticipantType::Team => format!(
                "team {} · every member gets {} here (unless they hold more)",
                p.display_name(),
                p.held_role()
            ),
            _ => {
                let grants = p
                    .effective
                    .as_ref()
                    .map(|e| {
                        e.grants
                            .iter()
                            .map(|g| format!("{} ({})", g.role_name(), g.source))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default();
                let who = person(p);
                let org_role = p
                    .org_role
                    .map(|r| format!(" · org {r}"))
                    .unwrap_or_default();
                format!("{who}{org_role} · holds: {grants}")
            }
        })
        .unwrap_or_default();
    let mut lines = vec![Line::styled(
        format!(" {}", truncate(&about, width)),
        theme.muted(),
    )];
    let read_only = ctx
        .ws_refusal(ws, Permission::ManageParticipants)
        .map(|why| format!("read-only: {why}"));
    let full = || {
        refusal(tab, ctx, Action::AddParticipant)
            .filter(|w| w.contains("tier allows"))
            .map(|why| format!("full: {why}"))
    };
    if let Some(note) = read_only.or_else(full) {
        lines.push(Line::styled(
            format!(" {}", truncate(&note, width)),
            theme.warning(),
        ));
    } else {
        lines.push(Line::styled(
            format!(" you are {} here", ws.my_role.summary()),
            theme.muted(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
