//! The Actions tab's forms: add an action (its launch settings are the chosen pipeline's, as
//! the engine takes them), and edit one (its name and launch settings: what the API updates).

// The domain's `Action` is called `Trigger` here: `Action` is the key table's.
use crate::domain::{
    Action as Trigger, ActionFields, ActionSource, ComputeEnvId, LabelId, LaunchRequest, Pipeline,
    Scope,
};
use crate::tui::context::Ctx;
use crate::tui::forms::{FormSpec, ids_of, rules};
use crate::tui::keys::{Action, Section};
use crate::tui::overlay::Overlay;
use crate::tui::request::Mutation;
use crate::tui::widgets::form::{ChoiceOption, Field, Form, split_list};

const NAME: &str = "Name";
const TRIGGER: &str = "Trigger";
const PIPELINE: &str = "Pipeline";
const LABELS: &str = "Labels";
const COMPUTE_ENV: &str = "Compute env";
const REVISION: &str = "Revision";
const WORK_DIR: &str = "Work dir";
const PROFILES: &str = "Profiles";
const PARAMS: &str = "Params";

/// Add an action, or (`edit`) change one's name and launch settings; its trigger, pipeline,
/// status and labels stay.
pub struct ActionForm {
    scope: Scope,
    /// The pipelines the add form offers, in the choice's order.
    pipelines: Vec<Pipeline>,
    /// The workspace's simple labels.
    labels: Vec<(LabelId, String)>,
    /// The environments of the edit form's choice, after its first option (the pipeline's).
    envs: Vec<ComputeEnvId>,
    /// The action edited.
    edit: Option<Box<Trigger>>,
}

/// How the pipeline choice names a pipeline: its name, repository, and where a shared one
/// comes from.
fn pipeline_label(p: &Pipeline) -> String {
    let project = crate::domain::launchpad::project_name(&p.repository);
    if p.shared {
        format!("{} ({project}) · from {}", p.name, p.workspace_name)
    } else {
        format!("{} ({project})", p.name)
    }
}

/// What a launch takes from the pipeline (the engine fills in what the action leaves out).
fn pipeline_settings(p: &Pipeline) -> String {
    let revision = p.revision.as_deref().unwrap_or("default branch");
    let env = p
        .compute_env_name
        .as_deref()
        .unwrap_or("the workspace's primary");
    let mut text = format!("launches {} {revision} on {env}", p.repository);
    if let Some(dir) = &p.work_dir {
        text.push_str(&format!(", work dir {dir}"));
    }
    if !p.profiles.is_empty() {
        text.push_str(&format!(", profiles {}", p.profiles.join(", ")));
    }
    text
}

impl ActionForm {
    /// The add form over the workspace's pipelines (own and shared).
    pub fn add(ctx: &Ctx, scope: Scope, pipelines: &[Pipeline]) -> Overlay {
        let labels = simple_labels(ctx);
        let known = labels.iter().map(|(_, n)| n.clone()).collect();
        let triggers = ActionSource::ALL
            .iter()
            .map(|s| ChoiceOption::new(format!("{s} · {}", s.describe().0)))
            .collect();
        let fields = vec![
            Field::text(NAME, "", rules::action_name()),
            Field::choice(TRIGGER, triggers, 0),
            Field::choice(
                PIPELINE,
                pipelines
                    .iter()
                    .map(pipeline_label)
                    .map(ChoiceOption::new)
                    .collect(),
                0,
            ),
            Field::text(LABELS, "", rules::labels(known)),
        ];
        let path = ctx
            .current_workspace()
            .map(|w| w.path())
            .unwrap_or_default();
        let mut form = Form::new("Add an action", fields).with_intro(format!(
            "{path} · github: a push to the repository launches; tower: a call to its hook URL. The launch takes the pipeline's settings (edit them later)"
        ));
        let mut spec = ActionForm {
            scope,
            pipelines: pipelines.to_vec(),
            labels,
            envs: Vec::new(),
            edit: None,
        };
        spec.changed(&mut form);
        Overlay::Form(Box::new(form), Box::new(spec))
    }

    /// The edit form: the name, and the launch settings the action has of its own (empty:
    /// the pipeline's).
    pub fn edit(ctx: &Ctx, scope: Scope, a: Trigger, pipeline: Option<Pipeline>) -> Overlay {
        let (env_options, env_selected, envs) = env_choice(ctx, &a, pipeline.as_ref());
        let launch = &a.launch;
        let fields = vec![
            Field::text(NAME, &a.name, rules::action_name()),
            Field::choice(
                PIPELINE,
                vec![ChoiceOption::new(
                    pipeline
                        .as_ref()
                        .map_or_else(|| a.pipeline_name.clone(), pipeline_label),
                )],
                0,
            ),
            Field::choice(COMPUTE_ENV, env_options, env_selected),
            Field::text(
                REVISION,
                launch.revision.as_deref().unwrap_or(""),
                rules::revision(),
            ),
            Field::text(
                WORK_DIR,
                launch.work_dir.as_deref().unwrap_or(""),
                rules::optional_work_dir(),
            ),
            Field::text(
                PROFILES,
                &launch.profiles.clone().unwrap_or_default().join(", "),
                rules::profiles(),
            ),
            Field::text_area(
                PARAMS,
                launch.params.as_deref().unwrap_or(""),
                "empty: the pipeline's; YAML or JSON",
                4,
                rules::params(),
            ),
        ];
        let about = pipeline.as_ref().map(pipeline_settings).unwrap_or_default();
        let form = Form::new(format!("Edit action {}", a.name), fields).with_intro(format!(
            "{} action · empty fields take the pipeline's settings: {about}; {} submits from params",
            a.source,
            ctx.keys.label(Section::Multiline, Action::Submit)
        ));
        let spec = ActionForm {
            scope,
            pipelines: pipeline.into_iter().collect(),
            labels: Vec::new(),
            envs,
            edit: Some(Box::new(a)),
        };
        Overlay::Form(Box::new(form), Box::new(spec))
    }

    /// The launch the add form asks for: the chosen pipeline's own settings.
    fn new_launch(&self, form: &Form) -> Option<LaunchRequest> {
        let p = self.pipelines.get(form.chosen(PIPELINE))?;
        let mut launch = LaunchRequest::new(p.id);
        if p.shared {
            launch.source_workspace_id = Some(p.workspace_id);
        }
        Some(launch)
    }

    /// The edited launch: the form's settings over the action's own (its pipeline, run name
    /// and labels stay); an empty field leaves the setting to the pipeline.
    fn edited_launch(&self, a: &Trigger, form: &Form) -> LaunchRequest {
        let profiles = split_list(&form.raw(PROFILES));
        let params = form.raw(PARAMS);
        LaunchRequest {
            compute_env_id: form
                .chosen(COMPUTE_ENV)
                .checked_sub(1)
                .and_then(|i| self.envs.get(i))
                .cloned(),
            revision: form.optional(REVISION),
            work_dir: form.optional(WORK_DIR),
            profiles: (!profiles.is_empty()).then_some(profiles),
            params: (!params.trim().is_empty()).then_some(params),
            ..a.launch.clone()
        }
    }
}

/// The edit form's compute environment choice: the pipeline's (first), then the workspace's
/// environments; the option the action has now; the ids after the first option.
fn env_choice(
    ctx: &Ctx,
    a: &Trigger,
    pipeline: Option<&Pipeline>,
) -> (Vec<ChoiceOption>, usize, Vec<ComputeEnvId>) {
    let envs = ctx.res.envs.items();
    let own_env = match pipeline.and_then(|p| p.compute_env_name.clone()) {
        Some(name) => format!("the pipeline's ({name})"),
        None => "the pipeline's (the primary)".to_string(),
    };
    let mut options = vec![ChoiceOption::new(own_env)];
    options.extend(
        envs.iter()
            .map(|e| ChoiceOption::new(format!("{} ({})", e.name, e.platform_label()))),
    );
    let selected = a
        .launch
        .compute_env_id
        .as_ref()
        .and_then(|id| envs.iter().position(|e| &e.id == id))
        .map_or(0, |i| i + 1);
    (
        options,
        selected,
        envs.iter().map(|e| e.id.clone()).collect(),
    )
}

/// The workspace's simple labels, by id and name.
fn simple_labels(ctx: &Ctx) -> Vec<(LabelId, String)> {
    let labels = ctx.res.labels.items().iter().filter(|l| !l.resource);
    labels.map(|l| (l.id, l.name.clone())).collect()
}

impl FormSpec for ActionForm {
    /// The add form says what the chosen pipeline's launch runs.
    fn changed(&mut self, form: &mut Form) {
        if self.edit.is_some() {
            return;
        }
        let verdict = match self.pipelines.get(form.chosen(PIPELINE)) {
            Some(p) => (pipeline_settings(p), false),
            None => (
                "this workspace has no pipelines to trigger: add one on the Launchpad".to_string(),
                true,
            ),
        };
        form.set_verdict(Some(verdict));
    }

    fn submit(&mut self, form: &mut Form) -> Option<Mutation> {
        let name = form.text(NAME);
        let Some(a) = &self.edit else {
            let fields = ActionFields {
                name,
                source: ActionSource::ALL[form.chosen(TRIGGER).min(ActionSource::ALL.len() - 1)],
                launch: self.new_launch(form)?,
                label_ids: ids_of(form, LABELS, &self.labels),
            };
            return Some(Mutation::CreateAction {
                scope: self.scope,
                fields: Box::new(fields),
            });
        };
        let launch = self.edited_launch(a, form);
        let rename = (name != a.name).then_some(name);
        let launch = (launch != a.launch).then(|| Box::new(launch));
        // Nothing changed: Enter closes the form without a request.
        if rename.is_none() && launch.is_none() {
            return None;
        }
        Some(Mutation::UpdateAction {
            scope: self.scope,
            id: a.id.clone(),
            name: a.name.clone(),
            rename,
            launch,
        })
    }
}
