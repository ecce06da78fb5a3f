//! The audit log as the spec has it: `GET /admin/audit-logs-v2` (newest first, paged by
//! `nextPageToken`, filtered by a timestamp range and nfdeck's own `nfdeckWho`, `nfdeckWhat`,
//! `nfdeckSearch`) and `GET /admin/audit-logs-v2/{auditLogId}` (with `attributes=state`, the
//! before and after images). Only the operator reads it (see `engine::audit`); anyone else
//! gets 403. The page token is the id of the page's last entry (keyset paging: a new change
//! never shifts the next page).

use super::AppState;
use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Path, Query};
use super::json::Json;
use crate::api::convert::audit::audit_v2_dto;
use crate::api::dto::audit::{AuditLogV2Params, AuditLogV2ResponseDto, ListAuditLogV2Response};
use crate::domain::audit::parse_time;
use crate::domain::{AuditFilter, Error, Page, Result};
use axum::Router;
use axum::extract::State;
use axum::routing::get;

/// A page when `max` is not given: the log is long, one screenful is what is read.
const DEFAULT_MAX: u32 = 100;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/audit-logs-v2", get(list))
        .route("/admin/audit-logs-v2/{auditLogId}", get(describe))
}

async fn list(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(params): Query<AuditLogV2Params>,
) -> Result<Json<ListAuditLogV2Response>, ApiError> {
    let with_state = wants_state(&params.attributes);
    let (filter, page) = query(params)?;
    let max = page.max as usize;
    let paged = s
        .read(actor, move |cx| cx.audit_log(&filter, &page))
        .await?;
    // More to read when this page is full and the filter matched more than it holds.
    let next = (paged.items.len() == max && paged.total > max as u64)
        .then(|| paged.items.last().map(|e| e.id.to_string()))
        .flatten();
    Ok(Json(ListAuditLogV2Response {
        audit_logs: Some(
            paged
                .items
                .iter()
                .map(|e| audit_v2_dto(e, with_state))
                .collect(),
        ),
        next_page_token: next,
        nfdeck_total_size: Some(paged.total as i64),
    }))
}

async fn describe(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<i64>,
    Query(params): Query<AuditLogV2Params>,
) -> Result<Json<AuditLogV2ResponseDto>, ApiError> {
    let with_state = wants_state(&params.attributes);
    let entry = s.read(actor, move |cx| cx.audit_entry(id)).await?;
    Ok(Json(audit_v2_dto(&entry, with_state)))
}

/// `attributes=state` (a comma-separated list in the spec's `explode: false` form).
fn wants_state(attributes: &Option<String>) -> bool {
    attributes
        .as_deref()
        .is_some_and(|a| a.split(',').any(|x| x.trim() == "state"))
}

/// The engine's filter and page from the query; a bad value is a 400 naming the parameter.
fn query(p: AuditLogV2Params) -> Result<(AuditFilter, Page)> {
    let now = chrono::Utc::now();
    let time = |name: &str, v: Option<String>| v.map(|t| parse_time(name, &t, now)).transpose();
    let before_id = match p.next_page_token {
        None => None,
        Some(t) => Some(t.parse::<i64>().map_err(|_| {
            Error::invalid(format!(
                "nextPageToken: '{t}' is not a page token this server handed out"
            ))
        })?),
    };
    let max = match p.max {
        None => DEFAULT_MAX,
        Some(m) if m < 1 => return Err(Error::invalid("max must be at least 1")),
        Some(m) => m.min(i64::from(Page::MAX)) as u32,
    };
    let filter = AuditFilter {
        since: time("timestampAfterOrEqual", p.timestamp_after_or_equal)?,
        until: time("timestampBeforeOrEqual", p.timestamp_before_or_equal)?,
        who: p.nfdeck_who.filter(|w| !w.trim().is_empty()),
        what: p.nfdeck_what.filter(|w| !w.trim().is_empty()),
        before_id,
        ..AuditFilter::default()
    }
    .with_search(p.nfdeck_search.as_deref().unwrap_or(""));
    Ok((filter, Page::first(max)))
}
