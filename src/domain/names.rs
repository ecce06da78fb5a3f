//! Name, text and email rules of the brief, each failing with a message that names the rule.

use super::error::{Error, Result};

pub const NAME_RULE: &str = "must be 2-39 characters: letters and digits, with single '-' or '_' only between letters or digits";
pub const FULL_NAME_MAX: usize = 100;
pub const DESCRIPTION_MAX: usize = 1000;
pub const TEAM_DESCRIPTION_MAX: usize = 250;
/// An organization's location and website.
pub const LOCATION_MAX: usize = 100;
pub const WEBSITE_MAX: usize = 255;
pub const EMAIL_MAX: usize = 255;
pub const USER_NAME_MAX: usize = 40;

/// The spec's `^[a-zA-Z\d](?:[a-zA-Z\d]|[-_](?=[a-zA-Z\d])){1,38}$`, checked by hand because
/// the `regex` crate has no look-ahead.
pub fn is_valid_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    if !(2..=39).contains(&bytes.len()) || !bytes[0].is_ascii_alphanumeric() {
        return false;
    }
    bytes.iter().enumerate().all(|(i, b)| match b {
        b if b.is_ascii_alphanumeric() => true,
        b'-' | b'_' => bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric),
        _ => false,
    })
}

/// Checks an organization, workspace, team or label name.
pub fn check_name(name: &str) -> Result<()> {
    if is_valid_name(name) {
        Ok(())
    } else if name.is_empty() {
        Err(Error::invalid("name is required"))
    } else {
        Err(Error::invalid(format!("name '{name}' {NAME_RULE}")))
    }
}

pub fn check_full_name(full_name: &str) -> Result<()> {
    if full_name.trim().is_empty() {
        return Err(Error::invalid("full name is required"));
    }
    check_max("full name", full_name, FULL_NAME_MAX)
}

pub fn check_description(description: &str) -> Result<()> {
    check_max("description", description, DESCRIPTION_MAX)
}

pub fn check_team_description(description: &str) -> Result<()> {
    check_max("team description", description, TEAM_DESCRIPTION_MAX)
}

/// Checks that a text field is at most `max` characters long.
pub fn check_max(field: &str, value: &str, max: usize) -> Result<()> {
    let len = value.chars().count();
    if len > max {
        Err(Error::invalid(format!(
            "{field} must be at most {max} characters (it has {len})"
        )))
    } else {
        Ok(())
    }
}

/// A practical email check: one `@`, a non-empty local part, a dotted domain of letters, digits
/// and hyphens (or `localhost`, for the default operator `$USER@localhost`), no spaces, at most
/// 255 characters.
pub fn check_email(email: &str) -> Result<()> {
    let bad = || {
        Err(Error::invalid(format!(
            "'{email}' is not a valid email address (expected name@domain.tld)"
        )))
    };
    if email.len() > EMAIL_MAX {
        return Err(Error::invalid(format!(
            "email must be at most {EMAIL_MAX} characters"
        )));
    }
    let Some((local, domain)) = email.split_once('@') else {
        return bad();
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = (labels.len() >= 2 || domain.eq_ignore_ascii_case("localhost"))
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        });
    if local_ok && domain_ok { Ok(()) } else { bad() }
}

/// Normalises an email for storage and comparison (emails are compared case-insensitively).
pub fn normalize_email(email: &str) -> String {
    email.trim().to_ascii_lowercase()
}

/// A user name derived from an email's local part, made to fit the user-name rule.
pub fn user_name_from_email(email: &str) -> String {
    let local = email.split('@').next().unwrap_or(email);
    let cleaned: String = local
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let trimmed = cleaned.trim_matches('-');
    let mut name = String::new();
    for c in trimmed.chars() {
        if c == '-' && name.ends_with('-') {
            continue;
        }
        name.push(c);
    }
    name.truncate(USER_NAME_MAX.min(39));
    let name = name.trim_end_matches('-').to_string();
    match name.len() {
        0 => "user".to_string(),
        1 => format!("user-{name}"),
        _ => name,
    }
}

/// Checks a user name: the same shape as other names.
pub fn check_user_name(user_name: &str) -> Result<()> {
    if is_valid_name(user_name) {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "user name '{user_name}' {NAME_RULE}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_spec_pattern() {
        for good in ["ab", "a1", "rna-seq", "my_lab-2", &"a".repeat(39), "A9-b_c"] {
            assert!(is_valid_name(good), "{good} should be valid");
        }
        for bad in [
            "",
            "a",
            "-ab",
            "ab-",
            "a--b",
            "a-_b",
            "_ab",
            "a b",
            "ä1",
            "a.b",
            &"a".repeat(40),
        ] {
            assert!(!is_valid_name(bad), "{bad} should be invalid");
        }
    }

    #[test]
    fn name_errors_state_the_rule() {
        let err = check_name("a--b").unwrap_err();
        assert!(err.message.contains("2-39 characters"), "{err}");
        assert!(err.message.contains("'a--b'"));
        assert_eq!(check_name("").unwrap_err().message, "name is required");
    }

    #[test]
    fn full_name_and_description_lengths() {
        assert!(check_full_name("").is_err());
        assert!(check_full_name("   ").is_err());
        assert!(check_full_name(&"x".repeat(100)).is_ok());
        let err = check_full_name(&"x".repeat(101)).unwrap_err();
        assert!(err.message.contains("at most 100"), "{err}");
        assert!(check_description(&"x".repeat(1000)).is_ok());
        assert!(check_description(&"x".repeat(1001)).is_err());
        assert!(check_team_description(&"x".repeat(251)).is_err());
    }

    #[test]
    fn emails() {
        for good in [
            "ana@example.org",
            "a.b+c@sub.example.co.uk",
            "x_y@a-b.io",
            "ana@localhost",
        ] {
            assert!(check_email(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.org",
            "ana@example",
            "ana@@example.org",
            "a na@example.org",
            "ana@-example.org",
            "ana@example..org",
            ".ana@example.org",
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn user_names_from_emails_are_valid_names() {
        for email in ["ana@x.org", "a@x.org", "first.last+tag@x.org", "--@x.org"] {
            let name = user_name_from_email(email);
            assert!(is_valid_name(&name), "{email} -> {name}");
        }
        assert_eq!(user_name_from_email("first.last@x.org"), "first-last");
    }
}
