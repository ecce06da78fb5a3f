//! Mapping between the wire types (`api::dto`) and the domain types, both ways: the server
//! answers with the first, the remote client reads the second. Requests that lack a required
//! field are `Invalid` (HTTP 400); answers that lack one are a `Server` error.

pub mod actions;
pub mod audit;
pub mod compute;
pub mod credentials;
pub mod labels;
pub mod launch;
pub mod members;
pub mod orgs;
pub mod participants;
pub mod pipelines;
pub mod roles;
pub mod run_launch;
pub mod runs;
pub mod secrets;
pub mod teams;
pub mod trace;
pub mod users;
pub mod workspaces;

use crate::domain::{Error, Result};

/// A field a server's answer must have.
pub(crate) fn need<T>(value: Option<T>, what: &str) -> Result<T> {
    value.ok_or_else(|| Error::server(format!("the server's answer has no {what}")))
}

/// A field a request must have.
pub(crate) fn required<T>(value: Option<T>, what: &str) -> Result<T> {
    value.ok_or_else(|| Error::invalid(format!("{what} is required")))
}

/// An empty text as the wire's absent field.
pub(crate) fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}
