use crate::domain::changes::merge3;
use crate::domain::credits::{CostEstimate, estimate};
use crate::domain::{
    CreditTransfer, Label, LabelFields, LabelId, LabelType, OrgBilling, OrgId, Page, Paged, Result,
    Scope, StudiosSettings, Usage, WorkspaceCredits, WorkspaceId,
};
use async_trait::async_trait;

/// Workspace settings: Studios, labels, and credits.
#[async_trait]
pub trait SettingsClient: Send + Sync {
    /// Org workspaces only.
    async fn studios_settings(&self, scope: Scope) -> Result<StudiosSettings>;
    async fn set_studios_settings(
        &self,
        scope: Scope,
        settings: StudiosSettings,
    ) -> Result<StudiosSettings>;
    /// Saves an edit made on `base` (the settings as the user saw them); like
    /// `WorkspaceClient::edit_workspace`.
    async fn edit_studios_settings(
        &self,
        scope: Scope,
        base: StudiosSettings,
        settings: StudiosSettings,
    ) -> Result<StudiosSettings> {
        let now = self.studios_settings(scope).await?;
        let settings = merge3("Studios settings", &base, &settings, &now)?;
        self.set_studios_settings(scope, settings).await
    }

    async fn list_labels(&self, scope: Scope, kind: LabelType, page: Page) -> Result<Paged<Label>>;
    /// Labels used against the workspace limit (`12/1000`).
    async fn label_usage(&self, scope: Scope) -> Result<Usage>;
    async fn create_label(&self, scope: Scope, fields: LabelFields) -> Result<Label>;
    async fn update_label(&self, scope: Scope, id: LabelId, fields: LabelFields) -> Result<Label>;
    async fn delete_label(&self, scope: Scope, id: LabelId) -> Result<()>;

    /// The org balance, this workspace's allocation, spend and what it may still spend.
    async fn workspace_credits(&self, scope: Scope) -> Result<WorkspaceCredits>;
    /// Every workspace's allocation and spend, and recent transfers.
    async fn org_billing(&self, org: OrgId) -> Result<OrgBilling>;
    /// The operator sets an org's credit balance.
    async fn set_org_credits(&self, org: OrgId, credits: f64) -> Result<OrgBilling>;
    /// Sets or (None) removes a workspace's allocation (org owners).
    async fn set_allocation(
        &self,
        org: OrgId,
        workspace: WorkspaceId,
        allocation: Option<f64>,
    ) -> Result<OrgBilling>;
    /// Moves allocated credits between two workspaces of the org (org owners).
    async fn transfer_credits(
        &self,
        org: OrgId,
        from: WorkspaceId,
        to: WorkspaceId,
        amount: f64,
    ) -> Result<CreditTransfer>;

    /// A cost estimate at the credit rates; the same for every backend.
    fn estimate_cost(
        &self,
        cpu_hours: f64,
        gib_hours: f64,
        storage_gb_months: f64,
    ) -> CostEstimate {
        estimate(cpu_hours, gib_hours, storage_gb_months)
    }
}
