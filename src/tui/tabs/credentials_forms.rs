//! The Credentials tab's form: add credentials. The provider chosen brings its own fields:
//! public ones in clear, secrets typed masked, sent once and forgotten.

use crate::domain::credentials::{check_credentials_fields, check_required_secrets};
use crate::domain::{Credentials, CredentialsFields, CredentialsId, Provider, Scope, SecretString};
use crate::tui::context::Ctx;
use crate::tui::forms::{FormSpec, rules};
use crate::tui::overlay::Overlay;
use crate::tui::request::Mutation;
use crate::tui::widgets::form::{Check, ChoiceOption, Field, Form};
use std::collections::BTreeMap;

const NAME: &str = "Name";
const PROVIDER: &str = "Provider";

/// Add credentials, or (`edit`) change them: public fields, and secrets typed to rotate them.
pub struct CredentialsForm {
    scope: Scope,
    /// The provider whose fields the form shows.
    provider: Provider,
    /// The credentials edited, and the names of their secrets that are set.
    edit: Option<(CredentialsId, Vec<String>)>,
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
        let spec = CredentialsForm {
            scope,
            provider,
            edit: None,
        };
        form.set_verdict(spec.verdict(&form));
        Overlay::Form(Box::new(form), Box::new(spec))
    }

    /// Changes to `c`: its name and public fields as stored, its secrets empty (never shown):
    /// a secret typed replaces the stored one, one left empty keeps it.
    pub fn edit(ctx: &Ctx, scope: Scope, c: &Credentials) -> Overlay {
        let mut fields = vec![
            Field::text(NAME, &c.name, rules::credentials_name()),
            Field::choice(PROVIDER, vec![ChoiceOption::new(c.provider.as_str())], 0),
        ];
        for mut f in provider_fields(c.provider) {
            if f.masked {
                let set = c.secret_names.iter().any(|n| n == f.label);
                f.check = rotation(set);
                f.validate();
            } else if let Some(v) = c.keys.get(f.label) {
                f.paste(v);
                f.touched = false;
            }
            fields.push(f);
        }
        let mut form = Form::new(format!("Edit credentials {}", c.name), fields).with_intro(format!(
            "{} · {}: the provider stays; type a secret (shown as •) to rotate it, leave it empty to keep it",
            ctx.current_workspace().map(|w| w.path()).unwrap_or_default(),
            c.provider
        ));
        let spec = CredentialsForm {
            scope,
            provider: c.provider,
            edit: Some((c.id.clone(), c.secret_names.clone())),
        };
        form.set_verdict(spec.verdict(&form));
        Overlay::Form(Box::new(form), Box::new(spec))
    }

    /// The provider chosen (credentials edited keep their own).
    fn provider(&self, form: &Form) -> Provider {
        match self.edit {
            Some(_) => self.provider,
            None => Provider::ALL[form.chosen(PROVIDER).min(Provider::ALL.len() - 1)],
        }
    }

    /// The engine's rules over the whole form: field names, required public fields and
    /// secrets (a secret stored already counts as set when editing).
    fn verdict(&self, form: &Form) -> Option<(String, bool)> {
        let f = fields_of(form, self.provider(form));
        let provider = match check_credentials_fields(&f) {
            Ok(p) => p,
            Err(e) if e.message == "name is required" => return None,
            Err(e) => return Some((e.message, true)),
        };
        let mut set: Vec<String> = f.secrets.keys().cloned().collect();
        if let Some((_, stored)) = &self.edit {
            set.extend(stored.iter().cloned());
        }
        match check_required_secrets(provider, &f.keys, &set) {
            Ok(()) => Some((
                "secrets are sent once and never shown again".to_string(),
                false,
            )),
            Err(e) => Some((e.message, true)),
        }
    }
}

/// What an edit form's secret field says: whether a value is stored, and what typing does.
fn rotation(set: bool) -> Check {
    Check::new(move |f| {
        let note = match (f.value().is_empty(), set) {
            (true, true) => "set · type a new value to rotate it",
            (true, false) => "not set",
            (false, true) => "replaces the stored value when saved",
            (false, false) => "is set when saved",
        };
        (None, Some(note.to_string()))
    })
}

impl FormSpec for CredentialsForm {
    /// Another provider brings its own fields in place of the previous one's.
    fn changed(&mut self, form: &mut Form) {
        let chosen = self.provider(form);
        if chosen != self.provider {
            self.provider = chosen;
            form.fields
                .retain(|f| f.label == NAME || f.label == PROVIDER);
            form.fields.extend(provider_fields(chosen));
        }
        let verdict = self.verdict(form);
        form.set_verdict(verdict);
    }

    fn submit(&mut self, form: &mut Form) -> Option<Mutation> {
        let fields = Box::new(fields_of(form, self.provider(form)));
        let op = match &self.edit {
            Some((id, _)) => Mutation::UpdateCredentials {
                scope: self.scope,
                id: id.clone(),
                fields,
            },
            None => Mutation::CreateCredentials {
                scope: self.scope,
                fields,
            },
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

/// The fields the form holds now (secrets included, wrapped; empty ones left out).
fn fields_of(form: &Form, provider: Provider) -> CredentialsFields {
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
