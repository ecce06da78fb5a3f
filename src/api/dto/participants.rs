//! Workspace participants.

use super::common::{OrgRole, ParticipantType};

dto! {
    /// `ListParticipantsResponse`.
    pub struct ListParticipantsResponse {
        pub participants: Option<Vec<ParticipantResponseDto>>,
        pub total_size: Option<i64>,
    }
}

dto! {
    /// `ParticipantResponseDto`: a member, a team, or a collaborator. `wspRole` is a plain
    /// string because servers may define custom roles.
    pub struct ParticipantResponseDto {
        pub participant_id: Option<i64>,
        pub r#type: Option<ParticipantType>,
        pub wsp_role: Option<String>,
        pub member_id: Option<i64>,
        pub user_name: Option<String>,
        pub email: Option<String>,
        pub first_name: Option<String>,
        pub last_name: Option<String>,
        pub user_avatar_url: Option<String>,
        pub org_role: Option<OrgRole>,
        pub team_id: Option<i64>,
        pub team_name: Option<String>,
        pub team_avatar_url: Option<String>,
    }
}

dto! {
    /// `AddParticipantRequest` (`PUT .../participants/add`): exactly one field set.
    pub struct AddParticipantRequest {
        pub member_id: Option<i64>,
        pub team_id: Option<i64>,
        pub user_name_or_email: Option<String>,
    }
}

dto! {
    /// `AddParticipantResponse`.
    pub struct AddParticipantResponse {
        pub participant: Option<ParticipantResponseDto>,
    }
}

dto! {
    /// `UpdateParticipantRoleRequest` (`PUT .../participants/{participantId}/role`).
    pub struct UpdateParticipantRoleRequest {
        pub role: Option<String>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn participants_of_every_type_decode() {
        let json = r#"{"participants": [
            {"participantId": 1, "type": "MEMBER", "wspRole": "admin", "memberId": 4,
             "userName": "ben", "email": "ben@biolab.example", "firstName": "Ben",
             "lastName": "Ode", "userAvatarUrl": "https://x/b.png", "orgRole": "member",
             "teamId": null, "teamName": null, "teamAvatarUrl": null},
            {"participantId": 2, "type": "TEAM", "wspRole": "launch", "memberId": null,
             "teamId": 5, "teamName": "analysts", "teamAvatarUrl": null},
            {"participantId": 3, "type": "COLLABORATOR", "wspRole": "view", "memberId": 8,
             "email": "eve@partner.example", "orgRole": "collaborator"},
            {"participantId": 4, "type": "MEMBER", "wspRole": "pipeline-curator", "memberId": 9}
        ], "totalSize": 4}"#;
        let r: ListParticipantsResponse = serde_json::from_str(json).unwrap();
        let p = r.participants.unwrap();
        assert_eq!(p[0].r#type, Some(ParticipantType::Member));
        assert_eq!(p[1].team_name.as_deref(), Some("analysts"));
        assert_eq!(p[1].member_id, None);
        assert_eq!(p[2].org_role, Some(OrgRole::Collaborator));
        assert_eq!(p[3].wsp_role.as_deref(), Some("pipeline-curator"));
        assert_eq!(r.total_size, Some(4));
    }

    #[test]
    fn add_request_sets_one_field() {
        let req = AddParticipantRequest {
            team_id: Some(5),
            ..Default::default()
        };
        assert_eq!(serde_json::to_string(&req).unwrap(), r#"{"teamId":5}"#);
    }
}
