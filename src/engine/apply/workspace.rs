//! Changes inside one workspace: the dispatch, settings (credits allocation, Studios) and
//! labels. Every change goes through the same engine operation a user's call would, so the
//! same permission checks, rules and audit apply.

use super::super::Ctx;
use super::super::store;
use crate::domain::changes::{WorkspaceChange, label_name, merged};
use crate::domain::{Error, LabelFields, LabelId, OrgId, Result, Scope, WorkspaceId};

impl Ctx<'_> {
    pub(super) fn apply_workspace_change(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        change: &WorkspaceChange,
    ) -> Result<()> {
        use WorkspaceChange::*;
        let scope = Scope::Workspace(ws);
        match change {
            SetAllocation(amount) => self.set_allocation(org, ws, *amount).map(drop),
            SetStudios { settings, base } => {
                let now = self.studios_settings(scope)?;
                let settings = merged("Studios settings", base.as_deref(), settings, &now)?;
                if settings == now {
                    return Ok(());
                }
                self.set_studios_settings(scope, &settings).map(drop)
            }
            CreateLabel(fields) => self.create_label(scope, fields).map(drop),
            UpdateLabel { label, fields } => {
                let id = self.label_named(ws, label)?;
                self.update_label(scope, id, fields).map(drop)
            }
            DeleteLabel(label) => {
                let id = self.label_named(ws, label)?;
                self.delete_label(scope, id)
            }
            CreateCredentials(_)
            | UpdateCredentials { .. }
            | DeleteCredentials(_)
            | CreateComputeEnv(_)
            | UpdateComputeEnv { .. }
            | SetComputeEnvEnabled { .. }
            | MakePrimary(_)
            | DeleteComputeEnv(_) => self.apply_compute_change(ws, change),
            CreatePipeline(_)
            | UpdatePipeline { .. }
            | DeletePipeline(_)
            | AddAction(_)
            | ReplaceAction(_)
            | SetActionPaused { .. }
            | DeleteAction(_)
            | ImportRuns(_) => self.apply_launchpad_change(org, ws, change),
        }
    }

    /// A label by identity: a simple label's name, or a resource label's key and value.
    pub(super) fn label_named(&self, ws: WorkspaceId, label: &LabelFields) -> Result<LabelId> {
        store::labels::find_same(self.conn, ws, label)?
            .map(|l| l.id)
            .ok_or_else(|| Error::not_found(format!("{} not found", label_name(label))))
    }

    /// Label ids of simple labels by name.
    pub(super) fn simple_labels(&self, ws: WorkspaceId, names: &[String]) -> Result<Vec<LabelId>> {
        names
            .iter()
            .map(|n| self.label_named(ws, &LabelFields::simple(n)))
            .collect()
    }

    /// Label ids of resource labels by key and value.
    pub(super) fn resource_labels(
        &self,
        ws: WorkspaceId,
        pairs: &[(String, String)],
    ) -> Result<Vec<LabelId>> {
        pairs
            .iter()
            .map(|(k, v)| self.label_named(ws, &LabelFields::resource(k, v, false)))
            .collect()
    }
}
