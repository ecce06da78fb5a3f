//! Engine rule tests: one test binary, one module per area. Each test builds its own in-memory
//! engine through the helpers below and asserts what a user would see (results and messages).

mod support;

mod orgs;
mod labels;
mod credentials;
mod compute;
mod launchpad;
mod launch;
mod runs;
mod actions;
mod studios;
mod credits;
