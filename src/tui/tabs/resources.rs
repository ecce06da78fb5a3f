//! What several tabs share about the current workspace: its compute environments (Compute
//! tab, pipeline and launch forms), credentials (Credentials tab, compute form) and labels
//! (Settings tab, pipeline and compute forms). One load fills all three lists.

use crate::domain::{ComputeEnv, Credentials, Label, Scope, Usage, Workspace};
use crate::tui::app::Model;
use crate::tui::effects::{Effect, Load};
use crate::tui::msg::{Data, ReqId};
use crate::tui::theme::Theme;
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

/// The scope of the current workspace.
pub fn current_scope(m: &Model) -> Option<Scope> {
    m.current_workspace().map(Workspace::scope)
}

/// Asks for the lists again.
pub fn load(m: &mut Model, scope: Scope, fx: &mut Vec<Effect>) {
    let req = m.req();
    m.res.envs.begin(req);
    m.res.creds.begin(req);
    m.res.labels.begin(req);
    fx.push(Effect::Load {
        req,
        what: Load::Resources(scope),
    });
}

/// Follows the current workspace: another one starts empty and loads.
pub fn sync(m: &mut Model, fx: &mut Vec<Effect>) {
    let scope = current_scope(m);
    if m.res.scope == scope {
        return;
    }
    m.res.envs.clear();
    m.res.creds.clear();
    m.res.labels.clear();
    for list in [
        &mut m.res.envs as &mut dyn crate::tui::app::Nav,
        &mut m.res.creds,
        &mut m.res.labels,
    ] {
        list.set_filter("");
    }
    m.res.label_usage = None;
    m.res.scope = scope;
    if let Some(scope) = scope {
        load(m, scope, fx);
    }
}

/// Loads again what is shown (after a change).
pub fn reload(m: &mut Model, fx: &mut Vec<Effect>) {
    if let Some(scope) = m.res.scope
        && current_scope(m) == Some(scope)
    {
        load(m, scope, fx);
    }
}

pub fn loaded(m: &mut Model, req: ReqId, result: crate::domain::Result<Data>) {
    if !m.res.envs.is_pending(req) {
        return; // an older request, or another workspace's
    }
    match result {
        Ok(Data::Resources {
            scope,
            envs,
            credentials,
            labels,
            label_usage,
        }) if m.res.scope == Some(scope) => {
            m.res.envs.set_items(envs);
            m.res.creds.set_items(credentials);
            m.res.labels.set_items(labels);
            m.res.label_usage = label_usage;
        }
        Ok(_) => {}
        Err(e) => {
            m.res.envs.fail(e.message.clone());
            m.res.creds.fail(e.message.clone());
            m.res.labels.fail(e.message);
        }
    }
}

/// The body of a tab when there is no current workspace.
pub fn no_workspace(frame: &mut Frame, area: Rect, m: &Model, theme: &Theme, spinner: &str) {
    let text = if m.ws.list.is_loading() {
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
