use super::EmbeddedClient;
use crate::client::SettingsClient;
use crate::domain::{
    CreditTransfer, Credits, Label, LabelFields, LabelId, LabelType, OrgBilling, OrgId, Page,
    Paged, Result, Scope, StudiosSettings, Usage, WorkspaceCredits, WorkspaceId,
};
use async_trait::async_trait;

#[async_trait]
impl SettingsClient for EmbeddedClient {
    async fn studios_settings(&self, scope: Scope) -> Result<StudiosSettings> {
        self.read(move |cx| cx.studios_settings(scope)).await
    }

    async fn set_studios_settings(
        &self,
        scope: Scope,
        settings: StudiosSettings,
    ) -> Result<StudiosSettings> {
        self.write(move |cx| cx.set_studios_settings(scope, &settings))
            .await
    }

    async fn edit_studios_settings(
        &self,
        scope: Scope,
        base: StudiosSettings,
        settings: StudiosSettings,
    ) -> Result<StudiosSettings> {
        self.write(move |cx| cx.edit_studios_settings(scope, &base, &settings))
            .await
    }

    async fn list_labels(&self, scope: Scope, kind: LabelType, page: Page) -> Result<Paged<Label>> {
        self.read(move |cx| cx.list_labels(scope, kind, &page))
            .await
    }

    async fn label_usage(&self, scope: Scope) -> Result<Usage> {
        self.read(move |cx| cx.label_usage(scope)).await
    }

    async fn create_label(&self, scope: Scope, fields: LabelFields) -> Result<Label> {
        self.write(move |cx| cx.create_label(scope, &fields)).await
    }

    async fn update_label(&self, scope: Scope, id: LabelId, fields: LabelFields) -> Result<Label> {
        self.write(move |cx| cx.update_label(scope, id, &fields))
            .await
    }

    async fn delete_label(&self, scope: Scope, id: LabelId) -> Result<()> {
        self.write(move |cx| cx.delete_label(scope, id)).await
    }

    async fn workspace_credits(&self, scope: Scope) -> Result<WorkspaceCredits> {
        self.read(move |cx| cx.workspace_credits(scope)).await
    }

    async fn org_billing(&self, org: OrgId) -> Result<OrgBilling> {
        self.read(move |cx| cx.org_billing(org)).await
    }

    async fn set_org_credits(&self, org: OrgId, credits: Credits) -> Result<OrgBilling> {
        self.write(move |cx| cx.set_org_credits(org, credits)).await
    }

    async fn set_allocation(
        &self,
        org: OrgId,
        workspace: WorkspaceId,
        allocation: Option<Credits>,
    ) -> Result<OrgBilling> {
        self.write(move |cx| cx.set_allocation(org, workspace, allocation))
            .await
    }

    async fn transfer_credits(
        &self,
        org: OrgId,
        from: WorkspaceId,
        to: WorkspaceId,
        amount: Credits,
    ) -> Result<CreditTransfer> {
        self.write(move |cx| cx.transfer_credits(org, from, to, amount))
            .await
    }
}
