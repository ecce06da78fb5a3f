//! The one message type: everything that can change the model arrives as a `Msg`, from the
//! terminal (keys, mouse, paste, resize), the clock (spinner ticks) or the effects driver
//! (replies to client calls).

use super::effects::{Load, Mutation};
use crate::domain::{
    BulkLine, Member, Org, OrgId, OrgUsage, Participant, Result, Session, Team, TeamId, Usage,
    Workspace, WorkspaceId,
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
}

/// What a change brought back.
#[derive(Debug)]
pub enum Outcome {
    Done,
    /// Something new, by id: its list selects it once it has reloaded.
    Created(i64),
    /// One result per line of a bulk add.
    Bulk(Vec<BulkLine>),
}
