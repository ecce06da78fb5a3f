//! Where credential secrets come from at apply time, and the variable names export writes.
//!
//! A file never holds a secret: `secret_env = { secretKey = "AWS_SECRET_ACCESS_KEY" }` names
//! the environment variable that does. `nfdeck apply` reads the process environment; tests and
//! the demo builder pass their own source instead of changing the process environment.

use crate::domain::{Error, Result};

/// A source of secret values by variable name.
pub trait SecretSource: Send + Sync {
    /// The value of `variable`, or None when it is unset (an empty value counts as unset).
    fn get(&self, variable: &str) -> Option<String>;
}

/// The process environment (`nfdeck apply`).
pub struct ProcessEnv;

impl SecretSource for ProcessEnv {
    fn get(&self, variable: &str) -> Option<String> {
        std::env::var(variable).ok().filter(|v| !v.is_empty())
    }
}

impl<F> SecretSource for F
where
    F: Fn(&str) -> Option<String> + Send + Sync,
{
    fn get(&self, variable: &str) -> Option<String> {
        self(variable).filter(|v| !v.is_empty())
    }
}

/// Environment variable names: a letter or `_`, then letters, digits and `_`.
pub fn check_variable_name(name: &str) -> Result<()> {
    let mut chars = name.chars();
    let ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "'{name}' is not an environment variable name (letters, digits and '_', not starting with a digit)"
        )))
    }
}

/// The variable export names for a secret field:
/// `NFDECK_SECRET_<ORG>_<WORKSPACE>_<CREDENTIALS>_<FIELD>`, e.g.
/// `NFDECK_SECRET_BIOLAB_RNASEQ_AWS_PROD_SECRET_KEY`. The org is part of it so that two orgs'
/// workspaces of the same name never share a variable.
pub fn export_variable(org: &str, workspace: &str, credentials: &str, field: &str) -> String {
    let parts = [org, workspace, credentials, field].map(upper_snake);
    format!("NFDECK_SECRET_{}", parts.join("_"))
}

/// `aws-prod` -> `AWS_PROD`, `secretKey` -> `SECRET_KEY`.
fn upper_snake(text: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in text.chars() {
        if c.is_ascii_uppercase() && previous_lower {
            out.push('_');
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_names() {
        assert_eq!(
            export_variable("biolab", "rnaseq", "aws-prod", "secretKey"),
            "NFDECK_SECRET_BIOLAB_RNASEQ_AWS_PROD_SECRET_KEY"
        );
        assert_eq!(
            export_variable("core", "qc_2", "hpc.login", "privateKey"),
            "NFDECK_SECRET_CORE_QC_2_HPC_LOGIN_PRIVATE_KEY"
        );
        let name = export_variable("a", "b", "c", "data");
        assert!(check_variable_name(&name).is_ok());
    }

    #[test]
    fn variable_names() {
        assert!(check_variable_name("AWS_SECRET_ACCESS_KEY").is_ok());
        assert!(check_variable_name("_X1").is_ok());
        for bad in ["", "1ABC", "A-B", "A B", "$HOME"] {
            assert!(check_variable_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn empty_values_are_unset() {
        let source = |v: &str| (v == "SET").then(String::new);
        assert_eq!(SecretSource::get(&source, "SET"), None);
    }
}
