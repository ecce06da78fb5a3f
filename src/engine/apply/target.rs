//! The engine's primitives of an apply (`ApplyTarget`): names are looked up in the store, and
//! every write is the same engine operation a user's call makes, so the same permission
//! checks, rules and audit apply.

use super::super::Ctx;
use super::super::store;
use crate::domain::changes::{ApplyTarget, ParticipantSpec};
use crate::domain::names::normalize_email;
use crate::domain::run_history::RunRecord;
use crate::domain::{
    ActionFields, ActionId, ComputeEnv, ComputeEnvFields, Credentials, CredentialsFields,
    CredentialsId, Credits, CustomRole, CustomRoleFields, Error, LabelFields, LabelId, Member,
    MemberId, NewUser, OrgFields, OrgId, OrgRole, ParticipantId, ParticipantRef, ParticipantRole,
    Pipeline, PipelineFields, PipelineId, Result, Scope, StudiosSettings, Team, TeamFields, TeamId,
    WorkspaceFields, WorkspaceId, WspRole,
};

fn scope(ws: WorkspaceId) -> Scope {
    Scope::Workspace(ws)
}

impl ApplyTarget for Ctx<'_> {
    async fn org(&self, name: &str) -> Result<(OrgId, OrgFields)> {
        let row = self.visible_org_by_name(name)?;
        Ok((row.id, row.fields))
    }

    async fn workspace_id(&self, org: OrgId, name: &str) -> Result<Option<WorkspaceId>> {
        Ok(store::workspaces::by_name(self.conn, org, name)?.map(|w| w.id))
    }

    async fn person(&self, org: OrgId, email: &str) -> Result<Option<Member>> {
        store::members::by_name_or_email(self.conn, org, &normalize_email(email))
    }

    async fn team(&self, org: OrgId, name: &str) -> Result<Option<Team>> {
        store::teams::by_name(self.conn, org, name)
    }

    async fn participant(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        who: &ParticipantSpec,
    ) -> Result<Option<(ParticipantId, ParticipantRole)>> {
        let found = match who {
            ParticipantSpec::Team(name) => match store::teams::by_name(self.conn, org, name)? {
                Some(team) => store::participants::by_team(self.conn, ws, team.id)?,
                None => None,
            },
            ParticipantSpec::Member(email) | ParticipantSpec::Collaborator(email) => {
                match store::members::by_name_or_email(self.conn, org, &normalize_email(email))? {
                    Some(m) => store::participants::by_member(self.conn, ws, m.member_id)?,
                    None => None,
                }
            }
        };
        Ok(found.map(|p| (p.id, p.held_role())))
    }

    async fn label_id(&self, ws: WorkspaceId, label: &LabelFields) -> Result<Option<LabelId>> {
        Ok(store::labels::find_same(self.conn, ws, label)?.map(|l| l.id))
    }

    async fn credentials_id(&self, ws: WorkspaceId, name: &str) -> Result<Option<CredentialsId>> {
        store::credentials::id_by_name(self.conn, ws, name)
    }

    async fn compute_env_id(&self, ws: WorkspaceId, name: &str) -> Result<Option<String>> {
        Ok(store::compute::by_name(self.conn, ws, name)?.map(|e| e.id))
    }

    async fn pipeline_id(&self, ws: WorkspaceId, name: &str) -> Result<Option<PipelineId>> {
        store::pipelines::id_by_name(self.conn, ws, name)
    }

    async fn action_id(&self, ws: WorkspaceId, name: &str) -> Result<Option<ActionId>> {
        Ok(store::actions::list(self.conn, ws)?
            .into_iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
            .map(|a| a.id))
    }

    async fn workspace_fields(&self, _org: OrgId, ws: WorkspaceId) -> Result<WorkspaceFields> {
        store::workspaces::by_id(self.conn, ws)?
            .map(|w| w.fields)
            .ok_or_else(|| Error::not_found(format!("workspace {ws} not found")))
    }

    async fn studios_settings(&self, ws: WorkspaceId) -> Result<StudiosSettings> {
        self.studios_settings(scope(ws))
    }

    async fn credentials(&self, ws: WorkspaceId, id: &str) -> Result<Credentials> {
        self.get_credentials(scope(ws), id)
    }

    async fn compute_env(&self, ws: WorkspaceId, id: &str) -> Result<ComputeEnv> {
        self.get_compute_env(scope(ws), id)
    }

    async fn pipeline(&self, ws: WorkspaceId, id: PipelineId) -> Result<Pipeline> {
        self.get_pipeline(scope(ws), id, None)
    }

    async fn create_user(&self, user: &NewUser) -> Result<()> {
        self.create_user(user).map(drop)
    }

    async fn create_org(&self, fields: &OrgFields, owner: &str) -> Result<()> {
        self.create_org_owned_by(fields, owner).map(drop)
    }

    async fn update_org(&self, org: OrgId, fields: &OrgFields) -> Result<()> {
        self.update_org(org, fields).map(drop)
    }

    async fn add_member(&self, org: OrgId, email: &str, role: OrgRole) -> Result<()> {
        self.set_member(org, email, role).map(drop)
    }

    async fn set_member_role(&self, org: OrgId, member: MemberId, role: OrgRole) -> Result<()> {
        self.set_member_role(org, member, role).map(drop)
    }

    async fn set_default_role(
        &self,
        org: OrgId,
        member: MemberId,
        role: Option<WspRole>,
    ) -> Result<()> {
        self.set_default_role(org, member, role).map(drop)
    }

    async fn remove_member(&self, org: OrgId, member: MemberId) -> Result<()> {
        self.remove_member(org, member)
    }

    async fn set_org_credits(&self, org: OrgId, credits: Credits) -> Result<()> {
        self.set_org_credits(org, credits).map(drop)
    }

    async fn create_team(&self, org: OrgId, fields: &TeamFields) -> Result<()> {
        self.create_team(org, fields).map(drop)
    }

    async fn update_team(&self, org: OrgId, team: TeamId, fields: &TeamFields) -> Result<()> {
        self.update_team(org, team, fields).map(drop)
    }

    async fn delete_team(&self, org: OrgId, team: TeamId) -> Result<()> {
        self.delete_team(org, team)
    }

    async fn custom_role(&self, org: OrgId, name: &str) -> Result<Option<CustomRole>> {
        store::custom_roles::by_name(self.conn, org, name)
    }

    async fn create_custom_role(&self, org: OrgId, fields: &CustomRoleFields) -> Result<()> {
        self.create_custom_role(org, fields).map(drop)
    }

    async fn update_custom_role(
        &self,
        org: OrgId,
        name: &str,
        fields: &CustomRoleFields,
    ) -> Result<()> {
        self.update_custom_role(org, name, fields).map(drop)
    }

    async fn delete_custom_role(&self, org: OrgId, name: &str) -> Result<()> {
        self.delete_custom_role(org, name)
    }

    async fn add_team_member(&self, org: OrgId, team: TeamId, email: &str) -> Result<()> {
        self.add_team_member(org, team, email).map(drop)
    }

    async fn remove_team_member(&self, org: OrgId, team: TeamId, member: MemberId) -> Result<()> {
        self.remove_team_member(org, team, member)
    }

    async fn create_workspace(&self, org: OrgId, fields: &WorkspaceFields) -> Result<()> {
        self.create_workspace(org, fields).map(drop)
    }

    async fn update_workspace(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        fields: &WorkspaceFields,
    ) -> Result<()> {
        self.update_workspace(org, ws, fields).map(drop)
    }

    async fn delete_workspace(&self, org: OrgId, ws: WorkspaceId) -> Result<()> {
        self.delete_workspace(org, ws)
    }

    async fn add_participant(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        who: &ParticipantRef,
        role: &ParticipantRole,
    ) -> Result<()> {
        self.add_participant(org, ws, who, Some(role.clone()))
            .map(drop)
    }

    async fn set_participant_role(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        id: ParticipantId,
        role: &ParticipantRole,
    ) -> Result<()> {
        self.set_participant_role(org, ws, id, role.clone())
            .map(drop)
    }

    async fn remove_participant(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        id: ParticipantId,
    ) -> Result<()> {
        self.remove_participant(org, ws, id)
    }

    async fn set_allocation(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        amount: Option<Credits>,
    ) -> Result<()> {
        self.set_allocation(org, ws, amount).map(drop)
    }

    async fn set_studios_settings(
        &self,
        ws: WorkspaceId,
        settings: &StudiosSettings,
    ) -> Result<()> {
        self.set_studios_settings(scope(ws), settings).map(drop)
    }

    async fn create_label(&self, ws: WorkspaceId, fields: &LabelFields) -> Result<()> {
        self.create_label(scope(ws), fields).map(drop)
    }

    async fn update_label(&self, ws: WorkspaceId, id: LabelId, fields: &LabelFields) -> Result<()> {
        self.update_label(scope(ws), id, fields).map(drop)
    }

    async fn delete_label(&self, ws: WorkspaceId, id: LabelId) -> Result<()> {
        self.delete_label(scope(ws), id)
    }

    async fn create_credentials(&self, ws: WorkspaceId, fields: &CredentialsFields) -> Result<()> {
        self.create_credentials(scope(ws), fields).map(drop)
    }

    async fn update_credentials(
        &self,
        ws: WorkspaceId,
        id: &str,
        fields: &CredentialsFields,
    ) -> Result<()> {
        self.update_credentials(scope(ws), id, fields).map(drop)
    }

    async fn delete_credentials(&self, ws: WorkspaceId, id: &str) -> Result<()> {
        self.delete_credentials(scope(ws), id)
    }

    async fn create_compute_env(&self, ws: WorkspaceId, fields: &ComputeEnvFields) -> Result<()> {
        self.create_compute_env(scope(ws), fields).map(drop)
    }

    async fn update_compute_env(
        &self,
        ws: WorkspaceId,
        id: &str,
        fields: &ComputeEnvFields,
    ) -> Result<()> {
        self.update_compute_env(scope(ws), id, fields).map(drop)
    }

    async fn set_compute_env_enabled(
        &self,
        ws: WorkspaceId,
        id: &str,
        enabled: bool,
    ) -> Result<()> {
        if enabled {
            self.enable_compute_env(scope(ws), id).map(drop)
        } else {
            self.disable_compute_env(scope(ws), id).map(drop)
        }
    }

    async fn make_primary(&self, ws: WorkspaceId, id: &str) -> Result<()> {
        self.make_primary(scope(ws), id).map(drop)
    }

    async fn delete_compute_env(&self, ws: WorkspaceId, id: &str) -> Result<()> {
        self.delete_compute_env(scope(ws), id)
    }

    async fn create_pipeline(&self, ws: WorkspaceId, fields: &PipelineFields) -> Result<()> {
        self.create_pipeline(scope(ws), fields).map(drop)
    }

    async fn update_pipeline(
        &self,
        ws: WorkspaceId,
        id: PipelineId,
        fields: &PipelineFields,
    ) -> Result<()> {
        self.update_pipeline(scope(ws), id, fields).map(drop)
    }

    async fn delete_pipeline(&self, ws: WorkspaceId, id: PipelineId) -> Result<()> {
        self.delete_pipeline(scope(ws), id)
    }

    async fn add_action(&self, ws: WorkspaceId, fields: &ActionFields) -> Result<ActionId> {
        self.add_action(scope(ws), fields).map(|a| a.id)
    }

    async fn set_action_paused(&self, ws: WorkspaceId, id: &str, paused: bool) -> Result<()> {
        if paused {
            self.pause_action(scope(ws), id).map(drop)
        } else {
            self.resume_action(scope(ws), id).map(drop)
        }
    }

    async fn delete_action(&self, ws: WorkspaceId, id: &str) -> Result<()> {
        self.delete_action(scope(ws), id)
    }

    async fn import_runs(
        &self,
        ws: WorkspaceId,
        runs: &[RunRecord],
        runs_done: &mut impl FnMut(u64),
    ) -> Result<()> {
        self.import_runs_reporting(scope(ws), runs, runs_done)
            .map(drop)
    }
}
