//! Compute environments: the API's platform ids and statuses, the fields a user edits, and the
//! rules that need no storage (lengths, which credentials fit which platform).

use super::credentials::Provider;
use super::error::{Error, Result};
use super::ids::{ComputeEnvId, CredentialsId, LabelId, WorkspaceId};
use super::names::check_max;
use super::settings::Label;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

pub const COMPUTE_ENV_NAME_MAX: usize = 100;
pub const COMPUTE_ENV_DESCRIPTION_MAX: usize = 2000;
pub const WORK_DIR_MAX: usize = 1000;
pub const REGION_MAX: usize = 100;

/// The compute platforms of the API (`ComputeEnv.platform`), spelled as on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Platform {
    #[serde(rename = "aws-batch")]
    AwsBatch,
    #[serde(rename = "aws-cloud")]
    AwsCloud,
    #[serde(rename = "seqeracompute-platform")]
    SeqeraCompute,
    #[serde(rename = "google-batch")]
    GoogleBatch,
    #[serde(rename = "google-cloud")]
    GoogleCloud,
    #[serde(rename = "azure-batch")]
    AzureBatch,
    #[serde(rename = "azure-cloud")]
    AzureCloud,
    #[serde(rename = "k8s-platform")]
    K8s,
    #[serde(rename = "eks-platform")]
    Eks,
    #[serde(rename = "gke-platform")]
    Gke,
    #[serde(rename = "uge-platform")]
    Uge,
    #[serde(rename = "slurm-platform")]
    Slurm,
    #[serde(rename = "lsf-platform")]
    Lsf,
    #[serde(rename = "altair-platform")]
    Altair,
    #[serde(rename = "moab-platform")]
    Moab,
    #[serde(rename = "local-platform")]
    Local,
    #[serde(rename = "google-lifesciences")]
    GoogleLifeSciences,
    /// A platform this build does not know, read from a remote server (the spec leaves the
    /// list open). Never in `ALL`, so nothing parses to it and the engine never stores it;
    /// the server's spelling is kept beside it (`ComputeEnv::platform_raw`).
    #[serde(rename = "other")]
    Other,
}

impl Platform {
    /// In the spec's order.
    pub const ALL: [Platform; 17] = [
        Platform::AwsBatch,
        Platform::AwsCloud,
        Platform::SeqeraCompute,
        Platform::GoogleBatch,
        Platform::GoogleCloud,
        Platform::AzureBatch,
        Platform::AzureCloud,
        Platform::K8s,
        Platform::Eks,
        Platform::Gke,
        Platform::Uge,
        Platform::Slurm,
        Platform::Lsf,
        Platform::Altair,
        Platform::Moab,
        Platform::Local,
        Platform::GoogleLifeSciences,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::AwsBatch => "aws-batch",
            Platform::AwsCloud => "aws-cloud",
            Platform::SeqeraCompute => "seqeracompute-platform",
            Platform::GoogleBatch => "google-batch",
            Platform::GoogleCloud => "google-cloud",
            Platform::AzureBatch => "azure-batch",
            Platform::AzureCloud => "azure-cloud",
            Platform::K8s => "k8s-platform",
            Platform::Eks => "eks-platform",
            Platform::Gke => "gke-platform",
            Platform::Uge => "uge-platform",
            Platform::Slurm => "slurm-platform",
            Platform::Lsf => "lsf-platform",
            Platform::Altair => "altair-platform",
            Platform::Moab => "moab-platform",
            Platform::Local => "local-platform",
            Platform::GoogleLifeSciences => "google-lifesciences",
            Platform::Other => "other",
        }
    }

    /// The platform's name as Seqera shows it (`GET /platforms`).
    pub fn display_name(self) -> &'static str {
        match self {
            Platform::AwsBatch => "AWS Batch",
            Platform::AwsCloud => "AWS Cloud",
            Platform::SeqeraCompute => "Seqera Compute",
            Platform::GoogleBatch => "Google Batch",
            Platform::GoogleCloud => "Google Cloud",
            Platform::AzureBatch => "Azure Batch",
            Platform::AzureCloud => "Azure Cloud",
            Platform::K8s => "Kubernetes",
            Platform::Eks => "Amazon EKS",
            Platform::Gke => "Google GKE",
            Platform::Uge => "Grid Engine",
            Platform::Slurm => "Slurm Workload Manager",
            Platform::Lsf => "IBM LSF",
            Platform::Altair => "Altair PBS Pro",
            Platform::Moab => "Moab",
            Platform::Local => "Local",
            Platform::GoogleLifeSciences => "Google Life Sciences",
            Platform::Other => "Unknown platform",
        }
    }

    /// The credentials providers this platform accepts. Empty means it needs no credentials
    /// (only the local platform, which runs where the engine runs).
    pub fn providers(self) -> &'static [Provider] {
        use Provider as P;
        match self {
            Platform::AwsBatch | Platform::AwsCloud | Platform::Eks => &[P::Aws],
            Platform::SeqeraCompute => &[P::SeqeraCompute],
            Platform::GoogleBatch
            | Platform::GoogleCloud
            | Platform::Gke
            | Platform::GoogleLifeSciences => &[P::Google],
            Platform::AzureBatch | Platform::AzureCloud => {
                &[P::Azure, P::AzureEntra, P::AzureCloud]
            }
            Platform::K8s => &[P::K8s],
            // HPC schedulers are reached over SSH or through Tower Agent.
            Platform::Uge | Platform::Slurm | Platform::Lsf | Platform::Altair | Platform::Moab => {
                &[P::Ssh, P::TwAgent]
            }
            Platform::Local => &[],
            // Unknown: no provider is known to fit, and nfdeck never creates one.
            Platform::Other => &[],
        }
    }

    pub fn needs_credentials(self) -> bool {
        self != Platform::Other && !self.providers().is_empty()
    }

    /// Runs on this platform are paid with Seqera Compute credits.
    pub fn uses_credits(self) -> bool {
        self == Platform::SeqeraCompute
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Platform {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Platform::ALL
            .into_iter()
            .find(|p| p.as_str() == s.trim())
            .ok_or_else(|| {
                let all: Vec<&str> = Platform::ALL.iter().map(|p| p.as_str()).collect();
                Error::invalid(format!("platform '{s}' is not one of {}", all.join(", ")))
            })
    }
}

/// `ComputeEnv.Status` of the API. The engine uses `AVAILABLE` and `DISABLED`; the others come
/// from remote servers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ComputeEnvStatus {
    Creating,
    Available,
    Disabled,
    Deleting,
    Errored,
    Invalid,
    Deleted,
}

impl ComputeEnvStatus {
    pub const ALL: [ComputeEnvStatus; 7] = [
        ComputeEnvStatus::Creating,
        ComputeEnvStatus::Available,
        ComputeEnvStatus::Disabled,
        ComputeEnvStatus::Deleting,
        ComputeEnvStatus::Errored,
        ComputeEnvStatus::Invalid,
        ComputeEnvStatus::Deleted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ComputeEnvStatus::Creating => "CREATING",
            ComputeEnvStatus::Available => "AVAILABLE",
            ComputeEnvStatus::Disabled => "DISABLED",
            ComputeEnvStatus::Deleting => "DELETING",
            ComputeEnvStatus::Errored => "ERRORED",
            ComputeEnvStatus::Invalid => "INVALID",
            ComputeEnvStatus::Deleted => "DELETED",
        }
    }
}

impl fmt::Display for ComputeEnvStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ComputeEnvStatus {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        ComputeEnvStatus::ALL
            .into_iter()
            .find(|st| st.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| Error::invalid(format!("'{s}' is not a compute environment status")))
    }
}

/// A compute environment as the engine returns it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComputeEnv {
    pub id: ComputeEnvId,
    /// The workspace that owns it (differs from the current one for a shared pipeline's env).
    pub workspace_id: WorkspaceId,
    pub workspace_name: String,
    pub name: String,
    pub description: String,
    pub platform: Platform,
    /// The platform as a remote server spelled it when this build does not know it
    /// (`platform` is then `Platform::Other`); None otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_raw: Option<String>,
    pub credentials_id: Option<CredentialsId>,
    pub credentials_name: Option<String>,
    pub work_dir: String,
    pub region: Option<String>,
    /// Resource labels.
    pub labels: Vec<Label>,
    pub status: ComputeEnvStatus,
    pub primary: bool,
    pub date_created: String,
    pub last_updated: String,
    pub last_used: Option<String>,
}

impl ComputeEnv {
    /// The platform to show: the server's own spelling, marked, when this build does not
    /// know it.
    pub fn platform_label(&self) -> String {
        match &self.platform_raw {
            Some(raw) => format!("unknown({raw})"),
            None => self.platform.to_string(),
        }
    }
}

/// The fields a user sets when creating or editing a compute environment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComputeEnvFields {
    pub name: String,
    pub description: String,
    pub platform: Platform,
    /// Required unless the platform needs no credentials.
    pub credentials_id: Option<CredentialsId>,
    pub work_dir: String,
    pub region: Option<String>,
    /// Resource label ids of the same workspace.
    pub label_ids: Vec<LabelId>,
}

/// Checks what can be checked without storage; the message names the rule, the caller adds
/// the object.
pub fn check_compute_env_fields(f: &ComputeEnvFields) -> Result<()> {
    if f.name.trim().is_empty() {
        return Err(Error::invalid("name is required"));
    }
    check_max("name", &f.name, COMPUTE_ENV_NAME_MAX)?;
    check_max("description", &f.description, COMPUTE_ENV_DESCRIPTION_MAX)?;
    check_work_dir(&f.work_dir)?;
    if let Some(region) = &f.region {
        check_max("region", region, REGION_MAX)?;
    }
    if f.platform.needs_credentials() && f.credentials_id.is_none() {
        return Err(Error::invalid(format!(
            "platform {} needs credentials ({})",
            f.platform,
            provider_list(f.platform.providers())
        )));
    }
    Ok(())
}

/// A work directory is required: a path or a bucket URL, without line breaks.
pub fn check_work_dir(work_dir: &str) -> Result<()> {
    if work_dir.trim().is_empty() {
        return Err(Error::invalid("work directory is required"));
    }
    if work_dir.contains(['\n', '\r']) {
        return Err(Error::invalid("work directory must be one line"));
    }
    check_max("work directory", work_dir, WORK_DIR_MAX)
}

/// Fails unless credentials of `provider` can be used on `platform`.
pub fn check_provider_fits(platform: Platform, provider: Provider) -> Result<()> {
    let accepted = platform.providers();
    if accepted.contains(&provider) {
        return Ok(());
    }
    if accepted.is_empty() {
        return Err(Error::invalid(format!(
            "platform {platform} takes no credentials"
        )));
    }
    Err(Error::invalid(format!(
        "platform {platform} needs {} credentials, not {provider}",
        provider_list(accepted)
    )))
}

fn provider_list(providers: &[Provider]) -> String {
    let names: Vec<&str> = providers.iter().map(|p| p.as_str()).collect();
    names.join(" or ")
}

/// Only an AVAILABLE environment can be the workspace's primary (the engine's refusal; the
/// Compute tab asks this before offering the action).
pub fn check_can_be_primary(name: &str, status: ComputeEnvStatus) -> Result<()> {
    if status == ComputeEnvStatus::Available {
        return Ok(());
    }
    Err(Error::conflict(format!(
        "compute env '{name}' is {status}: only an AVAILABLE compute env can be primary (enable it first)"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(platform: Platform, creds: Option<&str>) -> ComputeEnvFields {
        ComputeEnvFields {
            name: "batch-prod".into(),
            description: String::new(),
            platform,
            credentials_id: creds.map(str::to_string),
            work_dir: "s3://bucket/work".into(),
            region: None,
            label_ids: vec![],
        }
    }

    #[test]
    fn seventeen_platforms_round_trip() {
        assert_eq!(Platform::ALL.len(), 17);
        for p in Platform::ALL {
            assert_eq!(p.as_str().parse::<Platform>().unwrap(), p);
            let wire = serde_json::to_string(&p).unwrap();
            assert_eq!(wire, format!("\"{}\"", p.as_str()));
        }
        let err = "aws".parse::<Platform>().unwrap_err();
        assert!(
            err.message
                .starts_with("platform 'aws' is not one of aws-batch, aws-cloud, ")
        );
        assert!(err.message.contains("google-lifesciences"));
    }

    #[test]
    fn only_local_needs_no_credentials() {
        let without: Vec<Platform> = Platform::ALL
            .into_iter()
            .filter(|p| !p.needs_credentials())
            .collect();
        assert_eq!(without, vec![Platform::Local]);
        assert!(check_compute_env_fields(&fields(Platform::Local, None)).is_ok());
        let err = check_compute_env_fields(&fields(Platform::AwsBatch, None)).unwrap_err();
        assert_eq!(err.message, "platform aws-batch needs credentials (aws)");
    }

    #[test]
    fn field_lengths_and_work_dir() {
        let mut f = fields(Platform::Local, None);
        f.name = "x".repeat(101);
        assert!(
            check_compute_env_fields(&f)
                .unwrap_err()
                .message
                .contains("at most 100")
        );
        f.name = "ok".into();
        f.work_dir = "  ".into();
        assert_eq!(
            check_compute_env_fields(&f).unwrap_err().message,
            "work directory is required"
        );
        f.work_dir = "/scratch".into();
        f.description = "d".repeat(2001);
        assert!(check_compute_env_fields(&f).is_err());
    }

    #[test]
    fn providers_fit_platforms() {
        assert!(check_provider_fits(Platform::AwsBatch, Provider::Aws).is_ok());
        assert!(check_provider_fits(Platform::Slurm, Provider::Ssh).is_ok());
        let err = check_provider_fits(Platform::AwsBatch, Provider::Github).unwrap_err();
        assert_eq!(
            err.message,
            "platform aws-batch needs aws credentials, not github"
        );
        assert!(check_provider_fits(Platform::Local, Provider::Ssh).is_err());
    }

    #[test]
    fn statuses_use_wire_spelling() {
        assert_eq!(
            serde_json::to_string(&ComputeEnvStatus::Available).unwrap(),
            "\"AVAILABLE\""
        );
        assert_eq!(
            "disabled".parse::<ComputeEnvStatus>().unwrap(),
            ComputeEnvStatus::Disabled
        );
    }
}
