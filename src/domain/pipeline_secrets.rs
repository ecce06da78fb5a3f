//! Workspace secrets (`/pipeline-secrets`): named values a pipeline reads as environment
//! variables. Values are write-only, as credential secrets are.

use super::{Error, Result, WorkspaceId};
use serde::{Deserialize, Serialize};

/// A workspace secret as anyone sees it: never its value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineSecret {
    pub id: i64,
    pub workspace_id: WorkspaceId,
    pub name: String,
    /// RFC 3339 times.
    pub date_created: String,
    pub last_updated: String,
    pub last_used: Option<String>,
}

/// The spec's rule (`^[a-zA-Z_](?:[0-9A-Za-z]+|(_)(?!\1)){1,49}$`, at most 100 characters): a
/// letter or `_`, then 1 to 49 pieces that are runs of letters and digits or single `_`s (no
/// `__` after the first character).
pub fn check_secret_name(name: &str) -> Result<()> {
    let rule = "must start with a letter or '_', then letters, digits and single '_'s (1 to 49 runs), at most 100 characters";
    let bad = || Error::invalid(format!("secret name '{name}' {rule}"));
    let mut chars = name.chars();
    let first = chars.next().ok_or_else(bad)?;
    if name.len() > 100 || !(first.is_ascii_alphabetic() || first == '_') {
        return Err(bad());
    }
    let rest: Vec<char> = chars.collect();
    if rest.is_empty()
        || rest
            .iter()
            .any(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
    {
        return Err(bad());
    }
    let mut pieces = 0;
    for (i, c) in rest.iter().enumerate() {
        let starts_run = c.is_ascii_alphanumeric() && (i == 0 || rest[i - 1] == '_');
        if *c == '_' {
            if rest.get(i + 1) == Some(&'_') {
                return Err(bad());
            }
            pieces += 1;
        } else if starts_run {
            pieces += 1;
        }
    }
    if pieces > 49 {
        return Err(bad());
    }
    Ok(())
}

/// A secret's value: not empty.
pub fn check_secret_value(value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid("secret value must not be empty"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_spec_pattern() {
        for ok in ["AB", "_a", "__a", "aws_key", "A1_b2_C3", "x9"] {
            assert!(check_secret_name(ok).is_ok(), "{ok}");
        }
        let long_run = format!("a{}", "b".repeat(99));
        assert!(check_secret_name(&long_run).is_ok());
        let many_pieces = format!("a{}", "_b".repeat(25));
        assert!(check_secret_name(&many_pieces).is_err(), "50 pieces");
        for bad in [
            "",
            "a",
            "1abc",
            "a__b",
            "a-b",
            "ab__",
            "é_a",
            &"a".repeat(101),
        ] {
            assert!(check_secret_name(bad).is_err(), "{bad}");
        }
        assert_eq!(
            check_secret_name("a-b").unwrap_err().message,
            "secret name 'a-b' must start with a letter or '_', then letters, digits and single '_'s (1 to 49 runs), at most 100 characters"
        );
    }
}
