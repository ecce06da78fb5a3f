//! What the file's objects refer to must exist when they are created: in the file, or already
//! in the workspace. With `--prune`, only the file counts (what it leaves out is removed at the
//! end of the apply). A `workspace/name` reference looks into another workspace of the org.

use super::OrgPlanner;
use super::contents::Ws;
use crate::declarative::desired::DesiredWorkspace;
use crate::declarative::state::{WorkspaceContent, WorkspaceState};
use crate::domain::run_history::split_reference;

/// What kind of object a reference names, and where the file lists them.
#[derive(Clone, Copy)]
pub(super) enum Kind {
    Credentials,
    ComputeEnv,
    Pipeline,
    Label,
    ResourceLabel,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Credentials => "credentials",
            Kind::ComputeEnv => "compute env",
            Kind::Pipeline => "pipeline",
            Kind::Label => "label",
            Kind::ResourceLabel => "resource label",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Kind::Credentials => "credentials",
            Kind::ComputeEnv => "compute_envs",
            Kind::Pipeline => "pipelines",
            Kind::Label => "labels",
            Kind::ResourceLabel => "resource_labels",
        }
    }

    fn in_file(self, d: &DesiredWorkspace, name: &str) -> bool {
        let same = |n: &String| n.eq_ignore_ascii_case(name);
        match self {
            Kind::Credentials => d.credentials.iter().any(|c| same(&c.name)),
            Kind::ComputeEnv => d.compute_envs.iter().any(|e| same(&e.name)),
            Kind::Pipeline => d.pipelines.iter().any(|p| same(&p.name)),
            Kind::Label => d.labels.iter().any(same),
            Kind::ResourceLabel => d.resource_labels.iter().any(|l| {
                let pair = format!("{}={}", l.name, l.value.as_deref().unwrap_or_default());
                pair.eq_ignore_ascii_case(name)
            }),
        }
    }

    fn in_state(self, c: &WorkspaceContent, name: &str) -> bool {
        match self {
            Kind::Credentials => c.credentials(name).is_some(),
            Kind::ComputeEnv => c.compute_env(name).is_some(),
            Kind::Pipeline => c.pipeline(name).is_some(),
            Kind::Label => c.label(name, None).is_some(),
            Kind::ResourceLabel => {
                let (key, value) = name.split_once('=').unwrap_or((name, ""));
                c.label(key, Some(value)).is_some()
            }
        }
    }
}

impl<'a> OrgPlanner<'a> {
    /// Checks a reference from `at` (a plan object) and records a problem when it does not
    /// resolve. Resource labels are named `key=value`.
    pub(super) fn check_ref(&mut self, ws: Ws<'a>, at: &str, kind: Kind, reference: &str) -> bool {
        let (other, name) = split_reference(reference);
        let target = other.filter(|o| !o.eq_ignore_ascii_case(&ws.d.name));
        let found = match target {
            None => {
                let c = if ws.unreadable {
                    Some(None)
                } else {
                    ws.c.map(Some)
                };
                self.known(Some(ws.d), c, kind, name)
            }
            Some(other) => self.known_elsewhere(other, kind, name),
        };
        if let Err(why) = found {
            self.problems.add(at, why);
            return false;
        }
        true
    }

    fn known_elsewhere(&self, other: &str, kind: Kind, name: &str) -> Result<(), String> {
        let d = self
            .d
            .workspaces
            .iter()
            .find(|w| w.name.eq_ignore_ascii_case(other));
        let c: Option<&WorkspaceState> = self.c.and_then(|c| c.workspace(other));
        if d.is_none() && c.is_none() {
            return Err(format!(
                "workspace '{other}' is not in org {} (in the file or already)",
                self.org()
            ));
        }
        self.known(d, c.map(|c| c.content.as_ref()), kind, name)
    }

    /// `c` is None for a workspace that does not exist yet, `Some(None)` for one whose contents
    /// the acting user cannot read (then the engine decides).
    fn known(
        &self,
        d: Option<&DesiredWorkspace>,
        c: Option<Option<&WorkspaceContent>>,
        kind: Kind,
        name: &str,
    ) -> Result<(), String> {
        let in_file = d.is_some_and(|d| kind.in_file(d, name));
        let in_state = match c {
            None => false,
            Some(None) => true,
            Some(Some(content)) => kind.in_state(content, name),
        };
        let pruned = self.prune && d.is_some();
        if in_file || (in_state && !pruned) {
            return Ok(());
        }
        let ws = d.map(|d| d.name.as_str()).unwrap_or("the workspace");
        let prune_note = if in_state && pruned {
            " (with --prune, what the file refers to must be in the file)"
        } else {
            ""
        };
        Err(format!(
            "{} '{name}' is not in workspace {}/{ws}; add it under its {}{prune_note}",
            kind.noun(),
            self.org(),
            kind.key()
        ))
    }
}
