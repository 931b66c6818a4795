//! `POST /api/v1/payment-notifications/bank`: a bank's balance-change notification,
//! signed `X-Motcua-Signature: t=…,v1=…`. A bad or stale signature is answered 401 and
//! changes nothing; a replay is answered 200 and changes nothing.

use super::error::ApiError;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use domain::Text;
use serde_json::{Value, json};
use services::payments::notifications::{Outcome, receive_bank};
use services::payments::signature;

pub const SIGNATURE_HEADER: &str = "x-motcua-signature";

pub async fn bank(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let header = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    if let Err(e) = signature::verify(
        &state.bank_webhook_secret,
        header,
        &body,
        state.services.now(),
    ) {
        tracing::warn!(reason = ?e, "bank notification refused");
        return Err(ApiError::Unauthorized);
    }
    let raw = std::str::from_utf8(&body).map_err(|_| {
        ApiError::bad_request(
            "invalid_json",
            Text::new("Nội dung không phải UTF-8", "The body is not UTF-8"),
        )
    })?;
    let outcome = receive_bank(&state.services, raw).await?;
    let (result, kind) = match outcome {
        Outcome::Paid { .. } => ("paid", None),
        Outcome::Replay => ("replay", None),
        Outcome::Ignored => ("ignored", None),
        Outcome::Exception { kind } => ("exception", Some(kind)),
    };
    Ok(Json(
        json!({ "success": true, "result": result, "exception": kind }),
    ))
}
