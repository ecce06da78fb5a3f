//! Command mode (`:`), in the spirit of k9s: a line at the bottom where a screen, a workspace,
//! a profile or an action is typed by name, with Tab completion. The commands are derived from
//! the screen registry (`Tab::ALL`) and from the key table's actions of the current screen, so
//! the line offers exactly what the keys do here, with the same refusals.

use super::cmd::Cmd;
pub use super::command_input::CommandLine;
use super::command_input::split_last;
use super::keys::{Action, Section};
use super::model::Model;
use super::request::Mutation;
use super::tab::Tab;
use super::tabs::role_choices::role_choices;
use super::theme::Theme;
use super::widgets::text::truncate;
use crate::domain::participant_role::unknown_role;
use crate::domain::{ParticipantRef, ParticipantRole, WspRole};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

/// What a command does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Screen(Tab),
    /// `ws [ORG/WORKSPACE]`: make one current, or open the switcher.
    Workspace,
    /// `profile NAME`: connect with another profile of the config file.
    Profile,
    /// An action of the key table, as its key would run it.
    Key(Section, Action),
}

/// One command the line offers now.
#[derive(Clone, Debug)]
pub struct CommandDef {
    pub name: String,
    /// The arguments, as the usage line shows them.
    pub usage: &'static str,
    pub help: String,
    pub kind: Kind,
    /// Why it is not allowed now, if it is not.
    pub refusal: Option<String>,
}

/// The command name of an action: its name in words, joined by dashes ("add-participant").
pub fn action_name(action: Action) -> String {
    let mut name = String::new();
    for c in format!("{action:?}").chars() {
        if c.is_ascii_uppercase() && !name.is_empty() {
            name.push('-');
        }
        name.push(c.to_ascii_lowercase());
    }
    name
}

/// Actions that are moves, or that the line itself stands for: not offered as commands.
fn offered(section: Section, action: Action) -> bool {
    !matches!(section, Section::List | Section::Filter | Section::Panes)
        && !matches!(
            action,
            Action::Goto(_)
                | Action::NextTab
                | Action::PrevTab
                | Action::Switcher
                | Action::ForceQuit
                | Action::CommandLine
        )
}

/// Arguments some actions take on the line.
fn action_usage(action: Action) -> &'static str {
    match action {
        Action::AddParticipant => "[EMAIL [ROLE]]",
        _ => "",
    }
}

/// Every command the line offers on the current screen, screens first.
pub fn commands(m: &Model) -> Vec<CommandDef> {
    let mut defs: Vec<CommandDef> = Tab::ALL
        .into_iter()
        .map(|tab| CommandDef {
            name: tab.title().to_lowercase(),
            usage: "",
            help: format!("go to {}", tab.title()),
            kind: Kind::Screen(tab),
            refusal: None,
        })
        .collect();
    defs.push(CommandDef {
        name: "ws".into(),
        usage: "[ORG/WORKSPACE]",
        help: "make a workspace the current one (without a name: the switcher)".into(),
        kind: Kind::Workspace,
        refusal: None,
    });
    if m.can_switch_profile() {
        defs.push(CommandDef {
            name: "profile".into(),
            usage: "NAME",
            help: "connect with another profile of the config file".into(),
            kind: Kind::Profile,
            refusal: None,
        });
    }
    for section in m.screen_context() {
        for (def, _) in m.keys.section(section) {
            let name = action_name(def.action);
            if !offered(section, def.action) || defs.iter().any(|d| d.name == name) {
                continue;
            }
            defs.push(CommandDef {
                name,
                usage: action_usage(def.action),
                help: def.help.to_string(),
                kind: Kind::Key(section, def.action),
                refusal: m.refusal(section, def.action),
            });
        }
    }
    defs
}

/// What the word being typed can become: command names first, then each command's
/// arguments (workspaces, profiles, roles).
pub fn candidates(m: &Model, text: &str) -> Vec<String> {
    let (head, word) = split_last(text);
    let words: Vec<&str> = head.split_whitespace().collect();
    let word_lc = word.to_lowercase();
    let pool: Vec<String> = match words.as_slice() {
        // Only what works here now: a refused command is not offered (typed anyway, it says
        // why).
        [] => commands(m)
            .into_iter()
            .filter(|d| d.refusal.is_none())
            .map(|d| d.name)
            .collect(),
        ["ws"] => m.ws.workspaces.iter().map(|w| w.path()).collect(),
        ["profile"] if m.can_switch_profile() => m.profiles.clone(),
        ["add-participant", _] => role_choices(&m.parts.custom_roles)
            .iter()
            .map(|r| r.to_string())
            .collect(),
        _ => Vec::new(),
    };
    let mut found: Vec<String> = pool
        .iter()
        .filter(|c| c.to_lowercase().starts_with(&word_lc))
        .cloned()
        .collect();
    // Workspaces also match by name alone ("rna" finds biolab/rnaseq).
    if words.as_slice() == ["ws"] {
        found.extend(pool.into_iter().filter(|c| {
            !c.to_lowercase().starts_with(&word_lc) && c.to_lowercase().contains(&word_lc)
        }));
    }
    found
}

/// A key of the `command` section while the line is open.
/// What it does beyond the line (a screen, a workspace, an action) goes into `cmds`.
pub fn action(m: &mut Model, action: Action, cmds: &mut Vec<Cmd>) -> bool {
    let Some(line) = m.command.as_mut() else {
        return false;
    };
    match action {
        Action::Cancel => m.command = None,
        Action::Complete | Action::PrevSuggestion => {
            let mut line = std::mem::take(line);
            line.complete(|t| candidates(m, t), action == Action::Complete);
            m.command = Some(line);
        }
        Action::Accept => {
            let text = line.input.value().trim().to_string();
            if let Err(why) = run(m, &text, cmds)
                && let Some(line) = m.command.as_mut()
            {
                line.error = Some(why);
            }
        }
        _ => return false,
    }
    true
}

/// The command named `name`, or the only one it begins (`:ru` is `:runs`, as a k9s user
/// types it); several that it begins are listed, so the user knows what to add.
fn find<'a>(defs: &'a [CommandDef], name: &str) -> Result<&'a CommandDef, String> {
    if let Some(def) = defs.iter().find(|d| d.name.eq_ignore_ascii_case(name)) {
        return Ok(def);
    }
    let lower = name.to_ascii_lowercase();
    let begun: Vec<&CommandDef> = defs.iter().filter(|d| d.name.starts_with(&lower)).collect();
    match begun.as_slice() {
        [one] => Ok(one),
        [] => Err(format!("no command '{name}' here (Tab lists them)")),
        many => {
            let names: Vec<&str> = many.iter().map(|d| d.name.as_str()).collect();
            Err(format!("'{name}' could be {}", names.join(", ")))
        }
    }
}

/// Runs a typed command; `Err` says why it cannot run (the line stays open).
pub fn run(m: &mut Model, text: &str, cmds: &mut Vec<Cmd>) -> Result<(), String> {
    let mut words = text.split_whitespace();
    let Some(name) = words.next() else {
        m.command = None;
        return Ok(());
    };
    let args: Vec<&str> = words.collect();
    let defs = commands(m);
    let def = find(&defs, name)?;
    if let Some(why) = &def.refusal {
        return Err(format!("{}: {why}", def.name));
    }
    if def.usage.is_empty() && !args.is_empty() {
        return Err(format!("{} takes no arguments", def.name));
    }
    match def.kind {
        Kind::Screen(tab) => {
            m.command = None;
            cmds.push(Cmd::SetTab(tab));
        }
        Kind::Workspace => workspace(m, &args, cmds)?,
        Kind::Profile => profile(m, &args)?,
        Kind::Key(Section::Participants, Action::AddParticipant) if !args.is_empty() => {
            add_participant(m, &args, cmds)?
        }
        Kind::Key(section, action) => {
            m.command = None;
            cmds.push(Cmd::Run {
                section,
                action,
                idle: Some(format!("{}: nothing to do here now", def.name)),
            });
        }
    }
    Ok(())
}

fn workspace(m: &mut Model, args: &[&str], cmds: &mut Vec<Cmd>) -> Result<(), String> {
    let [path] = args else {
        if args.is_empty() {
            m.command = None;
            cmds.push(Cmd::Run {
                section: Section::Global,
                action: Action::Switcher,
                idle: None,
            });
            return Ok(());
        }
        return Err("ws takes one workspace, like biolab/rnaseq".into());
    };
    let found: Vec<_> =
        m.ws.workspaces
            .iter()
            .filter(|w| w.path().eq_ignore_ascii_case(path))
            .map(|w| w.id)
            .collect();
    let [id] = found.as_slice() else {
        return Err(format!(
            "ws: no workspace '{path}' (type ORG/WORKSPACE; Tab lists them)"
        ));
    };
    m.command = None;
    cmds.push(Cmd::SetCurrent(Some(*id)));
    Ok(())
}

/// The terminal-owning loop connects (it owns the client), then starts a fresh model.
fn profile(m: &mut Model, args: &[&str]) -> Result<(), String> {
    let [name] = args else {
        return Err("profile takes one profile name".into());
    };
    let Some(name) = m.profiles.iter().find(|p| p.as_str() == *name).cloned() else {
        return Err(format!(
            "profile: the config file has no [profiles.{name}] (profiles: {})",
            m.profiles.join(", ")
        ));
    };
    m.command = None;
    m.connect = Some(name);
    Ok(())
}

/// A built-in role, or one of the current org's custom roles (as the Participants tab loaded
/// them); anything else is refused here with the engine's wording, before anything is sent.
fn participant_role(m: &Model, name: &str) -> Result<ParticipantRole, String> {
    let role = name
        .parse::<ParticipantRole>()
        .map_err(|e| format!("add-participant ROLE: {e}"))?;
    let custom = &m.parts.custom_roles;
    match &role {
        ParticipantRole::Custom(n) if !custom.iter().any(|c| c.eq_ignore_ascii_case(n)) => {
            let org = m.current_workspace().and_then(|w| w.org_name.clone());
            let why = unknown_role(n, &org.unwrap_or_default(), custom);
            Err(format!("add-participant ROLE: {why}"))
        }
        _ => Ok(role),
    }
}

/// `add-participant EMAIL [ROLE]`: the add form's change, without the form.
fn add_participant(m: &mut Model, args: &[&str], cmds: &mut Vec<Cmd>) -> Result<(), String> {
    let (email, role) = match args {
        [email] => (*email, ParticipantRole::BuiltIn(WspRole::DEFAULT)),
        // A custom role's name too: the engine checks it against the org's roles.
        [email, role] => (*email, participant_role(m, role)?),
        _ => return Err("add-participant takes EMAIL and an optional ROLE".into()),
    };
    let ws = m
        .current_workspace()
        .ok_or("add-participant: no current workspace")?;
    let org = ws
        .org_id
        .ok_or("add-participant: personal workspaces have no participants")?;
    let op = Mutation::AddParticipant {
        org,
        workspace: ws.id,
        who: ParticipantRef::UserNameOrEmail(email.to_string()),
        label: email.to_string(),
        role,
    };
    m.command = None;
    let req = m.req();
    cmds.push(Cmd::Mutate { req, op });
    Ok(())
}

/// Draws the line over the footer, and above it the completions (or the matched command's
/// usage, or why the last Enter did nothing).
pub fn render(frame: &mut Frame, m: &Model, line: &CommandLine, footer: Rect, theme: &Theme) {
    let width = footer.width as usize;
    let text = line.input.value();
    let prompt = Line::from(vec![
        Span::styled(":", theme.key()),
        Span::styled(truncate(text, width.saturating_sub(2)), theme.text()),
    ]);
    frame.render_widget(Clear, footer);
    frame.render_widget(Paragraph::new(prompt), footer);
    let cursor = (line.input.visual_cursor() + 1).min(width.saturating_sub(1)) as u16;
    frame.set_cursor_position(Position::new(footer.x + cursor, footer.y));
    if footer.y == 0 {
        return;
    }
    let above = Rect::new(footer.x, footer.y - 1, footer.width, 1);
    frame.render_widget(Clear, above);
    frame.render_widget(Paragraph::new(hint_line(m, line, width, theme)), above);
}

fn hint_line<'a>(m: &Model, line: &'a CommandLine, width: usize, theme: &Theme) -> Line<'a> {
    if let Some(error) = &line.error {
        return Line::styled(truncate(&format!(" {error}"), width), theme.error());
    }
    let text = line.input.value();
    let first = text.split_whitespace().next().unwrap_or("");
    // A whole command typed, followed by a space: its usage and what it does.
    if text.contains(' ')
        && let Some(def) = commands(m).into_iter().find(|d| d.name == first)
        && line.cycling().is_none()
        && candidates(m, text).is_empty()
    {
        let usage = format!(" {} {} — {}", def.name, def.usage, def.help);
        let style = match def.refusal {
            Some(_) => theme.disabled(),
            None => theme.muted(),
        };
        return Line::styled(truncate(&usage, width), style);
    }
    let (options, chosen) = match line.cycling() {
        Some((options, i)) => (options.to_vec(), Some(i)),
        None => (candidates(m, text), None),
    };
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (i, option) in options.iter().enumerate() {
        let w = option.chars().count() + 2;
        if used + w > width {
            spans.push(Span::styled("…", theme.muted()));
            break;
        }
        let style = if Some(i) == chosen {
            theme.selection()
        } else {
            theme.muted()
        };
        spans.push(Span::styled(option.clone(), style));
        spans.push(Span::raw("  "));
        used += w;
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_names_are_dashed_words() {
        assert_eq!(action_name(Action::AddParticipant), "add-participant");
        assert_eq!(action_name(Action::CancelRun), "cancel-run");
        assert_eq!(action_name(Action::Refresh), "refresh");
    }
}
