//! Labels.

use super::need;
use crate::api::dto::labels::{
    CreateLabelRequest, CreateLabelResponse, LabelDbDto, UpdateLabelRequest, UpdateLabelResponse,
};
use crate::domain::{Label, LabelFields, Result};

pub fn label_dto(l: &Label) -> LabelDbDto {
    LabelDbDto {
        id: Some(l.id),
        name: Some(l.name.clone()),
        value: l.value.clone(),
        resource: Some(l.resource),
        is_default: Some(l.is_default),
        is_dynamic: Some(l.is_dynamic()),
        is_interpolated: Some(l.is_dynamic()),
        date_created: Some(l.date_created.clone()),
    }
}

pub fn label_from_dto(d: LabelDbDto) -> Result<Label> {
    Ok(Label {
        id: need(d.id, "label id")?,
        name: need(d.name, "label name")?,
        value: d.value.filter(|v| !v.is_empty()),
        resource: d.resource.unwrap_or(false),
        is_default: d.is_default.unwrap_or(false),
        date_created: d.date_created.unwrap_or_default(),
    })
}

pub fn create_label_request(f: &LabelFields) -> CreateLabelRequest {
    CreateLabelRequest {
        name: Some(f.name.clone()),
        value: f.value.clone(),
        resource: Some(f.resource),
        is_default: Some(f.is_default),
    }
}

pub fn fields_from_create(r: CreateLabelRequest) -> Result<LabelFields> {
    Ok(LabelFields {
        name: super::required(r.name, "name")?,
        value: r.value.filter(|v| !v.is_empty()),
        resource: r.resource.unwrap_or(false),
        is_default: r.is_default.unwrap_or(false),
    })
}

pub fn created_label(l: &Label) -> CreateLabelResponse {
    CreateLabelResponse {
        id: Some(l.id),
        name: Some(l.name.clone()),
        value: l.value.clone(),
        resource: Some(l.resource),
        is_default: Some(l.is_default),
    }
}

pub fn update_label_request(f: &LabelFields) -> UpdateLabelRequest {
    UpdateLabelRequest {
        name: Some(f.name.clone()),
        value: f.value.clone(),
        is_default: Some(f.is_default),
    }
}

/// The fields after an update request: a label keeps its kind; what the request leaves out
/// stays as it is.
pub fn fields_from_update(r: UpdateLabelRequest, current: &Label) -> LabelFields {
    LabelFields {
        name: r.name.unwrap_or_else(|| current.name.clone()),
        value: match r.value {
            Some(v) if v.is_empty() => None,
            Some(v) => Some(v),
            None => current.value.clone(),
        },
        resource: current.resource,
        is_default: r.is_default.unwrap_or(current.is_default),
    }
}

pub fn updated_label(l: &Label) -> UpdateLabelResponse {
    UpdateLabelResponse {
        id: Some(l.id),
        name: Some(l.name.clone()),
        value: l.value.clone(),
        is_default: Some(l.is_default),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip() {
        let l = Label {
            id: 3,
            name: "owner".into(),
            value: Some("${userName}".into()),
            resource: true,
            is_default: true,
            date_created: "2024-01-01T00:00:00Z".into(),
        };
        let d = label_dto(&l);
        assert_eq!(d.is_dynamic, Some(true));
        assert_eq!(label_from_dto(d).unwrap(), l);
        let f = fields_from_update(UpdateLabelRequest::default(), &l);
        assert_eq!(
            (f.resource, f.value.as_deref()),
            (true, Some("${userName}"))
        );
    }
}
