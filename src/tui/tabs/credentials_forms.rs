//! The Credentials tab's form: add credentials. The provider chosen brings its own fields:
//! public ones in clear, secrets typed masked, sent once and forgotten.

use crate::domain::credentials::{check_credentials_fields, check_required_secrets};
use crate::domain::{CredentialsFields, Provider, Scope, SecretString};
use crate::tui::context::Ctx;
use crate::tui::forms::{FormPurpose, FormSpec, rules};
use crate::tui::overlays::Overlay;
use crate::tui::request::Mutation;
use crate::tui::widgets::form::{Check, ChoiceOption, Field, Form};
use std::collections::BTreeMap;

const NAME: &str = "Name";
const PROVIDER: &str = "Provider";

pub struct CredentialsForm {
    scope: Scope,
    /// The provider whose fields the form shows.
    provider: Provider,
}

impl CredentialsForm {
    pub fn open(ctx: &Ctx, scope: Scope) -> Overlay {
        let providers = Provider::ALL
            .iter()
            .map(|p| ChoiceOption::new(p.as_str()))
            .collect();
        let provider = Provider::ALL[0];
        let mut fields = vec![
            Field::text(NAME, "", rules::credentials_name()),
            Field::choice(PROVIDER, providers, 0),
        ];
        fields.extend(provider_fields(provider));
        let mut form = Form::new("Add credentials", fields).with_intro(format!(
            "{} · public fields are stored as typed; secrets (shown as •) are encrypted, never shown, logged or exported",
            ctx.current_workspace().map(|w| w.path()).unwrap_or_default()
        ));
        form.set_verdict(verdict(&form));
        let spec = CredentialsForm { scope, provider };
        Overlay::Form(Box::new(form), FormPurpose::Credentials(spec))
    }
}

impl FormSpec for CredentialsForm {
    /// Another provider brings its own fields in place of the previous one's.
    fn changed(&mut self, form: &mut Form) {
        let chosen = Provider::ALL[form.chosen(PROVIDER).min(Provider::ALL.len() - 1)];
        if chosen != self.provider {
            self.provider = chosen;
            form.fields
                .retain(|f| f.label == NAME || f.label == PROVIDER);
            form.fields.extend(provider_fields(chosen));
        }
        form.set_verdict(verdict(form));
    }

    fn submit(&mut self, form: &mut Form) -> Option<Mutation> {
        let op = Mutation::CreateCredentials {
            scope: self.scope,
            fields: Box::new(fields_of(form)),
        };
        // The secrets are on their way in the change; the form keeps none of them.
        for f in form.fields.iter_mut().filter(|f| f.masked) {
            f.clear();
        }
        self.changed(form);
        Some(op)
    }
}

/// The fields of a provider, after the name and provider fields: public ones in clear, then
/// secrets, masked.
pub fn provider_fields(provider: Provider) -> Vec<Field> {
    let spec = provider.key_spec(&BTreeMap::new());
    let mut fields = Vec::new();
    for name in spec.public {
        let check = if spec.required_public.contains(name) {
            rules::required()
        } else {
            Check::NONE
        };
        fields.push(Field::text(name, "", check));
    }
    for name in spec.secret {
        fields.push(Field::secret(name, Check::NONE));
    }
    fields
}

/// The fields the form holds now (secrets included, wrapped).
fn fields_of(form: &Form) -> CredentialsFields {
    let provider = Provider::ALL[form.chosen(PROVIDER).min(Provider::ALL.len() - 1)];
    let mut keys = BTreeMap::new();
    let mut secrets = BTreeMap::new();
    let own = form
        .fields
        .iter()
        .filter(|f| f.label != NAME && f.label != PROVIDER);
    for f in own {
        let value = f.value();
        if value.trim().is_empty() {
            continue;
        }
        if f.masked {
            secrets.insert(f.label.to_string(), SecretString::new(value));
        } else {
            keys.insert(f.label.to_string(), value.trim().to_string());
        }
    }
    CredentialsFields {
        name: form.text(NAME),
        description: String::new(),
        provider: Some(provider),
        keys,
        secrets,
    }
}

/// The engine's rules over the whole form: field names, required public fields and secrets.
fn verdict(form: &Form) -> Option<(String, bool)> {
    let f = fields_of(form);
    let provider = match check_credentials_fields(&f) {
        Ok(p) => p,
        Err(e) if e.message == "name is required" => return None,
        Err(e) => return Some((e.message, true)),
    };
    let set: Vec<String> = f.secrets.keys().cloned().collect();
    match check_required_secrets(provider, &f.keys, &set) {
        Ok(()) => Some((
            "secrets are sent once and never shown again".to_string(),
            false,
        )),
        Err(e) => Some((e.message, true)),
    }
}
