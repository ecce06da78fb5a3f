//! The plan: what `apply` will create, update, leave unchanged or (with `--prune`) remove, per
//! object, and the changes that do it, in an order that always works (users before orgs,
//! owners before demotions, members before participants, removals last). A workspace's
//! contents are planned in `settings` (credits, Studios, labels), `compute` (credentials,
//! compute envs), `launchpad` (pipelines, actions) and `runs`; `refs` checks what they refer to.

mod compute;
mod contents;
mod launchpad;
mod refs;
mod runs;
mod settings;

use super::desired::{Desired, DesiredOrg, DesiredTeam, DesiredWorkspace, Problems};
use super::secrets::{ProcessEnv, SecretSource};
use super::state::{OrgState, State, TeamState, WorkspaceState};
use crate::domain::changes::{Change, ParticipantSpec, WorkspaceChange};
use crate::domain::{
    Error, OrgFields, OrgRole, ParticipantType, Result, TeamFields, Tier, WorkspaceFields, WspRole,
};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    Create,
    Update,
    Unchanged,
    Remove,
}

impl Action {
    fn symbol(self) -> &'static str {
        match self {
            Action::Create => "+ create   ",
            Action::Update => "~ update   ",
            Action::Unchanged => "= unchanged",
            Action::Remove => "- remove   ",
        }
    }
}

/// When a change runs; lower phases first. References resolve because what is referred to
/// comes first: labels and credentials before compute envs, compute envs (and the primary)
/// before pipelines, pipelines before actions and runs, the org's credits before workspace
/// allocations (and allocations before imported runs spend credits). Removals run last, users
/// of an object before the object (actions, pipelines, compute envs, credentials, labels).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    Users,
    Orgs,
    OrgCredits,
    Owners,
    Members,
    Teams,
    TeamMembers,
    Workspaces,
    Participants,
    DefaultRoles,
    Studios,
    Allocations,
    Labels,
    Credentials,
    ComputeEnvs,
    EnvStatus,
    Primary,
    Pipelines,
    Actions,
    Runs,
    Demotions,
    RemoveActions,
    RemovePipelines,
    RemoveComputeEnvs,
    RemoveCredentials,
    RemoveLabels,
    Removals,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlanItem {
    pub action: Action,
    pub object: String,
    pub detail: String,
    pub change: Option<Change>,
    phase: Phase,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub items: Vec<PlanItem>,
}

impl Plan {
    /// The changes to run, in order. Runs imported into the same workspace one after the
    /// other become one change, so the engine resolves the workspace once for all of them.
    pub fn changes(&self) -> Vec<Change> {
        let mut items: Vec<&PlanItem> = self.items.iter().filter(|i| i.change.is_some()).collect();
        items.sort_by_key(|i| i.phase);
        let mut changes: Vec<Change> = Vec::with_capacity(items.len());
        for change in items.into_iter().filter_map(|i| i.change.clone()) {
            if let Some(last) = changes.last_mut()
                && let Some(runs) = more_runs(last, &change)
            {
                runs.extend(imported(change));
                continue;
            }
            changes.push(change);
        }
        changes
    }

    pub fn count(&self, action: Action) -> usize {
        self.items.iter().filter(|i| i.action == action).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.iter().all(|i| i.change.is_none())
    }

    pub fn summary(&self) -> String {
        format!(
            "{} to create, {} to update, {} to remove, {} unchanged",
            self.count(Action::Create),
            self.count(Action::Update),
            self.count(Action::Remove),
            self.count(Action::Unchanged)
        )
    }

    fn push(
        &mut self,
        phase: Phase,
        action: Action,
        object: String,
        detail: String,
        change: Option<Change>,
    ) {
        self.items.push(PlanItem {
            action,
            object,
            detail,
            change,
            phase,
        });
    }
}

/// The runs list of `last` when `next` imports runs into the same workspace.
fn more_runs<'c>(
    last: &'c mut Change,
    next: &Change,
) -> Option<&'c mut Vec<crate::domain::run_history::RunRecord>> {
    let (
        Change::Workspace {
            org,
            workspace,
            change: WorkspaceChange::ImportRuns(runs),
        },
        Change::Workspace {
            org: next_org,
            workspace: next_ws,
            change: WorkspaceChange::ImportRuns(_),
        },
    ) = (last, next)
    else {
        return None;
    };
    (org == next_org && workspace == next_ws).then_some(runs)
}

fn imported(change: Change) -> Vec<crate::domain::run_history::RunRecord> {
    match change {
        Change::Workspace {
            change: WorkspaceChange::ImportRuns(runs),
            ..
        } => runs,
        _ => Vec::new(),
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for item in &self.items {
            write!(f, "  {} {}", item.action.symbol(), item.object)?;
            if !item.detail.is_empty() {
                write!(f, ": {}", item.detail)?;
            }
            writeln!(f)?;
        }
        writeln!(f, "Plan: {}.", self.summary())
    }
}

/// Builds the plan with secrets from the process environment.
pub fn build(desired: &Desired, state: &State, actor_email: &str, prune: bool) -> Result<Plan> {
    build_with(desired, state, actor_email, prune, &ProcessEnv)
}

/// Builds the plan; fails (naming the object) when the file refers to something that neither
/// the file nor the current state has, or when a secret it must write has no value in
/// `secrets`. Every such problem is listed.
pub fn build_with(
    desired: &Desired,
    state: &State,
    actor_email: &str,
    prune: bool,
    secrets: &dyn SecretSource,
) -> Result<Plan> {
    let mut plan = Plan::default();
    let mut problems = Problems::default();
    plan_users(desired, state, &mut plan)?;
    for org in &desired.orgs {
        OrgPlanner {
            d: org,
            c: state.org(&org.name),
            prune,
            plan: &mut plan,
            secrets,
            problems: &mut problems,
        }
        .run(actor_email)?;
    }
    problems.into_result(plan)
}

fn plan_users(desired: &Desired, state: &State, plan: &mut Plan) -> Result<()> {
    if desired.users.is_empty() {
        return Ok(());
    }
    if state.users.is_none() {
        return Err(Error::forbidden(
            "the file has [[users]], which only the operator may create (embedded mode, without --as)",
        ));
    }
    for user in &desired.users {
        let object = format!("user {}", user.email);
        match state.user(&user.email) {
            Some(_) => plan.push(Phase::Users, Action::Unchanged, object, String::new(), None),
            None => plan.push(
                Phase::Users,
                Action::Create,
                object,
                String::new(),
                Some(Change::CreateUser(user.clone())),
            ),
        }
    }
    Ok(())
}

/// Shows a value change: `visibility PRIVATE -> SHARED`.
fn diff(field: &str, old: &str, new: &str, out: &mut Vec<String>) {
    if old != new {
        out.push(format!("{field} '{old}' -> '{new}'"));
    }
}

struct OrgPlanner<'a> {
    d: &'a DesiredOrg,
    c: Option<&'a OrgState>,
    prune: bool,
    plan: &'a mut Plan,
    secrets: &'a dyn SecretSource,
    /// Problems found while planning (unknown references, missing secrets), all reported.
    problems: &'a mut Problems,
}

impl<'a> OrgPlanner<'a> {
    fn org(&self) -> &str {
        &self.d.name
    }

    fn run(mut self, actor_email: &str) -> Result<()> {
        let creator = self.plan_org(actor_email);
        self.plan_org_credits();
        self.plan_people(creator.as_deref());
        for team in &self.d.teams {
            self.plan_team(team)?;
        }
        let d = self.d;
        for ws in &d.workspaces {
            self.plan_workspace(ws)?;
        }
        self.plan_default_roles();
        if self.prune {
            self.prune_org();
        }
        Ok(())
    }

    /// Creates or updates the org; returns the creator (its first owner) for a new org.
    fn plan_org(&mut self, actor_email: &str) -> Option<String> {
        let d = self.d;
        let object = format!("org {}", d.name);
        let Some(c) = self.c else {
            let creator = if d.owners.iter().any(|o| o.eq_ignore_ascii_case(actor_email)) {
                actor_email.to_ascii_lowercase()
            } else {
                d.owners.first().cloned().unwrap_or_default()
            };
            let fields = OrgFields {
                name: d.name.clone(),
                full_name: d.full_name.clone(),
                description: d.description.clone().unwrap_or_default(),
                location: d.location.clone().unwrap_or_default(),
                website: d.website.clone().unwrap_or_default(),
                tier: d.tier.unwrap_or(Tier::Basic),
            };
            let detail = format!("{} tier, first owner {creator}", fields.tier);
            self.plan.push(
                Phase::Orgs,
                Action::Create,
                object,
                detail,
                Some(Change::CreateOrg {
                    fields,
                    owner: creator.clone(),
                }),
            );
            return Some(creator);
        };
        let current = OrgFields::from(&c.org);
        let wanted = OrgFields {
            name: c.org.name.clone(),
            full_name: d.full_name.clone(),
            description: d.description.clone().unwrap_or(current.description.clone()),
            location: d.location.clone().unwrap_or(current.location.clone()),
            website: d.website.clone().unwrap_or(current.website.clone()),
            tier: d.tier.unwrap_or(current.tier),
        };
        let mut changes = Vec::new();
        diff(
            "full_name",
            &current.full_name,
            &wanted.full_name,
            &mut changes,
        );
        diff(
            "description",
            &current.description,
            &wanted.description,
            &mut changes,
        );
        diff(
            "location",
            &current.location,
            &wanted.location,
            &mut changes,
        );
        diff("website", &current.website, &wanted.website, &mut changes);
        diff(
            "tier",
            current.tier.as_str(),
            wanted.tier.as_str(),
            &mut changes,
        );
        if changes.is_empty() {
            self.plan
                .push(Phase::Orgs, Action::Unchanged, object, String::new(), None);
        } else {
            let change = Change::UpdateOrg {
                org: c.org.name.clone(),
                fields: wanted,
            };
            self.plan.push(
                Phase::Orgs,
                Action::Update,
                object,
                changes.join(", "),
                Some(change),
            );
        }
        None
    }

    fn current_role(&self, email: &str) -> Option<OrgRole> {
        self.c.and_then(|c| c.person(email)).map(|m| m.role)
    }

    fn plan_people(&mut self, creator: Option<&str>) {
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
    fn knows_person(&self, email: &str) -> bool {
        self.d.people().any(|p| p == email) || self.current_role(email).is_some()
    }

    /// True when the email is (or will be) an owner or member (not a collaborator).
    fn knows_member(&self, email: &str) -> bool {
        let in_file = self
            .d
            .owners
            .iter()
            .chain(&self.d.members)
            .any(|p| p == email);
        let listed_elsewhere = self.d.collaborators.iter().any(|p| p == email);
        in_file || (!listed_elsewhere && self.current_role(email).is_some_and(OrgRole::is_member))
    }

    fn team_state(&self, name: &str) -> Option<&TeamState> {
        self.c.and_then(|c| c.team(name))
    }

    fn plan_team(&mut self, t: &DesiredTeam) -> Result<()> {
        let org = self.org().to_string();
        let object = format!("team {org}/{}", t.name);
        let current = self.team_state(&t.name).cloned();
        match &current {
            None => {
                let fields = TeamFields {
                    name: t.name.clone(),
                    description: t.description.clone().unwrap_or_default(),
                };
                self.plan.push(
                    Phase::Teams,
                    Action::Create,
                    object.clone(),
                    String::new(),
                    Some(Change::CreateTeam {
                        org: org.clone(),
                        fields,
                    }),
                );
            }
            Some(c) => {
                let wanted = t.description.clone().unwrap_or(c.team.description.clone());
                let mut changes = Vec::new();
                diff("description", &c.team.description, &wanted, &mut changes);
                if changes.is_empty() {
                    self.plan.push(
                        Phase::Teams,
                        Action::Unchanged,
                        object.clone(),
                        String::new(),
                        None,
                    );
                } else {
                    let fields = TeamFields {
                        name: c.team.name.clone(),
                        description: wanted,
                    };
                    let change = Change::UpdateTeam {
                        org: org.clone(),
                        team: c.team.name.clone(),
                        fields,
                    };
                    self.plan.push(
                        Phase::Teams,
                        Action::Update,
                        object.clone(),
                        changes.join(", "),
                        Some(change),
                    );
                }
            }
        }
        for email in &t.members {
            if !self.knows_person(email) {
                return Err(Error::not_found(format!(
                    "{object}: {email} is not in the org; list it under the org's owners, members or collaborators"
                )));
            }
            let object = format!("team {org}/{} member {email}", t.name);
            let present = current.as_ref().is_some_and(|c| {
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
        if self.prune
            && let Some(c) = &current
        {
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
        Ok(())
    }

    fn workspace_state(&self, name: &str) -> Option<&'a WorkspaceState> {
        self.c.and_then(|c| c.workspace(name))
    }

    fn plan_workspace(&mut self, w: &'a DesiredWorkspace) -> Result<()> {
        let org = self.org().to_string();
        let object = format!("workspace {org}/{}", w.name);
        let current = self.workspace_state(&w.name);
        match current {
            None => {
                let fields = WorkspaceFields {
                    name: w.name.clone(),
                    full_name: w.full_name.clone(),
                    description: w.description.clone().unwrap_or_default(),
                    visibility: w.visibility.unwrap_or_default(),
                };
                let detail = fields.visibility.to_string();
                self.plan.push(
                    Phase::Workspaces,
                    Action::Create,
                    object.clone(),
                    detail,
                    Some(Change::CreateWorkspace {
                        org: org.clone(),
                        fields,
                    }),
                );
            }
            Some(c) => {
                let cur = WorkspaceFields::from(&c.workspace);
                let wanted = WorkspaceFields {
                    name: cur.name.clone(),
                    full_name: w.full_name.clone(),
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
                        object.clone(),
                        String::new(),
                        None,
                    );
                } else {
                    let change = Change::UpdateWorkspace {
                        org: org.clone(),
                        workspace: cur.name.clone(),
                        fields: wanted,
                    };
                    self.plan.push(
                        Phase::Workspaces,
                        Action::Update,
                        object.clone(),
                        changes.join(", "),
                        Some(change),
                    );
                }
            }
        }
        for (spec, role) in &w.participants {
            self.plan_participant(w, current, spec, *role)?;
        }
        self.plan_contents(w, current);
        if self.prune
            && let Some(c) = current
        {
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
        Ok(())
    }

    fn plan_participant(
        &mut self,
        w: &DesiredWorkspace,
        current: Option<&WorkspaceState>,
        spec: &ParticipantSpec,
        role: WspRole,
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
        let existing =
            current.and_then(|c| c.participants.iter().find(|p| same_spec(&spec_of(p), spec)));
        let change = Change::SetParticipant {
            org,
            workspace: w.name.clone(),
            who: spec.clone(),
            role,
        };
        match existing {
            Some(p) if p.role == role => self.plan.push(
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
                format!("role {} -> {role}", p.role),
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

    fn plan_default_roles(&mut self) {
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
    fn prune_org(&mut self) {
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
                };
                self.plan.push(
                    Phase::DefaultRoles,
                    Action::Remove,
                    format!("org {org} default role of {}", m.email),
                    String::new(),
                    Some(change),
                );
            }
            let listed = self.d.people().any(|p| p.eq_ignore_ascii_case(&m.email))
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
