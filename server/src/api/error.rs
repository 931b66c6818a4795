//! The API's error body and status mapping. Unexpected errors are logged with their
//! cause chain and answered with an opaque id.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use services::ServiceError;

#[derive(Debug)]
pub enum ApiError {
    NotFound,
    BadRequest { code: &'static str, message: String },
    Unauthorized,
    Forbidden,
    RateLimited { message: String, retry_after: i64 },
    Internal { error_id: String },
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = match self {
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                "Không tìm thấy".to_owned(),
            ),
            Self::BadRequest { code, message } => (StatusCode::BAD_REQUEST, code, message),
            Self::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Thiếu hoặc sai mã truy cập (Authorization: Bearer …)".to_owned(),
            ),
            Self::Forbidden => (
                StatusCode::FORBIDDEN,
                "forbidden",
                "Không có quyền truy cập".to_owned(),
            ),
            Self::RateLimited {
                message,
                retry_after,
            } => {
                let mut res = (
                    StatusCode::TOO_MANY_REQUESTS,
                    Json(json!({"error": {"code": "rate_limited", "message": message}})),
                )
                    .into_response();
                if retry_after > 0
                    && let Ok(v) = HeaderValue::from_str(&retry_after.to_string())
                {
                    res.headers_mut().insert(header::RETRY_AFTER, v);
                }
                return res;
            }
            Self::Internal { error_id } => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                format!("Đã có lỗi xảy ra. Mã lỗi: {error_id}"),
            ),
        };
        (
            status,
            Json(json!({"error": {"code": code, "message": message}})),
        )
            .into_response()
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
                    _ => "invalid",
                },
                message,
            },
            ServiceError::Conflict(message) => Self::BadRequest {
                code: "conflict",
                message,
            },
            ServiceError::RegistrationRequired => Self::BadRequest {
                code: "registration_required",
                message: ServiceError::RegistrationRequired.to_string(),
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
        Self::BadRequest {
            code: "invalid_json",
            message: format!("Nội dung JSON không hợp lệ: {}", e.body_text()),
        }
    }
}
