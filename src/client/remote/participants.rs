//! Workspace participants over the API, with their effective roles from nfdeck's extension
//! when the server offers it (read concurrently with the list).

use super::RemoteClient;
use crate::api::convert::need;
use crate::api::convert::participants::{add_request, participant_from_dto};
use crate::api::convert::roles::effective_from_ext;
use crate::api::dto::ext::features;
use crate::api::dto::{
    AddParticipantResponse, ExtParticipantRolesResponse, ListParticipantsResponse,
    UpdateParticipantRoleRequest,
};
use crate::client::ParticipantClient;
use crate::domain::{
    EffectiveRole, OrgId, Page, Paged, Participant, ParticipantId, ParticipantRef, ParticipantRole,
    Result, Usage, WorkspaceId, WspRole,
};
use async_trait::async_trait;
use reqwest::Method;
use std::collections::HashMap;

fn base(org: OrgId, ws: WorkspaceId) -> String {
    format!("/orgs/{org}/workspaces/{ws}/participants")
}

impl RemoteClient {
    /// Effective roles of the participants on `page`, by participant id (empty when the
    /// server does not offer them).
    async fn effective_roles(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        page: &Page,
    ) -> Result<HashMap<ParticipantId, Option<EffectiveRole>>> {
        let path = format!("/orgs/{org}/workspaces/{ws}/roles");
        let Some(path) = self.ext_path(features::EFFECTIVE_ROLES, &path).await? else {
            return Ok(HashMap::new());
        };
        let paged = self
            .paged(&path, page, |r: ExtParticipantRolesResponse| {
                Ok((
                    r.participants.unwrap_or_default(),
                    r.total_size.unwrap_or(0).max(0) as u64,
                ))
            })
            .await?;
        paged
            .items
            .into_iter()
            .filter_map(|p| Some((p.participant_id?, p.grants)))
            .map(|(id, grants)| Ok((id, grants.map(effective_from_ext).transpose()?)))
            .collect()
    }

    /// Sets the role of a participant just added; on refusal the participant is removed
    /// again, so that a refused role leaves nothing behind.
    async fn give_role(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        p: &mut Participant,
        role: ParticipantRole,
    ) -> Result<()> {
        if p.held_role().same_as(&role) {
            return Ok(());
        }
        if let Err(e) = self.set_participant_role(org, ws, p.id, role.clone()).await {
            let _ = self.remove_participant(org, ws, p.id).await;
            return Err(e);
        }
        p.role = role.built_in().unwrap_or(WspRole::View);
        p.custom_role = match role {
            ParticipantRole::Custom(name) => Some(name),
            ParticipantRole::BuiltIn(_) => None,
        };
        Ok(())
    }
}

#[async_trait]
impl ParticipantClient for RemoteClient {
    async fn list_participants(
        &self,
        org: OrgId,
        workspace: WorkspaceId,
        page: Page,
    ) -> Result<Paged<Participant>> {
        let path = base(org, workspace);
        let split = |r: ListParticipantsResponse| {
            Ok((
                r.participants.unwrap_or_default(),
                r.total_size.unwrap_or(0).max(0) as u64,
            ))
        };
        let (paged, mut roles) = futures::try_join!(
            self.paged(&path, &page, split),
            self.effective_roles(org, workspace, &page),
        )?;
        let mut items = paged
            .items
            .into_iter()
            .map(|p| participant_from_dto(p, workspace))
            .collect::<Result<Vec<_>>>()?;
        for p in &mut items {
            p.effective = roles.remove(&p.id).flatten();
        }
        Ok(Paged::new(items, paged.total))
    }

    async fn participant_usage(&self, org: OrgId, workspace: WorkspaceId) -> Result<Usage> {
        let path = base(org, workspace);
        let (quotas, used) = futures::try_join!(
            self.quotas(org),
            self.count::<ListParticipantsResponse>(&path, |r| r.total_size),
        )?;
        let limit = super::orgs::limit(quotas.max_participants_per_workspace);
        Ok(Usage::new(used, limit))
    }

    /// The API adds with the server's default role; another role is a second request.
    async fn add_participant(
        &self,
        org: OrgId,
        workspace: WorkspaceId,
        who: ParticipantRef,
        role: Option<ParticipantRole>,
    ) -> Result<Participant> {
        let r: AddParticipantResponse = self
            .http
            .call(
                Method::PUT,
                &format!("{}/add", base(org, workspace)),
                vec![],
                &add_request(&who),
            )
            .await?;
        let mut p = participant_from_dto(need(r.participant, "participant")?, workspace)?;
        let role = role.unwrap_or(ParticipantRole::BuiltIn(WspRole::DEFAULT));
        self.give_role(org, workspace, &mut p, role).await?;
        let search = p.email.clone().or_else(|| p.team_name.clone());
        if let Some(search) = search {
            let page = Page::first(Page::MAX).with_search(search);
            let mut roles = self.effective_roles(org, workspace, &page).await?;
            p.effective = roles.remove(&p.id).flatten();
        }
        Ok(p)
    }

    async fn set_participant_role(
        &self,
        org: OrgId,
        workspace: WorkspaceId,
        participant: ParticipantId,
        role: ParticipantRole,
    ) -> Result<()> {
        let request = UpdateParticipantRoleRequest {
            role: Some(role.to_string()),
        };
        self.http
            .call_no_content(
                Method::PUT,
                &format!("{}/{participant}/role", base(org, workspace)),
                vec![],
                &request,
            )
            .await
    }

    async fn remove_participant(
        &self,
        org: OrgId,
        workspace: WorkspaceId,
        participant: ParticipantId,
    ) -> Result<()> {
        self.http
            .delete(&format!("{}/{participant}", base(org, workspace)), vec![])
            .await
    }

    async fn leave_workspace(&self, org: OrgId, workspace: WorkspaceId) -> Result<()> {
        self.http.delete(&base(org, workspace), vec![]).await
    }
}
