//! A run's tasks (one row per run and task id, the task whole as JSON) and what
//! `PATCH /workflow/{id}` sets on a run (`run_ext`).

use super::db::{Db, Dialect, OptionalExtension, Row, ToSql, params};
use super::parse_col;
use super::{like_pattern, paged, query_row, sql};
use crate::domain::{
    Paged, ProcessProgress, Result, RunUsage, Task, TaskLoad, TaskQuery, TaskState,
};
use std::collections::HashMap;

fn from_row(row: &Row) -> crate::engine::store::db::DbResult<Task> {
    let data: String = row.get(0)?;
    serde_json::from_str(&data).map_err(|e| crate::engine::store::db::DbError::conversion(0, e))
}

/// Tasks stored per statement by `upsert_all`: one round trip for a report's tasks (Nextflow
/// sends up to 100 at a time), and few distinct statements to prepare.
const UPSERT_ROWS: usize = 32;

/// What a run's stored tasks add up to (kept with the run, see `upsert_all`).
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

/// Stores a report's tasks, each replacing what was stored for its task id, in as few
/// statements as `UPSERT_ROWS` allows, and returns the run's task totals after them (for
/// `runs::set_progress` to keep). A task id reported twice in one report counts once, as its
/// last report (one statement may not touch a row twice on PostgreSQL).
///
/// The totals move by what the reported tasks changed, read before they are replaced: a
/// report costs what its own tasks cost, however many the run has stored.
pub fn upsert_all(conn: &Db, run_id: &str, tasks: &[Task]) -> Result<TaskTotals> {
    let mut latest: Vec<&Task> = Vec::with_capacity(tasks.len());
    for task in tasks {
        match latest.iter_mut().find(|t| t.task_id == task.task_id) {
            Some(slot) => *slot = task,
            None => latest.push(task),
        }
    }
    let (mut totals, stored) = before_report(conn, run_id, &latest)?;
    for task in &latest {
        let (cpu, memory) = task.usage();
        let (was_cpu, was_memory) = match stored.get(&task.task_id) {
            Some(&usage) => usage,
            None => (0.0, 0.0),
        };
        totals.cpu_hours += cpu - was_cpu;
        totals.memory_gib_hours += memory - was_memory;
    }
    // Sums of floats that went up and down may end a hair under zero.
    totals.cpu_hours = totals.cpu_hours.max(0.0);
    totals.memory_gib_hours = totals.memory_gib_hours.max(0.0);
    for chunk in latest.chunks(UPSERT_ROWS) {
        upsert_rows(conn, run_id, chunk)?;
    }
    Ok(totals)
}

/// CPU-hours and memory GiB-hours stored per task id.
type StoredUsage = HashMap<i64, (f64, f64)>;

/// The run's task totals, and the usage stored for those of `tasks` already stored, in one
/// statement (one round trip on PostgreSQL).
fn before_report(conn: &Db, run_id: &str, tasks: &[&Task]) -> Result<(TaskTotals, StoredUsage)> {
    let ids = super::id_array(tasks.iter().map(|t| t.task_id));
    let mut stmt = conn
        .prepare_cached(
            "SELECT r.task_cpu_hours, r.task_memory_gib_hours,
                    t.task_id, t.cpu_hours, t.memory_gib_hours
               FROM runs r
               LEFT JOIN tasks t ON t.run_id = r.id
                    AND t.task_id IN (SELECT reported.value FROM rarray(?2) reported)
              WHERE r.id = ?1",
        )
        .map_err(sql)?;
    let rows = stmt
        .query_map(params![run_id, ids], |r| {
            let totals = TaskTotals {
                cpu_hours: r.get(0)?,
                memory_gib_hours: r.get(1)?,
            };
            let task: Option<i64> = r.get(2)?;
            let usage = match task {
                Some(id) => Some((id, (r.get::<f64>(3)?, r.get::<f64>(4)?))),
                None => None,
            };
            Ok((totals, usage))
        })
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)?;
    let totals = rows.first().map(|(t, _)| *t).unwrap_or_default();
    let stored = rows.into_iter().filter_map(|(_, usage)| usage).collect();
    Ok((totals, stored))
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
}

fn upsert_rows(conn: &Db, run_id: &str, tasks: &[&Task]) -> Result<()> {
    let rows = tasks
        .iter()
        .map(|t| TaskRow::of(t))
        .collect::<Result<Vec<_>>>()?;
    let values: Vec<String> = (0..rows.len())
        .map(|i| {
            let n = 1 + 8 * i;
            format!(
                "(?1, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{})",
                n + 1,
                n + 2,
                n + 3,
                n + 4,
                n + 5,
                n + 6,
                n + 7,
                n + 8
            )
        })
        .collect();
    let statement = format!(
        "INSERT INTO tasks (run_id, task_id, status, name, process, tag, cpu_hours,
             memory_gib_hours, data)
         VALUES {}
         ON CONFLICT (run_id, task_id) DO UPDATE SET status = excluded.status,
             name = excluded.name, process = excluded.process, tag = excluded.tag,
             cpu_hours = excluded.cpu_hours, memory_gib_hours = excluded.memory_gib_hours,
             data = excluded.data",
        values.join(", ")
    );
    let mut params: Vec<&dyn ToSql> = vec![&run_id];
    for row in &rows {
        params.extend([
            &row.task_id as &dyn ToSql,
            &row.status,
            &row.name,
            &row.process,
            &row.tag,
            &row.cpu_hours,
            &row.memory_gib_hours,
            &row.data,
        ]);
    }
    let mut stmt = conn.prepare_cached(&statement).map_err(sql)?;
    stmt.execute(params.as_slice()).map_err(sql)?;
    Ok(())
}

/// A stored task, as last reported.
pub fn by_id(conn: &Db, run_id: &str, task_id: i64) -> Result<Option<Task>> {
    query_row(
        conn,
        "SELECT data FROM tasks WHERE run_id = ?1 AND task_id = ?2",
        params![run_id, task_id],
        from_row,
    )
    .optional()
    .map_err(sql)
}

/// A page of the run's tasks in task id order; a search matches name, process or tag.
pub fn list(conn: &Db, run_id: &str, query: &TaskQuery) -> Result<Paged<Task>> {
    let order = if query.descending {
        "task_id DESC"
    } else {
        "task_id"
    };
    match query.page.search.as_deref() {
        None => paged(
            conn,
            "data",
            "tasks WHERE run_id = ?1",
            order,
            &[&run_id],
            &query.page,
            from_row,
        ),
        Some(search) => {
            let pattern = like_pattern(search);
            paged(
                conn,
                "data",
                "tasks WHERE run_id = ?1 AND (name LIKE ?2 ESCAPE '\\'
                     OR process LIKE ?2 ESCAPE '\\' OR tag LIKE ?2 ESCAPE '\\')",
                order,
                &[&run_id, &pattern],
                &query.page,
                from_row,
            )
        }
    }
}

/// Every task of the run, in task id order (for the per-process summaries).
pub fn all(conn: &Db, run_id: &str) -> Result<Vec<Task>> {
    let mut stmt = conn
        .prepare_cached("SELECT data FROM tasks WHERE run_id = ?1 ORDER BY task_id")
        .map_err(sql)?;
    stmt.query_map(params![run_id], from_row)
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)
}

/// Sums over the tasks' JSON per process and state (SQLite's `total` is 0.0 over no values).
const PROCESS_PROGRESS_SQLITE: &str = "SELECT process, status, count(*), min(task_id),
        total(json_extract(data, '$.cpus')), total(json_extract(data, '$.memory')),
        total(json_extract(data, '$.rss')), total(json_extract(data, '$.read_bytes')),
        total(json_extract(data, '$.write_bytes')),
        total(json_extract(data, '$.vol_ctxt')), total(json_extract(data, '$.inv_ctxt')),
        total(json_extract(data, '$.error_action') = 'IGNORE'),
        total(json_extract(data, '$.error_action') = 'RETRY')
   FROM tasks WHERE run_id = ?1
  GROUP BY process, status ORDER BY 4";

/// The same sums in PostgreSQL's JSON operators.
const PROCESS_PROGRESS_PG: &str = "SELECT process, status, count(*), min(task_id),
        COALESCE(sum((data::jsonb->>'cpus')::float8), 0),
        COALESCE(sum((data::jsonb->>'memory')::float8), 0),
        COALESCE(sum((data::jsonb->>'rss')::float8), 0),
        COALESCE(sum((data::jsonb->>'read_bytes')::float8), 0),
        COALESCE(sum((data::jsonb->>'write_bytes')::float8), 0),
        COALESCE(sum((data::jsonb->>'vol_ctxt')::float8), 0),
        COALESCE(sum((data::jsonb->>'inv_ctxt')::float8), 0),
        COALESCE(sum(CASE WHEN data::jsonb->>'error_action' = 'IGNORE' THEN 1::float8 END), 0),
        COALESCE(sum(CASE WHEN data::jsonb->>'error_action' = 'RETRY' THEN 1::float8 END), 0)
   FROM tasks WHERE run_id = ?1
  GROUP BY process, status ORDER BY 4";

/// Task counts per process, processes in the order their first task was reported.
pub fn process_progress(conn: &Db, run_id: &str) -> Result<Vec<ProcessProgress>> {
    // The sums read the task's JSON (`data`, the domain `Task` in serde's snake_case): nothing
    // else filters on them, so they have no columns of their own.
    let mut stmt = conn
        .prepare_cached(match conn.dialect() {
            Dialect::Sqlite => PROCESS_PROGRESS_SQLITE,
            Dialect::Postgres => PROCESS_PROGRESS_PG,
        })
        .map_err(sql)?;
    let rows = stmt
        .query_map(params![run_id], |r| {
            let n = |i: usize| r.get::<f64>(i).map(|v| v as i64);
            let count = r.get::<u32>(2)?;
            let state = parse_col::<TaskState>(r, 1)?;
            let running = state == TaskState::Running;
            let cpus = n(4)?;
            let memory = n(5)?;
            let load = TaskLoad {
                cpus,
                memory_req: memory,
                memory_rss: n(6)?,
                read_bytes: n(7)?,
                write_bytes: n(8)?,
                vol_ctx_switch: n(9)?,
                inv_ctx_switch: n(10)?,
                ignored: n(11)?,
                retries: n(12)?,
                load_tasks: if running { i64::from(count) } else { 0 },
                load_cpus: if running { cpus } else { 0 },
                load_memory: if running { memory } else { 0 },
            };
            Ok((r.get::<String>(0)?, state, count, load))
        })
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)?;
    let mut out: Vec<ProcessProgress> = Vec::new();
    for (process, state, n, load) in rows {
        let i = match out.iter().position(|p| p.process == process) {
            Some(i) => i,
            None => {
                out.push(ProcessProgress {
                    process,
                    ..Default::default()
                });
                out.len() - 1
            }
        };
        out[i].add(state, n);
        out[i].load = out[i].load.plus(load);
    }
    Ok(out)
}

/// The scheduler run id set on a run, if any.
pub fn sched_run_id(conn: &Db, run_id: &str) -> Result<Option<String>> {
    Ok(query_row(
        conn,
        "SELECT sched_run_id FROM run_ext WHERE run_id = ?1",
        params![run_id],
        |r| r.get::<Option<String>>(0),
    )
    .optional()
    .map_err(sql)?
    .flatten())
}

pub fn set_sched_run_id(conn: &Db, run_id: &str, id: Option<&str>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO run_ext (run_id, sched_run_id) VALUES (?1, ?2)
         ON CONFLICT (run_id) DO UPDATE SET sched_run_id = excluded.sched_run_id",
    )
    .and_then(|mut s| s.execute(params![run_id, id]))
    .map_err(sql)?;
    Ok(())
}
