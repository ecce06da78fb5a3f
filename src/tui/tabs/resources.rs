//! What several tabs share about the current workspace: its compute environments (Compute
//! tab, pipeline and launch forms), credentials (Credentials tab, compute form) and labels
//! (Settings tab, pipeline and compute forms). One load fills all three lists.

use crate::domain::{ComputeEnv, Credentials, Label, Scope, Usage, Workspace};
use crate::tui::cmd::Cmd;
use crate::tui::context::{Ctx, ReqIds};
use crate::tui::request::{Data, Load, ReqId};
use crate::tui::screen::SharedList;
use crate::tui::theme::Theme;
use crate::tui::widgets::list::Nav;
use crate::tui::widgets::list::{Listing, key_id};
use crate::tui::widgets::text::wrap;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

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

/// The body of a tab when there is no current workspace.
pub fn no_workspace(frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
    no_workspace_box(frame, area, ctx.workspaces_loading, ctx.spinner(), theme);
}

/// The same, from what it needs.
fn no_workspace_box(frame: &mut Frame, area: Rect, loading: bool, spinner: &str, theme: &Theme) {
    let text = if loading {
        format!("{spinner} loading workspaces…")
    } else {
        "No current workspace: pick one on the Workspaces tab or with the switcher.".into()
    };
    frame.render_widget(
        Paragraph::new(Line::styled(format!(" {text}"), theme.muted())).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border()),
        ),
        area,
    );
}

/// A bordered box of wrapped text (for what does not apply here, and the like).
pub fn note_box(frame: &mut Frame, area: Rect, title: &str, text: &str, theme: &Theme) {
    let inner_w = area.width.saturating_sub(4) as usize;
    let lines: Vec<Line> = wrap(text, inner_w)
        .into_iter()
        .map(|l| Line::styled(format!(" {l}"), theme.text()))
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border())
                .title(Span::styled(format!(" {title} "), theme.title())),
        ),
        area,
    );
}

/// The two lines under a table: about the selection, and the first thing the user's role
/// rules out here (or their role).
pub fn detail_lines(
    frame: &mut Frame,
    area: Rect,
    about: &str,
    note: Option<String>,
    ws: &Workspace,
    theme: &Theme,
) {
    use crate::tui::widgets::text::truncate;
    let width = area.width.saturating_sub(2) as usize;
    let mut lines = vec![Line::styled(
        format!(" {}", truncate(about, width)),
        theme.muted(),
    )];
    match note {
        Some(why) => lines.push(Line::styled(
            format!(" read-only: {}", truncate(&why, width.saturating_sub(11))),
            theme.warning(),
        )),
        None => lines.push(Line::styled(
            format!(" you are {} here", ws.my_role.summary()),
            theme.muted(),
        )),
    }
    frame.render_widget(Paragraph::new(lines), area);
}
