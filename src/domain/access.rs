//! Who has access to a workspace, and why: every person's grants (their own participant role,
//! the roles of the participating teams they belong to, their org default role, org
//! ownership) combined by the one rule of `EffectiveRole` (the highest grant wins; an org
//! owner is owner). Built from lists every backend offers, so the Participants tab's access
//! view shows the same on the embedded engine and on a server.

use super::{
    CustomGrant, EffectiveRole, Member, OrgRole, Participant, ParticipantRole, ParticipantType,
    RoleGrant, RoleSource, TeamId, WspRole,
};
use std::collections::BTreeMap;

/// One person with access: their effective role, with every grant behind it (the winning one
/// first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Access {
    pub email: String,
    /// "Chen Wei", else the user name; empty when nothing says.
    pub name: String,
    pub effective: EffectiveRole,
}

/// A participating team: the role it gives and who is in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamAccess {
    pub id: TeamId,
    pub name: String,
    pub role: ParticipantRole,
    /// The members' emails, sorted.
    pub members: Vec<String>,
}

/// Everyone with access to one workspace, and its participating teams.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkspaceAccess {
    /// Highest effective role first, then by email.
    pub people: Vec<Access>,
    pub teams: Vec<TeamAccess>,
    /// What could not be read (a team's members, the org's members), so the list may miss
    /// someone: said, not counted as nobody.
    pub unknown: Vec<String>,
}

impl WorkspaceAccess {
    pub fn person(&self, email: &str) -> Option<&Access> {
        self.people.iter().find(|p| p.email == email)
    }
}

/// Where a grant comes from, as the access view says it ("through team analysts").
pub fn reason(source: &RoleSource) -> String {
    match source {
        RoleSource::Participant => "own participant role".to_string(),
        RoleSource::Team { team_name, .. } => format!("through team {team_name}"),
        RoleSource::OrgDefault => "org default role".to_string(),
        RoleSource::OrgOwner => "org owner".to_string(),
        RoleSource::Operator => "operator".to_string(),
        RoleSource::PersonalWorkspace => "personal workspace".to_string(),
    }
}

/// Every grant, the winning one first: why a person holds their role ("admin (own
/// participant role) wins over maintain (through team analysts)").
pub fn explain(effective: &EffectiveRole) -> String {
    let grants: Vec<String> = effective
        .grants
        .iter()
        .map(|g| format!("{} ({})", g.role_name(), reason(&g.source)))
        .collect();
    match grants.as_slice() {
        [] => "no role".to_string(),
        [only] => only.clone(),
        [first, rest @ ..] => format!("{first} wins over {}", rest.join(", ")),
    }
}

/// The grant a participant's role gives through `source`. A custom role is named; its
/// permissions are not in the participant list, so the view shows it, not what it allows.
fn participant_grant(p: &Participant, source: RoleSource) -> RoleGrant {
    RoleGrant {
        custom: p.custom_role.clone().map(|name| CustomGrant {
            name,
            permissions: Vec::new(),
        }),
        ..RoleGrant::new(p.role, source)
    }
}

fn full_name(first: Option<&String>, last: Option<&String>, user: Option<&String>) -> String {
    match (first, last, user) {
        (Some(f), Some(l), _) => format!("{f} {l}"),
        (Some(f), None, _) => f.clone(),
        (None, _, Some(u)) => u.clone(),
        _ => String::new(),
    }
}

/// Grants collected per person (by email, in a stable order), with the first name seen.
#[derive(Default)]
struct Grants(BTreeMap<String, (String, Vec<RoleGrant>)>);

impl Grants {
    fn add(&mut self, email: &str, name: String, role: WspRole, source: RoleSource) {
        self.add_grant(email, name, RoleGrant::new(role, source));
    }

    fn add_grant(&mut self, email: &str, name: String, grant: RoleGrant) {
        let entry = self.0.entry(email.to_string()).or_default();
        if entry.0.is_empty() {
            entry.0 = name;
        }
        entry.1.push(grant);
    }

    /// The team participant's grant to each of its members; the team as the view lists it.
    fn team(&mut self, p: &Participant, team_id: TeamId, members: &[Member]) -> TeamAccess {
        let team_name = p.display_name();
        for m in members {
            let name = full_name(m.first_name.as_ref(), m.last_name.as_ref(), None);
            let source = RoleSource::Team {
                team_id,
                team_name: team_name.clone(),
            };
            self.add_grant(&m.email, name, participant_grant(p, source));
        }
        let mut emails: Vec<String> = members.iter().map(|m| m.email.clone()).collect();
        emails.sort();
        TeamAccess {
            id: team_id,
            name: team_name,
            role: p.held_role(),
            members: emails,
        }
    }

    /// Org owners own every workspace; members hold their default role in each.
    fn org_member(&mut self, m: &Member) {
        let name = full_name(
            m.first_name.as_ref(),
            m.last_name.as_ref(),
            Some(&m.user_name),
        );
        if m.role == OrgRole::Owner {
            self.add(&m.email, name.clone(), WspRole::Owner, RoleSource::OrgOwner);
        }
        // A collaborator holds no default role (only where they are added).
        if let (Some(role), false) = (m.default_role, m.role == OrgRole::Collaborator) {
            self.add(&m.email, name, role, RoleSource::OrgDefault);
        }
    }

    /// Each person's effective role: highest first, then by email.
    fn people(self) -> Vec<Access> {
        let mut people: Vec<Access> = self
            .0
            .into_iter()
            .map(|(email, (name, grants))| Access {
                email,
                name,
                effective: EffectiveRole::from_grants(grants),
            })
            .collect();
        people.sort_by(|a, b| {
            b.effective
                .role()
                .cmp(&a.effective.role())
                .then_with(|| a.email.cmp(&b.email))
        });
        people
    }
}

/// Combines the workspace's participants, the members of each participating team
/// (`team_members`) and the org's members (owners and default roles) into who holds which
/// role and why.
pub fn workspace_access(
    participants: &[Participant],
    team_members: &[(TeamId, Vec<Member>)],
    org_members: &[Member],
    unknown: Vec<String>,
) -> WorkspaceAccess {
    let mut grants = Grants::default();
    let mut teams = Vec::new();
    for p in participants {
        match (p.kind, p.team_id, &p.email) {
            (ParticipantType::Team, Some(team_id), _) => {
                let members = team_members
                    .iter()
                    .find(|(t, _)| *t == team_id)
                    .map(|(_, m)| m.as_slice())
                    .unwrap_or_default();
                teams.push(grants.team(p, team_id, members));
            }
            (ParticipantType::Team, None, _) | (_, _, None) => {}
            (_, _, Some(email)) => {
                let (f, l, u) = (&p.first_name, &p.last_name, &p.user_name);
                let name = full_name(f.as_ref(), l.as_ref(), u.as_ref());
                grants.add_grant(email, name, participant_grant(p, RoleSource::Participant));
            }
        }
    }
    for m in org_members {
        grants.org_member(m);
    }
    teams.sort_by(|a, b| a.name.cmp(&b.name));
    WorkspaceAccess {
        people: grants.people(),
        teams,
        unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(email: &str, role: OrgRole, default_role: Option<WspRole>) -> Member {
        Member {
            member_id: 0,
            user_id: 0,
            user_name: email.split('@').next().unwrap_or_default().to_string(),
            email: email.into(),
            first_name: None,
            last_name: None,
            role,
            default_role,
        }
    }

    fn participant(
        email: Option<&str>,
        team: Option<(TeamId, &str)>,
        role: WspRole,
    ) -> Participant {
        Participant {
            id: 0,
            workspace_id: 1,
            kind: if team.is_some() {
                ParticipantType::Team
            } else {
                ParticipantType::Member
            },
            role,
            member_id: None,
            user_id: None,
            user_name: None,
            email: email.map(str::to_string),
            first_name: None,
            last_name: None,
            org_role: None,
            team_id: team.map(|t| t.0),
            team_name: team.map(|t| t.1.to_string()),
            custom_role: None,
            effective: None,
        }
    }

    #[test]
    fn every_source_is_counted_and_the_highest_wins() {
        let parts = [
            participant(Some("dana@x"), None, WspRole::Admin),
            participant(None, Some((7, "analysts")), WspRole::Maintain),
            participant(Some("gus@x"), None, WspRole::Connect),
        ];
        let teams = [(
            7,
            vec![
                member("chen@x", OrgRole::Member, None),
                member("dana@x", OrgRole::Member, None),
            ],
        )];
        let org = [
            member("ana@x", OrgRole::Owner, None),
            member("ivan@x", OrgRole::Member, Some(WspRole::View)),
            member("gus@x", OrgRole::Member, Some(WspRole::Launch)),
            member("eve@x", OrgRole::Collaborator, Some(WspRole::Admin)),
        ];
        let access = workspace_access(&parts, &teams, &org, vec![]);
        let role = |e: &str| access.person(e).map(|p| p.effective.summary());
        assert_eq!(role("ana@x").as_deref(), Some("owner (org owner)"));
        assert_eq!(role("dana@x").as_deref(), Some("admin (participant)"));
        assert_eq!(role("chen@x").as_deref(), Some("maintain (team analysts)"));
        // The org default beats the lower participant role.
        assert_eq!(role("gus@x").as_deref(), Some("launch (org default)"));
        assert_eq!(role("ivan@x").as_deref(), Some("view (org default)"));
        // A collaborator gets nothing from a default role, and is not a participant here.
        assert_eq!(role("eve@x"), None);
        let order: Vec<&str> = access.people.iter().map(|p| p.email.as_str()).collect();
        assert_eq!(order, ["ana@x", "dana@x", "chen@x", "gus@x", "ivan@x"]);
        assert_eq!(
            explain(&access.person("dana@x").unwrap().effective),
            "admin (own participant role) wins over maintain (through team analysts)"
        );
        assert_eq!(access.teams[0].members, ["chen@x", "dana@x"]);
    }
}
