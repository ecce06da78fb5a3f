//! The roles a participant can be given, as the role pickers and add forms offer them: the
//! six built-in roles (highest first), then the org's custom roles by name.

use crate::domain::{ParticipantRole, WspRole};
use crate::tui::widgets::form::ChoiceOption;

/// The built-in roles, then `custom` (the org's custom role names).
pub fn role_choices(custom: &[String]) -> Vec<ParticipantRole> {
    let built_in = WspRole::ALL.iter().map(|r| ParticipantRole::BuiltIn(*r));
    let custom = custom.iter().map(|n| ParticipantRole::Custom(n.clone()));
    built_in.chain(custom).collect()
}

/// One option per choice; `owner` disabled with `owner_refusal` when there is one.
pub fn role_options(
    choices: &[ParticipantRole],
    owner_refusal: Option<String>,
) -> Vec<ChoiceOption> {
    choices
        .iter()
        .map(|r| ChoiceOption {
            label: match r {
                ParticipantRole::BuiltIn(_) => r.to_string(),
                ParticipantRole::Custom(name) => format!("{name} (custom)"),
            },
            disabled: r.is_owner().then(|| owner_refusal.clone()).flatten(),
        })
        .collect()
}

/// Where `role` is among `choices`.
pub fn position(choices: &[ParticipantRole], role: &ParticipantRole) -> Option<usize> {
    choices.iter().position(|c| c.same_as(role))
}
