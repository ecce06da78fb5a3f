//! The role-to-permission map, kept as one table of data because it differs between platform
//! versions. Everything that asks "may this role do that?" reads this table.

use super::roles::WspRole;
use std::fmt;

/// Something a workspace role may or may not do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Permission {
    ViewWorkspace,
    EditWorkspace,
    ManageParticipants,
    StudiosSettings,
    GrantOwner,
    DeleteWorkspace,
    ManageComputeEnvs,
    ManageCredentials,
    ManagePipelines,
    ManageLabels,
    ManageActions,
    LaunchPipelines,
    CancelRuns,
    DeleteRuns,
    LabelRuns,
    RunActions,
    ConnectStudios,
}

use WspRole::{Admin as A, Connect as C, Launch as L, Maintain as M, Owner as O, View as V};

/// The current Seqera map (brief, "Workspaces and participants"): permission, what it covers,
/// and the roles that hold it.
pub const PERMISSION_TABLE: &[(Permission, &str, &[WspRole])] = &[
    (
        Permission::ViewWorkspace,
        "view the workspace",
        &[O, A, M, L, C, V],
    ),
    (Permission::EditWorkspace, "edit the workspace", &[O, A]),
    (
        Permission::ManageParticipants,
        "manage participants",
        &[O, A],
    ),
    (
        Permission::StudiosSettings,
        "change Studios settings",
        &[O, A],
    ),
    (
        Permission::GrantOwner,
        "grant or remove the owner role",
        &[O],
    ),
    (Permission::DeleteWorkspace, "delete the workspace", &[O]),
    (
        Permission::ManageComputeEnvs,
        "manage compute environments",
        &[O, A],
    ),
    (Permission::ManageCredentials, "manage credentials", &[O, A]),
    (
        Permission::ManagePipelines,
        "add, edit or delete pipelines",
        &[O, A, M],
    ),
    (
        Permission::ManageLabels,
        "create, edit or delete labels",
        &[O, A, M],
    ),
    (Permission::ManageActions, "manage actions", &[O, A, M]),
    (
        Permission::LaunchPipelines,
        "launch pipelines",
        &[O, A, M, L],
    ),
    (Permission::CancelRuns, "cancel runs", &[O, A, M, L]),
    // Deleting loses the run's history for everyone, so it takes more than launching.
    (Permission::DeleteRuns, "delete runs", &[O, A, M]),
    // Whoever may launch picks the labels of a run at launch; the same may change them later.
    (
        Permission::LabelRuns,
        "add or remove labels on runs",
        &[O, A, M, L],
    ),
    (Permission::RunActions, "run actions", &[O, A, M, L]),
    (
        Permission::ConnectStudios,
        "connect to Studios",
        &[O, A, M, L, C],
    ),
];

impl Permission {
    fn entry(self) -> &'static (Permission, &'static str, &'static [WspRole]) {
        PERMISSION_TABLE
            .iter()
            .find(|(p, _, _)| *p == self)
            .expect("every permission has a row in PERMISSION_TABLE")
    }

    /// What the permission covers, in words ("manage participants").
    pub fn describe(self) -> &'static str {
        self.entry().1
    }

    /// The roles that hold this permission, highest first.
    pub fn roles(self) -> &'static [WspRole] {
        self.entry().2
    }

    /// Every permission, in the table's order.
    pub fn all() -> impl Iterator<Item = Permission> {
        PERMISSION_TABLE.iter().map(|(p, _, _)| *p)
    }

    /// The permission's name on the wire (`GET /roles/permissions`), e.g. `manage_participants`.
    pub fn wire_name(self) -> &'static str {
        match self {
            Permission::ViewWorkspace => "view_workspace",
            Permission::EditWorkspace => "edit_workspace",
            Permission::ManageParticipants => "manage_participants",
            Permission::StudiosSettings => "studios_settings",
            Permission::GrantOwner => "grant_owner",
            Permission::DeleteWorkspace => "delete_workspace",
            Permission::ManageComputeEnvs => "manage_compute_envs",
            Permission::ManageCredentials => "manage_credentials",
            Permission::ManagePipelines => "manage_pipelines",
            Permission::ManageLabels => "manage_labels",
            Permission::ManageActions => "manage_actions",
            Permission::LaunchPipelines => "launch_pipelines",
            Permission::CancelRuns => "cancel_runs",
            Permission::DeleteRuns => "delete_runs",
            Permission::LabelRuns => "label_runs",
            Permission::RunActions => "run_actions",
            Permission::ConnectStudios => "connect_studios",
        }
    }

    /// The permission with that wire name, if there is one.
    pub fn from_wire(name: &str) -> Option<Permission> {
        Permission::all().find(|p| p.wire_name() == name)
    }

    /// The area a permission belongs to, as `GET /roles/permissions` groups them.
    pub fn category(self) -> &'static str {
        use Permission::*;
        match self {
            ViewWorkspace | EditWorkspace | DeleteWorkspace | ManageLabels => "workspace",
            ManageParticipants | GrantOwner => "participants",
            StudiosSettings | ConnectStudios => "studios",
            ManageComputeEnvs => "compute",
            ManageCredentials => "credentials",
            ManagePipelines | LaunchPipelines => "pipelines",
            CancelRuns | DeleteRuns | LabelRuns => "runs",
            ManageActions | RunActions => "actions",
        }
    }

    pub fn allowed_for(self, role: WspRole) -> bool {
        self.roles().contains(&role)
    }

    /// Held by the owner role alone (granting owner, deleting the workspace): a custom role
    /// never confers it, whatever it lists.
    pub fn owner_only(self) -> bool {
        self.roles() == [WspRole::Owner]
    }

    /// Why a role is refused, e.g. "to manage participants you need the owner or admin role
    /// (yours is launch)".
    pub fn refusal(self, role: Option<WspRole>) -> String {
        self.refusal_named(role.map(|r| r.as_str()))
    }

    /// `refusal` for a role given by name (a custom role's name, for its holders).
    pub fn refusal_named(self, role: Option<&str>) -> String {
        let names: Vec<&str> = self.roles().iter().map(|r| r.as_str()).collect();
        let needed = match names.as_slice() {
            [one] => format!("the {one} role"),
            [init @ .., last] => format!("the {} or {last} role", init.join(", ")),
            [] => "a role no one has".to_string(),
        };
        let yours = match role {
            Some(r) => format!("yours is {r}"),
            None => "you have no role in this workspace".to_string(),
        };
        format!("to {} you need {needed} ({yours})", self.describe())
    }
}

/// By wire name, so stored and audited roles read as the API spells them.
impl serde::Serialize for Permission {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.wire_name())
    }
}

impl<'de> serde::Deserialize<'de> for Permission {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Permission::from_wire(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown permission '{name}'")))
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Permission; 17] = [
        Permission::ViewWorkspace,
        Permission::EditWorkspace,
        Permission::ManageParticipants,
        Permission::StudiosSettings,
        Permission::GrantOwner,
        Permission::DeleteWorkspace,
        Permission::ManageComputeEnvs,
        Permission::ManageCredentials,
        Permission::ManagePipelines,
        Permission::ManageLabels,
        Permission::ManageActions,
        Permission::LaunchPipelines,
        Permission::CancelRuns,
        Permission::DeleteRuns,
        Permission::LabelRuns,
        Permission::RunActions,
        Permission::ConnectStudios,
    ];

    #[test]
    fn wire_names_are_distinct() {
        let names: std::collections::HashSet<&str> = ALL.iter().map(|p| p.wire_name()).collect();
        assert_eq!(names.len(), ALL.len());
        assert_eq!(Permission::all().count(), ALL.len());
    }

    #[test]
    fn every_permission_has_one_row() {
        for p in ALL {
            assert_eq!(
                PERMISSION_TABLE.iter().filter(|(q, _, _)| *q == p).count(),
                1
            );
        }
        assert_eq!(PERMISSION_TABLE.len(), ALL.len());
    }

    #[test]
    fn higher_roles_hold_everything_lower_roles_hold() {
        for p in ALL {
            for (i, role) in WspRole::ALL.iter().enumerate() {
                if p.allowed_for(*role) {
                    for higher in &WspRole::ALL[..i] {
                        assert!(p.allowed_for(*higher), "{higher} lacks {p} that {role} has");
                    }
                }
            }
        }
    }

    #[test]
    fn the_brief_map() {
        use WspRole::*;
        let holders = |p: Permission| p.roles().to_vec();
        assert_eq!(holders(Permission::ManageParticipants), vec![Owner, Admin]);
        assert_eq!(holders(Permission::DeleteWorkspace), vec![Owner]);
        assert_eq!(
            holders(Permission::ManagePipelines),
            vec![Owner, Admin, Maintain]
        );
        assert_eq!(
            holders(Permission::LaunchPipelines),
            vec![Owner, Admin, Maintain, Launch]
        );
        assert_eq!(
            holders(Permission::ConnectStudios),
            vec![Owner, Admin, Maintain, Launch, Connect]
        );
        assert!(!Permission::LaunchPipelines.allowed_for(View));
    }

    #[test]
    fn refusals_name_the_roles() {
        let msg = Permission::ManageParticipants.refusal(Some(WspRole::Launch));
        assert_eq!(
            msg,
            "to manage participants you need the owner or admin role (yours is launch)"
        );
        let msg = Permission::DeleteWorkspace.refusal(None);
        assert!(msg.contains("the owner role"));
        assert!(msg.contains("no role"));
    }
}
