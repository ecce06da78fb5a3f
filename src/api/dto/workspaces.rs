//! Workspaces and their Studios settings.

use super::common::Visibility;

dto! {
    /// `ListWorkspacesResponse` (`GET /orgs/{orgId}/workspaces`; no paging).
    pub struct ListWorkspacesResponse {
        pub workspaces: Option<Vec<WorkspaceDbDto>>,
    }
}

dto! {
    /// `WorkspaceDbDto`.
    pub struct WorkspaceDbDto {
        pub id: Option<i64>,
        pub name: Option<String>,
        pub full_name: Option<String>,
        pub description: Option<String>,
        pub visibility: Option<Visibility>,
    }
}

dto! {
    /// `Workspace` (`name`, `fullName` and `visibility` required in requests).
    pub struct Workspace {
        pub id: Option<i64>,
        pub name: Option<String>,
        pub full_name: Option<String>,
        pub description: Option<String>,
        pub visibility: Option<Visibility>,
        pub date_created: Option<String>,
        pub last_updated: Option<String>,
    }
}

dto! {
    /// `CreateWorkspaceRequest` (`POST /orgs/{orgId}/workspaces`).
    pub struct CreateWorkspaceRequest {
        pub workspace: Option<Workspace>,
    }
}

dto! {
    /// `CreateWorkspaceResponse`.
    pub struct CreateWorkspaceResponse {
        pub workspace: Option<Workspace>,
    }
}

dto! {
    /// `DescribeWorkspaceResponse` (get, and the answer to an update).
    pub struct DescribeWorkspaceResponse {
        pub workspace: Option<Workspace>,
    }
}

dto! {
    /// `UpdateWorkspaceRequest` (`PUT /orgs/{orgId}/workspaces/{workspaceId}`).
    pub struct UpdateWorkspaceRequest {
        pub name: Option<String>,
        pub full_name: Option<String>,
        pub description: Option<String>,
        pub visibility: Option<Visibility>,
    }
}

dto! {
    /// `DataStudioWorkspaceSettingsResponse` (`GET .../settings/studios`).
    pub struct DataStudioWorkspaceSettingsResponse {
        pub org_id: Option<i64>,
        pub wsp_id: Option<i64>,
        /// 0 means no limit.
        pub lifespan_hours: Option<i32>,
        pub container_repository: Option<String>,
        pub name_strategy: Option<String>,
        pub private_studio_by_default: Option<bool>,
    }
}

dto! {
    /// `DataStudioWorkspaceSettingsRequest` (`PUT .../settings/studios`).
    pub struct DataStudioWorkspaceSettingsRequest {
        /// 0 means no limit.
        pub lifespan_hours: Option<i32>,
        pub container_repository: Option<String>,
        /// `none`, `tagPrefix` or `imageSuffix`.
        pub name_strategy: Option<String>,
        pub private_studio_by_default: Option<bool>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workspaces_decode() {
        let json = r#"{"workspaces": [{"id": 10, "name": "rnaseq", "fullName": "RNA-seq",
            "description": null, "visibility": "PRIVATE"}]}"#;
        let r: ListWorkspacesResponse = serde_json::from_str(json).unwrap();
        let w = &r.workspaces.unwrap()[0];
        assert_eq!(w.visibility, Some(Visibility::Private));
        assert_eq!(w.description, None);
        let d: DescribeWorkspaceResponse = serde_json::from_str(
            r#"{"workspace": {"id": 10, "name": "rnaseq", "fullName": "RNA-seq",
                "visibility": "SHARED", "dateCreated": "2024-01-01T00:00:00Z",
                "lastUpdated": "2024-01-02T00:00:00Z"}}"#,
        )
        .unwrap();
        assert_eq!(d.workspace.unwrap().visibility, Some(Visibility::Shared));
    }

    #[test]
    fn studios_settings_decode() {
        let s: DataStudioWorkspaceSettingsResponse = serde_json::from_str(
            r#"{"orgId": 1, "wspId": 10, "lifespanHours": 0, "containerRepository": null,
                "nameStrategy": "tagPrefix", "privateStudioByDefault": true}"#,
        )
        .unwrap();
        assert_eq!(s.lifespan_hours, Some(0));
        assert_eq!(s.name_strategy.as_deref(), Some("tagPrefix"));
    }
}
