//! Teams and their members.

dto! {
    /// `ListTeamResponse` (`GET /orgs/{orgId}/teams`).
    pub struct ListTeamResponse {
        pub teams: Option<Vec<TeamDbDto>>,
        pub total_size: Option<i64>,
    }
}

dto! {
    /// `TeamDbDto`.
    pub struct TeamDbDto {
        pub team_id: Option<i64>,
        pub name: Option<String>,
        pub description: Option<String>,
        pub avatar_url: Option<String>,
        pub members_count: Option<i64>,
        pub idp_group_id: Option<i64>,
        pub idp_group_name: Option<String>,
    }
}

dto! {
    /// `Team`: the team in a create request (`name` required).
    pub struct Team {
        pub id: Option<i64>,
        pub name: Option<String>,
        pub description: Option<String>,
        pub date_created: Option<String>,
        pub last_updated: Option<String>,
    }
}

dto! {
    /// `CreateTeamRequest` (`POST /orgs/{orgId}/teams`).
    pub struct CreateTeamRequest {
        pub team: Option<Team>,
        pub avatar_id: Option<String>,
        pub idp_group_id: Option<i64>,
    }
}

dto! {
    /// `CreateTeamResponse`.
    pub struct CreateTeamResponse {
        pub team: Option<TeamDbDto>,
    }
}

dto! {
    /// `DescribeTeamResponse` (`GET /orgs/{orgId}/teams/{teamId}`).
    pub struct DescribeTeamResponse {
        pub team: Option<TeamDbDto>,
    }
}

dto! {
    /// `UpdateTeamRequest` (`PUT /orgs/{orgId}/teams/{teamId}`).
    pub struct UpdateTeamRequest {
        pub name: Option<String>,
        pub description: Option<String>,
        pub avatar_id: Option<String>,
        pub idp_group_id: Option<i64>,
    }
}

dto! {
    /// `CreateTeamMemberRequest` (`POST /orgs/{orgId}/teams/{teamId}/members`).
    pub struct CreateTeamMemberRequest {
        pub user_name_or_email: Option<String>,
    }
}

dto! {
    /// `AddTeamMemberResponse`.
    pub struct AddTeamMemberResponse {
        pub member: Option<super::members::MemberDbDto>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teams_decode_and_create_is_wrapped() {
        let json = r#"{"teams": [{"teamId": 5, "name": "analysts", "description": "",
            "avatarUrl": null, "membersCount": 3, "idpGroupId": null}], "totalSize": 1}"#;
        let r: ListTeamResponse = serde_json::from_str(json).unwrap();
        assert_eq!(r.teams.unwrap()[0].members_count, Some(3));
        let req = CreateTeamRequest {
            team: Some(Team {
                name: Some("analysts".into()),
                description: Some("RNA".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&req).unwrap(),
            serde_json::json!({"team": {"name": "analysts", "description": "RNA"}})
        );
    }
}

dto! {
    /// `ListWorkspacesByTeamResponse` (`GET /orgs/{orgId}/teams/{teamId}/workspaces`).
    pub struct ListWorkspacesByTeamResponse {
        pub workspaces: Option<Vec<WorkspaceParticipantResponseDto>>,
        pub total_size: Option<i64>,
    }
}

dto! {
    /// `WorkspaceParticipantResponseDto`: a workspace and the team's participant row there.
    pub struct WorkspaceParticipantResponseDto {
        pub org_id: Option<i64>,
        pub org_name: Option<String>,
        pub participant_id: Option<i64>,
        pub participant_role: Option<String>,
        pub workspace_id: Option<i64>,
        pub workspace_name: Option<String>,
        pub workspace_full_name: Option<String>,
    }
}
