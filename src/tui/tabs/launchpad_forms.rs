//! The Launchpad's forms: add or edit a pipeline, and launch one.

use crate::domain::{
    ComputeEnvId, LabelId, LaunchOptions, LaunchRequest, Pipeline, PipelineFields, PipelineId,
    Result, Scope, WorkspaceId,
};
use crate::tui::context::Ctx;
use crate::tui::forms::{FormSpec, ids_of, rules};
use crate::tui::keys::{Action, Section};
use crate::tui::overlay::Overlay;
use crate::tui::request::{Data, Mutation};
use crate::tui::widgets::form::{ChoiceOption, Field, Form, split_list};

/// Where a pipeline comes from: "org/workspace" (or the workspace alone).
pub fn source_path(p: &Pipeline) -> String {
    match &p.org_name {
        Some(org) => format!("{org}/{}", p.workspace_name),
        None => p.workspace_name.clone(),
    }
}

const NAME: &str = "Name";
const DESCRIPTION: &str = "Description";
const REPOSITORY: &str = "Repository";
const REVISION: &str = "Revision";
const COMPUTE_ENV: &str = "Compute env";
const WORK_DIR: &str = "Work dir";
const PROFILES: &str = "Profiles";
const PARAMS: &str = "Params";
const LABELS: &str = "Labels";
const PRE_RUN: &str = "Pre-run";
const POST_RUN: &str = "Post-run";
const RUN_NAME: &str = "Run name";

/// Add a pipeline, or (`edit`) change one: all its fields, its labels kept unless changed.
pub struct PipelineForm {
    scope: Scope,
    /// The pipeline edited and its fields as the form opened with them.
    edit: Option<(PipelineId, Box<PipelineFields>)>,
    /// The environments of the choice, after its first option ("none").
    envs: Vec<(ComputeEnvId, String)>,
    labels: Vec<(LabelId, String)>,
}

impl PipelineForm {
    /// The form over `p` (None: a new pipeline); `usage` is the tier's pipeline count.
    pub fn open(ctx: &Ctx, scope: Scope, p: Option<Pipeline>, usage: Option<String>) -> Overlay {
        let envs: Vec<(ComputeEnvId, String)> = ctx
            .res
            .envs
            .items()
            .iter()
            .map(|e| (e.id.clone(), format!("{} ({})", e.name, e.platform_label())))
            .collect();
        let labels = ctx.res.simple_label_choices();
        let fields = Self::fields(p.as_ref(), &envs, &labels);
        let path = ctx
            .current_workspace()
            .map(|w| w.path())
            .unwrap_or_default();
        let usage = usage
            .map(|u| format!(" · pipelines {u}"))
            .unwrap_or_default();
        let title = match &p {
            Some(p) => format!("Edit pipeline {}", p.name),
            None => "Add a pipeline".to_string(),
        };
        let form = Form::new(title, fields).with_intro(format!(
            "{path}{usage} · params are checked as you type; {} submits from them",
            ctx.keys.label(Section::Multiline, Action::Submit)
        ));
        let spec = PipelineForm {
            scope,
            edit: p.map(|p| (p.id, Box::new(PipelineFields::from(&p)))),
            envs,
            labels,
        };
        Overlay::Form(Box::new(form), Box::new(spec))
    }

    fn fields(
        p: Option<&Pipeline>,
        envs: &[(ComputeEnvId, String)],
        labels: &[(LabelId, String)],
    ) -> Vec<Field> {
        let mut env_options = vec![ChoiceOption::new("none (the primary)")];
        env_options.extend(envs.iter().map(|(_, n)| ChoiceOption::new(n)));
        let env_selected = p
            .and_then(|p| p.compute_env_id.as_ref())
            .and_then(|id| envs.iter().position(|(e, _)| e == id))
            .map_or(0, |i| i + 1);
        let get = |f: fn(&Pipeline) -> String| p.map(f).unwrap_or_default();
        let label_names = get(|p| {
            let simple: Vec<String> = p
                .labels
                .iter()
                .filter(|l| !l.resource)
                .map(|l| l.name.clone())
                .collect();
            simple.join(", ")
        });
        let known = labels.iter().map(|(_, n)| n.clone()).collect();
        vec![
            Field::text(NAME, &get(|p| p.name.clone()), rules::name()),
            Field::text(
                DESCRIPTION,
                &get(|p| p.description.clone()),
                rules::description(),
            ),
            Field::text(
                REPOSITORY,
                &get(|p| p.repository.clone()),
                rules::repository(),
            ),
            Field::text(
                REVISION,
                &get(|p| p.revision.clone().unwrap_or_default()),
                rules::revision(),
            ),
            Field::choice(COMPUTE_ENV, env_options, env_selected),
            Field::text(
                WORK_DIR,
                &get(|p| p.work_dir.clone().unwrap_or_default()),
                rules::optional_work_dir(),
            ),
            Field::text(PROFILES, &get(|p| p.profiles.join(", ")), rules::profiles()),
            Field::text_area(
                PARAMS,
                &get(|p| p.params.clone()),
                "YAML (outdir: results) or JSON ({\"outdir\": \"results\"})",
                4,
                rules::params(),
            ),
            Field::text(LABELS, &label_names, rules::labels(known)),
            Field::text_area(
                PRE_RUN,
                &get(|p| p.pre_run_script.clone()),
                "a script run before the pipeline",
                2,
                rules::script(),
            ),
            Field::text_area(
                POST_RUN,
                &get(|p| p.post_run_script.clone()),
                "a script run after it",
                2,
                rules::script(),
            ),
        ]
    }

    fn pipeline_fields(&self, form: &Form) -> PipelineFields {
        PipelineFields {
            name: form.text(NAME),
            description: form.text(DESCRIPTION),
            repository: form.text(REPOSITORY),
            revision: form.optional(REVISION),
            compute_env_id: form
                .chosen(COMPUTE_ENV)
                .checked_sub(1)
                .and_then(|i| self.envs.get(i))
                .map(|e| e.0.clone()),
            work_dir: form.optional(WORK_DIR),
            profiles: split_list(&form.raw(PROFILES)),
            params: form.raw(PARAMS),
            label_ids: ids_of(form, LABELS, &self.labels),
            pre_run_script: form.raw(PRE_RUN),
            post_run_script: form.raw(POST_RUN),
        }
    }
}

impl FormSpec for PipelineForm {
    fn submit(&mut self, form: &mut Form) -> Option<Mutation> {
        let fields = Box::new(self.pipeline_fields(form));
        Some(match &self.edit {
            Some((id, base)) => Mutation::UpdatePipeline {
                scope: self.scope,
                id: *id,
                base: base.clone(),
                fields,
            },
            None => Mutation::CreatePipeline {
                scope: self.scope,
                fields,
            },
        })
    }
}

/// Launch a pipeline: the compute environments the launch rules allow (loaded when the form
/// opens), and overrides of the pipeline's settings.
pub struct LaunchForm {
    scope: Scope,
    pipeline: Box<Pipeline>,
    /// The environments of the choice (empty until they arrive).
    envs: Vec<ComputeEnvId>,
    /// The current workspace when the form opened (others' environments say whose they are).
    current: Option<WorkspaceId>,
}

impl LaunchForm {
    /// The form, waiting for the launch options of request `req`.
    pub fn open(ctx: &Ctx, scope: Scope, p: Pipeline, req: crate::tui::request::ReqId) -> Overlay {
        let loading = ChoiceOption {
            label: "loading…".to_string(),
            disabled: Some("the compute environments are loading".to_string()),
        };
        let fields = vec![
            Field::choice(COMPUTE_ENV, vec![loading], 0),
            Field::text(RUN_NAME, "", rules::run_name()),
            Field::text(
                REVISION,
                p.revision.as_deref().unwrap_or(""),
                rules::revision(),
            ),
            Field::text(
                WORK_DIR,
                p.work_dir.as_deref().unwrap_or(""),
                rules::optional_work_dir(),
            ),
            Field::text(PROFILES, &p.profiles.join(", "), rules::profiles()),
            Field::text_area(
                PARAMS,
                &p.params,
                "YAML or JSON, checked before launch",
                5,
                rules::params(),
            ),
        ];
        let mut form = Form::new(format!("Launch {}", p.name), fields).with_intro(format!(
            "{}{} · finding the compute environment…",
            p.repository,
            Self::from(&p)
        ));
        form.candidates_req = Some(req);
        let spec = LaunchForm {
            scope,
            pipeline: Box::new(p),
            envs: Vec::new(),
            current: ctx.current,
        };
        Overlay::Form(Box::new(form), Box::new(spec))
    }

    /// " · shared from org/ws" for a pipeline shared from another workspace.
    fn from(p: &Pipeline) -> String {
        if p.shared {
            format!(" · shared from {}", source_path(p))
        } else {
            String::new()
        }
    }

    /// What the intro says of the default environment (or why there is none).
    fn about_default(&self, options: &LaunchOptions) -> String {
        match (&options.default_compute_env, &options.no_default_reason) {
            (Some(d), _) if Some(d.workspace_id) != self.current => format!(
                "default: {}, the pipeline's own environment in {}",
                d.name, d.workspace_name
            ),
            (Some(d), _) if self.pipeline.compute_env_id.as_deref() == Some(d.id.as_str()) => {
                format!("default: {}, the pipeline's environment", d.name)
            }
            (Some(d), _) => format!("default: {}, the workspace's primary", d.name),
            (None, Some(why)) => format!("no default: {why}"),
            (None, None) => "no default compute environment: choose one".to_string(),
        }
    }

    fn choices(&self, options: &LaunchOptions) -> Vec<ChoiceOption> {
        if options.compute_envs.is_empty() {
            let why = options.no_default_reason.clone().unwrap_or_else(|| {
                "no compute environment is available to this launch".to_string()
            });
            return vec![ChoiceOption {
                label: "none".to_string(),
                disabled: Some(why),
            }];
        }
        options
            .compute_envs
            .iter()
            .map(|e| {
                let mut label = format!("{} ({})", e.name, e.platform_label());
                if Some(e.workspace_id) != self.current {
                    label.push_str(&format!(" · of {}", e.workspace_name));
                }
                ChoiceOption::new(label)
            })
            .collect()
    }
}

impl FormSpec for LaunchForm {
    /// The launch options arrived: the choice offers what the rules allow, starting on the
    /// default, and the intro says which it is and why (or why there is none).
    fn loaded(&mut self, form: &mut Form, result: Result<Data>) {
        let options: LaunchOptions = match result {
            Ok(Data::LaunchOptions(o)) => *o,
            Ok(_) => return,
            Err(e) => {
                form.error = Some(format!(
                    "cannot find the compute environments: {}",
                    e.message
                ));
                if let Some(f) = form.field_mut(COMPUTE_ENV) {
                    let none = ChoiceOption {
                        label: "none".to_string(),
                        disabled: Some(e.message),
                    };
                    f.set_options(vec![none], Some(0));
                }
                return;
            }
        };
        self.envs = options.compute_envs.iter().map(|e| e.id.clone()).collect();
        let default = options
            .default_compute_env
            .as_ref()
            .and_then(|d| options.compute_envs.iter().position(|e| e.id == d.id));
        form.intro = Some(format!(
            "{}{} · {}",
            self.pipeline.repository,
            Self::from(&self.pipeline),
            self.about_default(&options)
        ));
        let choices = self.choices(&options);
        if let Some(f) = form.field_mut(COMPUTE_ENV) {
            f.set_options(choices, Some(default.unwrap_or(0)));
        }
    }

    /// Only what differs from the pipeline's own settings is sent as an override.
    fn submit(&mut self, form: &mut Form) -> Option<Mutation> {
        let pipeline = &self.pipeline;
        let profiles = split_list(&form.raw(PROFILES));
        let params = form.raw(PARAMS);
        let differs = |new: Option<String>, old: &Option<String>| {
            (new != *old).then(|| new.unwrap_or_default())
        };
        let mut request = LaunchRequest::new(pipeline.id);
        if pipeline.shared {
            request.source_workspace_id = Some(pipeline.workspace_id);
        }
        request.compute_env_id = self.envs.get(form.chosen(COMPUTE_ENV)).cloned();
        request.run_name = form.optional(RUN_NAME);
        request.revision =
            differs(form.optional(REVISION), &pipeline.revision).filter(|r| !r.is_empty());
        request.work_dir =
            differs(form.optional(WORK_DIR), &pipeline.work_dir).filter(|w| !w.is_empty());
        request.profiles = (profiles != pipeline.profiles).then_some(profiles);
        request.params = (params.trim() != pipeline.params.trim()).then_some(params);
        Some(Mutation::Launch {
            scope: self.scope,
            request: Box::new(request),
            pipeline: pipeline.name.clone(),
        })
    }
}
