//! Workspace roles and where they come from: the spec's per-workspace roles (individual or
//! team) and nfdeck's extension grants (every source).

use crate::api::dto::{ExtRoleGrant, UserWorkspaceRoleDto, WspRoleSourceType};
use crate::domain::{CustomGrant, EffectiveRole, Error, Result, RoleGrant, RoleSource, WspRole};

/// A role a server sent. Servers may define custom roles that nfdeck does not know; they read
/// as `view`, the least privilege, so nfdeck never offers what the server would refuse.
pub fn wsp_role_lenient(role: &str) -> WspRole {
    role.parse().unwrap_or_else(|_| {
        tracing::warn!(
            role,
            "unknown workspace role from the server; shown as view"
        );
        WspRole::View
    })
}

fn source_name(s: &RoleSource) -> &'static str {
    match s {
        RoleSource::Operator => "operator",
        RoleSource::PersonalWorkspace => "personalWorkspace",
        RoleSource::OrgOwner => "orgOwner",
        RoleSource::Participant => "participant",
        RoleSource::Team { .. } => "team",
        RoleSource::OrgDefault => "orgDefault",
    }
}

pub fn ext_grant(g: &RoleGrant) -> ExtRoleGrant {
    let (team_id, team_name) = match &g.source {
        RoleSource::Team { team_id, team_name } => (Some(*team_id), Some(team_name.clone())),
        _ => (None, None),
    };
    ExtRoleGrant {
        role: Some(g.role_name().to_string()),
        source: Some(source_name(&g.source).to_string()),
        team_id,
        team_name,
    }
}

/// A role name from a server: a name that is no built-in role is a custom role, shown by its
/// name and ranked as `view`; its permissions are not sent, so the client assumes none beyond
/// `view`'s.
fn role_from_name(name: &str) -> (WspRole, Option<CustomGrant>) {
    let name = name.trim();
    if name.is_empty() || name.parse::<WspRole>().is_ok() {
        return (wsp_role_lenient(name), None);
    }
    let custom = CustomGrant {
        name: name.to_string(),
        permissions: Vec::new(),
    };
    (WspRole::View, Some(custom))
}

pub fn grant_from_ext(g: ExtRoleGrant) -> Result<RoleGrant> {
    let (role, custom) = role_from_name(g.role.as_deref().unwrap_or_default());
    let source = match g.source.as_deref().unwrap_or_default() {
        "operator" => RoleSource::Operator,
        "personalWorkspace" => RoleSource::PersonalWorkspace,
        "orgOwner" => RoleSource::OrgOwner,
        "participant" => RoleSource::Participant,
        "orgDefault" => RoleSource::OrgDefault,
        "team" => RoleSource::Team {
            team_id: super::need(g.team_id, "teamId of a team grant")?,
            team_name: g.team_name.unwrap_or_default(),
        },
        other => {
            return Err(Error::server(format!(
                "the server sent an unknown role source '{other}'"
            )));
        }
    };
    Ok(RoleGrant {
        role,
        source,
        custom,
    })
}

/// Grants as the server ranked them (the winning one first).
pub fn effective_from_ext(grants: Vec<ExtRoleGrant>) -> Result<EffectiveRole> {
    let grants = grants
        .into_iter()
        .map(grant_from_ext)
        .collect::<Result<Vec<_>>>()?;
    Ok(EffectiveRole::from_grants(grants))
}

/// The spec's view of a grant: only a user's own role and team roles have a source type
/// there; org ownership and org default roles are not participant roles.
pub fn user_workspace_role(g: &RoleGrant) -> Option<UserWorkspaceRoleDto> {
    let base = UserWorkspaceRoleDto {
        role: Some(g.role_name().to_string()),
        ..Default::default()
    };
    match &g.source {
        RoleSource::Participant => Some(UserWorkspaceRoleDto {
            role_source_type: Some(WspRoleSourceType::Individual),
            ..base
        }),
        RoleSource::Team { team_id, team_name } => Some(UserWorkspaceRoleDto {
            role_source_type: Some(WspRoleSourceType::Team),
            source_team_id: Some(*team_id),
            source_team_name: Some(team_name.clone()),
            source_team_type: Some(crate::api::dto::TeamType::Regular),
            ..base
        }),
        _ => None,
    }
}

/// A grant from the spec's per-workspace role.
pub fn grant_from_user_role(r: &UserWorkspaceRoleDto) -> RoleGrant {
    let (role, custom) = role_from_name(r.role.as_deref().unwrap_or_default());
    let source = match (&r.role_source_type, r.source_team_id) {
        (Some(WspRoleSourceType::Team), Some(team_id)) => RoleSource::Team {
            team_id,
            team_name: r.source_team_name.clone().unwrap_or_default(),
        },
        _ => RoleSource::Participant,
    };
    RoleGrant {
        role,
        source,
        custom,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_round_trips_through_the_extension() {
        let grants = vec![
            RoleGrant {
                custom: None,
                role: WspRole::Owner,
                source: RoleSource::OrgOwner,
            },
            RoleGrant {
                custom: None,
                role: WspRole::Maintain,
                source: RoleSource::Team {
                    team_id: 5,
                    team_name: "analysts".into(),
                },
            },
            RoleGrant {
                custom: None,
                role: WspRole::View,
                source: RoleSource::OrgDefault,
            },
        ];
        let wire: Vec<_> = grants.iter().map(ext_grant).collect();
        let back = effective_from_ext(wire).unwrap();
        assert_eq!(back.grants, grants);
    }

    #[test]
    fn spec_roles_carry_individual_and_team_sources() {
        let team = RoleGrant {
            custom: None,
            role: WspRole::Launch,
            source: RoleSource::Team {
                team_id: 5,
                team_name: "analysts".into(),
            },
        };
        let dto = user_workspace_role(&team).unwrap();
        assert_eq!(dto.role_source_type, Some(WspRoleSourceType::Team));
        assert_eq!(grant_from_user_role(&dto), team);
        let owner = RoleGrant {
            custom: None,
            role: WspRole::Owner,
            source: RoleSource::OrgOwner,
        };
        assert_eq!(user_workspace_role(&owner), None);
        assert_eq!(wsp_role_lenient("pipeline-curator"), WspRole::View);
    }
}
