//! `nfdeck serve` over real HTTP on 127.0.0.1: the router runs in-process on port 0 against a
//! fresh database file (see `support`), and the remote client (or plain HTTP) talks to it. One binary, a module
//! per concern.

#[path = "../pg_support.rs"]
mod pg_support;
mod support;

mod action_update;
mod apply_dispatch;
mod apply_export;
mod apply_race;
mod audit;
mod auth;
mod behaviour;
mod bodies;
mod busy;
mod catalog;
mod connections;
mod contract;
mod credits;
mod impact;
mod killed;
mod leave;
mod live;
mod nextflow;
mod openapi;
mod paging;
mod parity;
mod read_after_write;
mod replicas;
mod role_holders;
mod roles;
mod run_history;
mod secrets;
mod spec_only;
mod spec_schema;
mod tokens;
mod tolerant;
mod user_access;
mod wire;
mod workspace_areas;
