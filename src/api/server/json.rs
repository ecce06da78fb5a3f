//! JSON response bodies. The same as `axum::Json` on the wire, but written into a plain byte
//! vector sized for a page: axum writes through a `BytesMut` writer that starts at 128 bytes,
//! and on a page of runs (30 KB) those small appends and regrowths took longer than the
//! serialization itself.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Room for a typical page of rows before the buffer has to grow.
const INITIAL_CAPACITY: usize = 16 * 1024;

pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        let mut body = Vec::with_capacity(INITIAL_CAPACITY);
        match serde_json::to_writer(&mut body, &self.0) {
            Ok(()) => (
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                )],
                body,
            )
                .into_response(),
            Err(e) => {
                tracing::error!(error = %e, "a response could not be written as JSON");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal server error (the server log has the details)",
                )
                    .into_response()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::to_bytes;

    #[tokio::test]
    async fn writes_the_value_as_json_with_its_content_type() {
        let response =
            Json(serde_json::json!({"workflows": [{"id": "r1"}], "totalSize": 1})).into_response();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            HeaderValue::from_static("application/json")
        );
        let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let back: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(back["workflows"][0]["id"], "r1");
        assert_eq!(back["totalSize"], 1);
    }
}
