//! Organizations, org roles, tiers (the API's `OrgType`) and quotas.

use super::{need, non_empty, required};
use crate::api::dto::{self, OrgType, OrganizationDbDto, OrganizationQuotas};
use crate::domain::{Error, Limits, Org, OrgFields, OrgRole, Result, Tier};

pub fn org_role_dto(r: OrgRole) -> dto::OrgRole {
    match r {
        OrgRole::Owner => dto::OrgRole::Owner,
        OrgRole::Member => dto::OrgRole::Member,
        OrgRole::Collaborator => dto::OrgRole::Collaborator,
    }
}

pub fn org_role(r: &dto::OrgRole) -> Result<OrgRole> {
    r.as_str().parse()
}

pub fn org_type(t: Tier) -> OrgType {
    match t {
        Tier::Basic => OrgType::Basic,
        Tier::Pro => OrgType::Pro,
    }
}

/// The tier of a server's org type. Academic, evaluation and internal orgs get pro-level
/// limits on Seqera Cloud, so they read as pro.
pub fn tier_of(t: &OrgType) -> Tier {
    match t {
        OrgType::Basic => Tier::Basic,
        _ => Tier::Pro,
    }
}

/// The tier a request asks for: nfdeck serve knows only basic and pro.
pub fn tier_from_request(t: &OrgType) -> Result<Tier> {
    match t {
        OrgType::Basic => Ok(Tier::Basic),
        OrgType::Pro => Ok(Tier::Pro),
        other => Err(Error::invalid(format!(
            "type '{other}' is not offered by this server (basic or pro)"
        ))),
    }
}

pub fn org_dto(o: &Org) -> OrganizationDbDto {
    OrganizationDbDto {
        org_id: Some(o.id),
        name: Some(o.name.clone()),
        full_name: Some(o.full_name.clone()),
        description: Some(o.description.clone()),
        location: Some(o.location.clone()),
        website: Some(o.website.clone()),
        member_id: o.my_member_id,
        member_role: o.my_role.map(org_role_dto),
        r#type: Some(org_type(o.tier)),
        paying: Some(o.tier == Tier::Pro),
        ..Default::default()
    }
}

pub fn org_from_dto(d: OrganizationDbDto) -> Result<Org> {
    Ok(Org {
        id: need(d.org_id, "orgId")?,
        name: need(d.name, "organization name")?,
        full_name: d.full_name.unwrap_or_default(),
        description: d.description.unwrap_or_default(),
        location: d.location.unwrap_or_default(),
        website: d.website.unwrap_or_default(),
        tier: d.r#type.as_ref().map_or(Tier::Basic, tier_of),
        my_role: d.member_role.as_ref().map(org_role).transpose()?,
        my_member_id: d.member_id,
    })
}

pub fn create_org_request(f: &OrgFields) -> dto::CreateOrganizationRequest {
    dto::CreateOrganizationRequest {
        organization: Some(dto::Organization {
            name: Some(f.name.clone()),
            full_name: Some(f.full_name.clone()),
            description: non_empty(&f.description),
            location: non_empty(&f.location),
            website: non_empty(&f.website),
            ..Default::default()
        }),
        logo_id: None,
    }
}

/// The fields of a create request; orgs are created on the basic tier.
pub fn fields_from_create(r: dto::CreateOrganizationRequest) -> Result<OrgFields> {
    let o = required(r.organization, "organization")?;
    Ok(OrgFields {
        name: required(o.name, "organization.name")?,
        full_name: required(o.full_name, "organization.fullName")?,
        description: o.description.unwrap_or_default(),
        location: o.location.unwrap_or_default(),
        website: o.website.unwrap_or_default(),
        tier: Tier::Basic,
    })
}

/// An update request; `type` is sent only when the tier changes, so a server that keeps
/// other org types (academic, ...) never sees a downgrade it was not asked for.
pub fn update_org_request(f: &OrgFields, current: Tier) -> dto::UpdateOrganizationRequest {
    dto::UpdateOrganizationRequest {
        name: Some(f.name.clone()),
        full_name: Some(f.full_name.clone()),
        description: Some(f.description.clone()),
        location: Some(f.location.clone()),
        website: Some(f.website.clone()),
        r#type: (f.tier != current).then(|| org_type(f.tier)),
        ..Default::default()
    }
}

/// The fields after an update request: what it leaves out stays as it is.
pub fn fields_from_update(r: dto::UpdateOrganizationRequest, current: &Org) -> Result<OrgFields> {
    Ok(OrgFields {
        name: r.name.unwrap_or_else(|| current.name.clone()),
        full_name: r.full_name.unwrap_or_else(|| current.full_name.clone()),
        description: r.description.unwrap_or_else(|| current.description.clone()),
        location: r.location.unwrap_or_else(|| current.location.clone()),
        website: r.website.unwrap_or_else(|| current.website.clone()),
        tier: match &r.r#type {
            Some(t) => tier_from_request(t)?,
            None => current.tier,
        },
    })
}

pub fn quotas_dto(l: &Limits) -> OrganizationQuotas {
    OrganizationQuotas {
        max_workspaces: Some(i64::from(l.workspaces)),
        max_members: Some(i64::from(l.members)),
        max_teams: Some(i64::from(l.teams)),
        max_pipelines_per_workspace: Some(i64::from(l.pipelines_per_workspace)),
        max_participants_per_workspace: Some(i64::from(l.participants_per_workspace)),
        max_labels_per_workspace: Some(i64::from(l.labels_per_workspace)),
        max_custom_roles_per_org: Some(i64::from(l.custom_roles)),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org() -> Org {
        Org {
            id: 1,
            name: "biolab".into(),
            full_name: "Bio Lab".into(),
            description: String::new(),
            location: "Lisbon".into(),
            website: String::new(),
            tier: Tier::Pro,
            my_role: Some(OrgRole::Owner),
            my_member_id: Some(4),
        }
    }

    #[test]
    fn orgs_round_trip() {
        assert_eq!(org_from_dto(org_dto(&org())).unwrap(), org());
    }

    #[test]
    fn other_org_types_read_as_pro_but_are_refused_in_requests() {
        assert_eq!(tier_of(&OrgType::Academic), Tier::Pro);
        assert!(tier_from_request(&OrgType::Academic).is_err());
        let update = dto::UpdateOrganizationRequest {
            description: Some("d".into()),
            ..Default::default()
        };
        let f = fields_from_update(update, &org()).unwrap();
        assert_eq!(f.description, "d");
        assert_eq!(f.name, "biolab");
        assert_eq!(f.tier, Tier::Pro);
    }

    #[test]
    fn type_is_sent_only_for_a_tier_change() {
        let f = OrgFields::from(&org());
        assert_eq!(update_org_request(&f, Tier::Pro).r#type, None);
        assert_eq!(
            update_org_request(&f, Tier::Basic).r#type,
            Some(OrgType::Pro)
        );
    }

    #[test]
    fn create_needs_name_and_full_name() {
        let err = fields_from_create(dto::CreateOrganizationRequest {
            organization: Some(dto::Organization {
                name: Some("x1".into()),
                ..Default::default()
            }),
            logo_id: None,
        })
        .unwrap_err();
        assert_eq!(err.message, "organization.fullName is required");
    }
}
