//! Importing runs as history (`apply` of a file's `runs`): a run with the status, times,
//! counters and usage it had elsewhere, linked to its pipeline and compute env by name.
//!
//! Who may: anyone with launch rights in the workspace, the same right the Nextflow trace
//! calls need (they too report any status and usage). Attributing a run to another user than
//! oneself is the operator's (an import of someone else's history). Imported runs are history:
//! their cost counts as spent, but no credit check applies, as for trace progress.
//!
//! An import is one audit entry for the workspace listing every run it added (id, name, status,
//! submit time): a history of hundreds of runs stays one readable change, and cheap to record.

use super::Ctx;
use super::access::path;
use super::audit::snap;
use super::ids::{RUN_ID_LEN, new_id};
use super::scope::ws_label;
use super::store::runs::{ImportedRun, NewRun, RunEnv};
use super::store::{self, workspaces::WorkspaceRow};
use crate::domain::run_history::{
    RunRecord, check_run_record, format_time, parse_time, split_reference,
};
use crate::domain::{
    ComputeEnv, Error, Permission, Pipeline, Result, ResultExt, RunUsage, Scope, User, WorkflowId,
};
use serde_json::json;
use std::collections::HashMap;

/// Pipelines and compute envs already looked up in one import, by reference.
#[derive(Default)]
struct Lookups {
    pipelines: HashMap<String, Pipeline>,
    envs: HashMap<String, Option<ComputeEnv>>,
    /// The env a run of this pipeline (None: of no pipeline) uses when it names none.
    defaults: HashMap<Option<String>, Option<ComputeEnv>>,
}

impl Ctx<'_> {
    /// Imports runs into a workspace, in order; returns their new ids. A run with the same
    /// name and submit time as one already there is refused (imports are not repeated).
    pub fn import_runs(&self, scope: Scope, records: &[RunRecord]) -> Result<Vec<WorkflowId>> {
        let (ws, _) = self.require_scope(scope, Permission::LaunchPipelines)?;
        let me = self.me()?;
        let mut lookups = Lookups::default();
        let ids = records
            .iter()
            .map(|r| {
                let object = format!("run '{}' submitted {}", r.run_name, r.submit);
                self.import_run(&ws, &me, r, &mut lookups).about(object)
            })
            .collect::<Result<Vec<_>>>()?;
        let imported: Vec<serde_json::Value> = ids
            .iter()
            .zip(records)
            .map(|(id, r)| {
                json!({ "id": id, "run_name": r.run_name, "status": r.status, "submit": r.submit })
            })
            .collect();
        self.audit(
            "runs.import",
            "workspace",
            ws.id,
            &path(&ws),
            None,
            snap(&json!({ "runs": imported })),
        )?;
        Ok(ids)
    }

    fn import_run(
        &self,
        ws: &WorkspaceRow,
        me: &User,
        r: &RunRecord,
        lookups: &mut Lookups,
    ) -> Result<WorkflowId> {
        check_run_record(r)?;
        let user_name = self.attribution(me, r.user_name.as_deref())?;
        let submitted = parse_time(&r.submit)?;
        let submit = format_time(submitted);
        if store::runs::exists(self.conn, ws.id, &r.run_name, &submit)? {
            return Err(Error::conflict(format!(
                "{} already has this run (same name and submit time)",
                ws_label(ws)
            )));
        }
        let pipeline = match &r.pipeline {
            Some(reference) => Some(self.pipeline_ref(ws, reference, lookups)?),
            None => None,
        };
        let env = self.run_env(ws, r, pipeline.as_ref(), lookups)?;
        let fields = r.resolve(pipeline.as_ref(), env.as_ref())?;
        let start = r.start.as_deref().map(parse_time).transpose()?;
        let complete = r
            .duration_ms
            .map(|ms| format_time(start.unwrap_or(submitted) + chrono::Duration::milliseconds(ms)));
        let start = start.map(format_time);
        let id = new_id(RUN_ID_LEN);
        let missing_env = r
            .compute_env
            .as_deref()
            .filter(|n| !n.is_empty() && env.is_none());
        store::runs::insert_imported(
            self.conn,
            &ImportedRun {
                run: NewRun {
                    id: &id,
                    workspace_id: ws.id,
                    pipeline_id: pipeline.as_ref().map(|p| p.id),
                    launch_id: None,
                    session_id: None,
                    run_name: &r.run_name,
                    project_name: &fields.project_name,
                    repository: fields.repository.as_deref(),
                    revision: fields.revision.as_deref(),
                    work_dir: fields.work_dir.as_deref(),
                    profiles: &fields.profiles,
                    params: &fields.params,
                    user_name: &user_name,
                    env: env.as_ref().map(|e| RunEnv {
                        id: &e.id,
                        name: &e.name,
                        platform: e.platform,
                    }),
                    submit: &submit,
                },
                status: r.status,
                start: start.as_deref(),
                complete: complete.as_deref(),
                duration_ms: r.duration_ms,
                exit_status: r.exit_status,
                error_message: r.error_message.as_deref(),
                counters: r.counters,
                usage: RunUsage::new(r.cpu_hours, r.memory_gib_hours),
                env_name: missing_env.map(|reference| split_reference(reference).1),
                platform: fields.platform,
            },
        )?;
        Ok(id)
    }

    /// The user name a run is recorded under: one's own, or anyone's for the operator.
    fn attribution(&self, me: &User, wanted: Option<&str>) -> Result<String> {
        match wanted {
            None => Ok(me.user_name.clone()),
            Some(name) if name.eq_ignore_ascii_case(&me.user_name) => Ok(me.user_name.clone()),
            Some(name) if self.actor.operator => Ok(name.to_string()),
            Some(name) => Err(Error::forbidden(format!(
                "only the operator may import runs of another user ('{name}'); leave out user, or give your own user name '{}'",
                me.user_name
            ))),
        }
    }

    /// The workspace a `name` or `workspace/name` reference points into: this one, or another
    /// workspace of the same org. A run is history: the workspace it launched from was SHARED
    /// then, and may have been made PRIVATE since; its runs must still export and apply.
    fn referenced_workspace(&self, ws: &WorkspaceRow, reference: &str) -> Result<WorkspaceRow> {
        let (other, _) = split_reference(reference);
        let Some(other) = other.filter(|o| !o.eq_ignore_ascii_case(&ws.fields.name)) else {
            return Ok(ws.clone());
        };
        let found = match ws.org_id {
            Some(org) => store::workspaces::by_name(self.conn, org, other)?,
            None => None,
        };
        match found {
            Some(row) => Ok(row),
            None => Err(Error::not_found(format!(
                "'{reference}': '{other}' is not a workspace of the same organization as {}",
                path(ws)
            ))),
        }
    }

    fn pipeline_ref(
        &self,
        ws: &WorkspaceRow,
        reference: &str,
        lookups: &mut Lookups,
    ) -> Result<Pipeline> {
        if let Some(p) = lookups.pipelines.get(reference) {
            return Ok(p.clone());
        }
        let owner = self.referenced_workspace(ws, reference)?;
        let name = split_reference(reference).1;
        let id = store::pipelines::id_by_name(self.conn, owner.id, name)?.ok_or_else(|| {
            Error::not_found(format!(
                "pipeline '{name}' not found in {}",
                ws_label(&owner)
            ))
        })?;
        // Not `launchable_pipeline`: history names pipelines of workspaces that may no longer
        // be SHARED.
        let mut p = store::pipelines::by_id(self.conn, owner.id, id)?.ok_or_else(|| {
            Error::not_found(format!(
                "pipeline '{name}' not found in {}",
                ws_label(&owner)
            ))
        })?;
        self.finish_pipeline(ws.id, &mut p)?;
        lookups.pipelines.insert(reference.to_string(), p.clone());
        Ok(p)
    }

    /// The run's compute env: the one named (None when it no longer exists and the entry gives
    /// its platform), none for `""`, else the pipeline's, else the workspace's primary.
    fn run_env(
        &self,
        ws: &WorkspaceRow,
        r: &RunRecord,
        pipeline: Option<&Pipeline>,
        lookups: &mut Lookups,
    ) -> Result<Option<ComputeEnv>> {
        match r.compute_env.as_deref() {
            Some("") => Ok(None),
            Some(reference) => {
                let env = self.env_ref(ws, reference, lookups)?;
                if env.is_none() && r.platform.is_none() {
                    return Err(Error::not_found(format!(
                        "compute env '{reference}' not found; for a run on an environment that no longer exists, give its platform"
                    )));
                }
                Ok(env)
            }
            None => {
                let key = r.pipeline.clone();
                if let Some(env) = lookups.defaults.get(&key) {
                    return Ok(env.clone());
                }
                let env = match pipeline.and_then(|p| p.compute_env_id.as_deref()) {
                    Some(id) => store::compute::by_id(self.conn, id)?,
                    None => store::compute::primary(self.conn, ws.id)?,
                };
                lookups.defaults.insert(key, env.clone());
                Ok(env)
            }
        }
    }

    fn env_ref(
        &self,
        ws: &WorkspaceRow,
        reference: &str,
        lookups: &mut Lookups,
    ) -> Result<Option<ComputeEnv>> {
        if let Some(env) = lookups.envs.get(reference) {
            return Ok(env.clone());
        }
        let owner = self.referenced_workspace(ws, reference)?;
        let env = store::compute::by_name(self.conn, owner.id, split_reference(reference).1)?;
        lookups.envs.insert(reference.to_string(), env.clone());
        Ok(env)
    }
}
