//! Copy: `y` copies the selected object's id, `Y` its name, `U` its URL (an action's: its
//! hook URL). The text goes to the
//! terminal's clipboard through an OSC 52 escape sequence, which the terminal (not the host)
//! carries out, so it works over SSH too. `update` only records what to copy (`Model::copy`);
//! the loop that owns the terminal writes the sequence.

use super::app::Model;
use super::keys::Action;
use super::tab::Tab;
use super::tabs::settings::SettingsSection;
use super::tabs::workspaces::{Pane, WsRow};
use super::widgets::toast::ToastKind;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use std::io::Write;

/// What the selection is, for the copy keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selected {
    /// "run", "pipeline", ...: the toast names it.
    pub what: &'static str,
    pub id: String,
    pub name: String,
    /// A repository URL, for the objects that have one.
    pub url: Option<String>,
}

fn sel(what: &'static str, id: impl ToString, name: impl Into<String>) -> Selected {
    Selected {
        what,
        id: id.to_string(),
        name: name.into(),
        url: None,
    }
}

/// The selected row of the focused list on the shown screen, if it is an object.
pub fn selected(m: &Model) -> Option<Selected> {
    Some(match m.tab {
        Tab::Workspaces => match m.ws.pane {
            Pane::Workspaces => match m.ws.list.selected_item()? {
                WsRow::Workspace(w) => sel("workspace", w.id, w.path()),
                WsRow::Org(o) => sel("organization", o.id, o.name.clone()),
            },
            Pane::Members => {
                let x = m.ws.members.selected_item()?;
                sel("member", x.member_id, x.email.clone())
            }
            Pane::Teams => {
                let x = m.ws.teams.selected_item()?;
                sel("team", x.id, x.name.clone())
            }
            Pane::TeamMembers => {
                let x = m.ws.team_members.selected_item()?;
                sel("team member", x.member_id, x.email.clone())
            }
        },
        Tab::Participants => {
            let p = m.parts.list.selected_item()?;
            let name = p
                .email
                .clone()
                .or_else(|| p.team_name.clone())
                .or_else(|| p.user_name.clone())
                .unwrap_or_default();
            sel("participant", p.id, name)
        }
        Tab::Launchpad => {
            let p = m.pad.list.selected_item()?;
            Selected {
                url: Some(p.repository.clone()),
                ..sel("pipeline", p.id, p.name.clone())
            }
        }
        Tab::Runs => {
            let r = m.runs.runs.list.selected_item()?;
            Selected {
                url: r.repository.clone(),
                ..sel("run", &r.id, r.run_name.clone())
            }
        }
        Tab::Actions => {
            let a = m.actions.list.selected_item()?;
            let base = m.session.as_ref().map(|s| s.backend.as_str());
            let ws = m.current;
            Selected {
                url: a.endpoint.as_deref().map(|e| {
                    crate::domain::actions::hook_url(e, base.filter(|b| b.starts_with("http")), ws)
                }),
                ..sel("action", &a.id, a.name.clone())
            }
        }
        Tab::Compute => {
            let e = m.res.envs.selected_item()?;
            sel("compute environment", &e.id, e.name.clone())
        }
        Tab::Credentials => {
            let c = m.res.creds.selected_item()?;
            sel("credentials", &c.id, c.name.clone())
        }
        Tab::Settings => match m.settings.section {
            SettingsSection::Labels => {
                let l = m.res.labels.selected_item()?;
                sel("label", l.id, l.name.clone())
            }
            SettingsSection::Secrets => {
                let s = m.settings.secrets.selected_item()?;
                sel("secret", s.id, s.name.clone())
            }
            SettingsSection::Tokens => {
                let t = m.settings.tokens.selected_item()?;
                sel("token", t.id, t.name.clone())
            }
            _ => return None,
        },
        Tab::Audit => {
            let e = m.audit.log.list.selected_item()?;
            sel("change", e.id, e.object_name.clone())
        }
    })
}

/// Which field a copy action takes.
fn field(action: Action) -> Option<&'static str> {
    match action {
        Action::CopyId => Some("id"),
        Action::CopyName => Some("name"),
        Action::CopyUrl => Some("URL"),
        _ => None,
    }
}

fn value(s: &Selected, action: Action) -> Option<String> {
    match action {
        Action::CopyId => Some(s.id.clone()),
        Action::CopyName => Some(s.name.clone()),
        Action::CopyUrl => s.url.clone(),
        _ => None,
    }
}

/// Why a copy action has nothing to copy now, if it has not.
pub fn refusal(m: &Model, action: Action) -> Option<String> {
    let field = field(action)?;
    let Some(s) = selected(m) else {
        return Some("nothing selected to copy".into());
    };
    value(&s, action)
        .filter(|v| !v.is_empty())
        .is_none()
        .then(|| format!("the selected {} has no {field}", s.what))
}

/// Runs a copy action: records the text for the terminal and says what was copied.
pub fn copy(m: &mut Model, action: Action) -> bool {
    let Some(field) = field(action) else {
        return false;
    };
    if let Some(why) = refusal(m, action) {
        m.toast(ToastKind::Error, why);
        return true;
    }
    let Some((s, text)) = selected(m).and_then(|s| value(&s, action).map(|v| (s, v))) else {
        return true;
    };
    m.toast(
        ToastKind::Ok,
        format!("Copied the {}'s {field}: {text}", s.what),
    );
    m.copy = Some(text);
    true
}

/// The OSC 52 sequence that puts `text` on the terminal's clipboard.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", BASE64.encode(text.as_bytes()))
}

/// Writes the sequence to the terminal (the UI loop calls this; never `update`).
pub fn write_osc52(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    out.write_all(osc52(text).as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_is_base64_in_the_clipboard_sequence() {
        assert_eq!(osc52("4xYz"), "\x1b]52;c;NHhZeg==\x07");
        let mut out = Vec::new();
        write_osc52(&mut out, "biolab/rnaseq").unwrap();
        assert_eq!(out, b"\x1b]52;c;YmlvbGFiL3JuYXNlcQ==\x07");
        // Non-ASCII text travels as its UTF-8 bytes.
        assert_eq!(osc52("é"), "\x1b]52;c;w6k=\x07");
    }
}
