//! `POST /api/v1/auth/otp`, `POST /api/v1/auth/token`, `GET /api/v1/me`.

use super::error::ApiError;
use crate::state::AppState;
use app::caller::Citizen;
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use services::accounts::{self, Channel, Registration};

#[derive(Debug, Deserialize)]
pub struct OtpRequest {
    phone: String,
}

/// Sends a sign-in code; 202 once it is on its way.
pub async fn request_otp(
    State(state): State<AppState>,
    axum::Extension(client): axum::Extension<services::net::ClientIp>,
    body: Result<Json<OtpRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let Json(body) = body?;
    let sent = accounts::request_otp(&state.services, &body.phone, &client.to_string()).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({ "phone": sent.phone.national(), "expires_at": sent.expires_at })),
    ))
}

#[derive(Debug, Deserialize)]
pub struct TokenRequest {
    phone: String,
    code: String,
    full_name: Option<String>,
    date_of_birth: Option<String>,
    national_id: Option<String>,
}

/// Exchanges a code for a bearer token, registering a new account when details are given.
pub async fn token(
    State(state): State<AppState>,
    axum::Extension(client): axum::Extension<services::net::ClientIp>,
    body: Result<Json<TokenRequest>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let Json(b) = body?;
    let registration = (b.full_name.is_some()
        || b.national_id.is_some()
        || b.date_of_birth.is_some())
    .then(|| Registration {
        full_name: b.full_name.unwrap_or_default(),
        date_of_birth: b.date_of_birth.unwrap_or_default(),
        national_id: b.national_id.unwrap_or_default(),
    });
    let signed = accounts::sign_in(
        &state.services,
        &b.phone,
        &b.code,
        registration,
        &client.to_string(),
        Channel::Api,
    )
    .await?;
    Ok(Json(json!({
        "token": signed.token,
        "citizen": { "id": signed.citizen.id, "phone": signed.citizen.phone, "full_name": signed.citizen.full_name },
    })))
}

/// The calling citizen.
pub async fn me(
    State(state): State<AppState>,
    Citizen(id): Citizen,
) -> Result<Json<Value>, ApiError> {
    let c = accounts::citizen(&state.services, id).await?;
    Ok(Json(json!({
                "id": c.id,
                "phone": c.phone,
                "full_name": c.full_name,
                "date_of_birth": c.date_of_birth,
        "national_id": c.national_id,
    })))
}
