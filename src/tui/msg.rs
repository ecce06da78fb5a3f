//! The one message type: everything that can change the model arrives as a `Msg`, from the
//! terminal (keys, mouse, paste, resize), the clock (spinner ticks) or the effects driver
//! (replies to client calls).

use super::effects::{Load, Mutation};
use crate::domain::{
    BulkLine, ComputeEnv, Credentials, Label, LaunchOptions, Member, Org, OrgBilling, OrgId,
    OrgUsage, Participant, Pipeline, Result, Run, Scope, Session, StudiosSettings, Team, TeamId,
    Usage, Workspace, WorkspaceCredits, WorkspaceId,
};
use ratatui::crossterm::event::{KeyEvent, MouseEvent};

/// Tags a request so that a reply to an older request can be recognised and dropped.
pub type ReqId = u64;

#[derive(Debug)]
pub enum Msg {
    /// A key press (releases and repeats are filtered out at the source).
    Key(KeyEvent),
    Mouse(MouseEvent),
    /// Bracketed paste: the pasted text in one piece.
    Paste(String),
    Resize {
        width: u16,
        height: u16,
    },
    /// The spinner clock (every 100 ms).
    Tick,
    /// A signal asked nfdeck to stop.
    Quit,
    /// The reply to a `Load` effect.
    Loaded {
        req: ReqId,
        what: Load,
        result: Result<Data>,
    },
    /// A `Timer` effect's time has come.
    Timer {
        req: ReqId,
    },
    /// The reply to a `Mutate` effect.
    Done {
        req: ReqId,
        op: Mutation,
        result: Result<Outcome>,
    },
}

/// What a load brought back.
#[derive(Debug)]
pub enum Data {
    Session(Session),
    /// Workspaces and orgs come together, so the Workspaces list is built from one reply.
    Workspaces {
        workspaces: Vec<Workspace>,
        orgs: Vec<Org>,
        usage: Vec<(OrgId, OrgUsage)>,
    },
    /// Members and collaborators of an org.
    Members(OrgId, Vec<Member>),
    Teams(OrgId, Vec<Team>),
    TeamMembers(TeamId, Vec<Member>),
    Participants {
        workspace: WorkspaceId,
        items: Vec<Participant>,
        usage: Usage,
    },
    /// What an "add" field suggests: the org's members, collaborators and teams.
    Candidates {
        members: Vec<Member>,
        teams: Vec<Team>,
    },
    /// A Launchpad listing, with the workspace's pipeline usage.
    Pipelines {
        scope: Scope,
        items: Vec<Pipeline>,
        usage: Option<Usage>,
    },
    /// What the workspace's forms choose from: its compute environments, credentials and
    /// labels (simple and resource).
    Resources {
        scope: Scope,
        envs: Vec<ComputeEnv>,
        credentials: Vec<Credentials>,
        labels: Vec<Label>,
        label_usage: Option<Usage>,
    },
    LaunchOptions(Box<LaunchOptions>),
    /// One page of runs; `total` is what matches (capped with a search).
    Runs {
        scope: Scope,
        offset: u32,
        items: Vec<Run>,
        total: u64,
    },
    Run(Box<Run>),
    /// The Settings tab's credits: this workspace's, and the org's billing when the user may
    /// see it. An error of either says why in place.
    Credits {
        scope: Scope,
        credits: Result<WorkspaceCredits>,
        billing: Option<Result<OrgBilling>>,
    },
    Studios {
        scope: Scope,
        settings: Result<StudiosSettings>,
    },
}

/// What a change brought back.
#[derive(Debug)]
pub enum Outcome {
    Done,
    /// Something new, by id: its list selects it once it has reloaded.
    Created(i64),
    /// One result per line of a bulk add.
    Bulk(Vec<BulkLine>),
    /// Something new with a text id (compute environments, credentials).
    CreatedKey(String),
    /// A launch: the new run.
    Launched(Box<Run>),
}
