//! Labels: simple labels (a name) and resource labels (`name` = key, plus `value`).

dto! {
    /// `LabelDbDto`.
    pub struct LabelDbDto {
        pub id: Option<i64>,
        pub name: Option<String>,
        pub value: Option<String>,
        pub resource: Option<bool>,
        pub is_default: Option<bool>,
        pub is_dynamic: Option<bool>,
        pub is_interpolated: Option<bool>,
        pub date_created: Option<String>,
    }
}

dto! {
    /// `ListLabelsResponse` (`GET /labels?workspaceId&max&offset&search&type&isDefault`).
    pub struct ListLabelsResponse {
        pub labels: Option<Vec<LabelDbDto>>,
        pub total_size: Option<i64>,
    }
}

dto! {
    /// `CreateLabelRequest` (`POST /labels`; get-or-create).
    pub struct CreateLabelRequest {
        pub name: Option<String>,
        pub value: Option<String>,
        pub resource: Option<bool>,
        pub is_default: Option<bool>,
    }
}

dto! {
    /// `CreateLabelResponse`.
    pub struct CreateLabelResponse {
        pub id: Option<i64>,
        pub name: Option<String>,
        pub value: Option<String>,
        pub resource: Option<bool>,
        pub is_default: Option<bool>,
    }
}

dto! {
    /// `UpdateLabelRequest` (`PUT /labels/{labelId}`).
    pub struct UpdateLabelRequest {
        pub name: Option<String>,
        pub value: Option<String>,
        pub is_default: Option<bool>,
    }
}

dto! {
    /// `UpdateLabelResponse`.
    pub struct UpdateLabelResponse {
        pub id: Option<i64>,
        pub name: Option<String>,
        pub value: Option<String>,
        pub is_default: Option<bool>,
    }
}

dto! {
    /// `AllowedDynamicLabelsResponse` (`GET /labels/dynamic/allowed`): the variables a
    /// resource label's value may hold, filled in per run.
    pub struct AllowedDynamicLabelsResponse {
        pub values: Option<Vec<String>>,
    }
}

/// The query parameters of `GET /labels`.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListLabelsParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// `LabelType`: `simple`, `resource` or `all`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_default: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_decode() {
        let json = r#"{"labels": [
            {"id": 1, "name": "rna", "value": null, "resource": false, "isDefault": false,
             "isDynamic": false, "isInterpolated": false, "dateCreated": "2024-01-01T00:00:00Z"},
            {"id": 2, "name": "owner", "value": "${userName}", "resource": true,
             "isDefault": true, "isDynamic": true, "isInterpolated": true}
        ], "totalSize": 2}"#;
        let r: ListLabelsResponse = serde_json::from_str(json).unwrap();
        let l = r.labels.unwrap();
        assert_eq!(l[0].value, None);
        assert_eq!(l[1].is_dynamic, Some(true));
        let params = ListLabelsParams {
            workspace_id: Some(10),
            r#type: Some("resource".into()),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&params).unwrap(),
            serde_json::json!({"workspaceId": 10, "type": "resource"})
        );
    }
}
