//! Teams.

use super::{need, non_empty, required};
use crate::api::dto::{CreateTeamRequest, TeamDbDto, UpdateTeamRequest};
use crate::domain::{OrgId, Result, Team, TeamFields};

pub fn team_dto(t: &Team) -> TeamDbDto {
    TeamDbDto {
        team_id: Some(t.id),
        name: Some(t.name.clone()),
        description: Some(t.description.clone()),
        members_count: Some(t.members_count as i64),
        ..Default::default()
    }
}

pub fn team_from_dto(d: TeamDbDto, org: OrgId) -> Result<Team> {
    Ok(Team {
        id: need(d.team_id, "teamId")?,
        org_id: org,
        name: need(d.name, "team name")?,
        description: d.description.unwrap_or_default(),
        members_count: d.members_count.unwrap_or(0).max(0) as u64,
    })
}

pub fn create_team_request(f: &TeamFields) -> CreateTeamRequest {
    CreateTeamRequest {
        team: Some(crate::api::dto::Team {
            name: Some(f.name.clone()),
            description: non_empty(&f.description),
            ..Default::default()
        }),
        ..Default::default()
    }
}

pub fn fields_from_create(r: CreateTeamRequest) -> Result<TeamFields> {
    let team = required(r.team, "team")?;
    Ok(TeamFields {
        name: required(team.name, "team.name")?,
        description: team.description.unwrap_or_default(),
    })
}

pub fn update_team_request(f: &TeamFields) -> UpdateTeamRequest {
    UpdateTeamRequest {
        name: Some(f.name.clone()),
        description: Some(f.description.clone()),
        ..Default::default()
    }
}

/// The fields after an update request: what it leaves out stays as it is.
pub fn fields_from_update(r: UpdateTeamRequest, current: &Team) -> TeamFields {
    TeamFields {
        name: r.name.unwrap_or_else(|| current.name.clone()),
        description: r.description.unwrap_or_else(|| current.description.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teams_round_trip_and_create_needs_a_name() {
        let t = Team {
            id: 5,
            org_id: 1,
            name: "analysts".into(),
            description: "RNA".into(),
            members_count: 2,
        };
        assert_eq!(team_from_dto(team_dto(&t), 1).unwrap(), t);
        let f = fields_from_create(create_team_request(&TeamFields {
            name: "a1".into(),
            description: String::new(),
        }))
        .unwrap();
        assert_eq!(f.name, "a1");
        assert!(fields_from_create(CreateTeamRequest::default()).is_err());
    }
}
