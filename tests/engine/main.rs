//! Engine rule tests: one test binary, one module per area. Each test builds its own in-memory
//! engine through the helpers in `support` and asserts what a user would see (results and
//! messages).

mod support;

mod actions;
mod audit;
mod cascade;
mod client;
mod compute;
mod credentials;
mod credits;
mod labels;
mod launch;
mod launchpad;
mod members;
mod orgs;
mod participants;
mod persistence;
mod run_changes;
mod runs;
mod studios;
mod teams;
mod workspaces;
