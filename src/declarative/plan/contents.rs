//! A workspace's contents: the order they are planned in, how their plan items are named, and
//! the values a left-out key keeps.

use super::{Action, OrgPlanner, Phase};
use crate::declarative::desired::DesiredWorkspace;
use crate::declarative::state::{WorkspaceContent, WorkspaceState};
use crate::domain::changes::{Change, WorkspaceChange};
use std::fmt::Display;

/// One workspace being planned: what the file wants and what is there (None for a new
/// workspace, or one whose contents the acting user cannot read).
#[derive(Clone, Copy)]
pub(super) struct Ws<'a> {
    pub d: &'a DesiredWorkspace,
    pub c: Option<&'a WorkspaceContent>,
    /// The workspace exists but its contents cannot be read (no role in a SHARED workspace).
    pub unreadable: bool,
}

impl<'a> OrgPlanner<'a> {
    pub(super) fn plan_contents(
        &mut self,
        d: &'a DesiredWorkspace,
        current: Option<&'a WorkspaceState>,
    ) {
        let ws = Ws {
            d,
            c: current.and_then(|c| c.content.as_ref()),
            unreadable: current.is_some_and(|c| c.content.is_none()),
        };
        self.plan_studios(ws);
        self.plan_allocation(ws);
        self.plan_labels(ws);
        self.plan_credentials(ws);
        self.plan_compute_envs(ws);
        self.plan_pipelines(ws);
        self.plan_actions(ws);
        self.plan_runs(ws);
        if self.prune {
            self.prune_contents(ws);
        }
    }

    /// What uses something goes before it: actions, then the pipelines they launch, the
    /// compute envs those run on, the credentials those use, and labels last.
    fn prune_contents(&mut self, ws: Ws<'a>) {
        self.prune_actions(ws);
        self.prune_pipelines(ws);
        self.prune_compute_envs(ws);
        self.prune_credentials(ws);
        self.prune_labels(ws);
    }

    /// Adds an item about an object inside the workspace: `workspace biolab/rnaseq <object>`.
    pub(super) fn push_in(
        &mut self,
        ws: Ws<'a>,
        phase: Phase,
        action: Action,
        object: impl Display,
        detail: String,
        change: Option<WorkspaceChange>,
    ) {
        let org = self.org().to_string();
        let object = format!("workspace {org}/{} {object}", ws.d.name);
        let change = change.map(|change| Change::Workspace {
            org,
            workspace: ws.d.name.clone(),
            change,
        });
        self.plan.push(phase, action, object, detail, change);
    }

    /// An unchanged object, or one updated with the listed differences.
    pub(super) fn push_diff(
        &mut self,
        ws: Ws<'a>,
        phase: Phase,
        object: impl Display,
        differences: Vec<String>,
        change: WorkspaceChange,
    ) {
        if differences.is_empty() {
            self.push_in(ws, phase, Action::Unchanged, object, String::new(), None);
        } else {
            let detail = differences.join(", ");
            self.push_in(ws, phase, Action::Update, object, detail, Some(change));
        }
    }
}

/// A text the file may leave out (keep `current`) or give (`""` meaning none).
pub(super) fn kept_or_cleared(file: &Option<String>, current: Option<&String>) -> Option<String> {
    match file {
        None => current.cloned(),
        Some(v) if v.is_empty() => None,
        Some(v) => Some(v.clone()),
    }
}

/// Shows an optional value in a plan detail.
pub(super) fn shown(value: Option<&str>) -> &str {
    value.unwrap_or("none")
}
