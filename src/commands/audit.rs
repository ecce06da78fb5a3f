//! `nfdeck audit [--since] [--who] [--what] [--search] [--limit] [--json]`: the audit log,
//! newest first, from the embedded engine or a server's `/admin/audit-logs-v2`.

use super::Context;
use crate::cli::{AuditArgs, GlobalArgs};
use crate::domain::{AuditEntry, AuditFilter, Error, Page, Paged, Result};
use std::process::ExitCode;

pub async fn run(ctx: &Context, global: &GlobalArgs, args: &AuditArgs) -> Result<ExitCode> {
    let client = ctx.client(global).await?;
    let filter = AuditFilter {
        since: args.since.clone(),
        who: args.who.clone(),
        what: args.what.clone(),
        ..AuditFilter::default()
    }
    .with_search(args.search.as_deref().unwrap_or(""));
    let log = client.audit_log(filter, Page::first(args.limit)).await?;
    if args.json {
        let text = serde_json::to_string_pretty(&document(&log))
            .map_err(|e| Error::internal(format!("cannot write JSON: {e}")))?;
        println!("{text}");
    } else {
        print!("{}", table(&log));
    }
    Ok(ExitCode::SUCCESS)
}

fn document(log: &Paged<AuditEntry>) -> serde_json::Value {
    serde_json::json!({ "total": log.total, "entries": log.items })
}

/// WHEN, WHO, ACTION, OBJECT columns, and how many of how many were shown.
fn table(log: &Paged<AuditEntry>) -> String {
    let rows: Vec<[String; 4]> = log
        .items
        .iter()
        .map(|e| {
            [
                e.at.clone(),
                e.actor.clone(),
                e.action.clone(),
                format!("{} {}", e.object_type, e.object_name),
            ]
        })
        .collect();
    let header = ["WHEN", "WHO", "ACTION", "OBJECT"].map(str::to_string);
    let width = |i: usize| {
        rows.iter()
            .chain([&header])
            .map(|r| r[i].chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2)];
    let line = |r: &[String; 4]| {
        format!(
            "{:w0$}  {:w1$}  {:w2$}  {}\n",
            r[0],
            r[1],
            r[2],
            r[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        )
    };
    let mut out = line(&header);
    rows.iter().for_each(|r| out.push_str(&line(r)));
    out.push_str(&format!("{} of {} changes\n", log.items.len(), log.total));
    out
}
