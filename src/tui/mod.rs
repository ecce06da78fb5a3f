//! The terminal UI. The shape (see the style anchors in the docs):
//!
//! - `msg::Msg` is the one message type; `app::update(&mut Model, Msg) -> Vec<Effect>` is the one
//!   place state changes, and does no I/O.
//! - `effects` runs each `Effect` (a client call) on a tokio task and sends the reply back as a
//!   `Msg`; replies carry request ids so stale ones are dropped.
//! - `event` merges terminal input, resizes, the spinner clock and stop signals into the same
//!   channel. The loop below drains every pending message, then draws once if anything changed.
//! - `keys` is the one key table (defaults in `assets/keys.toml`, overrides in `[keys]`); it
//!   routes keys (popup, focused field, screen, global) and feeds the footer and the help.
//! - `view` draws from `&Model`, building only visible rows; `terminal` owns set-up and restore.
//! - Each tab is a `screen::Screen` (in `tabs/`): it owns its state, reads the rest through
//!   `context::Ctx` and asks for anything else with `cmd::Cmd`s; `app` keeps the registry.

pub mod app;
pub mod clipboard;
pub mod cmd;
pub mod command_line;
pub mod context;
pub mod effects;
pub mod event;
pub mod forms;
pub mod guard;
pub mod keys;
pub mod layout;
pub mod live;
pub mod marks;
pub mod msg;
pub mod overlay;
pub mod overlays;
pub mod probe;
pub mod request;
pub mod screen;
pub mod tab;
pub mod tabs;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod widgets;

use crate::client::SharedClient;
use crate::config::ConfigFile;
use crate::domain::{Error, Result};
use futures::future::LocalBoxFuture;
use keys::KeyTable;
use ratatui::layout::Rect;
use std::io::IsTerminal;
use theme::Theme;

/// Connects with a profile of the config file (`:profile NAME`): the new client, and whether
/// the session is read-only.
pub type Connect<'a> = Box<dyn Fn(String) -> LocalBoxFuture<'a, Result<(SharedClient, bool)>> + 'a>;

/// What the config file sets for the UI: the key table and the theme.
#[derive(Clone, Debug)]
pub struct Settings {
    pub keys: KeyTable,
    pub theme: Theme,
    /// How often a remote server's lists are loaded again (`refresh_seconds`).
    pub refresh: std::time::Duration,
    /// Every change refused (`--readonly`, or the profile's `readonly`).
    pub readonly: bool,
    /// The config file's profiles, for `:profile`.
    pub profiles: Vec<String>,
    /// The workspace to start on (`--workspace`), else the first org workspace with a role.
    pub start: Option<crate::domain::WorkspaceId>,
}

impl Settings {
    /// Reads `[keys]` and `[theme]`; any problem is an error before the screen opens.
    pub fn from_config(config: &ConfigFile, no_color: bool) -> Result<Self> {
        Ok(Self {
            keys: KeyTable::from_config(config.keys.as_ref(), &tabs::key_contexts())?,
            theme: Theme::from_config(config.theme.as_ref(), no_color)?,
            refresh: refresh_interval(config.refresh_seconds)?,
            readonly: false,
            profiles: config.profiles.keys().cloned().collect(),
            start: None,
        })
    }
}

/// `refresh_seconds`: 1 to 3600, default `live::RELOAD`.
fn refresh_interval(seconds: Option<u64>) -> Result<std::time::Duration> {
    match seconds {
        None => Ok(live::RELOAD),
        Some(s) if (1..=3600).contains(&s) => Ok(std::time::Duration::from_secs(s)),
        Some(s) => Err(Error::invalid(format!(
            "refresh_seconds: must be from 1 to 3600 seconds, got {s}"
        ))),
    }
}

/// Whether `NO_COLOR` asks for no colour (set and not empty).
pub fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Runs the UI until the user quits (or, with a start-up probe, until the first screen's data
/// is drawn). The terminal is restored on every way out.
pub async fn run(
    client: SharedClient,
    settings: Settings,
    probe: Option<&mut probe::Probe>,
    connect: Option<Connect<'_>>,
) -> Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(Error::invalid(
            "the terminal UI needs a terminal; run nfdeck in one, or use `nfdeck apply` / `nfdeck export`",
        ));
    }
    let mut guard = terminal::enter()
        .map_err(|e| Error::internal(format!("cannot set up the terminal: {e}")))?;
    let result = run_loop(&mut guard.terminal, client, settings, probe, connect).await;
    drop(guard);
    if terminal::panicked() {
        return Err(Error::internal(
            "nfdeck stopped after an internal error (details in the log file)",
        ));
    }
    result
}

async fn run_loop(
    terminal: &mut terminal::Term,
    mut client: SharedClient,
    settings: Settings,
    mut probe: Option<&mut probe::Probe>,
    connect: Option<Connect<'_>>,
) -> Result<()> {
    let io_error = |e: std::io::Error| Error::internal(format!("cannot draw on the terminal: {e}"));
    let size = terminal.size().map_err(io_error)?;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let events = event::spawn(tx.clone());
    let mut model = app::Model::new(
        settings.keys,
        client.backend(),
        Rect::new(0, 0, size.width, size.height),
    );
    model.live.pace(settings.refresh, client.is_embedded());
    model.readonly = settings.readonly;
    model.ws.start = settings.start;
    if connect.is_some() {
        model.profiles = settings.profiles;
    }
    for effect in model.init() {
        effects::spawn(client.clone(), effect, tx.clone());
    }
    let theme = settings.theme;
    terminal::draw(terminal, |f| view::draw(f, &model, &theme)).map_err(io_error)?;
    model.take_dirty();
    tracing::info!(backend = %model.backend, "terminal UI started");
    let mut drawn = |model: &app::Model| {
        probe
            .as_mut()
            .is_some_and(|p| p.frame_drawn(model.is_busy(), model.ws.list.len()))
    };
    if drawn(&model) {
        events.abort();
        return Ok(());
    }
    while let Some(msg) = rx.recv().await {
        let mut effects = app::update(&mut model, msg);
        while let Ok(msg) = rx.try_recv() {
            effects.extend(app::update(&mut model, msg));
        }
        for effect in effects {
            effects::spawn(client.clone(), effect, tx.clone());
        }
        if model.quit || terminal::panicked() {
            break;
        }
        // What only the terminal's owner may do: the clipboard, and a new connection.
        if let Some(text) = model.copy.take() {
            clipboard::write_osc52(terminal.backend_mut(), &text).map_err(io_error)?;
        }
        if let (Some(name), Some(connect)) = (model.connect.take(), &connect) {
            match connect(name.clone()).await {
                Ok((next, readonly)) => {
                    client = next;
                    let effects = model.reconnected(client.backend(), readonly);
                    model.live.pace(settings.refresh, client.is_embedded());
                    for effect in effects {
                        effects::spawn(client.clone(), effect, tx.clone());
                    }
                    tracing::info!(profile = %name, backend = %model.backend, "reconnected");
                }
                Err(e) => model.toast(
                    widgets::toast::ToastKind::Error,
                    format!("profile {name}: {e}"),
                ),
            }
            terminal::draw(terminal, |f| view::draw(f, &model, &theme)).map_err(io_error)?;
        }
        if model.take_dirty() {
            terminal::draw(terminal, |f| view::draw(f, &model, &theme)).map_err(io_error)?;
            if drawn(&model) {
                break;
            }
        }
    }
    events.abort();
    tracing::info!("terminal UI stopped");
    Ok(())
}
