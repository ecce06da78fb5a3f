//! Workspace secrets: listed and read by anyone who sees the workspace (names and dates only),
//! created, changed and deleted by those who manage credentials. The value is sealed with the
//! engine's keyring and never returned, logged, audited or exported.

use super::Ctx;
use super::audit::snap;
use super::scope::ws_label;
use super::store::{self, workspaces::WorkspaceRow};
use crate::domain::pipeline_secrets::{check_secret_name, check_secret_value};
use crate::domain::{Error, Permission, PipelineSecret, Result, ResultExt, Scope, SecretString};

/// What the sealed value is bound to: a blob cannot be moved to another workspace or name.
fn seal_context(ws: &WorkspaceRow, name: &str) -> String {
    format!("pipeline-secret:{}:{name}", ws.id)
}

impl Ctx<'_> {
    pub fn list_pipeline_secrets(&self, scope: Scope) -> Result<Vec<PipelineSecret>> {
        let (ws, _) = self.require_scope(scope, Permission::ViewWorkspace)?;
        store::pipeline_secrets::list(self.conn, ws.id)
    }

    pub fn get_pipeline_secret(&self, scope: Scope, id: i64) -> Result<PipelineSecret> {
        let (ws, _) = self.require_scope(scope, Permission::ViewWorkspace)?;
        self.pipeline_secret(&ws, id)
    }

    /// 400 when the name breaks the rule, 409 when the workspace has it already.
    pub fn check_pipeline_secret_name(&self, scope: Scope, name: &str) -> Result<()> {
        let (ws, _) = self.require_scope(scope, Permission::ViewWorkspace)?;
        self.check_secret_name_free(&ws, name)
    }

    pub fn create_pipeline_secret(
        &self,
        scope: Scope,
        name: &str,
        value: &SecretString,
    ) -> Result<PipelineSecret> {
        let (ws, _) = self.require_scope(scope, Permission::ManageCredentials)?;
        self.check_secret_name_free(&ws, name)?;
        check_secret_value(value.expose()).about(format!("secret '{name}'"))?;
        let sealed = self
            .keys
            .seal(&seal_context(&ws, name), value.expose().as_bytes())?;
        let id = store::pipeline_secrets::insert(self.conn, ws.id, name, &sealed)?;
        let secret = self.pipeline_secret(&ws, id)?;
        self.audit("secret.create", "secret", id, name, None, snap(&secret))?;
        Ok(secret)
    }

    /// Replaces the value; the name stays.
    pub fn update_pipeline_secret(
        &self,
        scope: Scope,
        id: i64,
        value: &SecretString,
    ) -> Result<PipelineSecret> {
        let (ws, _) = self.require_scope(scope, Permission::ManageCredentials)?;
        let before = self.pipeline_secret(&ws, id)?;
        check_secret_value(value.expose()).about(format!("secret '{}'", before.name))?;
        let sealed = self
            .keys
            .seal(&seal_context(&ws, &before.name), value.expose().as_bytes())?;
        store::pipeline_secrets::set_value(self.conn, id, &sealed)?;
        let after = self.pipeline_secret(&ws, id)?;
        self.audit(
            "secret.update",
            "secret",
            id,
            &after.name,
            snap(&before),
            snap(&after),
        )?;
        Ok(after)
    }

    pub fn delete_pipeline_secret(&self, scope: Scope, id: i64) -> Result<()> {
        let (ws, _) = self.require_scope(scope, Permission::ManageCredentials)?;
        let before = self.pipeline_secret(&ws, id)?;
        store::pipeline_secrets::delete(self.conn, id)?;
        self.audit(
            "secret.delete",
            "secret",
            id,
            &before.name,
            snap(&before),
            None,
        )
    }

    fn pipeline_secret(&self, ws: &WorkspaceRow, id: i64) -> Result<PipelineSecret> {
        store::pipeline_secrets::by_id(self.conn, ws.id, id)?
            .ok_or_else(|| Error::not_found(format!("secret {id} not found in {}", ws_label(ws))))
    }

    fn check_secret_name_free(&self, ws: &WorkspaceRow, name: &str) -> Result<()> {
        check_secret_name(name)?;
        if store::pipeline_secrets::by_name(self.conn, ws.id, name)?.is_some() {
            return Err(Error::conflict(format!(
                "{} already has a secret named '{name}'",
                ws_label(ws)
            )));
        }
        Ok(())
    }
}
