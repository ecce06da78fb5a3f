//! Credits of an organization (1 credit = 1 USD): the balance, workspace allocations, spend and
//! transfers, with the rules that keep every balance from going negative. The ledger is plain
//! data so the rules can be tested without storage.

use super::credits::round_cents;
use super::error::{Error, Result};
use super::ids::{OrgId, WorkspaceId};
use serde::{Deserialize, Serialize};

/// What one workspace sees of its org's credits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceCredits {
    pub org_id: OrgId,
    pub org_name: String,
    pub workspace_id: WorkspaceId,
    pub workspace_name: String,
    /// The org's credit balance.
    pub org_balance: f64,
    /// Credits reserved for this workspace, if it has an allocation.
    pub allocation: Option<f64>,
    /// The cost of this workspace's runs on Seqera Compute.
    pub spend: f64,
    /// Allocation minus spend with an allocation; the org's unallocated pool without one.
    pub available: f64,
}

/// One workspace's line in the org's billing view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceBilling {
    pub workspace_id: WorkspaceId,
    pub workspace_name: String,
    pub allocation: Option<f64>,
    pub spend: f64,
}

/// A transfer of allocated credits between two workspaces of an org.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreditTransfer {
    pub id: i64,
    pub org_id: OrgId,
    /// None once that workspace was deleted; the name stays.
    pub from_workspace_id: Option<WorkspaceId>,
    pub from_workspace_name: String,
    pub to_workspace_id: Option<WorkspaceId>,
    pub to_workspace_name: String,
    pub amount: f64,
    pub actor: String,
    pub at: String,
}

/// The org's aggregated billing (Latch's billing view).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgBilling {
    pub org_id: OrgId,
    pub org_name: String,
    pub balance: f64,
    pub allocated: f64,
    /// Spend of every workspace, deleted ones included.
    pub spend: f64,
    /// Balance minus allocations minus the spend outside allocations.
    pub unallocated: f64,
    pub workspaces: Vec<WorkspaceBilling>,
    /// Newest first.
    pub transfers: Vec<CreditTransfer>,
}

/// One workspace in the ledger.
#[derive(Clone, Debug, PartialEq)]
pub struct Account {
    pub workspace_id: WorkspaceId,
    pub name: String,
    pub allocation: Option<f64>,
    pub spend: f64,
}

/// An org's credits: the balance, the spend of workspaces that no longer exist, and every
/// workspace's allocation and spend.
#[derive(Clone, Debug, PartialEq)]
pub struct Ledger {
    pub org_name: String,
    pub balance: f64,
    pub archived_spend: f64,
    pub accounts: Vec<Account>,
}

/// Negative after rounding to a cent (so float noise never fails a rule).
fn negative(value: f64) -> bool {
    round_cents(value) < 0.0
}

fn check_amount(what: &str, amount: f64) -> Result<()> {
    if amount.is_finite() && amount >= 0.0 {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "{what} must be a number of credits of at least 0 (got {amount})"
        )))
    }
}

impl Ledger {
    pub fn allocated(&self) -> f64 {
        self.accounts.iter().filter_map(|a| a.allocation).sum()
    }

    pub fn total_spend(&self) -> f64 {
        self.archived_spend + self.accounts.iter().map(|a| a.spend).sum::<f64>()
    }

    /// The pool every workspace without an allocation draws from.
    pub fn unallocated(&self) -> f64 {
        let unallocated_spend: f64 = self
            .accounts
            .iter()
            .filter(|a| a.allocation.is_none())
            .map(|a| a.spend)
            .sum();
        self.balance - self.archived_spend - self.allocated() - unallocated_spend
    }

    pub fn account(&self, ws: WorkspaceId) -> Result<&Account> {
        self.accounts
            .iter()
            .find(|a| a.workspace_id == ws)
            .ok_or_else(|| {
                Error::not_found(format!(
                    "workspace {ws} not found in org '{}'",
                    self.org_name
                ))
            })
    }

    fn account_mut(&mut self, ws: WorkspaceId) -> Result<&mut Account> {
        let org = self.org_name.clone();
        self.accounts
            .iter_mut()
            .find(|a| a.workspace_id == ws)
            .ok_or_else(|| Error::not_found(format!("workspace {ws} not found in org '{org}'")))
    }

    /// What a workspace may still spend.
    pub fn available(&self, ws: WorkspaceId) -> Result<f64> {
        let account = self.account(ws)?;
        Ok(match account.allocation {
            Some(a) => a - account.spend,
            None => self.unallocated(),
        })
    }

    /// Fails when a change made the pool negative (a pool already negative from running costs
    /// may still grow back).
    fn check_pool(&self, before: f64, what: &str) -> Result<()> {
        let after = self.unallocated();
        if negative(after) && after < before {
            return Err(Error::conflict(format!(
                "{what} would need {:.2} more credits than org '{}' has unallocated ({:.2})",
                before - after,
                self.org_name,
                before.max(0.0)
            )));
        }
        Ok(())
    }

    /// Sets (Some) or removes (None) a workspace's allocation. It never drops below the
    /// workspace's spend and never takes more than the unallocated pool.
    pub fn set_allocation(&mut self, ws: WorkspaceId, allocation: Option<f64>) -> Result<()> {
        if let Some(amount) = allocation {
            check_amount("an allocation", amount)?;
        }
        let before = self.unallocated();
        let account = self.account_mut(ws)?;
        if let Some(amount) = allocation
            && negative(amount - account.spend)
        {
            return Err(Error::conflict(format!(
                "the allocation of workspace '{}' cannot be {amount:.2}: it has already spent {:.2}",
                account.name, account.spend
            )));
        }
        let what = format!("allocating to workspace '{}'", account.name);
        account.allocation = allocation;
        self.check_pool(before, &what)
    }

    /// Moves `amount` of allocation from one workspace to another. The source keeps at least
    /// its spend; a target without an allocation gets one of `amount`, which must cover its
    /// spend.
    pub fn transfer(&mut self, from: WorkspaceId, to: WorkspaceId, amount: f64) -> Result<()> {
        if !amount.is_finite() || amount <= 0.0 {
            return Err(Error::invalid(format!(
                "a transfer must move more than 0 credits (got {amount})"
            )));
        }
        if from == to {
            return Err(Error::invalid("a transfer needs two different workspaces"));
        }
        let before = self.unallocated();
        let source = self.account(from)?.clone();
        let target = self.account(to)?.clone();
        let Some(from_alloc) = source.allocation else {
            return Err(Error::conflict(format!(
                "workspace '{}' has no allocation to transfer from (give it an allocation first)",
                source.name
            )));
        };
        if negative(from_alloc - amount - source.spend) {
            return Err(Error::conflict(format!(
                "workspace '{}' has only {:.2} credits available (allocation {from_alloc:.2}, spent {:.2}); it cannot transfer {amount:.2}",
                source.name,
                (from_alloc - source.spend).max(0.0),
                source.spend
            )));
        }
        let to_alloc = target.allocation.unwrap_or(0.0) + amount;
        if negative(to_alloc - target.spend) {
            return Err(Error::conflict(format!(
                "workspace '{}' has spent {:.2}; a new allocation of {to_alloc:.2} would not cover it",
                target.name, target.spend
            )));
        }
        self.account_mut(from)?.allocation = Some(from_alloc - amount);
        self.account_mut(to)?.allocation = Some(to_alloc);
        self.check_pool(before, "the transfer")
    }

    /// The operator sets the org's balance; it never drops below what is allocated or spent.
    pub fn set_balance(&mut self, balance: f64) -> Result<()> {
        check_amount("the credit balance", balance)?;
        let before = self.unallocated();
        let committed = self.balance - before;
        self.balance = balance;
        if negative(self.unallocated()) && self.unallocated() < before {
            return Err(Error::conflict(format!(
                "org '{}' has {committed:.2} credits allocated or spent; its balance cannot be {balance:.2}",
                self.org_name
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ledger() -> Ledger {
        Ledger {
            org_name: "biolab".into(),
            balance: 100.0,
            archived_spend: 0.0,
            accounts: vec![
                Account {
                    workspace_id: 1,
                    name: "a".into(),
                    allocation: Some(40.0),
                    spend: 10.0,
                },
                Account {
                    workspace_id: 2,
                    name: "b".into(),
                    allocation: None,
                    spend: 5.0,
                },
                Account {
                    workspace_id: 3,
                    name: "c".into(),
                    allocation: None,
                    spend: 0.0,
                },
            ],
        }
    }

    #[test]
    fn pool_and_available() {
        let l = ledger();
        assert_eq!(l.unallocated(), 55.0);
        assert_eq!(l.available(1).unwrap(), 30.0);
        assert_eq!(l.available(2).unwrap(), 55.0);
        assert_eq!(l.total_spend(), 15.0);
        assert!(l.available(9).is_err());
    }

    #[test]
    fn allocations_respect_spend_and_pool() {
        let mut l = ledger();
        let err = l.set_allocation(1, Some(5.0)).unwrap_err();
        assert!(err.message.contains("already spent 10.00"), "{err}");
        let err = l.set_allocation(3, Some(60.0)).unwrap_err();
        assert!(err.message.contains("unallocated"), "{err}");
        l.set_allocation(3, Some(55.0)).unwrap();
        assert_eq!(round_cents(l.unallocated()), 0.0);
        l.set_allocation(1, None).unwrap();
        assert_eq!(l.unallocated(), 30.0);
        assert!(l.set_allocation(2, Some(-1.0)).is_err());
        assert!(l.set_allocation(2, Some(f64::NAN)).is_err());
    }

    #[test]
    fn transfers_never_go_negative() {
        let mut l = ledger();
        let err = l.transfer(1, 3, 31.0).unwrap_err();
        assert!(
            err.message.contains("only 30.00 credits available"),
            "{err}"
        );
        l.transfer(1, 3, 30.0).unwrap();
        assert_eq!(l.account(1).unwrap().allocation, Some(10.0));
        assert_eq!(l.account(3).unwrap().allocation, Some(30.0));
        assert!(
            l.transfer(2, 1, 1.0)
                .unwrap_err()
                .message
                .contains("no allocation")
        );
        assert!(l.transfer(1, 1, 1.0).is_err());
        assert!(l.transfer(3, 1, 0.0).is_err());
        // A target that spent more than it would receive cannot take a tiny allocation.
        let mut l = ledger();
        assert!(
            l.transfer(1, 2, 1.0)
                .unwrap_err()
                .message
                .contains("would not cover")
        );
    }

    #[test]
    fn balance_cannot_drop_below_commitments() {
        let mut l = ledger();
        let err = l.set_balance(40.0).unwrap_err();
        assert!(
            err.message.contains("45.00 credits allocated or spent"),
            "{err}"
        );
        l.set_balance(45.0).unwrap();
        l.set_balance(500.0).unwrap();
        assert!(l.set_balance(-1.0).is_err());
    }
}
