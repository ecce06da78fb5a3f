//! Roles (`/roles`): the predefined workspace roles and the permissions they hold.

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
