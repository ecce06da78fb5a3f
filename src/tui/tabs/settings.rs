//! The Settings tab, in sections (a list on the left, `h`/`l` to move): Credits (the org
//! balance, this workspace's allocation, spend and what is available, the rates, allocation and
//! transfer for org owners, the org's billing view, a cost estimator), Studios (session
//! lifespan and collaboration mode), Labels (simple and resource labels, with their rules and
//! the limit), the workspace itself (edit, delete by typing its name), Secrets
//! (`settings_secrets`) and the user's own API tokens (`settings_tokens`). A personal
//! workspace says plainly which of these do not apply.

use super::boxes::{no_workspace, note_box};
use super::settings_forms::{
    AllocationForm, EstimateForm, LabelForm, StudiosForm, TransferForm, label_rules, money,
    rates_text,
};
use super::settings_secrets as secrets;
use super::settings_tokens as tokens;
use super::workspaces_forms::WorkspaceForm;
use crate::domain::credits::{CPU_HOUR_RATE, GIB_HOUR_RATE, STORAGE_GB_MONTH_RATE};
use crate::domain::roles::org_owner_refusal;
use crate::domain::settings::LIFESPAN_MAX_HOURS;
use crate::domain::settings::STUDIOS_ORG_ONLY;
use crate::domain::{ApiToken, PipelineSecret};
use crate::domain::{
    ErrorKind, OrgBilling, OrgId, OrgRole, Permission, Scope, StudiosSettings, Tier,
    WorkspaceBilling, WorkspaceCredits,
};
use crate::tui::cmd::Cmd;
use crate::tui::context::Ctx;
use crate::tui::keys::{Action, Section};
use crate::tui::overlay::Overlay;
use crate::tui::request::{Data, ReqId};
use crate::tui::request::{Load, Mutation};
use crate::tui::screen::{Drawn, Screen, SharedList};
use crate::tui::theme::Theme;
use crate::tui::widgets::confirm::Confirm;
use crate::tui::widgets::list::Listing;
use crate::tui::widgets::list::Nav;
use crate::tui::widgets::table::{self, Column, TableSpec};
use crate::tui::widgets::text::{truncate, wrap};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// The sections of the tab, top to bottom.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SettingsSection {
    #[default]
    Credits,
    Studios,
    Labels,
    Workspace,
    Secrets,
    Tokens,
}

/// The key contexts this screen shows, one per section in `SettingsSection::ALL` order (for
/// routing and the clash check).
pub const KEY_CONTEXTS: &[&[Section]] = &[
    &[
        Section::Credits,
        Section::Panes,
        Section::List,
        Section::Global,
    ],
    &[
        Section::Studios,
        Section::Panes,
        Section::List,
        Section::Global,
    ],
    &[
        Section::Labels,
        Section::Panes,
        Section::List,
        Section::Global,
    ],
    &[
        Section::WorkspaceSettings,
        Section::Panes,
        Section::List,
        Section::Global,
    ],
    &[
        Section::Secrets,
        Section::Panes,
        Section::List,
        Section::Global,
    ],
    &[
        Section::Tokens,
        Section::Panes,
        Section::List,
        Section::Global,
    ],
];

impl SettingsSection {
    pub const ALL: [SettingsSection; 6] = [
        SettingsSection::Credits,
        SettingsSection::Studios,
        SettingsSection::Labels,
        SettingsSection::Workspace,
        SettingsSection::Secrets,
        SettingsSection::Tokens,
    ];

    pub fn title(self) -> &'static str {
        match self {
            SettingsSection::Credits => "Credits",
            SettingsSection::Studios => "Studios",
            SettingsSection::Labels => "Labels",
            SettingsSection::Secrets => "Secrets",
            SettingsSection::Tokens => "Tokens",
            SettingsSection::Workspace => "Workspace",
        }
    }

    /// The sections that hold keys in this section, in routing order (one of `KEY_CONTEXTS`).
    pub fn sections(self) -> Vec<Section> {
        KEY_CONTEXTS[self.index()].to_vec()
    }

    pub fn key_section(self) -> Section {
        match self {
            SettingsSection::Credits => Section::Credits,
            SettingsSection::Studios => Section::Studios,
            SettingsSection::Labels => Section::Labels,
            SettingsSection::Secrets => Section::Secrets,
            SettingsSection::Tokens => Section::Tokens,
            SettingsSection::Workspace => Section::WorkspaceSettings,
        }
    }

    fn index(self) -> usize {
        SettingsSection::ALL
            .iter()
            .position(|s| *s == self)
            .unwrap_or(0)
    }
}

fn billing_text(w: &WorkspaceBilling) -> String {
    w.workspace_name.clone()
}

pub struct SettingsTab {
    pub section: SettingsSection,
    pub scope: Option<Scope>,
    pub credits_req: Option<ReqId>,
    pub credits: Option<crate::domain::Result<WorkspaceCredits>>,
    pub billing: Option<crate::domain::Result<OrgBilling>>,
    pub billing_list: Listing<WorkspaceBilling>,
    pub studios_req: Option<ReqId>,
    pub studios: Option<crate::domain::Result<StudiosSettings>>,
    /// The Secrets section's list (`settings_secrets`).
    pub secrets: Listing<PipelineSecret>,
    /// The Tokens section's list (`settings_tokens`): the user's, whatever the workspace.
    pub tokens: Listing<ApiToken>,
}

impl Default for SettingsTab {
    fn default() -> Self {
        Self {
            section: SettingsSection::Credits,
            scope: None,
            credits_req: None,
            credits: None,
            billing: None,
            billing_list: Listing::new(billing_text, |w| w.workspace_id),
            studios_req: None,
            studios: None,
            secrets: secrets::listing(),
            tokens: tokens::listing(),
        }
    }
}

impl SettingsTab {
    pub fn is_loading(&self) -> bool {
        self.credits_req.is_some()
            || self.studios_req.is_some()
            || self.secrets.is_loading()
            || self.tokens.is_loading()
    }

    pub fn billing_ok(&self) -> Option<&OrgBilling> {
        self.billing.as_ref().and_then(|b| b.as_ref().ok())
    }
}

/// Whether the user may see the org's billing (org owners, the operator).
fn sees_billing(ctx: &Ctx, org: OrgId) -> bool {
    ctx.operator()
        || ctx
            .org(org)
            .is_some_and(|o| o.my_role == Some(OrgRole::Owner))
}

fn load(tab: &mut SettingsTab, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
    let Some(ws) = ctx.current_workspace() else {
        return;
    };
    tokens::load(&mut tab.tokens, ctx, cmds);
    // Personal workspaces hold secrets too.
    secrets::load(&mut tab.secrets, ctx, ws.scope(), cmds);
    if ws.is_personal() {
        return;
    }
    let (scope, org) = (ws.scope(), ws.org_id);
    let billing = org.is_some_and(|o| sees_billing(ctx, o));
    let req = ctx.req();
    tab.credits_req = Some(req);
    cmds.push(Cmd::Load {
        req,
        what: Load::Credits {
            scope,
            org,
            billing,
        },
    });
    let req = ctx.req();
    tab.studios_req = Some(req);
    cmds.push(Cmd::Load {
        req,
        what: Load::Studios(scope),
    });
}

pub fn sync(tab: &mut SettingsTab, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
    let scope = ctx.current_scope();
    if tab.scope == scope {
        return;
    }
    tab.scope = scope;
    tab.credits = None;
    tab.billing = None;
    tab.billing_list.clear();
    tab.studios = None;
    tab.secrets.clear();
    tab.credits_req = None;
    tab.studios_req = None;
    load(tab, ctx, cmds);
}

pub fn reload(tab: &mut SettingsTab, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
    if tab.scope.is_some() && tab.scope == ctx.current_scope() {
        load(tab, ctx, cmds);
    }
}

fn loaded(s: &mut SettingsTab, req: ReqId, result: crate::domain::Result<Data>) {
    if secrets::loaded(&mut s.secrets, s.scope, req, &result)
        || tokens::loaded(&mut s.tokens, req, &result)
    {
        return;
    }
    if s.credits_req == Some(req) {
        s.credits_req = None;
        match result {
            Ok(Data::Credits {
                scope,
                credits,
                billing,
            }) if s.scope == Some(scope) => {
                if let Some(Ok(b)) = &billing {
                    let mut rows = b.workspaces.clone();
                    rows.sort_by(|a, b| a.workspace_name.cmp(&b.workspace_name));
                    s.billing_list.set_items(rows);
                }
                s.credits = Some(credits);
                s.billing = billing;
            }
            Ok(_) => {}
            Err(e) => s.credits = Some(Err(e)),
        }
    } else if s.studios_req == Some(req) {
        s.studios_req = None;
        match result {
            Ok(Data::Studios { scope, settings }) if s.scope == Some(scope) => {
                s.studios = Some(settings)
            }
            Ok(_) => {}
            Err(e) => s.studios = Some(Err(e)),
        }
    }
}

fn tier(ctx: &Ctx) -> Tier {
    ctx.current_workspace()
        .and_then(|w| w.org_id)
        .and_then(|o| ctx.org(o))
        .map(|o| o.tier)
        .unwrap_or_default()
}

/// Why the credits cannot be changed here, if they cannot.
fn credits_refusal(tab: &SettingsTab, ctx: &Ctx, what: &str) -> Option<String> {
    let ws = ctx.current_workspace()?;
    if ws.is_personal() {
        return Some("credits belong to organizations; this is a personal workspace".into());
    }
    match &tab.credits {
        Some(Err(e)) if e.kind == ErrorKind::Unavailable => {
            return Some("this server does not offer credits".into());
        }
        None => return Some("the credits are loading".into()),
        _ => {}
    }
    let org = ctx.org(ws.org_id?);
    match org {
        Some(o) => ctx.org_refusal(o, what),
        // The org is not among the user's: they are no member of it.
        None => org_owner_refusal(ws.org_name.as_deref().unwrap_or_default(), None, what),
    }
    .or_else(|| match &tab.billing {
        Some(Err(e)) => Some(e.message.clone()),
        None => Some("the org's billing is not loaded".into()),
        _ => None,
    })
}

pub fn refusal(tab: &SettingsTab, ctx: &Ctx, action: Action) -> Option<String> {
    let Some(ws) = ctx.current_workspace() else {
        return Some("no current workspace".to_string());
    };
    let personal = ws.is_personal();
    match action {
        Action::Estimate => None,
        Action::SetAllocation => credits_refusal(tab, ctx, "set allocations").or_else(|| {
            tab.billing_list
                .selected_item()
                .is_none()
                .then(|| "no workspace selected".to_string())
        }),
        Action::Transfer => credits_refusal(tab, ctx, "transfer credits").or_else(|| {
            (tab.billing_list.items().len() < 2)
                .then(|| "a transfer needs two workspaces in the org".to_string())
        }),
        Action::EditStudios => {
            if personal {
                return Some(STUDIOS_ORG_ONLY.into());
            }
            ctx.ws_refusal(ws, Permission::StudiosSettings)
                .or_else(|| match &tab.studios {
                    Some(Err(e)) => Some(e.message.clone()),
                    None => Some("the Studios settings are loading".into()),
                    _ => None,
                })
        }
        Action::AddLabel => ctx.ws_refusal(ws, Permission::ManageLabels).or_else(|| {
            ctx.res
                .label_usage?
                .check_room(1, "labels per workspace", tier(ctx))
                .err()
                .map(|e| e.message)
        }),
        Action::EditLabel | Action::DeleteLabel => {
            ctx.ws_refusal(ws, Permission::ManageLabels).or_else(|| {
                ctx.res
                    .labels
                    .selected_item()
                    .is_none()
                    .then(|| "no label selected".to_string())
            })
        }
        Action::EditSettingsWorkspace => {
            if personal {
                Some("a personal workspace cannot be edited".into())
            } else {
                ctx.ws_refusal(ws, Permission::EditWorkspace)
            }
        }
        Action::DeleteSettingsWorkspace => {
            if personal {
                Some("a personal workspace cannot be deleted".into())
            } else {
                ctx.ws_refusal(ws, Permission::DeleteWorkspace)
            }
        }
        _ => None,
    }
}

const ACTIONS: [Action; 10] = [
    Action::SetAllocation,
    Action::Transfer,
    Action::Estimate,
    Action::EditStudios,
    Action::AddLabel,
    Action::EditLabel,
    Action::DeleteLabel,
    Action::EditSettingsWorkspace,
    Action::DeleteSettingsWorkspace,
    Action::NextPane,
];

/// Moves to the previous or next section.
fn move_section(tab: &mut SettingsTab, forward: bool, cmds: &mut Vec<Cmd>) {
    let i = tab.section.index();
    let j = if forward {
        (i + 1).min(SettingsSection::ALL.len() - 1)
    } else {
        i.saturating_sub(1)
    };
    tab.section = SettingsSection::ALL[j];
    cmds.push(Cmd::EndFilter);
}

// Long: one arm per action of the four sections; each only opens its form or confirmation
// (the forms are in settings_forms.rs).
fn handle(tab: &mut SettingsTab, ctx: &Ctx, action: Action, cmds: &mut Vec<Cmd>) -> bool {
    match action {
        Action::PrevPane | Action::NextPane => {
            move_section(tab, action == Action::NextPane, cmds);
            return true;
        }
        a if secrets::ACTIONS.contains(&a) => {
            match secrets::refusal(&tab.secrets, ctx, a) {
                Some(why) => cmds.push(Cmd::error(why)),
                None => secrets::handle(&tab.secrets, ctx, a, cmds),
            }
            return true;
        }
        a if tokens::ACTIONS.contains(&a) => {
            match tokens::refusal(&tab.tokens, a) {
                Some(why) => cmds.push(Cmd::error(why)),
                None => tokens::handle(&tab.tokens, ctx, a, cmds),
            }
            return true;
        }
        a if ACTIONS.contains(&a) => {}
        _ => return false,
    }
    if let Some(why) = refusal(tab, ctx, action) {
        cmds.push(Cmd::error(why));
        return true;
    }
    let Some(ws) = ctx.current_workspace().cloned() else {
        return true;
    };
    let scope = ws.scope();
    match action {
        Action::Estimate => cmds.push(Cmd::Open(EstimateForm::open())),
        Action::SetAllocation => {
            if let (Some(b), Some(row)) = (tab.billing_ok(), tab.billing_list.selected_item()) {
                cmds.push(Cmd::Open(AllocationForm::open(b.clone(), row)));
            }
        }
        Action::Transfer => {
            if let Some(b) = tab.billing_ok() {
                let rows = tab.billing_list.items();
                let from = tab.billing_list.selected();
                cmds.push(Cmd::Open(TransferForm::open(b.clone(), rows, from)));
            }
        }
        Action::EditStudios => {
            let current = match &tab.studios {
                Some(Ok(s)) => *s,
                _ => StudiosSettings::default(),
            };
            cmds.push(Cmd::Open(StudiosForm::open(scope, &ws.path(), current)));
        }
        Action::AddLabel => cmds.push(Cmd::Open(LabelForm::open(ctx, scope, None))),
        Action::EditLabel => {
            let l = ctx.res.labels.selected_item().cloned();
            cmds.push(Cmd::Open(LabelForm::open(ctx, scope, l)));
        }
        Action::DeleteLabel => {
            if let Some(l) = ctx.res.labels.selected_item() {
                let op = Mutation::DeleteLabel {
                    scope,
                    id: l.id,
                    name: l.to_string(),
                };
                let confirm = Confirm::yes_no(
                    "Delete label",
                    format!(
                        "Delete the label {l}? Pipelines, runs and compute environments lose it."
                    ),
                );
                cmds.push(Cmd::Open(Overlay::Confirm(Box::new(confirm), op)));
            }
        }
        Action::EditSettingsWorkspace => {
            if let Some(org) = ws.org_id {
                cmds.push(Cmd::Open(WorkspaceForm::edit(org, &ws)));
            }
        }
        Action::DeleteSettingsWorkspace => {
            if let Some(org) = ws.org_id {
                cmds.push(Cmd::Guard {
                    req: ctx.req(),
                    guarded: Box::new(super::workspaces::delete_workspace(org, &ws)),
                });
            }
        }
        _ => {}
    }
    true
}

/// Where the parts of the tab are.
pub struct Areas {
    pub nav: Rect,
    pub main: Rect,
}

pub fn areas(body: Rect) -> Areas {
    let [nav, main] = Layout::horizontal([Constraint::Length(15), Constraint::Min(0)]).areas(body);
    Areas { nav, main }
}

/// The table of the section (billing or labels) inside the main area.
fn table_area(tab: &SettingsTab, body: Rect) -> Rect {
    let main = areas(body).main;
    match tab.section {
        SettingsSection::Credits => {
            let [_, table] =
                Layout::vertical([Constraint::Length(5), Constraint::Min(0)]).areas(main);
            table
        }
        _ => {
            let [table, _] =
                Layout::vertical([Constraint::Min(0), Constraint::Length(2)]).areas(main);
            table
        }
    }
}

impl Screen for SettingsTab {
    fn sections(&self) -> Vec<Section> {
        self.section.sections()
    }

    fn refusal(&self, ctx: &Ctx, action: Action) -> Option<String> {
        refusal(self, ctx, action)
    }

    fn handle(&mut self, ctx: &Ctx, action: Action, cmds: &mut Vec<Cmd>) -> bool {
        handle(self, ctx, action, cmds)
    }

    fn takes(&self, what: &Load) -> bool {
        matches!(
            what,
            Load::Credits { .. } | Load::Studios(_) | Load::Secrets(_) | Load::Tokens
        )
    }

    fn loaded(
        &mut self,
        _ctx: &Ctx,
        req: ReqId,
        _what: Load,
        result: crate::domain::Result<Data>,
        _cmds: &mut Vec<Cmd>,
    ) {
        loaded(self, req, result);
    }

    fn reload(&mut self, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
        reload(self, ctx, cmds);
    }

    fn sync(&mut self, ctx: &Ctx, cmds: &mut Vec<Cmd>) {
        sync(self, ctx, cmds);
    }

    /// The labels section shows them; the forms choose from them.
    fn uses_resources(&self) -> bool {
        true
    }

    fn is_busy(&self) -> bool {
        self.is_loading()
    }

    /// The billing view (the labels are the shared list, see `shared_list`).
    fn focused_list(&mut self) -> Option<&mut dyn Nav> {
        match self.section {
            SettingsSection::Credits if self.billing_ok().is_some() => Some(&mut self.billing_list),
            SettingsSection::Secrets => Some(&mut self.secrets),
            SettingsSection::Tokens => Some(&mut self.tokens),
            _ => None,
        }
    }

    fn focused_list_ref(&self) -> Option<&dyn Nav> {
        match self.section {
            SettingsSection::Credits if self.billing_ok().is_some() => Some(&self.billing_list),
            SettingsSection::Secrets => Some(&self.secrets),
            SettingsSection::Tokens => Some(&self.tokens),
            _ => None,
        }
    }

    fn shared_list(&self) -> Option<SharedList> {
        (self.section == SettingsSection::Labels).then_some(SharedList::Labels)
    }

    /// A click on a section's name shows it.
    fn mouse(
        &mut self,
        _ctx: &Ctx,
        body: Rect,
        pos: Position,
        scroll: isize,
        cmds: &mut Vec<Cmd>,
    ) -> Option<bool> {
        let a = areas(body);
        if scroll == 0 && a.nav.contains(pos) {
            let row = pos.y.saturating_sub(a.nav.y + 1) as usize;
            if let Some(s) = SettingsSection::ALL.get(row) {
                self.section = *s;
                cmds.push(Cmd::EndFilter);
            }
            return Some(false);
        }
        None
    }

    fn layout(&self, _ctx: &Ctx, body: Rect) -> Drawn {
        Drawn {
            table: Some(table_area(self, body)),
        }
    }

    fn render(&self, ctx: &Ctx, frame: &mut Frame, body: Rect, theme: &Theme) -> Drawn {
        render(self, frame, body, ctx, theme);
        self.layout(ctx, body)
    }
}

fn render(tab: &SettingsTab, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
    let spinner = ctx.spinner();
    let Some(ws) = ctx.current_workspace() else {
        no_workspace(frame, area, ctx, theme);
        return;
    };
    let a = areas(area);
    let mut lines = Vec::new();
    for s in SettingsSection::ALL {
        let on = s == tab.section;
        lines.push(Line::styled(
            format!("{} {:<11}", if on { "›" } else { " " }, s.title()),
            if on { theme.selection() } else { theme.text() },
        ));
    }
    if ws.is_personal() {
        lines.push(Line::raw(""));
        for l in wrap("personal: only labels, secrets and tokens apply", 11) {
            lines.push(Line::styled(format!(" {l}"), theme.warning()));
        }
    }
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border())
                .title(Span::styled(" Settings ", theme.title())),
        ),
        a.nav,
    );
    match tab.section {
        SettingsSection::Credits => render_credits(frame, a.main, tab, ctx, theme, spinner),
        SettingsSection::Studios => render_studios(frame, a.main, tab, ctx, theme, spinner),
        SettingsSection::Labels => render_labels(frame, a.main, tab, ctx, theme, spinner),
        SettingsSection::Secrets => {
            secrets::render(frame, a.main, &tab.secrets, ctx, theme, spinner)
        }
        SettingsSection::Workspace => render_workspace(frame, a.main, tab, ctx, theme),
        SettingsSection::Tokens => tokens::render(frame, a.main, &tab.tokens, ctx, theme, spinner),
    }
}

fn key(ctx: &Ctx, section: Section, action: Action) -> String {
    ctx.keys.label(section, action)
}

// Long: the Credits section is a report (balance, this workspace, the rates, the org's
// billing table for owners) drawn line by line in reading order; splitting it would scatter
// the running row position `y` across functions.
fn render_credits(
    frame: &mut Frame,
    area: Rect,
    tab: &SettingsTab,
    ctx: &Ctx,
    theme: &Theme,
    spinner: &str,
) {
    let Some(ws) = ctx.current_workspace() else {
        return;
    };
    let estimate_key = key(ctx, Section::Credits, Action::Estimate);
    if ws.is_personal() {
        note_box(
            frame,
            area,
            "Credits",
            &format!(
                "{} is a personal workspace. Credits, allocations and transfers belong to organizations, so they do not apply here.\n\n{}\n\nThe cost estimator still works: press {estimate_key}.",
                ws.path(),
                rates_text()
            ),
            theme,
        );
        return;
    }
    let [top, rest] = Layout::vertical([Constraint::Length(5), Constraint::Min(0)]).areas(area);
    let width = top.width.saturating_sub(4) as usize;
    let mut lines: Vec<Line> = Vec::new();
    match &tab.credits {
        None => lines.push(Line::styled(format!(" {spinner} loading…"), theme.muted())),
        Some(Err(e)) if e.kind == ErrorKind::Unavailable => {
            lines.push(Line::styled(
                " This server does not offer credits.",
                theme.warning(),
            ));
            lines.push(Line::styled(
                format!(" {}", truncate(&e.message, width)),
                theme.muted(),
            ));
        }
        Some(Err(e)) => {
            for l in wrap(&format!("✗ {}", e.message), width).into_iter().take(2) {
                lines.push(Line::styled(format!(" {l}"), theme.error()));
            }
        }
        Some(Ok(c)) => {
            lines.push(Line::from(vec![
                Span::styled(format!(" Org {} balance ", c.org_name), theme.muted()),
                Span::styled(money(c.org_balance), theme.title()),
                Span::styled(" credits", theme.muted()),
            ]));
            let alloc = match c.allocation {
                Some(a) => format!("allocation {}", money(a)),
                None => "no allocation (draws from the org's pool)".to_string(),
            };
            lines.push(Line::from(vec![
                Span::styled(format!(" {} ", c.workspace_name), theme.muted()),
                Span::styled(
                    truncate(
                        &format!(
                            "{alloc} · spent {} · available {}",
                            money(c.spend),
                            money(c.available)
                        ),
                        width.saturating_sub(c.workspace_name.len() + 2),
                    ),
                    if !c.available.is_positive() {
                        theme.warning()
                    } else {
                        theme.text()
                    },
                ),
            ]));
        }
    }
    let rates = if width >= 70 {
        format!(
            "Rates: {CPU_HOUR_RATE} per CPU-hour · {GIB_HOUR_RATE} per GiB-hour · {STORAGE_GB_MONTH_RATE} per GB-month (1 credit = 1 USD)"
        )
    } else {
        format!(
            "Rates: {CPU_HOUR_RATE}/CPU-h · {GIB_HOUR_RATE}/GiB-h · {STORAGE_GB_MONTH_RATE}/GB-month"
        )
    };
    lines.push(Line::styled(
        format!(" {}", truncate(&rates, width)),
        theme.muted(),
    ));
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border())
                .title(Span::styled(
                    format!(" Credits · {} ", ws.path()),
                    theme.title(),
                )),
        ),
        top,
    );
    let [table_rect, detail] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(rest);
    match &tab.billing {
        Some(Ok(b)) => {
            let spec = TableSpec {
                title: vec![
                    Span::styled(format!("Billing of {}", b.org_name), theme.title()),
                    Span::styled(
                        format!(
                            " · allocated {} · unallocated {} · spent {}",
                            money(b.allocated),
                            money(b.unallocated),
                            money(b.spend)
                        ),
                        theme.muted(),
                    ),
                ],
                columns: vec![
                    Column::new("Workspace", 10),
                    Column::new("Allocation", 10),
                    Column::new("Spent", 8),
                    Column::new("Available", 9),
                ],
                focused: true,
                empty: "no workspaces".into(),
                noun: ("workspace", "workspaces"),
                editing: ctx.filter_input,
                retry: key(ctx, Section::Global, Action::Refresh),
            };
            let pool = b.unallocated;
            let here = ws.id;
            table::render(
                frame,
                table_rect,
                theme,
                &tab.billing_list,
                spec,
                spinner,
                |w| {
                    let name = if w.workspace_id == here {
                        Span::styled(format!("● {}", w.workspace_name), theme.accent())
                    } else {
                        Span::raw(format!("  {}", w.workspace_name))
                    };
                    vec![
                        name,
                        Span::raw(
                            w.allocation
                                .map(|a| format!("{:>10}", money(a)))
                                .unwrap_or_else(|| format!("{:>10}", "pool")),
                        ),
                        Span::raw(format!("{:>8}", money(w.spend))),
                        Span::raw(format!(
                            "{:>9}",
                            money(
                                w.allocation
                                    .map(|a| a.checked_sub(w.spend).unwrap_or_default())
                                    .unwrap_or(pool)
                            )
                        )),
                    ]
                },
            );
            let last = b
                .transfers
                .first()
                .map(|t| {
                    format!(
                        " last transfer: {} from {} to {} by {} · {} allocates · {} transfers · {estimate_key} estimates",
                        t.amount,
                        t.from_workspace_name,
                        t.to_workspace_name,
                        t.actor,
                        key(ctx, Section::Credits, Action::SetAllocation),
                        key(ctx, Section::Credits, Action::Transfer)
                    )
                })
                .unwrap_or_else(|| {
                    format!(
                        " {} allocates · {} transfers between workspaces · {estimate_key} estimates a cost",
                        key(ctx, Section::Credits, Action::SetAllocation),
                        key(ctx, Section::Credits, Action::Transfer)
                    )
                });
            frame.render_widget(
                Paragraph::new(Line::styled(
                    truncate(&last, detail.width as usize),
                    theme.muted(),
                )),
                detail,
            );
        }
        other => {
            let text = match other {
                Some(Err(e)) if e.kind == ErrorKind::Unavailable => {
                    "This server does not offer credits: there is no billing view.".to_string()
                }
                Some(Err(e)) => format!("The org's billing view: {}", e.message),
                _ if tab.credits_req.is_some() => format!("{spinner} loading…"),
                _ => "Only org owners see the org's billing view (every workspace's allocation and spend), set allocations and transfer credits.".to_string(),
            };
            note_box(
                frame,
                rest,
                "Billing",
                &format!("{text}\n\nPress {estimate_key} to estimate a cost."),
                theme,
            );
        }
    }
}

fn render_studios(
    frame: &mut Frame,
    area: Rect,
    tab: &SettingsTab,
    ctx: &Ctx,
    theme: &Theme,
    spinner: &str,
) {
    let Some(ws) = ctx.current_workspace() else {
        return;
    };
    if ws.is_personal() {
        note_box(
            frame,
            area,
            "Studios",
            &format!(
                "{} is a personal workspace. Studios settings (session lifespan, collaboration mode) exist only in organization workspaces, so they do not apply here.",
                ws.path()
            ),
            theme,
        );
        return;
    }
    let text = match &tab.studios {
        None => format!("{spinner} loading…"),
        Some(Err(e)) if e.kind == ErrorKind::Unavailable => {
            "This server does not offer Studios settings.".to_string()
        }
        Some(Err(e)) => format!("✗ {}", e.message),
        Some(Ok(s)) => {
            let lifespan = if s.always_running() {
                "always keep running (0)".to_string()
            } else {
                format!("{} hours", s.lifespan_hours)
            };
            let mode = if s.private_by_default {
                "private by default: new Studios are private until shared"
            } else {
                "collaborative: new Studios are open to the workspace"
            };
            let action = match refusal(tab, ctx, Action::EditStudios) {
                None => format!(
                    "Press {} to change them.",
                    key(ctx, Section::Studios, Action::EditStudios)
                ),
                Some(why) => format!("read-only: {why}"),
            };
            format!(
                "Session lifespan: {lifespan}\nCollaboration: {mode}\n\nA session stops after its lifespan (1-{LIFESPAN_MAX_HOURS} hours), unless the workspace keeps sessions running. Owners and admins change these.\n\n{action}"
            )
        }
    };
    note_box(
        frame,
        area,
        &format!("Studios · {}", ws.path()),
        &text,
        theme,
    );
}

// Long: the labels table spec with its row cells and the rules line under it, drawn in
// reading order.
fn render_labels(
    frame: &mut Frame,
    area: Rect,
    tab: &SettingsTab,
    ctx: &Ctx,
    theme: &Theme,
    spinner: &str,
) {
    let Some(ws) = ctx.current_workspace() else {
        return;
    };
    let [table_rect, detail] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(2)]).areas(area);
    let mut title = vec![Span::styled(
        format!("Labels of {}", ws.path()),
        theme.title(),
    )];
    if let Some(u) = ctx.res.label_usage {
        title.push(Span::styled(
            format!(" · {u}"),
            if u.is_full() {
                theme.warning()
            } else {
                theme.muted()
            },
        ));
    }
    let spec = TableSpec {
        title,
        columns: vec![
            Column::new("Label", 10),
            Column::new("Kind", 8),
            Column::new("Value", 8),
            Column::new("Default", 7),
        ],
        focused: true,
        empty: "no labels yet".into(),
        noun: ("label", "labels"),
        editing: ctx.filter_input,
        retry: key(ctx, Section::Global, Action::Refresh),
    };
    table::render(
        frame,
        table_rect,
        theme,
        &ctx.res.labels,
        spec,
        spinner,
        |l| {
            vec![
                Span::raw(l.name.clone()),
                Span::styled(
                    if l.resource { "resource" } else { "simple" },
                    theme.muted(),
                ),
                match &l.value {
                    Some(v) if l.is_dynamic() => {
                        Span::styled(format!("{v} (dynamic)"), theme.accent())
                    }
                    Some(v) => Span::raw(v.clone()),
                    None => Span::styled("-", theme.muted()),
                },
                Span::raw(if l.is_default { "yes" } else { "" }),
            ]
        },
    );
    let width = detail.width.saturating_sub(2) as usize;
    let mut lines = vec![Line::styled(
        format!(" {}", truncate(&label_rules(ctx), width)),
        theme.muted(),
    )];
    let note = [Action::AddLabel, Action::EditLabel]
        .iter()
        .find_map(|a| refusal(tab, ctx, *a).filter(|w| !w.starts_with("no ")));
    lines.push(match note {
        Some(why) => Line::styled(
            format!(" read-only: {}", truncate(&why, width.saturating_sub(11))),
            theme.warning(),
        ),
        None => Line::styled(
            format!(" you are {} here", ws.my_role.summary()),
            theme.muted(),
        ),
    });
    frame.render_widget(Paragraph::new(lines), detail);
}

fn render_workspace(frame: &mut Frame, area: Rect, tab: &SettingsTab, ctx: &Ctx, theme: &Theme) {
    let Some(ws) = ctx.current_workspace() else {
        return;
    };
    let text = if ws.is_personal() {
        format!(
            "{} is your personal workspace: only you see it. It cannot be edited or deleted, has no participants, no Studios settings and no credits. Labels, compute environments, credentials and pipelines work as in any workspace.",
            ws.path()
        )
    } else {
        let edit = match refusal(tab, ctx, Action::EditSettingsWorkspace) {
            None => format!(
                "{} edits it.",
                key(
                    ctx,
                    Section::WorkspaceSettings,
                    Action::EditSettingsWorkspace
                )
            ),
            Some(why) => format!("Editing: {why}."),
        };
        let delete = match refusal(tab, ctx, Action::DeleteSettingsWorkspace) {
            None => format!(
                "{} deletes it and everything in it (you type its name to confirm).",
                key(
                    ctx,
                    Section::WorkspaceSettings,
                    Action::DeleteSettingsWorkspace
                )
            ),
            Some(why) => format!("Deleting: {why}."),
        };
        format!(
            "Name: {}\nFull name: {}\nDescription: {}\nVisibility: {}{}\nYour role: {}\n\n{edit}\n{delete}",
            ws.name,
            ws.full_name,
            if ws.description.is_empty() {
                "-"
            } else {
                &ws.description
            },
            ws.visibility,
            if ws.visibility == crate::domain::Visibility::Shared {
                " (its pipelines are shared with the whole org)"
            } else {
                ""
            },
            ws.my_role.summary()
        )
    };
    note_box(
        frame,
        area,
        &format!("Workspace · {}", ws.path()),
        &text,
        theme,
    );
}
