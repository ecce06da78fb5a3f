//! Numbered schema migrations, applied in order on open. `PRAGMA user_version` records how many
//! have run. Never edit a migration that has shipped: add the next one.

pub const MIGRATIONS: &[&str] = &[MIGRATION_1_ORGANIZATIONS];

/// Users, organizations, members, teams, workspaces, participants, API tokens, audit log.
const MIGRATION_1_ORGANIZATIONS: &str = r#"
CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    email       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    user_name   TEXT NOT NULL UNIQUE COLLATE NOCASE,
    first_name  TEXT,
    last_name   TEXT,
    created_at  TEXT NOT NULL
);

CREATE TABLE orgs (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    full_name   TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    location    TEXT NOT NULL DEFAULT '',
    website     TEXT NOT NULL DEFAULT '',
    tier        TEXT NOT NULL CHECK (tier IN ('basic', 'pro')),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE org_members (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role          TEXT NOT NULL CHECK (role IN ('owner', 'member', 'collaborator')),
    default_role  TEXT CHECK (default_role IN ('owner', 'admin', 'maintain', 'launch', 'connect', 'view')),
    created_at    TEXT NOT NULL,
    UNIQUE (org_id, user_id)
);
CREATE INDEX org_members_user ON org_members(user_id);

CREATE TABLE teams (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    name        TEXT NOT NULL COLLATE NOCASE,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE team_members (
    team_id     INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES org_members(id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, member_id)
) WITHOUT ROWID;
CREATE INDEX team_members_member ON team_members(member_id);

CREATE TABLE workspaces (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER REFERENCES orgs(id) ON DELETE CASCADE,
    owner_user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
    name          TEXT NOT NULL COLLATE NOCASE,
    full_name     TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    visibility    TEXT NOT NULL DEFAULT 'PRIVATE' CHECK (visibility IN ('PRIVATE', 'SHARED')),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK ((org_id IS NULL) <> (owner_user_id IS NULL))
);
CREATE UNIQUE INDEX workspaces_org_name ON workspaces(org_id, name) WHERE org_id IS NOT NULL;
CREATE UNIQUE INDEX workspaces_personal ON workspaces(owner_user_id) WHERE owner_user_id IS NOT NULL;

CREATE TABLE participants (
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    member_id     INTEGER REFERENCES org_members(id) ON DELETE CASCADE,
    team_id       INTEGER REFERENCES teams(id) ON DELETE CASCADE,
    role          TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'maintain', 'launch', 'connect', 'view')),
    created_at    TEXT NOT NULL,
    CHECK ((member_id IS NULL) <> (team_id IS NULL))
);
CREATE UNIQUE INDEX participants_workspace_member ON participants(workspace_id, member_id) WHERE member_id IS NOT NULL;
CREATE UNIQUE INDEX participants_workspace_team ON participants(workspace_id, team_id) WHERE team_id IS NOT NULL;
CREATE INDEX participants_member ON participants(member_id);
CREATE INDEX participants_team ON participants(team_id);

CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    last_used   TEXT
);

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    object_type  TEXT NOT NULL,
    object_id    TEXT NOT NULL,
    object_name  TEXT NOT NULL,
    before       TEXT,
    after        TEXT
);
"#;
