//! What several tabs share about the current workspace: its compute environments (Compute
//! tab, pipeline and launch forms), credentials (Credentials tab, compute form) and labels
//! (Settings tab, pipeline and compute forms). One load fills all three lists.

use crate::domain::{ComputeEnv, Credentials, Label, Scope, Usage};
use crate::tui::cmd::Cmd;
use crate::tui::request::{Data, Load, ReqId, ReqIds};
use crate::tui::widgets::list::Nav;
use crate::tui::widgets::list::{Listing, key_id};

fn env_text(e: &ComputeEnv) -> String {
    format!(
        "{} {} {} {} {}",
        e.name,
        e.platform_label(),
        e.status,
        e.credentials_name.as_deref().unwrap_or(""),
        e.work_dir
    )
}

fn creds_text(c: &Credentials) -> String {
    let keys: Vec<String> = c.keys.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{} {} {}", c.name, c.provider, keys.join(" "))
}

fn label_text(l: &Label) -> String {
    format!("{} {}", l, if l.resource { "resource" } else { "simple" })
}

/// A list of the current workspace's shared resources, which the app owns for every screen
/// that shows them (one load fills all three).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SharedList {
    ComputeEnvs,
    Credentials,
    Labels,
}

pub struct Resources {
    /// The workspace the lists are of.
    pub scope: Option<Scope>,
    pub envs: Listing<ComputeEnv>,
    pub creds: Listing<Credentials>,
    pub labels: Listing<Label>,
    pub label_usage: Option<Usage>,
}

impl Default for Resources {
    fn default() -> Self {
        Self {
            scope: None,
            envs: Listing::new(env_text, |e| key_id(&e.id)),
            creds: Listing::new(creds_text, |c| key_id(&c.id)),
            labels: Listing::new(label_text, |l| l.id),
            label_usage: None,
        }
    }
}

impl Resources {
    pub fn is_loading(&self) -> bool {
        self.envs.is_loading()
    }

    /// The workspace's simple labels with their ids, for the forms that choose among them.
    pub fn simple_label_choices(&self) -> Vec<(crate::domain::LabelId, String)> {
        self.labels
            .items()
            .iter()
            .filter(|l| !l.resource)
            .map(|l| (l.id, l.name.clone()))
            .collect()
    }

    /// The workspace's simple label names.
    pub fn simple_labels(&self) -> Vec<String> {
        self.labels
            .items()
            .iter()
            .filter(|l| !l.resource)
            .map(|l| l.name.clone())
            .collect()
    }

    /// The workspace's resource labels as `key=value`.
    pub fn resource_labels(&self) -> Vec<String> {
        self.labels
            .items()
            .iter()
            .filter(|l| l.resource)
            .map(|l| l.to_string())
            .collect()
    }
}

impl Resources {
    /// Asks for the lists again.
    fn load(&mut self, scope: Scope, reqs: &ReqIds, cmds: &mut Vec<Cmd>) {
        let req = reqs.next();
        self.envs.begin(req);
        self.creds.begin(req);
        self.labels.begin(req);
        cmds.push(Cmd::Load {
            req,
            what: Load::Resources(scope),
        });
    }

    /// Follows the current workspace (`scope`): another one starts empty and loads.
    pub fn sync(&mut self, scope: Option<Scope>, reqs: &ReqIds, cmds: &mut Vec<Cmd>) {
        if self.scope == scope {
            return;
        }
        self.envs.clear();
        self.creds.clear();
        self.labels.clear();
        for list in [
            &mut self.envs as &mut dyn Nav,
            &mut self.creds,
            &mut self.labels,
        ] {
            list.set_filter("");
        }
        self.label_usage = None;
        self.scope = scope;
        if let Some(scope) = scope {
            self.load(scope, reqs, cmds);
        }
    }

    /// Loads again what is shown (after a change), if it is still the current workspace's.
    pub fn reload(&mut self, current: Option<Scope>, reqs: &ReqIds, cmds: &mut Vec<Cmd>) {
        if let Some(scope) = self.scope
            && current == Some(scope)
        {
            self.load(scope, reqs, cmds);
        }
    }

    pub fn loaded(&mut self, req: ReqId, result: crate::domain::Result<Data>) {
        if !self.envs.is_pending(req) {
            return; // an older request, or another workspace's
        }
        match result {
            Ok(Data::Resources {
                scope,
                envs,
                credentials,
                labels,
                label_usage,
            }) if self.scope == Some(scope) => {
                self.envs.set_items(envs);
                self.creds.set_items(credentials);
                self.labels.set_items(labels);
                self.label_usage = label_usage;
            }
            Ok(_) => {}
            Err(e) => {
                self.envs.fail(e.clone());
                self.creds.fail(e.clone());
                self.labels.fail(e);
            }
        }
    }

    /// One of the lists, by name.
    pub fn list(&self, which: SharedList) -> &dyn Nav {
        match which {
            SharedList::ComputeEnvs => &self.envs,
            SharedList::Credentials => &self.creds,
            SharedList::Labels => &self.labels,
        }
    }

    pub fn list_mut(&mut self, which: SharedList) -> &mut dyn Nav {
        match which {
            SharedList::ComputeEnvs => &mut self.envs,
            SharedList::Credentials => &mut self.creds,
            SharedList::Labels => &mut self.labels,
        }
    }
}
