//! Finding an org's objects by id and naming them as the file does: `name` inside the same
//! workspace, `workspace/name` in another one.

use super::OrgState;
use crate::domain::changes::ActionSpec;
use crate::domain::{Action, ActionStatus, ComputeEnv, Pipeline, PipelineId, WorkspaceId};

/// `name`, or `owner/name` when the object is in another workspace than `ws`.
pub fn reference(ws: &str, owner: &str, name: &str) -> String {
    if owner.eq_ignore_ascii_case(ws) {
        name.to_string()
    } else {
        format!("{owner}/{name}")
    }
}

impl OrgState {
    pub fn workspace_name(&self, id: WorkspaceId) -> Option<&str> {
        self.workspaces
            .iter()
            .find(|w| w.workspace.id == id)
            .map(|w| w.workspace.name.as_str())
    }

    /// A compute env of any readable workspace of the org, with that workspace's name.
    pub fn compute_env_by_id(&self, id: &str) -> Option<(&str, &ComputeEnv)> {
        self.workspaces.iter().find_map(|w| {
            let env = w
                .content
                .as_ref()?
                .compute_envs
                .iter()
                .find(|e| e.id == id)?;
            Some((w.workspace.name.as_str(), env))
        })
    }

    /// A pipeline of any readable workspace of the org, with that workspace's name.
    pub fn pipeline_by_id(&self, id: PipelineId) -> Option<(&str, &Pipeline)> {
        self.workspaces.iter().find_map(|w| {
            let p = w.content.as_ref()?.pipelines.iter().find(|p| p.id == id)?;
            Some((w.workspace.name.as_str(), p))
        })
    }

    /// An action of workspace `ws` as the file describes it (names rather than ids).
    pub fn action_spec(&self, ws: &str, a: &Action) -> ActionSpec {
        let launch = &a.launch;
        let pipeline_ws = launch
            .source_workspace_id
            .and_then(|id| self.workspace_name(id))
            .unwrap_or(ws);
        ActionSpec {
            name: a.name.clone(),
            source: a.source,
            pipeline: reference(ws, pipeline_ws, &a.pipeline_name),
            paused: a.status == ActionStatus::Paused,
            compute_env: launch.compute_env_id.as_deref().and_then(|id| {
                let (owner, env) = self.compute_env_by_id(id)?;
                Some(reference(ws, owner, &env.name))
            }),
            revision: launch.revision.clone(),
            work_dir: launch.work_dir.clone(),
            profiles: launch.profiles.clone(),
            params: launch.params.clone(),
            labels: a.labels.iter().map(|l| l.name.clone()).collect(),
        }
    }
}
