//! The current state, read through the client (so plans and exports work against the embedded
//! engine and a remote server alike). Independent reads run concurrently.

mod lookup;
mod workspace;

pub use lookup::reference;
pub use workspace::WorkspaceContent;

use crate::client::Client;
use crate::domain::changes::Progress;
use crate::domain::{
    CustomRole, Member, Org, OrgBilling, Page, Paged, Participant, Result, Scope, Team, User,
    Workspace,
};
use futures::future::try_join_all;
use std::collections::BTreeSet;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

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
    /// Custom roles, by name.
    pub roles: Vec<CustomRole>,
    pub workspaces: Vec<WorkspaceState>,
    /// Balance and allocations; None when the backend does not offer credits or the acting
    /// user may not see them (collaborators).
    pub billing: Option<OrgBilling>,
    /// Why the acting user may not read the org's members and teams (a collaborator): the
    /// lists above are then empty and unknown, and a file that manages them is refused with
    /// this rule, while the workspace contents it does manage are planned as usual.
    pub people_hidden: Option<String>,
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
    /// None when the acting user has no role there (a SHARED workspace seen as an org member):
    /// then nothing is known about its contents.
    pub content: Option<WorkspaceContent>,
}

/// What to read.
#[derive(Clone, Debug, Default)]
pub struct Reading {
    /// Only these orgs (by name); None for every visible org.
    pub orgs: Option<Vec<String>>,
    pub runs: Runs,
    /// Hears how many runs have been read (an export's progress).
    pub runs_read: RunCounter,
}

/// Counts the runs read so far across workspaces read concurrently, and tells a progress
/// reporter `(read, total)`; the total grows as each workspace's first page says how many
/// it holds.
#[derive(Clone, Default)]
pub struct RunCounter(Option<Arc<Counted>>);

struct Counted {
    read: AtomicU64,
    total: AtomicU64,
    progress: Progress,
}

impl RunCounter {
    pub fn reporting(progress: Progress) -> RunCounter {
        RunCounter(Some(Arc::new(Counted {
            read: AtomicU64::new(0),
            total: AtomicU64::new(0),
            progress,
        })))
    }

    /// A page of `got` runs; `first_of` is the workspace's run count on its first page.
    fn page(&self, got: usize, first_of: Option<u64>) {
        let Some(c) = &self.0 else { return };
        let total = match first_of {
            Some(n) => c.total.fetch_add(n, Ordering::Relaxed) + n,
            None => c.total.load(Ordering::Relaxed),
        };
        let read = c.read.fetch_add(got as u64, Ordering::Relaxed) + got as u64;
        (c.progress)(read, total.max(read));
    }
}

impl std::fmt::Debug for RunCounter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RunCounter")
    }
}

/// Whose runs to read: a million runs are read only when needed.
#[derive(Clone, Debug, Default)]
pub enum Runs {
    #[default]
    None,
    All,
    /// `(org, workspace)`, lower case.
    Of(BTreeSet<(String, String)>),
}

impl Runs {
    fn of(&self, org: &str, ws: &str) -> bool {
        match self {
            Runs::None => false,
            Runs::All => true,
            Runs::Of(set) => set.contains(&(org.to_ascii_lowercase(), ws.to_ascii_lowercase())),
        }
    }
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

    pub fn role(&self, name: &str) -> Option<&CustomRole> {
        self.roles
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(name))
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

/// Reads the users (when allowed) and the given orgs (all visible orgs when `only` is None),
/// with every run.
pub async fn read(client: &dyn Client, only: Option<&[String]>) -> Result<State> {
    read_counting(client, only, RunCounter::default()).await
}

/// `read`, counting the runs read with `runs_read`.
pub async fn read_counting(
    client: &dyn Client,
    only: Option<&[String]>,
    runs_read: RunCounter,
) -> Result<State> {
    let reading = Reading {
        orgs: only.map(<[String]>::to_vec),
        runs: Runs::All,
        runs_read,
    };
    read_with(client, &reading).await
}

/// Reads what `reading` asks for.
pub async fn read_with(client: &dyn Client, reading: &Reading) -> Result<State> {
    let only = reading.orgs.as_deref();
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
    let orgs = try_join_all(orgs.into_iter().map(|org| read_org(client, org, reading))).await?;
    Ok(State { users, orgs })
}

/// Reads one org: members, collaborators, teams with members, billing, and workspaces with
/// participants and contents.
pub async fn read_org(client: &dyn Client, org: Org, reading: &Reading) -> Result<OrgState> {
    let id = org.id;
    let (people, workspaces, billing, roles) = futures::try_join!(
        read_people(client, id),
        client.list_org_workspaces(id),
        workspace::optional(client.org_billing(id)),
        workspace::optional(client.list_custom_roles(id)),
    )?;
    let org_name = org.name.clone();
    let workspaces = try_join_all(
        workspaces
            .into_iter()
            .map(|workspace| read_workspace(client, id, &org_name, workspace, reading)),
    )
    .await?;
    Ok(OrgState {
        org,
        members: people.members,
        collaborators: people.collaborators,
        teams: people.teams,
        // A server without custom roles has none.
        roles: roles.unwrap_or_default(),
        workspaces,
        billing,
        people_hidden: people.hidden,
    })
}

#[derive(Default)]
struct People {
    members: Vec<Member>,
    collaborators: Vec<Member>,
    teams: Vec<TeamState>,
    hidden: Option<String>,
}

/// The org's members, collaborators and teams with their members; a refusal to show them
/// (a collaborator may not) is kept as the reason, not raised: the caller may still manage
/// workspace contents.
async fn read_people(client: &dyn Client, id: crate::domain::OrgId) -> Result<People> {
    let read = async {
        let (members, collaborators, teams) = futures::try_join!(
            all_pages(|p| client.list_members(id, p)),
            all_pages(|p| client.list_collaborators(id, p)),
            all_pages(|p| client.list_teams(id, p)),
        )?;
        let teams = try_join_all(teams.into_iter().map(|team| async move {
            let members = all_pages(|p| client.list_team_members(id, team.id, p)).await?;
            Ok::<_, crate::domain::Error>(TeamState { team, members })
        }))
        .await?;
        Ok::<_, crate::domain::Error>(People {
            members,
            collaborators,
            teams,
            hidden: None,
        })
    };
    match read.await {
        Err(e) if e.kind == crate::domain::ErrorKind::Forbidden => Ok(People {
            hidden: Some(e.message),
            ..People::default()
        }),
        other => other,
    }
}

async fn read_workspace(
    client: &dyn Client,
    org: crate::domain::OrgId,
    org_name: &str,
    workspace: Workspace,
    reading: &Reading,
) -> Result<WorkspaceState> {
    // A workspace the user only sees because it is SHARED has no readable participants or
    // contents.
    if workspace.my_role.role().is_none() {
        return Ok(WorkspaceState {
            workspace,
            participants: Vec::new(),
            content: None,
        });
    }
    let scope = Scope::Workspace(workspace.id);
    let with_runs = reading
        .runs
        .of(org_name, &workspace.name)
        .then_some(&reading.runs_read);
    let (participants, content) = futures::try_join!(
        all_pages(|p| client.list_participants(org, workspace.id, p)),
        workspace::read_content(client, scope, with_runs),
    )?;
    Ok(WorkspaceState {
        workspace,
        participants,
        content: Some(content),
    })
}
