//! The Workspaces tab's forms: a workspace (new or edit), an org member, a team, a team's
//! member (with suggestions from the org).

use crate::domain::tiers::{TIER_CREATE_OPERATOR_ONLY, TIER_OPERATOR_ONLY};
use crate::domain::{
    Harm, Member, MemberId, Org, OrgFields, OrgId, Result, Team, TeamFields, TeamId, Tier,
    Visibility, Workspace, WorkspaceFields, WorkspaceId,
};
use crate::tui::forms::{FormSpec, member_detail, rules};
use crate::tui::guard::Guarded;
use crate::tui::overlay::Overlay;
use crate::tui::request::{Data, Mutation, ReqId};
use crate::tui::widgets::form::{Candidate, ChoiceOption, Field, Form, Target};

const NAME: &str = "Name";
const FULL_NAME: &str = "Full name";
const DESCRIPTION: &str = "Description";
const VISIBILITY: &str = "Visibility";
const EMAIL: &str = "Email";
const MEMBER: &str = "Member";

/// A new workspace in an org, or (`edit`) changes to one.
pub struct WorkspaceForm {
    org: OrgId,
    org_name: String,
    /// The workspace edited, with its fields as the form opened with them.
    edit: Option<(WorkspaceId, WorkspaceFields)>,
    /// The edited workspace's path, for the confirmation of making it PRIVATE.
    path: String,
}

impl WorkspaceForm {
    /// A new workspace in `org`; `intro` describes the org.
    pub fn create(org: OrgId, org_name: &str, intro: String) -> Overlay {
        let form = Form::new(
            format!("New workspace in {org_name}"),
            Self::fields("", "", "", Visibility::Private),
        )
        .with_intro(intro);
        let spec = WorkspaceForm {
            org,
            org_name: org_name.to_string(),
            edit: None,
            path: String::new(),
        };
        Overlay::Form(Box::new(form), Box::new(spec))
    }

    /// Changes to `w`, a workspace of `org`.
    pub fn edit(org: OrgId, w: &Workspace) -> Overlay {
        let form = Form::new(
            format!("Edit workspace {}", w.path()),
            Self::fields(&w.name, &w.full_name, &w.description, w.visibility),
        )
        .with_intro("SHARED workspaces share their pipelines with the whole org.");
        let spec = WorkspaceForm {
            org,
            org_name: String::new(),
            edit: Some((w.id, WorkspaceFields::from(w))),
            path: w.path(),
        };
        Overlay::Form(Box::new(form), Box::new(spec))
    }

    fn fields(name: &str, full_name: &str, description: &str, v: Visibility) -> Vec<Field> {
        let visibilities = vec![
            ChoiceOption::new(Visibility::Private.as_str()),
            ChoiceOption::new(Visibility::Shared.as_str()),
        ];
        vec![
            Field::text(NAME, name, rules::name()),
            Field::text(FULL_NAME, full_name, rules::full_name()),
            Field::text(DESCRIPTION, description, rules::description()),
            Field::choice(
                VISIBILITY,
                visibilities,
                usize::from(v == Visibility::Shared),
            ),
        ]
    }
}

impl FormSpec for WorkspaceForm {
    fn submit(&mut self, form: &mut Form) -> Option<Mutation> {
        let fields = WorkspaceFields {
            name: form.text(NAME),
            full_name: form.text(FULL_NAME),
            description: form.text(DESCRIPTION),
            visibility: if form.chosen(VISIBILITY) == 1 {
                Visibility::Shared
            } else {
                Visibility::Private
            },
        };
        Some(match &self.edit {
            Some((workspace, base)) => Mutation::UpdateWorkspace {
                org: self.org,
                workspace: *workspace,
                base: base.clone(),
                fields,
            },
            None => Mutation::CreateWorkspace {
                org: self.org,
                org_name: self.org_name.clone(),
                fields,
            },
        })
    }

    /// SHARED to PRIVATE: the pipelines leaving the org's other Launchpads are listed first.
    fn guard(&self, op: &Mutation) -> Option<Guarded> {
        let Mutation::UpdateWorkspace {
            workspace,
            base,
            fields,
            ..
        } = op
        else {
            return None;
        };
        if base.visibility != Visibility::Shared || fields.visibility != Visibility::Private {
            return None;
        }
        let question = format!(
            "Make {} PRIVATE? Its pipelines are no longer offered on the Launchpads of the org's other workspaces.",
            self.path
        );
        let harm = Harm::MakePrivate {
            org: self.org,
            workspace: *workspace,
        };
        let title = "Make workspace private";
        Some(Guarded::new(harm, title, question, &base.name, op.clone()))
    }
}

const LOCATION: &str = "Location";
const WEBSITE: &str = "Website";
const TIER: &str = "Tier";

/// Changes to an organization: names, description, location, website; its tier only by the
/// operator (others see the other tier disabled, with the engine's reason).
pub struct OrgForm {
    /// The org edited (None: a new one).
    org: Option<OrgId>,
}

impl OrgForm {
    /// A new organization; the acting user becomes its owner.
    pub fn create(operator: bool) -> Overlay {
        let fields = Self::fields(&OrgFields::default(), operator, TIER_CREATE_OPERATOR_ONLY);
        let form = Form::new("New organization", fields)
            .with_intro("You become its owner. Then add workspaces (a), members and teams to it.");
        Overlay::Form(Box::new(form), Box::new(OrgForm { org: None }))
    }

    pub fn edit(org: &Org, operator: bool) -> Overlay {
        let fields = Self::fields(&OrgFields::from(org), operator, TIER_OPERATOR_ONLY);
        let form = Form::new(format!("Edit organization {}", org.name), fields).with_intro(
            "Its workspaces, members and teams stay; a new name changes every path under it.",
        );
        let spec = OrgForm { org: Some(org.id) };
        Overlay::Form(Box::new(form), Box::new(spec))
    }

    /// The fields over `o`; only the operator may choose a tier other than `o`'s (`why`).
    fn fields(o: &OrgFields, operator: bool, why: &str) -> Vec<Field> {
        let tiers = [Tier::Basic, Tier::Pro].map(|t| ChoiceOption {
            label: t.as_str().to_string(),
            disabled: (!operator && t != o.tier).then(|| why.to_string()),
        });
        vec![
            Field::text(NAME, &o.name, rules::name()),
            Field::text(FULL_NAME, &o.full_name, rules::full_name()),
            Field::text(DESCRIPTION, &o.description, rules::description()),
            Field::text(LOCATION, &o.location, rules::location()),
            Field::text(WEBSITE, &o.website, rules::website()),
            Field::choice(TIER, tiers.to_vec(), usize::from(o.tier == Tier::Pro)),
        ]
    }
}

impl FormSpec for OrgForm {
    fn submit(&mut self, form: &mut Form) -> Option<Mutation> {
        let fields = OrgFields {
            name: form.text(NAME),
            full_name: form.text(FULL_NAME),
            description: form.text(DESCRIPTION),
            location: form.text(LOCATION),
            website: form.text(WEBSITE),
            tier: if form.chosen(TIER) == 1 {
                Tier::Pro
            } else {
                Tier::Basic
            },
        };
        Some(match self.org {
            Some(org) => Mutation::UpdateOrg { org, fields },
            None => Mutation::CreateOrg { fields },
        })
    }
}

/// Add a member to an org by email.
pub struct MemberForm {
    org: OrgId,
}

impl MemberForm {
    pub fn open(org: OrgId, org_name: &str) -> Overlay {
        let form = Form::new(
            format!("Add a member to {org_name}"),
            vec![Field::text(EMAIL, "", rules::email())],
        )
        .with_intro("A new email gets an account. Members count toward the tier's limit; collaborators do not.");
        Overlay::Form(Box::new(form), Box::new(MemberForm { org }))
    }
}

impl FormSpec for MemberForm {
    fn submit(&mut self, form: &mut Form) -> Option<Mutation> {
        Some(Mutation::AddMember {
            org: self.org,
            email: form.text(EMAIL),
        })
    }
}

/// A new team of an org, or (`team`) changes to one: its name and description.
pub struct TeamForm {
    org: OrgId,
    team: Option<TeamId>,
}

impl TeamForm {
    pub fn create(org: OrgId, org_name: &str, intro: String) -> Overlay {
        let form = Form::new(
            format!("New team in {org_name}"),
            vec![
                Field::text(NAME, "", rules::name()),
                Field::text(DESCRIPTION, "", rules::team_description()),
            ],
        )
        .with_intro(intro);
        let spec = TeamForm { org, team: None };
        Overlay::Form(Box::new(form), Box::new(spec))
    }

    /// Changes to `team` of `org`.
    pub fn edit(org: &Org, team: &Team) -> Overlay {
        let form = Form::new(
            format!("Edit team {}", team.name),
            vec![
                Field::text(NAME, &team.name, rules::name()),
                Field::text(DESCRIPTION, &team.description, rules::team_description()),
            ],
        )
        .with_intro(format!(
            "A team of {} with {} member{}; workspaces where it takes part keep it under its new name.",
            org.name,
            team.members_count,
            if team.members_count == 1 { "" } else { "s" }
        ));
        let spec = TeamForm {
            org: org.id,
            team: Some(team.id),
        };
        Overlay::Form(Box::new(form), Box::new(spec))
    }
}

impl FormSpec for TeamForm {
    fn submit(&mut self, form: &mut Form) -> Option<Mutation> {
        let fields = TeamFields {
            name: form.text(NAME),
            description: form.text(DESCRIPTION),
        };
        Some(match self.team {
            Some(team) => Mutation::UpdateTeam {
                org: self.org,
                team,
                fields,
            },
            None => Mutation::CreateTeam {
                org: self.org,
                fields,
            },
        })
    }
}

/// Add an org member or collaborator to a team; the org's people are suggested as typed.
pub struct TeamMemberForm {
    org: OrgId,
    team: TeamId,
    team_name: String,
    /// Who is in the team already (suggested, but refused with the reason).
    members: Vec<MemberId>,
}

impl TeamMemberForm {
    /// The form, waiting for the org's people (request `req`).
    pub fn open(
        org: (OrgId, &str),
        team: (TeamId, String),
        members: Vec<MemberId>,
        req: ReqId,
    ) -> Overlay {
        let mut form = Form::new(
            format!("Add to team {}", team.1),
            vec![Field::suggest(MEMBER, rules::org_user())],
        )
        .with_intro(format!(
            "An org member or collaborator of {}. Start typing for suggestions.",
            org.1
        ));
        form.candidates_req = Some(req);
        let spec = TeamMemberForm {
            org: org.0,
            team: team.0,
            team_name: team.1,
            members,
        };
        Overlay::Form(Box::new(form), Box::new(spec))
    }
}

impl FormSpec for TeamMemberForm {
    fn loaded(&mut self, form: &mut Form, result: Result<Data>) {
        let members = match result {
            Ok(Data::Candidates { members, .. }) => members,
            Ok(_) => Vec::new(),
            Err(e) => {
                form.error = Some(format!("no suggestions: {}", e.message));
                Vec::new()
            }
        };
        let list = members
            .iter()
            .map(|m: &Member| Candidate {
                value: m.email.clone(),
                detail: member_detail(m),
                target: Target::Member(m.member_id),
                taken: self
                    .members
                    .contains(&m.member_id)
                    .then(|| format!("is already in team {}", self.team_name)),
            })
            .collect();
        if let Some(f) = form.field_mut(MEMBER) {
            f.set_candidates(list);
        }
    }

    fn submit(&mut self, form: &mut Form) -> Option<Mutation> {
        Some(Mutation::AddTeamMember {
            org: self.org,
            team: self.team,
            team_name: self.team_name.clone(),
            user: form.text(MEMBER),
        })
    }
}
