//! Payments over the API: start (or resume) a dynamic-QR payment of a dossier's fee,
//! read an attempt, and the QR as SVG.

use super::error::ApiError;
use crate::state::AppState;
use app::caller::Payer;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use services::payments::{self, Attempt};

pub fn attempt_json(a: &Attempt) -> Value {
    let label = a.status.label();
    json!({
        "id": a.id,
        "dossier_code": a.dossier_code,
        "reference": a.reference,
        "amount_vnd": a.amount_vnd,
        "qr_payload": (!a.qr_payload.is_empty()).then_some(&a.qr_payload),
        "qr_svg_url": (!a.qr_payload.is_empty()).then(|| format!("/api/v1/payments/{}/qr.svg", a.id)),
        "created_at": a.created_at,
        "expires_at": a.expires_at,
        "status": a.status.as_str(),
        "status_label": label.vi,
        "status_label_en": label.en,
        "bank_bin": a.bank_bin,
        "bank_name": a.bank_name,
        "account_number": a.account_number,
        "account_name": a.account_name,
        "agency_name": a.agency_name,
        "provider": a.provider,
        "payment_url": (!a.pay_url.is_empty()).then_some(&a.pay_url),
        "receipt_pdf_url": (a.status == domain::payment::PaymentStatus::Paid)
            .then(|| format!("/api/v1/payments/{}/receipt.pdf", a.id)),
    })
}

/// The optional body of a payment request.
#[derive(Debug, Default, serde::Deserialize)]
pub struct StartPayment {
    /// `vietqr` (default) or `vnpay`.
    #[serde(default)]
    provider: Option<String>,
}

/// `POST /api/v1/dossiers/{code}/payments`: 201 with a new QR (or VNPAY payment URL),
/// or 200 with the live one. The body `{"provider":"vnpay"}` is optional.
pub async fn start(
    State(state): State<AppState>,
    axum::Extension(client): axum::Extension<services::net::ClientIp>,
    Payer(who): Payer,
    Path(code): Path<String>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let choice: StartPayment = if body.iter().all(u8::is_ascii_whitespace) {
        StartPayment::default()
    } else {
        serde_json::from_slice(&body).map_err(|_| {
            ApiError::bad_request(
                "invalid_body",
                domain::Text::new(
                    "Nội dung yêu cầu phải là JSON, ví dụ {\"provider\":\"vnpay\"}",
                    "The body must be JSON such as {\"provider\":\"vnpay\"}",
                ),
            )
        })?
    };
    let (attempt, created) = match choice.provider.as_deref() {
        None | Some("vietqr") => payments::start_attempt(&state.services, &who, &code).await?,
        Some("vnpay") => {
            let ip = client.to_string();
            payments::vnpay::start(&state.services, &who, &code, &ip, false).await?
        }
        Some(other) => {
            return Err(ApiError::bad_request(
                "invalid_provider",
                domain::Text::new(
                    format!(
                        "Không hỗ trợ hình thức thanh toán \"{other}\"; chọn vietqr hoặc vnpay"
                    ),
                    format!("Unknown payment provider \"{other}\"; use vietqr or vnpay"),
                ),
            ));
        }
    };
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(attempt_json(&attempt))))
}

/// `GET /api/v1/payments/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Payer(who): Payer,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    let attempt = payments::get_attempt(&state.services, &who, id).await?;
    Ok(Json(attempt_json(&attempt)))
}

/// The QR of a payload as a standalone SVG.
#[must_use]
pub fn qr_svg(payload: &str) -> Option<String> {
    services::qr::svg(payload)
}

/// `GET /api/v1/payments/{id}/qr.svg`.
pub async fn svg(
    State(state): State<AppState>,
    Payer(who): Payer,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let attempt = payments::get_attempt(&state.services, &who, id).await?;
    if attempt.qr_payload.is_empty() {
        return Err(ApiError::NotFound);
    }
    let svg = qr_svg(&attempt.qr_payload).ok_or_else(|| {
        ApiError::from(services::ServiceError::Unexpected(anyhow::anyhow!(
            "QR too long"
        )))
    })?;
    let mut res = svg.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("image/svg+xml"),
    );
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SVG is a QR a camera reads: rendered to PNG and read back by zbar
    /// (`make test` installs zbar-tools and librsvg2-bin).
    #[test]
    fn the_svg_reads_back_as_the_payload() {
        let payload = "00020101021238570010A00000072701270006970436011300110000000310208QRIBFTTA530370454062050005802VN62200816MC261124K7QX9M2A6304A0B0";
        let svg = qr_svg(payload).expect("a QR");
        let dir = std::env::temp_dir().join(format!("motcua-qr-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let (svg_path, png_path) = (dir.join("qr.svg"), dir.join("qr.png"));
        std::fs::write(&svg_path, svg).expect("write svg");
        let converted = std::process::Command::new("rsvg-convert")
            .args(["-w", "400", "-o"])
            .arg(&png_path)
            .arg(&svg_path)
            .status()
            .expect("rsvg-convert is installed (librsvg2-bin)");
        assert!(converted.success());
        let out = std::process::Command::new("zbarimg")
            .args(["--quiet", "--raw"])
            .arg(&png_path)
            .output()
            .expect("zbarimg is installed (zbar-tools)");
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), payload);
    }
}
