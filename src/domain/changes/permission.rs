//! Who may make each change: the rule a dry run checks before writing anything, and that the
//! engine's operations enforce when the change runs.

use super::{Change, WorkspaceChange};
use crate::domain::{Error, Permission};

/// What a change needs of the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Authority {
    /// The operator of an nfdeck server: users, and org credit balances (credits are billing).
    Operator,
    /// Anyone signed in may create an org (on behalf of someone else: the operator only).
    Anyone,
    /// An owner of the org (or the operator): its settings, members, teams, new workspaces and
    /// the workspaces' credit allocations.
    OrgOwner,
    /// A role in the workspace that holds this permission.
    Workspace(Permission),
}

impl Change {
    /// What the change needs of the caller.
    pub fn permission(&self) -> Authority {
        match self {
            Change::CreateUser(_) | Change::SetOrgCredits { .. } => Authority::Operator,
            Change::CreateOrg { .. } => Authority::Anyone,
            Change::UpdateOrg { .. }
            | Change::SetMember { .. }
            | Change::SetDefaultRole { .. }
            | Change::RemoveMember { .. }
            | Change::CreateTeam { .. }
            | Change::UpdateTeam { .. }
            | Change::DeleteTeam { .. }
            | Change::AddTeamMember { .. }
            | Change::RemoveTeamMember { .. }
            | Change::CreateRole { .. }
            | Change::UpdateRole { .. }
            | Change::DeleteRole { .. }
            | Change::CreateWorkspace { .. } => Authority::OrgOwner,
            Change::UpdateWorkspace { .. } => Authority::Workspace(Permission::EditWorkspace),
            Change::DeleteWorkspace { .. } => Authority::Workspace(Permission::DeleteWorkspace),
            Change::SetParticipant { role, .. } if role.is_owner() => {
                Authority::Workspace(Permission::GrantOwner)
            }
            Change::SetParticipant { .. } | Change::RemoveParticipant { .. } => {
                Authority::Workspace(Permission::ManageParticipants)
            }
            Change::Workspace { change, .. } => change.permission(),
        }
    }

    /// The error of a failed change, naming the change's object unless the message already
    /// names it.
    pub fn failed(&self, e: Error) -> Error {
        if e.message.contains(&self.key()) {
            e
        } else {
            e.about(self.object())
        }
    }
}

impl WorkspaceChange {
    /// What the change needs of the caller (the allocation is an org-owner matter).
    pub fn permission(&self) -> Authority {
        use WorkspaceChange::*;
        Authority::Workspace(match self {
            SetAllocation(_) => return Authority::OrgOwner,
            SetStudios { .. } => Permission::StudiosSettings,
            CreateLabel(_) | UpdateLabel { .. } | DeleteLabel(_) => Permission::ManageLabels,
            CreateCredentials(_) | UpdateCredentials { .. } | DeleteCredentials(_) => {
                Permission::ManageCredentials
            }
            CreateComputeEnv(_)
            | UpdateComputeEnv { .. }
            | SetComputeEnvEnabled { .. }
            | MakePrimary(_)
            | DeleteComputeEnv(_) => Permission::ManageComputeEnvs,
            CreatePipeline(_) | UpdatePipeline { .. } | DeletePipeline(_) => {
                Permission::ManagePipelines
            }
            AddAction(_) | ReplaceAction(_) | SetActionPaused { .. } | DeleteAction(_) => {
                Permission::ManageActions
            }
            ImportRuns(_) => Permission::LaunchPipelines,
        })
    }
}
