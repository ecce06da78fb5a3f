//! The tabs of the tab bar: which there are, their order and titles. A leaf: the key table,
//! the layout and every screen name tabs, and this file names none of them.

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
