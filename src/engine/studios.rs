//! Studios settings of an org workspace: session lifespan (1-120 hours, 0 = always keep
//! running, default 8) and collaboration mode. Anyone with a role reads them; owner and admin
//! change them.

use super::Ctx;
use super::access::path;
use super::audit::snap;
use super::store::{self, workspaces::WorkspaceRow};
use crate::domain::settings::STUDIOS_ORG_ONLY;
use crate::domain::{Error, Permission, Result, ResultExt, Scope, StudiosSettings};

fn org_only(ws: &WorkspaceRow) -> Result<()> {
    if ws.org_id.is_none() {
        return Err(Error::invalid(STUDIOS_ORG_ONLY).about(format!("workspace '{}'", path(ws))));
    }
    Ok(())
}

impl Ctx<'_> {
    pub fn studios_settings(&self, scope: Scope) -> Result<StudiosSettings> {
        let (ws, _) = self.require_scope(scope, Permission::ViewWorkspace)?;
        org_only(&ws)?;
        Ok(store::studios::get(self.conn, ws.id)?.unwrap_or_default())
    }

    /// Saves an edit made on `base` (the settings as the editor showed them); see `merge3`.
    pub fn edit_studios_settings(
        &self,
        scope: Scope,
        base: &StudiosSettings,
        settings: &StudiosSettings,
    ) -> Result<StudiosSettings> {
        let now = self.studios_settings(scope)?;
        let merged = crate::domain::changes::merge3("Studios settings", base, settings, &now)?;
        self.set_studios_settings(scope, &merged)
    }

    pub fn set_studios_settings(
        &self,
        scope: Scope,
        settings: &StudiosSettings,
    ) -> Result<StudiosSettings> {
        let (ws, _) = self.require_scope(scope, Permission::StudiosSettings)?;
        org_only(&ws)?;
        settings
            .check()
            .about(format!("workspace '{}'", path(&ws)))?;
        let before = store::studios::get(self.conn, ws.id)?.unwrap_or_default();
        store::studios::set(self.conn, ws.id, settings)?;
        self.audit(
            "workspace.studios",
            "workspace",
            ws.id,
            &ws.fields.name,
            snap(&before),
            snap(settings),
        )?;
        Ok(*settings)
    }
}
