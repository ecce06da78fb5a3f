//! The Compute tab's form: add a compute environment (the credentials offered follow the
//! platform chosen).

use crate::domain::compute::check_provider_fits;
use crate::domain::{
    ComputeEnv, ComputeEnvFields, ComputeEnvId, CredentialsId, LabelId, Platform, Provider, Scope,
};
use crate::tui::context::Ctx;
use crate::tui::forms::{FormSpec, ids_of, rules};
use crate::tui::overlay::Overlay;
use crate::tui::request::Mutation;
use crate::tui::widgets::form::{ChoiceOption, Field, Form};

const NAME: &str = "Name";
const DESCRIPTION: &str = "Description";
const PLATFORM: &str = "Platform";
const CREDENTIALS: &str = "Credentials";
const WORK_DIR: &str = "Work dir";
const REGION: &str = "Region";
const LABELS: &str = "Labels";

/// Credentials the compute form can offer: id, name, provider.
pub type CredChoice = (CredentialsId, String, Provider);

/// Add a compute environment, or (`edit`) change one: its platform stays.
pub struct ComputeEnvForm {
    scope: Scope,
    /// The environment edited, and its platform.
    edit: Option<(ComputeEnvId, Platform)>,
    creds: Vec<CredChoice>,
    /// The workspace's resource labels, as `key=value`.
    labels: Vec<(LabelId, String)>,
}

impl ComputeEnvForm {
    pub fn open(ctx: &Ctx, scope: Scope) -> Overlay {
        let creds = Self::creds(ctx);
        let labels = Self::labels(ctx);
        // The first of the domain's list (aws-batch, the most common), not the first one the
        // workspace's credentials happen to fit: that picked uge-platform for SSH keys.
        let platform = 0;
        let platforms = Platform::ALL
            .iter()
            .map(|p| ChoiceOption::new(p.as_str()))
            .collect();
        let known = labels.iter().map(|(_, l)| l.clone()).collect();
        let fields = vec![
            Field::text(NAME, "", rules::env_name()),
            Field::choice(PLATFORM, platforms, platform),
            Field::choice(
                CREDENTIALS,
                credential_options(Platform::ALL[platform], &creds),
                0,
            ),
            Field::text(WORK_DIR, "", rules::work_dir()),
            Field::text(REGION, "", rules::region()),
            Field::text(LABELS, "", rules::resource_labels(known)),
        ];
        let form = Form::new("Add a compute environment", fields).with_intro(format!(
            "{} · {} platforms; credentials are offered when they fit the platform; resource labels as key=value, comma-separated",
            ctx.current_workspace().map(|w| w.path()).unwrap_or_default(),
            Platform::ALL.len()
        ));
        let spec = ComputeEnvForm {
            scope,
            edit: None,
            creds,
            labels,
        };
        Overlay::Form(Box::new(form), Box::new(spec))
    }

    /// Changes to `env`: name, description, work dir, region, credentials (of its platform)
    /// and resource labels. The platform is shown but stays.
    pub fn edit(ctx: &Ctx, scope: Scope, env: &ComputeEnv) -> Overlay {
        let creds = Self::creds(ctx);
        let labels = Self::labels(ctx);
        let platform = env.platform;
        let cred_options = credential_options(platform, &creds);
        let chosen = fitting(platform, &creds)
            .position(|(id, _, _)| Some(id) == env.credentials_id.as_ref())
            .unwrap_or(0);
        let own: Vec<String> = env.labels.iter().map(|l| l.to_string()).collect();
        let known = labels.iter().map(|(_, l)| l.clone()).collect();
        let fields = vec![
            Field::text(NAME, &env.name, rules::env_name()),
            Field::text(DESCRIPTION, &env.description, rules::description()),
            Field::choice(PLATFORM, vec![ChoiceOption::new(platform.as_str())], 0),
            Field::choice(CREDENTIALS, cred_options, chosen),
            Field::text(WORK_DIR, &env.work_dir, rules::work_dir()),
            Field::text(REGION, env.region.as_deref().unwrap_or(""), rules::region()),
            Field::text(LABELS, &own.join(", "), rules::resource_labels(known)),
        ];
        let form = Form::new(format!("Edit compute environment {}", env.name), fields).with_intro(
            format!(
                "{} · {platform}: the platform stays; credentials are offered when they fit it",
                ctx.current_workspace()
                    .map(|w| w.path())
                    .unwrap_or_default(),
            ),
        );
        let spec = ComputeEnvForm {
            scope,
            edit: Some((env.id.clone(), platform)),
            creds,
            labels,
        };
        Overlay::Form(Box::new(form), Box::new(spec))
    }

    fn creds(ctx: &Ctx) -> Vec<CredChoice> {
        let creds = ctx.res.creds.items().iter();
        creds
            .map(|c| (c.id.clone(), c.name.clone(), c.provider))
            .collect()
    }

    /// The workspace's resource labels, as `key=value`.
    fn labels(ctx: &Ctx) -> Vec<(LabelId, String)> {
        let labels = ctx.res.labels.items().iter().filter(|l| l.resource);
        labels.map(|l| (l.id, l.to_string())).collect()
    }

    /// The platform chosen (an environment edited keeps its own).
    fn platform(&self, form: &Form) -> Platform {
        match &self.edit {
            Some((_, platform)) => *platform,
            None => Platform::ALL[form.chosen(PLATFORM).min(Platform::ALL.len() - 1)],
        }
    }
}

impl FormSpec for ComputeEnvForm {
    /// The credentials offered follow the platform.
    fn changed(&mut self, form: &mut Form) {
        let options = credential_options(self.platform(form), &self.creds);
        if let Some(f) = form.field_mut(CREDENTIALS) {
            f.set_options(options, None);
        }
    }

    fn submit(&mut self, form: &mut Form) -> Option<Mutation> {
        let platform = self.platform(form);
        let chosen = form.chosen(CREDENTIALS);
        let fields = Box::new(ComputeEnvFields {
            name: form.text(NAME),
            // The add form has no description: a new environment starts without one.
            description: form
                .field(DESCRIPTION)
                .map(|f| f.value().trim().to_string())
                .unwrap_or_default(),
            platform,
            credentials_id: chosen_credentials(platform, &self.creds, chosen),
            work_dir: form.text(WORK_DIR),
            region: form.optional(REGION),
            label_ids: ids_of(form, LABELS, &self.labels),
        });
        Some(match &self.edit {
            Some((id, _)) => Mutation::UpdateComputeEnv {
                scope: self.scope,
                id: id.clone(),
                fields,
            },
            None => Mutation::CreateComputeEnv {
                scope: self.scope,
                fields,
            },
        })
    }
}

/// The credentials choice for a platform: only credentials that fit it.
pub fn credential_options(platform: Platform, creds: &[CredChoice]) -> Vec<ChoiceOption> {
    if !platform.needs_credentials() {
        return vec![ChoiceOption::new("none needed")];
    }
    let fitting: Vec<ChoiceOption> = fitting(platform, creds)
        .map(|(_, name, p)| ChoiceOption::new(format!("{name} ({p})")))
        .collect();
    if fitting.is_empty() {
        let wanted: Vec<&str> = platform.providers().iter().map(|p| p.as_str()).collect();
        return vec![ChoiceOption {
            label: "none".to_string(),
            disabled: Some(format!(
                "{platform} needs {} credentials; this workspace has none (add them on the Credentials tab)",
                wanted.join(" or ")
            )),
        }];
    }
    fitting
}

/// The chosen credentials' id, for the chosen platform.
pub fn chosen_credentials(
    platform: Platform,
    creds: &[CredChoice],
    chosen: usize,
) -> Option<CredentialsId> {
    if !platform.needs_credentials() {
        return None;
    }
    fitting(platform, creds)
        .nth(chosen)
        .map(|(id, _, _)| id.clone())
}

/// The credentials that fit a platform, in the order the choice offers them.
fn fitting(platform: Platform, creds: &[CredChoice]) -> impl Iterator<Item = &CredChoice> {
    creds
        .iter()
        .filter(move |(_, _, p)| check_provider_fits(platform, *p).is_ok())
}
