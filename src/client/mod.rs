//! The client interface the TUI (and `apply`/`export`) talk to, with two implementations: the
//! embedded engine (`embedded`) and the Seqera REST API (`remote`). The interface is
//! split into one trait per area; `Client` is all of them together.

pub mod embedded;
mod orgs;
mod participants;
pub mod remote;
mod session;
mod workspaces;

pub use orgs::{OrgClient, TeamClient};
pub use participants::{ParticipantClient, bulk_lines};
pub use session::{Capabilities, SessionClient};
pub use workspaces::WorkspaceClient;

use std::sync::Arc;

/// Everything a front end can ask of a backend.
pub trait Client:
    SessionClient + OrgClient + TeamClient + WorkspaceClient + ParticipantClient
{
}

impl<T> Client for T where
    T: SessionClient + OrgClient + TeamClient + WorkspaceClient + ParticipantClient
{
}

/// The shared handle the TUI keeps.
pub type SharedClient = Arc<dyn Client>;
