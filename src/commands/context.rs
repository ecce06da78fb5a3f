//! What every command needs: directories, the config file, and the client it acts through
//! (the embedded engine, or a remote server chosen by flags, environment or profile).

use super::demo;
use crate::cli::GlobalArgs;
use crate::client::embedded::EmbeddedClient;
use crate::client::remote::{DEFAULT_ENDPOINT, RemoteClient};
use crate::client::{ReadOnlyClient, SharedClient};
use crate::config::{self, ConfigFile, Dirs, EnvLookup, Profile};
use crate::domain::{Error, Result};
use crate::engine::Engine;
use std::sync::Arc;

pub struct Context {
    pub dirs: Dirs,
    pub config: ConfigFile,
}

/// Where commands act.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Backend {
    Embedded,
    Remote(RemoteSettings),
}

/// A remote server and how to reach it, after flags, environment and config are combined.
#[derive(Clone, PartialEq, Eq)]
pub struct RemoteSettings {
    pub endpoint: String,
    pub token: String,
    /// The workspace to open: a numeric id or `org/workspace`.
    pub workspace: Option<String>,
    /// Every change refused (`--readonly`, or `readonly = true` in the profile).
    pub readonly: bool,
}

impl std::fmt::Debug for RemoteSettings {
    // The token stays out of debug output (and so out of any log).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteSettings")
            .field("endpoint", &self.endpoint)
            .field("token", &"<hidden>")
            .field("workspace", &self.workspace)
            .field("readonly", &self.readonly)
            .finish()
    }
}

impl Context {
    /// Finds the directories and reads the config file (`--config`, `NFDECK_CONFIG`, or the
    /// platform config directory's `config.toml`, which may be absent).
    pub fn load(global: &GlobalArgs) -> Result<Self> {
        let dirs = Dirs::platform()?;
        let explicit = global
            .config
            .clone()
            .or_else(|| config::process_env("NFDECK_CONFIG").map(Into::into));
        let config = match &explicit {
            Some(path) => ConfigFile::load(path, true)?,
            None => ConfigFile::load(&dirs.config_file(), false)?,
        };
        Ok(Self { dirs, config })
    }

    pub fn log_level(&self) -> String {
        self.config
            .log_level
            .clone()
            .unwrap_or_else(|| "info".to_string())
    }

    /// The operator's email (config `user`, `NFDECK_USER`, else `$USER@localhost`).
    pub fn operator_email(&self) -> String {
        config::operator_email(None, &config::process_env, &self.config)
    }

    /// The embedded engine or a remote server, from the flags, the environment and the config.
    pub fn backend(&self, global: &GlobalArgs) -> Result<Backend> {
        backend(global, &config::process_env, &self.config)
    }

    /// The client every command (and the terminal UI) acts through; in a read-only session
    /// it refuses every change.
    pub async fn client(&self, global: &GlobalArgs) -> Result<SharedClient> {
        let backend = self.backend(global)?;
        let client: SharedClient = match &backend {
            Backend::Embedded => Arc::new(self.embedded_client(global).await?),
            Backend::Remote(r) => Arc::new(RemoteClient::new(&r.endpoint, &r.token)?),
        };
        Ok(ReadOnlyClient::wrap_if(readonly(global, &backend), client))
    }

    /// Whether the session may only look (`--readonly`, or the profile's `readonly`).
    pub fn readonly(&self, global: &GlobalArgs) -> Result<bool> {
        Ok(readonly(global, &self.backend(global)?))
    }

    /// The workspace to open first: `--workspace`, `TOWER_WORKSPACE_ID`, or the profile's.
    pub fn start_workspace(&self, global: &GlobalArgs) -> Result<Option<String>> {
        Ok(match self.backend(global)? {
            Backend::Remote(r) => r.workspace,
            Backend::Embedded => global
                .workspace
                .clone()
                .or_else(|| config::process_env("TOWER_WORKSPACE_ID")),
        })
    }

    /// Opens the embedded engine and acts as the operator, or as `--as`, or (with `--demo`)
    /// as the demo org's owner on the demo database.
    pub async fn embedded_client(&self, global: &GlobalArgs) -> Result<EmbeddedClient> {
        if global.demo {
            return demo::open(self, global.reset, global.act_as.as_deref()).await;
        }
        let path = config::db_path(
            global.db.clone(),
            &config::process_env,
            &self.config,
            &self.dirs,
        );
        let mut engine = Engine::open(&path)?;
        let actor = match &global.act_as {
            Some(email) => engine.act_as(email)?,
            None => engine.operator(&self.operator_email())?,
        };
        Ok(EmbeddedClient::new(engine, actor))
    }
}

fn readonly(global: &GlobalArgs, backend: &Backend) -> bool {
    global.readonly || matches!(backend, Backend::Remote(r) if r.readonly)
}

/// Picks the backend. Remote when a remote flag is given (`--endpoint`, `--token`,
/// `--profile`); embedded when an embedded flag is (`--db`, `--as`, `--demo`); else remote when
/// `TOWER_ACCESS_TOKEN` or `TOWER_API_ENDPOINT` is set or the config names a
/// `default_profile`; else embedded. Each setting then takes the first of: flag, the profile
/// named by `--profile`, environment, the `default_profile`, the default.
pub fn backend(global: &GlobalArgs, env: EnvLookup, file: &ConfigFile) -> Result<Backend> {
    let remote_flag =
        global.endpoint.is_some() || global.token.is_some() || global.profile.is_some();
    let embedded_flag = global.db.is_some() || global.act_as.is_some() || global.demo;
    let remote_env = env("TOWER_ACCESS_TOKEN").is_some() || env("TOWER_API_ENDPOINT").is_some();
    let remote = remote_flag || (!embedded_flag && (remote_env || file.default_profile.is_some()));
    if !remote {
        return Ok(Backend::Embedded);
    }
    let chosen = match &global.profile {
        Some(name) => Some(profile(file, name)?),
        None => None,
    };
    let default = match (&global.profile, &file.default_profile) {
        (None, Some(name)) => Some(profile(file, name)?),
        _ => None,
    };
    let endpoint = global
        .endpoint
        .clone()
        .or_else(|| chosen.and_then(|p| p.endpoint.clone()))
        .or_else(|| env("TOWER_API_ENDPOINT"))
        .or_else(|| default.and_then(|p| p.endpoint.clone()))
        .unwrap_or_else(|| DEFAULT_ENDPOINT.to_string());
    let token = match (&global.token, chosen) {
        (Some(t), _) => Some(t.clone()),
        (None, Some(p)) => profile_token(p, env)?,
        (None, None) => None,
    };
    let token = match token.or_else(|| env("TOWER_ACCESS_TOKEN")) {
        Some(t) => t,
        None => default
            .map(|p| profile_token(p, env))
            .transpose()?
            .flatten()
            .ok_or_else(|| {
                Error::unauthorized(format!(
                    "remote mode ({endpoint}) needs an access token: --token, TOWER_ACCESS_TOKEN, or token/token_env in the profile"
                ))
            })?,
    };
    let workspace = global
        .workspace
        .clone()
        .or_else(|| chosen.and_then(|p| p.workspace.clone()))
        .or_else(|| env("TOWER_WORKSPACE_ID"))
        .or_else(|| default.and_then(|p| p.workspace.clone()));
    // Read-only wins wherever it is asked for: the safe side.
    let readonly = global.readonly
        || chosen.is_some_and(|p| p.readonly)
        || default.is_some_and(|p| p.readonly);
    Ok(Backend::Remote(RemoteSettings {
        endpoint,
        token,
        workspace,
        readonly,
    }))
}

fn profile<'a>(file: &'a ConfigFile, name: &str) -> Result<&'a Profile> {
    file.profiles.get(name).ok_or_else(|| {
        let known: Vec<&str> = file.profiles.keys().map(String::as_str).collect();
        Error::invalid(format!(
            "the config file has no [profiles.{name}] (profiles: {})",
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        ))
    })
}

/// A profile's token: `token`, or the environment variable `token_env` names.
fn profile_token(p: &Profile, env: EnvLookup) -> Result<Option<String>> {
    if let Some(t) = &p.token {
        return Ok(Some(t.clone()));
    }
    match &p.token_env {
        Some(var) => env(var).map(Some).ok_or_else(|| {
            Error::unauthorized(format!(
                "the profile's token_env names {var}, which is not set"
            ))
        }),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn global(args: &[&str]) -> GlobalArgs {
        let mut all = vec!["nfdeck"];
        all.extend(args);
        crate::cli::Cli::parse_from(all).global
    }

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    fn file() -> ConfigFile {
        let text = r#"
            default_profile = "cloud"
            [profiles.cloud]
            endpoint = "https://cloud.example"
            token_env = "CLOUD_TOKEN"
            workspace = "biolab/rnaseq"
            [profiles.local]
            endpoint = "http://127.0.0.1:8080"
            token = "local-token"
        "#;
        ConfigFile::parse(text, std::path::Path::new("c.toml")).unwrap()
    }

    fn remote(b: Backend) -> RemoteSettings {
        match b {
            Backend::Remote(r) => r,
            Backend::Embedded => panic!("expected remote mode"),
        }
    }

    #[test]
    fn embedded_unless_something_names_a_server() {
        let none = env_of(&[]);
        assert_eq!(
            backend(&global(&[]), &none, &ConfigFile::default()).unwrap(),
            Backend::Embedded
        );
        let env = env_of(&[("TOWER_ACCESS_TOKEN", "t")]);
        assert_eq!(
            backend(&global(&["--db", "x.db"]), &env, &file()).unwrap(),
            Backend::Embedded
        );
    }

    #[test]
    fn flags_beat_environment_beat_config_beat_defaults() {
        let env = env_of(&[
            ("TOWER_ACCESS_TOKEN", "env-token"),
            ("TOWER_API_ENDPOINT", "https://env.example"),
            ("TOWER_WORKSPACE_ID", "42"),
            ("CLOUD_TOKEN", "cloud-token"),
        ]);
        let r = remote(
            backend(
                &global(&["--endpoint", "https://flag.example", "--token", "flag"]),
                &env,
                &file(),
            )
            .unwrap(),
        );
        assert_eq!(
            (r.endpoint.as_str(), r.token.as_str()),
            ("https://flag.example", "flag")
        );
        let r = remote(backend(&global(&[]), &env, &file()).unwrap());
        assert_eq!(r.endpoint, "https://env.example");
        assert_eq!(r.token, "env-token");
        assert_eq!(r.workspace.as_deref(), Some("42"));
        let r = remote(backend(&global(&[]), &env_of(&[("CLOUD_TOKEN", "c")]), &file()).unwrap());
        assert_eq!(
            (r.endpoint.as_str(), r.token.as_str()),
            ("https://cloud.example", "c")
        );
        assert_eq!(r.workspace.as_deref(), Some("biolab/rnaseq"));
        let r = remote(
            backend(
                &global(&[]),
                &env_of(&[("TOWER_ACCESS_TOKEN", "t")]),
                &ConfigFile::default(),
            )
            .unwrap(),
        );
        assert_eq!(r.endpoint, DEFAULT_ENDPOINT);
    }

    #[test]
    fn a_chosen_profile_beats_the_environment() {
        let env = env_of(&[
            ("TOWER_ACCESS_TOKEN", "env-token"),
            ("TOWER_API_ENDPOINT", "https://env"),
        ]);
        let r = remote(backend(&global(&["--profile", "local"]), &env, &file()).unwrap());
        assert_eq!(
            (r.endpoint.as_str(), r.token.as_str()),
            ("http://127.0.0.1:8080", "local-token")
        );
    }

    #[test]
    fn missing_tokens_and_profiles_are_named() {
        let err = backend(
            &global(&["--endpoint", "https://x"]),
            &env_of(&[]),
            &ConfigFile::default(),
        )
        .unwrap_err();
        assert!(err.message.contains("TOWER_ACCESS_TOKEN"), "{err}");
        let err = backend(&global(&["--profile", "nope"]), &env_of(&[]), &file()).unwrap_err();
        assert!(err.message.contains("[profiles.nope]"), "{err}");
        assert!(err.message.contains("cloud, local"), "{err}");
        let err = backend(&global(&[]), &env_of(&[]), &file()).unwrap_err();
        assert!(err.message.contains("CLOUD_TOKEN"), "{err}");
    }

    #[test]
    fn readonly_comes_from_the_flag_or_the_profile() {
        let text = r#"
            [profiles.audit]
            endpoint = "https://x.example"
            token = "t"
            readonly = true
            [profiles.admin]
            endpoint = "https://x.example"
            token = "t"
        "#;
        let file = ConfigFile::parse(text, std::path::Path::new("c.toml")).unwrap();
        let none = env_of(&[]);
        let ro = |args: &[&str]| {
            let g = global(args);
            readonly(&g, &backend(&g, &none, &file).unwrap())
        };
        assert!(ro(&["--profile", "audit"]));
        assert!(!ro(&["--profile", "admin"]));
        assert!(ro(&["--profile", "admin", "--readonly"]));
        // Embedded mode: only the flag.
        assert!(ro(&["--db", "x.db", "--readonly"]));
        assert!(!ro(&["--db", "x.db"]));
        // The default profile's setting holds when no profile is named.
        let text = format!("default_profile = \"audit\"\n{text}");
        let file = ConfigFile::parse(&text, std::path::Path::new("c.toml")).unwrap();
        let g = global(&[]);
        assert!(readonly(&g, &backend(&g, &none, &file).unwrap()));
    }

    #[test]
    fn tokens_stay_out_of_debug_output() {
        let r = RemoteSettings {
            endpoint: "https://x".into(),
            token: "secret-token".into(),
            workspace: None,
            readonly: false,
        };
        assert!(!format!("{r:?}").contains("secret-token"));
    }
}
