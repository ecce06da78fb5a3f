//! The audit log on the wire (`/admin/audit-logs-v2`) and back. The spec names events and
//! image types from its own short lists; nfdeck's action and snapshot ride along as
//! `nfdeckAction` and `nfdeckImage`, and a record from another server is read from the spec's
//! fields alone.

use crate::api::dto::audit::{
    AuditActorDto, AuditLogV2ResponseDto, AuditTargetDto, AuditTargetStateDto,
};
use crate::domain::AuditEntry;
use serde_json::{Value, json};

/// An entry as the spec's record; the before/after images only `with_state`.
pub fn audit_v2_dto(e: &AuditEntry, with_state: bool) -> AuditLogV2ResponseDto {
    let state = with_state.then(|| {
        let image = |snap: &Option<Value>| {
            snap.as_ref()
                .map(|s| json!({ "auditImageType": image_type(&e.object_type), "nfdeckImage": s }))
        };
        AuditTargetStateDto {
            previous_state: image(&e.before),
            new_state: image(&e.after),
        }
    });
    AuditLogV2ResponseDto {
        id: Some(e.id.to_string()),
        timestamp: Some(e.at.clone()),
        event: event(&e.action).map(str::to_string),
        actor: Some(AuditActorDto {
            email: Some(e.actor.clone()),
            kind: Some("user".into()),
        }),
        target: Some(AuditTargetDto {
            id: Some(e.object_id.clone()),
            name: Some(e.object_name.clone()),
            kind: Some(e.object_type.clone()),
            state,
        }),
        nfdeck_action: Some(e.action.clone()),
    }
}

/// A record as an entry. `None` when its id is not a number (keyset paging needs one).
pub fn audit_from_v2(d: AuditLogV2ResponseDto) -> Option<AuditEntry> {
    let id = d.id.as_deref()?.parse().ok()?;
    let target = d.target.unwrap_or_default();
    let state = target.state.unwrap_or_default();
    let kind = target.kind.unwrap_or_default();
    Some(AuditEntry {
        id,
        at: d.timestamp.unwrap_or_default(),
        actor: d.actor.and_then(|a| a.email).unwrap_or_default(),
        // Another server's event (`workflow_launched`) stands for the action it names.
        action: d.nfdeck_action.or(d.event).unwrap_or_else(|| kind.clone()),
        object_type: kind,
        object_id: target.id.unwrap_or_default(),
        object_name: target.name.unwrap_or_default(),
        before: state.previous_state.map(snapshot),
        after: state.new_state.map(snapshot),
    })
}

/// nfdeck's snapshot inside an image, or the image itself (another server's fields).
fn snapshot(image: Value) -> Value {
    match image {
        Value::Object(mut m) => m.remove("nfdeckImage").unwrap_or_else(|| {
            m.remove("auditImageType");
            Value::Object(m)
        }),
        other => other,
    }
}

/// The spec's `AuditEventType` for the few actions it names.
fn event(action: &str) -> Option<&'static str> {
    Some(match action {
        "run.begin" => "workflow_launched",
        "run.complete" => "workflow_completed",
        "run.delete" => "workflow_deleted",
        "run.cancel" => "workflow_status_changed",
        "run.labels" => "workflow_updated",
        "token.create" => "access_token_created",
        "role.create" => "role_created",
        "role.update" => "role_updated",
        "role.delete" => "role_deleted",
        _ => return None,
    })
}

/// The spec's `AuditImageType` for an nfdeck object type.
fn image_type(object_type: &str) -> &'static str {
    match object_type {
        "org" => "organization",
        "run" => "workflow",
        "token" => "access_token",
        "secret" => "pipeline_secret",
        "compute_env" => "compute_env",
        "credentials" => "credentials",
        "pipeline" => "pipeline",
        "workspace" => "workspace",
        "team" => "team",
        "participant" => "participant",
        "label" => "label",
        "action" => "action",
        "member" => "member",
        "credit_transfer" => "credit_info",
        "role" => "custom_role",
        _ => "user",
    }
}
