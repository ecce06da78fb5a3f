//! Extractors whose rejections are `ApiError`s: a bad JSON body, query or path is a 400 with a
//! message (a body over the limit is a 413), never a panic or a 500.

use super::bodies::{self, RequestBody};
use super::errors::ApiError;
use super::strict;
use crate::api::dto::ListParams;
use crate::domain::{Error, Page, Result};
use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

/// A JSON request body, checked against its type's rules (`bodies::RequestBody`): a JSON
/// object, with the keys the request needs, no keys its type does not have (unless its
/// clients send more), and the right types; otherwise a 400 naming the field.
pub struct Body<T>(pub T);

impl<S, T> FromRequest<S> for Body<T>
where
    S: Send + Sync,
    T: RequestBody,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let value = match axum::Json::<serde_json::Value>::from_request(req, state).await {
            Ok(axum::Json(value)) => value,
            Err(e) => return Err(json_rejection(e)),
        };
        // Checked first: the required keys of `[]` are all "missing", which says less.
        strict::require_object(&value).map_err(|e| Error::invalid(e.to_string()))?;
        if let Some(message) = bodies::missing::<T>(&value) {
            return Err(Error::invalid(message).into());
        }
        strict::decode(value, T::UNKNOWN_KEYS)
            .map(Body)
            .map_err(|e| Error::invalid(e.to_string()).into())
    }
}

fn json_rejection(e: JsonRejection) -> ApiError {
    let message = match &e {
        JsonRejection::MissingJsonContentType(_) => NOT_JSON.to_string(),
        _ => e.body_text(),
    };
    ApiError::rejected(e.status(), message)
}

const NOT_JSON: &str = "the request body must be JSON, sent with `Content-Type: application/json`";

/// A JSON body's bytes, read but not decoded, for a body decoded its own way (`trace_body`):
/// refused as `Body` refuses it when it is not sent as JSON or is over the limit.
pub async fn json_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    if !sent_as_json(req.headers()) {
        return Err(ApiError::rejected(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            NOT_JSON,
        ));
    }
    Bytes::from_request(req, state)
        .await
        .map_err(|e| ApiError::rejected(e.status(), e.body_text()))
}

/// `bytes` (from `json_bytes`) as a JSON value, or the 400 `Body` gives for bad JSON.
pub fn json_value(bytes: &[u8]) -> Result<serde_json::Value, ApiError> {
    axum::Json::from_bytes(bytes)
        .map(|axum::Json(value)| value)
        .map_err(json_rejection)
}

/// Whether `Content-Type` says JSON, as axum's `Json` reads it: `application/json` or
/// `application/<anything>+json`, parameters allowed.
fn sent_as_json(headers: &HeaderMap) -> bool {
    let Some(essence) = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
    else {
        return false;
    };
    let essence = essence.trim().to_ascii_lowercase();
    match essence.split_once('/') {
        Some(("application", subtype)) => subtype == "json" || subtype.ends_with("+json"),
        _ => false,
    }
}

/// Query parameters.
pub struct Query<T>(pub T);

impl<S, T> FromRequestParts<S> for Query<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| Query(q.0))
            .map_err(|e: QueryRejection| ApiError::rejected(e.status(), e.body_text()))
    }
}

/// Path parameters.
pub struct Path<T>(pub T);

impl<S, T> FromRequestParts<S> for Path<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| Path(p.0))
            .map_err(|e: PathRejection| ApiError::rejected(e.status(), e.body_text()))
    }
}

/// A page from `max`, `offset` and `search`. Without `max` a page holds `Page::MAX` items, and
/// a larger `max` is cut to it: clients page on with `totalSize`.
pub fn page(p: ListParams) -> Result<Page> {
    let max = match p.max {
        None => Page::MAX,
        Some(m) if m < 0 => return Err(Error::invalid("max must not be negative")),
        Some(m) => (m as u32).min(Page::MAX),
    };
    let offset = match p.offset {
        None => 0,
        Some(o) if o < 0 => return Err(Error::invalid("offset must not be negative")),
        Some(o) => o as u32,
    };
    let page = Page {
        max,
        offset,
        search: None,
    };
    Ok(match p.search {
        Some(s) => page.with_search(s),
        None => page,
    })
}

/// The `name` of a `validate` request.
pub fn name_param(name: Option<String>) -> Result<String> {
    name.filter(|n| !n.is_empty())
        .ok_or_else(|| Error::invalid("the query parameter `name` is required"))
}

/// The query of a workspace-scoped `validate` request (`workspaceId`, `name`), shared by the
/// actions, credentials, compute envs, pipelines and pipeline secrets endpoints.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NameInWorkspace {
    workspace_id: Option<i64>,
    name: Option<String>,
}

impl NameInWorkspace {
    /// Runs the engine's `check` for the name in the workspace: 204 when it passes, the
    /// check's 4xx (400 invalid, 409 taken) when it does not.
    pub async fn check(
        self,
        state: &super::ServerState,
        actor: crate::engine::Actor,
        check: fn(&crate::engine::Ctx, crate::domain::Scope, &str) -> Result<()>,
    ) -> std::result::Result<axum::http::StatusCode, ApiError> {
        let name = name_param(self.name)?;
        let scope = crate::domain::Scope::from_workspace_id(self.workspace_id);
        state.read(actor, move |cx| check(cx, scope, &name)).await?;
        Ok(super::NO_CONTENT)
    }
}

/// The `workspaceId` query parameter of workspace-scoped endpoints: absent is the caller's
/// personal workspace (the API's "user context").
#[derive(Clone, Copy, Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceParams {
    pub workspace_id: Option<crate::domain::WorkspaceId>,
}

impl WorkspaceParams {
    pub fn scope(self) -> crate::domain::Scope {
        crate::domain::Scope::from_workspace_id(self.workspace_id)
    }
}

/// Takes a `keyword:value` word out of a search: the value, and the rest of the text.
pub fn split_keyword(search: Option<String>, keyword: &str) -> (Option<String>, Option<String>) {
    let Some(text) = search else {
        return (None, None);
    };
    let prefix = format!("{keyword}:");
    let mut value = None;
    let mut rest = Vec::new();
    for word in text.split_whitespace() {
        match word.strip_prefix(&prefix) {
            Some(v) if !v.is_empty() => value = Some(v.to_string()),
            _ => rest.push(word),
        }
    }
    let rest = rest.join(" ");
    (value, (!rest.is_empty()).then_some(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_bounded() {
        let p = page(ListParams {
            max: Some(5000),
            offset: Some(10),
            search: Some("  ".into()),
        })
        .unwrap();
        assert_eq!((p.max, p.offset, p.search), (Page::MAX, 10, None));
        assert!(
            page(ListParams {
                max: Some(-1),
                ..Default::default()
            })
            .is_err()
        );
        assert_eq!(page(ListParams::default()).unwrap().max, Page::MAX);
    }
}
