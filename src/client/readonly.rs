//! `ReadOnlyClient`: a session handed to someone who must only look (`--readonly`, or
//! `readonly = true` in a profile). It passes every read to the client it wraps and refuses
//! every change with the domain's read-only error, so even a screen that forgot to disable a
//! key cannot write.

use super::{
    ActionClient, Capabilities, Client, ComputeClient, CredentialsClient, LaunchpadClient,
    OrgClient, ParticipantClient, RoleClient, RunClient, SecretClient, SessionClient,
    SettingsClient, SharedClient, TeamClient, TokenClient, WorkspaceClient,
};
use crate::domain::changes::{Change, Progress};
use crate::domain::*;
use async_trait::async_trait;
use std::sync::Arc;

pub struct ReadOnlyClient {
    inner: SharedClient,
}

impl ReadOnlyClient {
    pub fn new(inner: SharedClient) -> Self {
        Self { inner }
    }

    /// `client` itself, or wrapped when the session is read-only.
    pub fn wrap_if(readonly: bool, client: SharedClient) -> SharedClient {
        if readonly {
            Arc::new(Self::new(client))
        } else {
            client
        }
    }
}

/// One trait's impl: the `reads` go to the wrapped client, the `refuses` return the
/// read-only error naming the change.
macro_rules! read_only {
    ($trait:ident {
        reads { $( fn $r:ident(&self $(, $ra:ident : $rt:ty)*) -> $rr:ty; )* }
        refuses { $( fn $w:ident(&self $(, $wa:ident : $wt:ty)*) -> $wr:ty = $what:literal; )* }
    }) => {
        #[async_trait]
        impl $trait for ReadOnlyClient {
            $(
                async fn $r(&self $(, $ra: $rt)*) -> $rr {
                    self.inner.$r($($ra),*).await
                }
            )*
            $(
                async fn $w(&self $(, $wa: $wt)*) -> $wr {
                    let _ = ($($wa,)*);
                    Err(Error::read_only($what))
                }
            )*
        }
    };
}

#[async_trait]
impl SessionClient for ReadOnlyClient {
    fn backend(&self) -> String {
        format!("{} (read-only)", self.inner.backend())
    }
    async fn session(&self) -> Result<Session> {
        self.inner.session().await
    }
    async fn capabilities(&self) -> Result<Capabilities> {
        self.inner.capabilities().await
    }
    async fn list_users(&self, page: Page) -> Result<Paged<User>> {
        self.inner.list_users(page).await
    }
    async fn create_user(&self, _user: NewUser) -> Result<User> {
        Err(Error::read_only("create a user"))
    }
    async fn audit_log(&self, filter: AuditFilter, page: Page) -> Result<Paged<AuditEntry>> {
        self.inner.audit_log(filter, page).await
    }
    async fn audit_entry(&self, id: i64) -> Result<AuditEntry> {
        self.inner.audit_entry(id).await
    }
    async fn change_stamp(&self) -> Result<Option<u64>> {
        self.inner.change_stamp().await
    }
    fn is_embedded(&self) -> bool {
        self.inner.is_embedded()
    }
    /// A dry run only checks, so it is allowed; a real apply is a change.
    async fn apply_changes(
        &self,
        changes: Vec<Change>,
        dry_run: bool,
        progress: Progress,
    ) -> Result<()> {
        if !dry_run {
            return Err(Error::read_only("apply changes"));
        }
        self.inner.apply_changes(changes, dry_run, progress).await
    }
}

read_only!(OrgClient {
    reads {
        fn list_orgs(&self) -> Result<Vec<Org>>;
        fn get_org(&self, org: OrgId) -> Result<Org>;
        fn org_usage(&self, org: OrgId) -> Result<OrgUsage>;
        fn list_members(&self, org: OrgId, page: Page) -> Result<Paged<Member>>;
        fn list_collaborators(&self, org: OrgId, page: Page) -> Result<Paged<Member>>;
    }
    refuses {
        fn create_org(&self, fields: OrgFields) -> Result<Org> = "create an organization";
        fn update_org(&self, org: OrgId, fields: OrgFields) -> Result<Org> = "change an organization";
        fn delete_org(&self, org: OrgId) -> Result<()> = "delete an organization";
        fn add_member(&self, org: OrgId, email: &str) -> Result<Member> = "add a member";
        fn set_member_role(&self, org: OrgId, member: MemberId, role: OrgRole) -> Result<()> = "change a member's role";
        fn set_default_role(&self, org: OrgId, member: MemberId, role: Option<WspRole>) -> Result<()> = "change a member's default role";
        fn remove_member(&self, org: OrgId, member: MemberId) -> Result<()> = "remove a member";
        fn leave_org(&self, org: OrgId) -> Result<()> = "leave an organization";
    }
});

read_only!(TeamClient {
    reads {
        fn list_teams(&self, org: OrgId, page: Page) -> Result<Paged<Team>>;
        fn list_team_members(&self, org: OrgId, team: TeamId, page: Page) -> Result<Paged<Member>>;
    }
    refuses {
        fn create_team(&self, org: OrgId, fields: TeamFields) -> Result<Team> = "create a team";
        fn update_team(&self, org: OrgId, team: TeamId, fields: TeamFields) -> Result<Team> = "change a team";
        fn delete_team(&self, org: OrgId, team: TeamId) -> Result<()> = "delete a team";
        fn add_team_member(&self, org: OrgId, team: TeamId, user: &str) -> Result<Member> = "add a team member";
        fn remove_team_member(&self, org: OrgId, team: TeamId, member: MemberId) -> Result<()> = "remove a team member";
    }
});

read_only!(RoleClient {
    reads {
        fn list_custom_roles(&self, org: OrgId) -> Result<Vec<CustomRole>>;
    }
    refuses {
        fn create_custom_role(&self, org: OrgId, fields: CustomRoleFields) -> Result<()> = "create a role";
        fn update_custom_role(&self, org: OrgId, name: &str, fields: CustomRoleFields) -> Result<()> = "change a role";
        fn delete_custom_role(&self, org: OrgId, name: &str) -> Result<()> = "delete a role";
    }
});

read_only!(WorkspaceClient {
    reads {
        fn list_workspaces(&self) -> Result<Vec<Workspace>>;
        fn list_org_workspaces(&self, org: OrgId) -> Result<Vec<Workspace>>;
        fn get_workspace(&self, org: OrgId, workspace: WorkspaceId) -> Result<Workspace>;
    }
    refuses {
        fn create_workspace(&self, org: OrgId, fields: WorkspaceFields) -> Result<Workspace> = "create a workspace";
        fn update_workspace(&self, org: OrgId, workspace: WorkspaceId, fields: WorkspaceFields) -> Result<Workspace> = "change a workspace";
        fn edit_workspace(&self, org: OrgId, workspace: WorkspaceId, base: WorkspaceFields, fields: WorkspaceFields) -> Result<Workspace> = "change a workspace";
        fn delete_workspace(&self, org: OrgId, workspace: WorkspaceId) -> Result<()> = "delete a workspace";
    }
});

read_only!(ParticipantClient {
    reads {
        fn list_participants(&self, org: OrgId, workspace: WorkspaceId, page: Page) -> Result<Paged<Participant>>;
        fn participant_usage(&self, org: OrgId, workspace: WorkspaceId) -> Result<Usage>;
    }
    refuses {
        fn add_participant(&self, org: OrgId, workspace: WorkspaceId, who: ParticipantRef, role: Option<ParticipantRole>) -> Result<Participant> = "add a participant";
        fn set_participant_role(&self, org: OrgId, workspace: WorkspaceId, participant: ParticipantId, role: ParticipantRole) -> Result<()> = "change a participant's role";
        fn remove_participant(&self, org: OrgId, workspace: WorkspaceId, participant: ParticipantId) -> Result<()> = "remove a participant";
        fn leave_workspace(&self, org: OrgId, workspace: WorkspaceId) -> Result<()> = "leave a workspace";
        fn add_participants_bulk(&self, org: OrgId, workspace: WorkspaceId, lines: &str, role: Option<ParticipantRole>) -> Result<Vec<BulkLine>> = "add participants";
    }
});

read_only!(LaunchpadClient {
    reads {
        fn list_pipelines(&self, scope: Scope, query: PipelineQuery) -> Result<Paged<Pipeline>>;
        fn get_pipeline(&self, scope: Scope, id: PipelineId, source: Option<WorkspaceId>) -> Result<Pipeline>;
        fn pipeline_usage(&self, scope: Scope) -> Result<Usage>;
        fn launch_options(&self, scope: Scope, id: PipelineId, source: Option<WorkspaceId>) -> Result<LaunchOptions>;
    }
    refuses {
        fn create_pipeline(&self, scope: Scope, fields: PipelineFields) -> Result<Pipeline> = "add a pipeline";
        fn update_pipeline(&self, scope: Scope, id: PipelineId, fields: PipelineFields) -> Result<Pipeline> = "change a pipeline";
        fn edit_pipeline(&self, scope: Scope, id: PipelineId, base: PipelineFields, fields: PipelineFields) -> Result<Pipeline> = "change a pipeline";
        fn delete_pipeline(&self, scope: Scope, id: PipelineId) -> Result<()> = "delete a pipeline";
        fn launch(&self, scope: Scope, request: LaunchRequest) -> Result<Run> = "launch a pipeline";
    }
});

read_only!(ComputeClient {
    reads {
        fn list_compute_envs(&self, scope: Scope, status: Option<ComputeEnvStatus>) -> Result<Vec<ComputeEnv>>;
        fn get_compute_env(&self, scope: Scope, id: String) -> Result<ComputeEnv>;
        fn primary_compute_env(&self, scope: Scope) -> Result<Option<ComputeEnv>>;
    }
    refuses {
        fn create_compute_env(&self, scope: Scope, fields: ComputeEnvFields) -> Result<ComputeEnv> = "add a compute environment";
        fn update_compute_env(&self, scope: Scope, id: String, fields: ComputeEnvFields) -> Result<ComputeEnv> = "change a compute environment";
        fn delete_compute_env(&self, scope: Scope, id: String) -> Result<()> = "delete a compute environment";
        fn make_primary(&self, scope: Scope, id: String) -> Result<ComputeEnv> = "make a compute environment primary";
        fn disable_compute_env(&self, scope: Scope, id: String) -> Result<ComputeEnv> = "disable a compute environment";
        fn enable_compute_env(&self, scope: Scope, id: String) -> Result<ComputeEnv> = "enable a compute environment";
    }
});

read_only!(CredentialsClient {
    reads {
        fn list_credentials(&self, scope: Scope, provider: Option<Provider>) -> Result<Vec<Credentials>>;
        fn get_credentials(&self, scope: Scope, id: String) -> Result<Credentials>;
    }
    refuses {
        fn create_credentials(&self, scope: Scope, fields: CredentialsFields) -> Result<Credentials> = "add credentials";
        fn update_credentials(&self, scope: Scope, id: String, fields: CredentialsFields) -> Result<Credentials> = "change credentials";
        fn delete_credentials(&self, scope: Scope, id: String) -> Result<()> = "delete credentials";
    }
});

read_only!(RunClient {
    reads {
        fn list_runs(&self, scope: Scope, query: RunQuery) -> Result<Paged<Run>>;
        fn get_run(&self, scope: Scope, id: WorkflowId) -> Result<Run>;
        fn run_progress(&self, scope: Scope, id: WorkflowId) -> Result<RunProgress>;
        fn process_progress(&self, scope: Scope, id: WorkflowId) -> Result<Vec<ProcessProgress>>;
    }
    refuses {
        fn cancel_run(&self, scope: Scope, id: WorkflowId) -> Result<Run> = "cancel a run";
        fn delete_runs(&self, scope: Scope, ids: Vec<WorkflowId>, force: bool) -> Result<Vec<WorkflowId>> = "delete runs";
        fn change_run_labels(&self, scope: Scope, runs: Vec<WorkflowId>, labels: Vec<LabelId>, change: RunLabelChange) -> Result<()> = "change run labels";
        fn trace_create(&self, scope: Scope, session_id: String, run_name: String, project_name: String, repository: Option<String>) -> Result<WorkflowId> = "report a run";
        fn trace_begin(&self, scope: Scope, id: WorkflowId, begin: TraceBegin) -> Result<Run> = "report a run";
        fn trace_progress(&self, scope: Scope, id: WorkflowId, progress: TraceProgress) -> Result<Run> = "report a run";
        fn trace_complete(&self, scope: Scope, id: WorkflowId, complete: TraceComplete) -> Result<Run> = "report a run";
    }
});

read_only!(ActionClient {
    reads {
        fn list_actions(&self, scope: Scope) -> Result<Vec<Action>>;
        fn get_action(&self, scope: Scope, id: ActionId) -> Result<Action>;
    }
    refuses {
        fn add_action(&self, scope: Scope, fields: ActionFields) -> Result<Action> = "add an action";
        fn update_action(&self, scope: Scope, id: ActionId, name: Option<String>, launch: Option<LaunchRequest>) -> Result<Action> = "edit an action";
        fn pause_action(&self, scope: Scope, id: ActionId) -> Result<Action> = "pause an action";
        fn resume_action(&self, scope: Scope, id: ActionId) -> Result<Action> = "resume an action";
        fn delete_action(&self, scope: Scope, id: ActionId) -> Result<()> = "delete an action";
        fn run_action(&self, scope: Scope, id: ActionId, params: Option<String>) -> Result<Run> = "run an action";
    }
});

read_only!(SettingsClient {
    reads {
        fn studios_settings(&self, scope: Scope) -> Result<StudiosSettings>;
        fn list_labels(&self, scope: Scope, kind: LabelType, page: Page) -> Result<Paged<Label>>;
        fn label_usage(&self, scope: Scope) -> Result<Usage>;
        fn workspace_credits(&self, scope: Scope) -> Result<WorkspaceCredits>;
        fn org_billing(&self, org: OrgId) -> Result<OrgBilling>;
    }
    refuses {
        fn set_studios_settings(&self, scope: Scope, settings: StudiosSettings) -> Result<StudiosSettings> = "change the Studios settings";
        fn edit_studios_settings(&self, scope: Scope, base: StudiosSettings, settings: StudiosSettings) -> Result<StudiosSettings> = "change the Studios settings";
        fn create_label(&self, scope: Scope, fields: LabelFields) -> Result<Label> = "add a label";
        fn update_label(&self, scope: Scope, id: LabelId, fields: LabelFields) -> Result<Label> = "change a label";
        fn delete_label(&self, scope: Scope, id: LabelId) -> Result<()> = "delete a label";
        fn set_org_credits(&self, org: OrgId, credits: Credits) -> Result<OrgBilling> = "set the organization's credits";
        fn set_allocation(&self, org: OrgId, workspace: WorkspaceId, allocation: Option<Credits>) -> Result<OrgBilling> = "set a credit allocation";
        fn transfer_credits(&self, org: OrgId, from: WorkspaceId, to: WorkspaceId, amount: Credits) -> Result<CreditTransfer> = "transfer credits";
    }
});

read_only!(TokenClient {
    reads {
        fn list_tokens(&self) -> Result<Vec<ApiToken>>;
    }
    refuses {
        fn create_token(&self, name: String) -> Result<(ApiToken, String)> = "create a token";
        fn delete_token(&self, id: i64) -> Result<()> = "delete a token";
        fn delete_all_tokens(&self) -> Result<()> = "delete tokens";
    }
});

read_only!(SecretClient {
    reads {
        fn list_secrets(&self, scope: Scope) -> Result<Vec<PipelineSecret>>;
    }
    refuses {
        fn create_secret(&self, scope: Scope, name: String, value: SecretString) -> Result<PipelineSecret> = "add a pipeline secret";
        fn update_secret(&self, scope: Scope, id: i64, value: SecretString) -> Result<()> = "change a pipeline secret";
        fn delete_secret(&self, scope: Scope, id: i64) -> Result<()> = "delete a pipeline secret";
    }
});

// The wrapper is a whole client (checked here rather than at each use).
const _: fn() = || {
    fn is_client<T: Client>() {}
    is_client::<ReadOnlyClient>();
};
