//! Terminal UI tests: one binary, one module per area. The model is driven with keys and its
//! effects run against the demo data in an in-memory engine (no terminal, no clock); screens
//! are drawn into ratatui's `TestBackend` for insta snapshots.

#[path = "../pg_support.rs"]
mod pg_support;
mod support;

mod access;
mod actions;
mod audit;
mod command_line;
mod compute;
mod config;
mod copy;
mod credentials;
mod custom_roles;
mod impact;
mod launchpad;
mod live;
mod marks;
mod participants;
mod readonly;
mod rules;
mod run_labels;
mod runs;
mod secrets;
mod settings;
mod shell;
mod snapshots;
mod tokens;
mod workspaces;
