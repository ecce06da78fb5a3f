//! The client interface the TUI (and `apply`/`export`) talk to, with two implementations: the
//! embedded engine (`embedded`) and the Seqera REST API (`remote`). The interface is
//! split into one trait per area; `Client` is all of them together.

pub mod access;
mod actions;
mod compute;
mod credentials;
pub mod embedded;
pub mod impact;
mod launchpad;
mod orgs;
mod participants;
mod readonly;
pub mod remote;
mod roles;
mod runs;
mod secrets;
mod session;
mod settings;
mod tokens;
mod workspaces;

pub use actions::ActionClient;
pub use compute::ComputeClient;
pub use credentials::CredentialsClient;
pub use launchpad::LaunchpadClient;
pub use orgs::{OrgClient, TeamClient};
pub use participants::{ParticipantClient, bulk_lines};
pub use readonly::ReadOnlyClient;
pub use roles::RoleClient;
pub use runs::RunClient;
pub use secrets::SecretClient;
pub use session::{Capabilities, SessionClient};
pub use settings::SettingsClient;
pub use tokens::TokenClient;
pub use workspaces::{WorkspaceClient, find_workspace};

use std::sync::Arc;

/// Everything a front end can ask of a backend.
pub trait Client:
    SessionClient
    + OrgClient
    + TeamClient
    + WorkspaceClient
    + ParticipantClient
    + RoleClient
    + LaunchpadClient
    + ComputeClient
    + CredentialsClient
    + RunClient
    + ActionClient
    + SettingsClient
    + TokenClient
    + SecretClient
{
}

impl<T> Client for T where
    T: SessionClient
        + OrgClient
        + TeamClient
        + WorkspaceClient
        + ParticipantClient
        + RoleClient
        + LaunchpadClient
        + ComputeClient
        + CredentialsClient
        + RunClient
        + ActionClient
        + SettingsClient
        + TokenClient
        + SecretClient
{
}

/// The shared handle the TUI keeps.
pub type SharedClient = Arc<dyn Client>;
