//! The one place where domain errors become HTTP answers: a status from the error's kind and an
//! `ErrorResponse` body (`{"message": ...}`).

use super::json::Json;
use crate::api::dto::ErrorResponse;
use crate::api::{ERROR_KIND_HEADER, LIMIT_EXCEEDED};
use crate::domain::{Error, ErrorKind};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// A failed request; any handler can return it with `?`.
#[derive(Debug)]
pub struct ApiError {
    error: Error,
    /// Set for rejections whose status says more than the kind (413 for a body too large).
    status: Option<StatusCode>,
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        Self {
            error,
            status: None,
        }
    }
}

impl ApiError {
    /// A request the framework rejected (bad JSON, query or path): 413 stays 413, every other
    /// rejection is a 400, and the message says what was wrong.
    pub fn rejected(status: StatusCode, message: impl Into<String>) -> Self {
        let status = if status == StatusCode::PAYLOAD_TOO_LARGE {
            status
        } else {
            StatusCode::BAD_REQUEST
        };
        Self {
            error: Error::invalid(message),
            status: Some(status),
        }
    }

    /// An answer with exactly `status` (405 for a method a path does not take).
    pub fn rejected_as(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            error: Error::invalid(message),
            status: Some(status),
        }
    }
}

/// How long a client is asked to wait before it tries a write again after a 503 (busy).
pub const RETRY_AFTER_SECS: u32 = 2;

/// The HTTP status of each kind of error.
pub fn status_of(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::Invalid | ErrorKind::LimitExceeded => StatusCode::BAD_REQUEST,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::Conflict => StatusCode::CONFLICT,
        ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        ErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorKind::Unavailable => StatusCode::NOT_IMPLEMENTED,
        ErrorKind::Network | ErrorKind::Server => StatusCode::BAD_GATEWAY,
        ErrorKind::Busy => StatusCode::SERVICE_UNAVAILABLE,
        ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status.unwrap_or_else(|| status_of(self.error.kind));
        let limit = self.error.kind == ErrorKind::LimitExceeded;
        let message = if self.error.kind == ErrorKind::Internal {
            // Storage faults can name files and statements: they stay in the server's log.
            tracing::error!(error = %self.error, "internal error");
            "internal server error (the server log has the details)".to_string()
        } else {
            self.error.message
        };
        let mut response = (status, Json(ErrorResponse::new(message))).into_response();
        if limit {
            response
                .headers_mut()
                .insert(ERROR_KIND_HEADER, HeaderValue::from_static(LIMIT_EXCEEDED));
        }
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
        }
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"nfdeck\""),
            );
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_status() {
        assert_eq!(status_of(ErrorKind::Invalid), StatusCode::BAD_REQUEST);
        assert_eq!(status_of(ErrorKind::LimitExceeded), StatusCode::BAD_REQUEST);
        assert_eq!(status_of(ErrorKind::NotFound), StatusCode::NOT_FOUND);
        assert_eq!(status_of(ErrorKind::Conflict), StatusCode::CONFLICT);
        assert_eq!(status_of(ErrorKind::Forbidden), StatusCode::FORBIDDEN);
        assert_eq!(status_of(ErrorKind::Unauthorized), StatusCode::UNAUTHORIZED);
        assert_eq!(status_of(ErrorKind::Busy), StatusCode::SERVICE_UNAVAILABLE);
    }

    #[test]
    fn internal_details_stay_out_of_answers() {
        let r =
            ApiError::from(Error::internal("storage error: disk I/O at /srv/x.db")).into_response();
        assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let r = ApiError::rejected(StatusCode::UNPROCESSABLE_ENTITY, "bad").into_response();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let r = ApiError::rejected(StatusCode::PAYLOAD_TOO_LARGE, "big").into_response();
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }
}
