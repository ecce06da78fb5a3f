//! The tabs (the brief's seven, Actions and the audit log), one file each, and what several of
//! them share (`resources`: the current workspace's compute environments, credentials and labels).

pub mod access;
pub mod actions;
pub mod actions_forms;
pub mod audit;
pub mod audit_detail;
pub mod audit_forms;
pub mod audit_narrowing;
pub mod boxes;
pub mod compute;
pub mod compute_forms;
pub mod credentials;
pub mod credentials_forms;
pub mod launchpad;
pub mod launchpad_forms;
pub mod participants;
pub mod participants_forms;
pub mod resources;
pub mod role_choices;
pub mod run_details;
pub mod runs;
pub mod runs_forms;
pub mod settings;
pub mod settings_forms;
pub mod settings_secrets;
pub mod settings_tokens;
pub mod workspaces;
pub mod workspaces_forms;

// Re-exported: `Tab` lives in the leaf `tui::tab` (the key table and the app use it too).
use super::keys::Section;
pub use super::tab::Tab;

/// Every key context any screen shows (its sections with the lists' and the global keys):
/// the key table's clash check reads them from here, so each screen declares them once.
pub fn key_contexts() -> Vec<&'static [Section]> {
    [
        workspaces::KEY_CONTEXTS,
        participants::KEY_CONTEXTS,
        launchpad::KEY_CONTEXTS,
        runs::KEY_CONTEXTS,
        actions::KEY_CONTEXTS,
        compute::KEY_CONTEXTS,
        credentials::KEY_CONTEXTS,
        settings::KEY_CONTEXTS,
        audit::KEY_CONTEXTS,
    ]
    .concat()
}
