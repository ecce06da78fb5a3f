//! Engine rule tests: one test binary, one module per area. Each test builds its own in-memory
//! engine through the helpers below and asserts what a user would see (results and messages).

mod support;

mod actions;
mod cascade;
mod client;
mod compute;
mod credentials;
mod credits;
mod labels;
mod launch;
mod launchpad;
mod orgs;
mod runs;
mod studios;
