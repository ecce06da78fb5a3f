//! `Ctx`: what a screen may read about the rest of the UI while it handles an action, loads or
//! draws: who the user is, the workspaces and orgs, the current workspace, the shared
//! resources of that workspace, the key table, the size and the clock. A screen changes only
//! its own state; anything else it wants done (a toast, a popup, another tab, a request) it
//! asks for with a `Cmd`, which the app runs after the screen returns.

use super::keys::KeyTable;
// Re-exported: the app and screens name it from here too.
use super::request::ReqId;
pub use super::request::ReqIds;
use super::tab::Tab;
use super::tabs::resources::Resources;
use super::widgets::text::spinner;
use crate::domain::{
    Org, OrgId, Permission, Scope, Session, Workspace, WorkspaceId, roles::org_owner_refusal,
};
use ratatui::layout::Rect;
use std::sync::Arc;
use tui_input::Input;

/// The read-only view a screen gets. Workspaces and orgs are shared (`Arc`), so a context can
/// be made while the Workspaces screen, which loads them, is borrowed to change.
pub struct Ctx<'a> {
    pub keys: &'a KeyTable,
    pub session: Option<&'a Session>,
    pub workspaces: Arc<Vec<Workspace>>,
    pub orgs: Arc<Vec<Org>>,
    /// Whether the workspaces are (re)loading.
    pub workspaces_loading: bool,
    pub current: Option<WorkspaceId>,
    /// The current workspace's compute environments, credentials and labels.
    pub res: &'a Resources,
    /// The filter being typed over the focused list, if any.
    pub filter_input: Option<&'a Input>,
    pub size: Rect,
    /// Spinner ticks so far.
    pub tick: u64,
    pub reqs: &'a ReqIds,
    /// The tab shown.
    pub tab: Tab,
}

impl Ctx<'_> {
    /// A fresh request id.
    pub fn req(&self) -> ReqId {
        self.reqs.next()
    }

    pub fn operator(&self) -> bool {
        self.session.is_some_and(|s| s.operator)
    }

    pub fn current_workspace(&self) -> Option<&Workspace> {
        let id = self.current?;
        self.workspaces.iter().find(|w| w.id == id)
    }

    /// The scope of the current workspace.
    pub fn current_scope(&self) -> Option<Scope> {
        self.current_workspace().map(Workspace::scope)
    }

    pub fn org(&self, id: OrgId) -> Option<&Org> {
        self.orgs.iter().find(|o| o.id == id)
    }

    /// The spinner's frame now.
    pub fn spinner(&self) -> &'static str {
        spinner(self.tick)
    }

    /// Why the acting user may not do `permission` in `ws`, if they may not.
    pub fn ws_refusal(&self, ws: &Workspace, permission: Permission) -> Option<String> {
        if self.operator() {
            return None;
        }
        // A custom role's permissions count too (`EffectiveRole::allows`).
        match ws.my_role.allows(permission) {
            true => None,
            false => Some(permission.refusal_named(ws.my_role.role_name())),
        }
    }

    /// Why the acting user may not do an org-owner action (`what`) in `org`, if they may not.
    pub fn org_refusal(&self, org: &Org, what: &str) -> Option<String> {
        if self.operator() {
            return None;
        }
        org_owner_refusal(&org.name, org.my_role, what)
    }
}
