//! The requests the UI makes and what comes back, as data: `Load` (something to read) and its
//! `Data`, `Mutation` (something to change) and its `Outcome`, tagged with a `ReqId`. Both
//! `effects` (which runs them) and `msg` (which carries the replies) use these types; keeping
//! them here means neither of those two modules imports the other in a circle.

use crate::domain::{
    Action, ActionFields, ActionId, ApiToken, AuditEntry, AuditFilter, BulkLine, ComputeEnv,
    ComputeEnvFields, ComputeEnvId, Credentials, CredentialsFields, CredentialsId, Credits, Harm,
    Impact, Label, LabelFields, LabelId, LaunchOptions, LaunchRequest, Member, MemberId, Org,
    OrgBilling, OrgFields, OrgId, OrgRole, OrgUsage, Participant, ParticipantId, ParticipantRef,
    ParticipantRole, Pipeline, PipelineFields, PipelineId, PipelineSecret, PipelineVisibility,
    ProcessProgress, Result, Run, Scope, SecretString, Session, StudiosSettings, Team, TeamFields,
    TeamId, Usage, WorkflowId, WorkflowStatus, Workspace, WorkspaceCredits, WorkspaceFields,
    WorkspaceId, WspRole,
};

/// Tags a request so that a reply to an older request can be recognised and dropped.
pub type ReqId = u64;

/// Something to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Load {
    Session,
    /// The acting user's workspaces, orgs and each org's usage.
    Workspaces,
    Members(OrgId),
    Teams(OrgId),
    TeamMembers {
        org: OrgId,
        team: TeamId,
    },
    Participants {
        org: OrgId,
        workspace: WorkspaceId,
    },
    Candidates(OrgId),
    /// Every page of a Launchpad listing.
    Pipelines {
        scope: Scope,
        visibility: PipelineVisibility,
        label: Option<String>,
    },
    /// A workspace's actions, and the pipelines they may trigger (its own and shared ones).
    Actions(Scope),
    /// A workspace's compute environments, credentials and labels.
    Resources(Scope),
    LaunchOptions {
        scope: Scope,
        pipeline: PipelineId,
        source: Option<WorkspaceId>,
    },
    /// One page of runs.
    Runs {
        scope: Scope,
        status: Option<WorkflowStatus>,
        search: String,
        offset: u32,
        max: u32,
    },
    Run {
        scope: Scope,
        id: WorkflowId,
    },
    /// A run's per-process progress, for its details while they are open.
    RunProcesses {
        scope: Scope,
        id: WorkflowId,
    },
    /// The backend's change stamp (`live`: is anything new since the last look?).
    Changes,
    /// This workspace's credits, and its org's billing (`billing`: the user may see it).
    Credits {
        scope: Scope,
        org: Option<OrgId>,
        billing: bool,
    },
    Studios(Scope),
    /// The workspace's pipeline secrets (names and dates; values never come back).
    Secrets(Scope),
    /// The acting user's API access tokens (names and dates; never the tokens).
    Tokens,
    /// What a destructive or visibility-reducing change would affect (`guard`).
    Impact(Harm),
    /// Everyone with access to a workspace and why (the Participants tab's access view).
    Access {
        org: OrgId,
        workspace: WorkspaceId,
    },
    /// One page of the audit log, newest first (`filter.before_id`: the page after that entry).
    Audit {
        filter: AuditFilter,
        max: u32,
    },
}

/// Something to change. Each carries the names its success message needs. Secrets travel in
/// `SecretString`s, whose `Debug` shows `***`.
#[derive(Clone, Debug, PartialEq)]
pub enum Mutation {
    CreateWorkspace {
        org: OrgId,
        org_name: String,
        fields: WorkspaceFields,
    },
    /// `base`: the workspace as the form showed it (only what the user changed is written).
    UpdateWorkspace {
        org: OrgId,
        workspace: WorkspaceId,
        base: WorkspaceFields,
        fields: WorkspaceFields,
    },
    DeleteWorkspace {
        org: OrgId,
        workspace: WorkspaceId,
        path: String,
    },
    AddMember {
        org: OrgId,
        email: String,
    },
    SetMemberRole {
        org: OrgId,
        member: MemberId,
        email: String,
        role: OrgRole,
    },
    SetDefaultRole {
        org: OrgId,
        member: MemberId,
        email: String,
        role: Option<WspRole>,
    },
    RemoveMember {
        org: OrgId,
        member: MemberId,
        email: String,
    },
    CreateTeam {
        org: OrgId,
        fields: TeamFields,
    },
    DeleteTeam {
        org: OrgId,
        team: TeamId,
        name: String,
    },
    CreateOrg {
        fields: OrgFields,
    },
    UpdateOrg {
        org: OrgId,
        fields: OrgFields,
    },
    DeleteOrg {
        org: OrgId,
        name: String,
    },
    UpdateTeam {
        org: OrgId,
        team: TeamId,
        fields: TeamFields,
    },
    AddTeamMember {
        org: OrgId,
        team: TeamId,
        team_name: String,
        user: String,
    },
    RemoveTeamMember {
        org: OrgId,
        team: TeamId,
        team_name: String,
        member: MemberId,
        email: String,
    },
    AddParticipant {
        org: OrgId,
        workspace: WorkspaceId,
        who: ParticipantRef,
        label: String,
        role: ParticipantRole,
    },
    BulkAdd {
        org: OrgId,
        workspace: WorkspaceId,
        lines: String,
        role: ParticipantRole,
    },
    /// The same action on several marked rows: one change per row (labelled), each
    /// succeeding or failing on its own; the reply is a report per row.
    Each {
        title: String,
        ops: Vec<(String, Mutation)>,
    },
    SetParticipantRole {
        org: OrgId,
        workspace: WorkspaceId,
        participant: ParticipantId,
        label: String,
        role: ParticipantRole,
    },
    RemoveParticipant {
        org: OrgId,
        workspace: WorkspaceId,
        participant: ParticipantId,
        label: String,
    },
    /// The acting user leaves a workspace (their own participant row).
    LeaveWorkspace {
        org: OrgId,
        workspace: WorkspaceId,
        path: String,
    },
    /// The acting user leaves an organization.
    LeaveOrg {
        org: OrgId,
        name: String,
    },
    CreatePipeline {
        scope: Scope,
        fields: Box<PipelineFields>,
    },
    /// `base`: the pipeline as the form showed it (only what the user changed is written).
    UpdatePipeline {
        scope: Scope,
        id: PipelineId,
        base: Box<PipelineFields>,
        fields: Box<PipelineFields>,
    },
    DeletePipeline {
        scope: Scope,
        id: PipelineId,
        name: String,
    },
    Launch {
        scope: Scope,
        request: Box<LaunchRequest>,
        pipeline: String,
    },
    CreateAction {
        scope: Scope,
        fields: Box<ActionFields>,
    },
    /// `name`: the action's name as shown; `rename` and `launch` are what changes.
    UpdateAction {
        scope: Scope,
        id: ActionId,
        name: String,
        rename: Option<String>,
        launch: Option<Box<LaunchRequest>>,
    },
    SetActionPaused {
        scope: Scope,
        id: ActionId,
        name: String,
        paused: bool,
    },
    DeleteAction {
        scope: Scope,
        id: ActionId,
        name: String,
    },
    /// Launches an action now, as its trigger would.
    RunAction {
        scope: Scope,
        id: ActionId,
        name: String,
    },
    CancelRun {
        scope: Scope,
        id: WorkflowId,
        name: String,
    },
    DeleteRun {
        scope: Scope,
        id: WorkflowId,
        name: String,
    },
    /// `runs`: (id, name).
    RunLabels {
        scope: Scope,
        runs: Vec<(WorkflowId, String)>,
        add: Vec<LabelId>,
        remove: Vec<LabelId>,
    },
    CreateComputeEnv {
        scope: Scope,
        fields: Box<ComputeEnvFields>,
    },
    UpdateComputeEnv {
        scope: Scope,
        id: ComputeEnvId,
        fields: Box<ComputeEnvFields>,
    },
    MakePrimary {
        scope: Scope,
        id: ComputeEnvId,
        name: String,
    },
    SetComputeEnvEnabled {
        scope: Scope,
        id: ComputeEnvId,
        name: String,
        enabled: bool,
    },
    DeleteComputeEnv {
        scope: Scope,
        id: ComputeEnvId,
        name: String,
    },
    CreateCredentials {
        scope: Scope,
        fields: Box<CredentialsFields>,
    },
    /// Secrets left out of `fields` keep their stored values.
    UpdateCredentials {
        scope: Scope,
        id: CredentialsId,
        fields: Box<CredentialsFields>,
    },
    DeleteCredentials {
        scope: Scope,
        id: CredentialsId,
        name: String,
    },
    SetStudios {
        scope: Scope,
        base: StudiosSettings,
        settings: StudiosSettings,
    },
    CreateLabel {
        scope: Scope,
        fields: LabelFields,
    },
    UpdateLabel {
        scope: Scope,
        id: LabelId,
        fields: LabelFields,
    },
    CreateSecret {
        scope: Scope,
        name: String,
        value: SecretString,
    },
    /// A new value for a secret; its name stays.
    RotateSecret {
        scope: Scope,
        id: i64,
        name: String,
        value: SecretString,
    },
    /// A new access token of the acting user; the reply carries the token, shown once.
    CreateToken {
        name: String,
    },
    /// Revokes one of the acting user's tokens.
    DeleteToken {
        id: i64,
        name: String,
    },
    DeleteSecret {
        scope: Scope,
        id: i64,
        name: String,
    },
    DeleteLabel {
        scope: Scope,
        id: LabelId,
        name: String,
    },
    SetAllocation {
        org: OrgId,
        workspace: WorkspaceId,
        name: String,
        allocation: Option<Credits>,
    },
    Transfer {
        org: OrgId,
        from: WorkspaceId,
        from_name: String,
        to: WorkspaceId,
        to_name: String,
        amount: Credits,
    },
}

impl Mutation {
    /// The toast shown when it worked.
    // Long: one arm per `Mutation` variant, each its success message.
    pub fn success(&self) -> String {
        match self {
            Mutation::CreateWorkspace {
                org_name, fields, ..
            } => format!("Created workspace {org_name}/{}", fields.name),
            Mutation::UpdateWorkspace { fields, .. } => {
                format!("Saved workspace {} ({})", fields.name, fields.visibility)
            }
            Mutation::DeleteWorkspace { path, .. } => format!("Deleted workspace {path}"),
            Mutation::AddMember { email, .. } => format!("Added {email} to the org"),
            Mutation::SetMemberRole { email, role, .. } => {
                format!("{email} is now an org {role}")
            }
            Mutation::SetDefaultRole {
                email,
                role: Some(role),
                ..
            } => format!("{email} now has the default role {role} in every workspace"),
            Mutation::SetDefaultRole {
                email, role: None, ..
            } => format!("{email} no longer has a default role"),
            Mutation::RemoveMember { email, .. } => format!("Removed {email} from the org"),
            Mutation::CreateTeam { fields, .. } => format!("Created team {}", fields.name),
            Mutation::DeleteTeam { name, .. } => format!("Deleted team {name}"),
            Mutation::UpdateTeam { fields, .. } => format!("Saved team {}", fields.name),
            Mutation::CreateOrg { fields } => format!("Created organization {}", fields.name),
            Mutation::UpdateOrg { fields, .. } => format!("Saved organization {}", fields.name),
            Mutation::DeleteOrg { name, .. } => format!("Deleted organization {name}"),
            Mutation::AddTeamMember {
                team_name, user, ..
            } => format!("Added {user} to team {team_name}"),
            Mutation::RemoveTeamMember {
                team_name, email, ..
            } => format!("Removed {email} from team {team_name}"),
            Mutation::AddParticipant { label, role, .. } => {
                format!("Added {label} as {role}")
            }
            Mutation::BulkAdd { .. } => "Bulk add finished".to_string(),
            Mutation::Each { title, .. } => title.clone(),
            Mutation::SetParticipantRole { label, role, .. } => {
                format!("{label} is now {role}")
            }
            Mutation::RemoveParticipant { label, .. } => format!("Removed {label}"),
            Mutation::LeaveWorkspace { path, .. } => format!("You left {path}"),
            Mutation::LeaveOrg { name, .. } => format!("You left organization {name}"),
            Mutation::CreatePipeline { fields, .. } => format!("Added pipeline {}", fields.name),
            Mutation::UpdatePipeline { fields, .. } => format!("Saved pipeline {}", fields.name),
            Mutation::DeletePipeline { name, .. } => format!("Deleted pipeline {name}"),
            Mutation::Launch { pipeline, .. } => format!("Launched {pipeline}"),
            Mutation::CreateAction { fields, .. } => {
                format!("Added action {} ({})", fields.name, fields.source)
            }
            Mutation::UpdateAction { name, rename, .. } => {
                format!("Saved action {}", rename.as_deref().unwrap_or(name))
            }
            Mutation::SetActionPaused {
                name, paused: true, ..
            } => format!("Paused action {name}"),
            Mutation::SetActionPaused { name, .. } => format!("Resumed action {name}"),
            Mutation::DeleteAction { name, .. } => format!("Deleted action {name}"),
            Mutation::RunAction { name, .. } => format!("Launched action {name}"),
            Mutation::CancelRun { name, .. } => format!("Cancelled run {name}"),
            Mutation::DeleteRun { name, .. } => format!("Deleted run {name}"),
            Mutation::RunLabels { runs, .. } => match runs.as_slice() {
                [(_, name)] => format!("Changed the labels of run {name}"),
                _ => format!("Changed the labels of {} runs", runs.len()),
            },
            Mutation::CreateComputeEnv { fields, .. } => {
                format!(
                    "Added compute environment {} ({})",
                    fields.name, fields.platform
                )
            }
            Mutation::UpdateComputeEnv { fields, .. } => {
                format!("Saved compute environment {}", fields.name)
            }
            Mutation::MakePrimary { name, .. } => format!("{name} is now the primary"),
            Mutation::SetComputeEnvEnabled {
                name,
                enabled: true,
                ..
            } => format!("Enabled {name}"),
            Mutation::SetComputeEnvEnabled { name, .. } => format!("Disabled {name}"),
            Mutation::DeleteComputeEnv { name, .. } => {
                format!("Deleted compute environment {name}")
            }
            Mutation::CreateCredentials { fields, .. } => {
                format!("Added credentials {}", fields.name)
            }
            Mutation::UpdateCredentials { fields, .. } => {
                format!("Saved credentials {}", fields.name)
            }
            Mutation::DeleteCredentials { name, .. } => format!("Deleted credentials {name}"),
            Mutation::SetStudios { settings, .. } => {
                if settings.always_running() {
                    "Studios sessions now keep running".to_string()
                } else {
                    format!(
                        "Studios sessions now stop after {} hours",
                        settings.lifespan_hours
                    )
                }
            }
            Mutation::CreateLabel { fields, .. } => format!("Added label {}", label_text(fields)),
            Mutation::UpdateLabel { fields, .. } => format!("Saved label {}", label_text(fields)),
            Mutation::DeleteLabel { name, .. } => format!("Deleted label {name}"),
            Mutation::CreateSecret { name, .. } => format!("Added secret {name}"),
            Mutation::RotateSecret { name, .. } => format!("Rotated secret {name}"),
            Mutation::DeleteSecret { name, .. } => format!("Deleted secret {name}"),
            Mutation::CreateToken { name } => format!("Created token {name}"),
            Mutation::DeleteToken { name, .. } => format!("Revoked token {name}"),
            Mutation::SetAllocation {
                name,
                allocation: Some(a),
                ..
            } => format!("{name} now has an allocation of {a} credits"),
            Mutation::SetAllocation { name, .. } => format!("{name} no longer has an allocation"),
            Mutation::Transfer {
                from_name,
                to_name,
                amount,
                ..
            } => format!("Moved {amount} credits from {from_name} to {to_name}"),
        }
    }
}

fn label_text(f: &LabelFields) -> String {
    match &f.value {
        Some(v) => format!("{}={v}", f.name),
        None => f.name.clone(),
    }
}

/// What a load brought back.
#[derive(Debug)]
pub enum Data {
    Session(Session),
    /// Workspaces and orgs come together, so the Workspaces list is built from one reply.
    Workspaces {
        workspaces: Vec<Workspace>,
        orgs: Vec<Org>,
        usage: Vec<(OrgId, OrgUsage)>,
    },
    /// Members and collaborators of an org.
    Members(OrgId, Vec<Member>),
    Teams(OrgId, Vec<Team>),
    TeamMembers(TeamId, Vec<Member>),
    Participants {
        workspace: WorkspaceId,
        items: Vec<Participant>,
        usage: Usage,
        /// The org's custom role names (the role pickers offer them after the built-in ones).
        roles: Vec<String>,
    },
    /// What an "add" field suggests: the org's members, collaborators and teams.
    Candidates {
        members: Vec<Member>,
        teams: Vec<Team>,
    },
    /// A Launchpad listing, with the workspace's pipeline usage.
    Pipelines {
        scope: Scope,
        items: Vec<Pipeline>,
        usage: Option<Usage>,
    },
    /// A workspace's actions, and the pipelines an action may trigger there.
    Actions {
        scope: Scope,
        items: Vec<Action>,
        pipelines: Vec<Pipeline>,
    },
    /// What the workspace's forms choose from: its compute environments, credentials and
    /// labels (simple and resource).
    Resources {
        scope: Scope,
        envs: Vec<ComputeEnv>,
        credentials: Vec<Credentials>,
        labels: Vec<Label>,
        label_usage: Option<Usage>,
    },
    LaunchOptions(Box<LaunchOptions>),
    /// One page of runs; `total` is what matches (capped with a search).
    Runs {
        scope: Scope,
        offset: u32,
        items: Vec<Run>,
        total: u64,
    },
    Run(Box<Run>),
    /// One page of the audit log; `after` is the entry it follows (None: the first page),
    /// `total` what matches from there on.
    Audit {
        after: Option<i64>,
        items: Vec<AuditEntry>,
        total: u64,
    },
    /// Each process's progress, and when it was read (the run's elapsed time is counted to it).
    RunProcesses {
        id: WorkflowId,
        processes: Vec<ProcessProgress>,
        at: String,
    },
    /// The backend's change stamp; None when it has none (a remote server).
    Changes(Option<u64>),
    /// The Settings tab's credits: this workspace's, and the org's billing when the user may
    /// see it. An error of either says why in place.
    Credits {
        scope: Scope,
        credits: Result<WorkspaceCredits>,
        billing: Option<Result<OrgBilling>>,
    },
    Studios {
        scope: Scope,
        settings: Result<StudiosSettings>,
    },
    Secrets {
        scope: Scope,
        secrets: Vec<PipelineSecret>,
    },
    Tokens(Vec<ApiToken>),
    Impact(Impact),
    Access {
        workspace: WorkspaceId,
        access: crate::domain::access::WorkspaceAccess,
    },
}

/// What a change brought back.
#[derive(Debug)]
pub enum Outcome {
    Done,
    /// Something new, by id: its list selects it once it has reloaded.
    Created(i64),
    /// One result per line of a bulk add.
    Bulk(Vec<BulkLine>),
    /// Something new with a text id (compute environments, credentials).
    CreatedKey(String),
    /// A launch: the new run.
    Launched(Box<Run>),
    /// A new access token: its id, and the token itself, which is shown once and then
    /// forgotten (a `SecretString`, whose `Debug` shows `***`).
    Token(i64, SecretString),
    /// One result per marked row of a bulk action (`Mutation::Each`).
    Each(Vec<crate::tui::widgets::bulk::ReportLine>),
}

/// Hands out request ids. Kept in a `Cell` so that a screen can tag a request while it only
/// reads the context (the ids are the one thing every screen may take).
#[derive(Debug)]
pub struct ReqIds(std::cell::Cell<ReqId>);

impl Default for ReqIds {
    fn default() -> Self {
        Self(std::cell::Cell::new(1))
    }
}

impl ReqIds {
    /// A fresh request id.
    pub fn next(&self) -> ReqId {
        let r = self.0.get();
        self.0.set(r + 1);
        r
    }
}
