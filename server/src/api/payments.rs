//! Payments over the API: start (or resume) a dynamic-QR payment of a dossier's fee,
//! read an attempt, and the QR as SVG.

use super::body::ErrorDoc;
use super::error::ApiError;
use super::extract::Path;
use crate::state::AppState;
use app::caller::Payer;
use app::i18n::Api;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::payment::PaymentStatus;
use serde::{Deserialize, Serialize};
use services::payments::{self, Attempt};
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

/// One attempt at paying a dossier's fee notice.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttemptView {
    pub id: i64,
    pub dossier_code: String,
    /// The transfer content the bank credit must carry.
    pub reference: String,
    #[schema(value_type = i64)]
    pub amount_vnd: domain::Vnd,
    /// The EMVCo (VietQR) payload; none for VNPAY.
    pub qr_payload: Option<String>,
    pub qr_svg_url: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds; the QR is dead after it.
    pub expires_at: i64,
    #[schema(schema_with = payment_status_schema)]
    pub status: String,
    pub status_label: String,
    pub status_label_en: String,
    pub bank_bin: String,
    pub bank_name: String,
    pub account_number: String,
    pub account_name: String,
    pub agency_name: String,
    /// `vietqr`, `vnpay`, or `bank_transfer` (a transfer staff matched by hand).
    pub provider: String,
    /// The gateway page to pay at (VNPAY).
    pub payment_url: Option<String>,
    /// Once paid.
    pub receipt_pdf_url: Option<String>,
}

fn payment_status_schema() -> impl Into<RefOr<Schema>> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(PaymentStatus::ALL.map(PaymentStatus::as_str)))
}

impl From<&Attempt> for AttemptView {
    fn from(a: &Attempt) -> Self {
        let label = a.status.label();
        let qr = !a.qr_payload.is_empty();
        Self {
            id: a.id,
            dossier_code: a.dossier_code.clone(),
            reference: a.reference.clone(),
            amount_vnd: a.amount_vnd,
            qr_payload: qr.then(|| a.qr_payload.clone()),
            qr_svg_url: qr.then(|| format!("/api/v1/payments/{}/qr.svg", a.id)),
            created_at: a.created_at,
            expires_at: a.expires_at,
            status: a.status.as_str().to_owned(),
            status_label: label.vi,
            status_label_en: label.en,
            bank_bin: a.bank_bin.clone(),
            bank_name: a.bank_name.clone(),
            account_number: a.account_number.clone(),
            account_name: a.account_name.clone(),
            agency_name: a.agency_name.clone(),
            provider: a.provider.as_str().to_owned(),
            payment_url: (!a.pay_url.is_empty()).then(|| a.pay_url.clone()),
            receipt_pdf_url: (a.status == PaymentStatus::Paid)
                .then(|| format!("/api/v1/payments/{}/receipt.pdf", a.id)),
        }
    }
}

/// How to pay.
#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    /// A dynamic VietQR for any banking app (the default).
    #[default]
    Vietqr,
    /// The VNPAY gateway's page.
    Vnpay,
}

/// The optional body of a payment request.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct StartPayment {
    /// `vietqr` (default) or `vnpay`.
    #[serde(default)]
    provider: Option<Provider>,
}

/// Pay the dossier's fee notice by dynamic VietQR (default) or VNPAY: 201 with a new
/// attempt, 200 with the one still live.
#[utoipa::path(post, path = "/dossiers/{code}/payments", tag = "payments",
    security(("bearer" = [])),
    params(("code" = String, Path, example = "000.00.31.H53-261124-0001")),
    request_body(content = Option<StartPayment>, description = "Optional"),
    responses(
        (status = 201, description = "A new attempt", body = AttemptView),
        (status = 200, description = "The attempt still live", body = AttemptView),
        (status = 400, description = "No fee due, or an unreadable body", body = ErrorDoc),
        (status = 401, description = "No or bad token", body = ErrorDoc),
        (status = 404, description = "Missing, or someone else's", body = ErrorDoc),
        (status = 409, description = "Already paid, or no collection account", body = ErrorDoc),
    ))]
pub async fn start(
    State(state): State<AppState>,
    axum::Extension(client): axum::Extension<services::net::ClientIp>,
    Payer(who): Payer,
    Path(code): Path<String>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<AttemptView>), ApiError> {
    let choice: StartPayment = if body.iter().all(u8::is_ascii_whitespace) {
        StartPayment::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|_| ApiError::bad_request("invalid_body", app::text!(Api.body_must_be_json)))?
    };
    let (attempt, created) = match choice.provider.unwrap_or_default() {
        Provider::Vietqr => payments::start_attempt(&state.services, &who, &code).await?,
        Provider::Vnpay => {
            let ip = client.to_string();
            payments::vnpay::start(&state.services, &who, &code, &ip, false).await?
        }
    };
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(AttemptView::from(&attempt))))
}

/// One payment attempt and its status.
#[utoipa::path(get, path = "/payments/{id}", tag = "payments", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The attempt", body = AttemptView),
        (status = 400, description = "Unreadable path", body = ErrorDoc),
        (status = 401, description = "No or bad token", body = ErrorDoc),
        (status = 404, description = "Missing, or not yours", body = ErrorDoc),
    ))]
pub async fn show(
    State(state): State<AppState>,
    Payer(who): Payer,
    Path(id): Path<i64>,
) -> Result<Json<AttemptView>, ApiError> {
    let attempt = payments::get_attempt(&state.services, &who, id).await?;
    Ok(Json(AttemptView::from(&attempt)))
}

/// The QR of a payload as a standalone SVG.
#[must_use]
pub fn qr_svg(payload: &str) -> Option<String> {
    services::qr::svg(payload)
}

/// The attempt's QR code as SVG.
#[utoipa::path(get, path = "/payments/{id}/qr.svg", tag = "payments", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The QR", content_type = "image/svg+xml", body = String),
        (status = 400, description = "Unreadable path", body = ErrorDoc),
        (status = 401, description = "No or bad token", body = ErrorDoc),
        (status = 404, description = "Missing, not yours, or paid through a gateway", body = ErrorDoc),
    ))]
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
    // An attempt's QR never changes: the payer's browser keeps it until the deadline
    // (issue 18, item 3), and no shared cache keeps it at all.
    let left = (attempt.expires_at - state.services.now()).max(0);
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::try_from(format!("private, max-age={left}, immutable"))
            .map_err(|e| ApiError::from(services::ServiceError::Unexpected(e.into())))?,
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
