//! The error HTTP handlers answer with: a status, and a body that never
//! carries internal detail (5xx causes are logged, not sent). The body is
//! SPEC's JSON error shape; the admin guard turns it into an HTML page for
//! browsers (see `routes::admin::guard`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

use crate::db::article_edits::SaveError;
use crate::i18n::{Lang, Message};

/// Why a request failed. What a person reads is a [`Message`], said in
/// the language of whoever gets the answer (`AppError::message`); the
/// `code` stays English for programs.
pub enum AppError {
    NotFound,
    BadRequest(Message),
    /// A form or document that failed validation, naming the field.
    Invalid {
        field: String,
        message: Message,
    },
    Unauthenticated,
    Forbidden,
    Csrf,
    Conflict(Message),
    TooManyRequests {
        retry_after: i64,
    },
    /// Every core is busy with work of this kind (hashing passwords).
    Busy {
        retry_after: i64,
    },
    PayloadTooLarge,
    /// The body fell behind `FOLIO_BODY_MIN_RATE` (`routes::slow_bodies`).
    BodyTooSlow,
    UnsupportedMediaType(Message),
    /// The path exists, not with this method; `allow` lists those it has.
    MethodNotAllowed {
        allow: String,
    },
    Database(sqlx::Error),
    Internal(anyhow::Error),
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Database(e)
    }
}

/// English: logs, and answers for which no language was chosen.
impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().say(Lang::En))
    }
}

impl std::error::Error for AppError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AppError::Database(e) => Some(e),
            AppError::Internal(e) => Some(e.as_ref()),
            _ => None,
        }
    }
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

/// A save refused by the write path (`db::article_edits`): an invalid
/// field (422), a slug another article has or a change made meanwhile
/// (409).
impl From<SaveError> for AppError {
    fn from(e: SaveError) -> Self {
        match e {
            SaveError::Invalid(e) => AppError::invalid(e.field, e),
            // The request is well formed; it conflicts with another article.
            SaveError::SlugTaken(s) => {
                AppError::Conflict(Message::new("error-slug-taken").quoting("slug", &s))
            }
            SaveError::Conflict { fields, .. } => AppError::Conflict(
                Message::new("error-changed-meanwhile").with("fields", fields.join(", ")),
            ),
            SaveError::Database(e) => AppError::Database(e),
            // A caller that can meet it renders and saves again.
            SaveError::Unprepared(_) => AppError::Internal(anyhow::anyhow!("{e}")),
        }
    }
}

/// An image refused: too large (413), or not one folio keeps (422, the
/// `file` field).
impl From<crate::media::MediaError> for AppError {
    fn from(e: crate::media::MediaError) -> Self {
        match e {
            crate::media::MediaError::TooLarge { .. } => AppError::PayloadTooLarge,
            other => AppError::invalid("file", other),
        }
    }
}

impl From<crate::media_library::KeepError> for AppError {
    fn from(e: crate::media_library::KeepError) -> Self {
        use crate::media_library::KeepError;
        match e {
            KeepError::Refused(e) => e.into(),
            KeepError::Db(e) => e.into(),
            KeepError::Store(e) => AppError::Internal(e.into()),
            KeepError::Join(e) => e.into(),
        }
    }
}

impl From<crate::article_rules::RuleError> for AppError {
    fn from(e: crate::article_rules::RuleError) -> Self {
        use crate::article_rules::RuleError;
        match e {
            RuleError::MayNotSetStatus => AppError::Forbidden,
            RuleError::ScheduleNeedsTime => {
                AppError::invalid("status", Message::new("error-schedule-with-button"))
            }
            RuleError::ScheduleInPast => AppError::invalid("at", Message::new("time-in-past")),
        }
    }
}

/// Failures of the machinery under a request rather than of the request:
/// a template, a file, a blocking thread, a header folio made, an export.
/// (Not `serde_json::Error`: JSON a client sent is the client's mistake.) The cause is logged,
/// the answer a 500 (`AppError::Internal`).
macro_rules! internal_from {
    ($($t:ty),* $(,)?) => {
        $(impl From<$t> for AppError {
            fn from(e: $t) -> Self {
                AppError::Internal(e.into())
            }
        })*
    };
}

internal_from!(
    askama::Error,
    std::io::Error,
    actix_web::error::BlockingError,
    tokio::task::JoinError,
    actix_web::error::HttpError,
    actix_web::http::header::InvalidHeaderValue,
    crate::transfer::export::ExportError,
);

/// A JSON body that could not be read: its status says why (SPEC's 413,
/// 415, 400 or 422), its message names the problem and where.
impl From<actix_web::error::JsonPayloadError> for AppError {
    fn from(e: actix_web::error::JsonPayloadError) -> Self {
        use actix_web::error::JsonPayloadError as J;
        match e {
            J::OverflowKnownLength { .. } | J::Overflow { .. } => AppError::PayloadTooLarge,
            J::ContentType => AppError::UnsupportedMediaType(Message::new("error-send-json")),
            J::Deserialize(e) if e.is_data() => AppError::invalid(
                "body",
                Message::new("error-json-shape").with("detail", e.to_string()),
            ),
            J::Deserialize(e) => AppError::BadRequest(
                Message::new("error-json-syntax").with("detail", e.to_string()),
            ),
            other => AppError::BadRequest(
                Message::new("error-body-unreadable").with("detail", other.to_string()),
            ),
        }
    }
}

impl AppError {
    pub fn invalid(field: impl Into<String>, message: impl Into<Message>) -> AppError {
        AppError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// What a person reads: the catalog message, with its arguments.
    pub fn message(&self) -> Message {
        match self {
            AppError::NotFound => Message::new("error-not-found"),
            AppError::BadRequest(m) | AppError::Conflict(m) | AppError::UnsupportedMediaType(m) => {
                m.clone()
            }
            AppError::Invalid { field, message } => Message::new("error-invalid")
                .with("field", field.as_str())
                .with_message("message", message.clone()),
            AppError::Unauthenticated => Message::new("error-unauthenticated"),
            AppError::Forbidden => Message::new("error-forbidden"),
            AppError::Csrf => Message::new("error-csrf"),
            AppError::TooManyRequests { retry_after } => {
                Message::new("error-too-many-logins").with("seconds", *retry_after)
            }
            AppError::Busy { retry_after } => {
                Message::new("error-busy").with("seconds", *retry_after)
            }
            AppError::PayloadTooLarge => Message::new("error-too-large"),
            AppError::BodyTooSlow => Message::new("error-too-slow"),
            AppError::MethodNotAllowed { allow } => {
                Message::new("error-method").with("allow", allow.as_str())
            }
            AppError::Database(_) => Message::new("error-unavailable"),
            AppError::Internal(_) => Message::new("error-internal"),
        }
    }

    /// The JSON error body, its message in `lang`.
    pub fn body(&self, lang: Lang) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code().to_owned(),
                message: self.message().say(lang),
            },
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
        // English here; the middleware of each scope says it again in the
        // language the client reads (`localize`).
        res.json(self.body(Lang::En))
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

/// Says the JSON error of `res`, if it is one of ours, again in `lang`
/// (status, code and headers unchanged). Each scope's middleware calls it
/// with the language its client reads.
pub fn localize_json(
    res: actix_web::dev::ServiceResponse<actix_web::body::BoxBody>,
    lang: Lang,
) -> actix_web::dev::ServiceResponse<actix_web::body::BoxBody> {
    if lang == Lang::En {
        return res;
    }
    let Some(body) = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
        .map(|e| e.body(lang))
    else {
        return res;
    };
    let Ok(json) = serde_json::to_string(&body) else {
        return res;
    };
    res.map_body(|head, _| {
        head.headers.remove(actix_web::http::header::CONTENT_LENGTH);
        actix_web::body::BoxBody::new(json)
    })
}
