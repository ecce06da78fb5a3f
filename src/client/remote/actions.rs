//! Actions over the API. A list entry carries the pipeline's name, a description the launch
//! configuration: an action is both, read concurrently. `POST /actions/{id}/pause` pauses an
//! active action and resumes a paused one.

use super::RemoteClient;
use super::scope::scope_query;
use crate::api::convert::actions::{action_from_dtos, create_request};
use crate::api::convert::launch::workflow_launch_request;
use crate::api::convert::need;
use crate::api::convert::runs::params_map;
use crate::api::dto::EmptyBodyRequest;
use crate::api::dto::actions::{
    CreateActionResponse, DescribeActionResponse, LaunchActionRequest, LaunchActionResponse,
    ListActionsResponse, ListActionsResponseActionInfo, UpdateActionRequest,
};
use crate::client::{ActionClient, RunClient};
use crate::domain::{
    Action, ActionFields, ActionId, ActionStatus, Error, LaunchRequest, Result, Run, Scope,
};
use async_trait::async_trait;
use futures::{StreamExt, TryStreamExt};
use reqwest::Method;

/// How many action descriptions are read at once.
const CONCURRENT_READS: usize = 8;

impl RemoteClient {
    async fn action_infos(&self, scope: Scope) -> Result<Vec<ListActionsResponseActionInfo>> {
        let r: ListActionsResponse = self.http.get("/actions", scope_query(scope)).await?;
        Ok(r.actions.unwrap_or_default())
    }

    async fn describe_action(&self, scope: Scope, id: &str, pipeline: String) -> Result<Action> {
        let r: DescribeActionResponse = self
            .http
            .get(&format!("/actions/{id}"), scope_query(scope))
            .await?;
        action_from_dtos(need(r.action, "action")?, pipeline)
    }

    /// Pauses or resumes, unless the action already has that status.
    async fn set_action_status(
        &self,
        scope: Scope,
        id: ActionId,
        wanted: ActionStatus,
    ) -> Result<Action> {
        let current = self.get_action(scope, id.clone()).await?;
        if current.status == wanted {
            return Ok(current);
        }
        self.http
            .call_no_content(
                Method::POST,
                &format!("/actions/{id}/pause"),
                scope_query(scope),
                &EmptyBodyRequest {},
            )
            .await?;
        self.get_action(scope, id).await
    }
}

#[async_trait]
impl ActionClient for RemoteClient {
    async fn list_actions(&self, scope: Scope) -> Result<Vec<Action>> {
        let infos = self.action_infos(scope).await?;
        futures::stream::iter(infos)
            .map(|info| async move {
                let id = need(info.id, "action id")?;
                self.describe_action(scope, &id, info.pipeline.unwrap_or_default())
                    .await
            })
            .buffered(CONCURRENT_READS)
            .try_collect()
            .await
    }

    async fn get_action(&self, scope: Scope, id: ActionId) -> Result<Action> {
        let (infos, described) = futures::join!(
            self.action_infos(scope),
            self.describe_action(scope, &id, String::new()),
        );
        let mut action = described?;
        action.pipeline_name = infos?
            .into_iter()
            .find(|i| i.id.as_deref() == Some(id.as_str()))
            .and_then(|i| i.pipeline)
            .unwrap_or_default();
        Ok(action)
    }

    async fn add_action(&self, scope: Scope, fields: ActionFields) -> Result<Action> {
        let mut q = scope_query(scope);
        if let Some(source) = fields.launch.source_workspace_id {
            q.push(("sourceWorkspaceId", source.to_string()));
        }
        let r: CreateActionResponse = self
            .http
            .call(Method::POST, "/actions", q, &create_request(&fields))
            .await?;
        self.get_action(scope, need(r.action_id, "actionId")?).await
    }

    /// `PUT /actions/{id}` (204), then the action as it is now. The server keeps a shared
    /// pipeline's source workspace when the launch names the same pipeline.
    async fn update_action(
        &self,
        scope: Scope,
        id: ActionId,
        name: Option<String>,
        launch: Option<LaunchRequest>,
    ) -> Result<Action> {
        let body = UpdateActionRequest {
            name,
            launch: launch.as_ref().map(workflow_launch_request),
            ..Default::default()
        };
        self.http
            .call_no_content(
                Method::PUT,
                &format!("/actions/{id}"),
                scope_query(scope),
                &body,
            )
            .await?;
        self.get_action(scope, id).await
    }

    async fn pause_action(&self, scope: Scope, id: ActionId) -> Result<Action> {
        self.set_action_status(scope, id, ActionStatus::Paused)
            .await
    }

    async fn resume_action(&self, scope: Scope, id: ActionId) -> Result<Action> {
        self.set_action_status(scope, id, ActionStatus::Active)
            .await
    }

    async fn delete_action(&self, scope: Scope, id: ActionId) -> Result<()> {
        self.http
            .delete(&format!("/actions/{id}"), scope_query(scope))
            .await
    }

    /// `params` (JSON or YAML) travel as the API's map of parameters.
    async fn run_action(&self, scope: Scope, id: ActionId, params: Option<String>) -> Result<Run> {
        let params = match params.filter(|p| !p.trim().is_empty()) {
            Some(text) => Some(params_map(&text).ok_or_else(|| {
                Error::invalid("action params must be a JSON or YAML mapping of name: value pairs")
            })?),
            None => None,
        };
        let r: LaunchActionResponse = self
            .http
            .call(
                Method::POST,
                &format!("/actions/{id}/launch"),
                scope_query(scope),
                &LaunchActionRequest { params },
            )
            .await?;
        self.get_run(scope, need(r.workflow_id, "workflowId")?)
            .await
    }
}
