//! The org's people and teams: owners, members and collaborators with their roles (promotions
//! to owner first, demotions late, so the org always keeps an owner), teams and their members,
//! default workspace roles, and what `--prune` removes at the org level.

use super::{Action, OrgPlanner, Phase, diff};
use crate::declarative::desired::DesiredTeam;
use crate::declarative::state::TeamState;
use crate::domain::changes::{Change, ParticipantSpec};
use crate::domain::{Error, OrgRole, Result, TeamFields};

impl OrgPlanner<'_> {
    fn current_role(&self, email: &str) -> Option<OrgRole> {
        self.c.and_then(|c| c.person(email)).map(|m| m.role)
    }

    pub(super) fn plan_people(&mut self, creator: Option<&str>) {
        let d = self.d;
        let groups = [
            (&d.owners, OrgRole::Owner),
            (&d.members, OrgRole::Member),
            (&d.collaborators, OrgRole::Collaborator),
        ];
        for (emails, role) in groups {
            for email in emails {
                if creator == Some(email.as_str()) {
                    continue;
                }
                self.plan_person(email, role);
            }
        }
    }

    fn plan_person(&mut self, email: &str, role: OrgRole) {
        let object = format!("org {} {role} {email}", self.org());
        let change = Change::SetMember {
            org: self.org().to_string(),
            email: email.to_string(),
            role,
            base: self.current_role(email),
        };
        match self.current_role(email) {
            Some(current) if current == role => self.plan.push(
                Phase::Members,
                Action::Unchanged,
                object,
                String::new(),
                None,
            ),
            Some(current) => {
                // Promotions to owner run first, so that demoting an old owner never leaves
                // the org without one.
                let phase = if role == OrgRole::Owner {
                    Phase::Owners
                } else {
                    Phase::Demotions
                };
                self.plan.push(
                    phase,
                    Action::Update,
                    object,
                    format!("role {current} -> {role}"),
                    Some(change),
                );
            }
            None => {
                let phase = if role == OrgRole::Owner {
                    Phase::Owners
                } else {
                    Phase::Members
                };
                self.plan
                    .push(phase, Action::Create, object, String::new(), Some(change));
            }
        }
    }

    /// True when the email is (or will be) an owner, member or collaborator of the org.
    pub(super) fn knows_person(&self, email: &str) -> bool {
        self.d.people().any(|p| p == email) || self.current_role(email).is_some()
    }

    /// True when the email is (or will be) an owner or member (not a collaborator).
    pub(super) fn knows_member(&self, email: &str) -> bool {
        let in_file = self
            .d
            .owners
            .iter()
            .chain(&self.d.members)
            .any(|p| p == email);
        let listed_elsewhere = self.d.collaborators.iter().any(|p| p == email);
        in_file || (!listed_elsewhere && self.current_role(email).is_some_and(OrgRole::is_member))
    }

    pub(super) fn team_state(&self, name: &str) -> Option<&TeamState> {
        self.c.and_then(|c| c.team(name))
    }

    pub(super) fn plan_team(&mut self, t: &DesiredTeam) -> Result<()> {
        let current = self.team_state(&t.name).cloned();
        match &current {
            None => self.plan_new_team(t),
            Some(c) => self.plan_team_fields(t, c),
        }
        self.plan_team_members(t, current.as_ref())?;
        if self.prune
            && let Some(c) = &current
        {
            self.prune_team_members(t, c);
        }
        Ok(())
    }

    fn team_object(&self, name: &str) -> String {
        format!("team {}/{name}", self.org())
    }

    fn plan_new_team(&mut self, t: &DesiredTeam) {
        let fields = TeamFields {
            name: t.name.clone(),
            description: t.description.clone().unwrap_or_default(),
        };
        let change = Change::CreateTeam {
            org: self.org().to_string(),
            fields,
        };
        let object = self.team_object(&t.name);
        self.plan.push(
            Phase::Teams,
            Action::Create,
            object,
            String::new(),
            Some(change),
        );
    }

    /// An existing team: a description the file leaves out stays as it is.
    fn plan_team_fields(&mut self, t: &DesiredTeam, c: &TeamState) {
        let object = self.team_object(&t.name);
        let wanted = t.description.clone().unwrap_or(c.team.description.clone());
        let mut changes = Vec::new();
        diff("description", &c.team.description, &wanted, &mut changes);
        if changes.is_empty() {
            self.plan
                .push(Phase::Teams, Action::Unchanged, object, String::new(), None);
            return;
        }
        let fields = TeamFields {
            name: c.team.name.clone(),
            description: wanted,
        };
        let change = Change::UpdateTeam {
            org: self.org().to_string(),
            team: c.team.name.clone(),
            fields,
            base: Some(Box::new(TeamFields::from(&c.team))),
        };
        self.plan.push(
            Phase::Teams,
            Action::Update,
            object,
            changes.join(", "),
            Some(change),
        );
    }

    /// The file's members of the team: each must be in the org.
    fn plan_team_members(&mut self, t: &DesiredTeam, current: Option<&TeamState>) -> Result<()> {
        let org = self.org().to_string();
        let team_object = self.team_object(&t.name);
        for email in &t.members {
            if !self.knows_person(email) {
                return Err(Error::not_found(format!(
                    "{team_object}: {email} is not in the org; list it under the org's owners, members or collaborators"
                )));
            }
            let object = format!("{team_object} member {email}");
            let present = current.is_some_and(|c| {
                c.members
                    .iter()
                    .any(|m| m.email.eq_ignore_ascii_case(email))
            });
            if present {
                self.plan.push(
                    Phase::TeamMembers,
                    Action::Unchanged,
                    object,
                    String::new(),
                    None,
                );
            } else {
                let change = Change::AddTeamMember {
                    org: org.clone(),
                    team: t.name.clone(),
                    email: email.clone(),
                };
                self.plan.push(
                    Phase::TeamMembers,
                    Action::Create,
                    object,
                    String::new(),
                    Some(change),
                );
            }
        }
        Ok(())
    }

    /// With `--prune`: the team's members the file does not list.
    fn prune_team_members(&mut self, t: &DesiredTeam, c: &TeamState) {
        let org = self.org().to_string();
        for m in c
            .members
            .iter()
            .filter(|m| !t.members.iter().any(|e| e.eq_ignore_ascii_case(&m.email)))
        {
            let change = Change::RemoveTeamMember {
                org: org.clone(),
                team: c.team.name.clone(),
                email: m.email.clone(),
            };
            self.plan.push(
                Phase::Removals,
                Action::Remove,
                format!("team {org}/{} member {}", c.team.name, m.email),
                String::new(),
                Some(change),
            );
        }
    }

    pub(super) fn plan_default_roles(&mut self) {
        let org = self.org().to_string();
        for (email, role) in &self.d.default_roles {
            let object = format!("org {org} default role of {email}");
            let current = self
                .c
                .and_then(|c| c.person(email))
                .and_then(|m| m.default_role);
            let change = Change::SetDefaultRole {
                org: org.clone(),
                email: email.clone(),
                role: Some(*role),
                base: current,
            };
            match current {
                Some(r) if r == *role => self.plan.push(
                    Phase::DefaultRoles,
                    Action::Unchanged,
                    object,
                    String::new(),
                    None,
                ),
                Some(r) => self.plan.push(
                    Phase::DefaultRoles,
                    Action::Update,
                    object,
                    format!("{r} -> {role}"),
                    Some(change),
                ),
                None => self.plan.push(
                    Phase::DefaultRoles,
                    Action::Create,
                    object,
                    role.to_string(),
                    Some(change),
                ),
            }
        }
    }

    /// With `--prune`: removes what the org has and the file does not list.
    pub(super) fn prune_org(&mut self) {
        let Some(c) = self.c else { return };
        let org = self.org().to_string();
        for t in c.teams.iter().filter(|t| {
            !self
                .d
                .teams
                .iter()
                .any(|d| d.name.eq_ignore_ascii_case(&t.team.name))
        }) {
            let change = Change::DeleteTeam {
                org: org.clone(),
                team: t.team.name.clone(),
            };
            self.plan.push(
                Phase::Removals,
                Action::Remove,
                format!("team {org}/{}", t.team.name),
                String::new(),
                Some(change),
            );
        }
        for w in c.workspaces.iter().filter(|w| {
            !self
                .d
                .workspaces
                .iter()
                .any(|d| d.name.eq_ignore_ascii_case(&w.workspace.name))
        }) {
            let change = Change::DeleteWorkspace {
                org: org.clone(),
                workspace: w.workspace.name.clone(),
            };
            let detail = "and everything in it".to_string();
            self.plan.push(
                Phase::Removals,
                Action::Remove,
                format!("workspace {org}/{}", w.workspace.name),
                detail,
                Some(change),
            );
        }
        for m in c.members.iter().chain(&c.collaborators) {
            if m.default_role.is_some()
                && m.role == OrgRole::Member
                && !self.d.default_roles.contains_key(&m.email)
            {
                let change = Change::SetDefaultRole {
                    org: org.clone(),
                    email: m.email.clone(),
                    role: None,
                    base: m.default_role,
                };
                self.plan.push(
                    Phase::DefaultRoles,
                    Action::Remove,
                    format!("org {org} default role of {}", m.email),
                    String::new(),
                    Some(change),
                );
            }
            // Owners left out of the file keep their place, even with --prune.
            let kept_owner = !self.d.owners_listed && m.role == OrgRole::Owner;
            let listed = kept_owner
                || self.d.people().any(|p| p.eq_ignore_ascii_case(&m.email))
                || self.d.workspaces.iter().any(|w| {
                    w.participants.iter().any(|(s, _)| matches!(s, ParticipantSpec::Collaborator(e) if e.eq_ignore_ascii_case(&m.email)))
                });
            if !listed {
                let change = Change::RemoveMember {
                    org: org.clone(),
                    email: m.email.clone(),
                };
                let detail = "from the org, its teams and its workspaces".to_string();
                self.plan.push(
                    Phase::Removals,
                    Action::Remove,
                    format!("org {org} {} {}", m.role, m.email),
                    detail,
                    Some(change),
                );
            }
        }
    }
}
