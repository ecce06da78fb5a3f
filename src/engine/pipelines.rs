//! The Launchpad's pipelines: add, edit, delete (owner, admin, maintain), at most 100 per
//! workspace; listing with the org's SHARED workspaces' pipelines (`visibility`).

use super::Ctx;
use super::audit::snap;
use super::scope::ws_label;
use super::store::labels::LabelLink;
use super::store::pipelines::ListScope;
use super::store::{self, workspaces::WorkspaceRow};
use crate::domain::launchpad::check_pipeline_fields;
use crate::domain::settings::LabelKinds;
use crate::domain::{
    Error, Paged, Permission, Pipeline, PipelineFields, PipelineId, PipelineQuery, Result,
    ResultExt, Scope, Usage, Visibility, WorkspaceId,
};

impl Ctx<'_> {
    /// This workspace's pipelines, the org's shared ones, or both; each names its workspace.
    pub fn list_pipelines(&self, scope: Scope, query: &PipelineQuery) -> Result<Paged<Pipeline>> {
        let (ws, _) = self.require_scope(scope, Permission::ViewWorkspace)?;
        let list_scope = ListScope {
            workspace: ws.id,
            org: ws.org_id,
            visibility: query.visibility,
        };
        let label = query.label.as_deref().filter(|l| !l.trim().is_empty());
        let mut paged = store::pipelines::list(self.conn, &list_scope, &query.page, label)?;
        let ids: Vec<PipelineId> = paged.items.iter().map(|p| p.id).collect();
        let mut labels = store::labels::of_many(self.conn, LabelLink::Pipeline, &ids)?;
        for p in &mut paged.items {
            p.shared = p.workspace_id != ws.id;
            p.labels = labels.remove(&p.id.to_string()).unwrap_or_default();
        }
        Ok(paged)
    }

    /// Marks a pipeline of another workspace as shared and reads its labels.
    pub(crate) fn finish_pipeline(&self, listing: WorkspaceId, p: &mut Pipeline) -> Result<()> {
        p.shared = p.workspace_id != listing;
        p.labels = store::labels::of(self.conn, LabelLink::Pipeline, &p.id)?;
        Ok(())
    }

    /// A pipeline of this workspace, or with `source` a pipeline of that SHARED workspace.
    pub fn get_pipeline(
        &self,
        scope: Scope,
        id: PipelineId,
        source: Option<WorkspaceId>,
    ) -> Result<Pipeline> {
        let (ws, _) = self.require_scope(scope, Permission::ViewWorkspace)?;
        self.launchable_pipeline(&ws, id, source)
    }

    /// What `get_pipeline` reads: the source workspace must be this one, or a SHARED
    /// workspace of the same org.
    pub(crate) fn launchable_pipeline(
        &self,
        ws: &WorkspaceRow,
        id: PipelineId,
        source: Option<WorkspaceId>,
    ) -> Result<Pipeline> {
        let owner = match source {
            None => ws.clone(),
            Some(s) if s == ws.id => ws.clone(),
            Some(s) => self.shared_source(ws, s)?,
        };
        let mut p = store::pipelines::by_id(self.conn, owner.id, id)?.ok_or_else(|| {
            Error::not_found(format!("pipeline {id} not found in {}", ws_label(&owner)))
        })?;
        self.finish_pipeline(ws.id, &mut p)?;
        Ok(p)
    }

    /// A workspace whose pipelines `ws` may use: SHARED and in the same org.
    fn shared_source(&self, ws: &WorkspaceRow, source: WorkspaceId) -> Result<WorkspaceRow> {
        let not_shared = || {
            Error::not_found(format!(
                "workspace {source} is not a shared workspace of the same organization as {}",
                ws_label(ws)
            ))
        };
        let row = store::workspaces::by_id(self.conn, source)?.ok_or_else(not_shared)?;
        if ws.org_id.is_some()
            && row.org_id == ws.org_id
            && row.fields.visibility == Visibility::Shared
        {
            Ok(row)
        } else {
            Err(not_shared())
        }
    }

    /// Pipelines used against the workspace limit (`12/100`).
    pub fn pipeline_usage(&self, scope: Scope) -> Result<Usage> {
        let (ws, _) = self.require_scope(scope, Permission::ViewWorkspace)?;
        let tier = self.tier_of(&ws)?;
        Ok(Usage::new(
            store::pipelines::count(self.conn, ws.id)?,
            tier.limits().pipelines_per_workspace,
        ))
    }

    pub fn create_pipeline(&self, scope: Scope, fields: &PipelineFields) -> Result<Pipeline> {
        let (ws, _) = self.require_scope(scope, Permission::ManagePipelines)?;
        let object = format!("pipeline '{}'", fields.name);
        self.check_pipeline(&ws, fields, None).about(&object)?;
        let tier = self.tier_of(&ws)?;
        Usage::new(
            store::pipelines::count(self.conn, ws.id)?,
            tier.limits().pipelines_per_workspace,
        )
        .check_room(1, "pipelines per workspace", tier)
        .about(&object)?;
        let id = store::pipelines::insert(self.conn, ws.id, self.actor.user_id, fields)?;
        store::labels::set_links(self.conn, LabelLink::Pipeline, &id, &fields.label_ids)?;
        let p = self.launchable_pipeline(&ws, id, None)?;
        self.audit("pipeline.create", "pipeline", id, &p.name, None, snap(&p))?;
        Ok(p)
    }

    /// Saves an edit made on `base` (the pipeline as the editor showed it); see `merge3`.
    pub fn edit_pipeline(
        &self,
        scope: Scope,
        id: PipelineId,
        base: &PipelineFields,
        fields: PipelineFields,
    ) -> Result<Pipeline> {
        let now = self.get_pipeline(scope, id, None)?;
        let fields = fields.merged_into(base, &now)?;
        self.update_pipeline(scope, id, &fields)
    }

    pub fn update_pipeline(
        &self,
        scope: Scope,
        id: PipelineId,
        fields: &PipelineFields,
    ) -> Result<Pipeline> {
        let (ws, _) = self.require_scope(scope, Permission::ManagePipelines)?;
        let before = self.launchable_pipeline(&ws, id, None)?;
        let object = format!("pipeline '{}'", before.name);
        self.check_pipeline(&ws, fields, Some(id)).about(&object)?;
        store::pipelines::update(self.conn, id, fields)?;
        store::labels::set_links(self.conn, LabelLink::Pipeline, &id, &fields.label_ids)?;
        let after = self.launchable_pipeline(&ws, id, None)?;
        self.audit(
            "pipeline.update",
            "pipeline",
            id,
            &after.name,
            snap(&before),
            snap(&after),
        )?;
        Ok(after)
    }

    /// Deletes a pipeline; its actions go with it, its runs stay.
    pub fn delete_pipeline(&self, scope: Scope, id: PipelineId) -> Result<()> {
        let (ws, _) = self.require_scope(scope, Permission::ManagePipelines)?;
        let before = self.launchable_pipeline(&ws, id, None)?;
        store::pipelines::delete(self.conn, id)?;
        self.audit(
            "pipeline.delete",
            "pipeline",
            id,
            &before.name,
            snap(&before),
            None,
        )
    }

    fn check_pipeline(
        &self,
        ws: &WorkspaceRow,
        fields: &PipelineFields,
        except: Option<PipelineId>,
    ) -> Result<()> {
        check_pipeline_fields(fields)?;
        if let Some(other) = store::pipelines::id_by_name(self.conn, ws.id, &fields.name)?
            && Some(other) != except
        {
            return Err(Error::conflict(format!(
                "{} already has a pipeline named '{}'",
                ws_label(ws),
                fields.name
            )));
        }
        if let Some(env) = &fields.compute_env_id {
            self.compute_env_in(ws, env)?;
        }
        self.resolve_labels(ws, &fields.label_ids, LabelKinds::Simple)?;
        Ok(())
    }
}
