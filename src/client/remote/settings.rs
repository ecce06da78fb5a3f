//! Workspace settings over the API: Studios settings (org workspaces), labels, and credits,
//! which only nfdeck's extension offers (`Unavailable` elsewhere).

use super::RemoteClient;
use super::scope::scope_query;
use crate::api::convert::labels::{create_label_request, label_from_dto, update_label_request};
use crate::api::convert::need;
use crate::api::dto::ext::features;
use crate::api::dto::labels::{CreateLabelResponse, ListLabelsResponse, UpdateLabelResponse};
use crate::api::dto::{
    DataStudioWorkspaceSettingsRequest, DataStudioWorkspaceSettingsResponse,
    ExtSetAllocationRequest, ExtSetCreditsRequest, ExtTransferRequest,
};
use crate::client::SettingsClient;
use crate::domain::settings::STUDIOS_ORG_ONLY;
use crate::domain::{
    CreditTransfer, Credits, Error, Label, LabelFields, LabelId, LabelType, OrgBilling, OrgId,
    Page, Paged, Result, Scope, StudiosSettings, Usage, WorkspaceCredits, WorkspaceId,
};
use async_trait::async_trait;
use reqwest::Method;

impl RemoteClient {
    /// The Studios settings path of an org workspace.
    async fn studios_path(&self, scope: Scope) -> Result<String> {
        match scope {
            Scope::Workspace(ws) => {
                let org = self.org_of(ws).await?;
                Ok(format!("/orgs/{org}/workspaces/{ws}/settings/studios"))
            }
            Scope::Personal => Err(Error::invalid(STUDIOS_ORG_ONLY)
                .about(format!("workspace '~{}'", self.me().await?.user.user_name))),
        }
    }

    /// A label by id, read from the workspace's list (the API has no single-label read).
    async fn label(&self, scope: Scope, id: LabelId, name: &str) -> Result<Label> {
        let page = Page::first(Page::MAX).with_search(name);
        self.list_labels(scope, LabelType::All, page)
            .await?
            .items
            .into_iter()
            .find(|l| l.id == id)
            .ok_or_else(|| Error::not_found(format!("label {id} not found")))
    }

    async fn credits_path(&self, path: &str) -> Result<String> {
        self.require_ext(features::CREDITS, path, "credits (Seqera Compute billing)")
            .await
    }
}

#[async_trait]
impl SettingsClient for RemoteClient {
    async fn studios_settings(&self, scope: Scope) -> Result<StudiosSettings> {
        let path = self.studios_path(scope).await?;
        let r: DataStudioWorkspaceSettingsResponse = self.http.get(&path, vec![]).await?;
        let defaults = StudiosSettings::default();
        Ok(StudiosSettings {
            lifespan_hours: r
                .lifespan_hours
                .map_or(defaults.lifespan_hours, |h| h.max(0) as u32),
            private_by_default: r
                .private_studio_by_default
                .unwrap_or(defaults.private_by_default),
        })
    }

    async fn set_studios_settings(
        &self,
        scope: Scope,
        settings: StudiosSettings,
    ) -> Result<StudiosSettings> {
        let path = self.studios_path(scope).await?;
        let body = DataStudioWorkspaceSettingsRequest {
            lifespan_hours: Some(settings.lifespan_hours.min(i32::MAX as u32) as i32),
            private_studio_by_default: Some(settings.private_by_default),
            ..Default::default()
        };
        self.http
            .call_no_content(Method::PUT, &path, vec![], &body)
            .await?;
        self.studios_settings(scope).await
    }

    async fn list_labels(&self, scope: Scope, kind: LabelType, page: Page) -> Result<Paged<Label>> {
        let mut q = scope_query(scope);
        q.push(("type", kind.as_str().to_string()));
        let mut items = Vec::new();
        let mut total;
        loop {
            let want = page.max.saturating_sub(items.len() as u32).min(Page::MAX);
            let offset = page.offset.saturating_add(items.len() as u32);
            let mut query = q.clone();
            query.extend(super::paging::page_query(want, offset, &page.search));
            let r: ListLabelsResponse = self.http.get("/labels", query).await?;
            total = r.total_size.unwrap_or(0).max(0) as u64;
            let batch = r.labels.unwrap_or_default();
            let got = batch.len();
            for l in batch {
                items.push(label_from_dto(l)?);
            }
            if got == 0 || items.len() as u32 >= page.max || u64::from(offset) + got as u64 >= total
            {
                break;
            }
        }
        Ok(Paged::new(items, total))
    }

    async fn label_usage(&self, scope: Scope) -> Result<Usage> {
        if let Some(u) = self.ext_usage(scope).await? {
            return Ok(u.labels);
        }
        let (all, limit) = futures::try_join!(
            self.list_labels(scope, LabelType::All, Page::first(1)),
            self.quota(scope, |q| q.max_labels_per_workspace, 1000),
        )?;
        Ok(Usage::new(all.total, limit))
    }

    async fn create_label(&self, scope: Scope, fields: LabelFields) -> Result<Label> {
        let r: CreateLabelResponse = self
            .http
            .call(
                Method::POST,
                "/labels",
                scope_query(scope),
                &create_label_request(&fields),
            )
            .await?;
        self.label(scope, need(r.id, "label id")?, &fields.name)
            .await
    }

    async fn update_label(&self, scope: Scope, id: LabelId, fields: LabelFields) -> Result<Label> {
        let _: UpdateLabelResponse = self
            .http
            .call(
                Method::PUT,
                &format!("/labels/{id}"),
                scope_query(scope),
                &update_label_request(&fields),
            )
            .await?;
        self.label(scope, id, &fields.name).await
    }

    async fn delete_label(&self, scope: Scope, id: LabelId) -> Result<()> {
        self.http
            .delete(&format!("/labels/{id}"), scope_query(scope))
            .await
    }

    async fn workspace_credits(&self, scope: Scope) -> Result<WorkspaceCredits> {
        let path = self.credits_path("/credits").await?;
        self.http.get(&path, scope_query(scope)).await
    }

    async fn org_billing(&self, org: OrgId) -> Result<OrgBilling> {
        let path = self.credits_path(&format!("/orgs/{org}/billing")).await?;
        self.http.get(&path, vec![]).await
    }

    async fn set_org_credits(&self, org: OrgId, credits: Credits) -> Result<OrgBilling> {
        let path = self.credits_path(&format!("/orgs/{org}/credits")).await?;
        let body = ExtSetCreditsRequest {
            credits: Some(credits.as_f64()),
        };
        self.http.call(Method::PUT, &path, vec![], &body).await
    }

    async fn set_allocation(
        &self,
        org: OrgId,
        workspace: WorkspaceId,
        allocation: Option<Credits>,
    ) -> Result<OrgBilling> {
        let path = self
            .credits_path(&format!("/orgs/{org}/workspaces/{workspace}/allocation"))
            .await?;
        let body = ExtSetAllocationRequest {
            allocation: allocation.map(Credits::as_f64),
        };
        self.http.call(Method::PUT, &path, vec![], &body).await
    }

    /// Not retried: a transfer is not idempotent.
    async fn transfer_credits(
        &self,
        org: OrgId,
        from: WorkspaceId,
        to: WorkspaceId,
        amount: Credits,
    ) -> Result<CreditTransfer> {
        let path = self.credits_path(&format!("/orgs/{org}/transfers")).await?;
        let body = ExtTransferRequest {
            from_workspace_id: Some(from),
            to_workspace_id: Some(to),
            amount: Some(amount.as_f64()),
        };
        self.http.call(Method::POST, &path, vec![], &body).await
    }
}
