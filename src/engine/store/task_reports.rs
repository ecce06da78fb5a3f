//! Nextflow progress reports with tasks. A report reads its run with the run's task totals
//! and what is stored for the reported tasks (`report_targets`), then stores the tasks with
//! the run's new counters and usage (`store_reports`).
//!
//! Both take every report of a group commit at once. On PostgreSQL every statement is a round
//! trip on the one writer connection, and under a thousand pipelines reporting every second
//! those round trips, not the SQL, were what the writer spent its time on: there the group's
//! reports are read in one statement and written in one (`pg_batch`), however many there
//! are. SQLite runs in the process, where a statement costs no round trip: there each report
//! keeps statements of its own.
//!
//! A run keeps its tasks' totals: they move by what each report's tasks changed, so a report
//! costs what its own tasks cost, however many the run has stored (thousands for a long
//! pipeline, reported once a second).

mod pg_batch;

use super::db::{Db, Dialect, Row, ToSql, params};
use super::runs::{self, ProgressValues};
use super::{changes, id_array, numbered_params, sql};
use crate::domain::{Result, Run, RunUsage, Task, TraceProgress, WorkflowStatus, WorkspaceId};
use std::collections::HashMap;
use std::sync::LazyLock;

/// Tasks stored per statement: one statement for a report's tasks (Nextflow sends up to 100
/// at a time) when they fit, and few distinct statements to prepare.
const UPSERT_ROWS: usize = 32;

/// Columns of a task row after the run id, as `upsert_sql` lists them.
const TASK_VALUES: usize = 8;

/// What a run's stored tasks add up to, kept with the run.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TaskTotals {
    pub cpu_hours: f64,
    pub memory_gib_hours: f64,
}

impl TaskTotals {
    /// The run's usage: that of all its stored tasks.
    pub fn usage(&self) -> RunUsage {
        RunUsage::new(self.cpu_hours, self.memory_gib_hours)
    }
}

/// CPU-hours and memory GiB-hours stored per task id.
type StoredUsage = HashMap<i64, (f64, f64)>;

/// A run about to store a report: the run as stored, its task totals, and the usage stored
/// for those of the reported tasks it already has.
pub struct ReportTarget {
    pub run: Run,
    totals: TaskTotals,
    stored: StoredUsage,
}

/// A report to read for: run `run_id` of workspace `ws`, and the tasks it reports.
pub struct Reported<'a> {
    pub ws: WorkspaceId,
    pub run_id: &'a str,
    pub tasks: &'a [Task],
}

/// What each of `reports` is stored on, in their order (None where workspace `ws` has no
/// run `run_id`). No run may be reported twice: a report's target is what the run was before
/// any of them.
pub fn report_targets(conn: &Db, reports: &[Reported]) -> Result<Vec<Option<ReportTarget>>> {
    match conn.dialect() {
        Dialect::Postgres => pg_batch::report_targets(conn, reports),
        Dialect::Sqlite => reports.iter().map(|r| report_target(conn, r)).collect(),
    }
}

/// One report's target, in one statement.
fn report_target(conn: &Db, report: &Reported) -> Result<Option<ReportTarget>> {
    // Built once: a progress report is the busiest call there is.
    static STATEMENT: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT {}, r.task_cpu_hours, r.task_memory_gib_hours,
                    t.task_id, t.cpu_hours, t.memory_gib_hours
               FROM runs r
               LEFT JOIN tasks t ON t.run_id = r.id
                    AND t.task_id IN (SELECT reported.value FROM rarray(?3) reported)
              WHERE r.workspace_id = ?1 AND r.id = ?2",
            runs::columns_of("r")
        )
    });
    let ids = id_array(report.tasks.iter().map(|t| t.task_id));
    let mut target: Option<ReportTarget> = None;
    let mut stmt = conn.prepare_cached(&STATEMENT).map_err(sql)?;
    let rows = stmt
        .query_map(params![report.ws, report.run_id, ids], |row| {
            ReportTarget::absorb(&mut target, row)
        })
        .map_err(sql)?;
    rows.collect::<super::db::DbResult<()>>().map_err(sql)?;
    Ok(target)
}

impl ReportTarget {
    /// Takes one row of a target's statement: the run's columns, its task totals, then a
    /// stored task among those reported (NULLs when none is). The run is read from the first.
    fn absorb(target: &mut Option<ReportTarget>, row: &Row) -> super::db::DbResult<()> {
        let target = match target {
            Some(target) => target,
            None => target.insert(ReportTarget {
                run: runs::from_row(row)?,
                totals: TaskTotals {
                    cpu_hours: row.get(runs::COLUMN_COUNT)?,
                    memory_gib_hours: row.get(runs::COLUMN_COUNT + 1)?,
                },
                stored: HashMap::new(),
            }),
        };
        let at = runs::COLUMN_COUNT + 2;
        if let Some(task_id) = row.get::<Option<i64>>(at)? {
            let usage = (row.get(at + 1)?, row.get(at + 2)?);
            target.stored.insert(task_id, usage);
        }
        Ok(())
    }

    /// The run's task totals once `latest` replace what was stored for their task ids.
    fn totals_after(&self, latest: &[&Task]) -> TaskTotals {
        let mut totals = self.totals;
        for task in latest {
            let (cpu, memory) = task.usage();
            let (was_cpu, was_memory) = self.stored.get(&task.task_id).copied().unwrap_or_default();
            totals.cpu_hours += cpu - was_cpu;
            totals.memory_gib_hours += memory - was_memory;
        }
        // Sums of floats that went up and down may end a hair under zero.
        totals.cpu_hours = totals.cpu_hours.max(0.0);
        totals.memory_gib_hours = totals.memory_gib_hours.max(0.0);
        totals
    }
}

/// A checked report to store on its target: the run's counters, its tasks (each replacing
/// what was stored for its task id), and its new status if the report moved it.
pub struct ReportWrite<'a> {
    pub target: &'a ReportTarget,
    pub progress: &'a TraceProgress,
    pub tasks: &'a [Task],
    pub status: WorkflowStatus,
}

/// What a report stores, ready for either backend's statements.
struct Prepared<'a> {
    run_id: &'a str,
    /// The run's workspace, whose progress count the write moves.
    workspace: i64,
    rows: Vec<TaskRow>,
    progress: ProgressValues,
    /// Set when the report moved the run's status.
    status: Option<WorkflowStatus>,
}

impl<'a> Prepared<'a> {
    /// With tasks, the run's usage becomes that of all its stored tasks (a task id reported
    /// twice counts once, as its last report); without, it is the report's.
    fn of(write: &ReportWrite<'a>) -> Result<Self> {
        let run = &write.target.run;
        let counters = &write.progress.counters;
        let latest = latest_reports(write.tasks);
        let progress = if latest.is_empty() {
            let usage = RunUsage::new(write.progress.cpu_hours, write.progress.memory_gib_hours);
            ProgressValues::of_report(counters, &usage)
        } else {
            ProgressValues::of_tasks(counters, &write.target.totals_after(&latest))
        };
        Ok(Self {
            run_id: &run.id,
            workspace: run.workspace_id,
            rows: latest
                .iter()
                .map(|t| TaskRow::of(t))
                .collect::<Result<_>>()?,
            progress,
            status: (run.status != write.status).then_some(write.status),
        })
    }
}

/// Stores `writes`, each on its own run (no run twice): all of them or, on an error, none.
pub fn store_reports(conn: &Db, writes: &[ReportWrite]) -> Result<()> {
    let prepared = writes
        .iter()
        .map(Prepared::of)
        .collect::<Result<Vec<_>>>()?;
    match conn.dialect() {
        Dialect::Postgres => pg_batch::store(conn, &prepared)?,
        Dialect::Sqlite => {
            for report in &prepared {
                store_one(conn, report)?;
            }
            changes::workspace_progress(conn, prepared.iter().map(|r| r.workspace))?;
        }
    }
    // Rare (a run that had stopped reporting, or one reported before it began): not worth a
    // place in the statements above, which every report runs.
    for (run_id, status) in prepared.iter().filter_map(|r| Some((r.run_id, r.status?))) {
        runs::set_status(conn, run_id, status)?;
    }
    Ok(())
}

/// Stores one report's tasks and its run's progress, in statements of its own.
fn store_one(conn: &Db, report: &Prepared) -> Result<()> {
    for chunk in report.rows.chunks(UPSERT_ROWS) {
        upsert(conn, report.run_id, chunk)?;
    }
    runs::write_progress(conn, report.run_id, &report.progress)
}

/// Each task id once, as its last report in `tasks`, in the order first reported.
fn latest_reports(tasks: &[Task]) -> Vec<&Task> {
    let mut latest: Vec<&Task> = Vec::with_capacity(tasks.len());
    for task in tasks {
        match latest.iter_mut().find(|t| t.task_id == task.task_id) {
            Some(slot) => *slot = task,
            None => latest.push(task),
        }
    }
    latest
}

/// One task's stored columns after the run id, in the statement's order.
struct TaskRow {
    task_id: i64,
    status: &'static str,
    name: String,
    process: String,
    tag: String,
    cpu_hours: f64,
    memory_gib_hours: f64,
    data: String,
}

impl TaskRow {
    fn of(task: &Task) -> Result<Self> {
        let (cpu_hours, memory_gib_hours) = task.usage();
        let data = serde_json::to_string(task)
            .map_err(|e| crate::domain::Error::internal(format!("cannot store task: {e}")))?;
        Ok(Self {
            task_id: task.task_id,
            status: task.state().as_str(),
            name: task.name.clone().unwrap_or_default(),
            process: task.process.clone().unwrap_or_default(),
            tag: task.tag.clone().unwrap_or_default(),
            cpu_hours,
            memory_gib_hours,
            data,
        })
    }

    fn params(&self) -> [&dyn ToSql; TASK_VALUES] {
        [
            &self.task_id,
            &self.status,
            &self.name,
            &self.process,
            &self.tag,
            &self.cpu_hours,
            &self.memory_gib_hours,
            &self.data,
        ]
    }
}

/// Stores `rows` of run `run_id`, each replacing what was stored for its task id.
fn upsert(conn: &Db, run_id: &str, rows: &[TaskRow]) -> Result<()> {
    let mut params: Vec<&dyn ToSql> = vec![&run_id];
    for row in rows {
        params.extend(row.params());
    }
    let mut stmt = conn.prepare_cached(&upsert_sql(rows.len())).map_err(sql)?;
    stmt.execute(params.as_slice()).map_err(sql)?;
    Ok(())
}

/// The upsert of `rows` tasks, the run id as `?1`.
fn upsert_sql(rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|i| {
            format!(
                "(?1, {})",
                numbered_params(2 + TASK_VALUES * i, TASK_VALUES)
            )
        })
        .collect();
    format!(
        "INSERT INTO tasks (run_id, task_id, status, name, process, tag, cpu_hours,
             memory_gib_hours, data)
         VALUES {}
         ON CONFLICT (run_id, task_id) DO UPDATE SET status = excluded.status,
             name = excluded.name, process = excluded.process, tag = excluded.tag,
             cpu_hours = excluded.cpu_hours, memory_gib_hours = excluded.memory_gib_hours,
             data = excluded.data",
        values.join(", ")
    )
}
