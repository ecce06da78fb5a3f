use super::EmbeddedClient;
use crate::client::ParticipantClient;
use crate::domain::{
    OrgId, Page, Paged, Participant, ParticipantId, ParticipantRef, ParticipantRole, Result, Usage,
    WorkspaceId,
};
use async_trait::async_trait;

#[async_trait]
impl ParticipantClient for EmbeddedClient {
    async fn list_participants(
        &self,
        org: OrgId,
        workspace: WorkspaceId,
        page: Page,
    ) -> Result<Paged<Participant>> {
        self.read(move |cx| cx.list_participants(org, workspace, &page))
            .await
    }

    async fn participant_usage(&self, org: OrgId, workspace: WorkspaceId) -> Result<Usage> {
        self.read(move |cx| cx.participant_usage(org, workspace))
            .await
    }

    async fn add_participant(
        &self,
        org: OrgId,
        workspace: WorkspaceId,
        who: ParticipantRef,
        role: Option<ParticipantRole>,
    ) -> Result<Participant> {
        self.write(move |cx| cx.add_participant(org, workspace, &who, role))
            .await
    }

    async fn set_participant_role(
        &self,
        org: OrgId,
        workspace: WorkspaceId,
        participant: ParticipantId,
        role: ParticipantRole,
    ) -> Result<()> {
        self.write(move |cx| {
            cx.set_participant_role(org, workspace, participant, role)
                .map(drop)
        })
        .await
    }

    async fn remove_participant(
        &self,
        org: OrgId,
        workspace: WorkspaceId,
        participant: ParticipantId,
    ) -> Result<()> {
        self.write(move |cx| cx.remove_participant(org, workspace, participant))
            .await
    }

    async fn leave_workspace(&self, org: OrgId, workspace: WorkspaceId) -> Result<()> {
        self.write(move |cx| cx.leave_workspace(org, workspace))
            .await
    }
}
