//! `nfdeck export`: the current state in the declarative format (never any secret), so that
//! export then apply on an empty database gives back the same state. Workspace contents are
//! written by `workspace`, runs by `runs`, and `layout` lays the text out as the brief does.

mod layout;
mod runs;
mod workspace;

pub use layout::to_toml;

use super::format::{
    File, OrgEntry, ParticipantEntry, RoleEntry, TeamEntry, UserEntry, WorkspaceEntry,
};
use super::state::{self, OrgState, WorkspaceState};
use crate::client::Client;
use crate::domain::changes::{Progress, no_progress};
use crate::domain::{Credits, OrgRole, ParticipantType, Result};
use std::collections::{BTreeMap, BTreeSet};

/// An export and what it had to leave out of the file, each with the reason.
#[derive(Clone, Debug, Default)]
pub struct Export {
    pub text: String,
    pub skipped: Vec<String>,
}

/// Reads everything the acting user can see and renders it as TOML.
pub async fn export(client: &dyn Client) -> Result<String> {
    Ok(export_with_notes(client, no_progress()).await?.text)
}

/// As `export`, leaving out what the file cannot hold faithfully (a remote server's objects
/// nfdeck cannot recreate) and saying what and why, instead of failing the whole export;
/// telling `runs_read` how many runs have been read (the long part of a big export):
/// `(read, total found so far)`.
pub async fn export_with_notes(client: &dyn Client, runs_read: Progress) -> Result<Export> {
    let mut state =
        state::read_counting(client, None, state::RunCounter::reporting(runs_read)).await?;
    // An org without its people would apply as one whose owners and members were removed.
    if let Some(reason) = state.orgs.iter().find_map(|o| o.people_hidden.clone()) {
        return Err(crate::domain::Error::forbidden(reason));
    }
    let skipped = skip_unwritable(&mut state);
    let file = File {
        users: state
            .users
            .iter()
            .flatten()
            .map(|u| UserEntry {
                email: u.email.clone(),
                user_name: Some(u.user_name.clone()),
                first_name: u.first_name.clone(),
                last_name: u.last_name.clone(),
            })
            .collect(),
        orgs: state.orgs.iter().map(org_entry).collect(),
    };
    Ok(Export {
        text: to_toml(&file)?,
        skipped,
    })
}

/// The platform's action list names the pipeline by its repository, not its name: the file
/// needs the name of this workspace's pipeline with that repository.
fn name_pipeline_of(a: &mut crate::domain::Action, pipelines: &[crate::domain::Pipeline]) {
    if a.launch.source_workspace_id.is_some() || pipelines.iter().any(|p| p.name == a.pipeline_name)
    {
        return;
    }
    if let Some(p) = pipelines.iter().find(|p| p.repository == a.pipeline_name) {
        a.pipeline_name = p.name.clone();
    }
}

/// Compute environments on a platform this build does not know (read from a remote server)
/// cannot be applied again: they are left out, and pipelines and actions that use them keep
/// their other settings without that environment.
fn skip_unwritable(state: &mut state::State) -> Vec<String> {
    let mut notes = Vec::new();
    for o in &mut state.orgs {
        for w in &mut o.workspaces {
            let path = format!("{}/{}", o.org.name, w.workspace.name);
            let Some(c) = w.content.as_mut() else {
                continue;
            };
            let (odd, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut c.compute_envs)
                .into_iter()
                .partition(|e| e.platform_raw.is_some());
            c.compute_envs = kept;
            for e in &odd {
                notes.push(format!(
                    "{path}: compute environment '{}' skipped: its platform '{}' is not one nfdeck can create",
                    e.name,
                    e.platform_raw.as_deref().unwrap_or_default()
                ));
            }
            let gone = |id: &Option<String>| {
                id.as_ref()
                    .is_some_and(|id| odd.iter().any(|e| &e.id == id))
            };
            for p in &mut c.pipelines {
                if gone(&p.compute_env_id) {
                    notes.push(format!(
                        "{path}: pipeline '{}' written without its compute environment (skipped above)",
                        p.name
                    ));
                    p.compute_env_id = None;
                    p.compute_env_name = None;
                }
            }
            for a in &mut c.actions {
                name_pipeline_of(a, &c.pipelines);
                if gone(&a.launch.compute_env_id) {
                    notes.push(format!(
                        "{path}: action '{}' written without its compute environment (skipped above)",
                        a.name
                    ));
                    a.launch.compute_env_id = None;
                }
            }
        }
    }
    notes
}

pub(super) fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn org_entry(o: &OrgState) -> OrgEntry {
    let emails = |role: OrgRole| -> Vec<String> {
        o.members
            .iter()
            .filter(|m| m.role == role)
            .map(|m| m.email.clone())
            .collect()
    };
    // Collaborators who take part in a workspace appear there; the rest are listed on the org.
    let participating: BTreeSet<&str> = o
        .workspaces
        .iter()
        .flat_map(|w| &w.participants)
        .filter(|p| p.kind == ParticipantType::Collaborator)
        .filter_map(|p| p.email.as_deref())
        .collect();
    OrgEntry {
        name: o.org.name.clone(),
        full_name: Some(o.org.full_name.clone()),
        description: non_empty(&o.org.description),
        location: non_empty(&o.org.location),
        website: non_empty(&o.org.website),
        tier: Some(o.org.tier.to_string()),
        owners: Some(emails(OrgRole::Owner)),
        members: emails(OrgRole::Member),
        collaborators: o
            .collaborators
            .iter()
            .filter(|c| !participating.contains(c.email.as_str()))
            .map(|c| c.email.clone())
            .collect(),
        default_roles: o
            .members
            .iter()
            .filter_map(|m| Some((m.email.clone(), m.default_role?.to_string())))
            .collect::<BTreeMap<_, _>>(),
        credits: o
            .billing
            .as_ref()
            .map(|b| b.balance)
            .filter(|b| *b != Credits::ZERO)
            .map(Credits::as_f64),
        roles: o
            .roles
            .iter()
            .map(|r| {
                let fields = crate::domain::CustomRoleFields::from(r);
                RoleEntry {
                    name: fields.name,
                    description: fields.description,
                    permissions: fields.permissions,
                }
            })
            .collect(),
        teams: o
            .teams
            .iter()
            .map(|t| TeamEntry {
                name: t.team.name.clone(),
                description: non_empty(&t.team.description),
                members: t.members.iter().map(|m| m.email.clone()).collect(),
            })
            .collect(),
        workspaces: o.workspaces.iter().map(|w| workspace_entry(o, w)).collect(),
    }
}

fn workspace_entry(o: &OrgState, w: &WorkspaceState) -> WorkspaceEntry {
    let mut entry = WorkspaceEntry {
        name: w.workspace.name.clone(),
        full_name: Some(w.workspace.full_name.clone()),
        description: non_empty(&w.workspace.description),
        visibility: Some(w.workspace.visibility.to_string()),
        participants: w.participants.iter().map(participant_entry).collect(),
        ..Default::default()
    };
    workspace::contents(o, w, &mut entry);
    entry
}

fn participant_entry(p: &crate::domain::Participant) -> ParticipantEntry {
    let mut entry = ParticipantEntry {
        role: Some(p.held_role().to_string()),
        ..Default::default()
    };
    match p.kind {
        ParticipantType::Team => entry.team = p.team_name.clone(),
        ParticipantType::Member => entry.member = p.email.clone(),
        ParticipantType::Collaborator => entry.collaborator = p.email.clone(),
    }
    entry
}
