//! Builds a large database for benchmarks and speed checks, straight through SQL in one
//! transaction, on either store (a SQLite file or a PostgreSQL database: the serve benchmark
//! compares the two on the same generated shape). It bypasses the engine's rules on purpose: the target sizes (500 workspaces per
//! org, a thousand participants in one workspace) exceed the tier limits, and going through
//! the engine would make generation far slower than the two minutes it may take.
//!
//! Names are deterministic so benchmarks can find what they measure: users
//! `user00000@bench.example`, orgs `org-00`, workspaces `ws-00-000`. Workspace `org-00/ws-00-000`
//! is the "hot" one, with the most participants and runs; the last workspaces of each org are
//! SHARED.

use super::db::{Db, Dialect, SqlValue, TxKind, params};
use super::{numbered_params, sql};
use crate::domain::credits::run_cost;
use crate::domain::{Error, Result};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::{Duration, Instant};

/// How big a database to build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scale {
    pub orgs: u32,
    pub workspaces_per_org: u32,
    /// SHARED workspaces per org (the last ones of each org).
    pub shared_per_org: u32,
    pub members_per_org: u32,
    pub teams_per_org: u32,
    pub team_size: u32,
    pub participants_per_workspace: u32,
    /// Participants of the hot workspace `org-00/ws-00-000`.
    pub hot_participants: u32,
    pub pipelines_per_workspace: u32,
    pub pipelines_per_shared: u32,
    pub runs: u64,
    /// Runs of the hot workspace (included in `runs`).
    pub hot_runs: u64,
}

impl Scale {
    /// The brief's large organization: 10,000 workspaces in 20 orgs, about 100,000
    /// participants, 50,000 pipelines (3,000 in SHARED workspaces), 1,000,000 runs.
    pub fn large() -> Self {
        Self {
            orgs: 20,
            workspaces_per_org: 500,
            shared_per_org: 5,
            members_per_org: 1000,
            teams_per_org: 20,
            team_size: 10,
            participants_per_workspace: 10,
            hot_participants: 1000,
            pipelines_per_workspace: 5,
            pipelines_per_shared: 30,
            runs: 1_000_000,
            hot_runs: 200_000,
        }
    }

    /// The same shape, a hundredth of the size: the "small file" benchmarks compare against.
    pub fn small() -> Self {
        Self {
            orgs: 2,
            workspaces_per_org: 50,
            // As many as the large file: the Launchpad's `all` page is then the same page.
            shared_per_org: 5,
            members_per_org: 100,
            teams_per_org: 5,
            team_size: 10,
            participants_per_workspace: 10,
            hot_participants: 100,
            pipelines_per_workspace: 5,
            pipelines_per_shared: 30,
            runs: 10_000,
            hot_runs: 2_000,
        }
    }
}

/// What was built, and how long it took.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub users: u64,
    pub orgs: u64,
    pub workspaces: u64,
    pub participants: u64,
    pub pipelines: u64,
    pub runs: u64,
    pub elapsed: Duration,
}

pub const HOT_WORKSPACE: &str = "ws-00-000";
pub const HOT_ORG: &str = "org-00";

pub fn user_email(index: u64) -> String {
    format!("user{index:05}@bench.example")
}

pub fn workspace_name(org: u32, index: u32) -> String {
    format!("ws-{org:02}-{index:03}")
}

/// Fills an empty database (schema applied) with generated data. The same scale gives the
/// same rows on both stores (one seed, ids in insertion order), times relative to now.
pub fn generate(db: &Db, scale: &Scale) -> Result<Summary> {
    let started = Instant::now();
    let empty: i64 = db
        .query_row("SELECT count(*) FROM orgs", [], |r| r.get(0))
        .map_err(sql)?;
    if empty != 0 {
        return Err(Error::invalid(
            "benchmark data goes into an empty database; give a new file",
        ));
    }
    let tx = db.transaction(TxKind::Write).map_err(sql)?;
    let mut g = Generator {
        db,
        scale,
        rng: StdRng::seed_from_u64(20261122),
        summary: Summary::default(),
        now: super::now(),
        users: Vec::new(),
    };
    g.users()?;
    for org in 0..scale.orgs {
        g.org(org)?;
    }
    g.runs()?;
    let mut summary = g.summary;
    tx.commit().map_err(sql)?;
    settle(db)?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// After the load. SQLite: the journal folded into the file, and no ANALYZE: a file that
/// nfdeck itself filled has no statistics, and the benchmarks measure such a file.
/// PostgreSQL: VACUUM and ANALYZE, because its autovacuum does both within a minute of a bulk
/// insert on its own, so a served database has statistics and a visibility map. Without
/// them a benchmark would measure the first minute only: on the large file, autovacuum's pass
/// over the million runs ran during the measured load and took a core from it (the runs
/// page cost 4.7 ms a read instead of 0.5 ms).
fn settle(db: &Db) -> Result<()> {
    let statement = match db.dialect() {
        Dialect::Sqlite => "PRAGMA wal_checkpoint(TRUNCATE);",
        Dialect::Postgres => "VACUUM (ANALYZE);",
    };
    db.execute_batch(statement).map_err(sql)
}

struct Generator<'a> {
    db: &'a Db,
    scale: &'a Scale,
    rng: StdRng,
    summary: Summary,
    now: String,
    /// Every user's id, in order (`member_user`).
    users: Vec<i64>,
}

/// Runs inserted per statement (`Generator::insert_runs`), and the values each one binds.
const RUN_BATCH: usize = 100;
const RUN_COLUMNS: usize = 24;

const ROLES: [&str; 6] = ["owner", "admin", "maintain", "launch", "connect", "view"];
const PIPELINES: [(&str, &str); 8] = [
    ("rnaseq", "https://github.com/nf-core/rnaseq"),
    ("sarek", "https://github.com/nf-core/sarek"),
    ("scrnaseq", "https://github.com/nf-core/scrnaseq"),
    ("viralrecon", "https://github.com/nf-core/viralrecon"),
    ("ampliseq", "https://github.com/nf-core/ampliseq"),
    ("chipseq", "https://github.com/nf-core/chipseq"),
    ("methylseq", "https://github.com/nf-core/methylseq"),
    ("atacseq", "https://github.com/nf-core/atacseq"),
];

impl Generator<'_> {
    fn users(&mut self) -> Result<()> {
        let total = u64::from(self.scale.orgs) * u64::from(self.scale.members_per_org);
        let mut user = self
            .db
            .prepare("INSERT INTO users (email, user_name, created_at) VALUES (?1, ?2, ?3)")
            .map_err(sql)?;
        let mut personal = self
            .db
            .prepare(
                "INSERT INTO workspaces (owner_user_id, name, full_name, visibility, created_at, updated_at)
                 VALUES (?1, ?2, ?3, 'PRIVATE', ?4, ?4)",
            )
            .map_err(sql)?;
        for i in 0..total {
            let name = format!("user{i:05}");
            user.execute(params![user_email(i), name, self.now])
                .map_err(sql)?;
            // The store gives the id (PostgreSQL's identity would not count ids given to it).
            let id = self.db.last_insert_rowid().map_err(sql)?;
            self.users.push(id);
            personal
                // The name twice: PostgreSQL types `name` (citext) and `full_name` (text) apart.
                .execute(params![id, name, name, self.now])
                .map_err(sql)?;
        }
        self.summary.users = total;
        Ok(())
    }

    /// The user id of an org's n-th member (org k owns users k*M ..< (k+1)*M, in order).
    fn member_user(&self, org: u32, n: u32) -> i64 {
        self.users[org as usize * self.scale.members_per_org as usize + n as usize]
    }

    fn org(&mut self, org: u32) -> Result<()> {
        let s = self.scale;
        self.db
            .execute(
                "INSERT INTO orgs (name, full_name, description, tier, credit_cents, created_at, updated_at)
                 VALUES (?1, ?2, 'Generated for benchmarks', 'pro', 1000000, ?3, ?3)",
                params![format!("org-{org:02}"), format!("Benchmark org {org}"), self.now],
            )
            .map_err(sql)?;
        let org_id = self.db.last_insert_rowid().map_err(sql)?;
        self.summary.orgs += 1;
        let members = self.members(org, org_id)?;
        let teams = self.teams(org_id, &members)?;
        for index in 0..s.workspaces_per_org {
            let shared = index >= s.workspaces_per_org - s.shared_per_org;
            self.workspace(org, org_id, index, shared, &members, &teams)?;
        }
        Ok(())
    }

    /// Inserts the org's members (the first one is its owner); returns their member ids.
    fn members(&mut self, org: u32, org_id: i64) -> Result<Vec<i64>> {
        let mut stmt = self
            .db
            .prepare("INSERT INTO org_members (org_id, user_id, role, created_at) VALUES (?1, ?2, ?3, ?4)")
            .map_err(sql)?;
        let mut ids = Vec::with_capacity(self.scale.members_per_org as usize);
        for n in 0..self.scale.members_per_org {
            let role = if n == 0 { "owner" } else { "member" };
            stmt.execute(params![org_id, self.member_user(org, n), role, self.now])
                .map_err(sql)?;
            ids.push(self.db.last_insert_rowid().map_err(sql)?);
        }
        Ok(ids)
    }

    fn teams(&mut self, org_id: i64, members: &[i64]) -> Result<Vec<i64>> {
        let mut team = self
            .db
            .prepare("INSERT INTO teams (org_id, name, description, created_at) VALUES (?1, ?2, 'Generated', ?3)")
            .map_err(sql)?;
        let mut member = self
            .db
            .prepare("INSERT INTO team_members (team_id, member_id) VALUES (?1, ?2)")
            .map_err(sql)?;
        let mut ids = Vec::new();
        for t in 0..self.scale.teams_per_org {
            team.execute(params![org_id, format!("team-{t:02}"), self.now])
                .map_err(sql)?;
            let team_id = self.db.last_insert_rowid().map_err(sql)?;
            for k in 0..self.scale.team_size {
                let index = ((t * self.scale.team_size + k) as usize + 1) % members.len();
                member
                    .execute(params![team_id, members[index]])
                    .map_err(sql)?;
            }
            ids.push(team_id);
        }
        Ok(ids)
    }

    fn workspace(
        &mut self,
        org: u32,
        org_id: i64,
        index: u32,
        shared: bool,
        members: &[i64],
        teams: &[i64],
    ) -> Result<()> {
        let visibility = if shared { "SHARED" } else { "PRIVATE" };
        let name = workspace_name(org, index);
        self.db
            .execute(
                "INSERT INTO workspaces (org_id, name, full_name, description, visibility, created_at, updated_at)
                 VALUES (?1, ?2, ?3, 'Generated for benchmarks', ?4, ?5, ?5)",
                params![org_id, name, format!("Workspace {org}-{index}"), visibility, self.now],
            )
            .map_err(sql)?;
        let ws = self.db.last_insert_rowid().map_err(sql)?;
        self.summary.workspaces += 1;
        let hot = org == 0 && index == 0;
        let participants = if hot {
            self.scale.hot_participants
        } else {
            self.scale.participants_per_workspace
        };
        self.participants(ws, participants, members, teams)?;
        let env = self.compute_env(ws, shared)?;
        let count = if shared {
            self.scale.pipelines_per_shared
        } else {
            self.scale.pipelines_per_workspace
        };
        self.pipelines(ws, count, shared.then_some(env.as_str()))
    }

    /// `count` participants: one team, the rest distinct members, with varied roles.
    fn participants(&mut self, ws: i64, count: u32, members: &[i64], teams: &[i64]) -> Result<()> {
        let mut member_stmt = self
            .db
            .prepare_cached("INSERT INTO participants (workspace_id, member_id, role, created_at) VALUES (?1, ?2, ?3, ?4)")
            .map_err(sql)?;
        let start = self.rng.random_range(1..members.len());
        let wanted = (count.saturating_sub(1) as usize).min(members.len() - 1);
        for k in 0..wanted {
            let member = members[1 + (start + k) % (members.len() - 1)];
            let role = ROLES[self.rng.random_range(1..ROLES.len())];
            member_stmt
                .execute(params![ws, member, role, self.now])
                .map_err(sql)?;
        }
        if let Some(team) = teams.get(self.rng.random_range(0..teams.len().max(1))) {
            self.db
                .execute(
                    "INSERT INTO participants (workspace_id, team_id, role, created_at) VALUES (?1, ?2, 'launch', ?3)",
                    params![ws, team, self.now],
                )
                .map_err(sql)?;
        }
        self.summary.participants += wanted as u64 + u64::from(!teams.is_empty());
        Ok(())
    }

    /// One primary compute environment per workspace; SHARED workspaces run on AWS Batch.
    fn compute_env(&mut self, ws: i64, shared: bool) -> Result<String> {
        let id = format!("ce{ws:020}");
        let credentials = if shared {
            let cred = format!("cr{ws:020}");
            self.db
                .execute(
                    "INSERT INTO credentials (id, workspace_id, name, provider, keys, created_at, updated_at)
                     VALUES (?1, ?2, 'aws-bench', 'aws', '{\"accessKey\":\"AKIABENCH\"}', ?3, ?3)",
                    params![cred, ws, self.now],
                )
                .map_err(sql)?;
            Some(cred)
        } else {
            None
        };
        let (name, platform, work_dir) = if shared {
            ("batch-shared", "aws-batch", "s3://bench/work")
        } else {
            ("local", "local-platform", "/scratch/work")
        };
        self.db
            .execute(
                "INSERT INTO compute_envs (id, workspace_id, name, platform, credentials_id, work_dir, status, is_primary, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'AVAILABLE', 1, ?7, ?7)",
                params![id, ws, name, platform, credentials, work_dir, self.now],
            )
            .map_err(sql)?;
        Ok(id)
    }

    fn pipelines(&mut self, ws: i64, count: u32, env: Option<&str>) -> Result<()> {
        let mut stmt = self
            .db
            .prepare_cached(
                "INSERT INTO pipelines (workspace_id, name, description, repository, revision, compute_env_id, profiles, params, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, '3.14.0', ?5, '[\"docker\"]', '{\"outdir\": \"results\"}', ?6, ?6)",
            )
            .map_err(sql)?;
        for k in 0..count {
            let (base, repo) = PIPELINES[k as usize % PIPELINES.len()];
            let name = format!("{base}-{k:03}");
            // Every other shared pipeline brings its compute environment along.
            let ce = env.filter(|_| k % 2 == 0);
            stmt.execute(params![
                ws,
                name,
                format!("{base} variant {k}"),
                repo,
                ce,
                self.now
            ])
            .map_err(sql)?;
        }
        self.summary.pipelines += u64::from(count);
        Ok(())
    }

    /// The runs: `hot_runs` in the hot workspace, the rest spread over the others, submitted
    /// over the last year in order.
    fn runs(&mut self) -> Result<()> {
        let s = self.scale;
        let workspaces: Vec<(i64, String, String, String)> = {
            let mut stmt = self
                .db
                .prepare(
                    "SELECT w.id, c.id, c.name, c.platform FROM workspaces w
                     JOIN compute_envs c ON c.workspace_id = w.id AND c.is_primary = 1
                     WHERE w.org_id IS NOT NULL ORDER BY w.id",
                )
                .map_err(sql)?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .map_err(sql)?
                .collect::<super::db::DbResult<Vec<_>>>()
                .map_err(sql)?
        };
        let Some((hot, others)) = workspaces.split_first() else {
            return Ok(());
        };
        let year_start = chrono::Utc::now() - chrono::Duration::days(365);
        let mut batch: Vec<SqlValue> = Vec::with_capacity(RUN_BATCH * RUN_COLUMNS);
        for n in 0..s.runs {
            let ws = if n < s.hot_runs || others.is_empty() {
                hot
            } else {
                &others[(n - s.hot_runs) as usize % others.len()]
            };
            let run = self.run_values(n, s.runs, year_start);
            let row: [SqlValue; RUN_COLUMNS] = [
                format!("r{n:013}").into(),
                ws.0.into(),
                run.name.into(),
                run.project.into(),
                run.repository.into(),
                run.status.into(),
                run.submit.into(),
                run.start.into(),
                run.complete.into(),
                run.duration_ms.into(),
                format!("user{:05}", n % 1000).into(),
                ws.1.clone().into(),
                ws.2.clone().into(),
                ws.3.clone().into(),
                run.exit_status.into(),
                run.counters[0].into(),
                run.counters[1].into(),
                run.counters[2].into(),
                run.counters[3].into(),
                run.counters[4].into(),
                run.counters[5].into(),
                run.cpu_hours.into(),
                run.gib_hours.into(),
                run_cost(run.cpu_hours, run.gib_hours).into(),
            ];
            batch.extend(row);
            if batch.len() == RUN_BATCH * RUN_COLUMNS {
                self.insert_runs(&mut batch)?;
            }
        }
        self.insert_runs(&mut batch)?;
        self.summary.runs = s.runs;
        Ok(())
    }

    /// Inserts the runs in `batch` (`RUN_COLUMNS` values each, in order) in one statement
    /// and empties it: one round trip for `RUN_BATCH` runs on PostgreSQL, where one per run
    /// made filling the large file take a quarter of an hour.
    fn insert_runs(&self, batch: &mut Vec<SqlValue>) -> Result<()> {
        let rows = batch.len() / RUN_COLUMNS;
        if rows == 0 {
            return Ok(());
        }
        let values: Vec<String> = (0..rows)
            .map(|r| {
                let bound = numbered_params(r * RUN_COLUMNS + 1, RUN_COLUMNS);
                format!("({bound}, '3.14.0', '/scratch/work')")
            })
            .collect();
        let statement = format!(
            "INSERT INTO runs (id, workspace_id, run_name, project_name, repository,
                status, submit, start, complete, duration_ms, user_name, compute_env_id, compute_env_name,
                platform, exit_status, pending, submitted, running, succeeded, failed, cached,
                cpu_hours, memory_gib_hours, cost, revision, work_dir)
             VALUES {}",
            values.join(", ")
        );
        self.db
            .execute(&statement, super::db::params_from_iter(batch.drain(..)))
            .map_err(sql)?;
        Ok(())
    }

    fn run_values(
        &mut self,
        n: u64,
        total: u64,
        year_start: chrono::DateTime<chrono::Utc>,
    ) -> RunValues {
        let (project, repository) = PIPELINES[n as usize % PIPELINES.len()];
        let offset_s = (n as f64 / total.max(1) as f64 * 365.0 * 86_400.0) as i64;
        let submit = year_start + chrono::Duration::seconds(offset_s);
        let roll = self.rng.random_range(0..100);
        let status = match roll {
            0..70 => "SUCCEEDED",
            70..80 => "FAILED",
            80..85 => "CANCELLED",
            85..90 => "UNKNOWN",
            90..95 => "RUNNING",
            _ => "SUBMITTED",
        };
        let tasks: i64 = self.rng.random_range(10..400);
        let duration_s: i64 = self.rng.random_range(300..36_000);
        let fmt =
            |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let finished = matches!(status, "SUCCEEDED" | "FAILED" | "CANCELLED" | "UNKNOWN");
        let started = status != "SUBMITTED";
        let counters = match status {
            "SUCCEEDED" => [0, 0, 0, tasks * 9 / 10, 0, tasks / 10],
            "FAILED" => [0, 0, 0, tasks / 2, 1, 0],
            "RUNNING" => [tasks / 3, 4, 8, tasks / 3, 0, 0],
            "SUBMITTED" => [tasks, 0, 0, 0, 0, 0],
            _ => [0, 0, 0, tasks / 4, 0, 0],
        };
        let cpu_hours = if started {
            duration_s as f64 / 3600.0 * self.rng.random_range(2.0..16.0)
        } else {
            0.0
        };
        RunValues {
            name: format!("bench_run_{n}"),
            project: format!("nf-core/{project}"),
            repository: repository.to_string(),
            status,
            submit: fmt(submit),
            start: started.then(|| fmt(submit + chrono::Duration::seconds(60))),
            complete: finished.then(|| fmt(submit + chrono::Duration::seconds(60 + duration_s))),
            duration_ms: finished.then_some(duration_s * 1000),
            exit_status: match status {
                "SUCCEEDED" => Some(0),
                "FAILED" => Some(1),
                _ => None,
            },
            counters,
            cpu_hours,
            gib_hours: cpu_hours * 4.0,
        }
    }
}

struct RunValues {
    name: String,
    project: String,
    repository: String,
    status: &'static str,
    submit: String,
    start: Option<String>,
    complete: Option<String>,
    duration_ms: Option<i64>,
    exit_status: Option<i64>,
    counters: [i64; 6],
    cpu_hours: f64,
    gib_hours: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Scale {
        Scale {
            orgs: 2,
            workspaces_per_org: 4,
            shared_per_org: 1,
            members_per_org: 12,
            teams_per_org: 2,
            team_size: 3,
            participants_per_workspace: 4,
            hot_participants: 10,
            pipelines_per_workspace: 2,
            pipelines_per_shared: 3,
            runs: 100,
            hot_runs: 40,
        }
    }

    #[test]
    fn builds_the_requested_shape() {
        let db = super::super::db::Db::sqlite(super::super::open_in_memory().unwrap());
        let summary = generate(&db, &tiny()).unwrap();
        let conn = db.as_sqlite().unwrap();
        assert_eq!(summary.users, 24);
        assert_eq!(summary.workspaces, 8);
        assert_eq!(summary.pipelines, 2 * (3 * 2 + 3));
        assert_eq!(summary.runs, 100);
        let count = |q: &str| -> i64 { conn.query_row(q, [], |r| r.get(0)).unwrap() };
        assert_eq!(
            count("SELECT count(*) FROM participants"),
            summary.participants as i64
        );
        assert_eq!(
            count("SELECT sum(n) FROM run_counts"),
            100,
            "triggers keep the counts"
        );
        assert_eq!(
            count("SELECT sum(n) FROM participant_counts"),
            summary.participants as i64,
            "triggers keep the participant counts"
        );
        assert_eq!(
            count("SELECT count(*) FROM workspaces WHERE visibility = 'SHARED'"),
            2
        );
        let hot: i64 = conn
            .query_row(
                "SELECT count(*) FROM runs r JOIN workspaces w ON w.id = r.workspace_id WHERE w.name = ?1",
                [HOT_WORKSPACE],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(hot, 40);
        let fk: i64 = count("SELECT count(*) FROM pragma_foreign_key_check");
        assert_eq!(fk, 0);
        // Money is whole cents: 10,000 credits per org, and spend is the sum of the runs'
        // costs, each rounded to the cent.
        assert_eq!(count("SELECT min(credit_cents) FROM orgs"), 1_000_000);
        assert_eq!(
            count("SELECT COALESCE(sum(cents), 0) FROM credit_spend"),
            count(
                "SELECT COALESCE(sum(CAST(round(cost * 100) AS INTEGER)), 0) FROM runs
                 WHERE platform = 'seqeracompute-platform'"
            )
        );
        let org = count("SELECT min(id) FROM orgs");
        let ledger = super::super::billing::ledger(&db, org).unwrap();
        assert_eq!(ledger.balance.cents(), 1_000_000);
        assert!(
            generate(&db, &tiny()).is_err(),
            "only into an empty database"
        );
    }
}
