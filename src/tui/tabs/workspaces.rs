//! The Workspaces tab: the personal workspace and each org with its workspaces, and for the
//! selected org its members and its teams (with each team's members), as four panes moved
//! through with `h`/`l`.

use super::workspaces_forms::{MemberForm, OrgForm, TeamForm, TeamMemberForm, WorkspaceForm};
use crate::domain::Harm;
use crate::domain::roles::{default_role_refusal, losing_owner_refusal};
use crate::domain::{
    Member, Org, OrgId, OrgRole, OrgUsage, Permission, Team, TeamId, Visibility, Workspace,
    WorkspaceId, WspRole,
};
use crate::tui::cmd::Cmd;
use crate::tui::context::Ctx;
use crate::tui::guard::Guarded;
use crate::tui::keys::{Action, Section};
use crate::tui::overlay::{Overlay, PickPurpose};
use crate::tui::request::{Data, ReqId};
use crate::tui::request::{Load, Mutation};
use crate::tui::screen::{Drawn, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::confirm::Confirm;
use crate::tui::widgets::form::ChoiceOption;
use crate::tui::widgets::list::Nav;
use crate::tui::widgets::list::{Group, Listing};
use crate::tui::widgets::picker::Picker;
use crate::tui::widgets::table::mouse_on_table;
use crate::tui::widgets::table::{self, Column, TableSpec};
use crate::tui::widgets::text::truncate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// The panes of the tab, left to right.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Pane {
    #[default]
    Workspaces,
    Members,
    Teams,
    TeamMembers,
}

/// The key contexts this screen shows, one per pane in `Pane::ALL` order (for routing and
/// the clash check).
pub const KEY_CONTEXTS: &[&[Section]] = &[
    &[
        Section::Workspaces,
        Section::Panes,
        Section::List,
        Section::Global,
    ],
    &[
        Section::Members,
        Section::Panes,
        Section::List,
        Section::Global,
    ],
    &[
        Section::Teams,
        Section::Panes,
        Section::List,
        Section::Global,
    ],
    &[
        Section::TeamMembers,
        Section::Panes,
        Section::List,
        Section::Global,
    ],
];

impl Pane {
    pub const ALL: [Pane; 4] = [
        Pane::Workspaces,
        Pane::Members,
        Pane::Teams,
        Pane::TeamMembers,
    ];

    pub fn section(self) -> Section {
        match self {
            Pane::Workspaces => Section::Workspaces,
            Pane::Members => Section::Members,
            Pane::Teams => Section::Teams,
            Pane::TeamMembers => Section::TeamMembers,
        }
    }

    /// The sections that hold keys on this pane, in routing order (one of `KEY_CONTEXTS`).
    pub fn sections(self) -> Vec<Section> {
        KEY_CONTEXTS[self.index()].to_vec()
    }

    fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }
}

/// A row of the workspaces pane: an org heading or a workspace.
#[derive(Clone, Debug, PartialEq)]
pub enum WsRow {
    Org(Org),
    Workspace(Workspace),
}

impl WsRow {
    pub fn workspace_id(&self) -> Option<WorkspaceId> {
        match self {
            WsRow::Workspace(w) => Some(w.id),
            WsRow::Org(_) => None,
        }
    }

    fn org_id(&self) -> Option<OrgId> {
        match self {
            WsRow::Workspace(w) => w.org_id,
            WsRow::Org(o) => Some(o.id),
        }
    }
}

fn ws_row_text(r: &WsRow) -> String {
    match r {
        WsRow::Org(o) => format!("{} {}", o.name, o.full_name),
        WsRow::Workspace(w) => format!("{} {} {}", w.path(), w.full_name, w.visibility),
    }
}

fn ws_row_id(r: &WsRow) -> i64 {
    match r {
        WsRow::Org(o) => -o.id,
        WsRow::Workspace(w) => w.id,
    }
}

fn ws_row_group(r: &WsRow) -> Group {
    match r {
        WsRow::Org(o) => Group::Header(o.id),
        WsRow::Workspace(w) => w.org_id.map_or(Group::None, Group::Member),
    }
}

pub fn member_name(m: &Member) -> String {
    match (&m.first_name, &m.last_name) {
        (Some(f), Some(l)) => format!("{f} {l}"),
        (Some(f), None) => f.clone(),
        _ => m.user_name.clone(),
    }
}

fn member_text(m: &Member) -> String {
    format!("{} {} {}", m.email, member_name(m), m.role)
}

fn team_text(t: &Team) -> String {
    format!("{} {}", t.name, t.description)
}

pub struct WorkspacesTab {
    pub pane: Pane,
    pub list: Listing<WsRow>,
    /// The workspace to make current when the first list arrives (`--workspace`).
    pub start: Option<WorkspaceId>,
    /// The data the list is built from.
    /// Shared with every screen's `Ctx` (replaced whole on each load).
    pub workspaces: Arc<Vec<Workspace>>,
    pub orgs: Arc<Vec<Org>>,
    pub usage: HashMap<OrgId, OrgUsage>,
    pub members: Listing<Member>,
    pub members_org: Option<OrgId>,
    pub teams: Listing<Team>,
    pub teams_org: Option<OrgId>,
    pub team_members: Listing<Member>,
    pub team_members_of: Option<(OrgId, TeamId)>,
    /// Orgs whose workspaces are folded away (Enter on the org's row).
    pub collapsed: BTreeSet<OrgId>,
}

impl Default for WorkspacesTab {
    fn default() -> Self {
        Self {
            pane: Pane::Workspaces,
            list: Listing::new(ws_row_text, ws_row_id).with_groups(ws_row_group),
            start: None,
            workspaces: Arc::default(),
            orgs: Arc::default(),
            usage: HashMap::new(),
            members: Listing::new(member_text, |m| m.member_id),
            members_org: None,
            teams: Listing::new(team_text, |t| t.id),
            teams_org: None,
            team_members: Listing::new(member_text, |m| m.member_id),
            team_members_of: None,
            collapsed: BTreeSet::new(),
        }
    }
}

impl WorkspacesTab {
    pub fn is_loading(&self) -> bool {
        self.list.is_loading()
            || self.members.is_loading()
            || self.teams.is_loading()
            || self.team_members.is_loading()
    }

    pub fn focused_list(&mut self) -> &mut dyn Nav {
        match self.pane {
            Pane::Workspaces => &mut self.list,
            Pane::Members => &mut self.members,
            Pane::Teams => &mut self.teams,
            Pane::TeamMembers => &mut self.team_members,
        }
    }

    pub fn focused_list_ref(&self) -> &dyn Nav {
        match self.pane {
            Pane::Workspaces => &self.list,
            Pane::Members => &self.members,
            Pane::Teams => &self.teams,
            Pane::TeamMembers => &self.team_members,
        }
    }

    pub fn org(&self, id: OrgId) -> Option<&Org> {
        self.orgs.iter().find(|o| o.id == id)
    }

    fn selected_team(&self) -> Option<&Team> {
        self.teams.selected_item()
    }
}

/// The personal workspace, then each org followed by its workspaces (unless it is folded).
fn rows(workspaces: &[Workspace], orgs: &[Org], collapsed: &BTreeSet<OrgId>) -> Vec<WsRow> {
    let mut out: Vec<WsRow> = workspaces
        .iter()
        .filter(|w| w.is_personal())
        .cloned()
        .map(WsRow::Workspace)
        .collect();
    let mut orgs: Vec<&Org> = orgs.iter().collect();
    orgs.sort_by(|a, b| a.name.cmp(&b.name));
    for org in &orgs {
        out.push(WsRow::Org((*org).clone()));
        if collapsed.contains(&org.id) {
            continue;
        }
        out.extend(
            workspaces
                .iter()
                .filter(|w| w.org_id == Some(org.id))
                .cloned()
                .map(WsRow::Workspace),
        );
    }
    // Workspaces of orgs the user is not in (SHARED ones), after the rest.
    out.extend(
        workspaces
            .iter()
            .filter(|w| w.org_id.is_some_and(|id| !orgs.iter().any(|o| o.id == id)))
            .cloned()
            .map(WsRow::Workspace),
    );
    out
}

/// Asks for the workspaces (with orgs and usage).
pub fn load(tab: &mut WorkspacesTab, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
    let req = ctx.req();
    tab.list.begin(req);
    cmds.push(Cmd::Load {
        req,
        what: Load::Workspaces,
    });
}

/// The org the members and teams panes show: the selected row's, else the current
/// workspace's, else the first.
pub fn pane_org<'t>(tab: &'t WorkspacesTab, ctx: &Ctx) -> Option<&'t Org> {
    let id = tab
        .list
        .selected_item()
        .and_then(WsRow::org_id)
        .or_else(|| ctx.current_workspace().and_then(|w| w.org_id))
        .or_else(|| tab.orgs.first().map(|o| o.id))?;
    tab.org(id)
}

fn load_members(tab: &mut WorkspacesTab, ctx: &Ctx, org: OrgId, cmds: &mut Vec<Cmd>) {
    if tab.members_org != Some(org) {
        tab.members.clear();
        tab.members_org = Some(org);
    }
    let req = ctx.req();
    tab.members.begin(req);
    cmds.push(Cmd::Load {
        req,
        what: Load::Members(org),
    });
}

fn load_teams(tab: &mut WorkspacesTab, ctx: &Ctx, org: OrgId, cmds: &mut Vec<Cmd>) {
    if tab.teams_org != Some(org) {
        tab.teams.clear();
        tab.teams_org = Some(org);
    }
    let req = ctx.req();
    tab.teams.begin(req);
    cmds.push(Cmd::Load {
        req,
        what: Load::Teams(org),
    });
}

fn load_team_members(
    tab: &mut WorkspacesTab,
    ctx: &Ctx,
    org: OrgId,
    team: TeamId,
    cmds: &mut Vec<Cmd>,
) {
    if tab.team_members_of != Some((org, team)) {
        tab.team_members.clear();
        tab.team_members_of = Some((org, team));
    }
    let req = ctx.req();
    tab.team_members.begin(req);
    cmds.push(Cmd::Load {
        req,
        what: Load::TeamMembers { org, team },
    });
}

/// Loads what the pane shows, if it shows another org (or team) than it has.
fn ensure_pane(tab: &mut WorkspacesTab, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
    let Some(org) = pane_org(tab, ctx).map(|o| o.id) else {
        return;
    };
    match tab.pane {
        Pane::Workspaces => {}
        Pane::Members => {
            if tab.members_org != Some(org) {
                load_members(tab, ctx, org, cmds);
            }
        }
        Pane::Teams | Pane::TeamMembers => {
            if tab.teams_org != Some(org) {
                load_teams(tab, ctx, org, cmds);
            } else {
                ensure_team_members(tab, ctx, cmds);
            }
        }
    }
}

fn ensure_team_members(tab: &mut WorkspacesTab, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
    let Some(org) = tab.teams_org else {
        return;
    };
    match tab.selected_team().map(|t| t.id) {
        Some(team) if tab.team_members_of != Some((org, team)) => {
            load_team_members(tab, ctx, org, team, cmds)
        }
        Some(_) => {}
        None => {
            tab.team_members.clear();
            tab.team_members_of = None;
        }
    }
}

/// The selection of the focused pane moved.
fn selection_changed(tab: &mut WorkspacesTab, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
    if tab.pane == Pane::Teams {
        ensure_team_members(tab, ctx, cmds);
    }
}

/// Reloads the member and team panes that hold data (after a change).
pub fn reload_panes(tab: &mut WorkspacesTab, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
    if let Some(org) = tab.members_org {
        load_members(tab, ctx, org, cmds);
    }
    if let Some(org) = tab.teams_org {
        load_teams(tab, ctx, org, cmds);
    }
    if let Some((org, team)) = tab.team_members_of {
        load_team_members(tab, ctx, org, team, cmds);
    }
}

/// A reply for one of this tab's lists.
fn loaded(
    tab: &mut WorkspacesTab,
    ctx: &Ctx,
    req: ReqId,
    result: crate::domain::Result<Data>,
    cmds: &mut Vec<Cmd>,
) {
    let ws = tab;
    match result {
        Ok(Data::Workspaces {
            workspaces,
            orgs,
            usage,
        }) if ws.list.is_pending(req) => {
            ws.list.set_items(rows(&workspaces, &orgs, &ws.collapsed));
            ws.workspaces = Arc::new(workspaces);
            ws.orgs = Arc::new(orgs);
            ws.usage = usage.into_iter().collect();
            // The current workspace is looked up in the new list.
            let current_ok = ctx
                .current
                .is_some_and(|id| ws.workspaces.iter().any(|w| w.id == id));
            if !current_ok {
                // The start workspace (`--workspace`) once, else the first org workspace where
                // the user has a role, else the personal one.
                let start = ws.start.take();
                let pick = ws
                    .workspaces
                    .iter()
                    .find(|w| Some(w.id) == start)
                    .or_else(|| {
                        ws.workspaces
                            .iter()
                            .find(|w| !w.is_personal() && w.my_role.role().is_some())
                    })
                    .or_else(|| ws.workspaces.first())
                    .map(|w| w.id);
                cmds.push(Cmd::SetCurrent(pick));
                if let Some(id) = pick
                    && ws.list.selected() == 0
                {
                    ws.list.select_where(|r| r.workspace_id() == Some(id));
                }
            }
        }
        Ok(Data::Members(org, items))
            if ws.members.is_pending(req) && ws.members_org == Some(org) =>
        {
            ws.members.set_items(items)
        }
        Ok(Data::Teams(org, items)) if ws.teams.is_pending(req) && ws.teams_org == Some(org) => {
            ws.teams.set_items(items);
            ensure_team_members(ws, ctx, cmds);
        }
        Ok(Data::TeamMembers(team, items))
            if ws.team_members.is_pending(req) && ws.team_members_of.map(|t| t.1) == Some(team) =>
        {
            ws.team_members.set_items(items)
        }
        Ok(_) => {} // a stale reply: a newer request is out
        Err(e) => {
            if ws.members.is_pending(req) {
                ws.members.fail(e.clone());
            }
            if ws.teams.is_pending(req) {
                ws.teams.fail(e.clone());
            }
            if ws.team_members.is_pending(req) {
                ws.team_members.fail(e.clone());
            }
            if ws.list.is_pending(req) {
                ws.list.fail(e);
            }
        }
    }
}

/// Why an action of this tab is not allowed now, if it is not.
// Long: one arm per action of the four panes, each with the rule that refuses it; kept in one
// table so the help and the keys show the same reason.
pub fn refusal(tab: &WorkspacesTab, ctx: &Ctx, action: Action) -> Option<String> {
    let org = pane_org(tab, ctx);
    let owner = |what: &str| match org {
        Some(o) => ctx.org_refusal(o, what),
        None => Some("you belong to no organization".to_string()),
    };
    let usage = org.and_then(|o| tab.usage.get(&o.id));
    let selected = tab.list.selected_item();
    let member = tab.members.selected_item();
    match action {
        Action::SelectWorkspace => match selected {
            Some(WsRow::Workspace(_)) => None,
            // On an org's row, Enter folds or unfolds its workspaces.
            Some(WsRow::Org(_)) => None,
            None => Some("no workspace selected".to_string()),
        },
        Action::NewWorkspace => owner("create workspaces").or_else(|| {
            let u = usage?;
            u.workspaces
                .check_room(1, "workspaces", u.tier)
                .err()
                .map(|e| e.message)
        }),
        Action::EditWorkspace | Action::DeleteWorkspace => {
            let (verb, permission) = if action == Action::EditWorkspace {
                ("edited", Permission::EditWorkspace)
            } else {
                ("deleted", Permission::DeleteWorkspace)
            };
            match selected {
                Some(WsRow::Workspace(w)) if w.is_personal() => {
                    Some(format!("a personal workspace cannot be {verb}"))
                }
                Some(WsRow::Workspace(w)) => ctx.ws_refusal(w, permission),
                // On an org's row the same keys edit or delete the org (its owners).
                Some(WsRow::Org(o)) => ctx.org_refusal(
                    o,
                    if action == Action::EditWorkspace {
                        "edit it"
                    } else {
                        "delete it"
                    },
                ),
                None => Some("select a workspace first".to_string()),
            }
        }
        Action::AddMember => owner("add members").or_else(|| {
            let u = usage?;
            u.members
                .check_room(1, "members", u.tier)
                .err()
                .map(|e| e.message)
        }),
        Action::MemberRole => owner("change member roles")
            .or_else(|| member.is_none().then(|| "no member selected".to_string())),
        // The last owner is refused before any confirmation, with the engine's rule.
        Action::RemoveMember => owner("remove members").or_else(|| match member {
            None => Some("no member selected".to_string()),
            Some(mem) => losing_owner(tab, mem),
        }),
        // Anyone may leave; the engine keeps the last owner.
        Action::LeaveOrg => org
            .is_none()
            .then(|| "no organization selected".to_string()),
        Action::DefaultRole => owner("set default roles").or_else(|| match member {
            None => Some("no member selected".to_string()),
            Some(mem) => default_role_refusal(mem.role).map(str::to_string),
        }),
        Action::NewTeam => owner("create teams").or_else(|| {
            let u = usage?;
            u.teams
                .check_room(1, "teams", u.tier)
                .err()
                .map(|e| e.message)
        }),
        Action::EditTeam => owner("edit teams").or_else(|| {
            tab.selected_team()
                .is_none()
                .then(|| "no team selected".to_string())
        }),
        Action::DeleteTeam => owner("delete teams").or_else(|| {
            tab.selected_team()
                .is_none()
                .then(|| "no team selected".to_string())
        }),
        Action::OpenTeam => tab
            .selected_team()
            .is_none()
            .then(|| "no team selected".to_string()),
        Action::AddTeamMember => owner("change team members").or_else(|| {
            tab.team_members_of
                .is_none()
                .then(|| "no team selected".to_string())
        }),
        Action::RemoveTeamMember => owner("change team members").or_else(|| {
            tab.team_members
                .selected_item()
                .is_none()
                .then(|| "no team member selected".to_string())
        }),
        _ => None,
    }
}

/// Runs an action of this tab; false if it is not one.
pub fn handle(tab: &mut WorkspacesTab, ctx: &Ctx, action: Action, cmds: &mut Vec<Cmd>) -> bool {
    match action {
        Action::PrevPane | Action::NextPane => {
            let i = tab.pane.index();
            let j = if action == Action::NextPane {
                (i + 1).min(Pane::ALL.len() - 1)
            } else {
                i.saturating_sub(1)
            };
            tab.pane = Pane::ALL[j];
            cmds.push(Cmd::EndFilter);
            ensure_pane(tab, ctx, cmds);
            return true;
        }
        Action::SelectWorkspace
        | Action::NewWorkspace
        | Action::EditWorkspace
        | Action::DeleteWorkspace
        | Action::AddMember
        | Action::MemberRole
        | Action::DefaultRole
        | Action::RemoveMember
        | Action::LeaveOrg
        | Action::OpenTeam
        | Action::NewTeam
        | Action::DeleteTeam
        | Action::EditTeam
        | Action::AddTeamMember
        | Action::RemoveTeamMember => {}
        Action::NewOrg => {
            // Anyone may found an org; it needs no org selected.
            cmds.push(Cmd::Open(OrgForm::create(ctx.operator())));
            return true;
        }
        _ => return false,
    }
    if let Some(why) = refusal(tab, ctx, action) {
        cmds.push(Cmd::error(why));
        return true;
    }
    if action == Action::SelectWorkspace {
        match tab.list.selected_item() {
            Some(WsRow::Workspace(w)) => cmds.push(Cmd::SetCurrent(Some(w.id))),
            Some(WsRow::Org(o)) => {
                let id = o.id;
                if !tab.collapsed.remove(&id) {
                    tab.collapsed.insert(id);
                }
                // A reload under way brings the rows folded the same way.
                if !tab.list.is_loading() {
                    tab.list
                        .set_items(rows(&tab.workspaces, &tab.orgs, &tab.collapsed));
                }
            }
            None => {}
        }
        return true;
    }
    // Everything else concerns the selected org.
    let Some(org) = pane_org(tab, ctx).cloned() else {
        return true;
    };
    match action {
        Action::NewWorkspace | Action::EditWorkspace | Action::DeleteWorkspace => {
            workspace_action(tab, ctx, &org, action, cmds)
        }
        Action::AddMember | Action::MemberRole | Action::DefaultRole | Action::RemoveMember => {
            member_action(tab, &org, action, cmds)
        }
        Action::LeaveOrg => cmds.push(Cmd::Open(leave_org(&org))),
        _ => team_action(tab, ctx, &org, action, cmds),
    }
    true
}

/// Deleting an org: type its name; the question says what goes with it, and the impact
/// lists its workspaces, members and runs once loaded.
fn delete_org(tab: &WorkspacesTab, o: &Org) -> Guarded {
    let what = match tab.usage.get(&o.id) {
        Some(u) => format!(
            "{} workspace{} (with their pipelines, runs, compute environments, credentials and settings), {} member{}, {} collaborator{} and {} team{}",
            u.workspaces.used,
            plural(u.workspaces.used),
            u.members.used,
            plural(u.members.used),
            u.collaborators,
            plural(u.collaborators),
            u.teams.used,
            plural(u.teams.used)
        ),
        None => "all its workspaces (with their pipelines, runs, compute environments, credentials and settings), members and teams".to_string(),
    };
    let question = format!(
        "This deletes organization {} and everything in it: {what}. It cannot be undone.",
        o.name
    );
    let op = Mutation::DeleteOrg {
        org: o.id,
        name: o.name.clone(),
    };
    let harm = Harm::DeleteOrg { org: o.id };
    Guarded::new(harm, "Delete organization", question, &o.name, op).typed()
}

/// Leaving an org yourself: a y/n question (the engine keeps its last owner).
fn leave_org(org: &Org) -> Overlay {
    let confirm = Confirm::yes_no(
        "Leave organization",
        format!(
            "Leave {}? You lose its workspaces, teams and default role; an owner must add you again.",
            org.name
        ),
    );
    let op = Mutation::LeaveOrg {
        org: org.id,
        name: org.name.clone(),
    };
    Overlay::Confirm(Box::new(confirm), op)
}

/// Asks for what a guarded change affects; its confirmation follows (`guard`).
fn guard(ctx: &Ctx, guarded: Guarded, cmds: &mut Vec<Cmd>) {
    cmds.push(Cmd::Guard {
        req: ctx.req(),
        guarded: Box::new(guarded),
    });
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The org's name, tier and usage, for the intro of its forms.
fn org_line(tab: &WorkspacesTab, org: &Org) -> String {
    let mut s = format!("{} · {} tier", org.full_name, org.tier);
    if let Some(u) = tab.usage.get(&org.id) {
        s.push_str(&format!(
            " · members {} · workspaces {} · teams {}",
            u.members, u.workspaces, u.teams
        ));
    }
    s
}

/// New, edit or delete a workspace of `org`.
fn workspace_action(
    tab: &WorkspacesTab,
    ctx: &Ctx,
    org: &Org,
    action: Action,
    cmds: &mut Vec<Cmd>,
) {
    if let Some(WsRow::Org(o)) = tab.list.selected_item() {
        match action {
            Action::EditWorkspace => cmds.push(Cmd::Open(OrgForm::edit(o, ctx.operator()))),
            Action::DeleteWorkspace => guard(ctx, delete_org(tab, o), cmds),
            _ => {}
        }
        if action != Action::NewWorkspace {
            return;
        }
    }
    match action {
        Action::NewWorkspace => {
            let intro = org_line(tab, org);
            cmds.push(Cmd::Open(WorkspaceForm::create(org.id, &org.name, intro)));
        }
        Action::EditWorkspace => {
            if let Some(WsRow::Workspace(w)) = tab.list.selected_item() {
                cmds.push(Cmd::Open(WorkspaceForm::edit(org.id, w)));
            }
        }
        Action::DeleteWorkspace => {
            if let Some(WsRow::Workspace(w)) = tab.list.selected_item() {
                guard(ctx, delete_workspace(org.id, w), cmds);
            }
        }
        _ => {}
    }
}

/// The last-owner rule for a member of the loaded Members list (every owner is in it).
fn losing_owner(tab: &WorkspacesTab, mem: &Member) -> Option<String> {
    let owners = tab
        .members
        .items()
        .iter()
        .filter(|x| x.role == OrgRole::Owner)
        .count();
    losing_owner_refusal(mem.role, owners as u64, &mem.email)
}

/// Deleting a workspace: type its name; the impact lists its runs, pipelines, actions,
/// secrets and compute environments once loaded.
pub fn delete_workspace(org: OrgId, w: &Workspace) -> Guarded {
    let question = format!(
        "This deletes {} and everything in it: participants, pipelines, runs, compute environments, credentials and settings. It cannot be undone.",
        w.path()
    );
    let op = Mutation::DeleteWorkspace {
        org,
        workspace: w.id,
        path: w.path(),
    };
    let harm = Harm::DeleteWorkspace {
        org,
        workspace: w.id,
    };
    Guarded::new(harm, "Delete workspace", question, &w.name, op).typed()
}

/// Add a member to `org`, change their org or default role, remove them.
// Long: the two role pickers spell out their options and the change each option asks for.
fn member_action(tab: &WorkspacesTab, org: &Org, action: Action, cmds: &mut Vec<Cmd>) {
    match action {
        Action::AddMember => cmds.push(Cmd::Open(MemberForm::open(org.id, &org.name))),
        Action::MemberRole => {
            if let Some(mem) = tab.members.selected_item() {
                let last_owner = losing_owner(tab, mem);
                let options = OrgRole::ALL
                    .iter()
                    .map(|r| ChoiceOption {
                        label: r.to_string(),
                        disabled: last_owner.clone().filter(|_| *r != OrgRole::Owner),
                    })
                    .collect();
                let current = OrgRole::ALL.iter().position(|r| *r == mem.role);
                let picker = Picker::new(
                    format!("Org role of {}", mem.email),
                    "Owners run the org: members, teams and workspaces, and own every workspace. Members join workspaces as participants; collaborators only where they are added.",
                    options,
                    current,
                );
                let changes = OrgRole::ALL.iter().map(|r| Mutation::SetMemberRole {
                    org: org.id,
                    member: mem.member_id,
                    email: mem.email.clone(),
                    role: *r,
                });
                let purpose = PickPurpose::Change(changes.collect());
                cmds.push(Cmd::Open(Overlay::Picker(Box::new(picker), purpose)));
            }
        }
        Action::DefaultRole => {
            if let Some(mem) = tab.members.selected_item() {
                let mut options = vec![ChoiceOption::new("none")];
                options.extend(WspRole::ALL.iter().map(|r| ChoiceOption::new(r.as_str())));
                let current = match mem.default_role {
                    None => Some(0),
                    Some(r) => WspRole::ALL.iter().position(|x| *x == r).map(|i| i + 1),
                };
                let picker = Picker::new(
                    format!("Default role of {}", mem.email),
                    format!(
                        "The role {} holds in every workspace of {}, including ones created later.",
                        mem.email, org.name
                    ),
                    options,
                    current,
                );
                let roles = std::iter::once(None).chain(WspRole::ALL.iter().map(|r| Some(*r)));
                let changes = roles.map(|role| Mutation::SetDefaultRole {
                    org: org.id,
                    member: mem.member_id,
                    email: mem.email.clone(),
                    role,
                });
                let purpose = PickPurpose::Change(changes.collect());
                cmds.push(Cmd::Open(Overlay::Picker(Box::new(picker), purpose)));
            }
        }
        Action::RemoveMember => {
            if let Some(mem) = tab.members.selected_item() {
                let confirm = Confirm::yes_no(
                    "Remove member",
                    format!(
                        "Remove {} from {}? They leave its teams and workspaces.",
                        mem.email, org.name
                    ),
                );
                let op = Mutation::RemoveMember {
                    org: org.id,
                    member: mem.member_id,
                    email: mem.email.clone(),
                };
                cmds.push(Cmd::Open(Overlay::Confirm(Box::new(confirm), op)));
            }
        }
        _ => {}
    }
}

/// Open a team, new or delete a team of `org`, add or remove a team's member.
fn team_action(tab: &mut WorkspacesTab, ctx: &Ctx, org: &Org, action: Action, cmds: &mut Vec<Cmd>) {
    match action {
        Action::OpenTeam => {
            tab.pane = Pane::TeamMembers;
            ensure_team_members(tab, ctx, cmds);
        }
        Action::NewTeam => {
            let intro = org_line(tab, org);
            cmds.push(Cmd::Open(TeamForm::create(org.id, &org.name, intro)));
        }
        Action::EditTeam => {
            if let Some(team) = tab.selected_team() {
                cmds.push(Cmd::Open(TeamForm::edit(org, team)));
            }
        }
        Action::DeleteTeam => {
            if let Some(team) = tab.selected_team() {
                let question = format!(
                    "Delete team {}? Its members stay in {}; workspaces where the team takes part lose it.",
                    team.name, org.name
                );
                let op = Mutation::DeleteTeam {
                    org: org.id,
                    team: team.id,
                    name: team.name.clone(),
                };
                let harm = Harm::DeleteTeam {
                    org: org.id,
                    team: team.id,
                };
                let guarded = Guarded::new(harm, "Delete team", question, &team.name, op);
                guard(ctx, guarded, cmds);
            }
        }
        Action::AddTeamMember => {
            let team = tab.team_members_of.and_then(|(_, id)| {
                tab.teams
                    .items()
                    .iter()
                    .find(|t| t.id == id)
                    .map(|t| (t.id, t.name.clone()))
            });
            if let Some(team) = team {
                let req = ctx.req();
                cmds.push(Cmd::Load {
                    req,
                    what: Load::Candidates(org.id),
                });
                let members = tab.team_members.items().iter().map(|t| t.member_id);
                let form = TeamMemberForm::open((org.id, &org.name), team, members.collect(), req);
                cmds.push(Cmd::Open(form));
            }
        }
        Action::RemoveTeamMember => {
            let team = tab.team_members_of.and_then(|(_, id)| {
                tab.teams
                    .items()
                    .iter()
                    .find(|t| t.id == id)
                    .map(|t| (t.id, t.name.clone()))
            });
            if let (Some((team, team_name)), Some(mem)) = (team, tab.team_members.selected_item()) {
                let confirm = Confirm::yes_no(
                    "Remove from team",
                    format!(
                        "Remove {} from team {team_name}? They stay in {}.",
                        mem.email, org.name
                    ),
                );
                let op = Mutation::RemoveTeamMember {
                    org: org.id,
                    team,
                    team_name,
                    member: mem.member_id,
                    email: mem.email.clone(),
                };
                cmds.push(Cmd::Open(Overlay::Confirm(Box::new(confirm), op)));
            }
        }
        _ => {}
    }
}

/// Where the tab's parts are, inside the body.
pub struct Areas {
    pub strip: Rect,
    pub main: Rect,
    pub side: Option<Rect>,
    pub detail: Rect,
}

pub fn areas(body: Rect, pane: Pane) -> Areas {
    let [strip, middle, detail] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(2),
    ])
    .areas(body);
    match pane {
        Pane::Teams | Pane::TeamMembers => {
            let [main, side] =
                Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
                    .areas(middle);
            Areas {
                strip,
                main,
                side: Some(side),
                detail,
            }
        }
        _ => Areas {
            strip,
            main: middle,
            side: None,
            detail,
        },
    }
}

/// The table area of the focused pane.
fn focused_table_area(tab: &WorkspacesTab, body: Rect) -> Rect {
    let a = areas(body, tab.pane);
    match (tab.pane, a.side) {
        (Pane::TeamMembers, Some(side)) => side,
        _ => a.main,
    }
}

/// The pane labels of the strip and where they are.
fn strip_spots(tab: &WorkspacesTab, ctx: &Ctx, strip: Rect) -> Vec<(Pane, u16, String)> {
    let org = pane_org(tab, ctx)
        .map(|o| format!("· {} ", o.name))
        .unwrap_or_default();
    let team = tab
        .team_members_of
        .and_then(|(_, id)| tab.teams.items().iter().find(|t| t.id == id))
        .map(|t| t.name.clone());
    let labels = [
        (Pane::Workspaces, " Workspaces ".to_string()),
        (Pane::Members, format!(" Members {org}")),
        (Pane::Teams, format!(" Teams {org}")),
        (
            Pane::TeamMembers,
            format!(" Team members · {} ", team.unwrap_or_else(|| "-".into())),
        ),
    ];
    let mut x = strip.x + 1;
    labels
        .into_iter()
        .map(|(pane, label)| {
            let spot = (pane, x, label);
            x = x.saturating_add(spot.2.chars().count() as u16 + 1);
            spot
        })
        .collect()
}

/// A click or the wheel in the tab's body; true if the selection moved.
fn mouse(
    tab: &mut WorkspacesTab,
    ctx: &Ctx,
    body: Rect,
    pos: Position,
    scroll: isize,
    cmds: &mut Vec<Cmd>,
) -> bool {
    let a = areas(body, tab.pane);
    if scroll == 0 && a.strip.contains(pos) {
        if let Some((pane, _, _)) = strip_spots(tab, ctx, a.strip)
            .into_iter()
            .find(|(_, x, l)| pos.x >= *x && pos.x < x + l.chars().count() as u16)
        {
            tab.pane = pane;
            cmds.push(Cmd::EndFilter);
            ensure_pane(tab, ctx, cmds);
        }
        return false;
    }
    if let Some(side) = a.side {
        if side.contains(pos) {
            if tab.pane != Pane::TeamMembers {
                tab.pane = Pane::TeamMembers;
                cmds.push(Cmd::EndFilter);
            }
            return mouse_on_table(&mut tab.team_members, side, pos, scroll);
        }
        if a.main.contains(pos) && tab.pane != Pane::Teams {
            tab.pane = Pane::Teams;
            cmds.push(Cmd::EndFilter);
        }
    }
    if !a.main.contains(pos) {
        return false;
    }
    mouse_on_table(tab.focused_list(), a.main, pos, scroll)
}

impl Screen for WorkspacesTab {
    fn sections(&self) -> Vec<Section> {
        self.pane.sections()
    }

    fn refusal(&self, ctx: &Ctx, action: Action) -> Option<String> {
        refusal(self, ctx, action)
    }

    /// An org row's keys act on the org: Enter folds it, e and d edit and delete the org.
    fn action_label(&self, action: Action) -> Option<&'static str> {
        if self.pane != Pane::Workspaces
            || !matches!(self.list.selected_item(), Some(WsRow::Org(_)))
        {
            return None;
        }
        match action {
            Action::SelectWorkspace => Some("fold/unfold"),
            Action::EditWorkspace => Some("edit org"),
            Action::DeleteWorkspace => Some("delete org"),
            _ => None,
        }
    }

    fn handle(&mut self, ctx: &Ctx, action: Action, cmds: &mut Vec<Cmd>) -> bool {
        handle(self, ctx, action, cmds)
    }

    fn takes(&self, what: &Load) -> bool {
        matches!(
            what,
            Load::Workspaces | Load::Members(_) | Load::Teams(_) | Load::TeamMembers { .. }
        )
    }

    fn loaded(
        &mut self,
        ctx: &Ctx,
        req: ReqId,
        _what: Load,
        result: crate::domain::Result<Data>,
        cmds: &mut Vec<Cmd>,
    ) {
        loaded(self, ctx, req, result, cmds);
    }

    /// The workspaces (with orgs and usage), and the member and team panes that hold data.
    fn reload(&mut self, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
        load(self, ctx, cmds);
        reload_panes(self, ctx, cmds);
    }

    fn is_busy(&self) -> bool {
        self.is_loading()
    }

    fn focused_list(&mut self) -> Option<&mut dyn Nav> {
        Some(WorkspacesTab::focused_list(self))
    }

    fn focused_list_ref(&self) -> Option<&dyn Nav> {
        Some(WorkspacesTab::focused_list_ref(self))
    }

    fn after_move(&mut self, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
        selection_changed(self, ctx, cmds);
    }

    fn mouse(
        &mut self,
        ctx: &Ctx,
        body: Rect,
        pos: Position,
        scroll: isize,
        cmds: &mut Vec<Cmd>,
    ) -> Option<bool> {
        Some(mouse(self, ctx, body, pos, scroll, cmds))
    }

    fn layout(&self, _ctx: &Ctx, body: Rect) -> Drawn {
        Drawn {
            table: Some(focused_table_area(self, body)),
        }
    }

    fn render(&self, ctx: &Ctx, frame: &mut Frame, body: Rect, theme: &Theme) -> Drawn {
        render(self, frame, body, ctx, theme);
        self.layout(ctx, body)
    }
}

// Long: the tree of orgs and workspaces, or the members/teams panes, each a table spec with
// its row cells, then the detail lines: one drawing pass per pane in reading order.
fn render(tab: &WorkspacesTab, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
    let spinner = ctx.spinner();
    let a = areas(area, tab.pane);
    let mut spans = Vec::new();
    for (pane, x, label) in strip_spots(tab, ctx, a.strip) {
        let pad = x.saturating_sub(a.strip.x + spans_width(&spans));
        spans.push(Span::raw(" ".repeat(pad as usize)));
        let style = if pane == tab.pane {
            theme.active_tab()
        } else {
            theme.muted()
        };
        spans.push(Span::styled(label, style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), a.strip);
    let retry = ctx.keys.label(Section::Global, Action::Refresh);
    let editing = ctx.filter_input;
    let org = pane_org(tab, ctx);
    let org_name = org.map(|o| o.name.clone()).unwrap_or_default();
    if org.is_none() && tab.pane != Pane::Workspaces {
        let text = if tab.list.is_loading() {
            format!(" {spinner} loading…")
        } else {
            " You are not in any organization: members and teams belong to orgs.".to_string()
        };
        let middle = a.side.map_or(a.main, |side| a.main.union(side));
        frame.render_widget(
            Paragraph::new(Line::styled(text, theme.muted())).block(
                ratatui::widgets::Block::default()
                    .borders(ratatui::widgets::Borders::ALL)
                    .border_style(theme.border()),
            ),
            middle,
        );
        return;
    }
    match tab.pane {
        Pane::Workspaces => render_workspaces(frame, a.main, tab, ctx, theme, &retry),
        Pane::Members => {
            let usage = org
                .and_then(|o| tab.usage.get(&o.id))
                .map(|u| {
                    format!(
                        " · {} members · {} collaborators",
                        u.members, u.collaborators
                    )
                })
                .unwrap_or_default();
            let spec = TableSpec {
                title: vec![
                    Span::styled(format!("Members of {org_name}"), theme.title()),
                    Span::styled(usage, theme.muted()),
                ],
                columns: vec![
                    Column::new("Email", 20),
                    Column::new("Name", 6),
                    Column::new("Org role", 8),
                    Column::new("Default role", 7),
                ],
                focused: true,
                empty: "no members".into(),
                noun: ("member or collaborator", "members and collaborators"),
                editing,
                retry: retry.clone(),
            };
            table::render(frame, a.main, theme, &tab.members, spec, spinner, |mem| {
                vec![
                    Span::raw(mem.email.clone()),
                    Span::styled(member_name(mem), theme.muted()),
                    Span::raw(mem.role.to_string()),
                    Span::raw(
                        mem.default_role
                            .map(|r| r.to_string())
                            .unwrap_or_else(|| "-".into()),
                    ),
                ]
            });
        }
        Pane::Teams | Pane::TeamMembers => {
            let usage = org
                .and_then(|o| tab.usage.get(&o.id))
                .map(|u| format!(" · {}", u.teams))
                .unwrap_or_default();
            let teams_focused = tab.pane == Pane::Teams;
            let spec = TableSpec {
                title: vec![
                    Span::styled(format!("Teams of {org_name}"), theme.title()),
                    Span::styled(usage, theme.muted()),
                ],
                columns: vec![
                    Column::new("Team", 8),
                    Column::new("Members", 7),
                    Column::new("Description", 6),
                ],
                focused: teams_focused,
                empty: "no teams yet".into(),
                noun: ("team", "teams"),
                editing: editing.filter(|_| teams_focused),
                retry: retry.clone(),
            };
            table::render(frame, a.main, theme, &tab.teams, spec, spinner, |t| {
                vec![
                    Span::raw(t.name.clone()),
                    Span::raw(format!("{:>7}", t.members_count)),
                    Span::styled(t.description.clone(), theme.muted()),
                ]
            });
            if let Some(side) = a.side {
                let team = tab
                    .team_members_of
                    .and_then(|(_, id)| tab.teams.items().iter().find(|t| t.id == id))
                    .map(|t| t.name.clone())
                    .unwrap_or_default();
                let spec = TableSpec {
                    title: vec![Span::styled(
                        format!("Members of team {team}"),
                        theme.title(),
                    )],
                    columns: vec![
                        Column::new("Email", 20),
                        Column::new("Name", 6),
                        Column::new("Org role", 8),
                    ],
                    focused: !teams_focused,
                    noun: ("member", "members"),
                    empty: if tab.team_members_of.is_some() {
                        "no members in this team".into()
                    } else {
                        "select a team".into()
                    },
                    editing: editing.filter(|_| !teams_focused),
                    retry,
                };
                table::render(
                    frame,
                    side,
                    theme,
                    &tab.team_members,
                    spec,
                    spinner,
                    |mem| {
                        vec![
                            Span::from(mem.email.clone()),
                            Span::styled(member_name(mem), theme.muted()),
                            Span::from(mem.role.to_string()),
                        ]
                    },
                );
            }
        }
    }
    render_detail(frame, a.detail, tab, ctx, theme);
}

fn spans_width(spans: &[Span]) -> u16 {
    spans.iter().map(|s| s.content.chars().count() as u16).sum()
}

// Long: the tree's table spec and the cells of its two row kinds (org heading, workspace),
// side by side so their columns line up.
fn render_workspaces(
    frame: &mut Frame,
    area: Rect,
    tab: &WorkspacesTab,
    ctx: &Ctx,
    theme: &Theme,
    retry: &str,
) {
    let (spinner, editing) = (ctx.spinner(), ctx.filter_input);
    let spec = TableSpec {
        title: vec![Span::styled("Workspaces", theme.title())],
        columns: vec![
            Column::new("Name", 10),
            Column::new("Full name", 8),
            Column::new("Visibility", 7),
            Column::new("Part.", 5),
            Column::new("Your role", 10),
        ],
        focused: true,
        empty: "no workspaces".into(),
        noun: ("workspace or org", "workspaces and orgs"),
        editing,
        retry: retry.to_string(),
    };
    let current = ctx.current;
    table::render(
        frame,
        area,
        theme,
        &tab.list,
        spec,
        spinner,
        |row| match row {
            WsRow::Org(o) => {
                let role = match o.my_role {
                    Some(r) => format!("org {r}"),
                    None => String::new(),
                };
                let mark = if tab.collapsed.contains(&o.id) {
                    "▸"
                } else {
                    "▾"
                };
                vec![
                    Span::styled(format!("{mark} {}", o.name), theme.title()),
                    Span::styled(o.full_name.clone(), theme.accent()),
                    Span::styled(format!("{} tier", o.tier), theme.muted()),
                    Span::from(""),
                    Span::styled(role, theme.muted()),
                ]
            }
            WsRow::Workspace(w) => {
                let mark = if Some(w.id) == current { "●" } else { " " };
                let name = if w.is_personal() {
                    format!("{mark} {}", w.path())
                } else {
                    format!("{mark} {}", w.name)
                };
                let count = if w.is_personal() {
                    "-".to_string()
                } else {
                    w.participants_count.to_string()
                };
                let vis_style = if w.visibility == Visibility::Shared {
                    theme.accent()
                } else {
                    theme.text()
                };
                vec![
                    if Some(w.id) == current {
                        Span::styled(name, theme.accent())
                    } else {
                        Span::raw(name)
                    },
                    Span::from(w.full_name.clone()),
                    Span::styled(w.visibility.to_string(), vis_style),
                    Span::from(format!("{count:>5}")),
                    Span::styled(w.my_role.summary(), theme.muted()),
                ]
            }
        },
    );
}

/// Two lines under the panes: about the selection, and what your role does not allow here.
// Long: the two detail lines say something different for each pane and row kind (org,
// workspace, member, team); one match reads better than four small functions.
fn render_detail(frame: &mut Frame, area: Rect, tab: &WorkspacesTab, ctx: &Ctx, theme: &Theme) {
    let width = area.width.saturating_sub(2) as usize;
    let org = pane_org(tab, ctx);
    let about = match tab.pane {
        Pane::Workspaces => match tab.list.selected_item() {
            Some(WsRow::Workspace(w)) if w.is_personal() => {
                "Your personal workspace: only you see it; it has no participants.".to_string()
            }
            Some(WsRow::Workspace(w)) => {
                if w.description.is_empty() {
                    w.full_name.clone()
                } else {
                    w.description.clone()
                }
            }
            Some(WsRow::Org(o)) => {
                let mut s = format!("{} · {} tier", o.full_name, o.tier);
                if let Some(u) = tab.usage.get(&o.id) {
                    s.push_str(&format!(
                        " · members {} · collaborators {} · workspaces {} · teams {}",
                        u.members, u.collaborators, u.workspaces, u.teams
                    ));
                }
                s
            }
            None => String::new(),
        },
        Pane::Members => tab
            .members
            .selected_item()
            .map(|mem| {
                format!(
                    "{} · {} · org {}{}",
                    member_name(mem),
                    mem.email,
                    mem.role,
                    mem.default_role
                        .map(|r| format!(" · default role {r} in every workspace"))
                        .unwrap_or_default()
                )
            })
            .unwrap_or_default(),
        Pane::Teams | Pane::TeamMembers => tab
            .selected_team()
            .map(|t| format!("{}: {}", t.name, t.description))
            .unwrap_or_default(),
    };
    // The first thing your role rules out here, said once.
    let actions: &[Action] = match tab.pane {
        Pane::Workspaces => &[
            Action::NewWorkspace,
            Action::EditWorkspace,
            Action::DeleteWorkspace,
        ],
        Pane::Members => &[Action::AddMember, Action::RemoveMember],
        Pane::Teams => &[Action::NewTeam, Action::EditTeam, Action::DeleteTeam],
        Pane::TeamMembers => &[Action::AddTeamMember],
    };
    let note = actions.iter().find_map(|a| {
        let why = refusal(tab, ctx, *a)?;
        (!why.starts_with("select") && !why.starts_with("no ")).then_some(why)
    });
    let mut lines = vec![Line::styled(
        format!(" {}", truncate(&about, width)),
        theme.muted(),
    )];
    if let Some(why) = note {
        lines.push(Line::styled(
            format!(" read-only: {}", truncate(&why, width.saturating_sub(11))),
            theme.warning(),
        ));
    } else if let Some(o) = org
        && tab.pane != Pane::Workspaces
        && o.my_role.is_none()
        && !ctx.operator()
    {
        lines.push(Line::styled(
            format!(" you are not a member of {}", o.name),
            theme.warning(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
