//! `POST /api/v1/qr/read`: a photo (JPEG or PNG, the request body) in, the text of the
//! QR code in it out, for pages that let a phone camera read a CCCD. Nothing is stored
//! and the text is not logged.

use super::error::ApiError;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

pub async fn read(
    State(state): State<AppState>,
    axum::Extension(client): axum::Extension<services::net::ClientIp>,
    body: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    let text =
        services::qr::read_photo(&state.services, body.to_vec(), &client.to_string()).await?;
    Ok(Json(json!({ "text": text })))
}
