//! Nextflow progress reports, recorded one at a time or a whole group commit's at once.
//!
//! Every running pipeline sends one every second. Each report is checked on its own (the
//! caller's role, the run's status, the values), but the reports that pass are read and
//! written together: on PostgreSQL that is two statements for the group instead of a
//! savepoint, a read and a write per report (see `store::task_reports`).

use super::access_memo::AccessMemo;
use super::runs::run_not_found;
use super::secrets::Keyring;
use super::store::db::Db;
use super::store::task_reports::{self, ReportTarget, ReportWrite, Reported};
use super::store::{self, workspaces::WorkspaceRow};
use super::tokens::token_holder;
use super::{Actor, Ctx};
use crate::domain::runs::{RunEvent, check_event};
use crate::domain::{
    Error, ErrorKind, Permission, Result, ResultExt, Run, Scope, Task, TraceProgress, UserId,
    WorkflowStatus,
};
use std::collections::HashSet;

/// A progress report as Nextflow sent it.
pub struct ProgressReport<'a> {
    pub scope: Scope,
    pub run_id: String,
    /// The report, made from the run as stored (a report without usage keeps the run's).
    pub report: Box<dyn FnOnce(&Run) -> TraceProgress + Send + 'a>,
    /// The tasks that changed since the last report: each replaces what was stored for its
    /// task id, and the run's usage becomes that of all its stored tasks.
    pub tasks: Vec<Task>,
}

/// Who sent a report.
pub enum Reporter {
    /// An actor the caller already knows.
    Actor(Actor),
    /// A server's caller, known by the access token of their request. The token is looked up
    /// on the writer, once per token in a group, rather than by a read of its own on every
    /// request: Nextflow sends a report every second for every running pipeline.
    Token {
        token: String,
        /// The user whose tokens act as the operator, if any.
        operator: Option<UserId>,
    },
}

/// What the engine needs to record reports, whoever sent each.
pub(super) struct Recorder<'a> {
    pub conn: &'a Db,
    pub keys: &'a Keyring,
    /// What the group commit has learnt about tokens, workspaces and roles (see
    /// `access_memo`).
    pub memo: Option<&'a AccessMemo>,
}

/// A report that passed its access check.
struct Admitted<'a> {
    index: usize,
    ws: WorkspaceRow,
    report: ProgressReport<'a>,
}

/// A report that passed every check, ready to store.
struct Checked {
    index: usize,
    ws: WorkspaceRow,
    target: ReportTarget,
    progress: TraceProgress,
    tasks: Vec<Task>,
    status: WorkflowStatus,
}

impl Checked {
    fn write(&self) -> ReportWrite<'_> {
        ReportWrite {
            target: &self.target,
            progress: &self.progress,
            tasks: &self.tasks,
            status: self.status,
        }
    }
}

type Outcomes = Vec<Option<Result<WorkspaceRow>>>;

impl Recorder<'_> {
    /// Records `reports`, each as its sender, and gives each one's outcome (its run's
    /// workspace, or why it was refused or failed) in their order. A report that fails
    /// changes nothing, and the others are kept. A single report's failed write is left for
    /// the caller to undo (its own savepoint); with more, each failure is undone here.
    /// `Err` means a statement failed that left the transaction to the caller to roll back.
    pub fn record(
        &self,
        reports: Vec<(Reporter, ProgressReport)>,
    ) -> Result<Vec<Result<WorkspaceRow>>> {
        let isolate = reports.len() > 1;
        let mut outcomes: Outcomes = reports.iter().map(|_| None).collect();
        let mut admitted = self.admit(reports, &mut outcomes)?;
        while !admitted.is_empty() {
            let round = take_round(&mut admitted);
            let checked = self.check(round, &mut outcomes)?;
            self.store(checked, isolate, &mut outcomes)?;
        }
        Ok(outcomes
            .into_iter()
            .map(|o| o.unwrap_or_else(|| Err(Error::internal("progress report not recorded"))))
            .collect())
    }

    /// The reports whose sender may launch pipelines in the workspace, their tasks stamped
    /// with the time they were received. `Err` on a fault (a failed statement), not a refusal.
    fn admit<'r>(
        &self,
        reports: Vec<(Reporter, ProgressReport<'r>)>,
        outcomes: &mut Outcomes,
    ) -> Result<Vec<Admitted<'r>>> {
        let now = store::now();
        let mut admitted = Vec::with_capacity(reports.len());
        for (index, (reporter, mut report)) in reports.into_iter().enumerate() {
            let ws = self.actor(reporter).and_then(|actor| {
                let cx = Ctx {
                    conn: self.conn,
                    actor: &actor,
                    keys: self.keys,
                    memo: self.memo,
                };
                cx.require_scope(report.scope, Permission::LaunchPipelines)
            });
            match ws {
                Ok((ws, _)) => {
                    for task in &mut report.tasks {
                        task.last_updated = Some(now.clone());
                    }
                    admitted.push(Admitted { index, ws, report });
                }
                // On PostgreSQL a failed statement aborts the transaction: nothing after it
                // may be kept.
                Err(e) if is_fault(&e) => return Err(e),
                Err(e) => outcomes[index] = Some(Err(e)),
            }
        }
        Ok(admitted)
    }

    /// Who sent a report: a token is looked up once per group, and its use recorded when
    /// the last record is stale (in the group's transaction: a use is not worth a commit).
    fn actor(&self, reporter: Reporter) -> Result<Actor> {
        let (token, operator) = match reporter {
            Reporter::Actor(actor) => return Ok(actor),
            Reporter::Token { token, operator } => (token, operator),
        };
        if let Some(known) = self.memo.and_then(|memo| memo.token(&token)) {
            return known;
        }
        let holder = match token_holder(self.conn, &token) {
            Ok((mut actor, stale_use)) => {
                if let Some(id) = stale_use {
                    store::tokens::touch(self.conn, id, &store::now())?;
                }
                actor.operator = operator == Some(actor.user_id);
                Ok(actor)
            }
            Err(e) if is_fault(&e) => return Err(e),
            Err(e) => Err(e),
        };
        if let Some(memo) = self.memo {
            memo.keep_token(&token, &holder);
        }
        holder
    }

    /// Reads the runs of `round` in one statement and checks each report against its run.
    fn check(&self, round: Vec<Admitted>, outcomes: &mut Outcomes) -> Result<Vec<Checked>> {
        let reads: Vec<Reported> = round
            .iter()
            .map(|a| Reported {
                ws: a.ws.id,
                run_id: &a.report.run_id,
                tasks: &a.report.tasks,
            })
            .collect();
        let targets = task_reports::report_targets(self.conn, &reads)?;
        let mut checked = Vec::with_capacity(round.len());
        for (admitted, target) in round.into_iter().zip(targets) {
            let index = admitted.index;
            match check_one(admitted, target) {
                Ok(report) => checked.push(report),
                Err(e) => outcomes[index] = Some(Err(e)),
            }
        }
        Ok(checked)
    }

    /// Stores the checked reports together; if that fails (and `isolate`), one by one, so
    /// that only the failing ones fail.
    fn store(&self, checked: Vec<Checked>, isolate: bool, outcomes: &mut Outcomes) -> Result<()> {
        if checked.is_empty() {
            return Ok(());
        }
        let writes: Vec<ReportWrite> = checked.iter().map(Checked::write).collect();
        if !isolate {
            let stored = task_reports::store_reports(self.conn, &writes);
            return settle(checked, stored, outcomes);
        }
        // Sent with the write it protects, in its round trip.
        self.conn
            .send_with_next("SAVEPOINT reports")
            .map_err(store::sql)?;
        let stored = task_reports::store_reports(self.conn, &writes);
        if stored.is_ok() {
            // Left open: the group's next savepoint or its commit releases it, which saves
            // PostgreSQL a round trip.
            return settle(checked, stored, outcomes);
        }
        self.savepoint("ROLLBACK TO reports")?;
        if writes.len() == 1 {
            return settle(checked, stored, outcomes);
        }
        tracing::warn!(
            reports = writes.len(),
            "progress reports stored together failed; storing them one by one"
        );
        for (report, write) in checked.iter().zip(&writes) {
            let stored = task_reports::store_reports(self.conn, std::slice::from_ref(write));
            let next = match stored {
                Ok(()) => "RELEASE reports; SAVEPOINT reports",
                Err(_) => "ROLLBACK TO reports",
            };
            self.savepoint(next)?;
            outcomes[report.index] = Some(stored.map(|()| report.ws.clone()));
        }
        self.savepoint("RELEASE reports")
    }

    fn savepoint(&self, statement: &str) -> Result<()> {
        self.conn.execute_batch(statement).map_err(store::sql)
    }
}

/// A failed statement or a lost connection, rather than a refusal.
fn is_fault(e: &Error) -> bool {
    matches!(e.kind, ErrorKind::Internal | ErrorKind::Busy)
}

/// Every report of `checked` has the outcome of storing them together.
fn settle(checked: Vec<Checked>, stored: Result<()>, outcomes: &mut Outcomes) -> Result<()> {
    for report in checked {
        outcomes[report.index] = Some(stored.clone().map(|()| report.ws));
    }
    Ok(())
}

/// The report's run exists in its workspace, may report progress, and the values hold.
fn check_one(admitted: Admitted, target: Option<ReportTarget>) -> Result<Checked> {
    let Admitted { index, ws, report } = admitted;
    let target = target.ok_or_else(|| run_not_found(&ws, &report.run_id))?;
    let run = &target.run;
    let progress = (report.report)(run);
    let status = check_event(&run.run_name, run.status, RunEvent::Progress)?;
    progress.check().about(format!("run '{}'", run.run_name))?;
    Ok(Checked {
        index,
        ws,
        target,
        progress,
        tasks: report.tasks,
        status,
    })
}

/// The longest run of reports at the front of `admitted` with no run twice (a report must
/// read what the one before it of the same run stored), taken off it.
fn take_round<'r>(admitted: &mut Vec<Admitted<'r>>) -> Vec<Admitted<'r>> {
    let mut seen = HashSet::new();
    let end = admitted
        .iter()
        .position(|a| !seen.insert(a.report.run_id.clone()))
        .unwrap_or(admitted.len());
    let rest = admitted.split_off(end);
    std::mem::replace(admitted, rest)
}
