//! Credits of an organization (1 credit = 1 USD): the balance, workspace allocations, spend and
//! transfers, with the rules that keep every balance from going negative. The ledger is plain
//! data so the rules can be tested without storage.

use super::credits::{Credits, MAX_CREDITS};
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
    pub org_balance: Credits,
    /// Credits reserved for this workspace, if it has an allocation.
    pub allocation: Option<Credits>,
    /// The cost of this workspace's runs on Seqera Compute.
    pub spend: Credits,
    /// Allocation minus spend with an allocation; the org's unallocated pool without one.
    pub available: Credits,
}

/// One workspace's line in the org's billing view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceBilling {
    pub workspace_id: WorkspaceId,
    pub workspace_name: String,
    pub allocation: Option<Credits>,
    pub spend: Credits,
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
    pub amount: Credits,
    pub actor: String,
    pub at: String,
}

/// The org's aggregated billing (Latch's billing view).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgBilling {
    pub org_id: OrgId,
    pub org_name: String,
    pub balance: Credits,
    pub allocated: Credits,
    /// Spend of every workspace, deleted ones included.
    pub spend: Credits,
    /// Balance minus allocations minus the spend outside allocations.
    pub unallocated: Credits,
    pub workspaces: Vec<WorkspaceBilling>,
    /// Newest first.
    pub transfers: Vec<CreditTransfer>,
}

/// One workspace in the ledger.
#[derive(Clone, Debug, PartialEq)]
pub struct Account {
    pub workspace_id: WorkspaceId,
    pub name: String,
    pub allocation: Option<Credits>,
    pub spend: Credits,
}

/// An org's credits: the balance, the spend of workspaces that no longer exist, and every
/// workspace's allocation and spend.
#[derive(Clone, Debug, PartialEq)]
pub struct Ledger {
    pub org_name: String,
    pub balance: Credits,
    pub archived_spend: Credits,
    pub accounts: Vec<Account>,
}

impl Ledger {
    /// What every allocation adds up to.
    pub fn allocated(&self) -> Result<Credits> {
        Credits::sum(self.accounts.iter().filter_map(|a| a.allocation))
    }

    /// Spend of every workspace, deleted ones included.
    pub fn total_spend(&self) -> Result<Credits> {
        self.archived_spend
            .checked_add(Credits::sum(self.accounts.iter().map(|a| a.spend))?)
    }

    /// The pool every workspace without an allocation draws from: the balance minus the spend
    /// of deleted workspaces, the allocations, and the spend outside allocations. Negative once
    /// runs spent past it.
    pub fn unallocated(&self) -> Result<Credits> {
        let unallocated_spend = Credits::sum(
            self.accounts
                .iter()
                .filter(|a| a.allocation.is_none())
                .map(|a| a.spend),
        )?;
        self.balance
            .checked_sub(self.archived_spend)?
            .checked_sub(self.allocated()?)?
            .checked_sub(unallocated_spend)
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
    pub fn available(&self, ws: WorkspaceId) -> Result<Credits> {
        let account = self.account(ws)?;
        match account.allocation {
            Some(a) => a.checked_sub(account.spend),
            None => self.unallocated(),
        }
    }

    /// Fails when a change made the pool negative (a pool already negative from running costs
    /// may still grow back), saying how much is available and how much is missing.
    fn check_pool(&self, before: Credits, what: &str) -> Result<()> {
        let after = self.unallocated()?;
        if after.is_negative() && after < before {
            let available = before.at_least_zero();
            let missing = before.checked_sub(after)?.checked_sub(available)?;
            return Err(Error::conflict(format!(
                "{what} would need {missing} more credits than org '{}' has unallocated ({available})",
                self.org_name,
            )));
        }
        Ok(())
    }

    /// Applies `change` to a copy and keeps it only if it succeeds: a refused change leaves the
    /// ledger as it was.
    fn change(&mut self, change: impl FnOnce(&mut Ledger) -> Result<()>) -> Result<()> {
        let mut next = self.clone();
        change(&mut next)?;
        *self = next;
        Ok(())
    }

    /// Sets (Some) or removes (None) a workspace's allocation. It never drops below the
    /// workspace's spend and never takes more than the unallocated pool.
    pub fn set_allocation(&mut self, ws: WorkspaceId, allocation: Option<Credits>) -> Result<()> {
        self.change(|l| l.allocate(ws, allocation))
    }

    fn allocate(&mut self, ws: WorkspaceId, allocation: Option<Credits>) -> Result<()> {
        if let Some(amount) = allocation {
            check_amount("allocation", amount)?;
        }
        let before = self.unallocated()?;
        let account = self.account_mut(ws)?;
        if let Some(amount) = allocation
            && amount < account.spend
        {
            return Err(Error::conflict(format!(
                "the allocation of workspace '{}' cannot be {amount}: it has already spent {}",
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
    pub fn transfer(&mut self, from: WorkspaceId, to: WorkspaceId, amount: Credits) -> Result<()> {
        self.change(|l| l.move_allocation(from, to, amount))
    }

    fn move_allocation(
        &mut self,
        from: WorkspaceId,
        to: WorkspaceId,
        amount: Credits,
    ) -> Result<()> {
        check_transfer_amount(amount)?;
        if from == to {
            return Err(Error::invalid("a transfer needs two different workspaces"));
        }
        let before = self.unallocated()?;
        let source = self.account(from)?.clone();
        let target = self.account(to)?.clone();
        let Some(from_alloc) = source.allocation else {
            return Err(Error::conflict(format!(
                "workspace '{}' has no allocation to transfer from (give it an allocation first)",
                source.name
            )));
        };
        let left = from_alloc.checked_sub(amount)?;
        if left < source.spend {
            return Err(Error::conflict(format!(
                "workspace '{}' has only {} credits available (allocation {from_alloc}, spent {}); it cannot transfer {amount}",
                source.name,
                from_alloc.checked_sub(source.spend)?.at_least_zero(),
                source.spend
            )));
        }
        let to_alloc = target.allocation.unwrap_or_default().checked_add(amount)?;
        check_amount("the target's allocation", to_alloc)?;
        if to_alloc < target.spend {
            return Err(Error::conflict(format!(
                "workspace '{}' has spent {}; a new allocation of {to_alloc} would not cover it",
                target.name, target.spend
            )));
        }
        self.account_mut(from)?.allocation = Some(left);
        self.account_mut(to)?.allocation = Some(to_alloc);
        self.check_pool(before, "the transfer")
    }

    /// The operator sets the org's balance; it never drops below what is allocated or spent.
    pub fn set_balance(&mut self, balance: Credits) -> Result<()> {
        self.change(|l| l.rebalance(balance))
    }

    fn rebalance(&mut self, balance: Credits) -> Result<()> {
        check_amount("credits", balance)?;
        let before = self.unallocated()?;
        let committed = self.balance.checked_sub(before)?;
        self.balance = balance;
        let after = self.unallocated()?;
        if after.is_negative() && after < before {
            return Err(Error::conflict(format!(
                "org '{}' has {committed} credits allocated or spent; its balance cannot be {balance}",
                self.org_name
            )));
        }
        Ok(())
    }
}

/// An allocation as typed (a TUI field): empty is no allocation; otherwise the rule and
/// message of [`Credits::amount`], the same as over HTTP and in files.
pub fn parse_allocation(text: &str) -> Result<Option<Credits>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    Credits::parse("allocation", text).map(Some)
}

/// A transfer's amount as typed (a TUI field).
pub fn parse_transfer_amount(text: &str) -> Result<Credits> {
    let amount = Credits::parse("amount", text)?;
    check_transfer_amount(amount)?;
    Ok(amount)
}

/// A transfer moves more than 0 credits (and no more than an amount may hold).
pub fn check_transfer_amount(amount: Credits) -> Result<()> {
    check_amount("amount", amount)?;
    if !amount.is_positive() {
        return Err(Error::invalid(format!(
            "a transfer must move more than 0 credits (got {amount})"
        )));
    }
    Ok(())
}

/// Fails unless `amount` is between 0 and the most an amount may hold (amounts read with
/// [`Credits::amount`] always are; this guards amounts built in code).
pub fn check_amount(what: &str, amount: Credits) -> Result<()> {
    if amount.is_negative() || amount > Credits::units(MAX_CREDITS) {
        return Err(Error::invalid(format!(
            "{what} must be between 0 and {} credits (got {amount})",
            MAX_CREDITS
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(units: i64) -> Credits {
        Credits::units(units)
    }

    fn ledger() -> Ledger {
        Ledger {
            org_name: "biolab".into(),
            balance: c(100),
            archived_spend: Credits::ZERO,
            accounts: vec![
                Account {
                    workspace_id: 1,
                    name: "a".into(),
                    allocation: Some(c(40)),
                    spend: c(10),
                },
                Account {
                    workspace_id: 2,
                    name: "b".into(),
                    allocation: None,
                    spend: c(5),
                },
                Account {
                    workspace_id: 3,
                    name: "c".into(),
                    allocation: None,
                    spend: Credits::ZERO,
                },
            ],
        }
    }

    #[test]
    fn pool_and_available() {
        let l = ledger();
        assert_eq!(l.unallocated().unwrap(), c(55));
        assert_eq!(l.available(1).unwrap(), c(30));
        assert_eq!(l.available(2).unwrap(), c(55));
        assert_eq!(l.total_spend().unwrap(), c(15));
        assert!(l.available(9).is_err());
    }

    #[test]
    fn allocations_respect_spend_and_pool() {
        let mut l = ledger();
        let err = l.set_allocation(1, Some(c(5))).unwrap_err();
        assert!(err.message.contains("already spent 10.00"), "{err}");
        let err = l.set_allocation(3, Some(c(60))).unwrap_err();
        assert!(err.message.contains("unallocated (55.00)"), "{err}");
        let err = l
            .set_allocation(3, Some(Credits::from_cents(5501)))
            .unwrap_err();
        assert!(err.message.contains("0.01 more credits"), "{err}");
        assert_eq!(l, ledger(), "a refusal changes nothing");
        l.set_allocation(3, Some(c(55))).unwrap();
        assert_eq!(l.unallocated().unwrap(), Credits::ZERO);
        l.set_allocation(1, None).unwrap();
        assert_eq!(l.unallocated().unwrap(), c(30));
        assert!(l.set_allocation(2, Some(c(-1))).is_err());
    }

    #[test]
    fn a_refused_allocation_names_what_is_missing_beyond_the_pool() {
        // 55 unallocated; 100 to a workspace that spent 0 needs 45 more, not 100.
        let mut l = ledger();
        let err = l.set_allocation(3, Some(c(100))).unwrap_err();
        assert!(
            err.message.contains("would need 45.00 more credits")
                && err.message.contains("unallocated (55.00)"),
            "{err}"
        );
    }

    #[test]
    fn small_amounts_add_up_exactly() {
        let mut l = ledger();
        l.set_allocation(3, Some(Credits::from_cents(10))).unwrap();
        l.set_allocation(1, Some(Credits::from_cents(1020)))
            .unwrap();
        // 100 - (10.20 + 0.10) - 5 spent outside allocations.
        assert_eq!(l.unallocated().unwrap(), Credits::from_cents(8470));
    }

    #[test]
    fn transfers_never_go_negative() {
        let mut l = ledger();
        let err = l.transfer(1, 3, c(31)).unwrap_err();
        assert!(
            err.message.contains("only 30.00 credits available"),
            "{err}"
        );
        let err = l.transfer(1, 3, Credits::from_cents(3001)).unwrap_err();
        assert!(err.message.contains("cannot transfer 30.01"), "{err}");
        l.transfer(1, 3, c(30)).unwrap();
        assert_eq!(l.account(1).unwrap().allocation, Some(c(10)));
        assert_eq!(l.account(3).unwrap().allocation, Some(c(30)));
        assert!(
            l.transfer(2, 1, c(1))
                .unwrap_err()
                .message
                .contains("no allocation")
        );
        assert!(l.transfer(1, 1, c(1)).is_err());
        assert!(l.transfer(3, 1, Credits::ZERO).is_err());
        assert!(l.transfer(3, 1, c(-1)).is_err());
        assert_eq!(l.account(3).unwrap().allocation, Some(c(30)));
        // A target that spent more than it would receive cannot take a tiny allocation.
        let mut l = ledger();
        assert!(
            l.transfer(1, 2, c(1))
                .unwrap_err()
                .message
                .contains("would not cover")
        );
    }

    #[test]
    fn balance_cannot_drop_below_commitments() {
        let mut l = ledger();
        let err = l.set_balance(c(40)).unwrap_err();
        assert!(
            err.message.contains("45.00 credits allocated or spent"),
            "{err}"
        );
        l.set_balance(c(45)).unwrap();
        l.set_balance(c(500)).unwrap();
        assert!(l.set_balance(c(-1)).is_err());
        assert_eq!(l.balance, c(500), "a refusal changes nothing");
        assert!(l.set_balance(Credits::units(MAX_CREDITS + 1)).is_err());
        l.set_balance(Credits::units(MAX_CREDITS)).unwrap();
    }
}
