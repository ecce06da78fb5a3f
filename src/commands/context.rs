//! What every command needs: directories, the config file, and the client it acts through.

use super::demo;
use crate::cli::GlobalArgs;
use crate::client::embedded::EmbeddedClient;
use crate::config::{self, ConfigFile, Dirs};
use crate::domain::Result;
use crate::engine::Engine;

pub struct Context {
    pub dirs: Dirs,
    pub config: ConfigFile,
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
