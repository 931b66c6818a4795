//! The API's error body and status mapping: `{"error":{"code","message","message_en"}}`.
//! Unexpected errors are logged with their cause chain and answered with an opaque id.

use app::i18n::Api;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::Text;
use domain::failure::{ErrorBody, Failure};
use services::ServiceError;

#[derive(Debug)]
pub enum ApiError {
    NotFound,
    BadRequest { code: &'static str, message: Text },
    InvalidForm(Vec<domain::form::FieldProblem>),
    Conflict { message: Text },
    Unauthorized,
    Forbidden,
    PayloadTooLarge { message: Text },
    RateLimited { message: Text, retry_after: i64 },
    Internal { error_id: String },
}

impl ApiError {
    pub fn bad_request(code: &'static str, message: impl Into<Text>) -> Self {
        Self::BadRequest {
            code,
            message: message.into(),
        }
    }
}

impl ApiError {
    /// The message shown for this error.
    #[must_use]
    pub fn message(&self) -> Text {
        self.failure().text()
    }

    /// This error in the one table (`domain::failure`): status, code and message.
    fn failure(&self) -> Failure<'_> {
        match self {
            Self::NotFound => Failure::NotFound,
            Self::BadRequest { message, .. } => Failure::Invalid {
                field: None,
                message,
            },
            Self::InvalidForm(p) => Failure::InvalidForm { problems: p.len() },
            Self::Conflict { message } => Failure::Conflict(message),
            Self::Unauthorized => Failure::Unauthenticated,
            Self::Forbidden => Failure::Forbidden,
            Self::PayloadTooLarge { message } => Failure::TooLarge(message),
            Self::RateLimited { message, .. } => Failure::RateLimited(message),
            Self::Internal { error_id } => Failure::Internal {
                error_id: error_id.clone(),
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let failure = self.failure();
        let status =
            StatusCode::from_u16(failure.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let code = match &self {
            Self::BadRequest { code, .. } => *code,
            _ => failure.code(),
        };
        let retry = match &self {
            Self::RateLimited { retry_after, .. } => *retry_after,
            _ => 0,
        };
        let mut body = ErrorBody::new(code, &failure);
        if let Self::InvalidForm(problems) = &self {
            body = body.with_fields(problems);
        }
        let mut res = (status, Json(body)).into_response();
        if retry > 0
            && let Ok(v) = HeaderValue::from_str(&retry.to_string())
        {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        res
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::NotFound => Self::NotFound,
            ServiceError::Invalid { field, message } => Self::BadRequest {
                code: Failure::Invalid {
                    field,
                    message: &message,
                }
                .code(),
                message,
            },
            ServiceError::Conflict(message) => Self::Conflict { message },
            ServiceError::InvalidForm(problems) => Self::InvalidForm(problems),
            ServiceError::RegistrationRequired => Self::BadRequest {
                code: "registration_required",
                message: ServiceError::RegistrationRequired.text(),
            },
            ServiceError::RateLimited {
                message,
                retry_after_seconds,
            } => Self::RateLimited {
                message,
                retry_after: retry_after_seconds,
            },
            ServiceError::Unauthenticated => Self::Unauthorized,
            ServiceError::Forbidden => Self::Forbidden,
            ServiceError::Unexpected(err) => Self::Internal {
                error_id: services::error::log_unexpected(&err),
            },
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(e: JsonRejection) -> Self {
        Self::bad_request(
            "invalid_json",
            app::text!(Api.invalid_json, why = e.body_text()),
        )
    }
}
