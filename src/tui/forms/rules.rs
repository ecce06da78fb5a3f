//! The checks form fields are built with: each calls the domain's rule for its kind of value,
//! with the domain's message. Forms pick them per field (`Field::text(NAME, value,
//! rules::name())`); the form widget itself knows none of them.

use crate::domain::billing::{parse_allocation, parse_transfer_amount};
use crate::domain::compute::{COMPUTE_ENV_NAME_MAX, REGION_MAX, check_work_dir};
use crate::domain::credentials::CREDENTIALS_NAME_MAX;
use crate::domain::labels::{check_label_name, check_resource_label, parse_resource_label};
use crate::domain::launchpad::{
    SCRIPT_MAX, check_launch_overrides, check_params, check_repository, check_run_name,
};
use crate::domain::names::{
    check_description, check_email, check_full_name, check_max, check_name, check_team_description,
};
use crate::domain::settings::LIFESPAN_MAX_HOURS;
use crate::domain::{Result, StudiosSettings};
use crate::tui::widgets::form::split_list;
use crate::tui::widgets::form::{Check, Field, Judgement, Target, parse_number, split_commas};

/// An error from a rule, as a judgement.
fn err(r: Result<()>) -> Judgement {
    (r.err().map(|e| e.message), None)
}

/// A rule that applies only to a value typed: empty is fine.
fn optional(rule: impl Fn(&str) -> Result<()> + 'static) -> Check {
    Check::new(move |f| {
        let v = f.value();
        let v = v.trim();
        if v.is_empty() {
            (None, None)
        } else {
            err(rule(v))
        }
    })
}

/// A required name of at most `max` characters.
fn required_max(max: usize) -> Check {
    Check::new(move |f| {
        let v = f.value();
        if v.trim().is_empty() {
            (Some("name is required".to_string()), None)
        } else {
            err(check_max("name", &v, max))
        }
    })
}

/// An org, workspace or team name.
pub fn name() -> Check {
    Check::value(check_name)
}

pub fn full_name() -> Check {
    Check::value(check_full_name)
}

pub fn description() -> Check {
    Check::value(check_description)
}

pub fn team_description() -> Check {
    Check::value(check_team_description)
}

pub fn email() -> Check {
    Check::value(|v| check_email(v.trim()))
}

/// An organization's location, or nothing.
pub fn location() -> Check {
    Check::value(|v| check_max("location", v, crate::domain::names::LOCATION_MAX))
}

/// An organization's website, or nothing.
pub fn website() -> Check {
    Check::value(|v| check_max("website", v, crate::domain::names::WEBSITE_MAX))
}

/// A pipeline's repository URL.
pub fn repository() -> Check {
    Check::value(|v| check_repository(v.trim()))
}

/// A revision, or nothing (the default branch).
pub fn revision() -> Check {
    optional(|v| check_launch_overrides(Some(v), None, &[]))
}

/// A work directory (required).
pub fn work_dir() -> Check {
    Check::value(check_work_dir)
}

/// A work directory, or nothing (the compute environment's).
pub fn optional_work_dir() -> Check {
    optional(check_work_dir)
}

/// Config profiles, separated by commas or spaces.
pub fn profiles() -> Check {
    Check::value(|v| check_launch_overrides(None, None, &split_list(v)))
}

/// Parameters: YAML or JSON text.
pub fn params() -> Check {
    Check::new(|f| {
        let v = f.value();
        match check_params(&v) {
            Ok(()) if v.trim().is_empty() => (None, None),
            Ok(()) => (None, Some("parameters parse".to_string())),
            Err(e) => (Some(e.message), None),
        }
    })
}

/// A pre- or post-run script.
pub fn script() -> Check {
    Check::value(|v| check_max("script", v, SCRIPT_MAX))
}

/// An action's name (required, at most 100 characters).
pub fn action_name() -> Check {
    Check::value(crate::domain::actions::check_action_name)
}

/// A run name, or nothing (Nextflow picks one).
pub fn run_name() -> Check {
    optional(check_run_name)
}

/// Simple label names of the workspace (`known`), separated by commas.
pub fn labels(known: Vec<String>) -> Check {
    Check::new(move |f| (check_known(&f.value(), &known, &check_label_name), None))
}

/// Resource labels of the workspace (`known`), `key=value`, separated by commas.
pub fn resource_labels(known: Vec<String>) -> Check {
    let rule = |l: &str| parse_resource_label(l).map(|_| ());
    Check::new(move |f| (check_known(&f.value(), &known, &rule), None))
}

/// Each comma-separated item follows `rule` and is one the workspace has.
fn check_known(value: &str, known: &[String], rule: &dyn Fn(&str) -> Result<()>) -> Option<String> {
    for item in split_commas(value) {
        if let Err(e) = rule(&item) {
            return Some(e.message);
        }
        if !known.iter().any(|k| k == &item) {
            let known = if known.is_empty() {
                "it has none yet; add them on the Settings tab".to_string()
            } else {
                format!("it has {}", known.join(", "))
            };
            return Some(format!(
                "'{item}' is not a label of this workspace ({known})"
            ));
        }
    }
    None
}

/// A compute environment's name.
pub fn env_name() -> Check {
    required_max(COMPUTE_ENV_NAME_MAX)
}

/// A region, or nothing.
pub fn region() -> Check {
    optional(|v| check_max("region", v, REGION_MAX))
}

/// A credentials name.
pub fn credentials_name() -> Check {
    required_max(CREDENTIALS_NAME_MAX)
}

/// A public key field the provider requires.
pub fn required() -> Check {
    Check::new(|f| {
        let missing = f.value().trim().is_empty();
        (missing.then(|| format!("{} is required", f.label)), None)
    })
}

/// Studios session lifespan in hours: 1-`LIFESPAN_MAX_HOURS`, or 0.
pub fn lifespan() -> Check {
    Check::new(|f| {
        let value = f.value();
        let Ok(hours) = value.trim().parse::<u32>() else {
            return (
                Some(format!(
                    "'{}' is not a whole number of hours (1-{LIFESPAN_MAX_HOURS}, or 0 to always keep running)",
                    value.trim()
                )),
                None,
            );
        };
        let settings = StudiosSettings {
            lifespan_hours: hours,
            private_by_default: false,
        };
        match settings.check() {
            Err(e) => (Some(e.message), None),
            Ok(()) if hours == 0 => (None, Some("always keep running".to_string())),
            Ok(()) => (None, Some(format!("sessions stop after {hours} hours"))),
        }
    })
}

/// A label's name (or a resource label's key).
pub fn label_name() -> Check {
    Check::value(|v| check_label_name(v.trim()))
}

/// A resource label's value (the name rule, or a dynamic value), or nothing.
pub fn label_value() -> Check {
    Check::new(|f| {
        let v = f.value();
        let v = v.trim();
        if v.is_empty() {
            return (None, None);
        }
        let error = check_resource_label("key", v)
            .err()
            .map(|e| e.message.replace("resource label value", "value"));
        (error, None)
    })
}

/// A transfer's amount: credits above 0, exact to the cent.
pub fn amount() -> Check {
    Check::value(|v| parse_transfer_amount(v).map(drop))
}

/// An allocation: credits exact to the cent, or nothing (no allocation).
pub fn optional_amount() -> Check {
    Check::new(|f| match parse_allocation(&f.value()) {
        Ok(None) => (None, Some("no allocation".to_string())),
        result => err(result.map(drop)),
    })
}

/// A quantity of at least 0 (hours, GB-months), or nothing.
pub fn quantity() -> Check {
    Check::new(|f| {
        let value = f.value();
        match parse_number(&value) {
            _ if value.trim().is_empty() => (None, None),
            Some(v) if v >= 0.0 => (None, None),
            _ => (
                Some(format!("'{}' is not a number of at least 0", value.trim())),
                None,
            ),
        }
    })
}

/// A member, a team (from the suggestions) or any email (a new collaborator).
pub fn participant() -> Check {
    Check::new(|f| {
        let value = f.value();
        let value = value.trim();
        if value.is_empty() {
            return (
                Some("type a member's email, a team name, or any email".to_string()),
                None,
            );
        }
        if let Some(c) = f.matched() {
            return match &c.taken {
                Some(why) => (Some(format!("{} {why}", c.value)), None),
                None => (
                    None,
                    Some(match c.target {
                        Target::Member(_) => format!("{} · {}", c.value, c.detail),
                        Target::Team(_) => format!("team {} · {}", c.value, c.detail),
                    }),
                ),
            };
        }
        // Until the org's members and teams are in, "not in the org" would be a guess.
        if f.suggestions_loading() {
            return (
                None,
                Some("checking the org's members and teams…".to_string()),
            );
        }
        match check_email(value) {
            Ok(()) => (
                None,
                Some("not in the org: will be invited as a collaborator".to_string()),
            ),
            Err(e) => (
                Some(format!(
                    "not a member or team of this org, and {}",
                    e.message
                )),
                None,
            ),
        }
    })
}

/// An org member or collaborator (from the suggestions).
pub fn org_user() -> Check {
    Check::new(|f| {
        let value = f.value();
        let value = value.trim();
        if value.is_empty() {
            return (
                Some("type the email of an org member or collaborator".to_string()),
                None,
            );
        }
        if let Some(c) = f.matched() {
            return match &c.taken {
                Some(why) => (Some(format!("{} {why}", c.value)), None),
                None => (None, Some(c.detail.clone())),
            };
        }
        if f.suggestions_loading() {
            (None, None)
        } else {
            (
                Some(format!(
                    "'{value}' is not a member or collaborator of this org (add them to the org first)"
                )),
                None,
            )
        }
    })
}

/// A pasted list of emails (or user names): at least one entry.
pub fn email_lines() -> Check {
    Check::new(|f: &Field| {
        let entries = crate::client::bulk_lines(&f.value());
        if entries.is_empty() {
            return (
                Some("paste or type at least one email, one per line".to_string()),
                None,
            );
        }
        let bad: Vec<&String> = entries.iter().filter(|e| check_email(e).is_err()).collect();
        let noun = if entries.len() == 1 {
            "entry"
        } else {
            "entries"
        };
        let mut note = format!("{} {noun}", entries.len());
        if let Some(first) = bad.first() {
            note.push_str(&format!(
                "; {} not an email (tried as a user name): '{first}'",
                bad.len()
            ));
        }
        (None, Some(note))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::widgets::form::Candidate;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn typed(field: &mut Field, text: &str) {
        for c in text.chars() {
            field.input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    #[test]
    fn a_name_field_states_the_rule_as_you_type() {
        let mut f = Field::text("Name", "", name());
        assert!(!f.is_valid());
        typed(&mut f, "a");
        let msg = f.error.clone().unwrap();
        assert!(msg.contains("2-39 characters"), "{msg}");
        typed(&mut f, "b-c");
        assert!(f.is_valid());
        typed(&mut f, "-");
        assert!(!f.is_valid());
    }

    #[test]
    fn participant_field_knows_members_teams_and_emails() {
        let mut f = Field::suggest("Who", participant());
        f.set_candidates(vec![
            Candidate {
                value: "chen@x.org".into(),
                detail: "Chen · member".into(),
                target: Target::Member(1),
                taken: None,
            },
            Candidate {
                value: "analysts".into(),
                detail: "2 members".into(),
                target: Target::Team(7),
                taken: Some("is already a participant".into()),
            },
        ]);
        typed(&mut f, "ch");
        assert!(f.has_suggestions());
        assert!(f.complete());
        assert_eq!(f.value(), "chen@x.org");
        assert!(f.is_valid());
        assert_eq!(f.matched().unwrap().target, Target::Member(1));

        let mut g = Field::suggest("Who", participant());
        g.set_candidates(vec![]);
        typed(&mut g, "new@partner.org");
        assert!(g.is_valid());
        assert!(g.note.as_deref().unwrap().contains("collaborator"));
        let mut h = Field::suggest("Who", participant());
        h.set_candidates(vec![]);
        typed(&mut h, "nobody");
        assert!(h.error.as_deref().unwrap().contains("not a valid email"));
    }

    #[test]
    fn participant_field_does_not_call_an_email_new_before_the_members_are_in() {
        let mut f = Field::suggest("Who", participant());
        typed(&mut f, "chen@x.org");
        assert!(
            f.note.as_deref().unwrap().contains("checking"),
            "{:?}",
            f.note
        );
        f.set_candidates(vec![Candidate {
            value: "chen@x.org".into(),
            detail: "Chen · member".into(),
            target: Target::Member(1),
            taken: None,
        }]);
        assert_eq!(f.note.as_deref(), Some("chen@x.org · Chen · member"));
    }

    #[test]
    fn labels_must_be_the_workspaces_own() {
        let mut f = Field::text("Labels", "", labels(vec!["rna".into()]));
        typed(&mut f, "rna, dna");
        let msg = f.error.clone().unwrap();
        assert!(
            msg.contains("'dna' is not a label of this workspace (it has rna)"),
            "{msg}"
        );
    }
}
