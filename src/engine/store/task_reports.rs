//! A Nextflow progress report with tasks, in two statements: one reads the run with its task
//! totals and what is stored for the reported tasks (`report_target`), one stores the tasks
//! with the run's new counters and usage (`store_report`). On PostgreSQL every statement is a
//! round trip on the one writer connection, and under a thousand pipelines reporting every
//! second those round trips, not the SQL, were what the writer spent its time on.
//!
//! A run keeps its tasks' totals: they move by what each report's tasks changed, so a report
//! costs what its own tasks cost, however many the run has stored (thousands for a long
//! pipeline, reported once a second).

use super::db::{Db, Dialect, Row, ToSql, params};
use super::runs::{self, ProgressValues};
use super::{id_array, sql};
use crate::domain::{Result, Run, RunUsage, Task, TaskCounters, WorkspaceId};
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

/// Run `run_id` of workspace `ws` (None if there is no such run there) read for a report of
/// `tasks`, in one statement.
pub fn report_target(
    conn: &Db,
    ws: WorkspaceId,
    run_id: &str,
    tasks: &[Task],
) -> Result<Option<ReportTarget>> {
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
    let ids = id_array(tasks.iter().map(|t| t.task_id));
    let mut target: Option<ReportTarget> = None;
    let mut stmt = conn.prepare_cached(&STATEMENT).map_err(sql)?;
    // One row per stored task among those reported (or one without a task): the run's
    // columns are read from the first.
    let rows = stmt
        .query_map(params![ws, run_id, ids], |row| {
            let target = match &mut target {
                Some(target) => target,
                None => target.insert(ReportTarget {
                    run: runs::from_row(row)?,
                    totals: read_totals(row)?,
                    stored: HashMap::new(),
                }),
            };
            let at = runs::COLUMN_COUNT + 2;
            if let Some(task_id) = row.get::<Option<i64>>(at)? {
                let usage = (row.get(at + 1)?, row.get(at + 2)?);
                target.stored.insert(task_id, usage);
            }
            Ok(())
        })
        .map_err(sql)?;
    rows.collect::<super::db::DbResult<()>>().map_err(sql)?;
    Ok(target)
}

/// The totals after the run's columns in `report_target`'s row.
fn read_totals(row: &Row) -> super::db::DbResult<TaskTotals> {
    Ok(TaskTotals {
        cpu_hours: row.get(runs::COLUMN_COUNT)?,
        memory_gib_hours: row.get(runs::COLUMN_COUNT + 1)?,
    })
}

impl ReportTarget {
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

/// Stores a report's tasks, each replacing what was stored for its task id, and the run's
/// counters with the usage of all its stored tasks. A task id reported twice counts once, as
/// its last report (one statement may not touch a row twice on PostgreSQL). On PostgreSQL the
/// run's update rides in the statement with the last tasks: one round trip for a report of
/// up to `UPSERT_ROWS` tasks.
pub fn store_report(
    conn: &Db,
    target: &ReportTarget,
    counters: &TaskCounters,
    tasks: &[Task],
) -> Result<()> {
    let latest = latest_reports(tasks);
    let progress = ProgressValues::of_tasks(counters, &target.totals_after(&latest));
    let rows = latest
        .iter()
        .map(|t| TaskRow::of(t))
        .collect::<Result<Vec<_>>>()?;
    let run_id = target.run.id.as_str();
    let chunks: Vec<&[TaskRow]> = rows.chunks(UPSERT_ROWS).collect();
    let Some((last, earlier)) = chunks.split_last() else {
        return runs::write_progress(conn, run_id, &progress);
    };
    for chunk in earlier {
        upsert(conn, run_id, chunk, None)?;
    }
    match conn.dialect() {
        Dialect::Postgres => upsert(conn, run_id, last, Some(&progress)),
        Dialect::Sqlite => {
            upsert(conn, run_id, last, None)?;
            runs::write_progress(conn, run_id, &progress)
        }
    }
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

/// Stores `rows` of run `run_id`, and then `progress` on the run in the same statement.
fn upsert(conn: &Db, run_id: &str, rows: &[TaskRow], then: Option<&ProgressValues>) -> Result<()> {
    let mut statement = upsert_sql(rows.len());
    let mut params: Vec<&dyn ToSql> = vec![&run_id];
    for row in rows {
        params.extend(row.params());
    }
    if let Some(progress) = then {
        // A data-modifying WITH runs whether or not the query after it reads it.
        let update = runs::progress_update(params.len() + 1);
        statement = format!("WITH stored AS ({statement} RETURNING 1)\n{update}");
        params.extend(progress.params());
    }
    let mut stmt = conn.prepare_cached(&statement).map_err(sql)?;
    stmt.execute(params.as_slice()).map_err(sql)?;
    Ok(())
}

/// The upsert of `rows` tasks, the run id as `?1`.
fn upsert_sql(rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|i| {
            let first = 2 + TASK_VALUES * i;
            let params: Vec<String> = (first..first + TASK_VALUES)
                .map(|n| format!("?{n}"))
                .collect();
            format!("(?1, {})", params.join(", "))
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
