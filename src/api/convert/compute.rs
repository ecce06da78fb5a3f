//! Compute environments. The platform-specific configuration nfdeck keeps is the work
//! directory and the region (Google platforms call it `location`).

use super::labels::{label_dto, label_from_dto};
use super::{need, non_empty, required};
use crate::api::dto::compute::{
    ComputeConfig, ComputeEnvComputeConfig, ComputeEnvResponseDto, ComputeEnvStatus as WireStatus,
    CreateComputeEnvRequest, ListComputeEnvsResponseEntry, UpdateComputeEnvRequest,
};
use crate::domain::{
    ComputeEnv, ComputeEnvFields, ComputeEnvStatus, Error, Platform, Result, WorkspaceId,
};

fn uses_location(p: Platform) -> bool {
    matches!(
        p,
        Platform::GoogleBatch
            | Platform::GoogleCloud
            | Platform::Gke
            | Platform::GoogleLifeSciences
    )
}

pub fn status_dto(s: ComputeEnvStatus) -> WireStatus {
    WireStatus::from(s.as_str())
}

pub fn status(s: &WireStatus) -> Result<ComputeEnvStatus> {
    s.as_str().parse().map_err(|_| {
        Error::server(format!(
            "the server sent an unknown compute environment status '{s}'"
        ))
    })
}

pub fn config(platform: Platform, work_dir: &str, region: Option<&str>) -> ComputeConfig {
    let region = region.map(str::to_string);
    ComputeConfig {
        discriminator: Some(platform.to_string()),
        work_dir: Some(work_dir.to_string()),
        location: if uses_location(platform) {
            region.clone()
        } else {
            None
        },
        region: if uses_location(platform) {
            None
        } else {
            region
        },
        ..Default::default()
    }
}

/// The region (or Google location) of a configuration.
fn region_of(c: &ComputeConfig) -> Option<String> {
    c.region
        .clone()
        .or_else(|| c.location.clone())
        .filter(|r| !r.is_empty())
}

pub fn entry_dto(ce: &ComputeEnv) -> ListComputeEnvsResponseEntry {
    ListComputeEnvsResponseEntry {
        id: Some(ce.id.clone()),
        name: Some(ce.name.clone()),
        description: Some(ce.description.clone()),
        platform: Some(ce.platform.to_string()),
        status: Some(status_dto(ce.status)),
        primary: Some(ce.primary),
        credentials_id: ce.credentials_id.clone(),
        region: ce.region.clone(),
        work_dir: Some(ce.work_dir.clone()),
        workspace_name: Some(ce.workspace_name.clone()),
        last_used: ce.last_used.clone(),
        labels: Some(ce.labels.iter().map(label_dto).collect()),
        ..Default::default()
    }
}

pub fn response_dto(ce: &ComputeEnv) -> ComputeEnvResponseDto {
    ComputeEnvResponseDto {
        id: Some(ce.id.clone()),
        name: Some(ce.name.clone()),
        description: Some(ce.description.clone()),
        platform: Some(ce.platform.to_string()),
        config: Some(config(ce.platform, &ce.work_dir, ce.region.as_deref())),
        credentials_id: ce.credentials_id.clone(),
        status: Some(status_dto(ce.status)),
        primary: Some(ce.primary),
        workspace_id: Some(ce.workspace_id),
        labels: Some(ce.labels.iter().map(label_dto).collect()),
        date_created: Some(ce.date_created.clone()),
        last_updated: Some(ce.last_updated.clone()),
        last_used: ce.last_used.clone(),
        ..Default::default()
    }
}

/// A compute environment inside a launch configuration.
pub fn config_dto(ce: &ComputeEnv) -> ComputeEnvComputeConfig {
    ComputeEnvComputeConfig {
        id: Some(ce.id.clone()),
        name: Some(ce.name.clone()),
        description: Some(ce.description.clone()),
        platform: Some(ce.platform.to_string()),
        config: Some(config(ce.platform, &ce.work_dir, ce.region.as_deref())),
        credentials_id: ce.credentials_id.clone(),
        status: Some(status_dto(ce.status)),
        primary: Some(ce.primary),
        workspace_id: Some(ce.workspace_id),
        date_created: Some(ce.date_created.clone()),
        last_updated: Some(ce.last_updated.clone()),
        last_used: ce.last_used.clone(),
        ..Default::default()
    }
}

/// A platform and, when this build does not know it, the server's spelling: the spec leaves
/// the list open, so an unknown one is kept (and shown) instead of failing the whole list.
/// A missing platform is kept as an empty unknown one.
fn platform(p: Option<String>) -> (Platform, Option<String>) {
    let raw = p.unwrap_or_default();
    match raw.parse() {
        Ok(known) => (known, None),
        Err(_) => (Platform::Other, Some(raw)),
    }
}

/// A status; one this build does not know reads as `INVALID` (the env cannot be used as far
/// as nfdeck can tell) rather than failing the list. A missing one is `AVAILABLE`.
fn status_or_invalid(s: Option<&WireStatus>) -> ComputeEnvStatus {
    s.map_or(ComputeEnvStatus::Available, |s| {
        status(s).unwrap_or(ComputeEnvStatus::Invalid)
    })
}

/// Labels of an answer; one that cannot be read is left out rather than failing the env.
fn labels_of(l: Option<Vec<crate::api::dto::labels::LabelDbDto>>) -> Vec<crate::domain::Label> {
    l.unwrap_or_default()
        .into_iter()
        .filter_map(|l| label_from_dto(l).ok())
        .collect()
}

/// From `GET /compute-envs/{id}`; the API names the credentials only by id.
pub fn from_response(d: ComputeEnvResponseDto, workspace_name: &str) -> Result<ComputeEnv> {
    let config = d.config.unwrap_or_default();
    let platform = platform(d.platform);
    Ok(ComputeEnv {
        id: need(d.id, "compute environment id")?,
        workspace_id: d.workspace_id.unwrap_or(0),
        workspace_name: workspace_name.to_string(),
        name: need(d.name, "compute environment name")?,
        description: d.description.unwrap_or_default(),
        platform: platform.0,
        platform_raw: platform.1,
        credentials_id: d.credentials_id.filter(|s| !s.is_empty()),
        credentials_name: None,
        work_dir: config.work_dir.clone().unwrap_or_default(),
        region: region_of(&config),
        labels: labels_of(d.labels),
        status: status_or_invalid(d.status.as_ref()),
        primary: d.primary.unwrap_or(false),
        date_created: d.date_created.unwrap_or_default(),
        last_updated: d.last_updated.unwrap_or_default(),
        last_used: d.last_used,
    })
}

/// From a list entry, which carries no workspace id nor dates.
pub fn from_entry(e: ListComputeEnvsResponseEntry, workspace: WorkspaceId) -> Result<ComputeEnv> {
    let platform = platform(e.platform);
    Ok(ComputeEnv {
        id: need(e.id, "compute environment id")?,
        workspace_id: workspace,
        workspace_name: e.workspace_name.unwrap_or_default(),
        name: need(e.name, "compute environment name")?,
        description: e.description.unwrap_or_default(),
        platform: platform.0,
        platform_raw: platform.1,
        credentials_id: e.credentials_id.filter(|s| !s.is_empty()),
        credentials_name: None,
        work_dir: e.work_dir.unwrap_or_default(),
        region: e.region.filter(|r| !r.is_empty()),
        labels: labels_of(e.labels),
        status: status_or_invalid(e.status.as_ref()),
        primary: e.primary.unwrap_or(false),
        date_created: String::new(),
        last_updated: String::new(),
        last_used: e.last_used,
    })
}

/// From a launch configuration's resolved compute environment.
pub fn from_config(c: ComputeEnvComputeConfig) -> Result<ComputeEnv> {
    let d = ComputeEnvResponseDto {
        id: c.id,
        name: c.name,
        description: c.description,
        platform: c.platform,
        config: c.config,
        credentials_id: c.credentials_id,
        status: c.status,
        primary: c.primary,
        workspace_id: c.workspace_id,
        date_created: c.date_created,
        last_updated: c.last_updated,
        last_used: c.last_used,
        ..Default::default()
    };
    from_response(d, "")
}

pub fn create_request(f: &ComputeEnvFields) -> CreateComputeEnvRequest {
    CreateComputeEnvRequest {
        compute_env: Some(ComputeEnvComputeConfig {
            name: Some(f.name.clone()),
            description: non_empty(&f.description),
            platform: Some(f.platform.to_string()),
            credentials_id: f.credentials_id.clone(),
            config: Some(config(f.platform, &f.work_dir, f.region.as_deref())),
            ..Default::default()
        }),
        label_ids: Some(f.label_ids.clone()),
    }
}

pub fn fields_from_create(r: CreateComputeEnvRequest) -> Result<ComputeEnvFields> {
    let ce = required(r.compute_env, "computeEnv")?;
    let platform: Platform = required(ce.platform, "computeEnv.platform")?.parse()?;
    let config = required(ce.config, "computeEnv.config")?;
    Ok(ComputeEnvFields {
        name: required(ce.name, "computeEnv.name")?,
        description: ce.description.unwrap_or_default(),
        platform,
        credentials_id: ce.credentials_id.filter(|s| !s.is_empty()),
        work_dir: config.work_dir.clone().unwrap_or_default(),
        region: region_of(&config),
        label_ids: r.label_ids.unwrap_or_default(),
    })
}

pub fn update_request(f: &ComputeEnvFields) -> UpdateComputeEnvRequest {
    UpdateComputeEnvRequest {
        name: Some(f.name.clone()),
        description: Some(f.description.clone()),
        credentials_id: f.credentials_id.clone(),
        fusion_metrics_collection_enabled: None,
    }
}

/// The fields after an update request: the API changes only the name, the description and the
/// credentials; the rest stays as it is.
pub fn fields_from_update(r: UpdateComputeEnvRequest, current: &ComputeEnv) -> ComputeEnvFields {
    ComputeEnvFields {
        name: r.name.unwrap_or_else(|| current.name.clone()),
        description: r.description.unwrap_or_else(|| current.description.clone()),
        platform: current.platform,
        credentials_id: match r.credentials_id {
            Some(c) if c.is_empty() => None,
            Some(c) => Some(c),
            None => current.credentials_id.clone(),
        },
        work_dir: current.work_dir.clone(),
        region: current.region.clone(),
        label_ids: current.labels.iter().map(|l| l.id).collect(),
    }
}

/// What an update through the API cannot change, named when a change asks for it.
pub fn unchangeable(f: &ComputeEnvFields, current: &ComputeEnv) -> Option<&'static str> {
    let labels: Vec<_> = current.labels.iter().map(|l| l.id).collect();
    if f.platform != current.platform {
        Some("platform")
    } else if f.work_dir != current.work_dir {
        Some("work directory")
    } else if f.region != current.region {
        Some("region")
    } else if f.label_ids != labels {
        Some("resource labels")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(platform: Platform, region: Option<&str>) -> ComputeEnv {
        ComputeEnv {
            id: "ce1".into(),
            workspace_id: 10,
            workspace_name: "rnaseq".into(),
            name: "batch".into(),
            description: String::new(),
            platform,
            platform_raw: None,
            credentials_id: Some("c1".into()),
            credentials_name: None,
            work_dir: "s3://b/work".into(),
            region: region.map(str::to_string),
            labels: vec![],
            status: ComputeEnvStatus::Available,
            primary: true,
            date_created: "d".into(),
            last_updated: "u".into(),
            last_used: None,
        }
    }

    #[test]
    fn environments_round_trip_with_their_region_or_location() {
        for ce in [
            env(Platform::AwsBatch, Some("eu-west-1")),
            env(Platform::GoogleBatch, Some("europe-west2")),
        ] {
            let d = response_dto(&ce);
            assert_eq!(from_response(d, "rnaseq").unwrap(), ce);
        }
        let d = response_dto(&env(Platform::GoogleBatch, Some("europe-west2")));
        assert_eq!(d.config.unwrap().location.as_deref(), Some("europe-west2"));
        let fields = fields_from_create(create_request(&ComputeEnvFields {
            name: "hpc".into(),
            description: String::new(),
            platform: Platform::Slurm,
            credentials_id: Some("c2".into()),
            work_dir: "/scratch".into(),
            region: None,
            label_ids: vec![4],
        }))
        .unwrap();
        assert_eq!(
            (fields.platform, fields.label_ids),
            (Platform::Slurm, vec![4])
        );
    }

    #[test]
    fn an_unknown_platform_or_status_is_kept_not_refused() {
        let e = ListComputeEnvsResponseEntry {
            id: Some("ce9".into()),
            name: Some("quantum".into()),
            platform: Some("quantum-platform".into()),
            status: Some(WireStatus::from("HIBERNATING")),
            ..Default::default()
        };
        let ce = from_entry(e, 10).unwrap();
        assert_eq!(
            (ce.platform, ce.platform_label(), ce.status),
            (
                Platform::Other,
                "unknown(quantum-platform)".to_string(),
                ComputeEnvStatus::Invalid
            )
        );
        // The engine's own parsing still refuses it.
        assert!("quantum-platform".parse::<Platform>().is_err());
        assert!("other".parse::<Platform>().is_err());
    }
}
