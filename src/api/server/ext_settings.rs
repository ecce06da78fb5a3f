//! Extension endpoints for what the public API has no endpoint for in the workspace areas:
//! credits (balances, allocations, transfers), usage against limits, and launch options. They
//! answer with the domain's own types as JSON. Amounts arrive as JSON numbers and are read with
//! `Credits::amount`, the same rule (and message) as the TUI and the file format.

use super::AppState;
use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Body, Path, Query, WorkspaceParams};
use super::json::Json;
use crate::api::EXT_PREFIX;
use crate::api::convert::required;
use crate::api::dto::pipelines::PipelineParams;
use crate::api::dto::{
    ExtSetAllocationRequest, ExtSetCreditsRequest, ExtTransferRequest, ExtUsageResponse,
};
use crate::domain::{
    CreditTransfer, Credits, LaunchOptions, OrgBilling, OrgId, PipelineId, Scope, WorkspaceCredits,
    WorkspaceId,
};
use axum::Router;
use axum::extract::State;
use axum::routing::{get, post, put};

pub fn routes() -> Router<AppState> {
    let p = EXT_PREFIX;
    Router::new()
        .route(&format!("{p}/credits"), get(credits))
        .route(&format!("{p}/usage"), get(usage))
        .route(&format!("{p}/orgs/{{orgId}}/billing"), get(billing))
        .route(&format!("{p}/orgs/{{orgId}}/credits"), put(set_credits))
        .route(
            &format!("{p}/orgs/{{orgId}}/workspaces/{{workspaceId}}/allocation"),
            put(set_allocation),
        )
        .route(&format!("{p}/orgs/{{orgId}}/transfers"), post(transfer))
        .route(
            &format!("{p}/pipelines/{{pipelineId}}/launch-options"),
            get(launch_options),
        )
}

async fn credits(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(ws): Query<WorkspaceParams>,
) -> Result<Json<WorkspaceCredits>, ApiError> {
    let scope = ws.scope();
    Ok(Json(
        s.read(actor, move |cx| cx.workspace_credits(scope)).await?,
    ))
}

async fn usage(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(ws): Query<WorkspaceParams>,
) -> Result<Json<ExtUsageResponse>, ApiError> {
    let scope = ws.scope();
    let (pipelines, labels) = s
        .read(actor, move |cx| {
            Ok((cx.pipeline_usage(scope)?, cx.label_usage(scope)?))
        })
        .await?;
    Ok(Json(ExtUsageResponse { pipelines, labels }))
}

async fn billing(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(org): Path<OrgId>,
) -> Result<Json<OrgBilling>, ApiError> {
    Ok(Json(s.read(actor, move |cx| cx.org_billing(org)).await?))
}

async fn set_credits(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(org): Path<OrgId>,
    Body(req): Body<ExtSetCreditsRequest>,
) -> Result<Json<OrgBilling>, ApiError> {
    let credits = Credits::amount("credits", required(req.credits, "credits")?)?;
    Ok(Json(
        s.write(actor, move |cx| cx.set_org_credits(org, credits))
            .await?,
    ))
}

async fn set_allocation(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path((org, ws)): Path<(OrgId, WorkspaceId)>,
    Body(req): Body<ExtSetAllocationRequest>,
) -> Result<Json<OrgBilling>, ApiError> {
    let allocation = req
        .allocation
        .map(|a| Credits::amount("allocation", a))
        .transpose()?;
    Ok(Json(
        s.write(actor, move |cx| cx.set_allocation(org, ws, allocation))
            .await?,
    ))
}

async fn transfer(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(org): Path<OrgId>,
    Body(req): Body<ExtTransferRequest>,
) -> Result<Json<CreditTransfer>, ApiError> {
    let from = required(req.from_workspace_id, "fromWorkspaceId")?;
    let to = required(req.to_workspace_id, "toWorkspaceId")?;
    let amount = Credits::amount("amount", required(req.amount, "amount")?)?;
    Ok(Json(
        s.write(actor, move |cx| cx.transfer_credits(org, from, to, amount))
            .await?,
    ))
}

async fn launch_options(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<PipelineId>,
    Query(params): Query<PipelineParams>,
) -> Result<Json<LaunchOptions>, ApiError> {
    let scope = Scope::from_workspace_id(params.workspace_id);
    let source = params.source_workspace_id;
    Ok(Json(
        s.read(actor, move |cx| cx.launch_options(scope, id, source))
            .await?,
    ))
}
