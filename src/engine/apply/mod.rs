//! Runs the changes of an `apply` in the caller's transaction, through the one dispatcher
//! (`domain::changes::apply_change`) over the engine's primitives (`target`), so that a change
//! can refer to what an earlier change in the same transaction created.

mod target;

use super::Ctx;
use crate::domain::changes::{Change, apply_change, total_steps};
use crate::domain::{Error, Result};
use futures::FutureExt;

impl Ctx<'_> {
    /// Applies every change in order; the first failure names its object and stops.
    pub fn apply_changes(&self, changes: &[Change]) -> Result<()> {
        self.apply_changes_reporting(changes, &|_, _| {})
    }

    /// `apply_changes`, telling `progress` how many steps (`Change::steps`) are done after
    /// each change and after each imported run.
    pub fn apply_changes_reporting(
        &self,
        changes: &[Change],
        progress: &dyn Fn(u64, u64),
    ) -> Result<()> {
        let total = total_steps(changes);
        let mut done = 0;
        for change in changes {
            let before = done;
            let mut runs_done = |runs| progress(before + runs, total);
            // The engine's primitives never wait (they are SQL on this thread), so the
            // dispatcher's future is ready the first time it is polled.
            apply_change(self, change, &mut runs_done)
                .now_or_never()
                .unwrap_or_else(|| Err(Error::internal("an engine apply step did not complete")))
                .map_err(|e| change.failed(e))?;
            done += change.steps();
            progress(done, total);
        }
        Ok(())
    }
}
