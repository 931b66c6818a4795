//! Receipts over the API: the PDF of a paid attempt (payer and agency staff; the
//! first delivery is the original, later ones are marked "Bản sao"), the public
//! verification of a token, and the public key receipts are signed with.

use super::body::{Binary, ErrorDoc};
use super::error::ApiError;
use super::extract::Path;
use crate::state::AppState;
use app::caller::Payer;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use services::receipts;
use utoipa::ToSchema;

/// The e-receipt of a paid attempt (payer and agency staff); the first delivery is the
/// original, later ones are marked "Bản sao".
#[utoipa::path(get, path = "/payments/{id}/receipt.pdf", tag = "receipts", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The receipt", content_type = "application/pdf", body = Binary,
            headers(("X-Receipt-Copy" = String, description = "`true` on every delivery after the first"))),
        (status = 400, description = "Unreadable path", body = ErrorDoc),
        (status = 401, description = "Not signed in", body = ErrorDoc),
        (status = 404, description = "Not paid, missing, or not yours", body = ErrorDoc),
        (status = 429, description = "Delivered too often to this caller within the hour (receipts::PRINTS)", body = ErrorDoc,
            headers(("Retry-After" = i64, description = "Seconds to wait"))),
    ))]
pub async fn pdf(
    State(state): State<AppState>,
    Payer(who): Payer,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let pdf = receipts::pdf(&state.services, &who, id, &state.public_url).await?;
    let mut res = pdf.bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", pdf.file_name)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        "x-receipt-copy",
        HeaderValue::from_static(if pdf.copy { "true" } else { "false" }),
    );
    Ok(res)
}

/// What the public check of a receipt shows: enough to match a paper copy, the payer's
/// name masked and no identity number.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReceiptCheck {
    /// Issued here, not cancelled, and its Ed25519 signature matches.
    pub valid: bool,
    pub status: String,
    pub message: String,
    pub message_en: String,
    pub issuer_name: String,
    pub issuer_tax_code: String,
    /// Mẫu số (ký hiệu mẫu biên lai).
    pub template_symbol: String,
    /// Ký hiệu biên lai.
    pub series_symbol: String,
    pub number: String,
    /// As printed, `24/11/2026`.
    pub issued_on: String,
    #[schema(value_type = i64)]
    pub total_vnd: domain::Vnd,
    pub total_in_words: String,
    /// Masked.
    pub payer: String,
    pub dossier_code: String,
    pub key_id: String,
}

/// Public check of a receipt by the token in its QR: valid when issued here and its
/// Ed25519 signature matches.
#[utoipa::path(get, path = "/receipts/verify/{token}", tag = "receipts",
    params(("token" = String, Path)),
    responses(
        (status = 200, description = "The receipt as issued", body = ReceiptCheck),
        (status = 400, description = "Unreadable path", body = ErrorDoc),
        (status = 404, description = "No such receipt", body = ErrorDoc),
    ))]
pub async fn verify(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<ReceiptCheck>, ApiError> {
    let v = receipts::verify(&state.services, &token).await?;
    Ok(Json(ReceiptCheck {
        valid: v.valid,
        status: v.status,
        message: v.message.vi,
        message_en: v.message.en,
        issuer_name: v.issuer_name,
        issuer_tax_code: v.issuer_tax_code,
        template_symbol: v.template_symbol,
        series_symbol: v.series_symbol,
        number: v.number,
        issued_on: v.issued_on,
        total_vnd: v.total_vnd,
        total_in_words: v.total_in_words,
        payer: v.payer,
        dossier_code: v.dossier_code,
        key_id: v.key_id,
    }))
}

/// The key receipts are signed with.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicKey {
    #[schema(example = "Ed25519")]
    pub algorithm: String,
    /// Hex.
    pub public_key: String,
    pub key_id: String,
    /// What the signature covers.
    pub signed_message: String,
}

/// The Ed25519 public key receipts are signed with (over their stored JSON content).
#[utoipa::path(get, path = "/receipts/public-key", tag = "receipts",
    responses((status = 200, description = "The key", body = PublicKey)))]
pub async fn public_key(State(state): State<AppState>) -> Json<PublicKey> {
    let signer = &state.services.receipt_signer;
    Json(PublicKey {
        algorithm: "Ed25519".to_owned(),
        public_key: signer.public_hex(),
        key_id: signer.key_id(),
        signed_message: "the receipt's stored JSON content, exactly as issued".to_owned(),
    })
}

/// The receipt's verification QR as SVG (for the printed slip); only for a token that
/// exists.
#[utoipa::path(get, path = "/receipts/verify/{token}/qr.svg", tag = "receipts",
    params(("token" = String, Path)),
    responses(
        (status = 200, description = "The QR", content_type = "image/svg+xml", body = String),
        (status = 400, description = "Unreadable path", body = ErrorDoc),
        (status = 404, description = "No such receipt", body = ErrorDoc),
    ))]
pub async fn verify_qr(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, ApiError> {
    let v = receipts::by_token(&state.services, &token).await?;
    let url = format!(
        "{}/verify/receipt/{}",
        state.public_url.trim_end_matches('/'),
        v.content.verify_token
    );
    let svg = super::payments::qr_svg(&url).ok_or(ApiError::NotFound)?;
    let mut res = svg.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("image/svg+xml"),
    );
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=3600"),
    );
    Ok(res)
}
