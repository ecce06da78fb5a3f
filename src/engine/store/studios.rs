//! Studios settings per workspace; a workspace without a row has the defaults.

use super::db::{Db, OptionalExtension, params};
use super::sql;
use crate::domain::{Result, StudiosSettings, WorkspaceId};

pub fn get(conn: &Db, ws: WorkspaceId) -> Result<Option<StudiosSettings>> {
    super::query_row(
        conn,
        "SELECT lifespan_hours, private_by_default FROM studios_settings WHERE workspace_id = ?1",
        [ws],
        |r| {
            Ok(StudiosSettings {
                lifespan_hours: r.get(0)?,
                private_by_default: r.get(1)?,
            })
        },
    )
    .optional()
    .map_err(sql)
}

pub fn set(conn: &Db, ws: WorkspaceId, s: &StudiosSettings) -> Result<()> {
    conn.execute(
        "INSERT INTO studios_settings (workspace_id, lifespan_hours, private_by_default)
         VALUES (?1, ?2, ?3)
         ON CONFLICT (workspace_id) DO UPDATE
             SET lifespan_hours = excluded.lifespan_hours,
                 private_by_default = excluded.private_by_default",
        params![ws, s.lifespan_hours, s.private_by_default],
    )
    .map_err(sql)?;
    Ok(())
}
