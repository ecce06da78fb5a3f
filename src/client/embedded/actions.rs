use super::EmbeddedClient;
use crate::client::ActionClient;
use crate::domain::{Action, ActionFields, ActionId, LaunchRequest, Result, Run, Scope};
use async_trait::async_trait;

#[async_trait]
impl ActionClient for EmbeddedClient {
    async fn list_actions(&self, scope: Scope) -> Result<Vec<Action>> {
        self.read(move |cx| cx.list_actions(scope)).await
    }

    async fn get_action(&self, scope: Scope, id: ActionId) -> Result<Action> {
        self.read(move |cx| cx.get_action(scope, &id)).await
    }

    async fn add_action(&self, scope: Scope, fields: ActionFields) -> Result<Action> {
        self.write(move |cx| cx.add_action(scope, &fields)).await
    }

    async fn update_action(
        &self,
        scope: Scope,
        id: ActionId,
        name: Option<String>,
        launch: Option<LaunchRequest>,
    ) -> Result<Action> {
        self.write(move |cx| cx.update_action(scope, &id, name.as_deref(), launch))
            .await
    }

    async fn pause_action(&self, scope: Scope, id: ActionId) -> Result<Action> {
        self.write(move |cx| cx.pause_action(scope, &id)).await
    }

    async fn resume_action(&self, scope: Scope, id: ActionId) -> Result<Action> {
        self.write(move |cx| cx.resume_action(scope, &id)).await
    }

    async fn delete_action(&self, scope: Scope, id: ActionId) -> Result<()> {
        self.write(move |cx| cx.delete_action(scope, &id)).await
    }

    async fn run_action(&self, scope: Scope, id: ActionId, params: Option<String>) -> Result<Run> {
        self.write(move |cx| cx.run_action(scope, &id, params.as_deref()))
            .await
    }
}
