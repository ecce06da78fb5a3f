//! Changes that `apply` makes, named by the objects' names rather than ids (ids do not exist
//! until earlier changes in the same plan have run). Both clients execute them: the embedded
//! engine in one transaction, the remote client one request at a time, both through one
//! dispatcher (`apply_change`) over the primitives each implements (`ApplyTarget`).

mod base;
mod dispatch;
mod dispatch_workspace;
mod merge;
mod permission;
mod target;
mod workspace;

pub use base::{merge_compute_env, merge_credentials, merge_pipeline};
pub use dispatch::{apply_change, need_team, need_workspace};
pub use merge::{check_unchanged, merge3, merged};
pub use permission::Authority;
pub use target::ApplyTarget;

pub use workspace::{
    ActionSpec, ComputeEnvSpec, CredentialsSpec, PipelineSpec, WorkspaceChange, label_name,
};

use super::credits::Credits;
use super::custom_roles::CustomRoleFields;
use super::model::{NewUser, OrgFields, TeamFields, WorkspaceFields};
use super::participant_role::ParticipantRole;
use super::roles::{OrgRole, WspRole};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Who a participant entry in the file refers to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ParticipantSpec {
    Member(String),
    Team(String),
    Collaborator(String),
}

impl fmt::Display for ParticipantSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParticipantSpec::Member(e) => write!(f, "member {e}"),
            ParticipantSpec::Team(t) => write!(f, "team {t}"),
            ParticipantSpec::Collaborator(e) => write!(f, "collaborator {e}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Change {
    CreateUser(NewUser),
    /// Creates an org whose first owner is `owner` (the acting user, or anyone for the operator).
    CreateOrg {
        fields: OrgFields,
        owner: String,
    },
    /// `base` is the org as the plan read it: only the fields that differ from it are written,
    /// and a field another writer changed since is a conflict (see `merge3`).
    UpdateOrg {
        org: String,
        fields: OrgFields,
        #[serde(default)]
        base: Option<Box<OrgFields>>,
    },
    /// Adds the user to the org with this role, or changes the role of an existing member.
    /// `base` is the role the plan saw (None: not in the org); another writer's different
    /// role since then is a conflict.
    SetMember {
        org: String,
        email: String,
        role: OrgRole,
        #[serde(default)]
        base: Option<OrgRole>,
    },
    SetDefaultRole {
        org: String,
        email: String,
        role: Option<WspRole>,
        #[serde(default)]
        base: Option<WspRole>,
    },
    RemoveMember {
        org: String,
        email: String,
    },
    CreateTeam {
        org: String,
        fields: TeamFields,
    },
    UpdateTeam {
        org: String,
        team: String,
        fields: TeamFields,
        #[serde(default)]
        base: Option<Box<TeamFields>>,
    },
    DeleteTeam {
        org: String,
        team: String,
    },
    AddTeamMember {
        org: String,
        team: String,
        email: String,
    },
    RemoveTeamMember {
        org: String,
        team: String,
        email: String,
    },
    CreateWorkspace {
        org: String,
        fields: WorkspaceFields,
    },
    UpdateWorkspace {
        org: String,
        workspace: String,
        fields: WorkspaceFields,
        #[serde(default)]
        base: Option<Box<WorkspaceFields>>,
    },
    DeleteWorkspace {
        org: String,
        workspace: String,
    },
    /// Creates a custom role of the org.
    CreateRole {
        org: String,
        fields: CustomRoleFields,
    },
    /// Sets the description and permissions of the org's custom role `role`.
    UpdateRole {
        org: String,
        role: String,
        fields: CustomRoleFields,
    },
    DeleteRole {
        org: String,
        role: String,
    },
    /// Adds the participant with this role, or changes its role.
    SetParticipant {
        org: String,
        workspace: String,
        who: ParticipantSpec,
        role: ParticipantRole,
        /// The role the plan saw (None: not a participant).
        #[serde(default)]
        base: Option<ParticipantRole>,
    },
    RemoveParticipant {
        org: String,
        workspace: String,
        who: ParticipantSpec,
    },
    /// Sets an org's credit balance (the operator only: credits are billing).
    SetOrgCredits {
        org: String,
        credits: Credits,
    },
    /// A change inside one org workspace (see `WorkspaceChange`).
    Workspace {
        org: String,
        workspace: String,
        change: WorkspaceChange,
    },
}

/// How far an apply has come, reported as `(done, total)` steps (see `Change::steps`) from
/// whichever thread runs the changes; a reporter must be cheap, it may be called per run.
pub type Progress = std::sync::Arc<dyn Fn(u64, u64) + Send + Sync>;

/// A progress that reports nowhere.
pub fn no_progress() -> Progress {
    std::sync::Arc::new(|_, _| {})
}

/// The steps of all the changes.
pub fn total_steps(changes: &[Change]) -> u64 {
    changes.iter().map(Change::steps).sum()
}

impl Change {
    /// How many steps of an apply's progress this change is: one per imported run (a history
    /// of 300,000 runs is the slow part), one for anything else.
    pub fn steps(&self) -> u64 {
        match self {
            Change::Workspace {
                change: WorkspaceChange::ImportRuns(runs),
                ..
            } => runs.len() as u64,
            _ => 1,
        }
    }

    /// The most specific name in the change (an email or a name), used to tell whether an
    /// error message already names the object.
    pub fn key(&self) -> String {
        match self {
            Change::CreateUser(u) => u.email.clone(),
            Change::CreateOrg { fields, .. } => fields.name.clone(),
            Change::UpdateOrg { org, .. } => org.clone(),
            Change::SetMember { email, .. }
            | Change::SetDefaultRole { email, .. }
            | Change::RemoveMember { email, .. }
            | Change::AddTeamMember { email, .. }
            | Change::RemoveTeamMember { email, .. } => email.clone(),
            Change::CreateTeam { fields, .. } => fields.name.clone(),
            Change::CreateRole { fields, .. } => fields.name.clone(),
            Change::UpdateRole { role, .. } | Change::DeleteRole { role, .. } => role.clone(),
            Change::UpdateTeam { team, .. } | Change::DeleteTeam { team, .. } => team.clone(),
            Change::CreateWorkspace { fields, .. } => fields.name.clone(),
            Change::UpdateWorkspace { workspace, .. }
            | Change::DeleteWorkspace { workspace, .. } => workspace.clone(),
            Change::SetParticipant { who, .. } | Change::RemoveParticipant { who, .. } => match who
            {
                ParticipantSpec::Member(e) | ParticipantSpec::Collaborator(e) => e.clone(),
                ParticipantSpec::Team(t) => t.clone(),
            },
            Change::SetOrgCredits { org, .. } => org.clone(),
            Change::Workspace { change, .. } => change.key(),
        }
    }

    /// The org the change is in or about (a new org: its name); None for a new user.
    pub fn org(&self) -> Option<&str> {
        match self {
            Change::CreateUser(_) => None,
            Change::CreateOrg { fields, .. } => Some(&fields.name),
            Change::UpdateOrg { org, .. }
            | Change::SetMember { org, .. }
            | Change::SetDefaultRole { org, .. }
            | Change::RemoveMember { org, .. }
            | Change::CreateTeam { org, .. }
            | Change::UpdateTeam { org, .. }
            | Change::DeleteTeam { org, .. }
            | Change::AddTeamMember { org, .. }
            | Change::RemoveTeamMember { org, .. }
            | Change::CreateRole { org, .. }
            | Change::UpdateRole { org, .. }
            | Change::DeleteRole { org, .. }
            | Change::CreateWorkspace { org, .. }
            | Change::UpdateWorkspace { org, .. }
            | Change::DeleteWorkspace { org, .. }
            | Change::SetParticipant { org, .. }
            | Change::RemoveParticipant { org, .. }
            | Change::SetOrgCredits { org, .. }
            | Change::Workspace { org, .. } => Some(org),
        }
    }

    /// The object the change is about, as the plan and error messages name it.
    pub fn object(&self) -> String {
        match self {
            Change::CreateUser(u) => format!("user {}", u.email),
            Change::CreateOrg { fields, .. } => format!("org {}", fields.name),
            Change::UpdateOrg { org, .. } => format!("org {org}"),
            Change::SetMember { org, email, .. }
            | Change::SetDefaultRole { org, email, .. }
            | Change::RemoveMember { org, email } => format!("org {org} member {email}"),
            Change::CreateTeam { org, fields } => format!("org {org} team {}", fields.name),
            Change::UpdateTeam { org, team, .. } | Change::DeleteTeam { org, team } => {
                format!("org {org} team {team}")
            }
            Change::AddTeamMember { org, team, email }
            | Change::RemoveTeamMember { org, team, email } => {
                format!("org {org} team {team} member {email}")
            }
            Change::CreateRole { org, fields } => format!("org {org} role {}", fields.name),
            Change::UpdateRole { org, role, .. } | Change::DeleteRole { org, role } => {
                format!("org {org} role {role}")
            }
            Change::CreateWorkspace { org, fields } => format!("workspace {org}/{}", fields.name),
            Change::UpdateWorkspace { org, workspace, .. }
            | Change::DeleteWorkspace { org, workspace } => format!("workspace {org}/{workspace}"),
            Change::SetParticipant {
                org,
                workspace,
                who,
                ..
            }
            | Change::RemoveParticipant {
                org,
                workspace,
                who,
            } => {
                format!("workspace {org}/{workspace} participant {who}")
            }
            Change::SetOrgCredits { org, .. } => format!("org {org} credits"),
            Change::Workspace {
                org,
                workspace,
                change,
            } => format!("workspace {org}/{workspace} {change}"),
        }
    }
}
