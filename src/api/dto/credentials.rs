//! Credentials. `SecurityKeys` is a `oneOf` over one schema per provider, told apart by
//! `discriminator` (the provider id); here it is one struct with the union of their fields.
//! Secret fields are write-only: a server never sends them back.

use serde::{Deserialize, Serialize};

wire_enum! {
    /// `Credentials.Status`.
    pub enum CredentialsStatus {
        Available = "AVAILABLE",
        Invalid = "INVALID",
    }
}

dto! {
    /// `Credentials` (`name` and `provider` required).
    pub struct Credentials {
        pub id: Option<String>,
        pub name: Option<String>,
        pub description: Option<String>,
        pub provider: Option<String>,
        pub base_url: Option<String>,
        pub category: Option<String>,
        pub keys: Option<SecurityKeys>,
        pub status: Option<CredentialsStatus>,
        pub message: Option<String>,
        pub deleted: Option<bool>,
        pub date_created: Option<String>,
        pub last_updated: Option<String>,
        pub last_used: Option<String>,
        pub last_validated: Option<String>,
        /// Not in the spec (other clients ignore it): an nfdeck server says which secret
        /// fields are set, by name only, so an export can name their variables.
        pub nfdeck_secret_names: Option<Vec<String>>,
    }
}

/// `SecurityKeys`: the union of the provider schemas' fields. Which apply depends on
/// `discriminator`; see [`SecurityKeys::SECRET_FIELDS`] for the write-only ones.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityKeys {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discriminator: Option<String>,
    // AWS, S3, Seqera Compute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assume_role_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// `AwsCredentialsMode`: `keys` or `role`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_style_access_enabled: Option<bool>,
    // Git providers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    // GitHub App.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_secret: Option<String>,
    // SSH, Kubernetes, GitHub App.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passphrase: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    // Google.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workload_identity_provider: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_audience: Option<String>,
    // Azure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_id: Option<String>,
    // Container registries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    // Tower agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_dir: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared: Option<bool>,
}

impl SecurityKeys {
    /// The fields the spec marks `writeOnly` for at least one provider (GitLab, Bitbucket and
    /// Kubernetes tokens are secret; the spec leaves GitHub's `token` readable).
    pub const SECRET_FIELDS: &'static [&'static str] = &[
        "secretKey",
        "password",
        "privateKey",
        "passphrase",
        "data",
        "batchKey",
        "storageKey",
        "clientSecret",
        "webhookSecret",
    ];

    /// The keys without any secret, as a server answers them.
    pub fn without_secrets(mut self) -> Self {
        self.secret_key = None;
        self.password = None;
        self.private_key = None;
        self.passphrase = None;
        self.data = None;
        self.batch_key = None;
        self.storage_key = None;
        self.client_secret = None;
        self.webhook_secret = None;
        if matches!(
            self.discriminator.as_deref(),
            Some("gitlab" | "bitbucket" | "k8s")
        ) {
            self.token = None;
        }
        self
    }
}

dto! {
    /// `ListCredentialsResponse` (`GET /credentials?workspaceId&platformId`; no paging).
    pub struct ListCredentialsResponse {
        pub credentials: Option<Vec<Credentials>>,
    }
}

dto! {
    /// `CreateCredentialsRequest` (`POST /credentials?workspaceId`).
    pub struct CreateCredentialsRequest {
        pub credentials: Option<Credentials>,
    }
}

dto! {
    /// `CreateCredentialsResponse`.
    pub struct CreateCredentialsResponse {
        pub credentials_id: Option<String>,
    }
}

dto! {
    /// `DescribeCredentialsResponse` (`GET /credentials/{credentialsId}`).
    pub struct DescribeCredentialsResponse {
        pub credentials: Option<Credentials>,
        pub setup_snippet: Option<String>,
    }
}

dto! {
    /// `UpdateCredentialsRequest` (`PUT /credentials/{credentialsId}`).
    pub struct UpdateCredentialsRequest {
        pub credentials: Option<Credentials>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_discriminator_decodes_per_provider() {
        let json = r#"{"credentials": [
            {"id": "c1", "name": "aws-prod", "provider": "aws", "status": "AVAILABLE",
             "keys": {"discriminator": "aws", "accessKey": "AKIAEXAMPLE", "mode": "keys",
                      "assumeRoleArn": null}},
            {"id": "c2", "name": "hpc-ssh", "provider": "ssh",
             "keys": {"discriminator": "ssh"}},
            {"id": "c3", "name": "ghcr", "provider": "container-reg",
             "keys": {"discriminator": "container-reg", "registry": "ghcr.io", "userName": "ana"}},
            {"id": "c4", "name": "future", "provider": "quantum",
             "keys": {"discriminator": "quantum", "qubits": 7}}
        ]}"#;
        let r: ListCredentialsResponse = serde_json::from_str(json).unwrap();
        let c = r.credentials.unwrap();
        let aws = c[0].keys.as_ref().unwrap();
        assert_eq!(aws.discriminator.as_deref(), Some("aws"));
        assert_eq!(aws.access_key.as_deref(), Some("AKIAEXAMPLE"));
        assert_eq!(aws.secret_key, None);
        assert_eq!(c[0].status, Some(CredentialsStatus::Available));
        assert_eq!(
            c[2].keys.as_ref().unwrap().registry.as_deref(),
            Some("ghcr.io")
        );
        assert_eq!(
            c[3].keys.as_ref().unwrap().discriminator.as_deref(),
            Some("quantum")
        );
    }

    #[test]
    fn secrets_are_dropped_from_answers() {
        let keys = SecurityKeys {
            discriminator: Some("gitlab".into()),
            username: Some("ana".into()),
            password: Some("hunter2".into()),
            token: Some("glpat-secret".into()),
            ..Default::default()
        };
        let answer = serde_json::to_value(keys.without_secrets()).unwrap();
        assert_eq!(
            answer,
            serde_json::json!({"discriminator": "gitlab", "username": "ana"})
        );
    }
}
