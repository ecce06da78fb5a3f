//! Credits: the org balance, workspace allocations, spend (the cost of runs on Seqera Compute)
//! and transfers, all stored as whole cents (INTEGER columns named `*cents`).

use super::db::{Db, Row, params};
use super::sql;
use crate::domain::billing::{Account, Ledger};
use crate::domain::{CreditTransfer, Credits, OrgId, Result, WorkspaceId};

/// The org's ledger: balance, the spend of deleted workspaces, and every workspace's
/// allocation and spend (from `credit_spend`, kept by triggers on runs).
pub fn ledger(conn: &Db, org: OrgId) -> Result<Ledger> {
    let (org_name, balance, archived_spend) = conn
        .query_row(
            "SELECT name, credit_cents, archived_spend_cents FROM orgs WHERE id = ?1",
            [org],
            |r| Ok((r.get(0)?, cents(r, 1)?, cents(r, 2)?)),
        )
        .map_err(sql)?;
    let mut stmt = conn
        .prepare_cached(
            "SELECT w.id, w.name, a.cents, COALESCE(s.cents, 0)
             FROM workspaces w
             LEFT JOIN credit_allocations a ON a.workspace_id = w.id
             LEFT JOIN credit_spend s ON s.workspace_id = w.id
             WHERE w.org_id = ?1 ORDER BY w.name",
        )
        .map_err(sql)?;
    let accounts = stmt
        .query_map([org], |r| {
            Ok(Account {
                workspace_id: r.get(0)?,
                name: r.get(1)?,
                allocation: r.get::<Option<i64>>(2)?.map(Credits::from_cents),
                spend: cents(r, 3)?,
            })
        })
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)?;
    Ok(Ledger {
        org_name,
        balance,
        archived_spend,
        accounts,
    })
}

fn cents(r: &Row, column: usize) -> crate::engine::store::db::DbResult<Credits> {
    Ok(Credits::from_cents(r.get(column)?))
}

pub fn set_balance(conn: &Db, org: OrgId, credits: Credits) -> Result<()> {
    conn.execute(
        "UPDATE orgs SET credit_cents = ?2 WHERE id = ?1",
        params![org, credits.cents()],
    )
    .map_err(sql)?;
    Ok(())
}

pub fn set_allocation(conn: &Db, ws: WorkspaceId, amount: Option<Credits>) -> Result<()> {
    match amount {
        Some(amount) => conn.execute(
            "INSERT INTO credit_allocations (workspace_id, cents) VALUES (?1, ?2)
             ON CONFLICT (workspace_id) DO UPDATE SET cents = excluded.cents",
            params![ws, amount.cents()],
        ),
        None => conn.execute(
            "DELETE FROM credit_allocations WHERE workspace_id = ?1",
            [ws],
        ),
    }
    .map_err(sql)?;
    Ok(())
}

/// A transfer to record.
pub struct NewTransfer<'a> {
    pub org: OrgId,
    pub from: (WorkspaceId, &'a str),
    pub to: (WorkspaceId, &'a str),
    pub amount: Credits,
    pub actor: &'a str,
}

pub fn insert_transfer(conn: &Db, t: &NewTransfer) -> Result<i64> {
    conn.execute(
        "INSERT INTO credit_transfers (org_id, from_workspace_id, from_workspace_name,
             to_workspace_id, to_workspace_name, cents, actor, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            t.org,
            t.from.0,
            t.from.1,
            t.to.0,
            t.to.1,
            t.amount.cents(),
            t.actor,
            super::now()
        ],
    )
    .map_err(sql)?;
    conn.last_insert_rowid().map_err(sql)
}

fn transfer_row(r: &Row) -> crate::engine::store::db::DbResult<CreditTransfer> {
    Ok(CreditTransfer {
        id: r.get(0)?,
        org_id: r.get(1)?,
        from_workspace_id: r.get(2)?,
        from_workspace_name: r.get(3)?,
        to_workspace_id: r.get(4)?,
        to_workspace_name: r.get(5)?,
        amount: cents(r, 6)?,
        actor: r.get(7)?,
        at: r.get(8)?,
    })
}

/// The org's most recent transfers, newest first.
pub fn recent_transfers(conn: &Db, org: OrgId, max: u32) -> Result<Vec<CreditTransfer>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT id, org_id, from_workspace_id, from_workspace_name, to_workspace_id,
                    to_workspace_name, cents, actor, at
             FROM credit_transfers WHERE org_id = ?1 ORDER BY id DESC LIMIT ?2",
        )
        .map_err(sql)?;
    stmt.query_map(params![org, max], transfer_row)
        .map_err(sql)?
        .collect::<crate::engine::store::db::DbResult<Vec<_>>>()
        .map_err(sql)
}
