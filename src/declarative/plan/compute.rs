//! Credentials and compute environments.
//!
//! Secrets cannot be compared (they are never read back), so they are written when
//! credentials are created, and when existing credentials change in what can be compared
//! (provider, description, public keys, which secret fields are set) while the file gives
//! `secret_env`. Otherwise the credentials are unchanged and no variable is read: re-applying
//! a file never plans a perpetual update, and does not need the secrets at hand.

use super::contents::{Ws, kept_or_cleared, shown};
use super::refs::Kind;
use super::{Action, OrgPlanner, Phase, diff};
use crate::declarative::desired::{DesiredComputeEnv, DesiredCredentials};
use crate::domain::changes::{ComputeEnvSpec, CredentialsSpec, WorkspaceChange};
use crate::domain::credentials::check_required_secrets;
use crate::domain::{ComputeEnv, ComputeEnvStatus, Credentials, SecretString};
use std::collections::{BTreeMap, BTreeSet};

/// Public fields without blank values (the engine stores a blank field as unset).
fn public(keys: BTreeMap<String, String>) -> BTreeMap<String, String> {
    keys.into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k, v.trim().to_string()))
        .collect()
}

/// `, secrets from $A, $B` for a plan detail: variable names only, never values.
fn from_variables(env: &BTreeMap<String, String>) -> String {
    if env.is_empty() {
        return String::new();
    }
    let names: Vec<String> = env.values().map(|v| format!("${v}")).collect();
    format!(", secrets from {}", names.join(", "))
}

fn lower_set<'s>(items: impl Iterator<Item = &'s String>) -> BTreeSet<String> {
    items.map(|s| s.to_ascii_lowercase()).collect()
}

impl<'a> OrgPlanner<'a> {
    fn ws_object(&self, ws: Ws<'a>, object: &str) -> String {
        format!("workspace {}/{} {object}", self.org(), ws.d.name)
    }

    /// The secret values named by `env`; each missing variable is a problem that names it
    /// and the credentials (never a value).
    fn read_secrets(
        &mut self,
        at: &str,
        env: &BTreeMap<String, String>,
    ) -> BTreeMap<String, SecretString> {
        let mut secrets = BTreeMap::new();
        for (field, variable) in env {
            match self.secrets.get(variable) {
                Some(value) => {
                    secrets.insert(field.clone(), SecretString::new(value));
                }
                None => self.problems.add(
                    at,
                    format!(
                        "environment variable {variable} (secret field {field}) is not set; set it to the secret's value"
                    ),
                ),
            }
        }
        secrets
    }

    pub(super) fn plan_credentials(&mut self, ws: Ws<'a>) {
        for d in &ws.d.credentials {
            match ws.c.and_then(|c| c.credentials(&d.name)) {
                None => self.create_credentials(ws, d),
                Some(c) => self.update_credentials(ws, d, c),
            }
        }
    }

    fn create_credentials(&mut self, ws: Ws<'a>, d: &DesiredCredentials) {
        let object = format!("credentials {}", d.name);
        let at = self.ws_object(ws, &object);
        let keys = public(d.keys.clone().unwrap_or_default());
        let env = d.secret_env.clone().unwrap_or_default();
        if d.secret_env.is_none()
            && let Err(e) = check_required_secrets(d.provider, &keys, &[])
        {
            self.problems
                .add(&at, format!("{} (give secret_env)", e.message));
        }
        let secrets = self.read_secrets(&at, &env);
        let detail = format!("{}{}", d.provider, from_variables(&env));
        let spec = CredentialsSpec {
            name: d.name.clone(),
            description: d.description.clone().unwrap_or_default(),
            provider: d.provider,
            keys,
            secrets,
        };
        let change = WorkspaceChange::CreateCredentials(spec);
        self.push_in(
            ws,
            Phase::Credentials,
            Action::Create,
            object,
            detail,
            Some(change),
        );
    }

    fn update_credentials(&mut self, ws: Ws<'a>, d: &DesiredCredentials, c: &Credentials) {
        let object = format!("credentials {}", c.name);
        let keys = match &d.keys {
            Some(k) => public(k.clone()),
            None => c.keys.clone(),
        };
        let description = d.description.clone().unwrap_or(c.description.clone());
        let mut differences = Vec::new();
        diff(
            "provider",
            c.provider.as_str(),
            d.provider.as_str(),
            &mut differences,
        );
        diff(
            "description",
            &c.description,
            &description,
            &mut differences,
        );
        for key in c.keys.keys().chain(keys.keys()).collect::<BTreeSet<_>>() {
            let (was, now) = (c.keys.get(key), keys.get(key));
            if was != now {
                differences.push(format!(
                    "keys.{key} '{}' -> '{}'",
                    shown(was.map(String::as_str)),
                    shown(now.map(String::as_str))
                ));
            }
        }
        if let Some(env) = &d.secret_env
            && lower_set(env.keys()) != lower_set(c.secret_names.iter())
        {
            let names: Vec<&String> = env.keys().collect();
            differences.push(format!("secret fields {:?} -> {names:?}", c.secret_names));
        }
        let at = self.ws_object(ws, &object);
        let mut detail_tail = String::new();
        let mut secrets = BTreeMap::new();
        if !differences.is_empty()
            && let Some(env) = &d.secret_env
        {
            secrets = self.read_secrets(&at, env);
            for stale in c.secret_names.iter().filter(|n| !env.contains_key(*n)) {
                secrets.insert(stale.clone(), SecretString::default());
            }
            detail_tail = from_variables(env);
        }
        if let Some(last) = differences.last_mut() {
            last.push_str(&detail_tail);
        }
        let spec = CredentialsSpec {
            name: c.name.clone(),
            description,
            provider: d.provider,
            keys,
            secrets,
        };
        let change = WorkspaceChange::UpdateCredentials {
            name: c.name.clone(),
            spec,
            base: Some(Box::new(CredentialsSpec::of(c))),
        };
        self.push_diff(ws, Phase::Credentials, object, differences, change);
    }

    pub(super) fn plan_compute_envs(&mut self, ws: Ws<'a>) {
        for d in &ws.d.compute_envs {
            let at = self.ws_object(ws, &format!("compute env {}", d.name));
            if let Some(creds) = &d.credentials {
                self.check_ref(ws, &at, Kind::Credentials, creds);
            }
            for (key, value) in d.resource_labels.iter().flatten() {
                self.check_ref(ws, &at, Kind::ResourceLabel, &format!("{key}={value}"));
            }
            let current = ws.c.and_then(|c| c.compute_env(&d.name));
            self.plan_compute_env(ws, d, current);
            self.plan_env_status(ws, d, current);
            self.plan_primary(ws, d, current);
        }
    }

    fn plan_compute_env(
        &mut self,
        ws: Ws<'a>,
        d: &DesiredComputeEnv,
        current: Option<&ComputeEnv>,
    ) {
        let resource_labels = d.resource_labels.clone().unwrap_or_else(|| {
            current
                .map(|e| {
                    e.labels
                        .iter()
                        .filter(|l| l.resource)
                        .map(|l| (l.name.clone(), l.value.clone().unwrap_or_default()))
                        .collect()
                })
                .unwrap_or_default()
        });
        let spec = ComputeEnvSpec {
            name: d.name.clone(),
            description: d
                .description
                .clone()
                .or_else(|| current.map(|e| e.description.clone()))
                .unwrap_or_default(),
            platform: d.platform,
            credentials: d.credentials.clone(),
            work_dir: d.work_dir.clone(),
            region: kept_or_cleared(&d.region, current.and_then(|e| e.region.as_ref())),
            resource_labels,
        };
        let object = format!("compute env {}", d.name);
        let Some(e) = current else {
            let detail = spec.platform.to_string();
            let change = WorkspaceChange::CreateComputeEnv(spec);
            self.push_in(
                ws,
                Phase::ComputeEnvs,
                Action::Create,
                object,
                detail,
                Some(change),
            );
            return;
        };
        let differences = env_differences(e, &spec);
        let change = WorkspaceChange::UpdateComputeEnv {
            name: e.name.clone(),
            spec,
            base: Some(Box::new(ComputeEnvSpec::of(e))),
        };
        self.push_diff(ws, Phase::ComputeEnvs, object, differences, change);
    }

    /// `disabled = true` disables, `disabled = false` enables; left out keeps the status.
    fn plan_env_status(&mut self, ws: Ws<'a>, d: &DesiredComputeEnv, current: Option<&ComputeEnv>) {
        let Some(disabled) = d.disabled else { return };
        let status = current.map_or(ComputeEnvStatus::Available, |e| e.status);
        let is_disabled = status == ComputeEnvStatus::Disabled;
        if disabled == is_disabled {
            return;
        }
        let target = if disabled {
            ComputeEnvStatus::Disabled
        } else {
            ComputeEnvStatus::Available
        };
        let change = WorkspaceChange::SetComputeEnvEnabled {
            name: d.name.clone(),
            enabled: !disabled,
        };
        let object = format!("compute env {} status", d.name);
        let detail = format!("{status} -> {target}");
        self.push_in(
            ws,
            Phase::EnvStatus,
            Action::Update,
            object,
            detail,
            Some(change),
        );
    }

    fn plan_primary(&mut self, ws: Ws<'a>, d: &DesiredComputeEnv, current: Option<&ComputeEnv>) {
        if !d.primary || current.is_some_and(|e| e.primary) {
            return;
        }
        let previous =
            ws.c.and_then(|c| c.compute_envs.iter().find(|e| e.primary))
                .map(|e| format!("'{}'", e.name));
        let detail = format!("{} -> '{}'", previous.as_deref().unwrap_or("none"), d.name);
        let change = WorkspaceChange::MakePrimary(d.name.clone());
        let object = "primary compute env";
        self.push_in(
            ws,
            Phase::Primary,
            Action::Update,
            object,
            detail,
            Some(change),
        );
    }

    pub(super) fn prune_credentials(&mut self, ws: Ws<'a>) {
        let Some(c) = ws.c else { return };
        for cred in &c.credentials {
            if !ws
                .d
                .credentials
                .iter()
                .any(|d| d.name.eq_ignore_ascii_case(&cred.name))
            {
                let change = WorkspaceChange::DeleteCredentials(cred.name.clone());
                let object = format!("credentials {}", cred.name);
                self.push_in(
                    ws,
                    Phase::RemoveCredentials,
                    Action::Remove,
                    object,
                    String::new(),
                    Some(change),
                );
            }
        }
    }

    pub(super) fn prune_compute_envs(&mut self, ws: Ws<'a>) {
        let Some(c) = ws.c else { return };
        for env in &c.compute_envs {
            if !ws
                .d
                .compute_envs
                .iter()
                .any(|d| d.name.eq_ignore_ascii_case(&env.name))
            {
                let change = WorkspaceChange::DeleteComputeEnv(env.name.clone());
                let object = format!("compute env {}", env.name);
                let detail = if env.primary { "the primary" } else { "" };
                self.push_in(
                    ws,
                    Phase::RemoveComputeEnvs,
                    Action::Remove,
                    object,
                    detail.into(),
                    Some(change),
                );
            }
        }
    }
}

fn env_differences(e: &ComputeEnv, spec: &ComputeEnvSpec) -> Vec<String> {
    let mut differences = Vec::new();
    diff(
        "platform",
        e.platform.as_str(),
        spec.platform.as_str(),
        &mut differences,
    );
    let same_credentials = match (&e.credentials_name, &spec.credentials) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        (a, b) => a == b,
    };
    if !same_credentials {
        differences.push(format!(
            "credentials '{}' -> '{}'",
            shown(e.credentials_name.as_deref()),
            shown(spec.credentials.as_deref())
        ));
    }
    diff("work_dir", &e.work_dir, &spec.work_dir, &mut differences);
    diff(
        "region",
        shown(e.region.as_deref()),
        shown(spec.region.as_deref()),
        &mut differences,
    );
    diff(
        "description",
        &e.description,
        &spec.description,
        &mut differences,
    );
    let current: BTreeSet<String> = e
        .labels
        .iter()
        .filter(|l| l.resource)
        .map(|l| l.to_string().to_ascii_lowercase())
        .collect();
    let wanted: BTreeSet<String> = spec
        .resource_labels
        .iter()
        .map(|(k, v)| format!("{k}={v}").to_ascii_lowercase())
        .collect();
    if current != wanted {
        differences.push(format!("resource_labels {current:?} -> {wanted:?}"));
    }
    differences
}
