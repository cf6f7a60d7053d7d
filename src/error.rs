//! The error HTTP handlers answer with: a status, and a body that never
//! carries internal detail (5xx causes are logged, not sent). The body is
//! SPEC's JSON error shape; the admin guard turns it into an HTML page for
//! browsers (see `routes::admin::guard`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

#[derive(thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    /// A form or document that failed validation, naming the field.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("log in first")]
    Unauthenticated,
    #[error("your role does not allow this")]
    Forbidden,
    #[error(
        "the request's CSRF token or origin was missing or wrong; reload the page and try again"
    )]
    Csrf,
    #[error("{0}")]
    Conflict(String),
    #[error("too many failed logins; try again in {retry_after} seconds")]
    TooManyRequests { retry_after: i64 },
    /// Every core is busy with work of this kind (hashing passwords).
    #[error("the server is busy; try again in {retry_after} seconds")]
    Busy { retry_after: i64 },
    #[error("the body is larger than this server accepts")]
    PayloadTooLarge,
    /// The body fell behind `FOLIO_BODY_MIN_RATE` (`routes::slow_bodies`).
    #[error("the request's body arrived too slowly")]
    BodyTooSlow,
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The path exists, not with this method; `allow` lists those it has.
    #[error("this path answers {allow} only")]
    MethodNotAllowed { allow: String },
    #[error("the database is unavailable")]
    Database(#[from] sqlx::Error),
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl std::fmt::Debug for AppError {
    /// The whole cause chain, so the request log holds it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self}")?;
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

impl From<crate::auth::password::HashingError> for AppError {
    fn from(e: crate::auth::password::HashingError) -> Self {
        use crate::auth::password::HashingError;
        match e {
            HashingError::Busy => AppError::Busy { retry_after: 1 },
            HashingError::Failed(e) => AppError::Internal(e.into()),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(e.into())
    }
}

/// A JSON body that could not be read: its status says why (SPEC's 413,
/// 415, 400 or 422), its message names the problem and where.
impl From<actix_web::error::JsonPayloadError> for AppError {
    fn from(e: actix_web::error::JsonPayloadError) -> Self {
        use actix_web::error::JsonPayloadError as J;
        match e {
            J::OverflowKnownLength { .. } | J::Overflow { .. } => AppError::PayloadTooLarge,
            J::ContentType => AppError::UnsupportedMediaType("send application/json".into()),
            J::Deserialize(e) if e.is_data() => AppError::invalid("body", e),
            J::Deserialize(e) => AppError::BadRequest(format!("the body is not valid JSON: {e}")),
            other => AppError::BadRequest(other.to_string()),
        }
    }
}

impl AppError {
    pub fn invalid(field: impl Into<String>, message: impl std::fmt::Display) -> AppError {
        AppError::Invalid {
            field: field.into(),
            message: message.to_string(),
        }
    }

    /// Something went wrong inside (logged; its message is not shown), as
    /// against an answer about the request or the server's load.
    pub fn is_failure(&self) -> bool {
        matches!(self, AppError::Database(_) | AppError::Internal(_))
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::BadRequest(_) => "bad_request",
            AppError::Invalid { .. } => "invalid",
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::Csrf => "csrf",
            AppError::Conflict(_) => "conflict",
            AppError::TooManyRequests { .. } => "too_many_requests",
            AppError::Busy { .. } => "busy",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::BodyTooSlow => "request_timeout",
            AppError::UnsupportedMediaType(_) => "unsupported_media_type",
            AppError::MethodNotAllowed { .. } => "method_not_allowed",
            AppError::Database(_) => "unavailable",
            AppError::Internal(_) => "internal",
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::BodyTooSlow => StatusCode::REQUEST_TIMEOUT,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Database(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if self.is_failure() {
            tracing::error!(error = ?self, "request failed");
        }
        let mut res = HttpResponse::build(self.status_code());
        match self {
            AppError::TooManyRequests { retry_after } | AppError::Busy { retry_after } => {
                res.insert_header(("Retry-After", retry_after.to_string()));
            }
            AppError::MethodNotAllowed { allow } => {
                res.insert_header(("Allow", allow.as_str()));
            }
            _ => {}
        }
        res.json(ErrorBody {
            error: ErrorDetail {
                code: self.code().to_owned(),
                message: self.to_string(),
            },
        })
    }
}

/// The one shape of every JSON error (SPEC): `{"error":{"code","message"}}`.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable, for programs: `not_found`, `invalid`, `conflict`, …
    pub code: String,
    /// For people: what was wrong, naming the field or file.
    pub message: String,
}
