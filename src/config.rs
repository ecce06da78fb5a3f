//! The configuration: a TOML file in the platform config directory (or `--config`), overridden
//! by the environment, overridden by command-line flags. Unknown keys are errors, so a typo
//! never passes silently.

use crate::domain::{Error, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The config file as written. Every key is documented in `config.example.toml`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// The operator's email in embedded mode (default `$USER@localhost`).
    pub user: Option<String>,
    /// The embedded database file (default: `nfdeck.db` in the data directory).
    pub db: Option<PathBuf>,
    /// The profile used when no flag or environment variable picks a server.
    pub default_profile: Option<String>,
    /// Log level for the log file: error, warn, info, debug, trace (default info).
    pub log_level: Option<String>,
    /// How often the terminal UI loads a remote server's lists again, in seconds (embedded
    /// mode sees every change within about a second regardless).
    pub refresh_seconds: Option<u64>,
    /// Named remote servers.
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
    /// Key table overrides for the terminal UI (read by `tui::keys`).
    pub keys: Option<toml::Table>,
    /// Theme overrides for the terminal UI (read by `tui::theme`).
    pub theme: Option<toml::Table>,
}

/// A remote server and how to reach it.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub endpoint: Option<String>,
    /// The token itself (prefer `token_env` so the file holds no secret).
    pub token: Option<String>,
    /// The environment variable that holds the token.
    pub token_env: Option<String>,
    /// The workspace to open: a numeric id or `org/workspace`.
    pub workspace: Option<String>,
    /// Look, never change: every change is refused (as `--readonly`).
    #[serde(default)]
    pub readonly: bool,
}

/// Where nfdeck keeps its files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dirs {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
}

impl Dirs {
    /// The platform directories (`~/.config/nfdeck`, `~/.local/share/nfdeck` on Linux).
    pub fn platform() -> Result<Self> {
        let dirs = directories::ProjectDirs::from("org", "nfdeck", "nfdeck").ok_or_else(|| {
            Error::invalid("cannot find a home directory for nfdeck's files; set HOME")
        })?;
        Ok(Self {
            config_dir: dirs.config_dir().to_path_buf(),
            data_dir: dirs.data_dir().to_path_buf(),
        })
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    pub fn default_db(&self) -> PathBuf {
        self.data_dir.join("nfdeck.db")
    }

    pub fn demo_db(&self) -> PathBuf {
        self.data_dir.join("demo.db")
    }

    pub fn log_file(&self) -> PathBuf {
        self.data_dir.join("nfdeck.log")
    }
}

impl ConfigFile {
    /// Parses a config file's text; errors name the file, the line and the key.
    pub fn parse(text: &str, origin: &Path) -> Result<Self> {
        toml::from_str(text).map_err(|e| {
            Error::invalid(format!(
                "config file {}: {}",
                origin.display(),
                e.to_string().trim_end()
            ))
        })
    }

    /// Reads the config file; a missing file is an empty config unless it was asked for.
    pub fn load(path: &Path, required: bool) -> Result<Self> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => Ok(Self::default()),
            Err(e) => Err(Error::invalid(format!(
                "cannot read config file {}: {e}",
                path.display()
            ))),
        }
    }
}

/// Reads an environment variable; tests pass their own lookup instead of the process's.
pub type EnvLookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process environment, ignoring empty values.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The first value that is set: flag, then environment, then config file.
pub fn pick<T: Clone>(flag: Option<T>, env: Option<T>, file: Option<T>) -> Option<T> {
    flag.or(env).or(file)
}

/// The operator's email: `--user`/`NFDECK_USER`/config `user`, else `$USER@localhost`.
pub fn operator_email(flag: Option<String>, env: EnvLookup, file: &ConfigFile) -> String {
    pick(flag, env("NFDECK_USER"), file.user.clone()).unwrap_or_else(|| {
        let name = env("USER")
            .or_else(|| env("USERNAME"))
            .unwrap_or_else(|| "operator".to_string());
        let local: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || "._-".contains(*c))
            .collect();
        let local = if local.is_empty() {
            "operator".to_string()
        } else {
            local
        };
        format!("{local}@localhost")
    })
}

/// The embedded database: `--db`, `NFDECK_DB`, config `db`, else the data directory's file.
pub fn db_path(flag: Option<PathBuf>, env: EnvLookup, file: &ConfigFile, dirs: &Dirs) -> PathBuf {
    pick(flag, env("NFDECK_DB").map(PathBuf::from), file.db.clone())
        .unwrap_or_else(|| dirs.default_db())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    fn dirs() -> Dirs {
        Dirs {
            config_dir: "/cfg".into(),
            data_dir: "/data".into(),
        }
    }

    #[test]
    fn flags_beat_environment_beat_file_beat_defaults() {
        let file = ConfigFile {
            user: Some("file@x.org".into()),
            db: Some("/file.db".into()),
            ..Default::default()
        };
        let env = env_of(&[("NFDECK_USER", "env@x.org"), ("NFDECK_DB", "/env.db")]);
        assert_eq!(
            operator_email(Some("flag@x.org".into()), &env, &file),
            "flag@x.org"
        );
        assert_eq!(operator_email(None, &env, &file), "env@x.org");
        assert_eq!(operator_email(None, &env_of(&[]), &file), "file@x.org");
        assert_eq!(
            operator_email(None, &env_of(&[("USER", "ana")]), &ConfigFile::default()),
            "ana@localhost"
        );
        assert_eq!(
            db_path(Some("/flag.db".into()), &env, &file, &dirs()),
            PathBuf::from("/flag.db")
        );
        assert_eq!(
            db_path(None, &env, &file, &dirs()),
            PathBuf::from("/env.db")
        );
        assert_eq!(
            db_path(None, &env_of(&[]), &file, &dirs()),
            PathBuf::from("/file.db")
        );
        assert_eq!(
            db_path(None, &env_of(&[]), &ConfigFile::default(), &dirs()),
            PathBuf::from("/data/nfdeck.db")
        );
    }

    #[test]
    fn unknown_keys_and_bad_toml_are_named() {
        let err = ConfigFile::parse("usr = \"a@b.org\"\n", Path::new("c.toml")).unwrap_err();
        assert!(err.message.contains("c.toml"), "{err}");
        assert!(err.message.contains("unknown field `usr`"), "{err}");
        let err = ConfigFile::parse("user = \n", Path::new("c.toml")).unwrap_err();
        assert!(err.message.contains("line 1"), "{err}");
        let err =
            ConfigFile::parse("[profiles.x]\nendpont = \"u\"\n", Path::new("c.toml")).unwrap_err();
        assert!(err.message.contains("endpont"), "{err}");
    }

    #[test]
    fn the_example_config_parses() {
        let text = include_str!("../config.example.toml");
        let file = ConfigFile::parse(text, Path::new("config.example.toml")).unwrap();
        assert!(file.profiles.contains_key("cloud"));
    }
}
