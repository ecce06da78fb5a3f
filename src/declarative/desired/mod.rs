//! The file, checked: every name, email and role is validated and parsed before anything is
//! read or written. Errors name the object (`org biolab, workspace rnaseq, participant 2`) and
//! the rule; all of them are reported at once. Workspace contents are checked in `settings`
//! (Studios, labels, credits), `compute` (credentials, compute envs), `launchpad` (pipelines,
//! actions) and `runs`.

mod compute;
mod launchpad;
mod roles;
mod runs;
mod settings;

pub use compute::{DesiredComputeEnv, DesiredCredentials};
pub use launchpad::{DesiredAction, DesiredPipeline};
pub use settings::DesiredStudios;

use super::format::{File, OrgEntry, ParticipantEntry, TeamEntry, UserEntry, WorkspaceEntry};
use crate::domain::changes::ParticipantSpec;
use crate::domain::names::{
    check_description, check_email, check_full_name, check_max, check_name, check_team_description,
    check_user_name, normalize_email,
};
use crate::domain::run_history::RunRecord;
use crate::domain::{
    Credits, CustomRoleFields, Error, LabelFields, NewUser, ParticipantRole, Result, Tier,
    Visibility, WspRole,
};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Desired {
    pub users: Vec<NewUser>,
    pub orgs: Vec<DesiredOrg>,
}

/// An org as the file wants it. `None` fields were left out: they keep their current value
/// (or the default when the org is created).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DesiredOrg {
    pub name: String,
    pub full_name: Option<String>,
    pub description: Option<String>,
    pub location: Option<String>,
    pub website: Option<String>,
    pub tier: Option<Tier>,
    /// Empty when the file leaves owners out: an existing org keeps its owners.
    pub owners: Vec<String>,
    /// The file lists owners (so `--prune` may remove owners it does not list).
    pub owners_listed: bool,
    pub members: Vec<String>,
    pub collaborators: Vec<String>,
    pub default_roles: BTreeMap<String, WspRole>,
    pub credits: Option<Credits>,
    /// Custom roles, permissions in the table's order.
    pub roles: Vec<CustomRoleFields>,
    pub teams: Vec<DesiredTeam>,
    pub workspaces: Vec<DesiredWorkspace>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DesiredTeam {
    pub name: String,
    pub description: Option<String>,
    pub members: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DesiredWorkspace {
    pub name: String,
    pub full_name: Option<String>,
    pub description: Option<String>,
    pub visibility: Option<Visibility>,
    pub participants: Vec<(ParticipantSpec, ParticipantRole)>,
    pub studios: Option<DesiredStudios>,
    /// Simple labels.
    pub labels: Vec<String>,
    pub resource_labels: Vec<LabelFields>,
    pub credits_allocation: Option<Credits>,
    pub credentials: Vec<DesiredCredentials>,
    pub compute_envs: Vec<DesiredComputeEnv>,
    pub pipelines: Vec<DesiredPipeline>,
    pub actions: Vec<DesiredAction>,
    pub runs: Vec<RunRecord>,
}

impl DesiredOrg {
    /// Everyone the file puts in the org, with the org role it gives them.
    pub fn people(&self) -> impl Iterator<Item = &String> {
        self.owners
            .iter()
            .chain(&self.members)
            .chain(&self.collaborators)
    }
}

/// Collects every problem in the file instead of stopping at the first.
#[derive(Default)]
pub(crate) struct Problems(Vec<String>);

impl Problems {
    pub(crate) fn check<T>(&mut self, at: &str, result: Result<T>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(format!("{at}: {}", e.message));
                None
            }
        }
    }

    pub(crate) fn add(&mut self, at: &str, message: impl Into<String>) {
        self.0.push(format!("{at}: {}", message.into()));
    }

    pub(crate) fn into_result<T>(self, value: T) -> Result<T> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            let n = self.0.len();
            let noun = if n == 1 { "problem" } else { "problems" };
            Err(Error::invalid(format!(
                "the file has {n} {noun}; nothing was changed:\n  - {}",
                self.0.join("\n  - ")
            )))
        }
    }
}

/// Validates the whole file.
pub fn check(file: &File) -> Result<Desired> {
    let mut problems = Problems::default();
    let users = check_users(&file.users, &mut problems);
    let mut seen = BTreeSet::new();
    let mut orgs = Vec::new();
    for (i, entry) in file.orgs.iter().enumerate() {
        let at = format!("org {}", label(&entry.name, i));
        if !seen.insert(entry.name.to_ascii_lowercase()) {
            problems.add(&at, "appears twice in the file");
        }
        orgs.push(check_org(entry, &at, &mut problems));
    }
    problems.into_result(Desired { users, orgs })
}

fn label(name: &str, index: usize) -> String {
    if name.is_empty() {
        format!("#{}", index + 1)
    } else {
        name.to_string()
    }
}

fn check_users(entries: &[UserEntry], problems: &mut Problems) -> Vec<NewUser> {
    let mut seen = BTreeSet::new();
    let mut users = Vec::new();
    for (i, u) in entries.iter().enumerate() {
        let email = normalize_email(&u.email);
        let at = format!("user {}", label(&email, i));
        problems.check(&at, check_email(&email));
        if !seen.insert(email.clone()) {
            problems.add(&at, "appears twice in the file");
        }
        if let Some(name) = &u.user_name {
            problems.check(&at, check_user_name(name));
        }
        for (field, value) in [("first name", &u.first_name), ("last name", &u.last_name)] {
            if let Some(v) = value {
                problems.check(&at, check_max(field, v, 100));
            }
        }
        users.push(NewUser {
            email,
            user_name: u.user_name.clone().unwrap_or_default(),
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
        });
    }
    users
}

fn check_org(e: &OrgEntry, at: &str, problems: &mut Problems) -> DesiredOrg {
    problems.check(at, check_name(&e.name));
    if let Some(full_name) = &e.full_name {
        problems.check(at, check_full_name(full_name));
    }
    if let Some(d) = &e.description {
        problems.check(at, check_description(d));
    }
    if let Some(l) = &e.location {
        problems.check(at, check_max("location", l, 100));
    }
    if let Some(w) = &e.website {
        problems.check(at, check_max("website", w, 255));
    }
    let tier = e
        .tier
        .as_ref()
        .and_then(|t| problems.check(at, t.parse::<Tier>()));
    if e.owners.as_ref().is_some_and(Vec::is_empty) {
        problems.add(
            at,
            "owners must name at least one owner (an org keeps at least one; leave owners out to keep the current ones)",
        );
    }
    let owners = emails(
        e.owners.as_deref().unwrap_or_default(),
        &format!("{at}, owners"),
        problems,
    );
    let members = emails(&e.members, &format!("{at}, members"), problems);
    let collaborators = emails(&e.collaborators, &format!("{at}, collaborators"), problems);
    let mut org = DesiredOrg {
        name: e.name.clone(),
        full_name: e.full_name.clone(),
        description: e.description.clone(),
        location: e.location.clone(),
        website: e.website.clone(),
        tier,
        owners,
        owners_listed: e.owners.is_some(),
        members,
        collaborators,
        ..Default::default()
    };
    check_people_once(&org, at, problems);
    org.default_roles = check_default_roles(e, &org, at, problems);
    org.credits = settings::check_credits(e.credits, "credits", at, problems);
    org.roles = roles::check_roles(&e.roles, at, problems);
    org.teams = check_teams(&e.teams, at, problems);
    org.workspaces = check_workspaces(&e.workspaces, &org, at, problems);
    org
}

fn emails(list: &[String], at: &str, problems: &mut Problems) -> Vec<String> {
    list.iter()
        .map(|e| {
            let email = normalize_email(e);
            problems.check(at, check_email(&email));
            email
        })
        .collect()
}

/// An email is an owner, a member or a collaborator, never two of them.
fn check_people_once(org: &DesiredOrg, at: &str, problems: &mut Problems) {
    let mut seen = BTreeSet::new();
    for email in org.people() {
        if !seen.insert(email) {
            problems.add(
                at,
                format!("{email} is listed more than once among owners, members and collaborators"),
            );
        }
    }
}

fn check_default_roles(
    e: &OrgEntry,
    org: &DesiredOrg,
    at: &str,
    problems: &mut Problems,
) -> BTreeMap<String, WspRole> {
    let mut roles = BTreeMap::new();
    for (email, role) in &e.default_roles {
        let email = normalize_email(email);
        let at = format!("{at}, default role of {email}");
        if org.owners.contains(&email) || org.collaborators.contains(&email) {
            problems.add(&at, "default roles apply to members only (owners are owners everywhere; collaborators join workspaces one by one)");
        }
        if let Some(role) = problems.check(&at, role.parse::<WspRole>()) {
            roles.insert(email, role);
        }
    }
    roles
}

fn check_teams(entries: &[TeamEntry], at: &str, problems: &mut Problems) -> Vec<DesiredTeam> {
    let mut seen = BTreeSet::new();
    let mut teams = Vec::new();
    for (i, t) in entries.iter().enumerate() {
        let at = format!("{at}, team {}", label(&t.name, i));
        problems.check(&at, check_name(&t.name));
        if !seen.insert(t.name.to_ascii_lowercase()) {
            problems.add(&at, "appears twice in the org");
        }
        if let Some(d) = &t.description {
            problems.check(&at, check_team_description(d));
        }
        let members = emails(&t.members, &format!("{at}, members"), problems);
        teams.push(DesiredTeam {
            name: t.name.clone(),
            description: t.description.clone(),
            members,
        });
    }
    teams
}

fn check_workspaces(
    entries: &[WorkspaceEntry],
    org: &DesiredOrg,
    at: &str,
    problems: &mut Problems,
) -> Vec<DesiredWorkspace> {
    let mut seen = BTreeSet::new();
    let mut workspaces = Vec::new();
    for (i, w) in entries.iter().enumerate() {
        let at = format!("{at}, workspace {}", label(&w.name, i));
        problems.check(&at, check_name(&w.name));
        if let Some(full_name) = &w.full_name {
            problems.check(&at, check_full_name(full_name));
        }
        if let Some(d) = &w.description {
            problems.check(&at, check_description(d));
        }
        if !seen.insert(w.name.to_ascii_lowercase()) {
            problems.add(&at, "appears twice in the org");
        }
        let visibility = w
            .visibility
            .as_ref()
            .and_then(|v| problems.check(&at, v.parse::<Visibility>()));
        let participants = check_participants(&w.participants, org, &at, problems);
        let mut ws = DesiredWorkspace {
            name: w.name.clone(),
            full_name: w.full_name.clone(),
            description: w.description.clone(),
            visibility,
            participants,
            ..Default::default()
        };
        check_contents(w, &mut ws, &at, problems);
        workspaces.push(ws);
    }
    workspaces
}

/// Settings, labels, credentials, compute envs, pipelines, actions and runs.
fn check_contents(
    w: &WorkspaceEntry,
    ws: &mut DesiredWorkspace,
    at: &str,
    problems: &mut Problems,
) {
    ws.studios = settings::check_studios(&w.studios, at, problems);
    ws.labels = settings::check_simple_labels(&w.labels, at, problems);
    ws.resource_labels = settings::check_resource_labels(&w.resource_labels, at, problems);
    ws.credits_allocation =
        settings::check_credits(w.credits_allocation, "credits_allocation", at, problems);
    ws.credentials = compute::check_credentials(&w.credentials, at, problems);
    ws.compute_envs = compute::check_compute_envs(&w.compute_envs, &ws.credentials, at, problems);
    ws.pipelines = launchpad::check_pipelines(&w.pipelines, at, problems);
    ws.actions = launchpad::check_actions(&w.actions, at, problems);
    ws.runs = runs::check_runs(&w.runs, at, problems);
}

fn check_participants(
    entries: &[ParticipantEntry],
    org: &DesiredOrg,
    at: &str,
    problems: &mut Problems,
) -> Vec<(ParticipantSpec, ParticipantRole)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, p) in entries.iter().enumerate() {
        let at = format!("{at}, participant {}", i + 1);
        let role = match &p.role {
            Some(r) => problems.check(&at, r.parse::<ParticipantRole>()),
            None => Some(ParticipantRole::BuiltIn(WspRole::DEFAULT)),
        };
        let spec = match (&p.member, &p.team, &p.collaborator) {
            (Some(m), None, None) => Some(ParticipantSpec::Member(normalize_email(m))),
            (None, Some(t), None) => Some(ParticipantSpec::Team(t.clone())),
            (None, None, Some(c)) => Some(ParticipantSpec::Collaborator(normalize_email(c))),
            _ => {
                problems.add(&at, "give exactly one of member, team or collaborator");
                None
            }
        };
        let Some(spec) = spec else { continue };
        match &spec {
            ParticipantSpec::Member(email) | ParticipantSpec::Collaborator(email) => {
                problems.check(&at, check_email(email));
            }
            ParticipantSpec::Team(name) => {
                problems.check(&at, check_name(name));
            }
        }
        if let ParticipantSpec::Collaborator(email) = &spec
            && (org.owners.contains(email) || org.members.contains(email))
        {
            problems.add(
                &at,
                format!(
                    "{email} is an owner or member of the org; list it as member = \"{email}\""
                ),
            );
        }
        if !seen.insert(spec.clone()) {
            problems.add(&at, format!("{spec} appears twice in the workspace"));
        }
        if let Some(role) = role {
            out.push((spec, role));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Desired> {
        check(&File::parse(text, "test.toml")?)
    }

    #[test]
    fn reports_every_problem_with_its_object() {
        let err = parse(
            r#"
            [[orgs]]
            name = "bio--lab"
            full_name = "Bio"
            owners = ["not-an-email"]
            default_roles = { "ben@x.org" = "superuser" }
            [[orgs.workspaces]]
            name = "ws"
            full_name = "WS"
            visibility = "PUBLIC"
            participants = [{ member = "a@x.org", team = "t" }]
            "#,
        )
        .unwrap_err();
        let msg = err.message;
        assert!(msg.contains("the file has 5 problems"), "{msg}");
        assert!(
            msg.contains("org bio--lab: name 'bio--lab' must be 2-39"),
            "{msg}"
        );
        assert!(
            msg.contains("org bio--lab, owners: 'not-an-email' is not a valid email"),
            "{msg}"
        );
        assert!(
            msg.contains("default role of ben@x.org: 'superuser' is not a workspace role"),
            "{msg}"
        );
        assert!(
            msg.contains("workspace ws: 'PUBLIC' is not a visibility"),
            "{msg}"
        );
        assert!(
            msg.contains("participant 1: give exactly one of member, team or collaborator"),
            "{msg}"
        );
    }

    #[test]
    fn unknown_keys_and_syntax_errors_name_the_place() {
        let err = parse("[[orgs]]\nname = \"a1\"\nfull_name = \"A\"\nowner = []\n").unwrap_err();
        assert!(
            err.message.contains("unknown field `owner`"),
            "{}",
            err.message
        );
        let err = parse("[[orgs]\n").unwrap_err();
        assert!(err.message.starts_with("test.toml:"), "{}", err.message);
        assert!(err.message.contains("line 1"), "{}", err.message);
    }

    #[test]
    fn defaults_and_normalisation() {
        let d = parse(
            r#"
            [[orgs]]
            name = "lab"
            full_name = "Lab"
            owners = ["Ana@X.org"]
            [[orgs.workspaces]]
            name = "ws"
            full_name = "WS"
            participants = [{ collaborator = "eve@y.org" }]
            "#,
        )
        .unwrap();
        let org = &d.orgs[0];
        assert_eq!(org.owners, vec!["ana@x.org"]);
        assert_eq!(org.tier, None);
        assert_eq!(
            org.workspaces[0].participants,
            vec![(
                ParticipantSpec::Collaborator("eve@y.org".into()),
                WspRole::Launch.into()
            )]
        );
    }

    const WS: &str = "[[orgs]]\nname = \"lab\"\nfull_name = \"Lab\"\nowners = [\"a@x.org\"]\n[[orgs.workspaces]]\nname = \"ws\"\nfull_name = \"WS\"\n";

    #[test]
    fn runs_take_defaults_and_the_stored_time_format() {
        let d = parse(&format!(
            "{WS}runs = [\n  {{ pipeline = \"p\", run_name = \"a\", status = \"SUCCEEDED\", submit = \"2026-10-01T10:00:00+02:00\", duration_s = 1.5 }},\n  {{ pipeline = \"p\", run_name = \"b\", status = \"FAILED\", submit = \"2026-10-01T08:00:00Z\", duration_s = 2 }},\n]\n"
        ))
        .unwrap();
        let runs = &d.orgs[0].workspaces[0].runs;
        assert_eq!(runs[0].submit, "2026-10-01T08:00:00.000Z");
        assert_eq!(
            runs[0].start.as_deref(),
            Some("2026-10-01T08:00:00.000Z"),
            "it began"
        );
        assert_eq!(runs[0].duration_ms, Some(1500));
        assert_eq!(runs[1].start, None, "a failed run may never have started");
        let err = parse(&format!(
            "{WS}runs = [\n  {{ pipeline = \"p\", run_name = \"a\", status = \"SUCCEEDED\", submit = \"2026-10-01T08:00:00Z\", duration_s = 1 }},\n  {{ pipeline = \"p\", run_name = \"a\", status = \"FAILED\", submit = \"2026-10-01T08:00:00.000Z\", duration_s = 1 }},\n]\n"
        ))
        .unwrap_err();
        assert!(
            err.message
                .contains("run 2 (a): appears twice in the workspace (same run_name and submit)"),
            "{err}"
        );
    }

    #[test]
    fn studios_keys_left_out_keep_their_value() {
        let d = parse(&format!("{WS}studios = {{ private_by_default = true }}\n")).unwrap();
        let studios = d.orgs[0].workspaces[0].studios.unwrap();
        let current = crate::domain::StudiosSettings {
            lifespan_hours: 48,
            private_by_default: false,
        };
        let applied = studios.applied_to(current);
        assert_eq!(
            (applied.lifespan_hours, applied.private_by_default),
            (48, true)
        );
    }

    #[test]
    fn every_object_appears_once_per_workspace() {
        let err = parse(&format!(
            "{WS}labels = [\"rna\", \"RNA\"]\n[[orgs.workspaces.pipelines]]\nname = \"pp\"\nrepository = \"https://x.org/p\"\n[[orgs.workspaces.pipelines]]\nname = \"PP\"\nrepository = \"https://x.org/p\"\n"
        ))
        .unwrap_err();
        assert!(err.message.contains("the file has 2 problems"), "{err}");
        assert!(err.message.contains("label RNA: appears twice"), "{err}");
        assert!(err.message.contains("pipeline PP: appears twice"), "{err}");
    }
}
