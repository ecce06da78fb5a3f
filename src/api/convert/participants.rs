//! Workspace participants.

use super::need;
use super::orgs::{org_role, org_role_dto};
use super::roles::wsp_role_lenient;
use crate::api::dto::{self, AddParticipantRequest, ParticipantResponseDto};
use crate::domain::{
    Error, Participant, ParticipantRef, ParticipantType, Result, WorkspaceId, WspRole,
};

pub fn participant_type_dto(t: ParticipantType) -> dto::ParticipantType {
    match t {
        ParticipantType::Member => dto::ParticipantType::Member,
        ParticipantType::Team => dto::ParticipantType::Team,
        ParticipantType::Collaborator => dto::ParticipantType::Collaborator,
    }
}

pub fn participant_dto(p: &Participant) -> ParticipantResponseDto {
    ParticipantResponseDto {
        participant_id: Some(p.id),
        r#type: Some(participant_type_dto(p.kind)),
        wsp_role: Some(p.held_role().to_string()),
        member_id: p.member_id,
        user_name: p.user_name.clone(),
        email: p.email.clone(),
        first_name: p.first_name.clone(),
        last_name: p.last_name.clone(),
        org_role: p.org_role.map(org_role_dto),
        team_id: p.team_id,
        team_name: p.team_name.clone(),
        ..Default::default()
    }
}

/// A participant from the wire. The API does not send the user id or the effective role
/// (nfdeck's extension adds the latter).
pub fn participant_from_dto(d: ParticipantResponseDto, ws: WorkspaceId) -> Result<Participant> {
    let kind = match need(d.r#type, "participant type")? {
        dto::ParticipantType::Member => ParticipantType::Member,
        dto::ParticipantType::Team => ParticipantType::Team,
        dto::ParticipantType::Collaborator => ParticipantType::Collaborator,
        dto::ParticipantType::Other(s) => {
            return Err(Error::server(format!(
                "the server sent an unknown participant type '{s}'"
            )));
        }
    };
    let role_name = d.wsp_role.as_deref().unwrap_or_default();
    let custom = custom_role_name(role_name);
    Ok(Participant {
        id: need(d.participant_id, "participantId")?,
        workspace_id: ws,
        kind,
        role: custom
            .as_ref()
            .map_or_else(|| wsp_role_lenient(role_name), |_| WspRole::View),
        custom_role: custom,
        member_id: d.member_id,
        user_id: None,
        user_name: d.user_name,
        email: d.email,
        first_name: d.first_name.filter(|s| !s.is_empty()),
        last_name: d.last_name.filter(|s| !s.is_empty()),
        org_role: d.org_role.as_ref().map(org_role).transpose()?,
        team_id: d.team_id,
        team_name: d.team_name,
        effective: None,
    })
}

/// A role string that names no built-in role is a custom role of the org (shown by its name,
/// held with `view`'s rank); an empty one is not a role at all.
fn custom_role_name(role: &str) -> Option<String> {
    let role = role.trim();
    (!role.is_empty() && role.parse::<WspRole>().is_err()).then(|| role.to_string())
}

pub fn add_request(who: &ParticipantRef) -> AddParticipantRequest {
    match who {
        ParticipantRef::Member(id) => AddParticipantRequest {
            member_id: Some(*id),
            ..Default::default()
        },
        ParticipantRef::Team(id) => AddParticipantRequest {
            team_id: Some(*id),
            ..Default::default()
        },
        ParticipantRef::UserNameOrEmail(s) => AddParticipantRequest {
            user_name_or_email: Some(s.clone()),
            ..Default::default()
        },
    }
}

/// The participant an add request names: exactly one of its fields.
pub fn participant_ref(r: AddParticipantRequest) -> Result<ParticipantRef> {
    let who = r.user_name_or_email.filter(|s| !s.trim().is_empty());
    match (r.member_id, r.team_id, who) {
        (Some(id), None, None) => Ok(ParticipantRef::Member(id)),
        (None, Some(id), None) => Ok(ParticipantRef::Team(id)),
        (None, None, Some(s)) => Ok(ParticipantRef::UserNameOrEmail(s)),
        _ => Err(Error::invalid(
            "set exactly one of memberId, teamId and userNameOrEmail",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::OrgRole;

    #[test]
    fn participants_round_trip_without_user_id() {
        let p = Participant {
            id: 1,
            workspace_id: 10,
            kind: ParticipantType::Collaborator,
            role: WspRole::View,
            member_id: Some(8),
            user_id: None,
            user_name: Some("eve".into()),
            email: Some("eve@partner.org".into()),
            first_name: None,
            last_name: None,
            org_role: Some(OrgRole::Collaborator),
            team_id: None,
            team_name: None,
            custom_role: None,
            effective: None,
        };
        assert_eq!(participant_from_dto(participant_dto(&p), 10).unwrap(), p);
        let curator = Participant {
            custom_role: Some("curator".into()),
            ..p
        };
        let dto = participant_dto(&curator);
        assert_eq!(dto.wsp_role.as_deref(), Some("curator"));
        assert_eq!(participant_from_dto(dto, 10).unwrap(), curator);
    }

    #[test]
    fn add_requests_name_exactly_one() {
        let r = add_request(&ParticipantRef::Team(5));
        assert_eq!(participant_ref(r).unwrap(), ParticipantRef::Team(5));
        let both = AddParticipantRequest {
            member_id: Some(1),
            team_id: Some(2),
            ..Default::default()
        };
        assert!(participant_ref(both).is_err());
        assert!(participant_ref(AddParticipantRequest::default()).is_err());
    }
}
