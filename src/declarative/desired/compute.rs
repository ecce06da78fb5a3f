//! Credentials and compute environments in the file, checked with the domain's rules
//! (provider fields, platform ids, which credentials fit which platform).

use super::{Problems, label};
use crate::declarative::format::{ComputeEnvEntry, CredentialsEntry, LabelRef};
use crate::declarative::secrets::check_variable_name;
use crate::domain::compute::{check_compute_env_fields, check_provider_fits};
use crate::domain::credentials::{check_credentials_fields, check_required_secrets};
use crate::domain::labels::{check_resource_label, parse_resource_label};
use crate::domain::{ComputeEnvFields, CredentialsFields, Platform, Provider, SecretString};
use std::collections::{BTreeMap, BTreeSet};

/// Credentials as the file wants them. `secret_env` maps secret fields to the environment
/// variables that hold their values; the values are read only when the plan writes them.
#[derive(Clone, Debug, PartialEq)]
pub struct DesiredCredentials {
    pub name: String,
    pub provider: Provider,
    pub description: Option<String>,
    pub keys: Option<BTreeMap<String, String>>,
    pub secret_env: Option<BTreeMap<String, String>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DesiredComputeEnv {
    pub name: String,
    pub platform: Platform,
    pub credentials: Option<String>,
    pub work_dir: String,
    /// None keeps the current region; `Some("")` clears it.
    pub region: Option<String>,
    pub description: Option<String>,
    pub resource_labels: Option<Vec<(String, String)>>,
    pub primary: bool,
    pub disabled: Option<bool>,
}

pub(super) fn check_credentials(
    entries: &[CredentialsEntry],
    at: &str,
    problems: &mut Problems,
) -> Vec<DesiredCredentials> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let at = format!("{at}, credentials {}", label(&e.name, i));
        if !seen.insert(e.name.to_ascii_lowercase()) {
            problems.add(&at, "appears twice in the workspace");
        }
        if let Some(c) = check_one_credentials(e, &at, problems) {
            out.push(c);
        }
    }
    out
}

/// `access_key` -> `accessKey`.
fn camel_case(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.push(c.to_ascii_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

/// Key fields under the API's names (`accessKey`). The brief's example spells them in
/// snake_case (`access_key`), so a snake_case spelling of one of the provider's fields is read
/// as that field; anything else is left for the domain's check to name.
fn api_names(
    provider: Provider,
    map: &Option<BTreeMap<String, String>>,
) -> Option<BTreeMap<String, String>> {
    let map = map.as_ref()?;
    let spec = provider.key_spec(map);
    let known = |n: &str| spec.public.contains(&n) || spec.secret.contains(&n);
    let named = map.iter().map(|(name, value)| {
        let camel = camel_case(name);
        let name = if !known(name) && known(&camel) {
            camel
        } else {
            name.clone()
        };
        (name, value.clone())
    });
    Some(named.collect())
}

/// The domain checks the name, provider and field names; secrets are checked by name only
/// (their values are not known until apply time, and never here).
fn check_one_credentials(
    e: &CredentialsEntry,
    at: &str,
    problems: &mut Problems,
) -> Option<DesiredCredentials> {
    let provider = problems.check(at, e.provider.parse::<Provider>())?;
    let keys = api_names(provider, &e.keys);
    let secret_env = api_names(provider, &e.secret_env);
    let secret_names: Vec<String> = secret_env
        .iter()
        .flatten()
        .map(|(k, _)| k.clone())
        .collect();
    let fields = CredentialsFields {
        name: e.name.clone(),
        description: e.description.clone().unwrap_or_default(),
        provider: Some(provider),
        keys: keys.clone().unwrap_or_default(),
        secrets: secret_names
            .iter()
            .map(|n| (n.clone(), SecretString::default()))
            .collect(),
    };
    problems.check(at, check_credentials_fields(&fields));
    if secret_env.is_some() {
        problems.check(
            at,
            check_required_secrets(provider, &fields.keys, &secret_names),
        );
    }
    for (field, variable) in secret_env.iter().flatten() {
        problems.check(
            &format!("{at}, secret_env.{field}"),
            check_variable_name(variable),
        );
    }
    Some(DesiredCredentials {
        name: e.name.clone(),
        provider,
        description: e.description.clone(),
        keys,
        secret_env,
    })
}

pub(super) fn check_compute_envs(
    entries: &[ComputeEnvEntry],
    credentials: &[DesiredCredentials],
    at: &str,
    problems: &mut Problems,
) -> Vec<DesiredComputeEnv> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let at = format!("{at}, compute env {}", label(&e.name, i));
        if !seen.insert(e.name.to_ascii_lowercase()) {
            problems.add(&at, "appears twice in the workspace");
        }
        if let Some(env) = check_compute_env(e, credentials, &at, problems) {
            out.push(env);
        }
    }
    let primaries: Vec<&str> = out
        .iter()
        .filter(|e| e.primary)
        .map(|e| e.name.as_str())
        .collect();
    if primaries.len() > 1 {
        problems.add(
            at,
            format!(
                "a workspace has at most one primary compute env (primary = true on {})",
                primaries.join(", ")
            ),
        );
    }
    out
}

fn check_compute_env(
    e: &ComputeEnvEntry,
    credentials: &[DesiredCredentials],
    at: &str,
    problems: &mut Problems,
) -> Option<DesiredComputeEnv> {
    let platform = problems.check(at, e.platform.parse::<Platform>())?;
    let fields = ComputeEnvFields {
        name: e.name.clone(),
        description: e.description.clone().unwrap_or_default(),
        platform,
        credentials_id: e.credentials.clone(),
        work_dir: e.work_dir.clone(),
        region: e.region.clone().filter(|r| !r.is_empty()),
        label_ids: Vec::new(),
    };
    problems.check(at, check_compute_env_fields(&fields));
    // Credentials the file describes must fit the platform (others are checked on apply).
    if let Some(name) = &e.credentials
        && let Some(c) = credentials
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    {
        problems.check(at, check_provider_fits(platform, c.provider));
    }
    let resource_labels = e.resource_labels.as_ref().map(|labels| {
        labels
            .iter()
            .filter_map(|l| problems.check(at, resource_label(l)))
            .collect()
    });
    Some(DesiredComputeEnv {
        name: e.name.clone(),
        platform,
        credentials: e.credentials.clone(),
        work_dir: e.work_dir.clone(),
        region: e.region.clone(),
        description: e.description.clone(),
        resource_labels,
        primary: e.primary,
        disabled: e.disabled,
    })
}

fn resource_label(l: &LabelRef) -> crate::domain::Result<(String, String)> {
    match l {
        LabelRef::Text(text) => parse_resource_label(text),
        LabelRef::Pair { key, value } => {
            check_resource_label(key, value)?;
            Ok((key.clone(), value.clone()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_spellings_of_provider_fields_are_the_api_names() {
        let keys = Some(BTreeMap::from([
            ("access_key".to_string(), "AKIA1".to_string()),
            ("colour".to_string(), "red".to_string()),
        ]));
        let named = api_names(Provider::Aws, &keys).unwrap();
        assert_eq!(named.keys().collect::<Vec<_>>(), ["accessKey", "colour"]);
        let secrets = Some(BTreeMap::from([(
            "private_key".to_string(),
            "V".to_string(),
        )]));
        assert!(
            api_names(Provider::Ssh, &secrets)
                .unwrap()
                .contains_key("privateKey")
        );
        assert_eq!(camel_case("assume_role_arn"), "assumeRoleArn");
    }
}
