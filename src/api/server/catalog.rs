//! What a client may choose from: the action trigger types (`GET /actions/types`), the compute
//! platforms with the credentials each takes (`GET /platforms`), and a launch configuration by
//! its id (`GET /launch/{launchId}`), and the variables a resource label's value may hold
//! (`GET /labels/dynamic/allowed`).

use super::AppState;
use super::auth::Caller;
use super::errors::ApiError;
use super::extract::{Path, Query, WorkspaceParams};
use super::json::Json;
use crate::api::convert::launch::pipeline_of_launch;
use crate::api::convert::pipelines::launch_dto;
use crate::api::dto::actions::{EventType, ListEventTypesResponse};
use crate::api::dto::compute::{ComputePlatform, ListPlatformsResponse};
use crate::api::dto::labels::AllowedDynamicLabelsResponse;
use crate::api::dto::launch::DescribeLaunchResponse;
use crate::domain::labels::DYNAMIC_VALUES;
use crate::domain::{ActionSource, Error, Platform};
use axum::Router;
use axum::extract::State;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/actions/types", get(action_types))
        .route("/platforms", get(platforms))
        .route("/launch/{launchId}", get(launch))
        .route("/labels/dynamic/allowed", get(dynamic_labels))
}

/// The domain's list, the same one the label rules accept.
async fn dynamic_labels(Caller(_): Caller) -> Json<AllowedDynamicLabelsResponse> {
    Json(AllowedDynamicLabelsResponse {
        values: Some(DYNAMIC_VALUES.iter().map(|v| v.to_string()).collect()),
    })
}

/// The triggers nfdeck runs; the spec's `bucket` and `cron` are not among them.
async fn action_types(Caller(_): Caller) -> Json<ListEventTypesResponse> {
    let types = ActionSource::ALL
        .into_iter()
        .map(|source| {
            let (display, description) = source.describe();
            EventType {
                source: Some(source.as_str().to_string()),
                display: Some(display.to_string()),
                description: Some(description.to_string()),
                enabled: Some(true),
            }
        })
        .collect();
    Json(ListEventTypesResponse {
        event_types: Some(types),
    })
}

/// Every platform a compute environment can be created on here, with its credentials
/// providers (none for local).
async fn platforms(Caller(_): Caller) -> Json<ListPlatformsResponse> {
    let platforms = Platform::ALL
        .into_iter()
        .map(|p| ComputePlatform {
            id: Some(p.as_str().to_string()),
            name: Some(p.display_name().to_string()),
            credentials_providers: Some(
                p.providers()
                    .iter()
                    .map(|c| c.as_str().to_string())
                    .collect(),
            ),
        })
        .collect();
    Json(ListPlatformsResponse {
        platforms: Some(platforms),
    })
}

/// A saved pipeline's launch configuration by its launch id (what `GET /pipelines/{id}/launch`
/// and actions report as `launch.id`).
async fn launch(
    State(s): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(ws): Query<WorkspaceParams>,
) -> Result<Json<DescribeLaunchResponse>, ApiError> {
    let scope = ws.scope();
    let pipeline = pipeline_of_launch(Some(&id))
        .map_err(|_| Error::not_found(format!("launch '{id}' not found")))?;
    let options = s
        .read(actor, move |cx| cx.launch_options(scope, pipeline, None))
        .await?;
    Ok(Json(DescribeLaunchResponse {
        launch: Some(launch_dto(
            &options.pipeline,
            options.default_compute_env.as_ref(),
        )),
    }))
}
