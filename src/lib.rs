//! nfdeck: a keyboard-driven terminal console for Seqera-style pipeline-platform workspaces.
//!
//! Layers, and who may use whom: `tui` -> `client`, `domain`; `client` -> `engine`, `api`,
//! `domain`; `declarative` -> `client`, `domain`; `engine` -> `domain`.

pub mod client;
pub mod domain;
pub mod engine;
