//! Actions: a trigger (GitHub webhook or `tower` launch hook) bound to a pipeline launch
//! configuration. Owner, admin and maintain add, pause, resume and delete them; launch rights
//! trigger them.

use super::Ctx;
use super::audit::snap;
use super::ids::{LONG_ID_LEN, new_id};
use super::scope::ws_label;
use super::store::actions::NewAction;
use super::store::labels::LabelLink;
use super::store::{self, workspaces::WorkspaceRow};
use crate::domain::actions::{check_action_name, check_can_launch};
use crate::domain::launchpad::check_params;
use crate::domain::settings::LabelKinds;
use crate::domain::{
    Action, ActionFields, ActionSource, ActionStatus, Error, LaunchRequest, Permission, Result,
    ResultExt, Run, Scope,
};

impl Ctx<'_> {
    pub fn list_actions(&self, scope: Scope) -> Result<Vec<Action>> {
        let (ws, _) = self.require_scope(scope, Permission::ViewWorkspace)?;
        store::actions::list(self.conn, ws.id)?
            .into_iter()
            .map(|a| self.finish_action(a))
            .collect()
    }

    pub fn get_action(&self, scope: Scope, id: &str) -> Result<Action> {
        let (ws, _) = self.require_scope(scope, Permission::ViewWorkspace)?;
        self.action_in(&ws, id)
    }

    fn action_in(&self, ws: &WorkspaceRow, id: &str) -> Result<Action> {
        let action = store::actions::by_id(self.conn, ws.id, id)?.ok_or_else(|| {
            Error::not_found(format!("action '{id}' not found in {}", ws_label(ws)))
        })?;
        self.finish_action(action)
    }

    /// Adds the endpoint of a `tower` action and the labels.
    fn finish_action(&self, mut action: Action) -> Result<Action> {
        if action.source == ActionSource::Tower {
            action.endpoint = Some(format!("/actions/{}/launch", action.id));
        }
        action.labels = store::labels::of(self.conn, LabelLink::Action, &action.id)?;
        Ok(action)
    }

    /// Adds an ACTIVE action; its launch configuration must pass every launch rule now.
    pub fn add_action(&self, scope: Scope, fields: &ActionFields) -> Result<Action> {
        let (ws, _) = self.require_scope(scope, Permission::ManageActions)?;
        let object = format!("action '{}'", fields.name);
        check_action_name(&fields.name).about(&object)?;
        if store::actions::name_taken(self.conn, ws.id, &fields.name)? {
            return Err(Error::conflict(format!(
                "{} already has an action named '{}'",
                ws_label(&ws),
                fields.name
            )));
        }
        self.resolve_labels(&ws, &fields.label_ids, LabelKinds::Simple)
            .about(&object)?;
        let plan = self.plan_launch(&ws, &fields.launch).about(&object)?;
        let id = new_id(LONG_ID_LEN);
        store::actions::insert(
            self.conn,
            &NewAction {
                id: &id,
                workspace_id: ws.id,
                name: &fields.name,
                source: fields.source,
                pipeline_id: plan.pipeline.id,
                launch: &fields.launch,
            },
        )?;
        store::labels::set_links(self.conn, LabelLink::Action, &id, &fields.label_ids)?;
        let action = self.action_in(&ws, &id)?;
        self.audit(
            "action.add",
            "action",
            &id,
            &action.name,
            None,
            snap(&action),
        )?;
        Ok(action)
    }

    /// Renames an action and/or replaces its launch configuration, checked as for a new
    /// action; its trigger, status and labels stay. A launch of the same pipeline keeps the
    /// shared pipeline's source workspace.
    pub fn update_action(
        &self,
        scope: Scope,
        id: &str,
        name: Option<&str>,
        launch: Option<LaunchRequest>,
    ) -> Result<Action> {
        let (ws, _) = self.require_scope(scope, Permission::ManageActions)?;
        let before = self.action_in(&ws, id)?;
        let object = format!("action '{}'", before.name);
        let name = name.unwrap_or(&before.name);
        check_action_name(name).about(&object)?;
        if !name.eq_ignore_ascii_case(&before.name)
            && store::actions::name_taken(self.conn, ws.id, name)?
        {
            return Err(Error::conflict(format!(
                "{} already has an action named '{name}'",
                ws_label(&ws)
            )));
        }
        let mut launch = launch.unwrap_or_else(|| before.launch.clone());
        if launch.source_workspace_id.is_none() && launch.pipeline_id == before.launch.pipeline_id {
            launch.source_workspace_id = before.launch.source_workspace_id;
        }
        let plan = self.plan_launch(&ws, &launch).about(&object)?;
        store::actions::update(self.conn, id, name, plan.pipeline.id, &launch)?;
        let after = self.action_in(&ws, id)?;
        self.audit(
            "action.update",
            "action",
            id,
            &after.name,
            snap(&before),
            snap(&after),
        )?;
        Ok(after)
    }

    pub fn pause_action(&self, scope: Scope, id: &str) -> Result<Action> {
        self.set_action_status(scope, id, ActionStatus::Paused)
    }

    pub fn resume_action(&self, scope: Scope, id: &str) -> Result<Action> {
        self.set_action_status(scope, id, ActionStatus::Active)
    }

    fn set_action_status(&self, scope: Scope, id: &str, status: ActionStatus) -> Result<Action> {
        let (ws, _) = self.require_scope(scope, Permission::ManageActions)?;
        let before = self.action_in(&ws, id)?;
        if before.status == status {
            return Ok(before);
        }
        store::actions::set_status(self.conn, id, status)?;
        let after = self.action_in(&ws, id)?;
        let what = if status == ActionStatus::Paused {
            "action.pause"
        } else {
            "action.resume"
        };
        self.audit(what, "action", id, &after.name, snap(&before), snap(&after))?;
        Ok(after)
    }

    pub fn delete_action(&self, scope: Scope, id: &str) -> Result<()> {
        let (ws, _) = self.require_scope(scope, Permission::ManageActions)?;
        let before = self.action_in(&ws, id)?;
        store::actions::delete(self.conn, id)?;
        self.audit(
            "action.delete",
            "action",
            id,
            &before.name,
            snap(&before),
            None,
        )
    }

    /// Triggers an ACTIVE action (what its webhook does): launches its configuration, with
    /// `params` replacing the stored parameters when given.
    pub fn run_action(&self, scope: Scope, id: &str, params: Option<&str>) -> Result<Run> {
        let (ws, _) = self.require_scope(scope, Permission::RunActions)?;
        let action = self.action_in(&ws, id)?;
        let object = format!("action '{}'", action.name);
        check_can_launch(&action.name, action.status)?;
        let mut launch = action.launch.clone();
        if let Some(p) = params {
            check_params(p).about(&object)?;
            launch.params = Some(p.to_string());
        }
        let plan = self.plan_launch(&ws, &launch).about(&object)?;
        self.check_credits_for(&ws, &plan.env).about(&object)?;
        store::actions::touch_last_seen(self.conn, id)?;
        self.start_run(&ws, &plan, "action.launch")
    }
}
