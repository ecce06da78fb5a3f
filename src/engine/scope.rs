//! Helpers shared by the workspace-scoped areas (labels, compute, credentials, Launchpad,
//! runs): the tier that sets a workspace's limits and how messages name a workspace.

use super::Ctx;
use super::access::path;
use super::store::{self, workspaces::WorkspaceRow};
use crate::domain::{Result, Tier};

impl Ctx<'_> {
    /// The tier whose limits apply: the org's, or basic for a personal workspace (the
    /// per-workspace limits are the same on every tier).
    pub(crate) fn tier_of(&self, ws: &WorkspaceRow) -> Result<Tier> {
        match ws.org_id {
            Some(org) => Ok(store::orgs::by_id(self.conn, org)?
                .map(|o| o.fields.tier)
                .unwrap_or_default()),
            None => Ok(Tier::Basic),
        }
    }
}

/// "workspace 'biolab/lab'", for messages.
pub(crate) fn ws_label(ws: &WorkspaceRow) -> String {
    format!("workspace '{}'", path(ws))
}
