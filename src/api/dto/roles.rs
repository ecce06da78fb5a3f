//! Roles (`/roles`): the predefined workspace roles, an org's custom roles, and the
//! permissions they hold.

dto! {
    /// `ListRolesResponse.RoleInfo`.
    pub struct RoleInfo {
        pub name: Option<String>,
        pub description: Option<String>,
        pub is_predefined: Option<bool>,
    }
}

dto! {
    /// `ListRolesResponse`.
    pub struct ListRolesResponse {
        pub roles: Option<Vec<RoleInfo>>,
        pub total_size: Option<i32>,
    }
}

dto! {
    /// `RoleDto`.
    pub struct RoleDto {
        pub name: Option<String>,
        pub description: Option<String>,
        pub is_predefined: Option<bool>,
        pub permissions: Option<Vec<String>>,
    }
}

dto! {
    /// `DescribeRoleResponse`.
    pub struct DescribeRoleResponse {
        pub role: Option<RoleDto>,
    }
}

dto! {
    /// `RolePermissionResponseDto`.
    pub struct RolePermission {
        pub name: Option<String>,
        pub category: Option<String>,
    }
}

dto! {
    /// `ListRolePermissionsResponse`.
    pub struct ListRolePermissionsResponse {
        pub permissions: Option<Vec<RolePermission>>,
    }
}

dto! {
    /// `CreateRoleRequest` (`POST /roles`).
    pub struct CreateRoleRequest {
        pub name: Option<String>,
        pub description: Option<String>,
        pub permissions: Option<Vec<String>>,
    }
}

dto! {
    /// `CreateRoleResponse`.
    pub struct CreateRoleResponse {
        pub name: Option<String>,
        pub description: Option<String>,
        pub permissions: Option<Vec<String>>,
    }
}

dto! {
    /// `UpdateRoleRequest` (`PUT /roles/{roleName}`): a missing name or permissions list keeps
    /// the role's own.
    pub struct UpdateRoleRequest {
        pub name: Option<String>,
        pub description: Option<String>,
        pub permissions: Option<Vec<String>>,
    }
}
