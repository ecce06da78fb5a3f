//! Credits (1 credit = 1 USD). The operator sets an org's balance (it is billing); org owners
//! give workspaces allocations and transfer credits between them; spend is the cost of a
//! workspace's runs on Seqera Compute. No balance ever goes negative through these calls, and
//! every change is audited (transfers are also kept in their own table).

use super::Ctx;
use super::access::path;
use super::audit::snap;
use super::store::billing::NewTransfer;
use super::store::{self, workspaces::WorkspaceRow};
use crate::domain::billing::Ledger;
use crate::domain::{
    ComputeEnv, CreditTransfer, Credits, Error, OrgBilling, OrgId, Permission, Result, ResultExt,
    Scope, WorkspaceBilling, WorkspaceCredits, WorkspaceId,
};
use serde_json::json;

/// How many transfers the billing view shows.
const RECENT_TRANSFERS: u32 = 50;

impl Ctx<'_> {
    /// Sets an org's credit balance (operator only).
    pub fn set_org_credits(&self, org: OrgId, credits: Credits) -> Result<OrgBilling> {
        if !self.actor.operator {
            return Err(Error::forbidden(
                "only the operator may set an org's credit balance (credits are billing)",
            ));
        }
        let row = self.visible_org(org)?;
        let mut ledger = store::billing::ledger(self.conn, org)?;
        let before = ledger.balance;
        ledger
            .set_balance(credits)
            .about(format!("org '{}'", row.fields.name))?;
        store::billing::set_balance(self.conn, org, credits)?;
        self.audit(
            "credits.balance",
            "org",
            org,
            &row.fields.name,
            snap(&json!({ "credits": before })),
            snap(&json!({ "credits": credits })),
        )?;
        self.org_billing(org)
    }

    /// This workspace's view of its org's credits (anyone with a role in it).
    pub fn workspace_credits(&self, scope: Scope) -> Result<WorkspaceCredits> {
        let (ws, _) = self.require_scope(scope, Permission::ViewWorkspace)?;
        let org = credit_org(&ws)?;
        let ledger = store::billing::ledger(self.conn, org)?;
        let account = ledger.account(ws.id)?;
        Ok(WorkspaceCredits {
            org_id: org,
            org_name: ledger.org_name.clone(),
            workspace_id: ws.id,
            workspace_name: ws.fields.name.clone(),
            org_balance: ledger.balance,
            allocation: account.allocation,
            spend: account.spend,
            available: ledger.available(ws.id)?,
        })
    }

    /// The org's billing: balance, unallocated pool, every workspace's allocation and spend
    /// (private workspaces included), and recent transfers. Org owners (and the operator) only,
    /// as the README says: a member sees their own workspaces' credits, not the whole org's.
    pub fn org_billing(&self, org: OrgId) -> Result<OrgBilling> {
        self.owned_org(org, "see the org's billing view")?;
        let ledger = store::billing::ledger(self.conn, org)?;
        Ok(OrgBilling {
            org_id: org,
            org_name: ledger.org_name.clone(),
            balance: ledger.balance,
            allocated: ledger.allocated()?,
            spend: ledger.total_spend()?,
            unallocated: ledger.unallocated()?,
            workspaces: ledger
                .accounts
                .iter()
                .map(|a| WorkspaceBilling {
                    workspace_id: a.workspace_id,
                    workspace_name: a.name.clone(),
                    allocation: a.allocation,
                    spend: a.spend,
                })
                .collect(),
            transfers: store::billing::recent_transfers(self.conn, org, RECENT_TRANSFERS)?,
        })
    }

    /// Gives a workspace an allocation, changes it, or (None) removes it (org owners).
    pub fn set_allocation(
        &self,
        org: OrgId,
        ws: WorkspaceId,
        allocation: Option<Credits>,
    ) -> Result<OrgBilling> {
        let row = self.owned_org(org, "allocate credits")?;
        let mut ledger = store::billing::ledger(self.conn, org)?;
        let account = ledger.account(ws)?.clone();
        ledger
            .set_allocation(ws, allocation)
            .about(format!("org '{}'", row.fields.name))?;
        store::billing::set_allocation(self.conn, ws, allocation)?;
        self.audit(
            "credits.allocate",
            "workspace",
            ws,
            &account.name,
            snap(&json!({ "allocation": account.allocation, "spend": account.spend })),
            snap(&json!({ "allocation": allocation, "spend": account.spend })),
        )?;
        self.org_billing(org)
    }

    /// Moves allocated credits from one workspace of the org to another (org owners).
    pub fn transfer_credits(
        &self,
        org: OrgId,
        from: WorkspaceId,
        to: WorkspaceId,
        amount: Credits,
    ) -> Result<CreditTransfer> {
        let row = self.owned_org(org, "transfer credits")?;
        let mut ledger = store::billing::ledger(self.conn, org)?;
        ledger
            .transfer(from, to, amount)
            .about(format!("org '{}'", row.fields.name))?;
        let (from_name, to_name) = (
            ledger.account(from)?.name.clone(),
            ledger.account(to)?.name.clone(),
        );
        for id in [from, to] {
            store::billing::set_allocation(self.conn, id, ledger.account(id)?.allocation)?;
        }
        let id = store::billing::insert_transfer(
            self.conn,
            &NewTransfer {
                org,
                from: (from, &from_name),
                to: (to, &to_name),
                amount,
                actor: &self.actor.email,
            },
        )?;
        let transfer = store::billing::recent_transfers(self.conn, org, 1)?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or_else(|| Error::internal("transfer not recorded"))?;
        self.audit(
            "credits.transfer",
            "credit_transfer",
            id,
            &format!("{from_name} -> {to_name}"),
            None,
            snap(&transfer),
        )?;
        Ok(transfer)
    }

    /// Launching on Seqera Compute needs credits available to the workspace.
    pub(crate) fn check_credits_for(&self, ws: &WorkspaceRow, env: &ComputeEnv) -> Result<()> {
        if !env.platform.uses_credits() {
            return Ok(());
        }
        let org = credit_org(ws)?;
        let ledger = store::billing::ledger(self.conn, org)?;
        let available = ledger.available(ws.id)?;
        if available.is_positive() {
            return Ok(());
        }
        Err(Error::conflict(format!(
            "compute env '{}' runs on Seqera Compute and {}",
            env.name,
            used_up(&ledger, ws)?
        )))
    }
}

/// The org whose credits a workspace uses; personal workspaces have none.
fn credit_org(ws: &WorkspaceRow) -> Result<OrgId> {
    ws.org_id.ok_or_else(|| {
        Error::invalid(format!(
            "workspace '{}' is personal: Seqera Compute credits belong to an organization",
            path(ws)
        ))
    })
}

/// "the credits of workspace 'x' are used up (...)", saying where the limit comes from.
fn used_up(ledger: &Ledger, ws: &WorkspaceRow) -> Result<String> {
    let account = ledger.account(ws.id)?;
    Ok(match account.allocation {
        Some(a) => format!(
            "the credits of workspace '{}' are used up (allocation {a}, spent {})",
            path(ws),
            account.spend
        ),
        None => format!(
            "org '{}' has no unallocated credits left ({}); ask an org owner for credits",
            ledger.org_name,
            ledger.unallocated()?.at_least_zero()
        ),
    })
}
