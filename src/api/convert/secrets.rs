//! Workspace secrets: names and dates only, both ways.

use super::need;
use crate::api::dto::secrets::PipelineSecretDto;
use crate::domain::{PipelineSecret, Result, WorkspaceId};

pub fn secret_dto(s: &PipelineSecret) -> PipelineSecretDto {
    PipelineSecretDto {
        id: Some(s.id),
        name: Some(s.name.clone()),
        date_created: Some(s.date_created.clone()),
        last_updated: Some(s.last_updated.clone()),
        last_used: s.last_used.clone(),
    }
}

pub fn secret_from_dto(d: PipelineSecretDto, ws: WorkspaceId) -> Result<PipelineSecret> {
    Ok(PipelineSecret {
        id: need(d.id, "secret id")?,
        workspace_id: ws,
        name: need(d.name, "secret name")?,
        date_created: d.date_created.unwrap_or_default(),
        last_updated: d.last_updated.unwrap_or_default(),
        last_used: d.last_used,
    })
}
