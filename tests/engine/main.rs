//! Engine rule tests: one test binary, one module per area. Each test builds its own engine
//! through the helpers in `support` and asserts what a user would see (results and messages).
//! The engine is in memory (SQLite) by default; `NFDECK_TEST_STORE=postgres` runs the same
//! tests on fresh PostgreSQL databases (`pg_support`).

#[path = "../pg_support.rs"]
mod pg_support;
mod support;

mod actions;
mod apply_permission;
mod audit;
mod cascade;
mod changes;
mod client;
mod compute;
mod credentials;
mod credits;
mod custom_role_holders;
mod custom_roles;
mod cut_proxy;
mod labels;
mod launch;
mod launchpad;
mod lost_commits;
mod members;
mod migrations;
mod names_free;
mod orgs;
mod participants;
mod persistence;
mod postgres;
mod progress_groups;
mod run_changes;
mod runs;
mod studios;
mod teams;
mod workspaces;
