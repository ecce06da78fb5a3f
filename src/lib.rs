//! nfdeck: a keyboard-driven terminal console for Seqera-style pipeline-platform workspaces.
//!
//! Layers, and who may use whom: `tui` -> `client`, `domain`; `client` -> `engine`, `api`,
//! `domain`; `declarative` -> `client`, `domain`; `engine` -> `domain`.

pub mod api;
pub mod cli;
pub mod client;
pub mod commands;
pub mod config;
pub mod declarative;
pub mod domain;
pub mod engine;
pub mod logging;
pub mod signals;
pub mod tui;
