//! The remote client's primitives of an apply (`ApplyTarget`): names are resolved through list
//! requests, and every write is the same API call the TUI makes. Run history cannot be
//! imported: the Seqera API has no endpoint for it.

use super::RemoteClient;
use crate::client::{
    ActionClient, ComputeClient, CredentialsClient, LaunchpadClient, OrgClient, ParticipantClient,
    RoleClient, SessionClient, SettingsClient, TeamClient, WorkspaceClient,
};
use crate::domain::changes::ParticipantSpec;
use crate::domain::launchpad::{PipelineQuery, PipelineVisibility};
use crate::domain::run_history::RunRecord;
use crate::domain::{
    ActionFields, ActionId, ComputeEnv, ComputeEnvFields, Credentials, CredentialsFields,
    CredentialsId, Credits, CustomRole, CustomRoleFields, Error, LabelFields, LabelId, LabelType,
    Member, MemberId, NewUser, Org, OrgFields, OrgId, OrgRole, Page, ParticipantId, ParticipantRef,
    ParticipantRole, ParticipantType, Pipeline, PipelineFields, PipelineId, Result, Scope,
    StudiosSettings, Team, TeamFields, TeamId, WorkspaceFields, WorkspaceId, WspRole,
};

fn scope(ws: WorkspaceId) -> Scope {
    Scope::Workspace(ws)
}

/// Why a server cannot take run history.
pub(super) fn no_run_import(endpoint: &str) -> Error {
    Error::unavailable(format!(
        "{endpoint} cannot import run history: the Seqera API has no endpoint for it (apply the runs to an embedded database)"
    ))
}

impl RemoteClient {
    /// The org of that name among the caller's orgs.
    pub(super) async fn org_named(&self, name: &str) -> Result<Org> {
        self.list_orgs()
            .await?
            .into_iter()
            .find(|o| o.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| Error::not_found(format!("organization '{name}' not found")))
    }

    /// An owner, member or collaborator by email (both lists, read concurrently).
    pub(super) async fn person_named(&self, org: OrgId, email: &str) -> Result<Option<Member>> {
        let page = Page::first(Page::MAX).with_search(email);
        let (members, collaborators) = futures::try_join!(
            self.list_members(org, page.clone()),
            self.list_collaborators(org, page),
        )?;
        Ok(members
            .items
            .into_iter()
            .chain(collaborators.items)
            .find(|m| m.email.eq_ignore_ascii_case(email)))
    }

    pub(super) async fn team_named(&self, org: OrgId, name: &str) -> Result<Option<Team>> {
        let page = Page::first(Page::MAX).with_search(name);
        Ok(self
            .list_teams(org, page)
            .await?
            .items
            .into_iter()
            .find(|t| t.name.eq_ignore_ascii_case(name)))
    }

    pub(super) async fn workspace_named(
        &self,
        org: OrgId,
        name: &str,
    ) -> Result<Option<WorkspaceId>> {
        let path = format!("/orgs/{org}/workspaces");
        let r: crate::api::dto::ListWorkspacesResponse = self.http.get(&path, vec![]).await?;
        Ok(r.workspaces
            .unwrap_or_default()
            .into_iter()
            .find(|w| {
                w.name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
            .and_then(|w| w.id))
    }

    /// Adds the user with this org role, or changes the role they have.
    async fn set_member(&self, org: OrgId, email: &str, role: OrgRole) -> Result<()> {
        match self.person_named(org, email).await? {
            Some(m) if m.role == role => Ok(()),
            Some(m) => OrgClient::set_member_role(self, org, m.member_id, role).await,
            None => self.add_member_as(org, email, role).await,
        }
    }

    /// Adds a user to the org (as a member), then gives them `role` if that is another.
    async fn add_member_as(&self, org: OrgId, email: &str, role: OrgRole) -> Result<()> {
        let m = OrgClient::add_member(self, org, email).await?;
        if role == OrgRole::Member {
            Ok(())
        } else {
            OrgClient::set_member_role(self, org, m.member_id, role).await
        }
    }
}

impl crate::domain::changes::ApplyTarget for RemoteClient {
    async fn org(&self, name: &str) -> Result<(OrgId, OrgFields)> {
        let org = self.org_named(name).await?;
        Ok((org.id, OrgFields::from(&org)))
    }

    async fn workspace_id(&self, org: OrgId, name: &str) -> Result<Option<WorkspaceId>> {
        self.workspace_named(org, name).await
    }

    async fn person(&self, org: OrgId, email: &str) -> Result<Option<Member>> {
        self.person_named(org, email).await
    }

    async fn team(&self, org: OrgId, name: &str) -> Result<Option<Team>> {
        self.team_named(org, name).await
    }

    async fn participant(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        who: &ParticipantSpec,
    ) -> Result<Option<(ParticipantId, ParticipantRole)>> {
        let (search, kind_team) = match who {
            ParticipantSpec::Team(t) => (t, true),
            ParticipantSpec::Member(e) | ParticipantSpec::Collaborator(e) => (e, false),
        };
        let page = Page::first(Page::MAX).with_search(search.clone());
        Ok(self
            .list_participants(org, ws, page)
            .await?
            .items
            .into_iter()
            .find(|p| {
                let name = if kind_team { &p.team_name } else { &p.email };
                (p.kind == ParticipantType::Team) == kind_team
                    && name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(search))
            })
            .map(|p| (p.id, p.held_role())))
    }

    async fn label_id(&self, ws: WorkspaceId, label: &LabelFields) -> Result<Option<LabelId>> {
        let page = Page::first(Page::MAX).with_search(&label.name);
        Ok(self
            .list_labels(scope(ws), LabelType::All, page)
            .await?
            .items
            .into_iter()
            .find(|l| {
                l.resource == label.resource
                    && l.name.eq_ignore_ascii_case(&label.name)
                    && (!label.resource || l.value == label.value)
            })
            .map(|l| l.id))
    }

    async fn credentials_id(&self, ws: WorkspaceId, name: &str) -> Result<Option<CredentialsId>> {
        Ok(self
            .list_credentials(scope(ws), None)
            .await?
            .into_iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
            .map(|c| c.id))
    }

    async fn compute_env_id(&self, ws: WorkspaceId, name: &str) -> Result<Option<String>> {
        Ok(self
            .list_compute_envs(scope(ws), None)
            .await?
            .into_iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))
            .map(|e| e.id))
    }

    async fn pipeline_id(&self, ws: WorkspaceId, name: &str) -> Result<Option<PipelineId>> {
        let query = PipelineQuery {
            visibility: PipelineVisibility::Private,
            page: Page::first(Page::MAX).with_search(name),
            label: None,
        };
        Ok(self
            .list_pipelines(scope(ws), query)
            .await?
            .items
            .into_iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .map(|p| p.id))
    }

    async fn action_id(&self, ws: WorkspaceId, name: &str) -> Result<Option<ActionId>> {
        Ok(self
            .list_actions(scope(ws))
            .await?
            .into_iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
            .map(|a| a.id))
    }

    async fn workspace_fields(&self, org: OrgId, ws: WorkspaceId) -> Result<WorkspaceFields> {
        Ok(WorkspaceFields::from(&self.get_workspace(org, ws).await?))
    }

    async fn studios_settings(&self, ws: WorkspaceId) -> Result<StudiosSettings> {
        SettingsClient::studios_settings(self, scope(ws)).await
    }

    async fn credentials(&self, ws: WorkspaceId, id: &str) -> Result<Credentials> {
        self.get_credentials(scope(ws), id.to_string()).await
    }

    async fn compute_env(&self, ws: WorkspaceId, id: &str) -> Result<ComputeEnv> {
        self.get_compute_env(scope(ws), id.to_string()).await
    }

    async fn pipeline(&self, ws: WorkspaceId, id: PipelineId) -> Result<Pipeline> {
        self.get_pipeline(scope(ws), id, None).await
    }

    async fn create_user(&self, user: &NewUser) -> Result<()> {
        SessionClient::create_user(self, user.clone())
            .await
            .map(drop)
    }

    /// The caller creates the org; for someone else (the operator only), that person is made
    /// owner before the caller leaves the org again.
    async fn create_org(&self, fields: &OrgFields, owner: &str) -> Result<()> {
        let me = self.session().await?;
        let for_me = owner.eq_ignore_ascii_case(&me.user.email);
        if !for_me && !me.operator {
            return Err(Error::forbidden(
                "only the operator may create an org on behalf of someone else",
            ));
        }
        let org = OrgClient::create_org(self, fields.clone()).await?;
        if !for_me {
            self.set_member(org.id, owner, OrgRole::Owner).await?;
            self.leave_org(org.id).await?;
        }
        Ok(())
    }

    async fn update_org(&self, org: OrgId, fields: &OrgFields) -> Result<()> {
        OrgClient::update_org(self, org, fields.clone())
            .await
            .map(drop)
    }

    async fn add_member(&self, org: OrgId, email: &str, role: OrgRole) -> Result<()> {
        self.add_member_as(org, email, role).await
    }

    async fn set_member_role(&self, org: OrgId, member: MemberId, role: OrgRole) -> Result<()> {
        OrgClient::set_member_role(self, org, member, role).await
    }

    async fn set_default_role(
        &self,
        org: OrgId,
        member: MemberId,
        role: Option<WspRole>,
    ) -> Result<()> {
        OrgClient::set_default_role(self, org, member, role).await
    }

    async fn remove_member(&self, org: OrgId, member: MemberId) -> Result<()> {
        OrgClient::remove_member(self, org, member).await
    }

    async fn set_org_credits(&self, org: OrgId, credits: Credits) -> Result<()> {
        SettingsClient::set_org_credits(self, org, credits)
            .await
            .map(drop)
    }

    async fn create_team(&self, org: OrgId, fields: &TeamFields) -> Result<()> {
        TeamClient::create_team(self, org, fields.clone())
            .await
            .map(drop)
    }

    async fn update_team(&self, org: OrgId, team: TeamId, fields: &TeamFields) -> Result<()> {
        TeamClient::update_team(self, org, team, fields.clone())
            .await
            .map(drop)
    }

    async fn delete_team(&self, org: OrgId, team: TeamId) -> Result<()> {
        TeamClient::delete_team(self, org, team).await
    }

    async fn custom_role(&self, org: OrgId, name: &str) -> Result<Option<CustomRole>> {
        let roles = RoleClient::list_custom_roles(self, org).await?;
        Ok(roles
            .into_iter()
            .find(|r| r.name.eq_ignore_ascii_case(name)))
    }

    async fn create_custom_role(&self, org: OrgId, fields: &CustomRoleFields) -> Result<()> {
        RoleClient::create_custom_role(self, org, fields.clone()).await
    }

    async fn update_custom_role(
        &self,
        org: OrgId,
        name: &str,
        fields: &CustomRoleFields,
    ) -> Result<()> {
        RoleClient::update_custom_role(self, org, name, fields.clone()).await
    }

    async fn delete_custom_role(&self, org: OrgId, name: &str) -> Result<()> {
        RoleClient::delete_custom_role(self, org, name).await
    }

    async fn add_team_member(&self, org: OrgId, team: TeamId, email: &str) -> Result<()> {
        TeamClient::add_team_member(self, org, team, email)
            .await
            .map(drop)
    }

    async fn remove_team_member(&self, org: OrgId, team: TeamId, member: MemberId) -> Result<()> {
        TeamClient::remove_team_member(self, org, team, member).await
    }

    async fn create_workspace(&self, org: OrgId, fields: &WorkspaceFields) -> Result<()> {
        WorkspaceClient::create_workspace(self, org, fields.clone())
            .await
            .map(drop)
    }

    async fn update_workspace(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        fields: &WorkspaceFields,
    ) -> Result<()> {
        WorkspaceClient::update_workspace(self, org, ws, fields.clone())
            .await
            .map(drop)
    }

    async fn delete_workspace(&self, org: OrgId, ws: WorkspaceId) -> Result<()> {
        WorkspaceClient::delete_workspace(self, org, ws).await
    }

    async fn add_participant(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        who: &ParticipantRef,
        role: &ParticipantRole,
    ) -> Result<()> {
        ParticipantClient::add_participant(self, org, ws, who.clone(), Some(role.clone()))
            .await
            .map(drop)
    }

    async fn set_participant_role(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        id: ParticipantId,
        role: &ParticipantRole,
    ) -> Result<()> {
        ParticipantClient::set_participant_role(self, org, ws, id, role.clone()).await
    }

    async fn remove_participant(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        id: ParticipantId,
    ) -> Result<()> {
        ParticipantClient::remove_participant(self, org, ws, id).await
    }

    async fn set_allocation(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        amount: Option<Credits>,
    ) -> Result<()> {
        SettingsClient::set_allocation(self, org, ws, amount)
            .await
            .map(drop)
    }

    async fn set_studios_settings(
        &self,
        ws: WorkspaceId,
        settings: &StudiosSettings,
    ) -> Result<()> {
        SettingsClient::set_studios_settings(self, scope(ws), *settings)
            .await
            .map(drop)
    }

    async fn create_label(&self, ws: WorkspaceId, fields: &LabelFields) -> Result<()> {
        SettingsClient::create_label(self, scope(ws), fields.clone())
            .await
            .map(drop)
    }

    async fn update_label(&self, ws: WorkspaceId, id: LabelId, fields: &LabelFields) -> Result<()> {
        SettingsClient::update_label(self, scope(ws), id, fields.clone())
            .await
            .map(drop)
    }

    async fn delete_label(&self, ws: WorkspaceId, id: LabelId) -> Result<()> {
        SettingsClient::delete_label(self, scope(ws), id).await
    }

    async fn create_credentials(&self, ws: WorkspaceId, fields: &CredentialsFields) -> Result<()> {
        CredentialsClient::create_credentials(self, scope(ws), fields.clone())
            .await
            .map(drop)
    }

    async fn update_credentials(
        &self,
        ws: WorkspaceId,
        id: &str,
        fields: &CredentialsFields,
    ) -> Result<()> {
        CredentialsClient::update_credentials(self, scope(ws), id.to_string(), fields.clone())
            .await
            .map(drop)
    }

    async fn delete_credentials(&self, ws: WorkspaceId, id: &str) -> Result<()> {
        CredentialsClient::delete_credentials(self, scope(ws), id.to_string()).await
    }

    async fn create_compute_env(&self, ws: WorkspaceId, fields: &ComputeEnvFields) -> Result<()> {
        ComputeClient::create_compute_env(self, scope(ws), fields.clone())
            .await
            .map(drop)
    }

    async fn update_compute_env(
        &self,
        ws: WorkspaceId,
        id: &str,
        fields: &ComputeEnvFields,
    ) -> Result<()> {
        ComputeClient::update_compute_env(self, scope(ws), id.to_string(), fields.clone())
            .await
            .map(drop)
    }

    async fn set_compute_env_enabled(
        &self,
        ws: WorkspaceId,
        id: &str,
        enabled: bool,
    ) -> Result<()> {
        let id = id.to_string();
        if enabled {
            self.enable_compute_env(scope(ws), id).await.map(drop)
        } else {
            self.disable_compute_env(scope(ws), id).await.map(drop)
        }
    }

    async fn make_primary(&self, ws: WorkspaceId, id: &str) -> Result<()> {
        ComputeClient::make_primary(self, scope(ws), id.to_string())
            .await
            .map(drop)
    }

    async fn delete_compute_env(&self, ws: WorkspaceId, id: &str) -> Result<()> {
        ComputeClient::delete_compute_env(self, scope(ws), id.to_string()).await
    }

    async fn create_pipeline(&self, ws: WorkspaceId, fields: &PipelineFields) -> Result<()> {
        LaunchpadClient::create_pipeline(self, scope(ws), fields.clone())
            .await
            .map(drop)
    }

    async fn update_pipeline(
        &self,
        ws: WorkspaceId,
        id: PipelineId,
        fields: &PipelineFields,
    ) -> Result<()> {
        LaunchpadClient::update_pipeline(self, scope(ws), id, fields.clone())
            .await
            .map(drop)
    }

    async fn delete_pipeline(&self, ws: WorkspaceId, id: PipelineId) -> Result<()> {
        LaunchpadClient::delete_pipeline(self, scope(ws), id).await
    }

    async fn add_action(&self, ws: WorkspaceId, fields: &ActionFields) -> Result<ActionId> {
        ActionClient::add_action(self, scope(ws), fields.clone())
            .await
            .map(|a| a.id)
    }

    async fn set_action_paused(&self, ws: WorkspaceId, id: &str, paused: bool) -> Result<()> {
        let id = id.to_string();
        if paused {
            self.pause_action(scope(ws), id).await.map(drop)
        } else {
            self.resume_action(scope(ws), id).await.map(drop)
        }
    }

    async fn delete_action(&self, ws: WorkspaceId, id: &str) -> Result<()> {
        ActionClient::delete_action(self, scope(ws), id.to_string()).await
    }

    async fn import_runs(
        &self,
        _ws: WorkspaceId,
        _runs: &[RunRecord],
        _runs_done: &mut impl FnMut(u64),
    ) -> Result<()> {
        Err(no_run_import(self.endpoint()))
    }
}
