//! Pipeline, action and run-import changes of an apply, by name.

use super::super::Ctx;
use super::super::store;
use crate::domain::changes::{ActionSpec, PipelineSpec, WorkspaceChange, merge_pipeline};
use crate::domain::run_history::split_reference;
use crate::domain::{Error, OrgId, PipelineFields, PipelineId, Result, Scope, WorkspaceId};

impl Ctx<'_> {
    pub(super) fn apply_launchpad_change(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        change: &WorkspaceChange,
    ) -> Result<()> {
        use WorkspaceChange::*;
        let scope = Scope::Workspace(ws);
        match change {
            CreatePipeline(spec) => {
                let fields = self.pipeline_fields(ws, spec)?;
                self.create_pipeline(scope, &fields).map(drop)
            }
            UpdatePipeline { name, spec, base } => {
                let id = self.pipeline_named(ws, name)?;
                // Read whole (with its labels), as a user would see it.
                let now = self.get_pipeline(scope, id, None)?;
                let spec = merge_pipeline(&change.to_string(), base.as_deref(), spec, &now)?;
                let fields = self.pipeline_fields(ws, &spec)?;
                self.update_pipeline(scope, id, &fields).map(drop)
            }
            DeletePipeline(name) => {
                let id = self.pipeline_named(ws, name)?;
                self.delete_pipeline(scope, id)
            }
            AddAction(spec) => self.add_action_spec(org, ws, spec),
            ReplaceAction(spec) => {
                let id = self.action_named(ws, &spec.name)?;
                self.delete_action(scope, &id)?;
                self.add_action_spec(org, ws, spec)
            }
            SetActionPaused { name, paused } => {
                let id = self.action_named(ws, name)?;
                if *paused {
                    self.pause_action(scope, &id).map(drop)
                } else {
                    self.resume_action(scope, &id).map(drop)
                }
            }
            DeleteAction(name) => {
                let id = self.action_named(ws, name)?;
                self.delete_action(scope, &id)
            }
            ImportRuns(runs) => self.import_runs(scope, runs).map(drop),
            _ => Err(Error::internal(format!(
                "{change} is not a Launchpad change"
            ))),
        }
    }

    fn pipeline_named(&self, ws: WorkspaceId, name: &str) -> Result<PipelineId> {
        store::pipelines::id_by_name(self.conn, ws, name)?
            .ok_or_else(|| Error::not_found(format!("pipeline '{name}' not found")))
    }

    fn action_named(&self, ws: WorkspaceId, name: &str) -> Result<String> {
        store::actions::list(self.conn, ws)?
            .into_iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
            .map(|a| a.id)
            .ok_or_else(|| Error::not_found(format!("action '{name}' not found")))
    }

    fn pipeline_fields(&self, ws: WorkspaceId, spec: &PipelineSpec) -> Result<PipelineFields> {
        let compute_env_id = match &spec.compute_env {
            Some(name) => Some(self.env_named(ws, name)?),
            None => None,
        };
        Ok(spec.fields(compute_env_id, self.simple_labels(ws, &spec.labels)?))
    }

    /// Adds an action; its pipeline (and compute env) may be in a SHARED workspace of the org
    /// (`workspace/name`).
    fn add_action_spec(&self, org: OrgId, ws: WorkspaceId, spec: &ActionSpec) -> Result<()> {
        let scope = Scope::Workspace(ws);
        let (source, pipeline) = self.named_in_org(org, ws, &spec.pipeline)?;
        let pipeline_id = self.pipeline_named(source, pipeline)?;
        let compute_env_id = match &spec.compute_env {
            Some(reference) => {
                let (owner, env) = self.named_in_org(org, ws, reference)?;
                Some(self.env_named(owner, env)?)
            }
            None => None,
        };
        let fields = spec.fields(
            pipeline_id,
            (source != ws).then_some(source),
            compute_env_id,
            self.simple_labels(ws, &spec.labels)?,
        );
        let action = self.add_action(scope, &fields)?;
        if spec.paused {
            self.pause_action(scope, &action.id)?;
        }
        Ok(())
    }

    /// The workspace and name of a `name` or `workspace/name` reference (the engine's launch
    /// rules then decide whether that workspace's objects may be used).
    fn named_in_org<'r>(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        reference: &'r str,
    ) -> Result<(WorkspaceId, &'r str)> {
        match split_reference(reference) {
            (Some(other), name) => Ok((self.workspace_id(org, other)?, name)),
            (None, name) => Ok((ws, name)),
        }
    }
}
