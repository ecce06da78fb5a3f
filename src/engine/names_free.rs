//! Whether a name is free in a workspace, for the `validate` endpoints of actions, credentials,
//! compute environments and pipelines (orgs, teams and workspaces are in `lookups`). They read
//! with the role that listing needs, so every client gets the same answer as the server's
//! endpoint; creating the object checks the name again inside its transaction.

use super::Ctx;
use crate::domain::actions::check_action_name;
use crate::domain::compute::COMPUTE_ENV_NAME_MAX;
use crate::domain::names::{check_max, check_name};
use crate::domain::{Error, Page, PipelineQuery, Result, Scope};

impl Ctx<'_> {
    /// Fails when `name` breaks the action name rule (Invalid) or an action of the workspace
    /// has it (Conflict).
    pub fn check_action_name_free(&self, scope: Scope, name: &str) -> Result<()> {
        check_action_name(name)?;
        let name = name.trim();
        if self
            .list_actions(scope)?
            .iter()
            .any(|a| a.name.eq_ignore_ascii_case(name))
        {
            return Err(Error::conflict(format!(
                "an action named '{name}' already exists in the workspace"
            )));
        }
        Ok(())
    }

    /// Fails when credentials of the workspace have the name (Conflict).
    pub fn check_credentials_name_free(&self, scope: Scope, name: &str) -> Result<()> {
        let name = name.trim();
        if self
            .list_credentials(scope, None)?
            .iter()
            .any(|c| c.name.eq_ignore_ascii_case(name))
        {
            return Err(Error::conflict(format!(
                "credentials named '{name}' already exist in the workspace"
            )));
        }
        Ok(())
    }

    /// Fails when `name` is too long (Invalid) or a compute environment of the workspace has
    /// it (Conflict).
    pub fn check_compute_env_name_free(&self, scope: Scope, name: &str) -> Result<()> {
        check_max("name", name, COMPUTE_ENV_NAME_MAX)?;
        if self
            .list_compute_envs(scope, None)?
            .iter()
            .any(|e| e.name.eq_ignore_ascii_case(name))
        {
            return Err(Error::conflict(format!(
                "a compute environment named '{name}' already exists"
            )));
        }
        Ok(())
    }

    /// Fails when `name` breaks the name rule (Invalid) or a pipeline the workspace lists has
    /// it (Conflict).
    pub fn check_pipeline_name_free(&self, scope: Scope, name: &str) -> Result<()> {
        check_name(name)?;
        let query = PipelineQuery {
            page: Page::all().with_search(name.to_string()),
            ..Default::default()
        };
        if self
            .list_pipelines(scope, &query)?
            .items
            .iter()
            .any(|p| p.name.eq_ignore_ascii_case(name))
        {
            return Err(Error::conflict(
                "a pipeline with this name already exists in the workspace",
            ));
        }
        Ok(())
    }
}
