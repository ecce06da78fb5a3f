//! Actions: triggers (a GitHub webhook or a Tower launch hook) bound to a pipeline launch
//! configuration.

use super::error::{Error, Result};
use super::ids::{ActionId, LabelId, PipelineId, WorkspaceId};
use super::launchpad::LaunchRequest;
use super::names::check_max;
use super::settings::Label;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

pub const ACTION_NAME_MAX: usize = 100;

/// `Action.Source` values nfdeck supports: a GitHub push webhook or a launch hook called over
/// the API (`tower`). The API also knows `bucket` and `cron`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionSource {
    Github,
    Tower,
}

impl ActionSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionSource::Github => "github",
            ActionSource::Tower => "tower",
        }
    }
}

impl ActionSource {
    pub const ALL: [ActionSource; 2] = [ActionSource::Github, ActionSource::Tower];

    /// The name and what triggers it, as `GET /actions/types` lists them.
    pub fn describe(self) -> (&'static str, &'static str) {
        match self {
            ActionSource::Github => (
                "GitHub webhook",
                "launches the pipeline when its repository receives a push",
            ),
            ActionSource::Tower => (
                "Tower launch hook",
                "launches the pipeline when its hook URL is called over the API",
            ),
        }
    }
}

impl fmt::Display for ActionSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ActionSource {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "github" => Ok(ActionSource::Github),
            "tower" => Ok(ActionSource::Tower),
            _ => Err(Error::invalid(format!(
                "action source '{s}' is not one of github, tower"
            ))),
        }
    }
}

/// `Action.Status` of the API; the engine uses `ACTIVE` and `PAUSED`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ActionStatus {
    Creating,
    Active,
    Error,
    Paused,
}

impl ActionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Creating => "CREATING",
            ActionStatus::Active => "ACTIVE",
            ActionStatus::Error => "ERROR",
            ActionStatus::Paused => "PAUSED",
        }
    }
}

impl fmt::Display for ActionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ActionStatus {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        [
            ActionStatus::Creating,
            ActionStatus::Active,
            ActionStatus::Error,
            ActionStatus::Paused,
        ]
        .into_iter()
        .find(|st| st.as_str().eq_ignore_ascii_case(s.trim()))
        .ok_or_else(|| Error::invalid(format!("'{s}' is not an action status")))
    }
}

/// An action as listed (`ActionInfo` essentials).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub id: ActionId,
    pub name: String,
    pub source: ActionSource,
    pub status: ActionStatus,
    pub pipeline_id: PipelineId,
    pub pipeline_name: String,
    /// The launch configuration the trigger runs.
    pub launch: LaunchRequest,
    /// For a `tower` action: the path to call to trigger it.
    pub endpoint: Option<String>,
    pub labels: Vec<Label>,
    pub last_seen: Option<String>,
    pub date_created: String,
}

/// What a user sends to add an action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionFields {
    pub name: String,
    pub source: ActionSource,
    pub launch: LaunchRequest,
    /// Simple label ids of the same workspace.
    pub label_ids: Vec<LabelId>,
}

pub fn check_action_name(name: &str) -> Result<()> {
    if name.trim().is_empty() {
        return Err(Error::invalid("name is required"));
    }
    check_max("name", name, ACTION_NAME_MAX)
}

/// Only an ACTIVE action launches (by its trigger, or "launch now").
pub fn check_can_launch(name: &str, status: ActionStatus) -> Result<()> {
    if status == ActionStatus::Active {
        return Ok(());
    }
    Err(Error::conflict(format!(
        "action '{name}' is {status}: only ACTIVE actions can launch (resume it first)"
    )))
}

/// The URL that triggers a `tower` action: its endpoint on the API's address `base` (when
/// known: a remote server; the embedded engine has none, so the path is all there is), with
/// the workspace it lives in, as the launch call needs it. A full URL (Seqera's `hookUrl`) is
/// taken as it is.
pub fn hook_url(endpoint: &str, base: Option<&str>, workspace: Option<WorkspaceId>) -> String {
    if endpoint.starts_with("http://") || endpoint.starts_with("https://") {
        return endpoint.to_string();
    }
    let mut url = format!("{}{endpoint}", base.unwrap_or("").trim_end_matches('/'));
    if let Some(ws) = workspace
        && !endpoint.contains('?')
    {
        url.push_str(&format!("?workspaceId={ws}"));
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_statuses() {
        assert_eq!(
            "GitHub".parse::<ActionSource>().unwrap(),
            ActionSource::Github
        );
        assert_eq!(
            "cron".parse::<ActionSource>().unwrap_err().message,
            "action source 'cron' is not one of github, tower"
        );
        assert_eq!(
            serde_json::to_string(&ActionStatus::Paused).unwrap(),
            "\"PAUSED\""
        );
        assert_eq!(
            "active".parse::<ActionStatus>().unwrap(),
            ActionStatus::Active
        );
        assert!(check_action_name("").is_err());
        assert!(check_action_name(&"a".repeat(101)).is_err());
    }

    #[test]
    fn only_active_actions_launch() {
        assert!(check_can_launch("nightly", ActionStatus::Active).is_ok());
        assert_eq!(
            check_can_launch("nightly", ActionStatus::Paused)
                .unwrap_err()
                .message,
            "action 'nightly' is PAUSED: only ACTIVE actions can launch (resume it first)"
        );
    }

    #[test]
    fn hook_urls() {
        let path = "/actions/4bYKFW/launch";
        assert_eq!(hook_url(path, None, None), path);
        assert_eq!(
            hook_url(path, Some("http://127.0.0.1:8000/"), Some(7)),
            "http://127.0.0.1:8000/actions/4bYKFW/launch?workspaceId=7"
        );
        let full = "https://api.cloud.seqera.io/actions/x/launch?workspaceId=1";
        assert_eq!(hook_url(full, Some("http://other"), Some(2)), full);
    }
}
