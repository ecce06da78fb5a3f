//! The plain types the client trait speaks: users, organizations, members, teams, workspaces,
//! participants, paging and the audit log. No I/O and no wire format here; `api/` maps these to
//! and from the Seqera JSON.

use super::effective::EffectiveRole;
use super::ids::*;
use super::roles::{OrgRole, ParticipantType, Visibility, WspRole};
use super::tiers::{Tier, Usage};
use serde::{Deserialize, Serialize};

/// A page request for list calls (the API's `max`, `offset`, `search`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub max: u32,
    pub offset: u32,
    pub search: Option<String>,
}

impl Page {
    /// The largest page the API hands out in one request.
    pub const MAX: u32 = 1000;

    pub fn first(max: u32) -> Self {
        Self {
            max,
            offset: 0,
            search: None,
        }
    }

    pub fn all() -> Self {
        Self::first(u32::MAX)
    }

    pub fn with_search(mut self, search: impl Into<String>) -> Self {
        let s: String = search.into();
        self.search = if s.trim().is_empty() { None } else { Some(s) };
        self
    }

    pub fn next(&self) -> Self {
        Self {
            offset: self.offset.saturating_add(self.max),
            ..self.clone()
        }
    }
}

impl Default for Page {
    fn default() -> Self {
        Self::first(100)
    }
}

/// One page of results and the total number that match.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total: u64,
}

impl<T> Paged<T> {
    pub fn new(items: Vec<T>, total: u64) -> Self {
        Self { items, total }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub user_name: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

impl User {
    /// "Ana Lima" when names are known, else the user name.
    pub fn display_name(&self) -> String {
        match (&self.first_name, &self.last_name) {
            (Some(f), Some(l)) => format!("{f} {l}"),
            (Some(f), None) => f.clone(),
            _ => self.user_name.clone(),
        }
    }
}

/// A user to create (embedded operator only).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUser {
    pub email: String,
    /// Derived from the email when empty.
    pub user_name: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

/// Who is calling, as the session knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub user: User,
    /// True for the embedded operator acting without `--as`: root rights everywhere.
    pub operator: bool,
    /// "embedded: /path/nfdeck.db" or the remote endpoint.
    pub backend: String,
    /// The access token this session uses, when its text says which (remote mode): revoking
    /// it stops the session.
    #[serde(default)]
    pub token_id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Org {
    pub id: OrgId,
    pub name: String,
    pub full_name: String,
    pub description: String,
    pub location: String,
    pub website: String,
    pub tier: Tier,
    /// The acting user's role in the org, if a member or collaborator.
    pub my_role: Option<OrgRole>,
    pub my_member_id: Option<MemberId>,
}

/// The editable fields of an organization.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgFields {
    pub name: String,
    pub full_name: String,
    pub description: String,
    pub location: String,
    pub website: String,
    pub tier: Tier,
}

impl From<&Org> for OrgFields {
    fn from(o: &Org) -> Self {
        Self {
            name: o.name.clone(),
            full_name: o.full_name.clone(),
            description: o.description.clone(),
            location: o.location.clone(),
            website: o.website.clone(),
            tier: o.tier,
        }
    }
}

/// An org's usage against its tier's limits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgUsage {
    pub tier: Tier,
    pub members: Usage,
    pub collaborators: u64,
    pub workspaces: Usage,
    pub teams: Usage,
}

/// An org member or collaborator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub member_id: MemberId,
    pub user_id: UserId,
    pub user_name: String,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub role: OrgRole,
    /// The member's default role in every workspace of the org (Latch).
    pub default_role: Option<WspRole>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub id: TeamId,
    pub org_id: OrgId,
    pub name: String,
    pub description: String,
    pub members_count: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamFields {
    pub name: String,
    pub description: String,
}

impl From<&Team> for TeamFields {
    fn from(t: &Team) -> Self {
        Self {
            name: t.name.clone(),
            description: t.description.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    pub id: WorkspaceId,
    /// None for a personal workspace.
    pub org_id: Option<OrgId>,
    pub org_name: Option<String>,
    pub name: String,
    pub full_name: String,
    pub description: String,
    pub visibility: Visibility,
    pub participants_count: u64,
    /// The acting user's effective role here (empty when the user only sees it because it is
    /// SHARED).
    pub my_role: EffectiveRole,
}

impl Workspace {
    pub fn is_personal(&self) -> bool {
        self.org_id.is_none()
    }

    pub fn scope(&self) -> Scope {
        if self.is_personal() {
            Scope::Personal
        } else {
            Scope::Workspace(self.id)
        }
    }

    /// "biolab/rnaseq", or "~ana" for a personal workspace.
    pub fn path(&self) -> String {
        match &self.org_name {
            Some(org) => format!("{org}/{}", self.name),
            None => format!("~{}", self.name),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceFields {
    pub name: String,
    pub full_name: String,
    pub description: String,
    pub visibility: Visibility,
}

impl From<&Workspace> for WorkspaceFields {
    fn from(w: &Workspace) -> Self {
        Self {
            name: w.name.clone(),
            full_name: w.full_name.clone(),
            description: w.description.clone(),
            visibility: w.visibility,
        }
    }
}

/// An API access token as its owner sees it: never the token itself, which is shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    /// RFC 3339.
    pub date_created: String,
    pub last_used: Option<String>,
}

/// A workspace a team takes part in, with the team's participant row there
/// (`GET /orgs/{o}/teams/{t}/workspaces`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamWorkspace {
    pub participant_id: ParticipantId,
    /// The team's role there: built-in, or one of the org's custom roles.
    pub role: super::ParticipantRole,
    pub workspace_id: WorkspaceId,
    pub workspace_name: String,
    pub workspace_full_name: String,
    pub org_id: OrgId,
    pub org_name: String,
}

/// A workspace participant: a member, a team or a collaborator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub id: ParticipantId,
    pub workspace_id: WorkspaceId,
    pub kind: ParticipantType,
    /// The role given to this participant (`view` when it holds a custom role).
    pub role: WspRole,
    /// The org's custom role the participant holds instead of a built-in one, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_role: Option<String>,
    pub member_id: Option<MemberId>,
    pub user_id: Option<UserId>,
    pub user_name: Option<String>,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub org_role: Option<OrgRole>,
    pub team_id: Option<TeamId>,
    pub team_name: Option<String>,
    /// For a member or collaborator: the role they actually hold and where it comes from (it
    /// can be higher than `role`, through a team, an org default or org ownership). None for
    /// teams, and when the server does not say.
    pub effective: Option<EffectiveRole>,
}

impl Participant {
    /// The role the participant holds: its custom role, or its built-in one.
    pub fn held_role(&self) -> super::ParticipantRole {
        match &self.custom_role {
            Some(name) => super::ParticipantRole::Custom(name.clone()),
            None => super::ParticipantRole::BuiltIn(self.role),
        }
    }

    /// The name shown in lists: the team name, or the user's email.
    pub fn display_name(&self) -> String {
        self.team_name
            .clone()
            .or_else(|| self.email.clone())
            .or_else(|| self.user_name.clone())
            .unwrap_or_default()
    }
}

/// How to add a participant (the API's `AddParticipantRequest`: exactly one of these).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ParticipantRef {
    Member(MemberId),
    Team(TeamId),
    /// A user name or email; an email that is not an org member becomes a collaborator.
    UserNameOrEmail(String),
}

/// The result of one line of a bulk add.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkLine {
    pub line: String,
    pub result: Result<Participant, String>,
}

/// One change recorded in the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    /// RFC 3339 time of the change.
    pub at: String,
    pub actor: String,
    /// e.g. `workspace.create`, `participant.role`.
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub object_name: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}
