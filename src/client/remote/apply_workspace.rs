//! `apply` against a server, inside one workspace: settings, labels, credentials, compute
//! environments, pipelines and actions, each resolved by name through list requests and run
//! as the same API calls the TUI makes. Run history cannot be imported: the Seqera API has no
//! endpoint for it.

use super::RemoteClient;
use crate::client::{
    ActionClient, ComputeClient, CredentialsClient, LaunchpadClient, SettingsClient,
    WorkspaceClient,
};
use crate::domain::changes::{
    ActionSpec, ComputeEnvSpec, PipelineSpec, WorkspaceChange, label_name, merge_compute_env,
    merge_credentials, merge_pipeline, merged,
};
use crate::domain::launchpad::{PipelineQuery, PipelineVisibility};
use crate::domain::run_history::split_reference;
use crate::domain::{
    ComputeEnvFields, Error, LabelFields, LabelId, LabelType, OrgId, Page, Permission,
    PipelineFields, PipelineId, Result, Scope, WorkspaceId,
};

/// The permission a workspace change needs (`None`: an org-owner matter, the allocation).
pub(super) fn permission_of(change: &WorkspaceChange) -> Option<Permission> {
    use WorkspaceChange::*;
    Some(match change {
        SetAllocation(_) => return None,
        SetStudios { .. } => Permission::StudiosSettings,
        CreateLabel(_) | UpdateLabel { .. } | DeleteLabel(_) => Permission::ManageLabels,
        CreateCredentials(_) | UpdateCredentials { .. } | DeleteCredentials(_) => {
            Permission::ManageCredentials
        }
        CreateComputeEnv(_)
        | UpdateComputeEnv { .. }
        | SetComputeEnvEnabled { .. }
        | MakePrimary(_)
        | DeleteComputeEnv(_) => Permission::ManageComputeEnvs,
        CreatePipeline(_) | UpdatePipeline { .. } | DeletePipeline(_) => {
            Permission::ManagePipelines
        }
        AddAction(_) | ReplaceAction(_) | SetActionPaused { .. } | DeleteAction(_) => {
            Permission::ManageActions
        }
        ImportRuns(_) => Permission::LaunchPipelines,
    })
}

/// Why a server cannot take run history.
pub(super) fn no_run_import(endpoint: &str) -> Error {
    Error::unavailable(format!(
        "{endpoint} cannot import run history: the Seqera API has no endpoint for it (apply the runs to an embedded database)"
    ))
}

impl RemoteClient {
    pub(super) async fn run_in_workspace(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        change: &WorkspaceChange,
    ) -> Result<()> {
        use WorkspaceChange::*;
        let scope = Scope::Workspace(ws);
        match change {
            SetAllocation(amount) => self.set_allocation(org, ws, *amount).await.map(drop),
            SetStudios { settings, base } => {
                let now = self.studios_settings(scope).await?;
                let settings = merged("Studios settings", base.as_deref(), settings, &now)?;
                if settings == now {
                    return Ok(());
                }
                self.set_studios_settings(scope, settings).await.map(drop)
            }
            CreateLabel(fields) => self.create_label(scope, fields.clone()).await.map(drop),
            UpdateLabel { label, fields } => {
                let id = self.label_id(scope, label).await?;
                self.update_label(scope, id, fields.clone()).await.map(drop)
            }
            DeleteLabel(label) => {
                let id = self.label_id(scope, label).await?;
                self.delete_label(scope, id).await
            }
            ImportRuns(_) => Err(no_run_import(self.endpoint())),
            _ => self.run_resource_change(org, ws, change).await,
        }
    }

    async fn run_resource_change(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        change: &WorkspaceChange,
    ) -> Result<()> {
        use WorkspaceChange::*;
        let scope = Scope::Workspace(ws);
        match change {
            CreateCredentials(spec) => self
                .create_credentials(scope, spec.fields())
                .await
                .map(drop),
            UpdateCredentials { name, spec, base } => {
                let id = self.credentials_id(scope, name).await?;
                let now = self.get_credentials(scope, id.clone()).await?;
                let spec = merge_credentials(&change.to_string(), base.as_deref(), spec, &now)?;
                self.update_credentials(scope, id, spec.fields())
                    .await
                    .map(drop)
            }
            DeleteCredentials(name) => {
                let id = self.credentials_id(scope, name).await?;
                self.delete_credentials(scope, id).await
            }
            CreateComputeEnv(spec) => {
                let fields = self.env_fields(scope, spec).await?;
                self.create_compute_env(scope, fields).await.map(drop)
            }
            UpdateComputeEnv { name, spec, base } => {
                let id = self.env_id(scope, name).await?;
                let now = self.get_compute_env(scope, id.clone()).await?;
                let spec = merge_compute_env(&change.to_string(), base.as_deref(), spec, &now)?;
                let fields = self.env_fields(scope, &spec).await?;
                self.update_compute_env(scope, id, fields).await.map(drop)
            }
            SetComputeEnvEnabled { name, enabled } => {
                let id = self.env_id(scope, name).await?;
                if *enabled {
                    self.enable_compute_env(scope, id).await.map(drop)
                } else {
                    self.disable_compute_env(scope, id).await.map(drop)
                }
            }
            MakePrimary(name) => {
                let id = self.env_id(scope, name).await?;
                self.make_primary(scope, id).await.map(drop)
            }
            DeleteComputeEnv(name) => {
                let id = self.env_id(scope, name).await?;
                self.delete_compute_env(scope, id).await
            }
            _ => self.run_launchpad_change(org, ws, change).await,
        }
    }

    async fn run_launchpad_change(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        change: &WorkspaceChange,
    ) -> Result<()> {
        use WorkspaceChange::*;
        let scope = Scope::Workspace(ws);
        match change {
            CreatePipeline(spec) => {
                let fields = self.pipeline_fields(scope, spec).await?;
                self.create_pipeline(scope, fields).await.map(drop)
            }
            UpdatePipeline { name, spec, base } => {
                let id = self.pipeline_id(scope, name).await?;
                let now = self.get_pipeline(scope, id, None).await?;
                let spec = merge_pipeline(&change.to_string(), base.as_deref(), spec, &now)?;
                let fields = self.pipeline_fields(scope, &spec).await?;
                self.update_pipeline(scope, id, fields).await.map(drop)
            }
            DeletePipeline(name) => {
                let id = self.pipeline_id(scope, name).await?;
                self.delete_pipeline(scope, id).await
            }
            AddAction(spec) => self.add_action_spec(org, ws, spec).await,
            ReplaceAction(spec) => {
                let id = self.action_id(scope, &spec.name).await?;
                self.delete_action(scope, id).await?;
                self.add_action_spec(org, ws, spec).await
            }
            SetActionPaused { name, paused } => {
                let id = self.action_id(scope, name).await?;
                if *paused {
                    self.pause_action(scope, id).await.map(drop)
                } else {
                    self.resume_action(scope, id).await.map(drop)
                }
            }
            DeleteAction(name) => {
                let id = self.action_id(scope, name).await?;
                self.delete_action(scope, id).await
            }
            other => Err(Error::internal(format!("no remote request for {other}"))),
        }
    }

    /// A label by identity: a simple label's name, or a resource label's key and value.
    async fn label_id(&self, scope: Scope, label: &LabelFields) -> Result<LabelId> {
        let page = Page::first(Page::MAX).with_search(&label.name);
        self.list_labels(scope, LabelType::All, page)
            .await?
            .items
            .into_iter()
            .find(|l| {
                l.resource == label.resource
                    && l.name.eq_ignore_ascii_case(&label.name)
                    && (!label.resource || l.value == label.value)
            })
            .map(|l| l.id)
            .ok_or_else(|| Error::not_found(format!("{} not found", label_name(label))))
    }

    async fn label_ids(&self, scope: Scope, labels: &[LabelFields]) -> Result<Vec<LabelId>> {
        let mut ids = Vec::with_capacity(labels.len());
        for label in labels {
            ids.push(self.label_id(scope, label).await?);
        }
        Ok(ids)
    }

    async fn credentials_id(&self, scope: Scope, name: &str) -> Result<String> {
        self.list_credentials(scope, None)
            .await?
            .into_iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
            .map(|c| c.id)
            .ok_or_else(|| Error::not_found(format!("credentials '{name}' not found")))
    }

    async fn env_id(&self, scope: Scope, name: &str) -> Result<String> {
        self.list_compute_envs(scope, None)
            .await?
            .into_iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))
            .map(|e| e.id)
            .ok_or_else(|| Error::not_found(format!("compute env '{name}' not found")))
    }

    async fn pipeline_id(&self, scope: Scope, name: &str) -> Result<PipelineId> {
        let query = PipelineQuery {
            visibility: PipelineVisibility::Private,
            page: Page::first(Page::MAX).with_search(name),
            label: None,
        };
        self.list_pipelines(scope, query)
            .await?
            .items
            .into_iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .map(|p| p.id)
            .ok_or_else(|| Error::not_found(format!("pipeline '{name}' not found")))
    }

    async fn action_id(&self, scope: Scope, name: &str) -> Result<String> {
        self.list_actions(scope)
            .await?
            .into_iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
            .map(|a| a.id)
            .ok_or_else(|| Error::not_found(format!("action '{name}' not found")))
    }

    async fn env_fields(&self, scope: Scope, spec: &ComputeEnvSpec) -> Result<ComputeEnvFields> {
        let credentials_id = match &spec.credentials {
            Some(name) => Some(self.credentials_id(scope, name).await?),
            None => None,
        };
        let labels: Vec<LabelFields> = spec
            .resource_labels
            .iter()
            .map(|(k, v)| LabelFields::resource(k, v, false))
            .collect();
        Ok(spec.fields(credentials_id, self.label_ids(scope, &labels).await?))
    }

    async fn simple_label_ids(&self, scope: Scope, names: &[String]) -> Result<Vec<LabelId>> {
        let labels: Vec<LabelFields> = names.iter().map(|n| LabelFields::simple(n)).collect();
        self.label_ids(scope, &labels).await
    }

    async fn pipeline_fields(&self, scope: Scope, spec: &PipelineSpec) -> Result<PipelineFields> {
        let compute_env_id = match &spec.compute_env {
            Some(name) => Some(self.env_id(scope, name).await?),
            None => None,
        };
        let labels = self.simple_label_ids(scope, &spec.labels).await?;
        Ok(spec.fields(compute_env_id, labels))
    }

    /// The workspace and name of a `name` or `workspace/name` reference.
    async fn named_in_org(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        reference: &str,
    ) -> Result<(WorkspaceId, String)> {
        match split_reference(reference) {
            (Some(other), name) => {
                let owner = self
                    .list_org_workspaces(org)
                    .await?
                    .into_iter()
                    .find(|w| w.name.eq_ignore_ascii_case(other))
                    .map(|w| w.id)
                    .ok_or_else(|| Error::not_found(format!("workspace '{other}' not found")))?;
                Ok((owner, name.to_string()))
            }
            (None, name) => Ok((ws, name.to_string())),
        }
    }

    async fn add_action_spec(&self, org: OrgId, ws: WorkspaceId, spec: &ActionSpec) -> Result<()> {
        let scope = Scope::Workspace(ws);
        let (source, pipeline) = self.named_in_org(org, ws, &spec.pipeline).await?;
        let pipeline_id = self
            .pipeline_id(Scope::Workspace(source), &pipeline)
            .await?;
        let compute_env_id = match &spec.compute_env {
            Some(reference) => {
                let (owner, env) = self.named_in_org(org, ws, reference).await?;
                Some(self.env_id(Scope::Workspace(owner), &env).await?)
            }
            None => None,
        };
        let labels = self.simple_label_ids(scope, &spec.labels).await?;
        let fields = spec.fields(
            pipeline_id,
            (source != ws).then_some(source),
            compute_env_id,
            labels,
        );
        let action = self.add_action(scope, fields).await?;
        if spec.paused {
            self.pause_action(scope, action.id).await?;
        }
        Ok(())
    }
}
