//! Org members and collaborators.

use super::common::OrgRole;

dto! {
    /// `ListMembersResponse` (members, collaborators, team members).
    pub struct ListMembersResponse {
        pub members: Option<Vec<MemberDbDto>>,
        pub total_size: Option<i64>,
    }
}

dto! {
    /// `MemberDbDto`.
    pub struct MemberDbDto {
        pub member_id: Option<i64>,
        pub user_id: Option<i64>,
        pub user_name: Option<String>,
        pub email: Option<String>,
        pub first_name: Option<String>,
        pub last_name: Option<String>,
        pub avatar: Option<String>,
        pub role: Option<OrgRole>,
    }
}

dto! {
    /// `AddMemberRequest` (`PUT /orgs/{orgId}/members/add`): an email or user name.
    pub struct AddMemberRequest {
        pub user: Option<String>,
    }
}

dto! {
    /// `AddMemberResponse`.
    pub struct AddMemberResponse {
        pub member: Option<MemberDbDto>,
    }
}

dto! {
    /// `UpdateMemberRoleRequest` (`PUT /orgs/{orgId}/members/{memberId}/role`).
    pub struct UpdateMemberRoleRequest {
        pub role: Option<OrgRole>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_decode() {
        let json = r#"{"members": [{"memberId": 4, "userId": 2, "userName": "ben",
            "email": "ben@biolab.example", "firstName": null, "lastName": null,
            "avatar": "https://x/b.png", "role": "collaborator"}], "totalSize": 12}"#;
        let r: ListMembersResponse = serde_json::from_str(json).unwrap();
        let m = &r.members.unwrap()[0];
        assert_eq!(m.role, Some(OrgRole::Collaborator));
        assert_eq!(m.first_name, None);
        assert_eq!(r.total_size, Some(12));
    }
}
