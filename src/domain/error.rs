//! The one error type every layer returns. Each carries a message meant for the user: it names
//! the object and the rule, so the TUI, the CLI and the HTTP server can show it as it is.

use std::fmt;

/// What kind of failure this is; decides the HTTP status and how the TUI presents it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Bad input: a name, email, role, file or body that breaks a rule (HTTP 400).
    Invalid,
    /// A tier limit would be exceeded (HTTP 400, the message names the limit).
    LimitExceeded,
    /// The object does not exist, or the acting user may not know that it does (HTTP 404).
    NotFound,
    /// A duplicate, or a state that forbids the change (HTTP 409).
    Conflict,
    /// The acting user's role does not allow it (HTTP 403).
    Forbidden,
    /// No valid credentials (HTTP 401).
    Unauthorized,
    /// The server does not offer this feature (for example credits on Seqera Cloud).
    Unavailable,
    /// The server could not be reached, or did not answer in time.
    Network,
    /// The server failed (HTTP 5xx) or answered something that could not be read.
    Server,
    /// The database is locked by another writer and stayed so past the wait limit: nothing
    /// was changed, and the same request can be tried again (HTTP 503 with `Retry-After`).
    Busy,
    /// A fault inside nfdeck itself (storage, encryption); never the user's input.
    Internal,
}

impl ErrorKind {
    /// Whether the same request may succeed if tried again unchanged (the server or the
    /// network failed, the database was busy). A refusal (role, rule, missing object, a
    /// feature the server lacks) stays one until something else changes.
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            ErrorKind::Network | ErrorKind::Server | ErrorKind::Busy | ErrorKind::Internal
        )
    }
}

/// Why every change is refused in a read-only session (the UI shows it beside each disabled
/// key; the read-only client returns it for each change).
pub const READ_ONLY_SESSION: &str = "read-only session";

/// An error with a message a user can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Invalid, message)
    }
    pub fn limit(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::LimitExceeded, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Conflict, message)
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Forbidden, message)
    }
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unauthorized, message)
    }
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unavailable, message)
    }
    pub fn network(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Network, message)
    }
    pub fn server(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Server, message)
    }
    pub fn busy(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Busy, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }
    /// A change refused because the session is read-only (`--readonly`, or `readonly = true`
    /// in the profile); `what` names the change.
    pub fn read_only(what: &str) -> Self {
        Self::forbidden(format!("{what}: {READ_ONLY_SESSION}"))
    }

    /// Prefixes the message with the object it concerns, e.g. `workspace 'rnaseq': ...`.
    pub fn about(mut self, object: impl fmt::Display) -> Self {
        self.message = format!("{object}: {}", self.message);
        self
    }

    pub fn is(&self, kind: ErrorKind) -> bool {
        self.kind == kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Adds the object an error concerns to any result.
pub trait ResultExt<T> {
    fn about(self, object: impl fmt::Display) -> Result<T>;
}

impl<T> ResultExt<T> for Result<T> {
    fn about(self, object: impl fmt::Display) -> Result<T> {
        self.map_err(|e| e.about(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_failures_that_may_pass_are_transient() {
        for kind in [ErrorKind::Network, ErrorKind::Server, ErrorKind::Busy] {
            assert!(kind.is_transient(), "{kind:?}");
        }
        for kind in [
            ErrorKind::Forbidden,
            ErrorKind::Unauthorized,
            ErrorKind::NotFound,
            ErrorKind::Invalid,
            ErrorKind::Unavailable,
        ] {
            assert!(!kind.is_transient(), "{kind:?}");
        }
    }
}
