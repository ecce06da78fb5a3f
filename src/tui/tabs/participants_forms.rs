//! The Participants tab's forms: add one participant (a member, a team or any email, with
//! suggestions from the org) and bulk add (pasted emails).

use crate::domain::{
    MemberId, OrgId, ParticipantRef, ParticipantRole, Result, TeamId, WorkspaceId, WspRole,
};
use crate::tui::forms::{FormSpec, member_detail, rules};
use crate::tui::overlay::Overlay;
use crate::tui::request::{Data, Mutation, ReqId};
use crate::tui::widgets::form::{Candidate, ChoiceOption, Field, Form, Target};

const WHO: &str = "Who";
const ROLE: &str = "Role";
const EMAILS: &str = "Emails";

/// The role chosen in a form's role choice (its options are `choices`).
fn role(form: &Form, choices: &[ParticipantRole]) -> ParticipantRole {
    choices
        .get(form.chosen(ROLE))
        .cloned()
        .unwrap_or(ParticipantRole::BuiltIn(WspRole::DEFAULT))
}

/// What the add forms are about: the workspace, its org, and the role choice.
pub struct AddTo {
    pub org: OrgId,
    pub workspace: WorkspaceId,
    pub title: String,
    pub intro: String,
    pub roles: Vec<ChoiceOption>,
    /// The role behind each option (built-in, then the org's custom roles).
    pub choices: Vec<ParticipantRole>,
    pub role: usize,
}

/// Add a participant: an org member, a team, or any email (a new collaborator).
pub struct ParticipantForm {
    org: OrgId,
    workspace: WorkspaceId,
    /// The workspace's participants now: members and teams (suggested, refused with why).
    taken: Vec<(Option<MemberId>, Option<TeamId>)>,
    choices: Vec<ParticipantRole>,
}

impl ParticipantForm {
    /// The form, waiting for the org's people (request `req`).
    pub fn open(to: AddTo, taken: Vec<(Option<MemberId>, Option<TeamId>)>, req: ReqId) -> Overlay {
        let mut form = Form::new(
            to.title,
            vec![
                Field::suggest(WHO, rules::participant()),
                Field::choice(ROLE, to.roles, to.role),
            ],
        )
        .with_intro(to.intro);
        form.candidates_req = Some(req);
        let spec = ParticipantForm {
            org: to.org,
            workspace: to.workspace,
            taken,
            choices: to.choices,
        };
        Overlay::Form(Box::new(form), Box::new(spec))
    }

    fn candidates(&self, data: Data) -> Vec<Candidate> {
        let Data::Candidates { members, teams } = data else {
            return Vec::new();
        };
        let taken = |yes: bool| yes.then(|| "is already a participant".to_string());
        let mut list: Vec<Candidate> = members
            .iter()
            .map(|m| Candidate {
                value: m.email.clone(),
                detail: member_detail(m),
                target: Target::Member(m.member_id),
                taken: taken(self.taken.iter().any(|(id, _)| *id == Some(m.member_id))),
            })
            .collect();
        list.extend(teams.iter().map(|t| Candidate {
            value: t.name.clone(),
            detail: format!(
                "team · {} member{}",
                t.members_count,
                if t.members_count == 1 { "" } else { "s" }
            ),
            target: Target::Team(t.id),
            taken: taken(self.taken.iter().any(|(_, id)| *id == Some(t.id))),
        }));
        list
    }
}

impl FormSpec for ParticipantForm {
    fn loaded(&mut self, form: &mut Form, result: Result<Data>) {
        let list = match result {
            Ok(data) => self.candidates(data),
            Err(e) => {
                form.error = Some(format!("no suggestions: {}", e.message));
                Vec::new()
            }
        };
        if let Some(f) = form.field_mut(WHO) {
            f.set_candidates(list);
        }
    }

    fn submit(&mut self, form: &mut Form) -> Option<Mutation> {
        let value = form.text(WHO);
        let matched = form.field(WHO).and_then(Field::matched).map(|c| c.target);
        let (who, label) = match matched {
            Some(Target::Member(id)) => (ParticipantRef::Member(id), value),
            Some(Target::Team(id)) => (ParticipantRef::Team(id), format!("team {value}")),
            None => (ParticipantRef::UserNameOrEmail(value.clone()), value),
        };
        Some(Mutation::AddParticipant {
            org: self.org,
            workspace: self.workspace,
            who,
            label,
            role: role(form, &self.choices),
        })
    }
}

/// Add many participants at once: one email (or user name) per line.
pub struct BulkAddForm {
    org: OrgId,
    workspace: WorkspaceId,
    choices: Vec<ParticipantRole>,
}

impl BulkAddForm {
    /// The form, holding `text` if some was pasted.
    pub fn open(to: AddTo, text: &str) -> Overlay {
        let mut field = Field::lines(
            EMAILS,
            "one email per line (or paste a list)",
            rules::email_lines(),
        );
        if !text.is_empty() {
            field.paste(text);
        }
        let form = Form::new(
            to.title,
            vec![field, Field::choice(ROLE, to.roles, to.role)],
        )
        .with_intro(to.intro);
        let spec = BulkAddForm {
            org: to.org,
            workspace: to.workspace,
            choices: to.choices,
        };
        Overlay::Form(Box::new(form), Box::new(spec))
    }
}

impl FormSpec for BulkAddForm {
    fn submit(&mut self, form: &mut Form) -> Option<Mutation> {
        Some(Mutation::BulkAdd {
            org: self.org,
            workspace: self.workspace,
            lines: form.raw(EMAILS),
            role: role(form, &self.choices),
        })
    }
}
