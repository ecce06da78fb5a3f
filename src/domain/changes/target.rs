//! What a backend offers `apply`: the primitive reads and writes every change is made of. The
//! embedded engine and the remote client each implement it once (one method per primitive),
//! and `dispatch` turns every `Change` into calls to it, so a new kind of change is written in
//! the dispatcher plus one primitive per backend.
//!
//! Lookups by name return `None` when there is no such object (the dispatcher says what is
//! missing); `org` is the exception, since a backend also decides which orgs the caller sees.
//! Writes go through the same operations a user's call would, so the same permission checks,
//! rules and messages apply.

use crate::domain::run_history::RunRecord;
use crate::domain::{
    ActionFields, ActionId, ComputeEnv, ComputeEnvFields, Credentials, CredentialsFields,
    CredentialsId, Credits, CustomRole, CustomRoleFields, LabelFields, LabelId, Member, MemberId,
    NewUser, OrgFields, OrgId, OrgRole, ParticipantId, ParticipantRef, ParticipantRole, Pipeline,
    PipelineFields, PipelineId, Result, StudiosSettings, Team, TeamFields, TeamId, WorkspaceFields,
    WorkspaceId, WspRole,
};

use super::ParticipantSpec;

// `async fn` in a public trait cannot promise `Send` futures; it does not need to: the
// dispatcher is generic (never `dyn`), so each backend's futures are exactly as `Send` as its
// own primitives (the remote client's are; the engine runs its own on one thread).
#[allow(async_fn_in_trait)]
pub trait ApplyTarget {
    // Names to objects.

    /// The org of that name the caller sees, or an error saying why not.
    async fn org(&self, name: &str) -> Result<(OrgId, OrgFields)>;
    async fn workspace_id(&self, org: OrgId, name: &str) -> Result<Option<WorkspaceId>>;
    async fn person(&self, org: OrgId, email: &str) -> Result<Option<Member>>;
    async fn team(&self, org: OrgId, name: &str) -> Result<Option<Team>>;
    /// The participant a file entry refers to, and its role.
    async fn participant(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        who: &ParticipantSpec,
    ) -> Result<Option<(ParticipantId, ParticipantRole)>>;
    /// A simple label by name, or a resource label by key and value.
    async fn label_id(&self, ws: WorkspaceId, label: &LabelFields) -> Result<Option<LabelId>>;
    async fn credentials_id(&self, ws: WorkspaceId, name: &str) -> Result<Option<CredentialsId>>;
    async fn compute_env_id(&self, ws: WorkspaceId, name: &str) -> Result<Option<String>>;
    async fn pipeline_id(&self, ws: WorkspaceId, name: &str) -> Result<Option<PipelineId>>;
    async fn action_id(&self, ws: WorkspaceId, name: &str) -> Result<Option<ActionId>>;

    // Objects as they are right now, read whole (as a user would see them) for the merge.

    async fn workspace_fields(&self, org: OrgId, ws: WorkspaceId) -> Result<WorkspaceFields>;
    async fn studios_settings(&self, ws: WorkspaceId) -> Result<StudiosSettings>;
    async fn credentials(&self, ws: WorkspaceId, id: &str) -> Result<Credentials>;
    async fn compute_env(&self, ws: WorkspaceId, id: &str) -> Result<ComputeEnv>;
    async fn pipeline(&self, ws: WorkspaceId, id: PipelineId) -> Result<Pipeline>;

    // Users, orgs, members and teams.

    async fn create_user(&self, user: &NewUser) -> Result<()>;
    /// Creates an org whose first owner is `owner` (the caller, or anyone for the operator).
    async fn create_org(&self, fields: &OrgFields, owner: &str) -> Result<()>;
    async fn update_org(&self, org: OrgId, fields: &OrgFields) -> Result<()>;
    /// Adds a user who is not in the org yet, with this role.
    async fn add_member(&self, org: OrgId, email: &str, role: OrgRole) -> Result<()>;
    async fn set_member_role(&self, org: OrgId, member: MemberId, role: OrgRole) -> Result<()>;
    async fn set_default_role(
        &self,
        org: OrgId,
        member: MemberId,
        role: Option<WspRole>,
    ) -> Result<()>;
    async fn remove_member(&self, org: OrgId, member: MemberId) -> Result<()>;
    async fn set_org_credits(&self, org: OrgId, credits: Credits) -> Result<()>;
    async fn create_team(&self, org: OrgId, fields: &TeamFields) -> Result<()>;
    async fn update_team(&self, org: OrgId, team: TeamId, fields: &TeamFields) -> Result<()>;
    async fn delete_team(&self, org: OrgId, team: TeamId) -> Result<()>;
    async fn add_team_member(&self, org: OrgId, team: TeamId, email: &str) -> Result<()>;
    async fn remove_team_member(&self, org: OrgId, team: TeamId, member: MemberId) -> Result<()>;

    // Custom roles.

    async fn custom_role(&self, org: OrgId, name: &str) -> Result<Option<CustomRole>>;
    async fn create_custom_role(&self, org: OrgId, fields: &CustomRoleFields) -> Result<()>;
    /// Changes the role called `name` to `fields`.
    async fn update_custom_role(
        &self,
        org: OrgId,
        name: &str,
        fields: &CustomRoleFields,
    ) -> Result<()>;
    async fn delete_custom_role(&self, org: OrgId, name: &str) -> Result<()>;

    // Workspaces and participants.

    async fn create_workspace(&self, org: OrgId, fields: &WorkspaceFields) -> Result<()>;
    async fn update_workspace(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        fields: &WorkspaceFields,
    ) -> Result<()>;
    async fn delete_workspace(&self, org: OrgId, ws: WorkspaceId) -> Result<()>;
    async fn add_participant(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        who: &ParticipantRef,
        role: &ParticipantRole,
    ) -> Result<()>;
    async fn set_participant_role(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        id: ParticipantId,
        role: &ParticipantRole,
    ) -> Result<()>;
    async fn remove_participant(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        id: ParticipantId,
    ) -> Result<()>;

    // Inside one workspace.

    async fn set_allocation(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        amount: Option<Credits>,
    ) -> Result<()>;
    async fn set_studios_settings(&self, ws: WorkspaceId, settings: &StudiosSettings)
    -> Result<()>;
    async fn create_label(&self, ws: WorkspaceId, fields: &LabelFields) -> Result<()>;
    async fn update_label(&self, ws: WorkspaceId, id: LabelId, fields: &LabelFields) -> Result<()>;
    async fn delete_label(&self, ws: WorkspaceId, id: LabelId) -> Result<()>;
    async fn create_credentials(&self, ws: WorkspaceId, fields: &CredentialsFields) -> Result<()>;
    async fn update_credentials(
        &self,
        ws: WorkspaceId,
        id: &str,
        fields: &CredentialsFields,
    ) -> Result<()>;
    async fn delete_credentials(&self, ws: WorkspaceId, id: &str) -> Result<()>;
    async fn create_compute_env(&self, ws: WorkspaceId, fields: &ComputeEnvFields) -> Result<()>;
    async fn update_compute_env(
        &self,
        ws: WorkspaceId,
        id: &str,
        fields: &ComputeEnvFields,
    ) -> Result<()>;
    /// Enables (AVAILABLE) or disables a compute env.
    async fn set_compute_env_enabled(&self, ws: WorkspaceId, id: &str, enabled: bool)
    -> Result<()>;
    async fn make_primary(&self, ws: WorkspaceId, id: &str) -> Result<()>;
    async fn delete_compute_env(&self, ws: WorkspaceId, id: &str) -> Result<()>;
    async fn create_pipeline(&self, ws: WorkspaceId, fields: &PipelineFields) -> Result<()>;
    async fn update_pipeline(
        &self,
        ws: WorkspaceId,
        id: PipelineId,
        fields: &PipelineFields,
    ) -> Result<()>;
    async fn delete_pipeline(&self, ws: WorkspaceId, id: PipelineId) -> Result<()>;
    /// Adds an ACTIVE action and returns its id.
    async fn add_action(&self, ws: WorkspaceId, fields: &ActionFields) -> Result<ActionId>;
    async fn set_action_paused(&self, ws: WorkspaceId, id: &str, paused: bool) -> Result<()>;
    async fn delete_action(&self, ws: WorkspaceId, id: &str) -> Result<()>;
    /// Imports runs as history, in order; `runs_done` hears how many are in so far.
    async fn import_runs(
        &self,
        ws: WorkspaceId,
        runs: &[RunRecord],
        runs_done: &mut impl FnMut(u64),
    ) -> Result<()>;
}
