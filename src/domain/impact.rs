//! Impact before harm: what a destructive or visibility-reducing change takes with it, and
//! which confirmation fits (y/n for a small one, typing the name for a large one).

use super::{ComputeEnvId, CredentialsId, OrgId, Scope, TeamId, WorkspaceId};
use serde::{Deserialize, Serialize};

/// A change that removes something or narrows who sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Harm {
    /// Deleting a compute environment of a workspace (personal or of an org).
    DeleteComputeEnv { scope: Scope, id: ComputeEnvId },
    /// Turning a SHARED workspace PRIVATE: its pipelines leave the other workspaces' Launchpads.
    MakePrivate { org: OrgId, workspace: WorkspaceId },
    /// Deleting a team: it leaves every workspace it participates in.
    DeleteTeam { org: OrgId, team: TeamId },
    /// Deleting a workspace with everything in it.
    DeleteWorkspace { org: OrgId, workspace: WorkspaceId },
    /// Deleting an organization with its workspaces and members.
    DeleteOrg { org: OrgId },
    /// Deleting credentials of a workspace: the compute environments using them stop working.
    DeleteCredentials { scope: Scope, id: CredentialsId },
    /// Several of the above at once (a bulk delete of marked rows), each named.
    Each(Vec<(String, Harm)>),
}

/// One kind of thing affected: how many, and the names where they are few enough to list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpactItem {
    /// What is affected and how, e.g. "pipelines launching on it".
    pub what: String,
    /// The same for exactly one thing ("pipeline launching on it"): "1 pipelines" reads wrong.
    pub one: String,
    /// Which of several harmed objects this is about (a bulk delete), written first.
    #[serde(default)]
    pub of: Option<String>,
    pub count: u64,
    pub names: Vec<String>,
}

/// Which confirmation a change needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Severity {
    /// A y/n question.
    Small,
    /// Type the object's name.
    Large,
}

impl ImpactItem {
    /// `one` for one thing, `what` for any other count.
    pub fn called(&self) -> &str {
        match self.count {
            1 => &self.one,
            _ => &self.what,
        }
    }

    /// "lab-local: " for an item about one of several objects, else nothing.
    fn prefix(&self) -> String {
        self.of
            .as_ref()
            .map(|o| format!("{o}: "))
            .unwrap_or_default()
    }
}

/// What a change affects, what could not be known (e.g. a server that hides another
/// workspace's participants from the caller), and the confirmation it needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Impact {
    pub items: Vec<ImpactItem>,
    pub unknown: Vec<String>,
    pub severity: Severity,
}

/// From this many affected objects on, a change is large whatever its kind.
pub const LARGE_FROM: u64 = 5;

impl Impact {
    /// The impact of `harm` given what it affects. Deleting a workspace or an org with
    /// anything in it is always large; otherwise large from `LARGE_FROM` affected objects.
    pub fn new(harm: &Harm, items: Vec<ImpactItem>, unknown: Vec<String>) -> Impact {
        let items: Vec<ImpactItem> = items.into_iter().filter(|i| i.count > 0).collect();
        let affected: u64 = items.iter().map(|i| i.count).sum();
        let deletes_a_container =
            matches!(harm, Harm::DeleteWorkspace { .. } | Harm::DeleteOrg { .. });
        let large = (deletes_a_container && affected > 0) || affected >= LARGE_FROM;
        Impact {
            items,
            unknown,
            severity: if large {
                Severity::Large
            } else {
                Severity::Small
            },
        }
    }

    /// "2 pipelines launching on it (rnaseq, sarek); 1 action (on-push)", or "nothing else".
    pub fn summary(&self) -> String {
        if self.items.is_empty() {
            return "nothing else".into();
        }
        let parts: Vec<String> = self
            .items
            .iter()
            .map(|i| match i.names.as_slice() {
                [] => format!("{}{} {}", i.prefix(), i.count, i.called()),
                names => format!(
                    "{}{} {} ({})",
                    i.prefix(),
                    i.count,
                    i.called(),
                    names.join(", ")
                ),
            })
            .collect();
        parts.join("; ")
    }

    /// One line per kind of thing affected ("2 pipelines launching on it: rnaseq, sarek"),
    /// then one per thing that could not be known ("not known: …"); a confirmation lists them.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .items
            .iter()
            .map(|i| {
                let more = i.count.saturating_sub(i.names.len() as u64);
                match (i.names.as_slice(), more) {
                    ([], _) => format!("{}{} {}", i.prefix(), i.count, i.called()),
                    (names, 0) => format!(
                        "{}{} {}: {}",
                        i.prefix(),
                        i.count,
                        i.called(),
                        names.join(", ")
                    ),
                    (names, more) => {
                        format!(
                            "{}{} {}: {} and {more} more",
                            i.prefix(),
                            i.count,
                            i.called(),
                            names.join(", ")
                        )
                    }
                }
            })
            .collect();
        lines.extend(self.unknown.iter().map(|u| format!("not known: {u}")));
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(what: &str, count: u64) -> ImpactItem {
        ImpactItem {
            what: what.into(),
            one: what.trim_end_matches('s').into(),
            of: None,
            count,
            names: vec![],
        }
    }

    #[test]
    fn severity_follows_kind_and_size() {
        let ce = Harm::DeleteComputeEnv {
            scope: Scope::Workspace(1),
            id: "ce".into(),
        };
        assert_eq!(
            Impact::new(&ce, vec![item("pipelines", 2)], vec![]).severity,
            Severity::Small
        );
        assert_eq!(
            Impact::new(&ce, vec![item("pipelines", 5)], vec![]).severity,
            Severity::Large
        );
        let ws = Harm::DeleteWorkspace {
            org: 1,
            workspace: 2,
        };
        assert_eq!(
            Impact::new(&ws, vec![item("runs", 1)], vec![]).severity,
            Severity::Large
        );
        let empty = Impact::new(&ws, vec![item("runs", 0)], vec![]);
        assert_eq!(
            (empty.severity, empty.summary()),
            (Severity::Small, "nothing else".into())
        );
    }

    #[test]
    fn lines_name_what_is_affected_and_what_is_not_known() {
        let creds = Harm::DeleteCredentials {
            scope: Scope::Workspace(1),
            id: "c".into(),
        };
        let envs = ImpactItem {
            what: "compute environments using them".into(),
            one: "compute environment using them".into(),
            of: None,
            count: 12,
            names: vec!["a".into(), "b".into()],
        };
        let impact = Impact::new(
            &creds,
            vec![envs, item("runs", 3)],
            vec!["x: refused".into()],
        );
        assert_eq!(impact.severity, Severity::Large);
        assert_eq!(
            impact.lines(),
            vec![
                "12 compute environments using them: a, b and 10 more".to_string(),
                "3 runs".to_string(),
                "not known: x: refused".to_string(),
            ]
        );
    }
}
