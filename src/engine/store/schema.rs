//! Numbered schema migrations, applied in order on open. `PRAGMA user_version` records how many
//! have run. Never edit a migration that has shipped: add the next one.

pub const MIGRATIONS: &[&str] = &[
    MIGRATION_1_ORGANIZATIONS,
    MIGRATION_2_LAUNCHPAD,
    MIGRATION_3_SCALE_INDEXES,
    MIGRATION_4_PARTICIPANT_ORDER,
    MIGRATION_5_PARTICIPANT_COUNTS,
    MIGRATION_6_EXACT_CREDITS,
    MIGRATION_7_TASKS,
    MIGRATION_8_FINISHED_RUNS,
    MIGRATION_9_RUN_DELETION,
    MIGRATION_10_PIPELINE_SECRETS,
    MIGRATION_11_CHANGE_COUNTER,
    MIGRATION_12_CUSTOM_ROLES,
    MIGRATION_13_CUSTOM_ROLE_HOLDERS,
    MIGRATION_14_ADMIN_CHANGES,
    MIGRATION_15_TASK_TOTALS,
    MIGRATION_16_WORKSPACE_PROGRESS,
];

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

/// Labels, credentials, compute environments, pipelines, runs, actions, Studios settings and
/// credits. Everything hangs off a workspace with ON DELETE CASCADE. Runs are sized for a
/// million rows: lists read the (workspace, [status,] submit) indexes backwards, and list
/// totals (`run_counts`) and credit spend (`credit_spend`) are kept by triggers instead of
/// being summed over the runs.
const MIGRATION_2_LAUNCHPAD: &str = r#"
ALTER TABLE orgs ADD COLUMN credits REAL NOT NULL DEFAULT 0;
-- Spend of deleted workspaces: their runs are gone but the credits stay spent.
ALTER TABLE orgs ADD COLUMN archived_spend REAL NOT NULL DEFAULT 0;

CREATE TABLE labels (
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name          TEXT NOT NULL COLLATE NOCASE,
    value         TEXT COLLATE NOCASE,
    resource      INTEGER NOT NULL CHECK (resource IN (0, 1)),
    is_default    INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    created_at    TEXT NOT NULL,
    CHECK ((resource = 1) = (value IS NOT NULL)),
    CHECK (is_default = 0 OR resource = 1)
);
CREATE INDEX labels_workspace ON labels(workspace_id, name, value);
CREATE UNIQUE INDEX labels_simple_name ON labels(workspace_id, name) WHERE resource = 0;
CREATE UNIQUE INDEX labels_resource_pair ON labels(workspace_id, name, value) WHERE resource = 1;

CREATE TABLE credentials (
    id            TEXT PRIMARY KEY,
    workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name          TEXT NOT NULL COLLATE NOCASE,
    description   TEXT NOT NULL DEFAULT '',
    provider      TEXT NOT NULL,
    -- Public key fields, a JSON object.
    keys          TEXT NOT NULL DEFAULT '{}',
    -- Names of the secret fields that are set, a JSON array (names are not secret).
    secret_names  TEXT NOT NULL DEFAULT '[]',
    -- nonce || XChaCha20-Poly1305 ciphertext of the secret fields (JSON), bound to the id.
    secrets       BLOB,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (workspace_id, name)
);

CREATE TABLE compute_envs (
    id              TEXT PRIMARY KEY,
    workspace_id    INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name            TEXT NOT NULL COLLATE NOCASE,
    description     TEXT NOT NULL DEFAULT '',
    platform        TEXT NOT NULL,
    -- No ON DELETE action: the engine refuses to delete credentials in use.
    credentials_id  TEXT REFERENCES credentials(id),
    work_dir        TEXT NOT NULL,
    region          TEXT,
    status          TEXT NOT NULL CHECK (status IN ('CREATING', 'AVAILABLE', 'DISABLED', 'DELETING', 'ERRORED', 'INVALID', 'DELETED')),
    is_primary      INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    last_used       TEXT,
    UNIQUE (workspace_id, name),
    CHECK (is_primary = 0 OR status = 'AVAILABLE')
);
CREATE UNIQUE INDEX compute_envs_one_primary ON compute_envs(workspace_id) WHERE is_primary = 1;
CREATE INDEX compute_envs_credentials ON compute_envs(credentials_id);

CREATE TABLE compute_env_labels (
    compute_env_id  TEXT NOT NULL REFERENCES compute_envs(id) ON DELETE CASCADE,
    label_id        INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    PRIMARY KEY (compute_env_id, label_id)
) WITHOUT ROWID;
CREATE INDEX compute_env_labels_label ON compute_env_labels(label_id);

CREATE TABLE pipelines (
    id               INTEGER PRIMARY KEY,
    workspace_id     INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name             TEXT NOT NULL COLLATE NOCASE,
    description      TEXT NOT NULL DEFAULT '',
    repository       TEXT NOT NULL,
    revision         TEXT,
    compute_env_id   TEXT REFERENCES compute_envs(id) ON DELETE SET NULL,
    work_dir         TEXT,
    profiles         TEXT NOT NULL DEFAULT '[]',
    params           TEXT NOT NULL DEFAULT '',
    pre_run_script   TEXT NOT NULL DEFAULT '',
    post_run_script  TEXT NOT NULL DEFAULT '',
    user_id          INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (workspace_id, name)
);
CREATE INDEX pipelines_compute_env ON pipelines(compute_env_id);

CREATE TABLE pipeline_labels (
    pipeline_id  INTEGER NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
    label_id     INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    PRIMARY KEY (pipeline_id, label_id)
) WITHOUT ROWID;
CREATE INDEX pipeline_labels_label ON pipeline_labels(label_id);

CREATE TABLE runs (
    id                TEXT PRIMARY KEY,
    workspace_id      INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    pipeline_id       INTEGER REFERENCES pipelines(id) ON DELETE SET NULL,
    launch_id         TEXT,
    session_id        TEXT,
    run_name          TEXT NOT NULL,
    project_name      TEXT NOT NULL,
    repository        TEXT,
    revision          TEXT,
    work_dir          TEXT,
    profiles          TEXT NOT NULL DEFAULT '[]',
    params            TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL CHECK (status IN ('SUBMITTED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'UNKNOWN')),
    submit            TEXT NOT NULL,
    start             TEXT,
    complete          TEXT,
    duration_ms       INTEGER,
    user_name         TEXT NOT NULL,
    -- The environment as it was at launch: history outlives the environment.
    compute_env_id    TEXT,
    compute_env_name  TEXT,
    platform          TEXT,
    exit_status       INTEGER,
    error_message     TEXT,
    pending           INTEGER NOT NULL DEFAULT 0,
    submitted         INTEGER NOT NULL DEFAULT 0,
    running           INTEGER NOT NULL DEFAULT 0,
    succeeded         INTEGER NOT NULL DEFAULT 0,
    failed            INTEGER NOT NULL DEFAULT 0,
    cached            INTEGER NOT NULL DEFAULT 0,
    cpu_hours         REAL NOT NULL DEFAULT 0,
    memory_gib_hours  REAL NOT NULL DEFAULT 0,
    cost              REAL NOT NULL DEFAULT 0
);
CREATE INDEX runs_workspace_submit ON runs(workspace_id, submit);
CREATE INDEX runs_workspace_status_submit ON runs(workspace_id, status, submit);
CREATE INDEX runs_pipeline ON runs(pipeline_id);

CREATE TABLE run_labels (
    run_id    TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    label_id  INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    PRIMARY KEY (run_id, label_id)
) WITHOUT ROWID;
CREATE INDEX run_labels_label ON run_labels(label_id);

-- Runs per workspace and status, so list totals never count a million rows.
CREATE TABLE run_counts (
    workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    status        TEXT NOT NULL,
    n             INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, status)
) WITHOUT ROWID;

CREATE TRIGGER runs_count_insert AFTER INSERT ON runs BEGIN
    INSERT INTO run_counts (workspace_id, status, n) VALUES (NEW.workspace_id, NEW.status, 1)
        ON CONFLICT (workspace_id, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER runs_count_status AFTER UPDATE OF status ON runs WHEN OLD.status <> NEW.status BEGIN
    UPDATE run_counts SET n = n - 1 WHERE workspace_id = OLD.workspace_id AND status = OLD.status;
    INSERT INTO run_counts (workspace_id, status, n) VALUES (NEW.workspace_id, NEW.status, 1)
        ON CONFLICT (workspace_id, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER runs_count_delete AFTER DELETE ON runs BEGIN
    UPDATE run_counts SET n = n - 1 WHERE workspace_id = OLD.workspace_id AND status = OLD.status;
END;

CREATE TABLE actions (
    id            TEXT PRIMARY KEY,
    workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name          TEXT NOT NULL COLLATE NOCASE,
    source        TEXT NOT NULL CHECK (source IN ('github', 'tower')),
    status        TEXT NOT NULL CHECK (status IN ('CREATING', 'ACTIVE', 'ERROR', 'PAUSED')),
    pipeline_id   INTEGER NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
    -- The launch configuration, a JSON LaunchRequest.
    launch        TEXT NOT NULL,
    last_seen     TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (workspace_id, name)
);
CREATE INDEX actions_pipeline ON actions(pipeline_id);

CREATE TABLE action_labels (
    action_id  TEXT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    label_id   INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    PRIMARY KEY (action_id, label_id)
) WITHOUT ROWID;
CREATE INDEX action_labels_label ON action_labels(label_id);

CREATE TABLE studios_settings (
    workspace_id        INTEGER PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
    lifespan_hours      INTEGER NOT NULL CHECK (lifespan_hours BETWEEN 0 AND 120),
    private_by_default  INTEGER NOT NULL CHECK (private_by_default IN (0, 1))
);

-- Seqera Compute spend per workspace (the cost of its runs on seqeracompute-platform),
-- kept by triggers so credit checks never sum a million runs.
CREATE TABLE credit_spend (
    workspace_id  INTEGER PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
    spend         REAL NOT NULL
);
CREATE TRIGGER runs_spend_insert AFTER INSERT ON runs
WHEN NEW.platform = 'seqeracompute-platform' AND NEW.cost <> 0 BEGIN
    INSERT INTO credit_spend (workspace_id, spend) VALUES (NEW.workspace_id, NEW.cost)
        ON CONFLICT (workspace_id) DO UPDATE SET spend = spend + excluded.spend;
END;
CREATE TRIGGER runs_spend_update AFTER UPDATE OF cost ON runs
WHEN NEW.platform = 'seqeracompute-platform' AND NEW.cost <> OLD.cost BEGIN
    INSERT INTO credit_spend (workspace_id, spend) VALUES (NEW.workspace_id, NEW.cost - OLD.cost)
        ON CONFLICT (workspace_id) DO UPDATE SET spend = spend + excluded.spend;
END;
CREATE TRIGGER runs_spend_delete AFTER DELETE ON runs
WHEN OLD.platform = 'seqeracompute-platform' AND OLD.cost <> 0 BEGIN
    UPDATE credit_spend SET spend = spend - OLD.cost WHERE workspace_id = OLD.workspace_id;
END;

CREATE TABLE credit_allocations (
    workspace_id  INTEGER PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
    amount        REAL NOT NULL CHECK (amount >= 0)
);

-- Org history: a deleted workspace's transfers stay, with its name.
CREATE TABLE credit_transfers (
    id                   INTEGER PRIMARY KEY,
    org_id               INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    from_workspace_id    INTEGER REFERENCES workspaces(id) ON DELETE SET NULL,
    from_workspace_name  TEXT NOT NULL,
    to_workspace_id      INTEGER REFERENCES workspaces(id) ON DELETE SET NULL,
    to_workspace_name    TEXT NOT NULL,
    amount               REAL NOT NULL CHECK (amount > 0),
    actor                TEXT NOT NULL,
    at                   TEXT NOT NULL
);
CREATE INDEX credit_transfers_org ON credit_transfers(org_id, id);
CREATE INDEX credit_transfers_from ON credit_transfers(from_workspace_id);
CREATE INDEX credit_transfers_to ON credit_transfers(to_workspace_id);

-- A deleted workspace's Seqera Compute spend stays spent: move it to the org before its runs go.
CREATE TRIGGER workspaces_archive_spend BEFORE DELETE ON workspaces WHEN OLD.org_id IS NOT NULL BEGIN
    UPDATE orgs SET archived_spend = archived_spend + (
        SELECT COALESCE(sum(spend), 0) FROM credit_spend WHERE workspace_id = OLD.id)
     WHERE id = OLD.org_id;
END;
"#;

/// Indexes that keep pages flat at organization scale (found with the benchmarks): a
/// workspace's participants (lists and counts scanned all participants without it), and an
/// org's SHARED workspaces (the Launchpad's shared listing).
const MIGRATION_3_SCALE_INDEXES: &str = r#"
CREATE INDEX participants_workspace ON participants(workspace_id);
CREATE INDEX workspaces_org_visibility ON workspaces(org_id, visibility);
"#;

/// A participant's sort name (the team's name or the user's email, lower case), kept by
/// triggers, so a page of a large workspace's participants in name order reads only its own
/// rows instead of joining and sorting all of them.
const MIGRATION_4_PARTICIPANT_ORDER: &str = r#"
ALTER TABLE participants ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';
UPDATE participants SET sort_name = lower(COALESCE(
    (SELECT t.name FROM teams t WHERE t.id = participants.team_id),
    (SELECT u.email FROM org_members m JOIN users u ON u.id = m.user_id WHERE m.id = participants.member_id),
    ''));
CREATE INDEX participants_workspace_sort ON participants(workspace_id, sort_name, id);

CREATE TRIGGER participants_sort_name AFTER INSERT ON participants BEGIN
    UPDATE participants SET sort_name = lower(COALESCE(
        (SELECT t.name FROM teams t WHERE t.id = NEW.team_id),
        (SELECT u.email FROM org_members m JOIN users u ON u.id = m.user_id WHERE m.id = NEW.member_id),
        ''))
     WHERE id = NEW.id;
END;
CREATE TRIGGER teams_rename_sort_name AFTER UPDATE OF name ON teams BEGIN
    UPDATE participants SET sort_name = lower(NEW.name) WHERE team_id = NEW.id;
END;
CREATE TRIGGER users_email_sort_name AFTER UPDATE OF email ON users BEGIN
    UPDATE participants SET sort_name = lower(NEW.email)
     WHERE member_id IN (SELECT id FROM org_members WHERE user_id = NEW.id);
END;
"#;

/// Participants per workspace, kept by triggers, so a workspace's participant count is one row
/// instead of a count over its participants (the role lookup of a large workspace spent most
/// of its time counting them). Cascades from deleted members and teams fire the delete trigger.
const MIGRATION_5_PARTICIPANT_COUNTS: &str = r#"
CREATE TABLE participant_counts (
    workspace_id  INTEGER PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
    n             INTEGER NOT NULL
);
INSERT INTO participant_counts (workspace_id, n)
    SELECT workspace_id, count(*) FROM participants GROUP BY workspace_id;

CREATE TRIGGER participants_count_insert AFTER INSERT ON participants BEGIN
    INSERT INTO participant_counts (workspace_id, n) VALUES (NEW.workspace_id, 1)
        ON CONFLICT (workspace_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER participants_count_delete AFTER DELETE ON participants BEGIN
    UPDATE participant_counts SET n = n - 1 WHERE workspace_id = OLD.workspace_id;
END;
"#;

/// A run's tasks as Nextflow reports them, one row per task id: a later report replaces the
/// earlier. The task is kept whole as JSON; the columns beside it are what lists filter, sort
/// and sum on (the run's usage is the sum over its tasks, so a task reported twice counts once).
/// `run_ext` holds what `PATCH /workflow/{id}` sets (the scheduler's run id).
const MIGRATION_7_TASKS: &str = r#"
CREATE TABLE tasks (
    run_id            TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    task_id           INTEGER NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('NEW', 'SUBMITTED', 'RUNNING', 'CACHED', 'COMPLETED', 'FAILED', 'ABORTED')),
    name              TEXT NOT NULL DEFAULT '',
    process           TEXT NOT NULL DEFAULT '',
    tag               TEXT NOT NULL DEFAULT '',
    cpu_hours         REAL NOT NULL DEFAULT 0,
    memory_gib_hours  REAL NOT NULL DEFAULT 0,
    data              TEXT NOT NULL,
    PRIMARY KEY (run_id, task_id)
) WITHOUT ROWID;

CREATE TABLE run_ext (
    run_id        TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
    sched_run_id  TEXT
) WITHOUT ROWID;
"#;

/// Runs cancelled (or completed) before a finished run's open task counts were cleared kept their
/// pending, submitted and running tasks, so such a database did not export to a file that
/// applies. A finished run has nothing left to do.
const MIGRATION_8_FINISHED_RUNS: &str = r#"
UPDATE runs SET pending = 0, submitted = 0, running = 0
 WHERE status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')
   AND pending + submitted + running > 0;
"#;

/// Runs can be deleted (`DELETE /workflow/{id}`). Credits a run spent on Seqera Compute stay
/// spent when the run goes, as a deleted workspace's spend does: deleting history must not
/// give credits back. Workspace deletion still archives the spend before its runs go.
const MIGRATION_9_RUN_DELETION: &str = r#"
DROP TRIGGER runs_spend_delete;
"#;

/// Workspace secrets (`/pipeline-secrets`). The value is sealed like credential secrets
/// (nonce || XChaCha20-Poly1305 ciphertext, bound to the workspace and the name, which never
/// changes) and never read back by any endpoint.
const MIGRATION_10_PIPELINE_SECRETS: &str = r#"
CREATE TABLE pipeline_secrets (
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    value         BLOB NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    last_used     TEXT,
    UNIQUE (workspace_id, name)
);
"#;

/// One row counting committed write transactions (`store::changes`): a screen compares it
/// with the value it last saw to know, with one cheap read, whether anything changed, whoever
/// (another nfdeck, `serve`, `apply`) wrote it.
const MIGRATION_11_CHANGE_COUNTER: &str = r#"
CREATE TABLE change_counter (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    n   INTEGER NOT NULL
);
INSERT INTO change_counter (id, n) VALUES (1, 0);
"#;

/// Custom roles (`/roles`): per org, a name unique in the org in any case, a description and
/// the permissions' wire names joined by ',' in the permission table's order (the engine
/// checks them; the table is code, not data).
const MIGRATION_12_CUSTOM_ROLES: &str = r#"
CREATE TABLE custom_roles (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    name         TEXT NOT NULL COLLATE NOCASE,
    description  TEXT NOT NULL,
    permissions  TEXT NOT NULL CHECK (permissions <> ''),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (org_id, name)
);
"#;

/// A participant may hold one of its org's custom roles instead of a built-in one; its `role`
/// stays `view` then, so rank-based rules see the least privilege. No cascade: the engine
/// refuses to delete a role that participants hold (the key backs that up).
const MIGRATION_13_CUSTOM_ROLE_HOLDERS: &str = r#"
ALTER TABLE participants ADD COLUMN custom_role_id INTEGER REFERENCES custom_roles(id);
CREATE INDEX participants_custom_role ON participants(custom_role_id) WHERE custom_role_id IS NOT NULL;
"#;

/// A second count beside `n`: write transactions that changed more than runs' progress
/// (`store::changes`). Pages about people (members, teams, participants) depend on none of
/// what Nextflow's progress reports write, so `serve` keeps their answers across those.
const MIGRATION_14_ADMIN_CHANGES: &str = r#"
ALTER TABLE change_counter ADD COLUMN admin INTEGER NOT NULL DEFAULT 0;
UPDATE change_counter SET admin = n;
"#;

/// What a run's stored tasks add up to, kept with the run (`store::task_reports`): a
/// progress report then costs what its own tasks cost, not a sum over every task the run has
/// stored (thousands, for a long pipeline, once a second).
const MIGRATION_15_TASK_TOTALS: &str = r#"
ALTER TABLE runs ADD COLUMN task_cpu_hours REAL NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN task_memory_gib_hours REAL NOT NULL DEFAULT 0;
UPDATE runs SET
    task_cpu_hours = (SELECT COALESCE(sum(cpu_hours), 0) FROM tasks t WHERE t.run_id = runs.id),
    task_memory_gib_hours =
        (SELECT COALESCE(sum(memory_gib_hours), 0) FROM tasks t WHERE t.run_id = runs.id)
 WHERE id IN (SELECT run_id FROM tasks);
"#;

/// A count per workspace of the write transactions that recorded progress of its runs
/// (`store::changes`): a page of one workspace's runs follows it and the `admin` count, so
/// `serve` keeps its answer while pipelines report into other workspaces. No row until the
/// first report, and no foreign key: a deleted workspace's row is harmless (deleting moves
/// `admin`), and the row must not cost the report a lookup.
const MIGRATION_16_WORKSPACE_PROGRESS: &str = r#"
CREATE TABLE workspace_progress (
    workspace_id  INTEGER PRIMARY KEY,
    n             INTEGER NOT NULL
);
"#;

/// Money in whole cents (INTEGER) instead of REAL credits, so sums are exact and no check
/// fails on float noise (`domain::credits`). Existing amounts are rounded to the nearest cent
/// here, once (SQLite's round() takes halves away from zero, as the domain does), and kept
/// between 0 and 10^12 credits. Spend is recounted from the runs, each run's cost rounded to
/// the cent as the new triggers round it (`Credits::from_cost`), so deleting a run later takes
/// off exactly what it added. The runs' own REAL `cost` stays as computed. A transfer that
/// rounds to 0 stays in the history, hence `cents >= 0` there; the engine refuses new
/// transfers under a cent.
const MIGRATION_6_EXACT_CREDITS: &str = r#"
DROP TRIGGER workspaces_archive_spend;
DROP TRIGGER runs_spend_insert;
DROP TRIGGER runs_spend_update;
DROP TRIGGER runs_spend_delete;

ALTER TABLE orgs ADD COLUMN credit_cents INTEGER NOT NULL DEFAULT 0 CHECK (credit_cents >= 0);
ALTER TABLE orgs ADD COLUMN archived_spend_cents INTEGER NOT NULL DEFAULT 0;
UPDATE orgs SET
    credit_cents = min(max(CAST(round(credits * 100) AS INTEGER), 0), 100000000000000),
    archived_spend_cents = min(max(CAST(round(archived_spend * 100) AS INTEGER), 0), 100000000000000);
ALTER TABLE orgs DROP COLUMN credits;
ALTER TABLE orgs DROP COLUMN archived_spend;

DROP TABLE credit_spend;
CREATE TABLE credit_spend (
    workspace_id  INTEGER PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
    cents         INTEGER NOT NULL
);
INSERT INTO credit_spend (workspace_id, cents)
    SELECT workspace_id, sum(min(max(CAST(round(cost * 100) AS INTEGER), 0), 100000000000000))
      FROM runs WHERE platform = 'seqeracompute-platform' AND cost <> 0
     GROUP BY workspace_id;

CREATE TRIGGER runs_spend_insert AFTER INSERT ON runs
WHEN NEW.platform = 'seqeracompute-platform' AND NEW.cost <> 0 BEGIN
    INSERT INTO credit_spend (workspace_id, cents)
        VALUES (NEW.workspace_id, min(max(CAST(round(NEW.cost * 100) AS INTEGER), 0), 100000000000000))
        ON CONFLICT (workspace_id) DO UPDATE SET cents = cents + excluded.cents;
END;
CREATE TRIGGER runs_spend_update AFTER UPDATE OF cost ON runs
WHEN NEW.platform = 'seqeracompute-platform' AND NEW.cost <> OLD.cost BEGIN
    INSERT INTO credit_spend (workspace_id, cents)
        VALUES (NEW.workspace_id,
                min(max(CAST(round(NEW.cost * 100) AS INTEGER), 0), 100000000000000)
              - min(max(CAST(round(OLD.cost * 100) AS INTEGER), 0), 100000000000000))
        ON CONFLICT (workspace_id) DO UPDATE SET cents = cents + excluded.cents;
END;
CREATE TRIGGER runs_spend_delete AFTER DELETE ON runs
WHEN OLD.platform = 'seqeracompute-platform' AND OLD.cost <> 0 BEGIN
    UPDATE credit_spend
       SET cents = cents - min(max(CAST(round(OLD.cost * 100) AS INTEGER), 0), 100000000000000)
     WHERE workspace_id = OLD.workspace_id;
END;

CREATE TABLE credit_allocations_cents (
    workspace_id  INTEGER PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
    cents         INTEGER NOT NULL CHECK (cents >= 0)
);
INSERT INTO credit_allocations_cents (workspace_id, cents)
    SELECT workspace_id, min(max(CAST(round(amount * 100) AS INTEGER), 0), 100000000000000)
      FROM credit_allocations;
DROP TABLE credit_allocations;
ALTER TABLE credit_allocations_cents RENAME TO credit_allocations;

CREATE TABLE credit_transfers_cents (
    id                   INTEGER PRIMARY KEY,
    org_id               INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    from_workspace_id    INTEGER REFERENCES workspaces(id) ON DELETE SET NULL,
    from_workspace_name  TEXT NOT NULL,
    to_workspace_id      INTEGER REFERENCES workspaces(id) ON DELETE SET NULL,
    to_workspace_name    TEXT NOT NULL,
    cents                INTEGER NOT NULL CHECK (cents >= 0),
    actor                TEXT NOT NULL,
    at                   TEXT NOT NULL
);
INSERT INTO credit_transfers_cents (id, org_id, from_workspace_id, from_workspace_name,
        to_workspace_id, to_workspace_name, cents, actor, at)
    SELECT id, org_id, from_workspace_id, from_workspace_name, to_workspace_id,
           to_workspace_name, min(max(CAST(round(amount * 100) AS INTEGER), 0), 100000000000000),
           actor, at
      FROM credit_transfers;
DROP TABLE credit_transfers;
ALTER TABLE credit_transfers_cents RENAME TO credit_transfers;
CREATE INDEX credit_transfers_org ON credit_transfers(org_id, id);
CREATE INDEX credit_transfers_from ON credit_transfers(from_workspace_id);
CREATE INDEX credit_transfers_to ON credit_transfers(to_workspace_id);

-- A deleted workspace's Seqera Compute spend stays spent: move it to the org before its runs go.
CREATE TRIGGER workspaces_archive_spend BEFORE DELETE ON workspaces WHEN OLD.org_id IS NOT NULL BEGIN
    UPDATE orgs SET archived_spend_cents = archived_spend_cents + (
        SELECT COALESCE(sum(cents), 0) FROM credit_spend WHERE workspace_id = OLD.id)
     WHERE id = OLD.org_id;
END;
"#;
