//! Who has access to a workspace and why, read through the `Client` traits from the lists
//! every backend offers (participants, the participating teams' members, the org's members
//! with their roles and default roles) and combined by `domain::access`. A list the caller
//! may not read is named in `WorkspaceAccess::unknown` instead of being taken as empty.

use super::Client;
use crate::domain::access::{WorkspaceAccess, workspace_access};
use crate::domain::{OrgId, Page, ParticipantType, Result, WorkspaceId};

pub async fn access_of(c: &dyn Client, org: OrgId, ws: WorkspaceId) -> Result<WorkspaceAccess> {
    let participants = c.list_participants(org, ws, Page::all()).await?.items;
    let mut unknown = Vec::new();
    let mut teams = Vec::new();
    for p in &participants {
        let (ParticipantType::Team, Some(team)) = (p.kind, p.team_id) else {
            continue;
        };
        match c.list_team_members(org, team, Page::all()).await {
            Ok(members) => teams.push((team, members.items)),
            Err(e) => unknown.push(format!("the members of team {}: {e}", p.display_name())),
        }
    }
    let members = match c.list_members(org, Page::all()).await {
        Ok(m) => m.items,
        Err(e) => {
            unknown.push(format!("the org's owners and default roles: {e}"));
            Vec::new()
        }
    };
    Ok(workspace_access(&participants, &teams, &members, unknown))
}
