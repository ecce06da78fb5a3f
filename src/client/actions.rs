use crate::domain::{Action, ActionFields, ActionId, LaunchRequest, Result, Run, Scope};
use async_trait::async_trait;

/// Actions: pipeline triggers (`/actions`).
#[async_trait]
pub trait ActionClient: Send + Sync {
    async fn list_actions(&self, scope: Scope) -> Result<Vec<Action>>;
    async fn get_action(&self, scope: Scope, id: ActionId) -> Result<Action>;
    async fn add_action(&self, scope: Scope, fields: ActionFields) -> Result<Action>;
    /// Renames an action and/or replaces its launch configuration (`PUT /actions/{id}`);
    /// `None` keeps what it has. Its trigger, status and labels stay.
    async fn update_action(
        &self,
        scope: Scope,
        id: ActionId,
        name: Option<String>,
        launch: Option<LaunchRequest>,
    ) -> Result<Action>;
    async fn pause_action(&self, scope: Scope, id: ActionId) -> Result<Action>;
    async fn resume_action(&self, scope: Scope, id: ActionId) -> Result<Action>;
    async fn delete_action(&self, scope: Scope, id: ActionId) -> Result<()>;
    /// Triggers an ACTIVE action (`POST /actions/{id}/launch`); `params` replace its stored
    /// parameters.
    async fn run_action(&self, scope: Scope, id: ActionId, params: Option<String>) -> Result<Run>;
}
