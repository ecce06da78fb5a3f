//! Labels: simple labels and resource labels (`key=value`), unique per workspace, at most
//! 1000 per workspace and 25 per object; created, edited and deleted by owner, admin and
//! maintain.

use super::Ctx;
use super::audit::snap;
use super::scope::ws_label;
use super::store::{self, workspaces::WorkspaceRow};
use crate::domain::settings::LabelKinds;
use crate::domain::{
    Error, Label, LabelFields, LabelId, LabelType, Page, Paged, Permission, Result, ResultExt,
    Scope, Usage,
};

fn label_object(f: &LabelFields) -> String {
    match &f.value {
        Some(v) if f.resource => format!("label '{}={v}'", f.name),
        _ => format!("label '{}'", f.name),
    }
}

impl Ctx<'_> {
    pub fn list_labels(&self, scope: Scope, kind: LabelType, page: &Page) -> Result<Paged<Label>> {
        let (ws, _) = self.require_scope(scope, Permission::ViewWorkspace)?;
        store::labels::list(self.conn, ws.id, kind, page)
    }

    /// Labels used against the workspace limit (`12/1000`).
    pub fn label_usage(&self, scope: Scope) -> Result<Usage> {
        let (ws, _) = self.require_scope(scope, Permission::ViewWorkspace)?;
        let tier = self.tier_of(&ws)?;
        Ok(Usage::new(
            store::labels::count(self.conn, ws.id)?,
            tier.limits().labels_per_workspace,
        ))
    }

    pub fn create_label(&self, scope: Scope, fields: &LabelFields) -> Result<Label> {
        let (ws, _) = self.require_scope(scope, Permission::ManageLabels)?;
        // The rule messages already name the label.
        fields.check()?;
        let object = label_object(fields);
        self.check_label_unique(&ws, fields, None).about(&object)?;
        let tier = self.tier_of(&ws)?;
        Usage::new(
            store::labels::count(self.conn, ws.id)?,
            tier.limits().labels_per_workspace,
        )
        .check_room(1, "labels per workspace", tier)
        .about(&object)?;
        let id = store::labels::insert(self.conn, ws.id, fields)?;
        let label = self.label(&ws, id)?;
        self.audit(
            "label.create",
            "label",
            id,
            &label.to_string(),
            None,
            snap(&label),
        )?;
        Ok(label)
    }

    /// Edits a label's name, value and default flag; simple stays simple, resource stays
    /// resource.
    pub fn update_label(&self, scope: Scope, id: LabelId, fields: &LabelFields) -> Result<Label> {
        let (ws, _) = self.require_scope(scope, Permission::ManageLabels)?;
        let before = self.label(&ws, id)?;
        let object = format!("label '{before}'");
        if fields.resource != before.resource {
            return Err(Error::invalid(
                "a label cannot change between simple and resource; create a new one",
            )
            .about(&object));
        }
        fields.check().about(&object)?;
        self.check_label_unique(&ws, fields, Some(id))
            .about(&object)?;
        store::labels::update(self.conn, id, fields)?;
        let after = self.label(&ws, id)?;
        self.audit(
            "label.update",
            "label",
            id,
            &after.to_string(),
            snap(&before),
            snap(&after),
        )?;
        Ok(after)
    }

    /// Deletes a label; it disappears from every object that carried it.
    pub fn delete_label(&self, scope: Scope, id: LabelId) -> Result<()> {
        let (ws, _) = self.require_scope(scope, Permission::ManageLabels)?;
        let before = self.label(&ws, id)?;
        let what = format!("label {before} cannot be deleted");
        self.keeping_actions_launchable(ws.org_id, &what, || store::labels::delete(self.conn, id))?;
        self.audit(
            "label.delete",
            "label",
            id,
            &before.to_string(),
            snap(&before),
            None,
        )
    }

    pub(crate) fn label(&self, ws: &WorkspaceRow, id: LabelId) -> Result<Label> {
        store::labels::by_id(self.conn, ws.id, id)?
            .ok_or_else(|| Error::not_found(format!("label {id} not found in {}", ws_label(ws))))
    }

    fn check_label_unique(
        &self,
        ws: &WorkspaceRow,
        fields: &LabelFields,
        except: Option<LabelId>,
    ) -> Result<()> {
        match store::labels::find_same(self.conn, ws.id, fields)? {
            Some(other) if Some(other.id) != except => Err(Error::conflict(format!(
                "{} already has a {} label '{other}'",
                ws_label(ws),
                if other.resource { "resource" } else { "simple" }
            ))),
            _ => Ok(()),
        }
    }

    /// The labels behind `ids` for one object: each must exist in the workspace and be of a
    /// kind the object takes, and there may be at most 25.
    pub(crate) fn resolve_labels(
        &self,
        ws: &WorkspaceRow,
        ids: &[LabelId],
        kinds: LabelKinds,
    ) -> Result<Vec<Label>> {
        let mut unique: Vec<LabelId> = Vec::with_capacity(ids.len());
        for id in ids {
            if !unique.contains(id) {
                unique.push(*id);
            }
        }
        let tier = self.tier_of(ws)?;
        let max = tier.limits().labels_per_resource;
        if unique.len() > max as usize {
            return Err(Error::limit(format!(
                "at most {max} labels per resource ({} given)",
                unique.len()
            )));
        }
        unique
            .into_iter()
            .map(|id| {
                let label = self.label(ws, id)?;
                if kinds.accepts(&label) {
                    Ok(label)
                } else {
                    Err(Error::invalid(format!(
                        "label '{label}' cannot be used here: this takes {}",
                        kinds.describe()
                    )))
                }
            })
            .collect()
    }
}
