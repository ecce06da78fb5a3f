//! The Seqera Platform REST API: its wire types (`dto`, named exactly as the spec's schemas and
//! fields, shared by the server and the remote client), the mapping between them and the domain
//! types (`convert`), and the HTTP server over the engine (`server`, `nfdeck serve`).
//!
//! What the public API lacks (org default roles, users, the audit log, effective-role sources)
//! is served under [`EXT_PREFIX`] and announced by `GET /service-info`.

pub mod convert;
pub mod dto;
pub mod server;

/// The prefix of nfdeck's own endpoints, which no Seqera server offers.
pub const EXT_PREFIX: &str = "/ext/nfdeck";

/// The version of the extension endpoints; bumped when they change incompatibly.
pub const EXT_VERSION: u32 = 1;

/// The Seqera API version whose paths and schemas this build follows.
pub const API_VERSION: &str = "1.187.0";

/// A response header of `nfdeck serve` that tells a tier limit (`LimitExceeded`) from other
/// bad input: both are 400 with a message. Other clients ignore it.
pub const ERROR_KIND_HEADER: &str = "x-nfdeck-error";

/// The value of [`ERROR_KIND_HEADER`] for a tier limit.
pub const LIMIT_EXCEEDED: &str = "limit-exceeded";
