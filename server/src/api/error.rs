//! The API's error body and status mapping: `{"error":{"code","message","message_en"}}`.
//! Unexpected errors are logged with their cause chain and answered with an opaque id.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::Text;
use serde_json::json;
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
        match self {
            Self::BadRequest { message, .. }
            | Self::Conflict { message }
            | Self::PayloadTooLarge { message }
            | Self::RateLimited { message, .. } => message.clone(),
            Self::InvalidForm(p) => ServiceError::InvalidForm(p.clone()).text(),
            Self::NotFound => Text::new("Không tìm thấy", "Not found"),
            Self::Unauthorized => Text::new("Vui lòng đăng nhập", "Please sign in"),
            Self::Forbidden => Text::new("Không có quyền truy cập", "Access denied"),
            Self::Internal { error_id } => Text::new(
                format!("Đã có lỗi xảy ra. Mã lỗi: {error_id}"),
                format!("Something went wrong. Error id: {error_id}"),
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut retry = 0;
        let (status, code, message) = match self {
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                Text::new("Không tìm thấy", "Not found"),
            ),
            Self::BadRequest { code, message } => (StatusCode::BAD_REQUEST, code, message),
            Self::Conflict { message } => (StatusCode::CONFLICT, "conflict", message),
            Self::InvalidForm(problems) => {
                let message = ServiceError::InvalidForm(problems.clone()).text();
                let fields: Vec<_> = problems
                    .iter()
                    .map(|p| json!({"field": p.field, "message": p.message.vi, "message_en": p.message.en}))
                    .collect();
                return (
                    StatusCode::BAD_REQUEST,
                    Json(json!({"error": {"code": "invalid_form", "message": message.vi, "message_en": message.en, "fields": fields}})),
                )
                    .into_response();
            }
            Self::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                Text::new(
                    "Thiếu hoặc sai mã truy cập (Authorization: Bearer …)",
                    "Missing or invalid access token (Authorization: Bearer …)",
                ),
            ),
            Self::Forbidden => (
                StatusCode::FORBIDDEN,
                "forbidden",
                Text::new("Không có quyền truy cập", "Access denied"),
            ),
            Self::PayloadTooLarge { message } => {
                (StatusCode::PAYLOAD_TOO_LARGE, "too_large", message)
            }
            Self::RateLimited {
                message,
                retry_after,
            } => {
                retry = retry_after;
                (StatusCode::TOO_MANY_REQUESTS, "rate_limited", message)
            }
            Self::Internal { error_id } => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                Text::new(
                    format!("Đã có lỗi xảy ra. Mã lỗi: {error_id}"),
                    format!("Something went wrong. Error id: {error_id}"),
                ),
            ),
        };
        let mut res = (
            status,
            Json(json!({"error": {"code": code, "message": message.vi, "message_en": message.en}})),
        )
            .into_response();
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
                code: match field {
                    Some("phone") => "invalid_phone",
                    Some("code") => "invalid_code",
                    Some("full_name") => "invalid_full_name",
                    Some("date_of_birth") => "invalid_date_of_birth",
                    Some("national_id") => "invalid_national_id",
                    Some("file") => "invalid_file",
                    Some("photo") => "invalid_photo",
                    Some("form") => "invalid_form",
                    Some(_) => "invalid_field",
                    None => "invalid",
                },
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
            ServiceError::Unexpected(err) => {
                let error_id = uuid::Uuid::new_v4().simple().to_string()[..12].to_owned();
                tracing::error!(error.cause_chain = ?err, %error_id, "unexpected error in the API");
                Self::Internal { error_id }
            }
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(e: JsonRejection) -> Self {
        Self::bad_request(
            "invalid_json",
            Text::new(
                format!("Nội dung JSON không hợp lệ: {}", e.body_text()),
                format!("Invalid JSON body: {}", e.body_text()),
            ),
        )
    }
}
