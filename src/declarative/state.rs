//! The current state, read through the client (so plans and exports work against the embedded
//! engine and a remote server alike). Independent reads run concurrently.

use crate::client::Client;
use crate::domain::{Member, Org, Page, Paged, Participant, Result, Team, User, Workspace};
use futures::future::try_join_all;
use std::future::Future;

#[derive(Clone, Debug, Default)]
pub struct State {
    /// Every user; None when the acting user may not list users (not the operator).
    pub users: Option<Vec<User>>,
    pub orgs: Vec<OrgState>,
}

#[derive(Clone, Debug)]
pub struct OrgState {
    pub org: Org,
    /// Owners and members.
    pub members: Vec<Member>,
    pub collaborators: Vec<Member>,
    pub teams: Vec<TeamState>,
    pub workspaces: Vec<WorkspaceState>,
}

#[derive(Clone, Debug)]
pub struct TeamState {
    pub team: Team,
    pub members: Vec<Member>,
}

#[derive(Clone, Debug)]
pub struct WorkspaceState {
    pub workspace: Workspace,
    pub participants: Vec<Participant>,
}

impl State {
    pub fn org(&self, name: &str) -> Option<&OrgState> {
        self.orgs
            .iter()
            .find(|o| o.org.name.eq_ignore_ascii_case(name))
    }

    pub fn user(&self, email: &str) -> Option<&User> {
        self.users
            .as_ref()?
            .iter()
            .find(|u| u.email.eq_ignore_ascii_case(email))
    }
}

impl OrgState {
    /// An owner, member or collaborator by email.
    pub fn person(&self, email: &str) -> Option<&Member> {
        self.members
            .iter()
            .chain(&self.collaborators)
            .find(|m| m.email.eq_ignore_ascii_case(email))
    }

    pub fn team(&self, name: &str) -> Option<&TeamState> {
        self.teams
            .iter()
            .find(|t| t.team.name.eq_ignore_ascii_case(name))
    }

    pub fn workspace(&self, name: &str) -> Option<&WorkspaceState> {
        self.workspaces
            .iter()
            .find(|w| w.workspace.name.eq_ignore_ascii_case(name))
    }
}

/// Reads every page of a paged list.
pub async fn all_pages<T, F, Fut>(mut fetch: F) -> Result<Vec<T>>
where
    F: FnMut(Page) -> Fut,
    Fut: Future<Output = Result<Paged<T>>>,
{
    let mut page = Page::first(Page::MAX);
    let mut items = Vec::new();
    loop {
        let batch = fetch(page.clone()).await?;
        let got = batch.items.len();
        items.extend(batch.items);
        if got == 0 || items.len() as u64 >= batch.total {
            return Ok(items);
        }
        page = page.next();
    }
}

/// Reads the users (when allowed) and the given orgs (all visible orgs when `only` is None).
pub async fn read(client: &dyn Client, only: Option<&[String]>) -> Result<State> {
    let can_list_users = client.capabilities().await?.manage_users;
    let users = if can_list_users {
        Some(all_pages(|p| client.list_users(p)).await?)
    } else {
        None
    };
    let orgs: Vec<Org> = client
        .list_orgs()
        .await?
        .into_iter()
        .filter(|o| only.is_none_or(|names| names.iter().any(|n| n.eq_ignore_ascii_case(&o.name))))
        .collect();
    let orgs = try_join_all(orgs.into_iter().map(|org| read_org(client, org))).await?;
    Ok(State { users, orgs })
}

/// Reads one org: members, collaborators, teams with members, workspaces with participants.
pub async fn read_org(client: &dyn Client, org: Org) -> Result<OrgState> {
    let id = org.id;
    let (members, collaborators, teams, workspaces) = futures::try_join!(
        all_pages(|p| client.list_members(id, p)),
        all_pages(|p| client.list_collaborators(id, p)),
        all_pages(|p| client.list_teams(id, p)),
        client.list_org_workspaces(id),
    )?;
    let teams = try_join_all(teams.into_iter().map(|team| async move {
        let members = all_pages(|p| client.list_team_members(id, team.id, p)).await?;
        Ok::<_, crate::domain::Error>(TeamState { team, members })
    }))
    .await?;
    let workspaces = try_join_all(workspaces.into_iter().map(|workspace| async move {
        // A workspace the user only sees because it is SHARED has no readable participants.
        let participants = if workspace.my_role.role().is_some() {
            all_pages(|p| client.list_participants(id, workspace.id, p)).await?
        } else {
            Vec::new()
        };
        Ok::<_, crate::domain::Error>(WorkspaceState {
            workspace,
            participants,
        })
    }))
    .await?;
    Ok(OrgState {
        org,
        members,
        collaborators,
        teams,
        workspaces,
    })
}
