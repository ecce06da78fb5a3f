//! The one place a `Change` becomes primitive reads and writes (`ApplyTarget`): names are
//! resolved when the change runs (so a change can use what an earlier one created), updates
//! re-read the object right before writing it and write only the fields they change (`merged`,
//! `check_unchanged`), and a change that would write what is already there writes nothing.
//!
//! The embedded engine runs this inside its transaction; the remote client runs it one request
//! at a time (the REST API has no conditional writes, so re-reading right before writing is as
//! close as a remote apply gets to the engine's check inside its transaction).

use super::target::ApplyTarget;
use super::{Change, ParticipantSpec, check_unchanged, merged};
use crate::domain::{
    CustomRole, CustomRoleFields, Error, Member, OrgFields, OrgId, OrgRole, ParticipantRef,
    ParticipantRole, Result, Team, TeamFields, WorkspaceFields, WorkspaceId, WspRole,
};

/// Runs one change against `target`; `runs_done` hears how many runs of an import are in.
// One arm per kind of change (longer than most functions here, for that reason): the
// compiler points here when a kind is added.
pub async fn apply_change<T: ApplyTarget>(
    target: &T,
    change: &Change,
    runs_done: &mut impl FnMut(u64),
) -> Result<()> {
    let object = change.object();
    let t = target;
    match change {
        Change::CreateUser(user) => t.create_user(user).await,
        Change::CreateOrg { fields, owner } => t.create_org(fields, owner).await,
        Change::UpdateOrg { org, fields, base } => {
            update_org(t, &object, org, fields, base.as_deref()).await
        }
        Change::SetOrgCredits { org, credits } => {
            t.set_org_credits(t.org(org).await?.0, *credits).await
        }
        Change::SetMember {
            org,
            email,
            role,
            base,
        } => set_member(t, &object, org, email, *role, *base).await,
        Change::SetDefaultRole {
            org,
            email,
            role,
            base,
        } => set_default_role(t, &object, org, email, *role, *base).await,
        Change::RemoveMember { org, email } => {
            let (id, org) = t.org(org).await?;
            let member = need_person(t, id, &org, email).await?;
            t.remove_member(id, member.member_id).await
        }
        Change::CreateTeam { org, fields } => t.create_team(t.org(org).await?.0, fields).await,
        Change::UpdateTeam {
            org,
            team,
            fields,
            base,
        } => update_team(t, &object, org, team, fields, base.as_deref()).await,
        Change::DeleteTeam { org, team } => {
            let org = t.org(org).await?.0;
            let team = need_team(t, org, team).await?;
            t.delete_team(org, team.id).await
        }
        Change::AddTeamMember { org, team, email } => {
            let org = t.org(org).await?.0;
            let team = need_team(t, org, team).await?;
            t.add_team_member(org, team.id, email).await
        }
        Change::RemoveTeamMember { org, team, email } => {
            let (id, org) = t.org(org).await?;
            let team = need_team(t, id, team).await?;
            let member = need_person(t, id, &org, email).await?;
            t.remove_team_member(id, team.id, member.member_id).await
        }
        Change::CreateRole { org, fields } => {
            t.create_custom_role(t.org(org).await?.0, fields).await
        }
        Change::UpdateRole { org, role, fields } => update_role(t, org, role, fields).await,
        Change::DeleteRole { org, role } => {
            let org = t.org(org).await?.0;
            let found = need_role(t, org, role).await?;
            t.delete_custom_role(org, &found.name).await
        }
        Change::CreateWorkspace { org, fields } => {
            t.create_workspace(t.org(org).await?.0, fields).await
        }
        Change::UpdateWorkspace {
            org,
            workspace,
            fields,
            base,
        } => update_workspace(t, &object, org, workspace, fields, base.as_deref()).await,
        Change::DeleteWorkspace { org, workspace } => {
            let org = t.org(org).await?.0;
            let ws = need_workspace(t, org, workspace).await?;
            t.delete_workspace(org, ws).await
        }
        Change::SetParticipant {
            org,
            workspace,
            who,
            role,
            base,
        } => set_participant(t, &object, (org, workspace), who, role, base.as_ref()).await,
        Change::RemoveParticipant {
            org,
            workspace,
            who,
        } => {
            let org = t.org(org).await?.0;
            let ws = need_workspace(t, org, workspace).await?;
            let (id, _) = t
                .participant(org, ws, who)
                .await?
                .ok_or_else(|| Error::not_found(format!("{who} is not a participant")))?;
            t.remove_participant(org, ws, id).await
        }
        Change::Workspace {
            org,
            workspace,
            change,
        } => {
            let org = t.org(org).await?.0;
            let ws = need_workspace(t, org, workspace).await?;
            super::dispatch_workspace::apply_in_workspace(t, org, ws, change, runs_done).await
        }
    }
}

async fn update_org<T: ApplyTarget>(
    t: &T,
    object: &str,
    org: &str,
    wanted: &OrgFields,
    base: Option<&OrgFields>,
) -> Result<()> {
    let (id, now) = t.org(org).await?;
    let fields = merged(object, base, wanted, &now)?;
    if fields == now {
        return Ok(());
    }
    t.update_org(id, &fields).await
}

/// Adds the user with this role, or changes the role they have.
async fn set_member<T: ApplyTarget>(
    t: &T,
    object: &str,
    org: &str,
    email: &str,
    role: OrgRole,
    base: Option<OrgRole>,
) -> Result<()> {
    let org = t.org(org).await?.0;
    let member = t.person(org, email).await?;
    let now = member.as_ref().map(|m| m.role);
    check_unchanged(object, "role", &base, &Some(role), &now)?;
    match member {
        Some(m) if m.role == role => Ok(()),
        Some(m) => t.set_member_role(org, m.member_id, role).await,
        None => t.add_member(org, email, role).await,
    }
}

async fn set_default_role<T: ApplyTarget>(
    t: &T,
    object: &str,
    org: &str,
    email: &str,
    role: Option<WspRole>,
    base: Option<WspRole>,
) -> Result<()> {
    let (id, org) = t.org(org).await?;
    let member = need_person(t, id, &org, email).await?;
    check_unchanged(object, "default role", &base, &role, &member.default_role)?;
    if member.default_role == role {
        return Ok(());
    }
    t.set_default_role(id, member.member_id, role).await
}

async fn update_team<T: ApplyTarget>(
    t: &T,
    object: &str,
    org: &str,
    team: &str,
    wanted: &TeamFields,
    base: Option<&TeamFields>,
) -> Result<()> {
    let org = t.org(org).await?.0;
    let team = need_team(t, org, team).await?;
    let now = TeamFields::from(&team);
    let fields = merged(object, base, wanted, &now)?;
    if fields == now {
        return Ok(());
    }
    t.update_team(org, team.id, &fields).await
}

async fn update_workspace<T: ApplyTarget>(
    t: &T,
    object: &str,
    org: &str,
    workspace: &str,
    wanted: &WorkspaceFields,
    base: Option<&WorkspaceFields>,
) -> Result<()> {
    let org = t.org(org).await?.0;
    let ws = need_workspace(t, org, workspace).await?;
    let now = t.workspace_fields(org, ws).await?;
    let fields = merged(object, base, wanted, &now)?;
    if fields == now {
        return Ok(());
    }
    t.update_workspace(org, ws, &fields).await
}

/// Changes a custom role's description and permissions unless they are already so.
async fn update_role<T: ApplyTarget>(
    t: &T,
    org: &str,
    role: &str,
    wanted: &CustomRoleFields,
) -> Result<()> {
    let org = t.org(org).await?.0;
    let now = CustomRoleFields::from(&need_role(t, org, role).await?);
    if &now == wanted {
        return Ok(());
    }
    t.update_custom_role(org, &now.name, wanted).await
}

/// The org's custom role of that name, or an error naming it.
async fn need_role<T: ApplyTarget>(t: &T, org: OrgId, name: &str) -> Result<CustomRole> {
    t.custom_role(org, name)
        .await?
        .ok_or_else(|| Error::not_found(format!("role '{name}' not found")))
}

/// Adds the participant with this role, or changes its role.
async fn set_participant<T: ApplyTarget>(
    t: &T,
    object: &str,
    (org, workspace): (&str, &str),
    who: &ParticipantSpec,
    role: &ParticipantRole,
    base: Option<&ParticipantRole>,
) -> Result<()> {
    let org = t.org(org).await?.0;
    let ws = need_workspace(t, org, workspace).await?;
    let found = t.participant(org, ws, who).await?;
    let now = found.as_ref().map(|(_, role)| role.clone());
    check_unchanged(object, "role", &base.cloned(), &Some(role.clone()), &now)?;
    match found {
        Some((_, current)) if current.same_as(role) => Ok(()),
        Some((id, _)) => t.set_participant_role(org, ws, id, role).await,
        None => {
            let reference = participant_ref(t, org, who).await?;
            t.add_participant(org, ws, &reference, role).await
        }
    }
}

/// How to add a file entry: a member must already be in the org (as an owner or member); a
/// collaborator's email joins the org as a collaborator.
async fn participant_ref<T: ApplyTarget>(
    t: &T,
    org: OrgId,
    who: &ParticipantSpec,
) -> Result<ParticipantRef> {
    match who {
        ParticipantSpec::Team(name) => Ok(ParticipantRef::Team(need_team(t, org, name).await?.id)),
        ParticipantSpec::Member(email) => match t.person(org, email).await? {
            Some(m) if m.role.is_member() => Ok(ParticipantRef::Member(m.member_id)),
            _ => Err(Error::not_found(format!(
                "{email} is not a member of the org (list it under the org's members, or add it as a collaborator)"
            ))),
        },
        ParticipantSpec::Collaborator(email) => Ok(ParticipantRef::UserNameOrEmail(email.clone())),
    }
}

/// The workspace of that name in the org, or an error naming it.
pub async fn need_workspace<T: ApplyTarget>(t: &T, org: OrgId, name: &str) -> Result<WorkspaceId> {
    t.workspace_id(org, name)
        .await?
        .ok_or_else(|| Error::not_found(format!("workspace '{name}' not found")))
}

/// The team of that name in the org, or an error naming it.
pub async fn need_team<T: ApplyTarget>(t: &T, org: OrgId, name: &str) -> Result<Team> {
    t.team(org, name)
        .await?
        .ok_or_else(|| Error::not_found(format!("team '{name}' not found")))
}

/// An owner, member or collaborator of the org (`fields` names it in the message).
async fn need_person<T: ApplyTarget>(
    t: &T,
    org: OrgId,
    fields: &OrgFields,
    email: &str,
) -> Result<Member> {
    t.person(org, email).await?.ok_or_else(|| {
        Error::not_found(format!(
            "{email} is not a member or collaborator of org '{}'",
            fields.name
        ))
    })
}
