//! Receipts over the API: the PDF of a paid attempt (payer and agency staff; the
//! first delivery is the original, later ones are marked "Bản sao"), the public
//! verification of a token, and the public key receipts are signed with.

use super::error::ApiError;
use crate::state::AppState;
use app::caller::Payer;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use services::receipts;

/// `GET /api/v1/payments/{id}/receipt.pdf`.
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

/// `GET /api/v1/receipts/verify/{token}`: what the public verification page shows.
pub async fn verify(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let v = receipts::verify(&state.services, &token).await?;
    Ok(Json(json!({
        "valid": v.valid,
        "status": v.status,
        "message": v.message.vi,
        "message_en": v.message.en,
        "issuer_name": v.issuer_name,
        "issuer_tax_code": v.issuer_tax_code,
        "template_symbol": v.template_symbol,
        "series_symbol": v.series_symbol,
        "number": v.number,
        "issued_on": v.issued_on,
        "total_vnd": v.total_vnd,
        "total_in_words": v.total_in_words,
        "payer": v.payer,
        "dossier_code": v.dossier_code,
        "key_id": v.key_id,
    })))
}

/// `GET /api/v1/receipts/public-key`.
pub async fn public_key(State(state): State<AppState>) -> Json<Value> {
    let signer = &state.services.receipt_signer;
    Json(json!({
        "algorithm": "Ed25519",
        "public_key": signer.public_hex(),
        "key_id": signer.key_id(),
        "signed_message": "the receipt's stored JSON content, exactly as issued",
    }))
}

/// `GET /api/v1/receipts/verify/{token}/qr.svg`: the verification QR of a receipt (for
/// the printed slip); only for a token that exists.
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
