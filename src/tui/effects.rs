//! Effects: what `update` asks the outside world to do, as data. The driver (`spawn`) runs each
//! one on a tokio task, calls the client, and sends the reply back as a `Msg`. `perform` is the
//! same work without the task, for tests that drive the model against a real client.

use super::msg::Msg;
use super::request::{Data, Outcome, ReqId};
// Re-exported: the requests are data of their own (see `request`).
pub use super::request::{Load, Mutation};
use crate::client::{Client, SharedClient};
use crate::domain::{
    Error, LabelType, Member, OrgId, Page, Paged, PipelineQuery, PipelineVisibility, Result,
    RunLabelChange, RunQuery, SecretString, WorkflowId,
};
use futures::FutureExt;
use std::future::Future;
use tokio::sync::mpsc::UnboundedSender;

#[derive(Debug)]
pub enum Effect {
    Load {
        req: ReqId,
        what: Load,
    },
    Mutate {
        req: ReqId,
        op: Mutation,
    },
    /// Sends `Msg::Timer { req }` after a while (the Runs tab's refresh while runs are active).
    Timer {
        req: ReqId,
        after: std::time::Duration,
    },
    /// Sends `Msg::Poll` after a while: the clock of `live`, which keeps every list current.
    Poll {
        after: std::time::Duration,
    },
}

/// Runs an effect on a tokio task and sends its reply to `tx`. A panic inside the client call
/// becomes an error reply instead of a lost task (the panic hook has already logged it).
pub fn spawn(client: SharedClient, effect: Effect, tx: UnboundedSender<Msg>) {
    if let Effect::Timer { req, after } = effect {
        tokio::spawn(async move {
            tokio::time::sleep(after).await;
            let _ = tx.send(Msg::Timer { req });
        });
        return;
    }
    if let Effect::Poll { after } = effect {
        tokio::spawn(async move {
            tokio::time::sleep(after).await;
            let _ = tx.send(Msg::Poll);
        });
        return;
    }
    tokio::spawn(async move {
        let fallback = fallback_reply(&effect);
        let msg = std::panic::AssertUnwindSafe(perform(client.as_ref(), effect))
            .catch_unwind()
            .await
            .unwrap_or(fallback);
        // The UI may have quit meanwhile; then nobody needs the reply.
        let _ = tx.send(msg);
    });
}

fn fallback_reply(effect: &Effect) -> Msg {
    fn error<T>() -> Result<T> {
        Err(crate::domain::Error::internal(
            "nfdeck failed internally while doing this (see the log file)",
        ))
    }
    match effect {
        Effect::Load { req, what } => Msg::Loaded {
            req: *req,
            what: what.clone(),
            result: error(),
        },
        Effect::Mutate { req, op } => Msg::Done {
            req: *req,
            op: op.clone(),
            result: error(),
        },
        Effect::Timer { req, .. } => Msg::Timer { req: *req },
        Effect::Poll { .. } => Msg::Poll,
    }
}

/// Does the work of an effect and returns the reply.
pub async fn perform(client: &dyn Client, effect: Effect) -> Msg {
    match effect {
        Effect::Load { req, what } => {
            tracing::debug!(req, ?what, "load");
            let result = load(client, &what).await;
            if let Err(e) = &result {
                tracing::info!(req, ?what, error = %e, "load failed");
            }
            Msg::Loaded { req, what, result }
        }
        Effect::Mutate { req, op } => {
            tracing::info!(req, ?op, "change");
            let result = mutate(client, &op).await;
            if let Err(e) = &result {
                tracing::info!(req, error = %e, "change refused");
            }
            Msg::Done { req, op, result }
        }
        // Without the driver's task the time is up at once (tests decide when to deliver).
        Effect::Timer { req, .. } => Msg::Timer { req },
        Effect::Poll { .. } => Msg::Poll,
    }
}

/// Reads every page of a paged list.
async fn all_pages<T, F, Fut>(fetch: F) -> Result<Vec<T>>
where
    F: Fn(Page) -> Fut,
    Fut: Future<Output = Result<Paged<T>>>,
{
    let mut page = Page::first(Page::MAX);
    let mut items = Vec::new();
    loop {
        let got = fetch(page.clone()).await?;
        let count = got.items.len();
        items.extend(got.items);
        if count == 0 || items.len() as u64 >= got.total {
            return Ok(items);
        }
        page = page.next();
    }
}

/// The org's custom role names; none from a server that does not offer custom roles.
async fn custom_role_names(client: &dyn Client, org: OrgId) -> Result<Vec<String>> {
    match client.list_custom_roles(org).await {
        Ok(roles) => Ok(roles.into_iter().map(|r| r.name).collect()),
        Err(e) if e.kind == crate::domain::ErrorKind::Unavailable => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

async fn members_and_collaborators(client: &dyn Client, org: OrgId) -> Result<Vec<Member>> {
    let mut members = all_pages(|p| client.list_members(org, p)).await?;
    members.extend(all_pages(|p| client.list_collaborators(org, p)).await?);
    Ok(members)
}

// Long: one arm per `Load` variant, each a client call; splitting it would only scatter
// the table.
async fn load(client: &dyn Client, what: &Load) -> Result<Data> {
    Ok(match *what {
        Load::Session => Data::Session(client.session().await?),
        Load::Workspaces => {
            let workspaces = client.list_workspaces().await?;
            let orgs = client.list_orgs().await?;
            let mut usage = Vec::new();
            for org in &orgs {
                // Usage is a nicety: an org that does not share it still lists.
                if let Ok(u) = client.org_usage(org.id).await {
                    usage.push((org.id, u));
                }
            }
            Data::Workspaces {
                workspaces,
                orgs,
                usage,
            }
        }
        Load::Members(org) => Data::Members(org, members_and_collaborators(client, org).await?),
        Load::Teams(org) => Data::Teams(org, all_pages(|p| client.list_teams(org, p)).await?),
        Load::TeamMembers { org, team } => Data::TeamMembers(
            team,
            all_pages(|p| client.list_team_members(org, team, p)).await?,
        ),
        Load::Participants { org, workspace } => {
            let items = all_pages(|p| client.list_participants(org, workspace, p)).await?;
            let usage = client.participant_usage(org, workspace).await?;
            Data::Participants {
                workspace,
                items,
                usage,
                roles: custom_role_names(client, org).await?,
            }
        }
        Load::Candidates(org) => Data::Candidates {
            members: members_and_collaborators(client, org).await?,
            teams: all_pages(|p| client.list_teams(org, p)).await?,
        },
        Load::Pipelines {
            scope,
            visibility,
            ref label,
        } => {
            let items = all_pages(|page| {
                client.list_pipelines(
                    scope,
                    PipelineQuery {
                        visibility,
                        page,
                        label: label.clone(),
                    },
                )
            })
            .await?;
            // Usage is a nicety: the list shows without it.
            let usage = client.pipeline_usage(scope).await.ok();
            Data::Pipelines {
                scope,
                items,
                usage,
            }
        }
        Load::Actions(scope) => Data::Actions {
            scope,
            items: client.list_actions(scope).await?,
            pipelines: all_pages(|page| {
                client.list_pipelines(
                    scope,
                    PipelineQuery {
                        visibility: PipelineVisibility::All,
                        page,
                        label: None,
                    },
                )
            })
            .await?,
        },
        Load::Resources(scope) => Data::Resources {
            scope,
            envs: client.list_compute_envs(scope, None).await?,
            credentials: client.list_credentials(scope, None).await?,
            labels: all_pages(|p| client.list_labels(scope, LabelType::All, p)).await?,
            label_usage: client.label_usage(scope).await.ok(),
        },
        Load::LaunchOptions {
            scope,
            pipeline,
            source,
        } => Data::LaunchOptions(Box::new(
            client.launch_options(scope, pipeline, source).await?,
        )),
        Load::Runs {
            scope,
            status,
            ref search,
            offset,
            max,
        } => {
            let page = Page {
                max,
                offset,
                search: None,
            }
            .with_search(search.clone());
            let got = client.list_runs(scope, RunQuery { page, status }).await?;
            Data::Runs {
                scope,
                offset,
                items: got.items,
                total: got.total,
            }
        }
        Load::Run { scope, ref id } => {
            Data::Run(Box::new(client.get_run(scope, id.clone()).await?))
        }
        Load::RunProcesses { scope, ref id } => Data::RunProcesses {
            id: id.clone(),
            processes: client.process_progress(scope, id.clone()).await?,
            at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        },
        Load::Changes => Data::Changes(client.change_stamp().await?),
        Load::Access { org, workspace } => Data::Access {
            workspace,
            access: crate::client::access::access_of(client, org, workspace).await?,
        },
        Load::Impact(ref harm) => {
            Data::Impact(crate::client::impact::impact_of(client, harm).await?)
        }
        Load::Credits {
            scope,
            org,
            billing,
        } => {
            let credits = client.workspace_credits(scope).await;
            let billing = match org {
                Some(org) if billing => Some(client.org_billing(org).await),
                _ => None,
            };
            Data::Credits {
                scope,
                credits,
                billing,
            }
        }
        Load::Studios(scope) => Data::Studios {
            scope,
            settings: client.studios_settings(scope).await,
        },
        Load::Secrets(scope) => Data::Secrets {
            scope,
            secrets: client.list_secrets(scope).await?,
        },
        Load::Tokens => Data::Tokens(client.list_tokens().await?),
        Load::Audit { ref filter, max } => {
            let got = client.audit_log(filter.clone(), Page::first(max)).await?;
            Data::Audit {
                after: filter.before_id,
                items: got.items,
                total: got.total,
            }
        }
    })
}

// Long: one arm per `Mutation` variant, each a client call (see `load`).
async fn mutate(client: &dyn Client, op: &Mutation) -> Result<Outcome> {
    match op.clone() {
        Mutation::Each { ops, .. } => {
            let mut lines = Vec::new();
            for (line, op) in ops {
                // One change at a time, in order; a refusal does not stop the rest.
                let result = Box::pin(mutate(client, &op))
                    .await
                    .map(|_| op.success())
                    .map_err(|e| e.message);
                lines.push(crate::tui::widgets::bulk::ReportLine { line, result });
            }
            return Ok(Outcome::Each(lines));
        }
        Mutation::CreateWorkspace { org, fields, .. } => {
            let ws = client.create_workspace(org, fields).await?;
            return Ok(Outcome::Created(ws.id));
        }
        Mutation::UpdateWorkspace {
            org,
            workspace,
            base,
            fields,
        } => {
            client.edit_workspace(org, workspace, base, fields).await?;
        }
        Mutation::DeleteWorkspace { org, workspace, .. } => {
            client.delete_workspace(org, workspace).await?
        }
        Mutation::AddMember { org, email } => {
            let member = client.add_member(org, &email).await?;
            return Ok(Outcome::Created(member.member_id));
        }
        Mutation::SetMemberRole {
            org, member, role, ..
        } => client.set_member_role(org, member, role).await?,
        Mutation::SetDefaultRole {
            org, member, role, ..
        } => client.set_default_role(org, member, role).await?,
        Mutation::RemoveMember { org, member, .. } => client.remove_member(org, member).await?,
        Mutation::CreateTeam { org, fields } => {
            let team = client.create_team(org, fields).await?;
            return Ok(Outcome::Created(team.id));
        }
        Mutation::DeleteTeam { org, team, .. } => client.delete_team(org, team).await?,
        Mutation::CreateOrg { fields } => {
            client.create_org(fields).await?;
        }
        Mutation::UpdateOrg { org, fields } => {
            client.update_org(org, fields).await?;
        }
        Mutation::DeleteOrg { org, .. } => client.delete_org(org).await?,
        Mutation::UpdateTeam { org, team, fields } => {
            client.update_team(org, team, fields).await?;
        }
        Mutation::AddTeamMember {
            org, team, user, ..
        } => {
            let member = client.add_team_member(org, team, &user).await?;
            return Ok(Outcome::Created(member.member_id));
        }
        Mutation::RemoveTeamMember {
            org, team, member, ..
        } => client.remove_team_member(org, team, member).await?,
        Mutation::AddParticipant {
            org,
            workspace,
            who,
            role,
            ..
        } => {
            let p = client
                .add_participant(org, workspace, who, Some(role))
                .await?;
            return Ok(Outcome::Created(p.id));
        }
        Mutation::BulkAdd {
            org,
            workspace,
            lines,
            role,
        } => {
            let results = client
                .add_participants_bulk(org, workspace, &lines, Some(role))
                .await?;
            return Ok(Outcome::Bulk(results));
        }
        Mutation::SetParticipantRole {
            org,
            workspace,
            participant,
            role,
            ..
        } => {
            client
                .set_participant_role(org, workspace, participant, role)
                .await?
        }
        Mutation::RemoveParticipant {
            org,
            workspace,
            participant,
            ..
        } => {
            client
                .remove_participant(org, workspace, participant)
                .await?
        }
        Mutation::LeaveWorkspace { org, workspace, .. } => {
            client.leave_workspace(org, workspace).await?
        }
        Mutation::LeaveOrg { org, .. } => client.leave_org(org).await?,
        Mutation::CreatePipeline { scope, fields } => {
            let p = client.create_pipeline(scope, *fields).await?;
            return Ok(Outcome::Created(p.id));
        }
        Mutation::UpdatePipeline {
            scope,
            id,
            base,
            fields,
        } => {
            client.edit_pipeline(scope, id, *base, *fields).await?;
        }
        Mutation::DeletePipeline { scope, id, .. } => client.delete_pipeline(scope, id).await?,
        Mutation::Launch { scope, request, .. } => {
            let run = client.launch(scope, *request).await?;
            return Ok(Outcome::Launched(Box::new(run)));
        }
        Mutation::CreateAction { scope, fields } => {
            let action = client.add_action(scope, *fields).await?;
            return Ok(Outcome::CreatedKey(action.id));
        }
        Mutation::UpdateAction {
            scope,
            id,
            rename,
            launch,
            ..
        } => {
            client
                .update_action(scope, id, rename, launch.map(|l| *l))
                .await?;
        }
        Mutation::SetActionPaused {
            scope, id, paused, ..
        } => {
            if paused {
                client.pause_action(scope, id).await?;
            } else {
                client.resume_action(scope, id).await?;
            }
        }
        Mutation::DeleteAction { scope, id, .. } => client.delete_action(scope, id).await?,
        Mutation::RunAction { scope, id, .. } => {
            let run = client.run_action(scope, id, None).await?;
            return Ok(Outcome::Launched(Box::new(run)));
        }
        Mutation::CancelRun { scope, id, .. } => {
            client.cancel_run(scope, id).await?;
        }
        Mutation::DeleteRun { scope, id, name } => {
            // Never forced: a run that became active since it was shown is refused, not lost.
            let failed = client.delete_runs(scope, vec![id], false).await?;
            if !failed.is_empty() {
                return Err(Error::conflict(format!(
                    "run '{name}' was not deleted: it is active again or already gone; reload (^r) to see it"
                )));
            }
        }
        Mutation::RunLabels {
            scope,
            runs,
            add,
            remove,
        } => {
            let ids: Vec<WorkflowId> = runs.into_iter().map(|(id, _)| id).collect();
            let added = !add.is_empty();
            if added {
                client
                    .change_run_labels(scope, ids.clone(), add, RunLabelChange::Add)
                    .await?;
            }
            if !remove.is_empty() {
                client
                    .change_run_labels(scope, ids, remove, RunLabelChange::Remove)
                    .await
                    .map_err(|mut e| {
                        // Each call is atomic on its own: say which half stands.
                        if added {
                            e.message = format!(
                                "labels added, but taking labels off failed: {}",
                                e.message
                            );
                        }
                        e
                    })?;
            }
        }
        Mutation::CreateComputeEnv { scope, fields } => {
            let env = client.create_compute_env(scope, *fields).await?;
            return Ok(Outcome::CreatedKey(env.id));
        }
        Mutation::UpdateComputeEnv { scope, id, fields } => {
            client.update_compute_env(scope, id, *fields).await?;
        }
        Mutation::MakePrimary { scope, id, .. } => {
            client.make_primary(scope, id).await?;
        }
        Mutation::SetComputeEnvEnabled {
            scope, id, enabled, ..
        } => {
            if enabled {
                client.enable_compute_env(scope, id).await?;
            } else {
                client.disable_compute_env(scope, id).await?;
            }
        }
        Mutation::DeleteComputeEnv { scope, id, .. } => {
            client.delete_compute_env(scope, id).await?
        }
        Mutation::CreateCredentials { scope, fields } => {
            let c = client.create_credentials(scope, *fields).await?;
            return Ok(Outcome::CreatedKey(c.id));
        }
        Mutation::UpdateCredentials { scope, id, fields } => {
            client.update_credentials(scope, id, *fields).await?;
        }
        Mutation::DeleteCredentials { scope, id, .. } => {
            client.delete_credentials(scope, id).await?
        }
        Mutation::SetStudios {
            scope,
            base,
            settings,
        } => {
            client.edit_studios_settings(scope, base, settings).await?;
        }
        Mutation::CreateLabel { scope, fields } => {
            let l = client.create_label(scope, fields).await?;
            return Ok(Outcome::Created(l.id));
        }
        Mutation::UpdateLabel { scope, id, fields } => {
            client.update_label(scope, id, fields).await?;
        }
        Mutation::DeleteLabel { scope, id, .. } => client.delete_label(scope, id).await?,
        Mutation::CreateSecret { scope, name, value } => {
            let secret = client.create_secret(scope, name, value).await?;
            return Ok(Outcome::Created(secret.id));
        }
        Mutation::RotateSecret {
            scope, id, value, ..
        } => client.update_secret(scope, id, value).await?,
        Mutation::DeleteSecret { scope, id, .. } => client.delete_secret(scope, id).await?,
        Mutation::CreateToken { name } => {
            let (token, text) = client.create_token(name).await?;
            return Ok(Outcome::Token(token.id, SecretString::new(text)));
        }
        Mutation::DeleteToken { id, .. } => client.delete_token(id).await?,
        Mutation::SetAllocation {
            org,
            workspace,
            allocation,
            ..
        } => {
            client.set_allocation(org, workspace, allocation).await?;
        }
        Mutation::Transfer {
            org,
            from,
            to,
            amount,
            ..
        } => {
            client.transfer_credits(org, from, to, amount).await?;
        }
    }
    Ok(Outcome::Done)
}
