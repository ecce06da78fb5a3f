//! Compute environments: create, edit, delete, make primary, disable and enable (owner and
//! admin). At most one primary per workspace; disabling or deleting the primary unsets it, and
//! a disabled environment cannot become primary.

use super::Ctx;
use super::audit::snap;
use super::ids::{LONG_ID_LEN, new_id};
use super::scope::ws_label;
use super::store::labels::LabelLink;
use super::store::{self, workspaces::WorkspaceRow};
use crate::domain::compute::check_can_be_primary;
use crate::domain::compute::{check_compute_env_fields, check_provider_fits};
use crate::domain::settings::LabelKinds;
use crate::domain::{
    ComputeEnv, ComputeEnvFields, ComputeEnvStatus, Error, Permission, Result, ResultExt, Scope,
};

impl Ctx<'_> {
    /// A workspace's compute environments, the primary first; `status` narrows it.
    pub fn list_compute_envs(
        &self,
        scope: Scope,
        status: Option<ComputeEnvStatus>,
    ) -> Result<Vec<ComputeEnv>> {
        let (ws, _) = self.require_scope(scope, Permission::ViewWorkspace)?;
        self.compute_envs_of(&ws, status)
    }

    pub(crate) fn compute_envs_of(
        &self,
        ws: &WorkspaceRow,
        status: Option<ComputeEnvStatus>,
    ) -> Result<Vec<ComputeEnv>> {
        store::compute::list(self.conn, ws.id, status)?
            .into_iter()
            .map(|env| self.with_env_labels(env))
            .collect()
    }

    pub fn get_compute_env(&self, scope: Scope, id: &str) -> Result<ComputeEnv> {
        let (ws, _) = self.require_scope(scope, Permission::ViewWorkspace)?;
        self.compute_env_in(&ws, id)
    }

    /// The workspace's primary compute environment, if it has one.
    pub fn primary_compute_env(&self, scope: Scope) -> Result<Option<ComputeEnv>> {
        let (ws, _) = self.require_scope(scope, Permission::ViewWorkspace)?;
        store::compute::primary(self.conn, ws.id)?
            .map(|env| self.with_env_labels(env))
            .transpose()
    }

    pub(crate) fn with_env_labels(&self, mut env: ComputeEnv) -> Result<ComputeEnv> {
        env.labels = store::labels::of(self.conn, LabelLink::ComputeEnv, &env.id)?;
        Ok(env)
    }

    /// A compute environment of this workspace.
    pub(crate) fn compute_env_in(&self, ws: &WorkspaceRow, id: &str) -> Result<ComputeEnv> {
        match store::compute::by_id(self.conn, id)? {
            Some(env) if env.workspace_id == ws.id => self.with_env_labels(env),
            _ => Err(Error::not_found(format!(
                "compute env '{id}' not found in {}",
                ws_label(ws)
            ))),
        }
    }

    pub fn create_compute_env(
        &self,
        scope: Scope,
        fields: &ComputeEnvFields,
    ) -> Result<ComputeEnv> {
        let (ws, _) = self.require_scope(scope, Permission::ManageComputeEnvs)?;
        let object = format!("compute env '{}'", fields.name);
        self.check_env_fields(&ws, fields, None).about(&object)?;
        let id = new_id(LONG_ID_LEN);
        store::compute::insert(self.conn, &id, ws.id, fields)?;
        store::labels::set_links(self.conn, LabelLink::ComputeEnv, &id, &fields.label_ids)?;
        let env = self.compute_env_in(&ws, &id)?;
        self.audit(
            "compute_env.create",
            "compute_env",
            &id,
            &env.name,
            None,
            snap(&env),
        )?;
        Ok(env)
    }

    pub fn update_compute_env(
        &self,
        scope: Scope,
        id: &str,
        fields: &ComputeEnvFields,
    ) -> Result<ComputeEnv> {
        let (ws, _) = self.require_scope(scope, Permission::ManageComputeEnvs)?;
        let before = self.compute_env_in(&ws, id)?;
        let object = format!("compute env '{}'", before.name);
        self.check_env_fields(&ws, fields, Some(id))
            .about(&object)?;
        store::compute::update(self.conn, id, fields)?;
        store::labels::set_links(self.conn, LabelLink::ComputeEnv, &id, &fields.label_ids)?;
        let after = self.compute_env_in(&ws, id)?;
        self.audit(
            "compute_env.update",
            "compute_env",
            id,
            &after.name,
            snap(&before),
            snap(&after),
        )?;
        Ok(after)
    }

    /// Field rules, the name's uniqueness, the credentials (same workspace, fitting provider)
    /// and the resource labels.
    fn check_env_fields(
        &self,
        ws: &WorkspaceRow,
        fields: &ComputeEnvFields,
        except: Option<&str>,
    ) -> Result<()> {
        check_compute_env_fields(fields)?;
        if let Some(other) = store::compute::by_name(self.conn, ws.id, &fields.name)?
            && Some(other.id.as_str()) != except
        {
            return Err(Error::conflict(format!(
                "{} already has a compute env named '{}'",
                ws_label(ws),
                other.name
            )));
        }
        if let Some(creds) = &fields.credentials_id {
            let row = self.credentials_row(ws, creds)?;
            check_provider_fits(fields.platform, row.view.provider)
                .map_err(|e| e.about(format!("credentials '{}'", row.view.name)))?;
        }
        self.resolve_labels(ws, &fields.label_ids, LabelKinds::Resource)?;
        Ok(())
    }

    /// Deletes a compute environment that no pipeline names and no action needs to launch; a
    /// primary one leaves the workspace without a primary.
    pub fn delete_compute_env(&self, scope: Scope, id: &str) -> Result<()> {
        let (ws, _) = self.require_scope(scope, Permission::ManageComputeEnvs)?;
        let before = self.compute_env_in(&ws, id)?;
        self.check_no_pipeline_uses(&before)?;
        let what = format!("compute env '{}' cannot be deleted", before.name);
        self.keeping_actions_launchable(ws.org_id, &what, || {
            store::compute::delete(self.conn, id)
        })?;
        self.audit(
            "compute_env.delete",
            "compute_env",
            id,
            &before.name,
            snap(&before),
            None,
        )
    }

    /// Makes an AVAILABLE environment the workspace's primary, unsetting the previous one.
    pub fn make_primary(&self, scope: Scope, id: &str) -> Result<ComputeEnv> {
        let (ws, _) = self.require_scope(scope, Permission::ManageComputeEnvs)?;
        let before = self.compute_env_in(&ws, id)?;
        if before.primary {
            return Ok(before);
        }
        check_can_be_primary(&before.name, before.status)?;
        let previous = store::compute::primary(self.conn, ws.id)?;
        store::compute::set_primary(self.conn, ws.id, id)?;
        let after = self.compute_env_in(&ws, id)?;
        let previous_name = previous.map(|p| p.name);
        self.audit(
            "compute_env.primary",
            "compute_env",
            id,
            &after.name,
            snap(&serde_json::json!({ "primary": previous_name })),
            snap(&serde_json::json!({ "primary": after.name })),
        )?;
        Ok(after)
    }

    /// Disables an environment: it can no longer run pipelines, and stops being primary.
    pub fn disable_compute_env(&self, scope: Scope, id: &str) -> Result<ComputeEnv> {
        self.set_env_status(scope, id, ComputeEnvStatus::Disabled)
    }

    pub fn enable_compute_env(&self, scope: Scope, id: &str) -> Result<ComputeEnv> {
        self.set_env_status(scope, id, ComputeEnvStatus::Available)
    }

    fn set_env_status(
        &self,
        scope: Scope,
        id: &str,
        status: ComputeEnvStatus,
    ) -> Result<ComputeEnv> {
        let (ws, _) = self.require_scope(scope, Permission::ManageComputeEnvs)?;
        let before = self.compute_env_in(&ws, id)?;
        if before.status == status {
            return Ok(before);
        }
        let what = format!("compute env '{}' cannot be disabled", before.name);
        self.keeping_actions_launchable(ws.org_id, &what, || {
            store::compute::set_status(self.conn, id, status)
        })?;
        let after = self.compute_env_in(&ws, id)?;
        let action = if status == ComputeEnvStatus::Available {
            "compute_env.enable"
        } else {
            "compute_env.disable"
        };
        self.audit(
            action,
            "compute_env",
            id,
            &after.name,
            snap(&before),
            snap(&after),
        )?;
        Ok(after)
    }

    /// A deleted compute environment must not be one that pipelines name: they would silently
    /// fall back to the primary. (A disabled one stays a pipeline's own: launches say it is
    /// disabled.) The refusal lists them.
    fn check_no_pipeline_uses(&self, env: &ComputeEnv) -> Result<()> {
        let named: Vec<String> = store::compute::pipelines_using(self.conn, &env.id)?
            .iter()
            .map(|p| format!("pipeline '{p}'"))
            .collect();
        if named.is_empty() {
            return Ok(());
        }
        let (verb, them) = if named.len() == 1 {
            ("uses", "it")
        } else {
            ("use", "them")
        };
        Err(Error::conflict(format!(
            "compute env '{}' cannot be deleted: {} {verb} it; give {them} another compute env (or delete {them}) first",
            env.name,
            named.join(", "),
        )))
    }
}
