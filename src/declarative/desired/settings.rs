//! Workspace settings in the file: Studios, simple and resource labels, and credits (the
//! org's balance and a workspace's allocation), checked with the domain's rules.

use super::{Problems, label};
use crate::declarative::format::{ResourceLabelEntry, StudiosEntry};
use crate::domain::{Credits, LabelFields, StudiosSettings};
use std::collections::BTreeSet;

/// Studios settings as the file gives them; a key left out keeps the current value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DesiredStudios {
    pub lifespan_hours: Option<u32>,
    pub private_by_default: Option<bool>,
}

impl DesiredStudios {
    /// The settings once the file's keys are applied to `current`.
    pub fn applied_to(&self, current: StudiosSettings) -> StudiosSettings {
        StudiosSettings {
            lifespan_hours: self.lifespan_hours.unwrap_or(current.lifespan_hours),
            private_by_default: self
                .private_by_default
                .unwrap_or(current.private_by_default),
        }
    }
}

pub(super) fn check_studios(
    entry: &Option<StudiosEntry>,
    at: &str,
    problems: &mut Problems,
) -> Option<DesiredStudios> {
    let entry = entry.as_ref()?;
    let studios = DesiredStudios {
        lifespan_hours: entry.lifespan_hours,
        private_by_default: entry.private_by_default,
    };
    problems.check(
        &format!("{at}, studios"),
        studios.applied_to(StudiosSettings::default()).check(),
    );
    Some(studios)
}

pub(super) fn check_simple_labels(
    names: &[String],
    at: &str,
    problems: &mut Problems,
) -> Vec<String> {
    let mut seen = BTreeSet::new();
    for (i, name) in names.iter().enumerate() {
        let at = format!("{at}, label {}", label(name, i));
        problems.check(&at, LabelFields::simple(name).check());
        if !seen.insert(name.to_ascii_lowercase()) {
            problems.add(&at, "appears twice in the workspace");
        }
    }
    names.to_vec()
}

pub(super) fn check_resource_labels(
    entries: &[ResourceLabelEntry],
    at: &str,
    problems: &mut Problems,
) -> Vec<LabelFields> {
    let mut seen = BTreeSet::new();
    let mut labels = Vec::new();
    for e in entries {
        let fields = LabelFields::resource(&e.key, &e.value, e.default);
        let at = format!("{at}, resource label {}={}", e.key, e.value);
        problems.check(&at, fields.check());
        let identity = (e.key.to_ascii_lowercase(), e.value.to_ascii_lowercase());
        if !seen.insert(identity) {
            problems.add(&at, "appears twice in the workspace");
        }
        labels.push(fields);
    }
    labels
}

/// An org balance or a workspace allocation (`field` is its key in the file), read by the
/// domain's one rule: exact to the cent, from 0 to 10^12 credits.
pub(super) fn check_credits(
    amount: Option<f64>,
    field: &str,
    at: &str,
    problems: &mut Problems,
) -> Option<Credits> {
    problems.check(at, Credits::amount(field, amount?))
}
