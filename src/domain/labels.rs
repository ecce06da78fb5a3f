//! Label rules: simple labels (a name) and resource labels (`key=value`).

use super::error::{Error, Result};
use super::names::{NAME_RULE, is_valid_name};

/// Dynamic values a resource label may carry; they are filled in at run time.
pub const DYNAMIC_VALUES: [&str; 3] = ["${workflowId}", "${sessionId}", "${userName}"];

pub fn is_dynamic_value(value: &str) -> bool {
    DYNAMIC_VALUES.contains(&value)
}

/// Checks a simple label name, or a resource label's key.
pub fn check_label_name(name: &str) -> Result<()> {
    if is_valid_name(name) {
        Ok(())
    } else {
        Err(Error::invalid(format!("label '{name}' {NAME_RULE}")))
    }
}

/// Checks a resource label: key and value each follow the name rule, or the value is one of the
/// dynamic values.
pub fn check_resource_label(key: &str, value: &str) -> Result<()> {
    if !is_valid_name(key) {
        return Err(Error::invalid(format!(
            "resource label key '{key}' {NAME_RULE}"
        )));
    }
    if !is_valid_name(value) && !is_dynamic_value(value) {
        return Err(Error::invalid(format!(
            "resource label value '{value}' {NAME_RULE}, or be one of {}",
            DYNAMIC_VALUES.join(", ")
        )));
    }
    Ok(())
}

/// Parses `key=value` as typed in a form or a file.
pub fn parse_resource_label(text: &str) -> Result<(String, String)> {
    let Some((key, value)) = text.split_once('=') else {
        return Err(Error::invalid(format!(
            "resource label '{text}' must be written key=value"
        )));
    };
    let (key, value) = (key.trim(), value.trim());
    check_resource_label(key, value)?;
    Ok((key.to_string(), value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_labels() {
        assert!(check_resource_label("project", "atlas").is_ok());
        assert!(check_resource_label("owner", "${userName}").is_ok());
        assert!(check_resource_label("p", "atlas").is_err());
        assert!(check_resource_label("project", "${other}").is_err());
        assert!(check_resource_label("project", "a--b").is_err());
        assert_eq!(
            parse_resource_label(" project = atlas ").unwrap(),
            ("project".into(), "atlas".into())
        );
        assert!(
            parse_resource_label("project")
                .unwrap_err()
                .message
                .contains("key=value")
        );
    }

    #[test]
    fn simple_labels() {
        assert!(check_label_name("rna").is_ok());
        assert!(check_label_name("r").is_err());
        assert!(check_label_name("rna seq").is_err());
    }
}
