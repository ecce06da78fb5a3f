//! The wire types: serde structs named as the spec's `components/schemas` (1.187.0), one file
//! per area, shared by the server and the remote client. Every field is optional, so answers
//! from real servers decode whatever they omit or add; requests leave out what is `None`.
//! Schema names with dots or generics drop them (`ListComputeEnvsResponse.Entry` is
//! `ListComputeEnvsResponseEntry`).

#[macro_use]
mod macros;

pub mod actions;
pub mod audit;
pub mod common;
pub mod compute;
pub mod credentials;
pub mod ext;
pub mod labels;
pub mod launch;
pub mod members;
pub mod orgs;
pub mod participants;
pub mod pipelines;
pub mod roles;
pub mod secrets;
pub mod teams;
pub mod trace;
pub mod user;
pub mod workflow;
pub mod workspaces;

pub use common::*;
pub use ext::*;
pub use members::*;
pub use orgs::*;
pub use participants::*;
pub use teams::*;
pub use user::*;
pub use workspaces::*;
