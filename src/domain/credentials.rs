//! Credentials: the API's provider ids, which key fields each provider has (public or secret,
//! after the spec's `SecurityKeys` schemas), and a string type for secrets that never shows
//! its content.

use super::error::{Error, Result};
use super::ids::{CredentialsId, WorkspaceId};
use super::names::check_max;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

pub const CREDENTIALS_NAME_MAX: usize = 100;
pub const CREDENTIALS_DESCRIPTION_MAX: usize = 1000;
/// Long enough for a PEM private key or a Google service-account JSON.
pub const KEY_VALUE_MAX: usize = 16_384;

/// The credentials providers of the API (`Credentials.provider`), spelled as on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Provider {
    #[serde(rename = "aws")]
    Aws,
    #[serde(rename = "azure")]
    Azure,
    #[serde(rename = "azure_entra")]
    AzureEntra,
    #[serde(rename = "google")]
    Google,
    #[serde(rename = "github")]
    Github,
    #[serde(rename = "github_app")]
    GithubApp,
    #[serde(rename = "gitlab")]
    Gitlab,
    #[serde(rename = "bitbucket")]
    Bitbucket,
    #[serde(rename = "ssh")]
    Ssh,
    #[serde(rename = "k8s")]
    K8s,
    #[serde(rename = "container-reg")]
    ContainerReg,
    #[serde(rename = "tw-agent")]
    TwAgent,
    #[serde(rename = "codecommit")]
    CodeCommit,
    #[serde(rename = "gitea")]
    Gitea,
    #[serde(rename = "azurerepos")]
    AzureRepos,
    #[serde(rename = "seqeracompute")]
    SeqeraCompute,
    #[serde(rename = "azure-cloud")]
    AzureCloud,
    #[serde(rename = "s3")]
    S3,
}

/// Which key fields a provider has. `required_secrets` lists groups: each group needs at least
/// one of its fields set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeySpec {
    pub public: &'static [&'static str],
    pub secret: &'static [&'static str],
    pub required_public: &'static [&'static str],
    pub required_secrets: &'static [&'static [&'static str]],
}

const GIT: KeySpec = KeySpec {
    public: &["username"],
    // The spec leaves GitHub/Gitea/CodeCommit/AzureRepos `token` readable (a quirk); a token
    // is a secret, so nfdeck treats it as one everywhere.
    secret: &["password", "token"],
    required_public: &[],
    required_secrets: &[&["password", "token"]],
};

const AWS_KEYS: KeySpec = KeySpec {
    public: &["accessKey", "assumeRoleArn", "externalId", "mode"],
    secret: &["secretKey"],
    required_public: &["accessKey"],
    required_secrets: &[&["secretKey"]],
};

/// AWS (and Seqera Compute) in `mode = role`: a role to assume instead of keys.
const AWS_ROLE: KeySpec = KeySpec {
    required_public: &["assumeRoleArn"],
    required_secrets: &[],
    ..AWS_KEYS
};

const AZURE_ENTRA: KeySpec = KeySpec {
    public: &["batchName", "storageName", "clientId", "tenantId"],
    secret: &["batchKey", "storageKey", "clientSecret"],
    required_public: &["clientId", "tenantId"],
    required_secrets: &[&["clientSecret"]],
};

impl Provider {
    pub const ALL: [Provider; 18] = [
        Provider::Aws,
        Provider::Azure,
        Provider::AzureEntra,
        Provider::Google,
        Provider::Github,
        Provider::GithubApp,
        Provider::Gitlab,
        Provider::Bitbucket,
        Provider::Ssh,
        Provider::K8s,
        Provider::ContainerReg,
        Provider::TwAgent,
        Provider::CodeCommit,
        Provider::Gitea,
        Provider::AzureRepos,
        Provider::SeqeraCompute,
        Provider::AzureCloud,
        Provider::S3,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Aws => "aws",
            Provider::Azure => "azure",
            Provider::AzureEntra => "azure_entra",
            Provider::Google => "google",
            Provider::Github => "github",
            Provider::GithubApp => "github_app",
            Provider::Gitlab => "gitlab",
            Provider::Bitbucket => "bitbucket",
            Provider::Ssh => "ssh",
            Provider::K8s => "k8s",
            Provider::ContainerReg => "container-reg",
            Provider::TwAgent => "tw-agent",
            Provider::CodeCommit => "codecommit",
            Provider::Gitea => "gitea",
            Provider::AzureRepos => "azurerepos",
            Provider::SeqeraCompute => "seqeracompute",
            Provider::AzureCloud => "azure-cloud",
            Provider::S3 => "s3",
        }
    }

    /// The key fields of this provider, for the given public fields (AWS `mode = role` and
    /// Google workload identity need no secret).
    pub fn key_spec(self, public: &BTreeMap<String, String>) -> KeySpec {
        let has = |k: &str| public.get(k).is_some_and(|v| !v.trim().is_empty());
        match self {
            Provider::Aws | Provider::SeqeraCompute => {
                if public.get("mode").map(|m| m.trim()) == Some("role") {
                    AWS_ROLE
                } else {
                    AWS_KEYS
                }
            }
            Provider::S3 => KeySpec {
                public: &["accessKey", "pathStyleAccessEnabled"],
                secret: &["secretKey"],
                required_public: &["accessKey"],
                required_secrets: &[&["secretKey"]],
            },
            Provider::Azure => KeySpec {
                public: &["batchName", "storageName"],
                secret: &["batchKey", "storageKey"],
                required_public: &["batchName", "storageName"],
                required_secrets: &[&["batchKey"], &["storageKey"]],
            },
            Provider::AzureEntra => AZURE_ENTRA,
            Provider::AzureCloud => KeySpec {
                public: &[
                    "batchName",
                    "storageName",
                    "clientId",
                    "subscriptionId",
                    "tenantId",
                ],
                required_public: &["clientId", "subscriptionId", "tenantId"],
                ..AZURE_ENTRA
            },
            Provider::Google => KeySpec {
                public: &[
                    "serviceAccountEmail",
                    "tokenAudience",
                    "workloadIdentityProvider",
                ],
                secret: &["data"],
                required_public: &[],
                required_secrets: if has("workloadIdentityProvider") {
                    &[]
                } else {
                    &[&["data"]]
                },
            },
            Provider::Github
            | Provider::Gitlab
            | Provider::Bitbucket
            | Provider::Gitea
            | Provider::CodeCommit
            | Provider::AzureRepos => GIT,
            Provider::GithubApp => KeySpec {
                public: &["appId", "clientId", "slug"],
                secret: &["privateKey", "clientSecret", "webhookSecret"],
                required_public: &["appId"],
                required_secrets: &[&["privateKey"]],
            },
            Provider::Ssh => KeySpec {
                public: &[],
                secret: &["privateKey", "passphrase"],
                required_public: &[],
                required_secrets: &[&["privateKey"]],
            },
            Provider::K8s => KeySpec {
                public: &["certificate"],
                secret: &["privateKey", "token"],
                required_public: &[],
                required_secrets: &[&["token", "privateKey"]],
            },
            Provider::ContainerReg => KeySpec {
                public: &["registry", "userName"],
                secret: &["password"],
                required_public: &["registry", "userName"],
                required_secrets: &[&["password"]],
            },
            Provider::TwAgent => KeySpec {
                public: &["connectionId", "workDir", "shared"],
                secret: &[],
                required_public: &["connectionId"],
                required_secrets: &[],
            },
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Provider {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Provider::ALL
            .into_iter()
            .find(|p| p.as_str() == s.trim())
            .ok_or_else(|| {
                let all: Vec<&str> = Provider::ALL.iter().map(|p| p.as_str()).collect();
                Error::invalid(format!("provider '{s}' is not one of {}", all.join(", ")))
            })
    }
}

/// A secret value. Its `Debug` prints `***`, it has no `Display` and no `Serialize`, so it
/// cannot end up in logs, audit snapshots or responses by accident; `expose` is the only way
/// to its text.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct SecretString(String);

impl SecretString {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        Self(value)
    }
}

/// Credentials as the engine returns them: public fields and the NAMES of the secret fields
/// that are set, never their values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    pub id: CredentialsId,
    pub workspace_id: WorkspaceId,
    pub name: String,
    pub description: String,
    pub provider: Provider,
    /// Public key fields, e.g. aws `accessKey`.
    pub keys: BTreeMap<String, String>,
    /// Which secret fields are set (e.g. `["secretKey"]`).
    pub secret_names: Vec<String>,
    pub date_created: String,
    pub last_updated: String,
}

/// What a user sends to create or edit credentials. On edit, a secret left out keeps its stored
/// value and a secret given as an empty string is removed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct CredentialsFields {
    pub name: String,
    pub description: String,
    pub provider: Option<Provider>,
    pub keys: BTreeMap<String, String>,
    pub secrets: BTreeMap<String, SecretString>,
}

/// Checks the name, description, provider and field names; the required secrets are checked
/// by `check_required_secrets` once stored secrets are merged in.
pub fn check_credentials_fields(f: &CredentialsFields) -> Result<Provider> {
    if f.name.trim().is_empty() {
        return Err(Error::invalid("name is required"));
    }
    check_max("name", &f.name, CREDENTIALS_NAME_MAX)?;
    check_max("description", &f.description, CREDENTIALS_DESCRIPTION_MAX)?;
    let Some(provider) = f.provider else {
        let all: Vec<&str> = Provider::ALL.iter().map(|p| p.as_str()).collect();
        return Err(Error::invalid(format!(
            "provider is required (one of {})",
            all.join(", ")
        )));
    };
    let spec = provider.key_spec(&f.keys);
    check_field_names(provider, "public", f.keys.keys(), spec.public, spec.secret)?;
    check_field_names(
        provider,
        "secret",
        f.secrets.keys(),
        spec.secret,
        spec.public,
    )?;
    for (name, value) in &f.keys {
        check_max(name, value, KEY_VALUE_MAX)?;
    }
    for (name, value) in &f.secrets {
        check_max(name, value.expose(), KEY_VALUE_MAX)?;
    }
    check_public_values(provider, &f.keys, spec)?;
    Ok(provider)
}

/// Fails on field names the provider does not have, or that belong on the other side.
fn check_field_names<'a>(
    provider: Provider,
    side: &str,
    names: impl Iterator<Item = &'a String>,
    allowed: &[&str],
    other_side: &[&str],
) -> Result<()> {
    let unknown: Vec<&str> = names
        .map(String::as_str)
        .filter(|n| !allowed.contains(n))
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let misplaced: Vec<&str> = unknown
        .iter()
        .copied()
        .filter(|n| other_side.contains(n))
        .collect();
    if !misplaced.is_empty() {
        let other = if side == "public" { "secret" } else { "public" };
        return Err(Error::invalid(format!(
            "{} of provider {provider} must be given as {other} fields, not {side}",
            misplaced.join(", ")
        )));
    }
    let expected = if allowed.is_empty() {
        "none".to_string()
    } else {
        allowed.join(", ")
    };
    Err(Error::invalid(format!(
        "unknown {side} field(s) {} for provider {provider} (its {side} fields: {expected})",
        unknown.join(", ")
    )))
}

fn check_public_values(
    provider: Provider,
    keys: &BTreeMap<String, String>,
    spec: KeySpec,
) -> Result<()> {
    let missing: Vec<&str> = spec
        .required_public
        .iter()
        .copied()
        .filter(|k| keys.get(*k).is_none_or(|v| v.trim().is_empty()))
        .collect();
    if !missing.is_empty() {
        return Err(Error::invalid(format!(
            "provider {provider} needs the public field(s) {}",
            missing.join(", ")
        )));
    }
    if let Some(mode) = keys.get("mode")
        && !["keys", "role"].contains(&mode.trim())
    {
        return Err(Error::invalid(format!(
            "mode '{mode}' must be keys or role"
        )));
    }
    for flag in ["pathStyleAccessEnabled", "shared"] {
        if let Some(v) = keys.get(flag)
            && !["true", "false"].contains(&v.trim())
        {
            return Err(Error::invalid(format!("{flag} must be true or false")));
        }
    }
    Ok(())
}

/// Fails unless every required group of secrets has a field set; the message names them.
pub fn check_required_secrets(
    provider: Provider,
    keys: &BTreeMap<String, String>,
    set: &[String],
) -> Result<()> {
    let spec = provider.key_spec(keys);
    let missing: Vec<String> = spec
        .required_secrets
        .iter()
        .filter(|group| !group.iter().any(|f| set.iter().any(|s| s == f)))
        .map(|group| group.join(" or "))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "provider {provider} needs the secret field(s) {}",
            missing.join(", ")
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn fields(
        provider: Provider,
        keys: &[(&str, &str)],
        secrets: &[(&str, &str)],
    ) -> CredentialsFields {
        CredentialsFields {
            name: "creds".into(),
            description: String::new(),
            provider: Some(provider),
            keys: map(keys),
            secrets: secrets
                .iter()
                .map(|(k, v)| (k.to_string(), SecretString::from(*v)))
                .collect(),
        }
    }

    #[test]
    fn eighteen_providers_round_trip() {
        assert_eq!(Provider::ALL.len(), 18);
        for p in Provider::ALL {
            assert_eq!(p.as_str().parse::<Provider>().unwrap(), p);
            assert_eq!(serde_json::to_string(&p).unwrap(), format!("\"{p}\""));
            let spec = p.key_spec(&BTreeMap::new());
            for s in spec.secret {
                assert!(
                    !spec.public.contains(s),
                    "{p}: {s} is both public and secret"
                );
            }
        }
        assert!(
            "amazon"
                .parse::<Provider>()
                .unwrap_err()
                .message
                .contains("aws, azure")
        );
    }

    #[test]
    fn secrets_never_show_in_debug() {
        let f = fields(
            Provider::Aws,
            &[("accessKey", "AKIA1")],
            &[("secretKey", "s3cr3t-value")],
        );
        let text = format!("{f:?}");
        assert!(!text.contains("s3cr3t-value"), "{text}");
        assert!(text.contains("***"));
    }

    #[test]
    fn unknown_and_misplaced_fields_are_named() {
        let f = fields(Provider::Aws, &[("accessKey", "A"), ("colour", "red")], &[]);
        let err = check_credentials_fields(&f).unwrap_err();
        assert_eq!(
            err.message,
            "unknown public field(s) colour for provider aws (its public fields: accessKey, assumeRoleArn, externalId, mode)"
        );
        let f = fields(
            Provider::Aws,
            &[("accessKey", "A"), ("secretKey", "x")],
            &[],
        );
        let err = check_credentials_fields(&f).unwrap_err();
        assert!(
            err.message
                .contains("secretKey of provider aws must be given as secret fields"),
            "{err}"
        );
        let f = fields(Provider::Ssh, &[], &[("privateKey", "k"), ("token", "t")]);
        assert!(
            check_credentials_fields(&f)
                .unwrap_err()
                .message
                .contains("unknown secret field(s) token")
        );
    }

    #[test]
    fn required_fields_follow_the_provider() {
        let f = fields(Provider::ContainerReg, &[("registry", "quay.io")], &[]);
        let err = check_credentials_fields(&f).unwrap_err();
        assert_eq!(
            err.message,
            "provider container-reg needs the public field(s) userName"
        );
        let err =
            check_required_secrets(Provider::Aws, &map(&[("accessKey", "A")]), &[]).unwrap_err();
        assert_eq!(
            err.message,
            "provider aws needs the secret field(s) secretKey"
        );
        let role = map(&[("mode", "role"), ("assumeRoleArn", "arn:aws:iam::1:role/x")]);
        assert!(check_required_secrets(Provider::Aws, &role, &[]).is_ok());
        let err = check_required_secrets(Provider::Github, &BTreeMap::new(), &[]).unwrap_err();
        assert_eq!(
            err.message,
            "provider github needs the secret field(s) password or token"
        );
        assert!(
            check_required_secrets(Provider::Github, &BTreeMap::new(), &["token".into()]).is_ok()
        );
        let err = check_required_secrets(Provider::Azure, &BTreeMap::new(), &["batchKey".into()])
            .unwrap_err();
        assert!(err.message.ends_with("storageKey"), "{err}");
    }

    #[test]
    fn values_are_checked() {
        let f = fields(Provider::Aws, &[("accessKey", "A"), ("mode", "magic")], &[]);
        assert_eq!(
            check_credentials_fields(&f).unwrap_err().message,
            "mode 'magic' must be keys or role"
        );
        let mut f = fields(Provider::Ssh, &[], &[]);
        f.provider = None;
        assert!(
            check_credentials_fields(&f)
                .unwrap_err()
                .message
                .starts_with("provider is required")
        );
        f.provider = Some(Provider::Ssh);
        f.name = " ".into();
        assert_eq!(
            check_credentials_fields(&f).unwrap_err().message,
            "name is required"
        );
    }
}
