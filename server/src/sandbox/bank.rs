//! The sandbox bank (development only): reads a VietQR like a banking app, refuses
//! invalid ones, and "transfers" by sending this server a signed credit notification
//! over real HTTP, retrying with backoff until it gets a 2xx.

use crate::api::error::ApiError;
use crate::state::AppState;
use app::i18n::{Lang, Sandbox, fill};
use app::routes::sandbox::{BankPage, BankResult};
use axum::Json;
use axum::extract::{Request, State};
use axum::response::Response;
use domain::Localized as _;
use domain::vietqr;
use serde::Deserialize;
use serde_json::{Value, json};
use std::time::Duration;

/// Delivery tries before giving up (the last waits about a minute).
const MAX_TRIES: u32 = 8;

#[derive(Debug, Deserialize)]
pub struct TransferRequest {
    qr: String,
    /// For a QR without an amount (static), the amount typed by the "payer".
    #[serde(default)]
    amount: Option<domain::Vnd>,
}

/// What a transfer did.
#[derive(Debug)]
struct Sent {
    event_id: String,
    amount: domain::Vnd,
    delivered: Option<Value>,
}

async fn transfer(state: &AppState, req: &TransferRequest) -> Result<Sent, ApiError> {
    let decoded = vietqr::decode(req.qr.trim());
    if !decoded.is_valid() {
        let reasons: Vec<String> = decoded.errors.iter().map(|e| e.text().vi).collect();
        let reasons_en: Vec<String> = decoded.errors.iter().map(|e| e.text().en).collect();
        return Err(ApiError::bad_request(
            "invalid_qr",
            Lang::both(|l| {
                let why = if l.is_en() { &reasons_en } else { &reasons };
                fill!(l.of::<Sandbox>().bank_refuses_qr, reasons = why.join("; "))
            }),
        ));
    }
    let amount = match (decoded.amount_vnd(), req.amount) {
        (Some(a), _) => a,
        (None, Some(a)) if a > domain::Vnd::ZERO => a,
        _ => {
            return Err(ApiError::bad_request(
                "amount_required",
                app::text!(Sandbox.qr_has_no_amount),
            ));
        }
    };
    let event_id = format!("SBX{}", uuid::Uuid::new_v4().simple());
    let content = decoded
        .purpose
        .clone()
        .or_else(|| decoded.reference_label.clone())
        .unwrap_or_default();
    let body = json!({
        "id": event_id,
        "gateway": "SANDBOX",
        "transaction_date": domain::Date::time_vn(state.services.now()),
        "account_number": decoded.account,
        "content": format!("{content} FT{}", &event_id[3..13]),
        "transfer_type": "in",
        "amount": amount,
        "reference_code": format!("FT{}", &event_id[3..15]),
    })
    .to_string();
    let url = format!("{}/api/v1/payment-notifications/bank", state.self_url);
    let secret = state.services.bank_webhook_secret.clone();
    let clock = state.services.clock.clone();
    // The first try inline, so the tester sees the result; the rest in the background.
    let deliver = move |body: String| {
        let (url, secret, clock) = (url.clone(), secret.clone(), clock.clone());
        async move {
            let signature =
                services::payments::signature::sign(&secret, clock.now(), body.as_bytes());
            let res = reqwest::Client::new()
                .post(&url)
                .header("content-type", "application/json")
                .header("x-motcua-signature", signature)
                .timeout(Duration::from_secs(10))
                .body(body)
                .send()
                .await
                .map_err(|e| e.to_string())?;
            if res.status().is_success() {
                res.json::<Value>().await.map_err(|e| e.to_string())
            } else {
                Err(format!("HTTP {}", res.status()))
            }
        }
    };
    match deliver(body.clone()).await {
        Ok(answer) => Ok(Sent {
            event_id,
            amount,
            delivered: Some(answer),
        }),
        Err(first) => {
            tracing::warn!(error = %first, "sandbox bank: notification not delivered, retrying");
            tokio::spawn(async move {
                let mut wait = Duration::from_millis(500);
                for attempt in 2..=MAX_TRIES {
                    tokio::time::sleep(wait).await;
                    match deliver(body.clone()).await {
                        Ok(_) => return,
                        Err(e) => tracing::warn!(error = %e, attempt, "sandbox bank: retry failed"),
                    }
                    wait *= 2;
                }
                tracing::error!("sandbox bank: notification given up after {MAX_TRIES} tries");
            });
            Ok(Sent {
                event_id,
                amount,
                delivered: None,
            })
        }
    }
}

/// `POST /sandbox/bank/transfers {"qr","amount"?}`.
pub async fn transfer_json(
    State(state): State<AppState>,
    Json(req): Json<TransferRequest>,
) -> Result<Json<Value>, ApiError> {
    let sent = transfer(&state, &req).await?;
    Ok(Json(json!({
        "id": sent.event_id,
        "amount_vnd": sent.amount,
        "delivered": sent.delivered.is_some(),
        "server_answer": sent.delivered,
    })))
}

/// `GET /sandbox/bank`: the app's sandbox bank page, with its form.
pub async fn show(State(state): State<AppState>, req: Request) -> Response {
    super::page(&state, req, BankPage { result: None }).await
}

#[derive(Debug, Deserialize)]
pub struct TransferForm {
    qr: String,
    #[serde(default)]
    amount: String,
}

/// `POST /sandbox/bank` (the form): transfers, then shows the result on the page.
pub async fn transfer_form(State(state): State<AppState>, req: Request) -> Response {
    let (form, page_request) = crate::web::read_form::<TransferForm>(&state, req).await;
    let Some(f) = form else {
        let why = super::unreadable_form();
        let page = BankPage {
            result: Some(BankResult::Refused(why)),
        };
        return super::page(&state, page_request, page).await;
    };
    let req = TransferRequest {
        qr: f.qr,
        amount: f.amount.trim().replace(['.', ' '], "").parse().ok(),
    };
    let result = match transfer(&state, &req).await {
        Ok(sent) => BankResult::Sent {
            amount_vnd: sent.amount,
            event_id: sent.event_id,
            delivered: sent.delivered.is_some(),
        },
        Err(e) => BankResult::Refused(e.message()),
    };
    let page = BankPage {
        result: Some(result),
    };
    super::page(&state, page_request, page).await
}
