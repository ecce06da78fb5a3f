//! Changing run history after the fact: deleting runs (one, or many with the failures listed)
//! and adding, replacing or removing their labels. Cancelling lives with the run reads in
//! `runs`.

use super::Ctx;
use super::audit::snap;
use super::store::labels::LabelLink;
use super::store::{self, workspaces::WorkspaceRow};
use crate::domain::runs::check_delete;
use crate::domain::settings::LabelKinds;
use crate::domain::{
    Error, ErrorKind, LabelId, Permission, Result, RunLabelChange, Scope, WorkflowId,
};

/// At most this many runs in one bulk request, so one request cannot hold the write lock for
/// long.
pub const MAX_RUNS_PER_REQUEST: usize = 1000;

fn check_batch(ids: &[WorkflowId], field: &str) -> Result<()> {
    if ids.is_empty() {
        return Err(Error::invalid(format!(
            "{field} must name at least one run"
        )));
    }
    if ids.len() > MAX_RUNS_PER_REQUEST {
        return Err(Error::limit(format!(
            "{field} names {} runs: at most {MAX_RUNS_PER_REQUEST} per request",
            ids.len()
        )));
    }
    Ok(())
}

impl Ctx<'_> {
    /// Deletes a run. An active one (SUBMITTED or RUNNING) only with `force`.
    pub fn delete_run(&self, scope: Scope, id: &str, force: bool) -> Result<()> {
        let (ws, _) = self.require_scope(scope, Permission::DeleteRuns)?;
        self.delete_run_in(&ws, id, force)
    }

    /// Deletes many runs; the ids of those that could not be deleted (unknown, or active
    /// without `force`) are returned, the others are gone. A refused permission refuses all.
    pub fn delete_runs(
        &self,
        scope: Scope,
        ids: &[WorkflowId],
        force: bool,
    ) -> Result<Vec<WorkflowId>> {
        let (ws, _) = self.require_scope(scope, Permission::DeleteRuns)?;
        check_batch(ids, "workflowIds")?;
        let mut failed = Vec::new();
        for id in ids {
            match self.delete_run_in(&ws, id, force) {
                Ok(()) => {}
                Err(e) if e.is(ErrorKind::NotFound) || e.is(ErrorKind::Conflict) => {
                    failed.push(id.clone())
                }
                Err(e) => return Err(e),
            }
        }
        Ok(failed)
    }

    fn delete_run_in(&self, ws: &WorkspaceRow, id: &str, force: bool) -> Result<()> {
        let before = self.run_in(ws, id)?;
        check_delete(&before.run_name, before.status, force)?;
        store::runs::delete(self.conn, id)?;
        self.audit(
            "run.delete",
            "run",
            id,
            &before.run_name,
            snap(&before),
            None,
        )
    }

    /// Adds, replaces or removes labels on runs of one workspace, all or nothing: every run and
    /// label must exist there, and no run may end with more labels than the tier allows.
    pub fn change_run_labels(
        &self,
        scope: Scope,
        runs: &[WorkflowId],
        labels: &[LabelId],
        change: RunLabelChange,
    ) -> Result<()> {
        let (ws, _) = self.require_scope(scope, Permission::LabelRuns)?;
        check_batch(runs, "workflowIds")?;
        // Checked once up front, so an unknown label is named even when no run would change.
        for label in labels {
            self.label(&ws, *label)?;
        }
        for id in runs {
            let before = self.run_in(&ws, id)?;
            let current: Vec<LabelId> = before.labels.iter().map(|l| l.id).collect();
            let wanted: Vec<LabelId> = match change {
                RunLabelChange::Add => current.iter().chain(labels).copied().collect(),
                RunLabelChange::Replace => labels.to_vec(),
                RunLabelChange::Remove => current
                    .iter()
                    .filter(|l| !labels.contains(l))
                    .copied()
                    .collect(),
            };
            let resolved = self
                .resolve_labels(&ws, &wanted, LabelKinds::Both)
                .map_err(|e| e.about(format!("run '{}'", before.run_name)))?;
            let ids: Vec<LabelId> = resolved.iter().map(|l| l.id).collect();
            store::labels::set_links(self.conn, LabelLink::Run, &before.id, &ids)?;
            let after = self.run_in(&ws, id)?;
            if after.labels != before.labels {
                self.audit(
                    "run.labels",
                    "run",
                    id,
                    &after.run_name,
                    snap(&before.labels),
                    snap(&after.labels),
                )?;
            }
        }
        Ok(())
    }
}
