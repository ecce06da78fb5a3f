//! Org members, collaborators and team members.

use super::need;
use super::orgs::{org_role, org_role_dto};
use crate::api::dto::MemberDbDto;
use crate::domain::{Member, Result, WspRole};

pub fn member_dto(m: &Member) -> MemberDbDto {
    MemberDbDto {
        member_id: Some(m.member_id),
        user_id: Some(m.user_id),
        user_name: Some(m.user_name.clone()),
        email: Some(m.email.clone()),
        first_name: m.first_name.clone(),
        last_name: m.last_name.clone(),
        avatar: None,
        role: Some(org_role_dto(m.role)),
    }
}

/// A member from the wire; the default role comes from nfdeck's extension, when offered.
pub fn member_from_dto(d: MemberDbDto, default_role: Option<WspRole>) -> Result<Member> {
    Ok(Member {
        member_id: need(d.member_id, "memberId")?,
        user_id: need(d.user_id, "userId")?,
        user_name: d.user_name.unwrap_or_default(),
        email: d.email.unwrap_or_default(),
        first_name: d.first_name.filter(|s| !s.is_empty()),
        last_name: d.last_name.filter(|s| !s.is_empty()),
        role: org_role(&need(d.role, "member role")?)?,
        default_role,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::OrgRole;

    #[test]
    fn members_round_trip() {
        let m = Member {
            member_id: 4,
            user_id: 2,
            user_name: "ben".into(),
            email: "ben@x.org".into(),
            first_name: None,
            last_name: Some("Ode".into()),
            role: OrgRole::Member,
            default_role: Some(WspRole::View),
        };
        assert_eq!(member_from_dto(member_dto(&m), m.default_role).unwrap(), m);
    }
}
