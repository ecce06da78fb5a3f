//! Workspace participants: add (member, team, or email, which makes an org collaborator), change
//! role, remove, leave; effective roles with their sources; the tier's participant limit.

use super::Ctx;
use super::access::{check_permission, path};
use super::audit::snap;
use super::store::{self, workspaces::WorkspaceRow};
use crate::domain::names::{check_email, normalize_email};
use crate::domain::participant_role::unknown_role_refusal;
use crate::domain::{
    EffectiveRole, Error, OrgId, OrgRole, Page, Paged, Participant, ParticipantId, ParticipantRef,
    ParticipantRole, Permission, Result, ResultExt, RoleGrant, Usage, WorkspaceId, WspRole,
};

impl Ctx<'_> {
    /// An org workspace where participants can be read (any role); personal workspaces have none.
    fn participant_workspace(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        permission: Permission,
    ) -> Result<WorkspaceRow> {
        let (row, role) = self.org_workspace(org, ws)?;
        check_permission(&row, &role, permission)?;
        Ok(row)
    }

    pub fn list_participants(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        page: &Page,
    ) -> Result<Paged<Participant>> {
        self.participant_workspace(org, ws, Permission::ViewWorkspace)?;
        store::participants::list(self.conn, ws, page)
    }

    /// The role a member or collaborator participant actually holds, with its sources.
    fn participant_effective(
        &self,
        ws: WorkspaceId,
        p: &Participant,
    ) -> Result<Option<EffectiveRole>> {
        let Some(user) = p.user_id else {
            return Ok(None);
        };
        let grants: Vec<RoleGrant> = store::roles::grants_for_user(self.conn, user, Some(ws))?
            .into_iter()
            .map(|(_, g)| g)
            .collect();
        Ok(Some(EffectiveRole::from_grants(grants)))
    }

    pub fn participant_usage(&self, org: OrgId, ws: WorkspaceId) -> Result<Usage> {
        self.participant_workspace(org, ws, Permission::ViewWorkspace)?;
        let tier = self.visible_org(org)?.fields.tier;
        Ok(Usage::new(
            store::participants::count(self.conn, ws)?,
            tier.limits().participants_per_workspace,
        ))
    }

    fn participant(&self, ws: WorkspaceId, id: ParticipantId) -> Result<Participant> {
        let mut p = store::participants::by_id(self.conn, ws, id)?.ok_or_else(|| {
            Error::not_found(format!("participant {id} not found in workspace {ws}"))
        })?;
        p.effective = self.participant_effective(ws, &p)?;
        Ok(p)
    }

    /// The built-in role and the custom role key (if any) a role name stands for in `org`
    /// (the org of workspace `row`): a custom role's holder keeps `view` as its built-in role.
    fn resolve_role(
        &self,
        org: OrgId,
        row: &WorkspaceRow,
        role: &ParticipantRole,
    ) -> Result<(WspRole, Option<i64>)> {
        let ParticipantRole::Custom(name) = role else {
            return Ok((role.built_in().unwrap_or(WspRole::DEFAULT), None));
        };
        if let Some(id) = store::custom_roles::id_by_name(self.conn, org, name)? {
            return Ok((WspRole::View, Some(id)));
        }
        let names: Vec<String> = store::custom_roles::list(self.conn, org)?
            .into_iter()
            .map(|r| r.name)
            .collect();
        Err(unknown_role_refusal(
            name,
            row.org_name.as_deref().unwrap_or_default(),
            &names,
        ))
    }

    /// Adds a participant (workspace owner or admin) with `role` (built-in or one of the org's
    /// custom roles), or `launch` by default. Granting `owner` needs the owner role.
    pub fn add_participant(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        who: &ParticipantRef,
        role: Option<ParticipantRole>,
    ) -> Result<Participant> {
        let (row, my_role) = self.org_workspace(org, ws)?;
        check_permission(&row, &my_role, Permission::ManageParticipants)?;
        let role = role.unwrap_or(ParticipantRole::BuiltIn(WspRole::DEFAULT));
        if role.is_owner() {
            check_permission(&row, &my_role, Permission::GrantOwner)?;
        }
        let object = format!("workspace '{}'", path(&row));
        let (role, custom) = self.resolve_role(org, &row, &role).about(&object)?;
        let target = self.resolve_participant(org, who).about(&object)?;
        let existing = match &target {
            Target::Member(m) => store::participants::by_member(self.conn, ws, m.member_id)?,
            Target::Team(t) => store::participants::by_team(self.conn, ws, t.id)?,
            Target::NewCollaborator(_) => None,
        };
        if existing.is_some() {
            return Err(
                Error::conflict(format!("{} is already a participant", target.label()))
                    .about(&object),
            );
        }
        let tier = self.visible_org(org)?.fields.tier;
        Usage::new(
            store::participants::count(self.conn, ws)?,
            tier.limits().participants_per_workspace,
        )
        .check_room(
            1,
            "participants per workspace (collaborators and teams included)",
            tier,
        )
        .about(&object)?;
        let id = match target {
            Target::Member(m) => {
                store::participants::insert_member(self.conn, ws, m.member_id, role, custom)?
            }
            Target::Team(t) => store::participants::insert_team(self.conn, ws, t.id, role, custom)?,
            Target::NewCollaborator(email) => {
                let user = self.ensure_user(&email)?;
                let member =
                    store::members::insert(self.conn, org, user.id, OrgRole::Collaborator)?;
                self.audit(
                    "member.add",
                    "member",
                    member,
                    &user.email,
                    None,
                    snap(&serde_json::json!({"org": row.org_name, "email": user.email, "role": "collaborator"})),
                )?;
                store::participants::insert_member(self.conn, ws, member, role, custom)?
            }
        };
        let p = self.participant(ws, id)?;
        self.audit(
            "participant.add",
            "participant",
            id,
            &p.display_name(),
            None,
            snap(&p),
        )?;
        Ok(p)
    }

    /// Finds who a participant reference points to.
    fn resolve_participant(&self, org: OrgId, who: &ParticipantRef) -> Result<Target> {
        match who {
            ParticipantRef::Member(id) => Ok(Target::Member(self.member(org, *id)?)),
            ParticipantRef::Team(id) => Ok(Target::Team(self.team(org, *id)?)),
            ParticipantRef::UserNameOrEmail(text) => {
                let text = text.trim();
                if let Some(m) =
                    store::members::by_name_or_email(self.conn, org, &normalize_email(text))?
                {
                    return Ok(Target::Member(m));
                }
                if text.contains('@') {
                    check_email(&normalize_email(text))?;
                    Ok(Target::NewCollaborator(normalize_email(text)))
                } else if text.is_empty() {
                    Err(Error::invalid(
                        "a participant needs a member, a team, or an email",
                    ))
                } else {
                    Err(Error::not_found(format!(
                        "no member named '{text}' in this org (give an email to invite a collaborator)"
                    )))
                }
            }
        }
    }

    /// Changes a participant's role to a built-in role or one of the org's custom roles (owner
    /// or admin; `owner` involved needs the owner role).
    pub fn set_participant_role(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        id: ParticipantId,
        role: ParticipantRole,
    ) -> Result<Participant> {
        let (row, my_role) = self.org_workspace(org, ws)?;
        check_permission(&row, &my_role, Permission::ManageParticipants)?;
        let before = self.participant(ws, id)?;
        if before.role == WspRole::Owner || role.is_owner() {
            check_permission(&row, &my_role, Permission::GrantOwner)?;
        }
        let object = format!("workspace '{}'", path(&row));
        let (built_in, custom) = self.resolve_role(org, &row, &role).about(&object)?;
        if before.held_role().same_as(&role) {
            return Ok(before);
        }
        store::participants::set_role(self.conn, id, built_in, custom)?;
        let after = self.participant(ws, id)?;
        self.audit(
            "participant.role",
            "participant",
            id,
            &after.display_name(),
            snap(&before),
            snap(&after),
        )?;
        Ok(after)
    }

    /// Removes a participant (owner or admin; removing an `owner` needs the owner role).
    /// Removing one's own row is leaving, which any participant may do.
    pub fn remove_participant(&self, org: OrgId, ws: WorkspaceId, id: ParticipantId) -> Result<()> {
        let (row, my_role) = self.org_workspace(org, ws)?;
        let before = self.participant(ws, id)?;
        if before.user_id == Some(self.actor.user_id) && before.team_id.is_none() {
            return self.leave_workspace(org, ws);
        }
        check_permission(&row, &my_role, Permission::ManageParticipants)?;
        if before.role == WspRole::Owner {
            check_permission(&row, &my_role, Permission::GrantOwner)?;
        }
        store::participants::delete(self.conn, id)?;
        self.audit(
            "participant.remove",
            "participant",
            id,
            &before.display_name(),
            snap(&before),
            None,
        )
    }

    /// The acting user leaves a workspace where they participate in their own right.
    pub fn leave_workspace(&self, org: OrgId, ws: WorkspaceId) -> Result<()> {
        let (row, _) = self.org_workspace(org, ws)?;
        let object = format!("workspace '{}'", path(&row));
        let me = self
            .my_membership(org)?
            .ok_or_else(|| Error::not_found("you are not a participant").about(&object))?;
        let Some(p) = store::participants::by_member(self.conn, ws, me.member_id)? else {
            return Err(Error::not_found(
                "you are not a participant in your own right (a team or an org role gives you access; ask an owner)",
            )
            .about(&object));
        };
        store::participants::delete(self.conn, p.id)?;
        self.audit(
            "participant.leave",
            "participant",
            p.id,
            &me.email,
            snap(&p),
            None,
        )
    }
}

/// Who a participant reference resolved to.
enum Target {
    Member(crate::domain::Member),
    Team(crate::domain::Team),
    /// An email that is not in the org: becomes an org collaborator.
    NewCollaborator(String),
}

impl Target {
    fn label(&self) -> String {
        match self {
            Target::Member(m) => m.email.clone(),
            Target::Team(t) => format!("team '{}'", t.name),
            Target::NewCollaborator(e) => e.clone(),
        }
    }
}
