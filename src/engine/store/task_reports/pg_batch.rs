//! PostgreSQL: the progress reports of a group commit read in one statement and written in
//! one, however many there are. Each report's values travel as one record of a JSON array
//! parameter (`jsonb_to_recordset`), so the statement's text, and its prepared plan, is the
//! same for one report or a hundred.
//!
//! Numbers keep their exact value on the way: serde_json writes an f64 as the shortest decimal
//! that reads back as the same f64, `jsonb` keeps that decimal as it is, and PostgreSQL's
//! conversion to `float8` rounds correctly.

use super::super::changes::{WORKSPACE_PROGRESS, WORKSPACE_PROGRESS_CONFLICT};
use super::super::db::{Db, params};
use super::super::{id_array, runs, sql};
use super::{Prepared, ReportTarget, Reported, TaskRow};
use crate::domain::{Error, Result};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::LazyLock;

/// One report to read for, as a record of the read's JSON parameter.
#[derive(Serialize)]
struct Wanted<'a> {
    ws: i64,
    run: &'a str,
    tasks: Vec<i64>,
}

/// `task_reports::report_targets` for every report in one statement.
pub(super) fn report_targets(conn: &Db, reports: &[Reported]) -> Result<Vec<Option<ReportTarget>>> {
    static STATEMENT: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT {}, r.task_cpu_hours, r.task_memory_gib_hours,
                    t.task_id, t.cpu_hours, t.memory_gib_hours
               FROM jsonb_to_recordset(?1::jsonb) AS q(ws bigint, run text, tasks bigint[])
               JOIN runs r ON r.id = q.run AND r.workspace_id = q.ws
               LEFT JOIN tasks t ON t.run_id = r.id AND t.task_id = ANY (q.tasks)",
            runs::columns_of("r")
        )
    });
    let wanted: Vec<Wanted> = reports
        .iter()
        .map(|r| Wanted {
            ws: r.ws,
            run: r.run_id,
            tasks: r.tasks.iter().map(|t| t.task_id).collect(),
        })
        .collect();
    let json = to_json(&wanted)?;
    // Rows come run by run in no set order; each run's rows go to its own target.
    let mut found: HashMap<String, Option<ReportTarget>> = HashMap::new();
    let mut stmt = conn.prepare_cached(&STATEMENT).map_err(sql)?;
    let rows = stmt
        .query_map(params![json], |row| {
            let run_id: String = row.get(0)?;
            ReportTarget::absorb(found.entry(run_id).or_default(), row)
        })
        .map_err(sql)?;
    rows.collect::<super::super::db::DbResult<()>>()
        .map_err(sql)?;
    Ok(reports
        .iter()
        .map(|r| found.remove(r.run_id).flatten())
        .collect())
}

/// A task to store, as a record of the write's first JSON parameter.
#[derive(Serialize)]
struct TaskRecord<'a> {
    run_id: &'a str,
    task_id: i64,
    status: &'a str,
    name: &'a str,
    process: &'a str,
    tag: &'a str,
    cpu_hours: f64,
    memory_gib_hours: f64,
    data: &'a str,
}

impl<'a> TaskRecord<'a> {
    fn of(run_id: &'a str, row: &'a TaskRow) -> Self {
        Self {
            run_id,
            task_id: row.task_id,
            status: row.status,
            name: &row.name,
            process: &row.process,
            tag: &row.tag,
            cpu_hours: row.cpu_hours,
            memory_gib_hours: row.memory_gib_hours,
            data: &row.data,
        }
    }
}

/// Stores every report's tasks and its run's progress in one statement: the runs' update
/// rides on the tasks' upsert and the workspaces' progress counts (`changes`) in
/// data-modifying WITHs (which run whether or not the query after them reads them). No run
/// and no task may appear twice (one statement may not change a row twice on PostgreSQL;
/// the workspaces' ids are an `IdArray`, without repeats).
pub(super) fn store(conn: &Db, reports: &[Prepared]) -> Result<()> {
    static STATEMENT: LazyLock<String> = LazyLock::new(|| {
        format!(
            "WITH stored AS (
            INSERT INTO tasks (run_id, task_id, status, name, process, tag, cpu_hours,
                memory_gib_hours, data)
            SELECT run_id, task_id, status, name, process, tag, cpu_hours, memory_gib_hours, data
              FROM jsonb_to_recordset(?1::jsonb) AS t(run_id text, task_id bigint, status text,
                   name text, process text, tag text, cpu_hours float8, memory_gib_hours float8,
                   data text)
            ON CONFLICT (run_id, task_id) DO UPDATE SET status = excluded.status,
                name = excluded.name, process = excluded.process, tag = excluded.tag,
                cpu_hours = excluded.cpu_hours, memory_gib_hours = excluded.memory_gib_hours,
                data = excluded.data
            RETURNING 1),
        counted AS (
            {WORKSPACE_PROGRESS} FROM rarray(?3) w {WORKSPACE_PROGRESS_CONFLICT} RETURNING 1)
        UPDATE runs SET pending = p.pending, submitted = p.submitted, running = p.running,
               succeeded = p.succeeded, failed = p.failed, cached = p.cached,
               cpu_hours = p.cpu_hours, memory_gib_hours = p.memory_gib_hours, cost = p.cost,
               task_cpu_hours = COALESCE(p.task_cpu_hours, runs.task_cpu_hours),
               task_memory_gib_hours = COALESCE(p.task_memory_gib_hours, runs.task_memory_gib_hours)
          FROM jsonb_to_recordset(?2::jsonb) AS p(id text, pending bigint, submitted bigint,
               running bigint, succeeded bigint, failed bigint, cached bigint, cpu_hours float8,
               memory_gib_hours float8, cost float8, task_cpu_hours float8,
               task_memory_gib_hours float8)
         WHERE runs.id = p.id"
        )
    });
    let tasks: Vec<TaskRecord> = reports
        .iter()
        .flat_map(|r| r.rows.iter().map(|row| TaskRecord::of(r.run_id, row)))
        .collect();
    let progress: Vec<runs::ProgressRecord> = reports
        .iter()
        .map(|r| r.progress.record(r.run_id))
        .collect();
    let (tasks, progress) = (to_json(&tasks)?, to_json(&progress)?);
    let workspaces = id_array(reports.iter().map(|r| r.workspace));
    let mut stmt = conn.prepare_cached(&STATEMENT).map_err(sql)?;
    let updated = stmt
        .execute(params![tasks, progress, workspaces])
        .map_err(sql)?;
    if updated != reports.len() {
        // Each report's run was read in this transaction, under the write lock: a run that
        // is not there any more is a fault, and the caller undoes the statement.
        return Err(Error::internal(format!(
            "storing progress reports: {updated} of {} runs were updated",
            reports.len()
        )));
    }
    Ok(())
}

fn to_json(value: &impl Serialize) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| Error::internal(format!("cannot store progress reports: {e}")))
}
