//! The tabs (the brief's seven, Actions and the audit log), one file each, and what several of
//! them share (`resources`: the current workspace's compute environments, credentials and labels).

pub mod access;
pub mod actions;
pub mod actions_forms;
pub mod audit;
pub mod audit_detail;
pub mod audit_forms;
pub mod compute;
pub mod compute_forms;
pub mod credentials;
pub mod credentials_forms;
pub mod launchpad;
pub mod launchpad_forms;
pub mod participants;
pub mod participants_forms;
pub mod resources;
pub mod runs;
pub mod runs_forms;
pub mod settings;
pub mod settings_forms;
pub mod settings_secrets;
pub mod workspaces;
pub mod workspaces_forms;

use super::keys::Section;

/// A tab of the tab bar, in the order it shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tab {
    Workspaces,
    Participants,
    Launchpad,
    Runs,
    Actions,
    Compute,
    Credentials,
    Settings,
    Audit,
}

impl Tab {
    pub const ALL: [Tab; 9] = [
        Tab::Workspaces,
        Tab::Participants,
        Tab::Launchpad,
        Tab::Runs,
        Tab::Actions,
        Tab::Compute,
        Tab::Credentials,
        Tab::Settings,
        Tab::Audit,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Workspaces => "Workspaces",
            Tab::Participants => "Participants",
            Tab::Launchpad => "Launchpad",
            Tab::Runs => "Runs",
            Tab::Actions => "Actions",
            Tab::Compute => "Compute",
            Tab::Credentials => "Credentials",
            Tab::Settings => "Settings",
            Tab::Audit => "Audit",
        }
    }

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    pub fn next(self) -> Tab {
        Tab::ALL[(self.index() + 1) % Tab::ALL.len()]
    }

    pub fn prev(self) -> Tab {
        Tab::ALL[(self.index() + Tab::ALL.len() - 1) % Tab::ALL.len()]
    }
}

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

#[cfg(test)]
mod tests {
    use super::Tab;

    #[test]
    fn next_and_prev_wrap() {
        assert_eq!(Tab::Audit.next(), Tab::Workspaces);
        assert_eq!(Tab::Workspaces.prev(), Tab::Audit);
        for t in Tab::ALL {
            assert_eq!(t.next().prev(), t);
        }
    }
}
