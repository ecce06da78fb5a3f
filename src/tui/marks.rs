//! Bulk actions on marked rows. Space marks rows of the focused list (`*` marks every row the
//! filter shows, Esc clears them once the filter is clear); with rows marked, the actions
//! that have a bulk form act on all of them: one confirmation (or role picker) that lists
//! them, then one change per row, each succeeding or failing on its own, and a report per row
//! like the bulk add's. Without marks the same keys act on the selected row, as always.

use super::cmd::Cmd;
use super::guard::Guarded;
use super::keys::Action;
use super::model::Model;
use super::overlay::{Overlay, PickPurpose};
use super::request::Mutation;
use super::tab::Tab;
use super::tabs::role_choices::{role_choices, role_options};
use super::tabs::workspaces::Pane;
use super::widgets::confirm::Confirm;
use super::widgets::form::ChoiceOption;
use super::widgets::picker::Picker;
use super::widgets::text::{count, these};
use super::widgets::toast::ToastKind;
use crate::domain::{Harm, OrgRole, ParticipantRole, Permission, Scope};

/// How many rows a confirmation lists by name before "and N more".
const LISTED: usize = 12;

/// What a bulk action asks first: a confirmation at once, or (for deletes that take other
/// things with them) the impact of every marked row, then the confirmation listing it.
enum Ask {
    Now(Overlay),
    Guard(Box<Guarded>),
}

/// Runs a screen action on the marked rows, if the focused list has marks and the action a
/// bulk form; `None` lets the screen run it on the selected row.
pub fn bulk(m: &mut Model, action: Action, cmds: &mut Vec<Cmd>) -> Option<bool> {
    let ask = match (m.tab, action) {
        (Tab::Participants, Action::RemoveParticipant | Action::ParticipantRole) => {
            participants(m, action)?.map(Ask::Now)
        }
        (Tab::Runs, Action::CancelRun | Action::DeleteRun) => runs(m, action)?.map(Ask::Now),
        (Tab::Workspaces, Action::RemoveMember | Action::MemberRole)
            if m.ws.pane == Pane::Members =>
        {
            members(m, action)?.map(Ask::Now)
        }
        (Tab::Workspaces, Action::RemoveTeamMember) if m.ws.pane == Pane::TeamMembers => {
            team_members(m)?.map(Ask::Now)
        }
        (Tab::Workspaces, Action::DeleteTeam) if m.ws.pane == Pane::Teams => teams(m)?,
        // Deleting a workspace asks for its name: one at a time, never one of several marked.
        (Tab::Workspaces, Action::DeleteWorkspace)
            if m.ws.pane == Pane::Workspaces && m.ws.list.marks() > 0 =>
        {
            Err("workspaces are deleted one at a time, by typing the name: clear the marks (Esc) first".to_string())
        }
        (Tab::Launchpad, Action::DeletePipeline) => {
            let rows = m.pad.list.marked_items();
            let rows = rows.iter().map(|p| (p.name.clone(), p.id));
            let op = |scope, id, name| Mutation::DeletePipeline { scope, id, name };
            let rows = rows.collect();
            deletes(m, ("pipeline", "pipelines"), Permission::ManagePipelines, rows, op, |_, _| None)?
        }
        (Tab::Compute, Action::DeleteComputeEnv) => {
            let rows = m.res.envs.marked_items();
            let rows = rows.iter().map(|e| (e.name.clone(), e.id.clone()));
            let op = |scope, id, name| Mutation::DeleteComputeEnv { scope, id, name };
            let harm = |scope, id| Some(Harm::DeleteComputeEnv { scope, id });
            let (noun, rows) = (("compute environment", "compute environments"), rows.collect());
            deletes(m, noun, Permission::ManageComputeEnvs, rows, op, harm)?
        }
        (Tab::Credentials, Action::DeleteCredentials) => {
            let rows = m.res.creds.marked_items();
            let rows = rows.iter().map(|c| (c.name.clone(), c.id.clone()));
            let op = |scope, id, name| Mutation::DeleteCredentials { scope, id, name };
            let harm = |scope, id| Some(Harm::DeleteCredentials { scope, id });
            let rows = rows.collect();
            deletes(m, ("credentials", "credentials"), Permission::ManageCredentials, rows, op, harm)?
        }
        (Tab::Settings, Action::DeleteLabel) => {
            let rows = m.res.labels.marked_items();
            let rows = rows.iter().map(|l| (l.name.clone(), l.id));
            let op = |scope, id, name| Mutation::DeleteLabel { scope, id, name };
            let rows = rows.collect();
            deletes(m, ("label", "labels"), Permission::ManageLabels, rows, op, |_, _| None)?
        }
        _ => return None,
    };
    match ask {
        Ok(Ask::Now(overlay)) => m.overlays.push(overlay),
        Ok(Ask::Guard(guarded)) => cmds.push(Cmd::Guard {
            req: m.req(),
            guarded,
        }),
        Err(why) => m.toast(ToastKind::Error, why),
    }
    Some(true)
}

/// After a bulk action: the marks have been used.
pub fn done(m: &mut Model) {
    m.parts.list.clear_marks();
    m.runs.runs.list.clear_marks();
    m.ws.members.clear_marks();
    m.ws.teams.clear_marks();
    m.ws.team_members.clear_marks();
    m.pad.list.clear_marks();
    m.res.envs.clear_marks();
    m.res.creds.clear_marks();
    m.res.labels.clear_marks();
}

/// "a, b and c" one per line, at most `LISTED` of them.
fn listing(labels: &[String]) -> String {
    let mut text: Vec<String> = labels
        .iter()
        .take(LISTED)
        .map(|l| format!("  {l}"))
        .collect();
    if labels.len() > LISTED {
        text.push(format!("  and {} more", labels.len() - LISTED));
    }
    text.join("\n")
}

/// One change per marked row, confirmed once.
fn confirm(title: String, intro: String, ops: Vec<(String, Mutation)>, outro: &str) -> Overlay {
    let labels: Vec<String> = ops.iter().map(|(l, _)| l.clone()).collect();
    let message = format!("{intro}\n{}\n{outro}", listing(&labels));
    let op = Mutation::Each {
        title: title.clone(),
        ops,
    };
    Overlay::Confirm(Box::new(Confirm::yes_no(title, message)), op)
}

type Planned = Option<Result<Overlay, String>>;

/// The rows with the acting user's own row last: changing or removing yourself first would
/// take away the rights the other rows need. Also whether the user is among them.
fn me_last<'a, T>(
    m: &Model,
    rows: Vec<&'a T>,
    user_of: fn(&T) -> Option<i64>,
) -> (Vec<&'a T>, bool) {
    let me = m.session.as_ref().map(|s| s.user.id);
    let (mine, mut others): (Vec<&T>, Vec<&T>) = rows
        .into_iter()
        .partition(|r| me.is_some() && user_of(r) == me);
    let included = !mine.is_empty();
    others.extend(mine);
    (others, included)
}

/// The confirmation's last words when the acting user is among the rows.
fn you_too(included: bool, what: &str) -> String {
    if included {
        format!(" That includes you (done last): {what}.")
    } else {
        String::new()
    }
}

fn participants(m: &Model, action: Action) -> Planned {
    let marked = m.parts.list.marked_items();
    if marked.is_empty() {
        return None;
    }
    let ws = m.current_workspace()?;
    let org = ws.org_id?;
    if let Some(why) = m.ws_refusal(ws, Permission::ManageParticipants) {
        return Some(Err(why));
    }
    let (marked, mine) = me_last(m, marked, |p| p.user_id);
    let rows: Vec<(i64, String)> = marked.iter().map(|p| (p.id, p.display_name())).collect();
    let n = rows.len();
    if action == Action::ParticipantRole {
        let owner = m.ws_refusal(ws, Permission::GrantOwner);
        let choices = role_choices(&m.parts.custom_roles);
        let options = role_options(&choices, owner);
        let labels: Vec<String> = rows.iter().map(|(_, l)| l.clone()).collect();
        let intro = format!(
            "In {}, for {} (each changes on its own):\n{}{}",
            ws.path(),
            these(n, ("participant", "participants")),
            listing(&labels),
            you_too(mine, "your own role here changes")
        );
        let picker = Picker::new(
            format!("Role of {}", count(n, ("participant", "participants"))),
            intro,
            options,
            None,
        );
        let changes = choices
            .into_iter()
            .map(|r| participant_roles(org, ws.id, &rows, r));
        let purpose = PickPurpose::Change(changes.collect());
        return Some(Ok(Overlay::Picker(Box::new(picker), purpose)));
    }
    let ops = rows
        .into_iter()
        .map(|(participant, label)| {
            let op = Mutation::RemoveParticipant {
                org,
                workspace: ws.id,
                participant,
                label: label.clone(),
            };
            (label, op)
        })
        .collect();
    Some(Ok(confirm(
        format!("Remove {}", count(n, ("participant", "participants"))),
        format!(
            "Remove {} from {}?",
            these(n, ("participant", "participants")),
            ws.path()
        ),
        ops,
        &format!(
            "Teams' members lose the role the team gives them here.{}",
            you_too(mine, "you lose access unless another role gives it")
        ),
    )))
}

/// The marked participants' new role: one change each.
pub fn participant_roles(
    org: i64,
    workspace: i64,
    participants: &[(i64, String)],
    role: ParticipantRole,
) -> Mutation {
    let ops = participants
        .iter()
        .map(|(participant, label)| {
            let op = Mutation::SetParticipantRole {
                org,
                workspace,
                participant: *participant,
                label: label.clone(),
                role: role.clone(),
            };
            (label.clone(), op)
        })
        .collect();
    Mutation::Each {
        title: format!("Role {role} for {} participants", participants.len()),
        ops,
    }
}

/// The marked members' new org role: one change each.
pub fn member_roles(org: i64, members: &[(i64, String)], role: OrgRole) -> Mutation {
    let ops = members
        .iter()
        .map(|(member, email)| {
            let op = Mutation::SetMemberRole {
                org,
                member: *member,
                email: email.clone(),
                role,
            };
            (email.clone(), op)
        })
        .collect();
    Mutation::Each {
        title: format!("Org role {role} for {} members", members.len()),
        ops,
    }
}

fn runs(m: &Model, action: Action) -> Planned {
    let marked = m.runs.runs.list.marked_items();
    if marked.is_empty() {
        return None;
    }
    let ws = m.current_workspace()?;
    let scope = m.runs.scope?;
    let (permission, verb) = if action == Action::CancelRun {
        (Permission::CancelRuns, "Cancel")
    } else {
        (Permission::DeleteRuns, "Delete")
    };
    if let Some(why) = m.ws_refusal(ws, permission) {
        return Some(Err(why));
    }
    let n = marked.len();
    let ops = marked
        .iter()
        .map(|run| {
            let label = format!("{} ({})", run.run_name, run.status);
            let (id, name) = (run.id.clone(), run.run_name.clone());
            let op = if action == Action::CancelRun {
                Mutation::CancelRun { scope, id, name }
            } else {
                Mutation::DeleteRun { scope, id, name }
            };
            (label, op)
        })
        .collect();
    let outro = if action == Action::CancelRun {
        "Only SUBMITTED or RUNNING runs can be cancelled; the others are reported. This cannot be undone."
    } else {
        "Active runs are not deleted (they are reported). Their records, tasks and labels go. This cannot be undone."
    };
    Some(Ok(confirm(
        format!("{verb} {}", count(n, ("run", "runs"))),
        format!("{verb} {} of {}?", these(n, ("run", "runs")), ws.path()),
        ops,
        outro,
    )))
}

/// Deleting marked objects of the current workspace (`rows`: name and id). Where a delete can
/// take other things with it (`harm` gives what), the confirmation waits for the impact of
/// every row and lists it.
fn deletes<Id: Clone>(
    m: &Model,
    noun: (&str, &str),
    permission: Permission,
    rows: Vec<(String, Id)>,
    op: impl Fn(Scope, Id, String) -> Mutation,
    harm: impl Fn(Scope, Id) -> Option<Harm>,
) -> Option<Result<Ask, String>> {
    if rows.is_empty() {
        return None;
    }
    let ws = m.current_workspace()?;
    if let Some(why) = m.ws_refusal(ws, permission) {
        return Some(Err(why));
    }
    let scope = ws.scope();
    let n = rows.len();
    let harms: Option<Vec<(String, Harm)>> = rows
        .iter()
        .map(|(name, id)| Some((name.clone(), harm(scope, id.clone())?)))
        .collect();
    let ops = rows
        .into_iter()
        .map(|(name, id)| (name.clone(), op(scope, id, name)))
        .collect();
    let title = format!("Delete {}", count(n, noun));
    let intro = format!("Delete {} of {}?", these(n, noun), ws.path());
    let outro =
        "Each is deleted on its own; one in use or not yours is reported. This cannot be undone.";
    Some(Ok(ask(title, intro, ops, outro, harms)))
}

/// The confirmation at once, or after the impact of every row (`harms`).
fn ask(
    title: String,
    intro: String,
    ops: Vec<(String, Mutation)>,
    outro: &str,
    harms: Option<Vec<(String, Harm)>>,
) -> Ask {
    let Some(harms) = harms else {
        return Ask::Now(confirm(title, intro, ops, outro));
    };
    let labels: Vec<String> = ops.iter().map(|(l, _)| l.clone()).collect();
    let question = format!("{intro}\n{}\n{outro}", listing(&labels));
    // A large impact asks for the count and the noun typed ("3 compute environments").
    let typed = title.trim_start_matches("Delete ").to_string();
    let op = Mutation::Each {
        title: title.clone(),
        ops,
    };
    let guarded = Guarded::new(Harm::Each(harms), &title, question, &typed, op);
    Ask::Guard(Box::new(guarded))
}

fn teams(m: &Model) -> Option<Result<Ask, String>> {
    let marked = m.ws.teams.marked_items();
    if marked.is_empty() {
        return None;
    }
    let org_id = m.ws.teams_org?;
    let org = m.ws.orgs.iter().find(|o| o.id == org_id)?;
    if let Some(why) = m.org_refusal(org, "delete teams") {
        return Some(Err(why));
    }
    let n = marked.len();
    let harms = marked
        .iter()
        .map(|t| {
            let harm = Harm::DeleteTeam {
                org: org_id,
                team: t.id,
            };
            (t.name.clone(), harm)
        })
        .collect();
    let ops = marked
        .iter()
        .map(|t| {
            let op = Mutation::DeleteTeam {
                org: org_id,
                team: t.id,
                name: t.name.clone(),
            };
            (t.name.clone(), op)
        })
        .collect();
    Some(Ok(ask(
        format!("Delete {}", count(n, ("team", "teams"))),
        format!("Delete {} of {}?", these(n, ("team", "teams")), org.name),
        ops,
        "Their members stay in the organization but lose the roles the teams gave them.",
        Some(harms),
    )))
}

fn members(m: &Model, action: Action) -> Planned {
    let marked = m.ws.members.marked_items();
    if marked.is_empty() {
        return None;
    }
    let org_id = m.ws.members_org?;
    let org = m.ws.orgs.iter().find(|o| o.id == org_id)?;
    let what = if action == Action::MemberRole {
        "change member roles"
    } else {
        "remove members"
    };
    if let Some(why) = m.org_refusal(org, what) {
        return Some(Err(why));
    }
    let (marked, mine) = me_last(m, marked, |x| Some(x.user_id));
    let n = marked.len();
    if action == Action::MemberRole {
        let rows: Vec<(i64, String)> = marked
            .iter()
            .map(|x| (x.member_id, x.email.clone()))
            .collect();
        let labels: Vec<String> = rows.iter().map(|(_, e)| e.clone()).collect();
        // Whether the last owner may lose the role is the engine's rule, reported per row.
        let options = OrgRole::ALL
            .iter()
            .map(|r| ChoiceOption::new(r.to_string()));
        let intro = format!(
            "In {}, for {} (each changes on its own):\n{}{}",
            org.name,
            these(n, ("member or collaborator", "members and collaborators")),
            listing(&labels),
            you_too(mine, "your own org role changes")
        );
        let picker = Picker::new(
            format!("Org role of {}", count(n, ("member", "members"))),
            intro,
            options.collect(),
            None,
        );
        let changes = OrgRole::ALL.iter().map(|r| member_roles(org_id, &rows, *r));
        let purpose = PickPurpose::Change(changes.collect());
        return Some(Ok(Overlay::Picker(Box::new(picker), purpose)));
    }
    let ops = marked
        .iter()
        .map(|x| {
            let op = Mutation::RemoveMember {
                org: org_id,
                member: x.member_id,
                email: x.email.clone(),
            };
            (x.email.clone(), op)
        })
        .collect();
    Some(Ok(confirm(
        format!("Remove {}", count(n, ("member", "members"))),
        format!(
            "Remove {} from {}?",
            these(n, ("member or collaborator", "members and collaborators")),
            org.name
        ),
        ops,
        &format!(
            "They leave every workspace and team of the organization.{}",
            you_too(mine, "you leave the organization")
        ),
    )))
}

fn team_members(m: &Model) -> Planned {
    let marked = m.ws.team_members.marked_items();
    if marked.is_empty() {
        return None;
    }
    let (org_id, team) = m.ws.team_members_of?;
    let org = m.ws.orgs.iter().find(|o| o.id == org_id)?;
    if let Some(why) = m.org_refusal(org, "change team members") {
        return Some(Err(why));
    }
    let team_name =
        m.ws.teams
            .items()
            .iter()
            .find(|t| t.id == team)
            .map(|t| t.name.clone())
            .unwrap_or_default();
    let n = marked.len();
    let ops = marked
        .iter()
        .map(|x| {
            let op = Mutation::RemoveTeamMember {
                org: org_id,
                team,
                team_name: team_name.clone(),
                member: x.member_id,
                email: x.email.clone(),
            };
            (x.email.clone(), op)
        })
        .collect();
    Some(Ok(confirm(
        format!("Remove {}", count(n, ("team member", "team members"))),
        format!(
            "Remove {} from team {team_name}?",
            these(n, ("member", "members"))
        ),
        ops,
        "They stay in the organization.",
    )))
}
