//! Labels: list (paged, by type), create, update, delete (`?workspaceId`).

use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Body, Path, Query, WorkspaceParams, page};
use super::json::Json;
use super::{AppState, NO_CONTENT};
use crate::api::convert::labels::{
    created_label, fields_from_create, fields_from_update, label_dto, updated_label,
};
use crate::api::dto::ListParams;
use crate::api::dto::labels::{
    CreateLabelRequest, CreateLabelResponse, ListLabelsParams, ListLabelsResponse,
    UpdateLabelRequest, UpdateLabelResponse,
};
use crate::domain::{LabelId, LabelType, Page, Scope};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, put};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/labels", get(list).post(create))
        .route("/labels/{labelId}", put(update).delete(remove))
}

async fn list(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(params): Query<ListLabelsParams>,
) -> Result<Json<ListLabelsResponse>, ApiError> {
    let scope = Scope::from_workspace_id(params.workspace_id);
    let kind: LabelType = params.r#type.as_deref().unwrap_or("all").parse()?;
    let page = page(ListParams {
        max: params.max,
        offset: params.offset,
        search: params.search,
    })?;
    let only_default = params.is_default;
    let paged = s
        .read(actor, move |cx| cx.list_labels(scope, kind, &page))
        .await?;
    let labels: Vec<_> = paged
        .items
        .iter()
        .filter(|l| only_default.is_none_or(|d| l.is_default == d))
        .map(label_dto)
        .collect();
    Ok(Json(ListLabelsResponse {
        labels: Some(labels),
        total_size: Some(paged.total as i64),
    }))
}

async fn create(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Query(ws): Query<WorkspaceParams>,
    Body(req): Body<CreateLabelRequest>,
) -> Result<Json<CreateLabelResponse>, ApiError> {
    let fields = fields_from_create(req)?;
    let scope = ws.scope();
    let label = s
        .write(actor, move |cx| cx.create_label(scope, &fields))
        .await?;
    Ok(Json(created_label(&label)))
}

/// Name, value and default flag; a label keeps its kind.
async fn update(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<LabelId>,
    Query(ws): Query<WorkspaceParams>,
    Body(req): Body<UpdateLabelRequest>,
) -> Result<Json<UpdateLabelResponse>, ApiError> {
    let scope = ws.scope();
    let label = s
        .write(actor, move |cx| {
            let current = cx
                .list_labels(scope, LabelType::All, &Page::all())?
                .items
                .into_iter()
                .find(|l| l.id == id)
                .ok_or_else(|| crate::domain::Error::not_found(format!("label {id} not found")))?;
            cx.update_label(scope, id, &fields_from_update(req, &current))
        })
        .await?;
    Ok(Json(updated_label(&label)))
}

async fn remove(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<LabelId>,
    Query(ws): Query<WorkspaceParams>,
) -> Result<StatusCode, ApiError> {
    let scope = ws.scope();
    s.write(actor, move |cx| cx.delete_label(scope, id)).await?;
    Ok(NO_CONTENT)
}
