//! Runs: history imported once. A run is known by its name and submit time; one already there
//! is left as it is (whatever happened to it since: imported runs are never updated), and
//! `--prune` never removes runs.

use super::contents::Ws;
use super::refs::Kind;
use super::{Action, OrgPlanner, Phase};
use crate::domain::Run;
use crate::domain::changes::WorkspaceChange;
use crate::domain::run_history::{RunRecord, parse_time};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// What tells runs apart: the name, and the submit time as a time (the same instant written
/// two ways is the same run), or as written when it does not parse.
type RunKey<'s> = (&'s str, Result<DateTime<Utc>, &'s str>);

fn key<'s>(run_name: &'s str, submit: &'s str) -> RunKey<'s> {
    (run_name, parse_time(submit).map_err(|_| submit))
}

/// The workspace's runs by key, built once: looking each file entry up among a workspace's
/// runs one by one made an apply of 300,000 runs quadratic.
fn by_key(runs: &[Run]) -> HashMap<RunKey<'_>, &Run> {
    let mut map = HashMap::with_capacity(runs.len());
    for run in runs {
        // The first of a (never expected) pair, as a search in list order would find.
        map.entry(key(&run.run_name, &run.submit)).or_insert(run);
    }
    map
}

impl<'a> OrgPlanner<'a> {
    pub(super) fn plan_runs(&mut self, ws: Ws<'a>) {
        let existing_runs = ws.c.map(|c| by_key(&c.runs)).unwrap_or_default();
        for r in &ws.d.runs {
            let object = format!("run {} ({})", r.run_name, r.submit);
            self.check_run_refs(ws, r, &object);
            let existing = existing_runs.get(&key(&r.run_name, &r.submit)).copied();
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
