//! Runs: history imported once. A run is known by its name and submit time; one already there
//! is left as it is (whatever happened to it since: imported runs are never updated), and
//! `--prune` never removes runs.

use super::contents::Ws;
use super::refs::Kind;
use super::{Action, OrgPlanner, Phase};
use crate::domain::Run;
use crate::domain::changes::WorkspaceChange;
use crate::domain::run_history::{RunRecord, parse_time};

fn same_run(run: &Run, r: &RunRecord) -> bool {
    run.run_name == r.run_name
        && match (parse_time(&run.submit), parse_time(&r.submit)) {
            (Ok(a), Ok(b)) => a == b,
            _ => run.submit == r.submit,
        }
}

impl<'a> OrgPlanner<'a> {
    pub(super) fn plan_runs(&mut self, ws: Ws<'a>) {
        for r in &ws.d.runs {
            let object = format!("run {} ({})", r.run_name, r.submit);
            self.check_run_refs(ws, r, &object);
            let existing =
                ws.c.and_then(|c| c.runs.iter().find(|run| same_run(run, r)));
            match existing {
                Some(run) if run.status == r.status => {
                    let detail = r.status.to_string();
                    self.push_in(ws, Phase::Runs, Action::Unchanged, object, detail, None)
                }
                Some(run) => {
                    let detail = format!(
                        "{} here, {} in the file (imported runs are not updated)",
                        run.status, r.status
                    );
                    self.push_in(ws, Phase::Runs, Action::Unchanged, object, detail, None)
                }
                None => {
                    let detail = r.status.to_string();
                    let change = WorkspaceChange::ImportRuns(vec![r.clone()]);
                    self.push_in(
                        ws,
                        Phase::Runs,
                        Action::Create,
                        object,
                        detail,
                        Some(change),
                    );
                }
            }
        }
    }

    /// The pipeline must exist; the compute env too, unless the entry gives the platform of
    /// one that no longer exists.
    fn check_run_refs(&mut self, ws: Ws<'a>, r: &RunRecord, object: &str) {
        let at = format!("workspace {}/{} {object}", self.org(), ws.d.name);
        if let Some(p) = &r.pipeline {
            self.check_ref(ws, &at, Kind::Pipeline, p);
        }
        if let Some(env) = r.compute_env.as_deref().filter(|e| !e.is_empty())
            && r.platform.is_none()
        {
            self.check_ref(ws, &at, Kind::ComputeEnv, env);
        }
    }
}
