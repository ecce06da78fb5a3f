//! Effects: what `update` asks the outside world to do, as data. The driver (`spawn`) runs each
//! one on a tokio task, calls the client, and sends the reply back as a `Msg`. `perform` is the
//! same work without the task, for tests that drive the model against a real client.

use super::msg::{Data, Msg, Outcome, ReqId};
use crate::client::{Client, SharedClient};
use crate::domain::{
    Member, MemberId, OrgId, OrgRole, Page, Paged, ParticipantId, ParticipantRef, Result,
    TeamFields, TeamId, WorkspaceFields, WorkspaceId, WspRole,
};
use futures::FutureExt;
use std::future::Future;
use tokio::sync::mpsc::UnboundedSender;

#[derive(Debug)]
pub enum Effect {
    Load { req: ReqId, what: Load },
    Mutate { req: ReqId, op: Mutation },
}

/// Something to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Load {
    Session,
    /// The acting user's workspaces, orgs and each org's usage.
    Workspaces,
    Members(OrgId),
    Teams(OrgId),
    TeamMembers {
        org: OrgId,
        team: TeamId,
    },
    Participants {
        org: OrgId,
        workspace: WorkspaceId,
    },
    Candidates(OrgId),
}

/// Something to change. Each carries the names its success message needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mutation {
    CreateWorkspace {
        org: OrgId,
        org_name: String,
        fields: WorkspaceFields,
    },
    UpdateWorkspace {
        org: OrgId,
        workspace: WorkspaceId,
        fields: WorkspaceFields,
    },
    DeleteWorkspace {
        org: OrgId,
        workspace: WorkspaceId,
        path: String,
    },
    AddMember {
        org: OrgId,
        email: String,
    },
    SetMemberRole {
        org: OrgId,
        member: MemberId,
        email: String,
        role: OrgRole,
    },
    SetDefaultRole {
        org: OrgId,
        member: MemberId,
        email: String,
        role: Option<WspRole>,
    },
    RemoveMember {
        org: OrgId,
        member: MemberId,
        email: String,
    },
    CreateTeam {
        org: OrgId,
        fields: TeamFields,
    },
    DeleteTeam {
        org: OrgId,
        team: TeamId,
        name: String,
    },
    AddTeamMember {
        org: OrgId,
        team: TeamId,
        team_name: String,
        user: String,
    },
    RemoveTeamMember {
        org: OrgId,
        team: TeamId,
        team_name: String,
        member: MemberId,
        email: String,
    },
    AddParticipant {
        org: OrgId,
        workspace: WorkspaceId,
        who: ParticipantRef,
        label: String,
        role: WspRole,
    },
    BulkAdd {
        org: OrgId,
        workspace: WorkspaceId,
        lines: String,
        role: WspRole,
    },
    SetParticipantRole {
        org: OrgId,
        workspace: WorkspaceId,
        participant: ParticipantId,
        label: String,
        role: WspRole,
    },
    RemoveParticipant {
        org: OrgId,
        workspace: WorkspaceId,
        participant: ParticipantId,
        label: String,
    },
}

impl Mutation {
    /// The toast shown when it worked.
    pub fn success(&self) -> String {
        match self {
            Mutation::CreateWorkspace {
                org_name, fields, ..
            } => format!("Created workspace {org_name}/{}", fields.name),
            Mutation::UpdateWorkspace { fields, .. } => {
                format!("Saved workspace {} ({})", fields.name, fields.visibility)
            }
            Mutation::DeleteWorkspace { path, .. } => format!("Deleted workspace {path}"),
            Mutation::AddMember { email, .. } => format!("Added {email} to the org"),
            Mutation::SetMemberRole { email, role, .. } => {
                format!("{email} is now an org {role}")
            }
            Mutation::SetDefaultRole {
                email,
                role: Some(role),
                ..
            } => format!("{email} now has the default role {role} in every workspace"),
            Mutation::SetDefaultRole {
                email, role: None, ..
            } => format!("{email} no longer has a default role"),
            Mutation::RemoveMember { email, .. } => format!("Removed {email} from the org"),
            Mutation::CreateTeam { fields, .. } => format!("Created team {}", fields.name),
            Mutation::DeleteTeam { name, .. } => format!("Deleted team {name}"),
            Mutation::AddTeamMember {
                team_name, user, ..
            } => format!("Added {user} to team {team_name}"),
            Mutation::RemoveTeamMember {
                team_name, email, ..
            } => format!("Removed {email} from team {team_name}"),
            Mutation::AddParticipant { label, role, .. } => {
                format!("Added {label} as {role}")
            }
            Mutation::BulkAdd { .. } => "Bulk add finished".to_string(),
            Mutation::SetParticipantRole { label, role, .. } => {
                format!("{label} is now {role}")
            }
            Mutation::RemoveParticipant { label, .. } => format!("Removed {label}"),
        }
    }
}

/// Runs an effect on a tokio task and sends its reply to `tx`. A panic inside the client call
/// becomes an error reply instead of a lost task (the panic hook has already logged it).
pub fn spawn(client: SharedClient, effect: Effect, tx: UnboundedSender<Msg>) {
    tokio::spawn(async move {
        let fallback = fallback_reply(&effect);
        let msg = std::panic::AssertUnwindSafe(perform(client.as_ref(), effect))
            .catch_unwind()
            .await
            .unwrap_or(fallback);
        // The UI may have quit meanwhile; then nobody needs the reply.
        let _ = tx.send(msg);
    });
}

fn fallback_reply(effect: &Effect) -> Msg {
    fn error<T>() -> Result<T> {
        Err(crate::domain::Error::internal(
            "nfdeck failed internally while doing this (see the log file)",
        ))
    }
    match effect {
        Effect::Load { req, what } => Msg::Loaded {
            req: *req,
            what: what.clone(),
            result: error(),
        },
        Effect::Mutate { req, op } => Msg::Done {
            req: *req,
            op: op.clone(),
            result: error(),
        },
    }
}

/// Does the work of an effect and returns the reply.
pub async fn perform(client: &dyn Client, effect: Effect) -> Msg {
    match effect {
        Effect::Load { req, what } => {
            tracing::debug!(req, ?what, "load");
            let result = load(client, &what).await;
            if let Err(e) = &result {
                tracing::info!(req, ?what, error = %e, "load failed");
            }
            Msg::Loaded { req, what, result }
        }
        Effect::Mutate { req, op } => {
            tracing::info!(req, ?op, "change");
            let result = mutate(client, &op).await;
            if let Err(e) = &result {
                tracing::info!(req, error = %e, "change refused");
            }
            Msg::Done { req, op, result }
        }
    }
}

/// Reads every page of a paged list.
async fn all_pages<T, F, Fut>(fetch: F) -> Result<Vec<T>>
where
    F: Fn(Page) -> Fut,
    Fut: Future<Output = Result<Paged<T>>>,
{
    let mut page = Page::first(Page::MAX);
    let mut items = Vec::new();
    loop {
        let got = fetch(page.clone()).await?;
        let count = got.items.len();
        items.extend(got.items);
        if count == 0 || items.len() as u64 >= got.total {
            return Ok(items);
        }
        page = page.next();
    }
}

async fn members_and_collaborators(client: &dyn Client, org: OrgId) -> Result<Vec<Member>> {
    let mut members = all_pages(|p| client.list_members(org, p)).await?;
    members.extend(all_pages(|p| client.list_collaborators(org, p)).await?);
    Ok(members)
}

async fn load(client: &dyn Client, what: &Load) -> Result<Data> {
    Ok(match *what {
        Load::Session => Data::Session(client.session().await?),
        Load::Workspaces => {
            let workspaces = client.list_workspaces().await?;
            let orgs = client.list_orgs().await?;
            let mut usage = Vec::new();
            for org in &orgs {
                // Usage is a nicety: an org that does not share it still lists.
                if let Ok(u) = client.org_usage(org.id).await {
                    usage.push((org.id, u));
                }
            }
            Data::Workspaces {
                workspaces,
                orgs,
                usage,
            }
        }
        Load::Members(org) => Data::Members(org, members_and_collaborators(client, org).await?),
        Load::Teams(org) => Data::Teams(org, all_pages(|p| client.list_teams(org, p)).await?),
        Load::TeamMembers { org, team } => Data::TeamMembers(
            team,
            all_pages(|p| client.list_team_members(org, team, p)).await?,
        ),
        Load::Participants { org, workspace } => {
            let items = all_pages(|p| client.list_participants(org, workspace, p)).await?;
            let usage = client.participant_usage(org, workspace).await?;
            Data::Participants {
                workspace,
                items,
                usage,
            }
        }
        Load::Candidates(org) => Data::Candidates {
            members: members_and_collaborators(client, org).await?,
            teams: all_pages(|p| client.list_teams(org, p)).await?,
        },
    })
}

async fn mutate(client: &dyn Client, op: &Mutation) -> Result<Outcome> {
    match op.clone() {
        Mutation::CreateWorkspace { org, fields, .. } => {
            let ws = client.create_workspace(org, fields).await?;
            return Ok(Outcome::Created(ws.id));
        }
        Mutation::UpdateWorkspace {
            org,
            workspace,
            fields,
        } => {
            client.update_workspace(org, workspace, fields).await?;
        }
        Mutation::DeleteWorkspace { org, workspace, .. } => {
            client.delete_workspace(org, workspace).await?
        }
        Mutation::AddMember { org, email } => {
            let member = client.add_member(org, &email).await?;
            return Ok(Outcome::Created(member.member_id));
        }
        Mutation::SetMemberRole {
            org, member, role, ..
        } => client.set_member_role(org, member, role).await?,
        Mutation::SetDefaultRole {
            org, member, role, ..
        } => client.set_default_role(org, member, role).await?,
        Mutation::RemoveMember { org, member, .. } => client.remove_member(org, member).await?,
        Mutation::CreateTeam { org, fields } => {
            let team = client.create_team(org, fields).await?;
            return Ok(Outcome::Created(team.id));
        }
        Mutation::DeleteTeam { org, team, .. } => client.delete_team(org, team).await?,
        Mutation::AddTeamMember {
            org, team, user, ..
        } => {
            let member = client.add_team_member(org, team, &user).await?;
            return Ok(Outcome::Created(member.member_id));
        }
        Mutation::RemoveTeamMember {
            org, team, member, ..
        } => client.remove_team_member(org, team, member).await?,
        Mutation::AddParticipant {
            org,
            workspace,
            who,
            role,
            ..
        } => {
            let p = client
                .add_participant(org, workspace, who, Some(role))
                .await?;
            return Ok(Outcome::Created(p.id));
        }
        Mutation::BulkAdd {
            org,
            workspace,
            lines,
            role,
        } => {
            let results = client
                .add_participants_bulk(org, workspace, &lines, Some(role))
                .await?;
            return Ok(Outcome::Bulk(results));
        }
        Mutation::SetParticipantRole {
            org,
            workspace,
            participant,
            role,
            ..
        } => {
            client
                .set_participant_role(org, workspace, participant, role)
                .await?
        }
        Mutation::RemoveParticipant {
            org,
            workspace,
            participant,
            ..
        } => {
            client
                .remove_participant(org, workspace, participant)
                .await?
        }
    }
    Ok(Outcome::Done)
}
