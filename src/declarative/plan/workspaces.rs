//! Workspaces and their participants (teams, members, collaborators by email); the contents
//! of a workspace are planned from here (see `contents`).

use super::{Action, OrgPlanner, Phase, diff};
use crate::declarative::desired::DesiredWorkspace;
use crate::declarative::state::WorkspaceState;
use crate::domain::changes::{Change, ParticipantSpec};
use crate::domain::{Error, ParticipantRole, ParticipantType, Result, WorkspaceFields};

impl<'a> OrgPlanner<'a> {
    pub(super) fn workspace_state(&self, name: &str) -> Option<&'a WorkspaceState> {
        self.c.and_then(|c| c.workspace(name))
    }

    pub(super) fn plan_workspace(&mut self, w: &'a DesiredWorkspace) -> Result<()> {
        let current = self.workspace_state(&w.name);
        match current {
            None => self.plan_new_workspace(w),
            Some(c) => self.plan_workspace_fields(w, c),
        }
        for (spec, role) in &w.participants {
            self.plan_participant(w, current, spec, role)?;
        }
        self.plan_contents(w, current);
        if self.prune
            && let Some(c) = current
        {
            self.prune_participants(w, c);
        }
        Ok(())
    }

    fn workspace_object(&self, name: &str) -> String {
        format!("workspace {}/{name}", self.org())
    }

    fn plan_new_workspace(&mut self, w: &DesiredWorkspace) {
        let org = self.org().to_string();
        let object = self.workspace_object(&w.name);
        if w.full_name.is_none() {
            self.problems.add(
                &object,
                "full_name is required to create a workspace (left out, an existing workspace keeps its own)",
            );
        }
        let fields = WorkspaceFields {
            name: w.name.clone(),
            full_name: w.full_name.clone().unwrap_or_default(),
            description: w.description.clone().unwrap_or_default(),
            visibility: w.visibility.unwrap_or_default(),
        };
        let detail = fields.visibility.to_string();
        let change = Change::CreateWorkspace { org, fields };
        self.plan.push(
            Phase::Workspaces,
            Action::Create,
            object,
            detail,
            Some(change),
        );
    }

    /// An existing workspace: what the file leaves out stays as it is.
    fn plan_workspace_fields(&mut self, w: &DesiredWorkspace, c: &WorkspaceState) {
        let org = self.org().to_string();
        let object = self.workspace_object(&w.name);
        let cur = WorkspaceFields::from(&c.workspace);
        let wanted = WorkspaceFields {
            name: cur.name.clone(),
            full_name: w.full_name.clone().unwrap_or(cur.full_name.clone()),
            description: w.description.clone().unwrap_or(cur.description.clone()),
            visibility: w.visibility.unwrap_or(cur.visibility),
        };
        let mut changes = Vec::new();
        diff("full_name", &cur.full_name, &wanted.full_name, &mut changes);
        diff(
            "description",
            &cur.description,
            &wanted.description,
            &mut changes,
        );
        diff(
            "visibility",
            cur.visibility.as_str(),
            wanted.visibility.as_str(),
            &mut changes,
        );
        if changes.is_empty() {
            self.plan.push(
                Phase::Workspaces,
                Action::Unchanged,
                object,
                String::new(),
                None,
            );
            return;
        }
        let change = Change::UpdateWorkspace {
            org,
            workspace: cur.name.clone(),
            fields: wanted,
            base: Some(Box::new(cur)),
        };
        self.plan.push(
            Phase::Workspaces,
            Action::Update,
            object,
            changes.join(", "),
            Some(change),
        );
    }

    /// With `--prune`: the participants the file does not list.
    fn prune_participants(&mut self, w: &DesiredWorkspace, c: &WorkspaceState) {
        let org = self.org().to_string();
        let object = self.workspace_object(&w.name);
        for p in &c.participants {
            let spec = spec_of(p);
            if !w.participants.iter().any(|(s, _)| same_spec(s, &spec)) {
                let change = Change::RemoveParticipant {
                    org: org.clone(),
                    workspace: c.workspace.name.clone(),
                    who: spec.clone(),
                };
                self.plan.push(
                    Phase::Removals,
                    Action::Remove,
                    format!("{object} participant {spec}"),
                    String::new(),
                    Some(change),
                );
            }
        }
    }

    pub(super) fn plan_participant(
        &mut self,
        w: &DesiredWorkspace,
        current: Option<&WorkspaceState>,
        spec: &ParticipantSpec,
        role: &ParticipantRole,
    ) -> Result<()> {
        let org = self.org().to_string();
        let object = format!("workspace {org}/{} participant {spec}", w.name);
        match spec {
            ParticipantSpec::Member(email) if !self.knows_member(email) => {
                return Err(Error::not_found(format!(
                    "{object}: {email} is not an owner or member of the org; list it under members (or make it a collaborator)"
                )));
            }
            ParticipantSpec::Team(name)
                if !self
                    .d
                    .teams
                    .iter()
                    .any(|t| t.name.eq_ignore_ascii_case(name))
                    && self.team_state(name).is_none() =>
            {
                return Err(Error::not_found(format!(
                    "{object}: team '{name}' is not in the org; add it under the org's teams"
                )));
            }
            _ => {}
        }
        if let ParticipantRole::Custom(name) = role
            && !self.knows_role(name)
        {
            return Err(Error::not_found(format!(
                "{object}: role '{name}' is neither a workspace role nor a custom role of the org; add it under the org's roles"
            )));
        }
        let existing =
            current.and_then(|c| c.participants.iter().find(|p| same_spec(&spec_of(p), spec)));
        let change = Change::SetParticipant {
            org,
            workspace: w.name.clone(),
            who: spec.clone(),
            role: role.clone(),
            base: existing.map(|p| p.held_role()),
        };
        match existing {
            Some(p) if p.held_role().same_as(role) => self.plan.push(
                Phase::Participants,
                Action::Unchanged,
                object,
                String::new(),
                None,
            ),
            Some(p) => self.plan.push(
                Phase::Participants,
                Action::Update,
                object,
                format!("role {} -> {role}", p.held_role()),
                Some(change),
            ),
            None => self.plan.push(
                Phase::Participants,
                Action::Create,
                object,
                role.to_string(),
                Some(change),
            ),
        }
        Ok(())
    }
}

/// How the file would name an existing participant.
pub fn spec_of(p: &crate::domain::Participant) -> ParticipantSpec {
    let email = p.email.clone().unwrap_or_default();
    match p.kind {
        ParticipantType::Team => ParticipantSpec::Team(p.team_name.clone().unwrap_or_default()),
        ParticipantType::Collaborator => ParticipantSpec::Collaborator(email),
        ParticipantType::Member => ParticipantSpec::Member(email),
    }
}

/// Two references to the same participant; member and collaborator entries both name a user.
fn same_spec(a: &ParticipantSpec, b: &ParticipantSpec) -> bool {
    use ParticipantSpec::*;
    match (a, b) {
        (Team(x), Team(y)) => x.eq_ignore_ascii_case(y),
        (Member(x) | Collaborator(x), Member(y) | Collaborator(y)) => x.eq_ignore_ascii_case(y),
        _ => false,
    }
}
