//! `nfdeck export`: the current state in the declarative format (never any secret), so that
//! export then apply on an empty database gives back the same state.

use super::format::{File, OrgEntry, ParticipantEntry, TeamEntry, UserEntry, WorkspaceEntry};
use super::state::{self, OrgState};
use crate::client::Client;
use crate::domain::{Error, OrgRole, ParticipantType, Result};
use std::collections::{BTreeMap, BTreeSet};

/// Reads everything the acting user can see and renders it as TOML.
pub async fn export(client: &dyn Client) -> Result<String> {
    let state = state::read(client, None).await?;
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
    to_toml(&file)
}

/// Keys whose lists are written inline, one entry per line, as in the brief's examples.
const INLINE_LISTS: &[&str] = &["participants"];

pub fn to_toml(file: &File) -> Result<String> {
    let text = toml::to_string_pretty(file)
        .map_err(|e| Error::internal(format!("cannot write TOML: {e}")))?;
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| Error::internal(format!("cannot reformat TOML: {e}")))?;
    inline_lists(doc.as_table_mut());
    Ok(doc.to_string())
}

/// Turns `[[...participants]]` tables into `participants = [ { ... }, ... ]`.
fn inline_lists(table: &mut toml_edit::Table) {
    for (mut key, item) in table.iter_mut() {
        if INLINE_LISTS.contains(&key.get())
            && let Some(tables) = item.as_array_of_tables()
        {
            let mut array = toml_edit::Array::new();
            for t in tables.iter() {
                let mut inline = t.clone().into_inline_table();
                inline.fmt();
                array.push(inline);
            }
            for value in array.iter_mut() {
                value.decor_mut().set_prefix("\n  ");
            }
            array.set_trailing("\n");
            array.set_trailing_comma(true);
            *item = toml_edit::value(array);
            key.leaf_decor_mut().set_suffix(" ");
        } else if let Some(tables) = item.as_array_of_tables_mut() {
            for t in tables.iter_mut() {
                inline_lists(t);
            }
        } else if let Some(t) = item.as_table_mut() {
            inline_lists(t);
        }
    }
}

fn non_empty(s: &str) -> Option<String> {
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
        full_name: o.org.full_name.clone(),
        description: non_empty(&o.org.description),
        location: non_empty(&o.org.location),
        website: non_empty(&o.org.website),
        tier: Some(o.org.tier.to_string()),
        owners: emails(OrgRole::Owner),
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
        teams: o
            .teams
            .iter()
            .map(|t| TeamEntry {
                name: t.team.name.clone(),
                description: non_empty(&t.team.description),
                members: t.members.iter().map(|m| m.email.clone()).collect(),
            })
            .collect(),
        workspaces: o
            .workspaces
            .iter()
            .map(|w| WorkspaceEntry {
                name: w.workspace.name.clone(),
                full_name: w.workspace.full_name.clone(),
                description: non_empty(&w.workspace.description),
                visibility: Some(w.workspace.visibility.to_string()),
                participants: w.participants.iter().map(participant_entry).collect(),
            })
            .collect(),
    }
}

fn participant_entry(p: &crate::domain::Participant) -> ParticipantEntry {
    let mut entry = ParticipantEntry {
        role: Some(p.role.to_string()),
        ..Default::default()
    };
    match p.kind {
        ParticipantType::Team => entry.team = p.team_name.clone(),
        ParticipantType::Member => entry.member = p.email.clone(),
        ParticipantType::Collaborator => entry.collaborator = p.email.clone(),
    }
    entry
}
