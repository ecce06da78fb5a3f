//! What a group of run-progress writes has already learnt about who may write where.
//!
//! Nextflow sends a progress call every second for every running pipeline, and each one asks
//! the same two questions before it writes: which workspace is this, and what is the caller's
//! role there. Within one group commit the answers cannot change between two such writes:
//! the group holds the write lock (SQLite's `BEGIN IMMEDIATE`, PostgreSQL's advisory lock on
//! every replica), and a progress write touches only runs and tasks. So the group asks once
//! per caller and workspace, and forgets everything as soon as any other kind of write runs in
//! it (see `shared::group`).
//!
//! The same holds for the access tokens progress reports arrive with (`progress_reports`): a
//! token is revoked only by another kind of write.

use super::Actor;
use super::store::workspaces::WorkspaceRow;
use crate::domain::{EffectiveRole, Result, UserId, WorkspaceId};
use std::cell::RefCell;
use std::collections::HashMap;

type Key = (UserId, bool, WorkspaceId);

/// A visible workspace and the caller's role in it, per caller and workspace.
#[derive(Default)]
pub struct AccessMemo {
    seen: RefCell<HashMap<Key, (WorkspaceRow, EffectiveRole)>>,
    /// Whose each token is (or why it is not valid), by the token as sent.
    tokens: RefCell<HashMap<String, Result<Actor>>>,
}

impl AccessMemo {
    pub fn get(&self, actor: &Actor, ws: WorkspaceId) -> Option<(WorkspaceRow, EffectiveRole)> {
        self.seen.borrow().get(&key(actor, ws)).cloned()
    }

    pub fn keep(&self, actor: &Actor, ws: WorkspaceId, found: &(WorkspaceRow, EffectiveRole)) {
        self.seen.borrow_mut().insert(key(actor, ws), found.clone());
    }

    pub fn token(&self, token: &str) -> Option<Result<Actor>> {
        self.tokens.borrow().get(token).cloned()
    }

    pub fn keep_token(&self, token: &str, holder: &Result<Actor>) {
        self.tokens
            .borrow_mut()
            .insert(token.to_string(), holder.clone());
    }

    /// A write that may change workspaces, roles or tokens ran: nothing learnt before it
    /// holds.
    pub fn forget(&self) {
        self.seen.borrow_mut().clear();
        self.tokens.borrow_mut().clear();
    }
}

fn key(actor: &Actor, ws: WorkspaceId) -> Key {
    (actor.user_id, actor.operator, ws)
}
