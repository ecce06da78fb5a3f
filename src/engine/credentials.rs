//! Credentials: public fields in clear, secret fields sealed with the engine's key. Secrets are
//! write-only: no call returns them, the audit log never sees them, and `Debug` hides them.
//! Owner and admin manage them; credentials used by a compute environment cannot be deleted.

use super::Ctx;
use super::audit::snap;
use super::ids::{LONG_ID_LEN, new_id};
use super::scope::ws_label;
use super::store::credentials::{CredentialsRow, CredentialsWrite};
use super::store::{self, workspaces::WorkspaceRow};
use crate::domain::compute::check_provider_fits;
use crate::domain::credentials::{check_credentials_fields, check_required_secrets};
use crate::domain::{
    Credentials, CredentialsFields, Error, Permission, Provider, Result, ResultExt, Scope,
};
use std::collections::BTreeMap;

/// Secret values by field name, only ever held in memory.
type SecretMap = BTreeMap<String, String>;

/// Public fields without blank values (a blank field is an unset field).
fn public_keys(fields: &CredentialsFields) -> BTreeMap<String, String> {
    fields
        .keys
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k.clone(), v.trim().to_string()))
        .collect()
}

/// Applies the secrets of a request to the stored ones: a value replaces, an empty value
/// removes, a field left out keeps its stored value.
fn merge_secrets(mut stored: SecretMap, fields: &CredentialsFields) -> SecretMap {
    for (name, value) in &fields.secrets {
        if value.is_empty() {
            stored.remove(name);
        } else {
            stored.insert(name.clone(), value.expose().to_string());
        }
    }
    stored
}

impl Ctx<'_> {
    /// A workspace's credentials (public fields and secret names only); `provider` narrows it.
    pub fn list_credentials(
        &self,
        scope: Scope,
        provider: Option<Provider>,
    ) -> Result<Vec<Credentials>> {
        let (ws, _) = self.require_scope(scope, Permission::ViewWorkspace)?;
        store::credentials::list(self.conn, ws.id, provider)
    }

    pub fn get_credentials(&self, scope: Scope, id: &str) -> Result<Credentials> {
        let (ws, _) = self.require_scope(scope, Permission::ViewWorkspace)?;
        Ok(self.credentials_row(&ws, id)?.view)
    }

    pub(crate) fn credentials_row(&self, ws: &WorkspaceRow, id: &str) -> Result<CredentialsRow> {
        store::credentials::by_id(self.conn, ws.id, id)?.ok_or_else(|| {
            Error::not_found(format!("credentials '{id}' not found in {}", ws_label(ws)))
        })
    }

    pub fn create_credentials(
        &self,
        scope: Scope,
        fields: &CredentialsFields,
    ) -> Result<Credentials> {
        let (ws, _) = self.require_scope(scope, Permission::ManageCredentials)?;
        let object = format!("credentials '{}'", fields.name);
        let provider = check_credentials_fields(fields).about(&object)?;
        self.check_credentials_name(&ws, &fields.name, None)
            .about(&object)?;
        let keys = public_keys(fields);
        let secrets = merge_secrets(SecretMap::new(), fields);
        let names: Vec<String> = secrets.keys().cloned().collect();
        check_required_secrets(provider, &keys, &names).about(&object)?;
        let id = new_id(LONG_ID_LEN);
        let sealed = self.seal_secrets(&id, &secrets)?;
        store::credentials::insert(
            self.conn,
            &id,
            ws.id,
            &CredentialsWrite {
                name: fields.name.trim(),
                description: &fields.description,
                provider,
                keys: &keys,
                secret_names: &names,
                sealed: sealed.as_deref(),
            },
        )?;
        let view = self.credentials_row(&ws, &id)?.view;
        self.audit(
            "credentials.create",
            "credentials",
            &id,
            &view.name,
            None,
            snap(&view),
        )?;
        Ok(view)
    }

    /// Edits credentials. Secrets left out keep their values unless the provider changes (then
    /// the old provider's secrets are dropped and the new ones must be given).
    pub fn update_credentials(
        &self,
        scope: Scope,
        id: &str,
        fields: &CredentialsFields,
    ) -> Result<Credentials> {
        let (ws, _) = self.require_scope(scope, Permission::ManageCredentials)?;
        let before = self.credentials_row(&ws, id)?;
        let object = format!("credentials '{}'", before.view.name);
        let provider = check_credentials_fields(fields).about(&object)?;
        self.check_credentials_name(&ws, &fields.name, Some(id))
            .about(&object)?;
        if provider != before.view.provider {
            self.check_still_fits(&ws, id, provider).about(&object)?;
        }
        let keys = public_keys(fields);
        let stored = if provider == before.view.provider {
            self.open_secrets(id, before.sealed.as_deref())?
        } else {
            SecretMap::new()
        };
        let secrets = merge_secrets(stored, fields);
        let names: Vec<String> = secrets.keys().cloned().collect();
        check_required_secrets(provider, &keys, &names).about(&object)?;
        let sealed = self.seal_secrets(id, &secrets)?;
        store::credentials::update(
            self.conn,
            id,
            &CredentialsWrite {
                name: fields.name.trim(),
                description: &fields.description,
                provider,
                keys: &keys,
                secret_names: &names,
                sealed: sealed.as_deref(),
            },
        )?;
        let after = self.credentials_row(&ws, id)?.view;
        self.audit(
            "credentials.update",
            "credentials",
            id,
            &after.name,
            snap(&before.view),
            snap(&after),
        )?;
        Ok(after)
    }

    /// Deletes credentials no compute environment uses.
    pub fn delete_credentials(&self, scope: Scope, id: &str) -> Result<()> {
        let (ws, _) = self.require_scope(scope, Permission::ManageCredentials)?;
        let before = self.credentials_row(&ws, id)?.view;
        let users = store::credentials::used_by(self.conn, id)?;
        if !users.is_empty() {
            let envs: Vec<String> = users.iter().map(|n| format!("'{n}'")).collect();
            return Err(Error::conflict(format!(
                "credentials '{}' are used by compute env {}; delete the environment or give it other credentials first",
                before.name,
                envs.join(", ")
            )));
        }
        store::credentials::delete(self.conn, id)?;
        self.audit(
            "credentials.delete",
            "credentials",
            id,
            &before.name,
            snap(&before),
            None,
        )
    }

    fn check_credentials_name(
        &self,
        ws: &WorkspaceRow,
        name: &str,
        except: Option<&str>,
    ) -> Result<()> {
        match store::credentials::id_by_name(self.conn, ws.id, name.trim())? {
            Some(other) if Some(other.as_str()) != except => Err(Error::conflict(format!(
                "{} already has credentials named '{}'",
                ws_label(ws),
                name.trim()
            ))),
            _ => Ok(()),
        }
    }

    /// A provider change must still fit every compute environment using the credentials.
    fn check_still_fits(&self, ws: &WorkspaceRow, id: &str, provider: Provider) -> Result<()> {
        for name in store::credentials::used_by(self.conn, id)? {
            if let Some(env) = store::compute::by_name(self.conn, ws.id, &name)? {
                check_provider_fits(env.platform, provider)
                    .map_err(|e| e.about(format!("used by compute env '{name}'")))?;
            }
        }
        Ok(())
    }

    /// Seals the secret map with the credentials id as context; None when there are none.
    fn seal_secrets(&self, id: &str, secrets: &SecretMap) -> Result<Option<Vec<u8>>> {
        if secrets.is_empty() {
            return Ok(None);
        }
        let plain = serde_json::to_vec(secrets)
            .map_err(|e| Error::internal(format!("cannot encode secrets: {e}")))?;
        self.keys.seal(id, &plain).map(Some)
    }

    fn open_secrets(&self, id: &str, sealed: Option<&[u8]>) -> Result<SecretMap> {
        let Some(sealed) = sealed else {
            return Ok(SecretMap::new());
        };
        let plain = self.keys.open(id, sealed)?;
        serde_json::from_slice(&plain).map_err(|_| {
            Error::internal(format!("stored secrets of credentials '{id}' are damaged"))
        })
    }
}
