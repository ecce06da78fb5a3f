//! Credentials and compute environment changes of an apply, by name.

use super::super::Ctx;
use super::super::store;
use crate::domain::changes::{
    ComputeEnvSpec, WorkspaceChange, merge_compute_env, merge_credentials,
};
use crate::domain::{ComputeEnvFields, CredentialsId, Error, Result, Scope, WorkspaceId};

impl Ctx<'_> {
    pub(super) fn apply_compute_change(
        &self,
        ws: WorkspaceId,
        change: &WorkspaceChange,
    ) -> Result<()> {
        use WorkspaceChange::*;
        let scope = Scope::Workspace(ws);
        match change {
            CreateCredentials(spec) => self.create_credentials(scope, &spec.fields()).map(drop),
            UpdateCredentials { name, spec, base } => {
                let id = self.credentials_named(ws, name)?;
                let now = self.get_credentials(scope, &id)?;
                let spec = merge_credentials(&change.to_string(), base.as_deref(), spec, &now)?;
                self.update_credentials(scope, &id, &spec.fields())
                    .map(drop)
            }
            DeleteCredentials(name) => {
                let id = self.credentials_named(ws, name)?;
                self.delete_credentials(scope, &id)
            }
            CreateComputeEnv(spec) => {
                let fields = self.env_fields(ws, spec)?;
                self.create_compute_env(scope, &fields).map(drop)
            }
            UpdateComputeEnv { name, spec, base } => {
                let id = self.env_named(ws, name)?;
                // Read whole (with its resource labels), as a user would see it.
                let now = self.get_compute_env(scope, &id)?;
                let spec = merge_compute_env(&change.to_string(), base.as_deref(), spec, &now)?;
                let fields = self.env_fields(ws, &spec)?;
                self.update_compute_env(scope, &id, &fields).map(drop)
            }
            SetComputeEnvEnabled { name, enabled } => {
                let id = self.env_named(ws, name)?;
                if *enabled {
                    self.enable_compute_env(scope, &id).map(drop)
                } else {
                    self.disable_compute_env(scope, &id).map(drop)
                }
            }
            MakePrimary(name) => {
                let id = self.env_named(ws, name)?;
                self.make_primary(scope, &id).map(drop)
            }
            DeleteComputeEnv(name) => {
                let id = self.env_named(ws, name)?;
                self.delete_compute_env(scope, &id)
            }
            _ => Err(Error::internal(format!("{change} is not a compute change"))),
        }
    }

    fn credentials_named(&self, ws: WorkspaceId, name: &str) -> Result<CredentialsId> {
        store::credentials::id_by_name(self.conn, ws, name)?
            .ok_or_else(|| Error::not_found(format!("credentials '{name}' not found")))
    }

    pub(super) fn env_named(&self, ws: WorkspaceId, name: &str) -> Result<String> {
        store::compute::by_name(self.conn, ws, name)?
            .map(|e| e.id)
            .ok_or_else(|| Error::not_found(format!("compute env '{name}' not found")))
    }

    fn env_fields(&self, ws: WorkspaceId, spec: &ComputeEnvSpec) -> Result<ComputeEnvFields> {
        let credentials_id = match &spec.credentials {
            Some(name) => Some(self.credentials_named(ws, name)?),
            None => None,
        };
        Ok(spec.fields(
            credentials_id,
            self.resource_labels(ws, &spec.resource_labels)?,
        ))
    }
}
