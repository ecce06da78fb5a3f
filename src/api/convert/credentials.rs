//! Credentials. `SecurityKeys` on the wire is one object of key fields named as the spec's
//! provider schemas (`accessKey`, `secretKey`, ...), which are also the domain's key names;
//! which are public and which secret is the provider's `KeySpec`. Secrets only ever go to a
//! server: answers carry the public fields alone.

use super::{need, required};
use crate::api::dto::credentials::{self as wire, SecurityKeys};
use crate::domain::{
    Credentials, CredentialsFields, Error, Provider, Result, SecretString, WorkspaceId,
};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Fields the wire types as booleans.
const BOOLEAN_KEYS: &[&str] = &["pathStyleAccessEnabled", "shared"];

/// The key fields of an object on the wire, as text.
fn key_map(keys: &SecurityKeys) -> BTreeMap<String, String> {
    let Ok(Value::Object(map)) = serde_json::to_value(keys) else {
        return BTreeMap::new();
    };
    map.into_iter()
        .filter(|(k, _)| k != "discriminator")
        .filter_map(|(k, v)| match v {
            Value::String(s) => Some((k, s)),
            Value::Bool(b) => Some((k, b.to_string())),
            _ => None,
        })
        .collect()
}

/// Key fields as the wire object for `provider`.
fn security_keys(provider: Provider, fields: BTreeMap<String, String>) -> Result<SecurityKeys> {
    let mut map = Map::new();
    map.insert("discriminator".into(), Value::String(provider.to_string()));
    for (k, v) in fields {
        let value = if BOOLEAN_KEYS.contains(&k.as_str()) {
            match v.trim() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => {
                    return Err(Error::invalid(format!(
                        "{k} must be true or false (got '{v}')"
                    )));
                }
            }
        } else {
            Value::String(v)
        };
        map.insert(k, value);
    }
    serde_json::from_value(Value::Object(map))
        .map_err(|e| Error::invalid(format!("credentials keys: {e}")))
}

/// Credentials as a server answers them: public key fields only.
pub fn credentials_dto(c: &Credentials) -> Result<wire::Credentials> {
    Ok(wire::Credentials {
        id: Some(c.id.clone()),
        name: Some(c.name.clone()),
        description: Some(c.description.clone()),
        provider: Some(c.provider.to_string()),
        keys: Some(security_keys(c.provider, c.keys.clone())?.without_secrets()),
        status: Some(wire::CredentialsStatus::Available),
        date_created: Some(c.date_created.clone()),
        last_updated: Some(c.last_updated.clone()),
        nfdeck_secret_names: Some(c.secret_names.clone()),
        ..Default::default()
    })
}

/// Credentials from an answer. The Seqera API never says which secrets are set; an nfdeck
/// server does, by name.
pub fn credentials_from_dto(d: wire::Credentials, workspace: WorkspaceId) -> Result<Credentials> {
    let provider: Provider = need(d.provider, "credentials provider")?.parse()?;
    let all = d.keys.as_ref().map(key_map).unwrap_or_default();
    let public = provider.key_spec(&all).public;
    Ok(Credentials {
        id: need(d.id, "credentials id")?,
        workspace_id: workspace,
        name: need(d.name, "credentials name")?,
        description: d.description.unwrap_or_default(),
        provider,
        keys: all
            .into_iter()
            .filter(|(k, _)| public.contains(&k.as_str()))
            .collect(),
        secret_names: d.nfdeck_secret_names.unwrap_or_default(),
        date_created: d.date_created.unwrap_or_default(),
        last_updated: d.last_updated.unwrap_or_default(),
    })
}

/// Credentials to send: public fields and secrets in one `keys` object.
pub fn credentials_request(f: &CredentialsFields) -> Result<wire::Credentials> {
    let provider = f
        .provider
        .ok_or_else(|| Error::invalid("provider is required"))?;
    let mut all = f.keys.clone();
    for (k, v) in &f.secrets {
        all.insert(k.clone(), v.expose().to_string());
    }
    Ok(wire::Credentials {
        name: Some(f.name.clone()),
        description: Some(f.description.clone()),
        provider: Some(provider.to_string()),
        keys: Some(security_keys(provider, all)?),
        ..Default::default()
    })
}

/// The fields of a create or update request, split into public fields and secrets by the
/// provider's key spec (an unknown field is kept public, so the engine names it).
pub fn fields_from_request(c: Option<wire::Credentials>) -> Result<CredentialsFields> {
    let c = required(c, "credentials")?;
    let provider: Provider = required(c.provider, "credentials.provider")?.parse()?;
    let all = c.keys.as_ref().map(key_map).unwrap_or_default();
    let secret = provider.key_spec(&all).secret;
    let (secrets, keys): (BTreeMap<_, _>, BTreeMap<_, _>) = all
        .into_iter()
        .partition(|(k, _)| secret.contains(&k.as_str()));
    Ok(CredentialsFields {
        name: required(c.name, "credentials.name")?,
        description: c.description.unwrap_or_default(),
        provider: Some(provider),
        keys,
        secrets: secrets
            .into_iter()
            .map(|(k, v)| (k, SecretString::new(v)))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_travel_in_requests_and_never_in_answers() {
        let fields = CredentialsFields {
            name: "aws-prod".into(),
            description: String::new(),
            provider: Some(Provider::Aws),
            keys: [("accessKey".to_string(), "AKIA1".to_string())].into(),
            secrets: [("secretKey".to_string(), SecretString::new("s3cr3t"))].into(),
        };
        let wire = credentials_request(&fields).unwrap();
        let json = serde_json::to_value(&wire).unwrap();
        assert_eq!(json["keys"]["secretKey"], "s3cr3t");
        assert_eq!(json["keys"]["discriminator"], "aws");
        let back = fields_from_request(Some(wire)).unwrap();
        assert_eq!(back, fields);

        let stored = Credentials {
            id: "c1".into(),
            workspace_id: 3,
            name: "aws-prod".into(),
            description: String::new(),
            provider: Provider::Aws,
            keys: fields.keys.clone(),
            secret_names: vec!["secretKey".into()],
            date_created: "d".into(),
            last_updated: "u".into(),
        };
        let answer = serde_json::to_value(credentials_dto(&stored).unwrap()).unwrap();
        assert!(!answer.to_string().contains("s3cr3t"), "{answer}");
        assert!(answer["keys"].get("secretKey").is_none(), "{answer}");
        // Which secrets are set travels by name only.
        assert_eq!(answer["nfdeckSecretNames"][0], "secretKey");
        let read = credentials_from_dto(credentials_dto(&stored).unwrap(), 3).unwrap();
        assert_eq!(read.keys, stored.keys);
        assert_eq!(read.secret_names, stored.secret_names);
    }

    #[test]
    fn booleans_are_booleans_on_the_wire() {
        let keys = security_keys(
            Provider::S3,
            [("pathStyleAccessEnabled".to_string(), "true".to_string())].into(),
        )
        .unwrap();
        assert_eq!(keys.path_style_access_enabled, Some(true));
        assert_eq!(key_map(&keys)["pathStyleAccessEnabled"], "true");
        assert!(
            security_keys(
                Provider::S3,
                [("shared".to_string(), "yes".to_string())].into()
            )
            .is_err()
        );
    }
}
