//! Actions stay launchable. An action is a saved launch; exporting a workspace writes it and
//! applying re-adds it, which checks every launch rule. So a change that would leave an action
//! unable to launch (its compute env deleted or disabled with no other to fall back on, its
//! pipeline's workspace no longer SHARED, a label it names deleted) is refused, naming the
//! action and why, instead of leaving a state that no longer exports to a file that applies.

use super::Ctx;
use super::store;
use crate::domain::{Error, OrgId, Result};
use std::collections::BTreeMap;

impl Ctx<'_> {
    /// The org's actions that cannot launch now: `workspace/action` and why.
    fn unlaunchable_actions(&self, org: OrgId) -> Result<BTreeMap<String, String>> {
        let mut broken = BTreeMap::new();
        let mut rows = BTreeMap::new();
        for (ws_id, action) in store::actions::list_org(self.conn, org)? {
            if let std::collections::btree_map::Entry::Vacant(e) = rows.entry(ws_id) {
                e.insert(store::workspaces::by_id(self.conn, ws_id)?);
            }
            let Some(Some(ws)) = rows.get(&ws_id) else {
                continue;
            };
            if let Err(e) = self.plan_launch(ws, &action.launch) {
                broken.insert(format!("{}/{}", ws.fields.name, action.name), e.message);
            }
        }
        Ok(broken)
    }

    /// Makes `change`, then refuses it (`refusal` says what) when it left an action of the org
    /// unable to launch that could launch before. The caller's transaction rolls back on the
    /// error, so a refusal changes nothing.
    pub(crate) fn keeping_actions_launchable<T>(
        &self,
        org: Option<OrgId>,
        refusal: &str,
        change: impl FnOnce() -> Result<T>,
    ) -> Result<T> {
        let Some(org) = org else {
            return change();
        };
        let before = self.unlaunchable_actions(org)?;
        let value = change()?;
        let after = self.unlaunchable_actions(org)?;
        let newly: Vec<(&String, &String)> = after
            .iter()
            .filter(|(name, _)| !before.contains_key(*name))
            .collect();
        let Some((_, why)) = newly.first() else {
            return Ok(value);
        };
        let names: Vec<String> = newly.iter().map(|(n, _)| format!("'{n}'")).collect();
        let (noun, it) = if names.len() == 1 {
            ("action", "it")
        } else {
            ("actions", "them")
        };
        Err(Error::conflict(format!(
            "{refusal}: {noun} {} could no longer launch ({why}); change or delete {it} first",
            names.join(", "),
        )))
    }
}
