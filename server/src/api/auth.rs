//! `POST /api/v1/auth/otp`, `POST /api/v1/auth/token`, `GET /api/v1/me`.

use super::body::ErrorDoc;
use super::error::ApiError;
use super::extract::Json;
use crate::state::AppState;
use app::caller::Citizen;
use axum::extract::State;
use axum::http::StatusCode;
use domain::PhoneNumber;
use serde::{Deserialize, Serialize};
use services::ServiceError;
use services::accounts::{self, Channel, Registration};
use utoipa::ToSchema;

/// A phone number written as the API takes it ([`PhoneNumber::PATTERN`]).
///
/// # Errors
/// `invalid_phone` otherwise.
pub fn exact_phone(phone: &str) -> Result<PhoneNumber, ApiError> {
    PhoneNumber::parse_exact(phone).map_err(|e| ServiceError::invalid("phone", e).into())
}

/// Who wants a sign-in code.
#[derive(Debug, Deserialize, ToSchema)]
pub struct OtpRequest {
    /// `0912345678` or `+84912345678`.
    #[schema(pattern = r"^(0|\+84)[35789][0-9]{8}$", example = "0912345678")]
    phone: String,
}

/// A code on its way.
#[derive(Debug, Serialize, ToSchema)]
pub struct OtpSent {
    /// The number, in national form.
    pub phone: String,
    /// When the code stops working (Unix seconds).
    pub expires_at: i64,
}

/// Send a 6-digit sign-in code by SMS.
#[utoipa::path(post, path = "/auth/otp", tag = "accounts", request_body = OtpRequest,
    responses(
        (status = 202, description = "Code sent", body = OtpSent),
        (status = 400, description = "Invalid phone or body", body = ErrorDoc),
        (status = 429, description = "Cooldown or rate limit", body = ErrorDoc,
            headers(("Retry-After" = i64, description = "Seconds to wait"))),
    ))]
pub async fn request_otp(
    State(state): State<AppState>,
    axum::Extension(client): axum::Extension<services::net::ClientKey>,
    Json(body): Json<OtpRequest>,
) -> Result<(StatusCode, axum::Json<OtpSent>), ApiError> {
    exact_phone(&body.phone)?;
    let sent = accounts::request_otp(&state.services, &body.phone, client.as_str()).await?;
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(OtpSent {
            phone: sent.phone.national(),
            expires_at: sent.expires_at,
        }),
    ))
}

/// A code to exchange; the three details register a new account.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenRequest {
    #[schema(pattern = r"^(0|\+84)[35789][0-9]{8}$", example = "0912345678")]
    phone: String,
    #[schema(pattern = "^[0-9]{6}$", example = "123456")]
    code: String,
    full_name: Option<String>,
    #[schema(format = Date, example = "1990-01-15")]
    date_of_birth: Option<String>,
    /// The 12-digit citizen identity number (CCCD).
    #[schema(pattern = "^[0-9]{12}$", example = "001090123456")]
    national_id: Option<String>,
}

/// The account signed in to.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignedInCitizen {
    pub id: i64,
    pub phone: String,
    pub full_name: String,
}

/// A bearer token and whose it is.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenGranted {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub citizen: SignedInCitizen,
}

/// Exchange a code for a bearer token; full_name, date_of_birth and national_id register a new account.
#[utoipa::path(post, path = "/auth/token", tag = "accounts", request_body = TokenRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenGranted),
        (status = 400, description = "Wrong code, invalid registration or registration_required", body = ErrorDoc),
        (status = 429, description = "Code dead after 5 wrong tries, or too many attempts", body = ErrorDoc,
            headers(("Retry-After" = i64, description = "Seconds to wait"))),
    ))]
pub async fn token(
    State(state): State<AppState>,
    axum::Extension(client): axum::Extension<services::net::ClientKey>,
    Json(b): Json<TokenRequest>,
) -> Result<axum::Json<TokenGranted>, ApiError> {
    exact_phone(&b.phone)?;
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
        client.as_str(),
        Channel::Api,
    )
    .await?;
    Ok(axum::Json(TokenGranted {
        token: signed.token,
        citizen: SignedInCitizen {
            id: signed.citizen.id,
            phone: signed.citizen.phone,
            full_name: signed.citizen.full_name,
        },
    }))
}

/// The signed-in citizen, as shown to themselves.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: i64,
    /// National form, `0912345678`.
    pub phone: String,
    pub full_name: String,
    #[schema(format = Date)]
    pub date_of_birth: String,
    /// Masked, `0010******56`.
    pub national_id: String,
    /// Checked against the ID card by an officer in person; until then the number is
    /// the citizen's own claim.
    pub national_id_verified: bool,
}

/// The signed-in citizen.
#[utoipa::path(get, path = "/me", tag = "accounts", security(("bearer" = [])),
    responses(
        (status = 200, description = "The citizen", body = Me),
        (status = 401, description = "No or bad token", body = ErrorDoc),
        (status = 403, description = "Not a citizen's token", body = ErrorDoc),
    ))]
pub async fn me(
    State(state): State<AppState>,
    Citizen(id): Citizen,
) -> Result<axum::Json<Me>, ApiError> {
    let c = accounts::citizen(&state.services, id).await?;
    Ok(axum::Json(Me {
        id: c.id,
        phone: c.phone,
        full_name: c.full_name,
        date_of_birth: c.date_of_birth,
        national_id: c.national_id,
        national_id_verified: c.national_id_verified,
    }))
}
