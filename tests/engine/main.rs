//! Engine rule tests: one test binary, one module per area. Each test builds its own in-memory
//! engine through the helpers in `support` and asserts what a user would see (results and
//! messages).

mod support;

mod audit;
mod members;
mod orgs;
mod participants;
mod persistence;
mod teams;
mod workspaces;
