//! `POST /api/v1/qr/read`: a photo (JPEG or PNG, the request body) in, the text of the
//! QR code in it out, for pages that let a phone camera read a CCCD. Nothing is stored
//! and the text is not logged.

use super::body::{Binary, ErrorDoc};
use super::error::ApiError;
use crate::state::AppState;
use app::caller::PhotoReader;
use app::i18n::Api;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use services::ServiceError;
use utoipa::ToSchema;

/// What was read: the code's text, or none and why (not an image, no code in it, a
/// code too blurred to decode), for the person to take another photo.
#[derive(Debug, Serialize, ToSchema)]
pub struct QrRead {
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_en: Option<String>,
}

/// Read the QR code in a photo (JPEG or PNG, at most 12 MB, 16 megapixels). A photo in
/// which no code can be read is answered 200 with `text` null: reading it went as it
/// should, and the person needs to know to take another. Only for a signed-in caller, a
/// kiosk, or a person registering after a right sign-in code (the `motcua_registering`
/// cookie the code check sets).
#[utoipa::path(post, path = "/qr/read", tag = "accounts", security(("bearer" = [])),
    request_body(content(
        (Binary = "image/jpeg"), (Binary = "image/png"))),
    responses(
        (status = 200, description = "The code's text, or null and why", body = QrRead),
        (status = 400, description = "invalid_photo: no photo in the request", body = ErrorDoc),
        (status = 401, description = "Not signed in, not a kiosk, not registering", body = ErrorDoc),
        (status = 413, description = "Too large", body = ErrorDoc),
        (status = 429, description = "Too many photos", body = ErrorDoc,
            headers(("Retry-After" = i64, description = "Seconds to wait"))),
    ))]
pub async fn read(
    State(state): State<AppState>,
    _reader: PhotoReader,
    axum::Extension(client): axum::Extension<services::net::ClientKey>,
    body: axum::body::Bytes,
) -> Result<Json<QrRead>, ApiError> {
    if body.is_empty() {
        return Err(ApiError::bad_request(
            "invalid_photo",
            app::text!(Api.no_photo_was_sent),
        ));
    }
    match services::qr::read_photo(&state.services, body.to_vec(), client.as_str()).await {
        Ok(text) => Ok(Json(QrRead {
            text: Some(text),
            message: None,
            message_en: None,
        })),
        Err(ServiceError::Invalid {
            field: Some("photo"),
            message,
        }) => Ok(Json(QrRead {
            text: None,
            message: Some(message.vi),
            message_en: Some(message.en),
        })),
        Err(e) => Err(e.into()),
    }
}
