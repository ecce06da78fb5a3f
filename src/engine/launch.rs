//! Launching pipelines. Compute environment rules: a shared pipeline with a compute env runs
//! there by default; one without runs on the launching workspace's primary; a shared
//! workspace's env is offered only for its own shared pipeline that uses it; an explicit
//! choice must be AVAILABLE and allowed. Seqera Compute launches need credits.

use super::Ctx;
use super::audit::snap;
use super::ids::{LONG_ID_LEN, RUN_ID_LEN, new_id, random_run_name};
use super::scope::ws_label;
use super::store::labels::LabelLink;
use super::store::runs::{NewRun, RunEnv};
use super::store::{self, workspaces::WorkspaceRow};
use crate::domain::launchpad::{
    check_launch_overrides, check_params, check_run_name, project_name,
};
use crate::domain::settings::LabelKinds;
use crate::domain::{
    ComputeEnv, ComputeEnvStatus, Error, Label, LabelId, LaunchOptions, LaunchRequest, Permission,
    Pipeline, PipelineId, Result, ResultExt, Run, Scope, Visibility, WorkspaceId,
};

/// The compute environments a launch of one pipeline may use.
struct EnvChoice {
    default: Option<ComputeEnv>,
    allowed: Vec<ComputeEnv>,
    no_default_reason: Option<String>,
}

/// A launch with every rule checked, ready to become a run.
pub(crate) struct LaunchPlan {
    pub pipeline: Pipeline,
    pub env: ComputeEnv,
    pub run_name: String,
    pub revision: Option<String>,
    pub work_dir: String,
    pub profiles: Vec<String>,
    pub params: String,
    pub labels: Vec<Label>,
}

fn launch_object(p: &Pipeline) -> String {
    format!("launch of pipeline '{}'", p.name)
}

impl Ctx<'_> {
    /// The launch form's data: the default compute env and every env the rules allow.
    pub fn launch_options(
        &self,
        scope: Scope,
        pipeline: PipelineId,
        source: Option<WorkspaceId>,
    ) -> Result<LaunchOptions> {
        let (ws, _) = self.require_scope(scope, Permission::ViewWorkspace)?;
        let p = self.launchable_pipeline(&ws, pipeline, source)?;
        let choice = self.env_choice(&ws, &p)?;
        Ok(LaunchOptions {
            pipeline: p,
            default_compute_env: choice.default,
            compute_envs: choice.allowed,
            no_default_reason: choice.no_default_reason,
        })
    }

    /// Launches a saved pipeline: a new run, SUBMITTED.
    pub fn launch(&self, scope: Scope, request: &LaunchRequest) -> Result<Run> {
        let (ws, _) = self.require_scope(scope, Permission::LaunchPipelines)?;
        let plan = self.plan_launch(&ws, request)?;
        self.check_credits_for(&ws, &plan.env)
            .about(launch_object(&plan.pipeline))?;
        self.start_run(&ws, &plan, "run.launch")
    }

    /// Checks a launch request against every rule without creating anything.
    pub(crate) fn plan_launch(&self, ws: &WorkspaceRow, req: &LaunchRequest) -> Result<LaunchPlan> {
        let p = self.launchable_pipeline(ws, req.pipeline_id, req.source_workspace_id)?;
        let object = launch_object(&p);
        self.plan_for(ws, p, req).about(object)
    }

    fn plan_for(&self, ws: &WorkspaceRow, p: Pipeline, req: &LaunchRequest) -> Result<LaunchPlan> {
        let profiles = req.profiles.clone().unwrap_or_else(|| p.profiles.clone());
        check_launch_overrides(req.revision.as_deref(), req.work_dir.as_deref(), &profiles)?;
        let params = req.params.clone().unwrap_or_else(|| p.params.clone());
        check_params(&params)?;
        let run_name = match &req.run_name {
            Some(name) => {
                check_run_name(name)?;
                name.clone()
            }
            None => random_run_name(),
        };
        let env = self.choose_env(ws, &p, req.compute_env_id.as_deref())?;
        let labels = match &req.label_ids {
            Some(ids) => self.resolve_labels(ws, ids, LabelKinds::Both)?,
            None => self.default_run_labels(ws, &p)?,
        };
        let work_dir = req
            .work_dir
            .clone()
            .or_else(|| p.work_dir.clone())
            .unwrap_or_else(|| env.work_dir.clone());
        Ok(LaunchPlan {
            revision: req.revision.clone().or_else(|| p.revision.clone()),
            pipeline: p,
            env,
            run_name,
            work_dir,
            profiles,
            params,
            labels,
        })
    }

    /// A run's labels when the launch names none: the pipeline's own (labels are local to a
    /// workspace, so a shared pipeline's do not come along) and the default resource labels.
    fn default_run_labels(&self, ws: &WorkspaceRow, p: &Pipeline) -> Result<Vec<Label>> {
        let mut ids: Vec<LabelId> = if p.shared {
            Vec::new()
        } else {
            p.labels.iter().map(|l| l.id).collect()
        };
        ids.extend(
            store::labels::defaults(self.conn, ws.id)?
                .iter()
                .map(|l| l.id),
        );
        self.resolve_labels(ws, &ids, LabelKinds::Both)
    }

    /// Creates the run of a checked plan and records it.
    pub(crate) fn start_run(
        &self,
        ws: &WorkspaceRow,
        plan: &LaunchPlan,
        action: &str,
    ) -> Result<Run> {
        let id = new_id(RUN_ID_LEN);
        let launch_id = new_id(LONG_ID_LEN);
        let user = self.me()?;
        let submit = store::runs::timestamp();
        store::runs::insert(
            self.conn,
            &NewRun {
                id: &id,
                workspace_id: ws.id,
                pipeline_id: Some(plan.pipeline.id),
                launch_id: Some(&launch_id),
                session_id: None,
                run_name: &plan.run_name,
                project_name: &project_name(&plan.pipeline.repository),
                repository: Some(&plan.pipeline.repository),
                revision: plan.revision.as_deref(),
                work_dir: Some(&plan.work_dir),
                profiles: &plan.profiles,
                params: &plan.params,
                user_name: &user.user_name,
                env: Some(RunEnv {
                    id: &plan.env.id,
                    name: &plan.env.name,
                    platform: plan.env.platform,
                }),
                submit: &submit,
            },
        )?;
        let label_ids: Vec<LabelId> = plan.labels.iter().map(|l| l.id).collect();
        store::labels::set_links(self.conn, LabelLink::Run, &id, &label_ids)?;
        store::compute::touch_last_used(self.conn, &plan.env.id)?;
        let run = self.run_in(ws, &id)?;
        self.audit(action, "run", &id, &run.run_name, None, snap(&run))?;
        Ok(run)
    }

    /// The default and the allowed compute environments for launching `p` from `ws`.
    fn env_choice(&self, ws: &WorkspaceRow, p: &Pipeline) -> Result<EnvChoice> {
        let mut allowed = self.compute_envs_of(ws, Some(ComputeEnvStatus::Available))?;
        let own_env = match &p.compute_env_id {
            Some(id) => store::compute::by_id(self.conn, id)?
                .map(|e| self.with_env_labels(e))
                .transpose()?,
            None => None,
        };
        let usable = own_env
            .clone()
            .filter(|e| e.status == ComputeEnvStatus::Available);
        if p.shared
            && let Some(env) = &usable
        {
            allowed.insert(0, env.clone());
        }
        let primary = allowed
            .iter()
            .find(|e| e.primary && e.workspace_id == ws.id)
            .cloned();
        let default = usable.or(primary);
        let no_default_reason = match default {
            Some(_) => None,
            None => Some(no_default_reason(ws, own_env.as_ref(), &allowed)),
        };
        Ok(EnvChoice {
            default,
            allowed,
            no_default_reason,
        })
    }

    fn choose_env(
        &self,
        ws: &WorkspaceRow,
        p: &Pipeline,
        requested: Option<&str>,
    ) -> Result<ComputeEnv> {
        let choice = self.env_choice(ws, p)?;
        let Some(id) = requested else {
            return choice
                .default
                .ok_or_else(|| Error::conflict(choice.no_default_reason.unwrap_or_default()));
        };
        if let Some(env) = choice.allowed.into_iter().find(|e| e.id == id) {
            return Ok(env);
        }
        Err(self.why_not_env(ws, p, id)?)
    }

    /// Why an explicitly chosen compute environment cannot run this pipeline.
    fn why_not_env(&self, ws: &WorkspaceRow, p: &Pipeline, id: &str) -> Result<Error> {
        let not_found =
            || Error::not_found(format!("compute env '{id}' not found in {}", ws_label(ws)));
        let Some(env) = store::compute::by_id(self.conn, id)? else {
            return Ok(not_found());
        };
        let is_pipelines = p.compute_env_id.as_deref() == Some(id);
        if env.workspace_id == ws.id || is_pipelines {
            return Ok(Error::conflict(format!(
                "compute env '{}' is {}: only AVAILABLE compute envs can run pipelines",
                env.name, env.status
            )));
        }
        let Some(owner) = store::workspaces::by_id(self.conn, env.workspace_id)? else {
            return Ok(not_found());
        };
        if owner.org_id.is_some()
            && owner.org_id == ws.org_id
            && owner.fields.visibility == Visibility::Shared
        {
            return Ok(Error::invalid(format!(
                "compute env '{}' of shared {} runs only that workspace's shared pipelines that use it, not pipeline '{}'",
                env.name,
                ws_label(&owner),
                p.name
            )));
        }
        Ok(not_found())
    }
}

fn no_default_reason(
    ws: &WorkspaceRow,
    own: Option<&ComputeEnv>,
    allowed: &[ComputeEnv],
) -> String {
    let pipeline_env = match own {
        Some(e) if e.status != ComputeEnvStatus::Available => {
            format!("its compute env '{}' is {} and ", e.name, e.status)
        }
        _ => String::new(),
    };
    if allowed.is_empty() {
        format!(
            "no compute environment can run it: {pipeline_env}{} has no AVAILABLE compute env (add one in the Compute tab)",
            ws_label(ws)
        )
    } else {
        let names: Vec<String> = allowed.iter().map(|e| format!("'{}'", e.name)).collect();
        format!(
            "no default compute environment: {pipeline_env}{} has no primary compute env; choose one of {}",
            ws_label(ws),
            names.join(", ")
        )
    }
}
