//! Runs (workflows). Lists walk the `(workspace_id, [status,] submit)` indexes backwards, so a
//! page costs the same with a million runs; totals come from `run_counts` (kept by triggers),
//! and with a text search they are counted only up to a cap.

use super::db::{Db, OptionalExtension, Row, ToSql, params};
use super::task_reports::TaskTotals;
use super::{like_pattern, limit, parse_col, parse_opt_col, sql};
use crate::domain::runs::RUN_SEARCH_TOTAL_CAP;
use crate::domain::{
    Page, Paged, PipelineId, Platform, Result, Run, RunUsage, TaskCounters, WorkflowStatus,
    WorkspaceId,
};

const COLUMNS: &str = "id, workspace_id, run_name, project_name, repository, revision, work_dir,
    profiles, params, session_id, status, submit, start, complete, duration_ms, user_name,
    compute_env_id, compute_env_name, platform, pipeline_id, launch_id, exit_status,
    error_message, pending, submitted, running, succeeded, failed, cached, cpu_hours,
    memory_gib_hours, cost";

/// How many columns `COLUMNS` lists (`from_row` reads them from 0).
pub(super) const COLUMN_COUNT: usize = 32;

/// `COLUMNS`, each taken from the table called `alias` (for a statement that joins another
/// table with columns of the same names).
pub(super) fn columns_of(alias: &str) -> String {
    COLUMNS
        .split(',')
        .map(|column| format!("{alias}.{}", column.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn from_row(row: &Row) -> crate::engine::store::db::DbResult<Run> {
    let profiles: String = row.get(7)?;
    Ok(Run {
        id: row.get(0)?,
        workspace_id: row.get(1)?,
        run_name: row.get(2)?,
        project_name: row.get(3)?,
        repository: row.get(4)?,
        revision: row.get(5)?,
        work_dir: row.get(6)?,
        profiles: serde_json::from_str(&profiles).unwrap_or_default(),
        params: row.get(8)?,
        session_id: row.get(9)?,
        status: parse_col::<WorkflowStatus>(row, 10)?,
        submit: row.get(11)?,
        start: row.get(12)?,
        complete: row.get(13)?,
        duration_ms: row.get(14)?,
        user_name: row.get(15)?,
        compute_env_id: row.get(16)?,
        compute_env_name: row.get(17)?,
        platform: parse_opt_col::<Platform>(row, 18)?,
        pipeline_id: row.get(19)?,
        launch_id: row.get(20)?,
        exit_status: row.get(21)?,
        error_message: row.get(22)?,
        progress: TaskCounters {
            pending: row.get(23)?,
            submitted: row.get(24)?,
            running: row.get(25)?,
            succeeded: row.get(26)?,
            failed: row.get(27)?,
            cached: row.get(28)?,
        },
        usage: RunUsage {
            cpu_hours: row.get(29)?,
            memory_gib_hours: row.get(30)?,
            cost: row.get(31)?,
        },
        labels: Vec::new(),
    })
}

/// The compute environment a run used, as it was at launch.
pub struct RunEnv<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub platform: Platform,
}

/// A new run; it starts SUBMITTED at `submit`.
pub struct NewRun<'a> {
    pub id: &'a str,
    pub workspace_id: WorkspaceId,
    pub pipeline_id: Option<PipelineId>,
    pub launch_id: Option<&'a str>,
    pub session_id: Option<&'a str>,
    pub run_name: &'a str,
    pub project_name: &'a str,
    pub repository: Option<&'a str>,
    pub revision: Option<&'a str>,
    pub work_dir: Option<&'a str>,
    pub profiles: &'a [String],
    pub params: &'a str,
    pub user_name: &'a str,
    pub env: Option<RunEnv<'a>>,
    pub submit: &'a str,
}

fn json(profiles: &[String]) -> String {
    serde_json::to_string(profiles).unwrap_or_else(|_| "[]".into())
}

pub fn insert(conn: &Db, r: &NewRun) -> Result<()> {
    conn.execute(
        "INSERT INTO runs (id, workspace_id, pipeline_id, launch_id, session_id, run_name, project_name,
             repository, revision, work_dir, profiles, params, status, submit, user_name,
             compute_env_id, compute_env_name, platform)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'SUBMITTED', ?13, ?14, ?15, ?16, ?17)",
        params![
            r.id,
            r.workspace_id,
            r.pipeline_id,
            r.launch_id,
            r.session_id,
            r.run_name,
            r.project_name,
            r.repository,
            r.revision,
            r.work_dir,
            json(r.profiles),
            r.params,
            r.submit,
            r.user_name,
            r.env.as_ref().map(|e| e.id),
            r.env.as_ref().map(|e| e.name),
            r.env.as_ref().map(|e| e.platform.as_str()),
        ],
    )
    .map_err(sql)?;
    Ok(())
}

/// A run imported as history, with everything it recorded.
pub struct ImportedRun<'a> {
    pub run: NewRun<'a>,
    pub status: WorkflowStatus,
    pub start: Option<&'a str>,
    pub complete: Option<&'a str>,
    pub duration_ms: Option<i64>,
    pub exit_status: Option<i32>,
    pub error_message: Option<&'a str>,
    pub counters: TaskCounters,
    pub usage: RunUsage,
    /// The environment's name and platform when it no longer exists (no id to link).
    pub env_name: Option<&'a str>,
    pub platform: Option<Platform>,
}

/// Inserts an imported run in one statement (the triggers count it and add its spend).
pub fn insert_imported(conn: &Db, i: &ImportedRun) -> Result<()> {
    let r = &i.run;
    let c = &i.counters;
    let mut stmt = conn
        .prepare_cached(
            "INSERT INTO runs (id, workspace_id, pipeline_id, launch_id, session_id, run_name,
                 project_name, repository, revision, work_dir, profiles, params, status, submit,
                 user_name, compute_env_id, compute_env_name, platform, start, complete,
                 duration_ms, exit_status, error_message, pending, submitted, running, succeeded,
                 failed, cached, cpu_hours, memory_gib_hours, cost)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32)",
        )
        .map_err(sql)?;
    stmt.execute(params![
        r.id,
        r.workspace_id,
        r.pipeline_id,
        r.launch_id,
        r.session_id,
        r.run_name,
        r.project_name,
        r.repository,
        r.revision,
        r.work_dir,
        json(r.profiles),
        r.params,
        i.status.as_str(),
        r.submit,
        r.user_name,
        r.env.as_ref().map(|e| e.id),
        r.env.as_ref().map(|e| e.name).or(i.env_name),
        r.env
            .as_ref()
            .map(|e| e.platform)
            .or(i.platform)
            .map(Platform::as_str),
        i.start,
        i.complete,
        i.duration_ms,
        i.exit_status,
        i.error_message,
        c.pending,
        c.submitted,
        c.running,
        c.succeeded,
        c.failed,
        c.cached,
        i.usage.cpu_hours,
        i.usage.memory_gib_hours,
        i.usage.cost,
    ])
    .map_err(sql)?;
    Ok(())
}

/// Whether the workspace has a run of this name submitted at this (stored-format) time.
pub fn exists(conn: &Db, ws: WorkspaceId, run_name: &str, submit: &str) -> Result<bool> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM runs WHERE workspace_id = ?1 AND submit = ?2 AND run_name = ?3)",
        )
        .map_err(sql)?;
    stmt.query_row(params![ws, submit, run_name], |r| r.get(0))
        .map_err(sql)
}

pub fn by_id(conn: &Db, ws: WorkspaceId, id: &str) -> Result<Option<Run>> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM runs WHERE workspace_id = ?1 AND id = ?2"),
        params![ws, id],
        from_row,
    )
    .optional()
    .map_err(sql)
}

/// Deletes a run; its labels, tasks and extension fields go with it (ON DELETE CASCADE). Its
/// Seqera Compute spend stays spent (migration 9 removed the trigger that took it back).
pub fn delete(conn: &Db, id: &str) -> Result<()> {
    conn.execute("DELETE FROM runs WHERE id = ?1", [id])
        .map_err(sql)?;
    Ok(())
}

/// RUNNING from now on; fields Nextflow reports at start replace the launch's when given.
pub fn begin(
    conn: &Db,
    id: &str,
    start: &str,
    work_dir: Option<&str>,
    revision: Option<&str>,
    profiles: Option<&[String]>,
) -> Result<()> {
    conn.execute(
        "UPDATE runs SET status = 'RUNNING', start = ?2, work_dir = COALESCE(?3, work_dir),
             revision = COALESCE(?4, revision), profiles = COALESCE(?5, profiles)
         WHERE id = ?1",
        params![id, start, work_dir, revision, profiles.map(json)],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn set_status(conn: &Db, id: &str, status: WorkflowStatus) -> Result<()> {
    conn.execute(
        "UPDATE runs SET status = ?2 WHERE id = ?1",
        params![id, status.as_str()],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn set_progress(conn: &Db, id: &str, c: &TaskCounters, usage: &RunUsage) -> Result<()> {
    write_progress(conn, id, &ProgressValues::of_report(c, usage))
}

/// What a progress report stores on its run: the counters, the usage, and the totals of the
/// run's stored tasks after a report with tasks (kept as they are after one without).
pub struct ProgressValues {
    counters: TaskCounters,
    usage: RunUsage,
    task_cpu_hours: Option<f64>,
    task_memory_gib_hours: Option<f64>,
}

impl ProgressValues {
    /// A report without tasks: the usage is the one it gives.
    pub(super) fn of_report(counters: &TaskCounters, usage: &RunUsage) -> Self {
        Self {
            counters: *counters,
            usage: *usage,
            task_cpu_hours: None,
            task_memory_gib_hours: None,
        }
    }

    /// A report with tasks: the usage is that of all the run's stored tasks.
    pub(super) fn of_tasks(counters: &TaskCounters, totals: &TaskTotals) -> Self {
        Self {
            counters: *counters,
            usage: totals.usage(),
            task_cpu_hours: Some(totals.cpu_hours),
            task_memory_gib_hours: Some(totals.memory_gib_hours),
        }
    }

    /// The values in `progress_update`'s order.
    pub(super) fn params(&self) -> [&dyn ToSql; 11] {
        let c = &self.counters;
        [
            &c.pending,
            &c.submitted,
            &c.running,
            &c.succeeded,
            &c.failed,
            &c.cached,
            &self.usage.cpu_hours,
            &self.usage.memory_gib_hours,
            &self.usage.cost,
            &self.task_cpu_hours,
            &self.task_memory_gib_hours,
        ]
    }
}

impl ProgressValues {
    /// These values for run `id`, as one record of the JSON array that PostgreSQL's
    /// set-based update reads (`task_reports::pg_batch`), under its columns' names.
    pub(super) fn record<'a>(&self, id: &'a str) -> ProgressRecord<'a> {
        let c = &self.counters;
        ProgressRecord {
            id,
            pending: c.pending,
            submitted: c.submitted,
            running: c.running,
            succeeded: c.succeeded,
            failed: c.failed,
            cached: c.cached,
            cpu_hours: self.usage.cpu_hours,
            memory_gib_hours: self.usage.memory_gib_hours,
            cost: self.usage.cost,
            task_cpu_hours: self.task_cpu_hours,
            task_memory_gib_hours: self.task_memory_gib_hours,
        }
    }
}

/// See `ProgressValues::record`.
#[derive(serde::Serialize)]
pub(super) struct ProgressRecord<'a> {
    id: &'a str,
    pending: u32,
    submitted: u32,
    running: u32,
    succeeded: u32,
    failed: u32,
    cached: u32,
    cpu_hours: f64,
    memory_gib_hours: f64,
    cost: f64,
    task_cpu_hours: Option<f64>,
    task_memory_gib_hours: Option<f64>,
}

/// The UPDATE that stores `ProgressValues` on run `?1`, its values numbered from `?{first}`
/// (so that it can follow another statement's parameters).
pub(super) fn progress_update(first: usize) -> String {
    let p = |offset: usize| format!("?{}", first + offset);
    format!(
        "UPDATE runs SET pending = {}, submitted = {}, running = {}, succeeded = {},
             failed = {}, cached = {}, cpu_hours = {}, memory_gib_hours = {}, cost = {},
             task_cpu_hours = COALESCE({}, task_cpu_hours),
             task_memory_gib_hours = COALESCE({}, task_memory_gib_hours)
         WHERE id = ?1",
        p(0),
        p(1),
        p(2),
        p(3),
        p(4),
        p(5),
        p(6),
        p(7),
        p(8),
        p(9),
        p(10)
    )
}

pub(super) fn write_progress(conn: &Db, id: &str, progress: &ProgressValues) -> Result<()> {
    let mut params: Vec<&dyn ToSql> = vec![&id];
    params.extend(progress.params());
    conn.execute(&progress_update(2), params.as_slice())
        .map_err(sql)?;
    Ok(())
}

/// How a run ended.
pub struct Finish<'a> {
    pub status: WorkflowStatus,
    pub complete: &'a str,
    pub duration_ms: Option<i64>,
    pub exit_status: Option<i32>,
    pub error_message: Option<&'a str>,
}

pub fn finish(conn: &Db, id: &str, f: &Finish) -> Result<()> {
    conn.execute(
        // A finished run has nothing left to do: its pending, submitted and running tasks
        // ended with it (the rule `run_history::check_counters` holds every run to).
        "UPDATE runs SET status = ?2, complete = ?3, duration_ms = ?4, exit_status = ?5,
             error_message = ?6, pending = 0, submitted = 0, running = 0
         WHERE id = ?1",
        params![
            id,
            f.status.as_str(),
            f.complete,
            f.duration_ms,
            f.exit_status,
            f.error_message
        ],
    )
    .map_err(sql)?;
    Ok(())
}

/// The WHERE clause of a run list: `?1` workspace, then `?2` status and the search pattern
/// when given. Filters are added only when given, so the planner always sees plain
/// equalities on the index columns.
fn list_filter(has_status: bool, has_search: bool) -> String {
    let mut filter = String::from("workspace_id = ?1");
    let mut n = 1;
    if has_status {
        n += 1;
        filter.push_str(&format!(" AND status = ?{n}"));
    }
    if has_search {
        n += 1;
        filter.push_str(&format!(
            " AND (run_name LIKE ?{n} ESCAPE '\\' OR project_name LIKE ?{n} ESCAPE '\\' OR user_name LIKE ?{n} ESCAPE '\\')"
        ));
    }
    filter
}

/// A page of runs, newest first: walks `runs_workspace_[status_]submit` backwards. `extra`
/// adds columns after `COLUMNS` (`", expr"`).
fn page_query(filter: &str, extra: &str, first_limit_param: usize) -> String {
    format!(
        "SELECT {COLUMNS}{extra} FROM runs WHERE {filter}
         ORDER BY submit DESC, rowid DESC LIMIT ?{first_limit_param} OFFSET ?{}",
        first_limit_param + 1
    )
}

/// The exact number of a workspace's runs (`?1`), of one status (`?2`) when asked, from
/// `run_counts`.
fn count_query(has_status: bool) -> String {
    let status = if has_status { " AND status = ?2" } else { "" };
    format!("SELECT COALESCE(sum(n), 0) FROM run_counts WHERE workspace_id = ?1{status}")
}

/// `count_query` as one more column of a page without a search: the database reads it once
/// per statement (it depends on no row), and the page comes with its total in one round trip
/// on PostgreSQL.
fn total_column(has_status: bool) -> String {
    format!(", ({})", count_query(has_status))
}

/// Newest first, optionally one status, optionally a text search.
pub fn list(
    conn: &Db,
    ws: WorkspaceId,
    status: Option<WorkflowStatus>,
    page: &Page,
) -> Result<Paged<Run>> {
    let pattern = page.search.as_deref().map(like_pattern);
    let filter = list_filter(status.is_some(), pattern.is_some());
    let mut args: Vec<Box<dyn ToSql>> = vec![Box::new(ws)];
    if let Some(status) = status {
        args.push(Box::new(status.as_str()));
    }
    if let Some(p) = &pattern {
        args.push(Box::new(p.clone()));
    }
    let searched = match pattern {
        None => None,
        Some(_) => Some(capped_count(conn, &filter, &args)?),
    };
    let extra = match searched {
        None => total_column(status.is_some()),
        Some(_) => String::new(),
    };
    let first_limit_param = args.len() + 1;
    args.push(Box::new(limit(page.max)));
    args.push(Box::new(page.offset));
    let mut stmt = conn
        .prepare_cached(&page_query(&filter, &extra, first_limit_param))
        .map_err(sql)?;
    let rows = stmt
        .query_map(
            crate::engine::store::db::params_from_iter(args.iter()),
            |row| {
                let total = match searched {
                    None => Some(row.get::<i64>(COLUMN_COUNT)?.max(0) as u64),
                    Some(_) => None,
                };
                Ok((from_row(row)?, total))
            },
        )
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)?;
    let total = match (searched, rows.first()) {
        (Some(total), _) => total,
        (None, Some((_, Some(total)))) => *total,
        // An empty page has no row to read the total from.
        (None, _) => counted(conn, ws, status)?,
    };
    Ok(Paged::new(
        rows.into_iter().map(|(run, _)| run).collect(),
        total,
    ))
}

/// The exact number of runs from `run_counts`.
fn counted(conn: &Db, ws: WorkspaceId, status: Option<WorkflowStatus>) -> Result<u64> {
    let query = count_query(status.is_some());
    let count = |r: &Row| r.get::<i64>(0);
    match status {
        Some(status) => super::query_row(conn, &query, params![ws, status.as_str()], count),
        None => super::query_row(conn, &query, [ws], count),
    }
    .map(|n| n.max(0) as u64)
    .map_err(sql)
}

/// Matches of a text search, counted up to `RUN_SEARCH_TOTAL_CAP`, newest first like the page
/// (recent matches, the common case, are found without reading old history).
fn capped_count(conn: &Db, filter: &str, args: &[Box<dyn ToSql>]) -> Result<u64> {
    super::query_row(
        conn,
        &format!(
            "SELECT count(*) FROM (SELECT 1 FROM runs WHERE {filter}
             ORDER BY submit DESC, rowid DESC LIMIT {RUN_SEARCH_TOTAL_CAP}) AS matches"
        ),
        crate::engine::store::db::params_from_iter(args.iter()),
        |r| r.get::<i64>(0),
    )
    .map(|n| n as u64)
    .map_err(sql)
}

/// Run times: RFC 3339 UTC with milliseconds, one fixed width, so text order is time order.
pub fn timestamp() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The query plan of a run page, as SQLite describes it.
    fn plan(has_status: bool, has_search: bool) -> String {
        let conn = Db::sqlite(crate::engine::store::open_in_memory().unwrap());
        let filter = list_filter(has_status, has_search);
        let params = 1 + usize::from(has_status) + usize::from(has_search);
        let sql = format!("EXPLAIN QUERY PLAN {}", page_query(&filter, "", params + 1));
        let mut stmt = conn.prepare(&sql).unwrap();
        let values: Vec<crate::engine::store::db::SqlValue> = (0..params + 2)
            .map(|_| crate::engine::store::db::SqlValue::Integer(1))
            .collect();
        let rows = stmt
            .query_map(crate::engine::store::db::params_from_iter(values), |r| {
                r.get::<String>(3)
            })
            .unwrap();
        rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn run_pages_read_an_index_in_order_without_sorting() {
        let by_status = plan(true, false);
        assert!(
            by_status.contains("runs_workspace_status_submit"),
            "{by_status}"
        );
        assert!(!by_status.contains("TEMP B-TREE"), "{by_status}");
        let all = plan(false, false);
        assert!(all.contains("runs_workspace_submit"), "{all}");
        assert!(!all.contains("TEMP B-TREE"), "{all}");
        let searched = plan(true, true);
        assert!(!searched.contains("TEMP B-TREE"), "{searched}");
    }

    /// Work done for one page, as SQLite counts it: VM steps, full-scan steps and sorts.
    fn page_cost(conn: &Db, ws: WorkspaceId, status: Option<&str>) -> (i32, i32, i32) {
        let filter = list_filter(status.is_some(), false);
        let sql = page_query(&filter, "", if status.is_some() { 3 } else { 2 });
        let mut stmt = conn.prepare(&sql).unwrap();
        let mut args: Vec<crate::engine::store::db::SqlValue> = vec![ws.into()];
        if let Some(s) = status {
            args.push(s.to_string().into());
        }
        args.extend([50i64.into(), 0i64.into()]);
        let rows = stmt
            .query_map(crate::engine::store::db::params_from_iter(args), |_| Ok(()))
            .unwrap()
            .count();
        assert_eq!(rows, 50);
        use rusqlite::StatementStatus as S;
        (
            stmt.as_sqlite().unwrap().get_status(S::VmStep),
            stmt.as_sqlite().unwrap().get_status(S::FullscanStep),
            stmt.as_sqlite().unwrap().get_status(S::Sort),
        )
    }

    fn add_runs(conn: &Db, ws: WorkspaceId, from: usize, n: usize) {
        let mut stmt = conn
            .prepare(
                "INSERT INTO runs (id, workspace_id, run_name, project_name, status, submit, user_name)
                 VALUES (?1, ?2, 'r', 'p', ?3, ?4, 'u')",
            )
            .unwrap();
        for i in from..from + n {
            let status = if i % 2 == 0 { "SUCCEEDED" } else { "FAILED" };
            let submit = format!("2024-01-01T00:00:{:06}Z", i);
            stmt.execute(crate::engine::store::db::params![
                format!("r{i}"),
                ws,
                status,
                submit
            ])
            .unwrap();
        }
    }

    #[test]
    fn a_page_costs_the_same_however_many_runs_there_are() {
        let conn = Db::sqlite(crate::engine::store::open_in_memory().unwrap());
        conn.execute_batch(
            "INSERT INTO users (id, email, user_name, created_at) VALUES (1, 'a@x.org', 'a', '');
             INSERT INTO workspaces (id, owner_user_id, name, full_name, created_at, updated_at)
             VALUES (1, 1, 'a', 'A', '', '');",
        )
        .unwrap();
        add_runs(&conn, 1, 0, 200);
        let small = (
            page_cost(&conn, 1, None),
            page_cost(&conn, 1, Some("FAILED")),
        );
        add_runs(&conn, 1, 200, 20_000);
        let large = (
            page_cost(&conn, 1, None),
            page_cost(&conn, 1, Some("FAILED")),
        );
        assert_eq!(small, large, "work per page must not grow with history");
        assert_eq!(
            (large.0.1, large.0.2, large.1.1, large.1.2),
            (0, 0, 0, 0),
            "no scans, no sorts"
        );
        assert_eq!(
            counted(&conn, 1, Some(WorkflowStatus::Failed)).unwrap(),
            10_100
        );
    }
}
