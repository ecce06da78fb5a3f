//! Identifier types. Numeric where the Seqera API uses int64, strings where it uses strings
//! (compute environments, credentials, workflows, actions).

pub type UserId = i64;
pub type OrgId = i64;
pub type WorkspaceId = i64;
pub type TeamId = i64;
pub type MemberId = i64;
pub type ParticipantId = i64;
pub type PipelineId = i64;
pub type LabelId = i64;
pub type ComputeEnvId = String;
pub type CredentialsId = String;
pub type WorkflowId = String;
pub type ActionId = String;

/// Where a workspace-scoped call runs: the acting user's personal workspace (the API's "user
/// context", no `workspaceId`) or an organization workspace.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Scope {
    Personal,
    Workspace(WorkspaceId),
}

impl Scope {
    /// The `workspaceId` query parameter of the API: absent for the personal workspace.
    pub fn workspace_id(self) -> Option<WorkspaceId> {
        match self {
            Scope::Personal => None,
            Scope::Workspace(id) => Some(id),
        }
    }

    pub fn from_workspace_id(id: Option<WorkspaceId>) -> Self {
        id.map_or(Scope::Personal, Scope::Workspace)
    }
}
