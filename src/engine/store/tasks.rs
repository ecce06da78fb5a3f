//! A run's tasks (one row per run and task id, the task whole as JSON) and what
//! `PATCH /workflow/{id}` sets on a run (`run_ext`).

use super::db::{Db, Dialect, OptionalExtension, Row, params};
use super::parse_col;
use super::{like_pattern, paged, query_row, sql};
use crate::domain::{Paged, ProcessProgress, Result, Task, TaskLoad, TaskQuery, TaskState};

fn from_row(row: &Row) -> crate::engine::store::db::DbResult<Task> {
    let data: String = row.get(0)?;
    serde_json::from_str(&data).map_err(|e| crate::engine::store::db::DbError::conversion(0, e))
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
