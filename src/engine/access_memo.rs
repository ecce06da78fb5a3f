//! What a group of run-progress writes has already learnt about who may write where.
//!
//! Nextflow sends a progress call every second for every running pipeline, and each one asks
//! the same two questions before it writes: which workspace is this, and what is the caller's
//! role there. Within one group commit the answers cannot change between two such writes:
//! the group holds the write lock (SQLite's `BEGIN IMMEDIATE`, PostgreSQL's advisory lock on
//! every replica), and a progress write touches only runs and tasks. So the group asks once
//! per caller and workspace, and forgets everything as soon as any other kind of write runs in
//! it (see `shared::group`).

use super::Actor;
use super::store::workspaces::WorkspaceRow;
use crate::domain::{EffectiveRole, UserId, WorkspaceId};
use std::cell::RefCell;
use std::collections::HashMap;

type Key = (UserId, bool, WorkspaceId);

/// A visible workspace and the caller's role in it, per caller and workspace.
#[derive(Default)]
pub struct AccessMemo {
    seen: RefCell<HashMap<Key, (WorkspaceRow, EffectiveRole)>>,
}

impl AccessMemo {
    pub fn get(&self, actor: &Actor, ws: WorkspaceId) -> Option<(WorkspaceRow, EffectiveRole)> {
        self.seen.borrow().get(&key(actor, ws)).cloned()
    }

    pub fn keep(&self, actor: &Actor, ws: WorkspaceId, found: &(WorkspaceRow, EffectiveRole)) {
        self.seen.borrow_mut().insert(key(actor, ws), found.clone());
    }

    /// A write that may change workspaces or roles ran: nothing learnt before it holds.
    pub fn forget(&self) {
        self.seen.borrow_mut().clear();
    }
}

fn key(actor: &Actor, ws: WorkspaceId) -> Key {
    (actor.user_id, actor.operator, ws)
}
