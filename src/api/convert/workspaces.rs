//! Workspaces, visibility, and the rows of `GET /user/{userId}/workspaces`.

use super::orgs::{org_role_dto, org_type};
use super::{need, non_empty, required};
use crate::api::dto::{
    self, CreateWorkspaceRequest, OrgAndWorkspaceDto, UpdateWorkspaceRequest, WorkspaceDbDto,
};
use crate::domain::{
    EffectiveRole, Error, Org, OrgId, Result, Visibility, Workspace, WorkspaceFields,
};

pub fn visibility_dto(v: Visibility) -> dto::Visibility {
    match v {
        Visibility::Private => dto::Visibility::Private,
        Visibility::Shared => dto::Visibility::Shared,
    }
}

pub fn visibility(v: &dto::Visibility) -> Result<Visibility> {
    match v {
        dto::Visibility::Private => Ok(Visibility::Private),
        dto::Visibility::Shared => Ok(Visibility::Shared),
        dto::Visibility::Other(s) => Err(Error::invalid(format!(
            "'{s}' is not a visibility (PRIVATE or SHARED)"
        ))),
    }
}

pub fn workspace_dto(w: &Workspace) -> dto::Workspace {
    dto::Workspace {
        id: Some(w.id),
        name: Some(w.name.clone()),
        full_name: Some(w.full_name.clone()),
        description: Some(w.description.clone()),
        visibility: Some(visibility_dto(w.visibility)),
        ..Default::default()
    }
}

pub fn workspace_db_dto(w: &Workspace) -> WorkspaceDbDto {
    WorkspaceDbDto {
        id: Some(w.id),
        name: Some(w.name.clone()),
        full_name: Some(w.full_name.clone()),
        description: Some(w.description.clone()),
        visibility: Some(visibility_dto(w.visibility)),
    }
}

/// An org workspace from the wire, before its participant count and the caller's role are
/// known (the API sends neither with the workspace).
pub fn workspace_from_dto(d: dto::Workspace, org: OrgId, org_name: &str) -> Result<Workspace> {
    Ok(Workspace {
        id: need(d.id, "workspace id")?,
        org_id: Some(org),
        org_name: Some(org_name.to_string()),
        name: need(d.name, "workspace name")?,
        full_name: d.full_name.unwrap_or_default(),
        description: d.description.unwrap_or_default(),
        visibility: d
            .visibility
            .as_ref()
            .map(visibility)
            .transpose()?
            .unwrap_or_default(),
        participants_count: 0,
        my_role: EffectiveRole::none(),
    })
}

pub fn workspace_from_db_dto(d: WorkspaceDbDto, org: OrgId, org_name: &str) -> Result<Workspace> {
    let full = dto::Workspace {
        id: d.id,
        name: d.name,
        full_name: d.full_name,
        description: d.description,
        visibility: d.visibility,
        ..Default::default()
    };
    workspace_from_dto(full, org, org_name)
}

pub fn create_workspace_request(f: &WorkspaceFields) -> CreateWorkspaceRequest {
    CreateWorkspaceRequest {
        workspace: Some(dto::Workspace {
            name: Some(f.name.clone()),
            full_name: Some(f.full_name.clone()),
            description: non_empty(&f.description),
            visibility: Some(visibility_dto(f.visibility)),
            ..Default::default()
        }),
    }
}

/// The fields of a create request (visibility PRIVATE when left out).
pub fn fields_from_create(r: CreateWorkspaceRequest) -> Result<WorkspaceFields> {
    let w = required(r.workspace, "workspace")?;
    Ok(WorkspaceFields {
        name: required(w.name, "workspace.name")?,
        full_name: required(w.full_name, "workspace.fullName")?,
        description: w.description.unwrap_or_default(),
        visibility: w
            .visibility
            .as_ref()
            .map(visibility)
            .transpose()?
            .unwrap_or_default(),
    })
}

pub fn update_workspace_request(f: &WorkspaceFields) -> UpdateWorkspaceRequest {
    UpdateWorkspaceRequest {
        name: Some(f.name.clone()),
        full_name: Some(f.full_name.clone()),
        description: Some(f.description.clone()),
        visibility: Some(visibility_dto(f.visibility)),
    }
}

/// The fields after an update request: what it leaves out stays as it is.
pub fn fields_from_update(
    r: UpdateWorkspaceRequest,
    current: &Workspace,
) -> Result<WorkspaceFields> {
    Ok(WorkspaceFields {
        name: r.name.unwrap_or_else(|| current.name.clone()),
        full_name: r.full_name.unwrap_or_else(|| current.full_name.clone()),
        description: r.description.unwrap_or_else(|| current.description.clone()),
        visibility: match &r.visibility {
            Some(v) => visibility(v)?,
            None => current.visibility,
        },
    })
}

/// The distinct roles of an effective role, highest first (the row's `roles`; a custom role
/// by its name, after the built-in roles above `view`).
fn role_names(role: &EffectiveRole) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for g in &role.grants {
        let name = g.role_name().to_string();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// One row per org (`workspaceId` null, `roles` = the caller's org role), followed by one row
/// per workspace of that org the caller can see.
pub fn org_and_workspace_rows(orgs: &[Org], workspaces: &[Workspace]) -> Vec<OrgAndWorkspaceDto> {
    let mut rows = Vec::new();
    for org in orgs {
        let base = OrgAndWorkspaceDto {
            org_id: Some(org.id),
            org_name: Some(org.name.clone()),
            org_type: Some(org_type(org.tier)),
            ..Default::default()
        };
        rows.push(OrgAndWorkspaceDto {
            roles: Some(
                org.my_role
                    .map(|r| org_role_dto(r).as_str().to_string())
                    .into_iter()
                    .collect(),
            ),
            ..base.clone()
        });
        for w in workspaces.iter().filter(|w| w.org_id == Some(org.id)) {
            rows.push(OrgAndWorkspaceDto {
                workspace_id: Some(w.id),
                workspace_name: Some(w.name.clone()),
                workspace_full_name: Some(w.full_name.clone()),
                visibility: Some(visibility_dto(w.visibility)),
                roles: Some(role_names(&w.my_role)),
                ..base.clone()
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{OrgRole, RoleGrant, RoleSource, Tier, WspRole};

    fn ws() -> Workspace {
        Workspace {
            id: 10,
            org_id: Some(1),
            org_name: Some("biolab".into()),
            name: "rnaseq".into(),
            full_name: "RNA-seq".into(),
            description: "d".into(),
            visibility: Visibility::Shared,
            participants_count: 0,
            my_role: EffectiveRole::none(),
        }
    }

    #[test]
    fn workspaces_round_trip_and_updates_keep_what_is_left_out() {
        assert_eq!(
            workspace_from_dto(workspace_dto(&ws()), 1, "biolab").unwrap(),
            ws()
        );
        let f = fields_from_update(
            UpdateWorkspaceRequest {
                visibility: Some(dto::Visibility::Private),
                ..Default::default()
            },
            &ws(),
        )
        .unwrap();
        assert_eq!(f.visibility, Visibility::Private);
        assert_eq!(f.full_name, "RNA-seq");
    }

    #[test]
    fn rows_start_with_the_org() {
        let org = Org {
            id: 1,
            name: "biolab".into(),
            full_name: "Bio Lab".into(),
            description: String::new(),
            location: String::new(),
            website: String::new(),
            tier: Tier::Basic,
            my_role: Some(OrgRole::Member),
            my_member_id: Some(4),
        };
        let mut w = ws();
        w.my_role = EffectiveRole::from_grants(vec![
            RoleGrant {
                custom: None,
                role: WspRole::Launch,
                source: RoleSource::Participant,
            },
            RoleGrant {
                custom: None,
                role: WspRole::Admin,
                source: RoleSource::OrgDefault,
            },
        ]);
        let rows = org_and_workspace_rows(&[org], &[w]);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].workspace_id, None);
        assert_eq!(rows[0].roles, Some(vec!["member".to_string()]));
        assert_eq!(rows[1].workspace_id, Some(10));
        assert_eq!(
            rows[1].roles,
            Some(vec!["admin".to_string(), "launch".to_string()])
        );
    }
}
