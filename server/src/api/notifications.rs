//! What payment providers tell us. `POST /api/v1/payment-notifications/bank`: a bank's
//! balance-change notification, signed `X-Motcua-Signature: t=…,v1=…`; a bad or stale
//! signature is answered 401 and changes nothing, a replay 200 and changes nothing.
//! `GET /api/v1/payment-notifications/vnpay`: VNPAY's IPN, answered
//! `{"RspCode","Message"}` with HTTP 200 as VNPAY requires.

use super::body::ErrorDoc;
use super::error::ApiError;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};
use services::payments::notifications::{Outcome, receive_bank};
use services::payments::vnpay;
use utoipa::{IntoParams, ToSchema};

pub const SIGNATURE_HEADER: &str = "x-motcua-signature";

/// A balance change, as the bank (through its aggregator) sends it: the schema of
/// `services::payments::notifications::BankCredit`, which reads it.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)] // a schema only: the signed raw body goes to the service as it came
pub struct BankNotification {
    /// The bank's id of the transaction; a second notification with it is a replay.
    pub id: String,
    #[serde(default)]
    pub gateway: String,
    #[serde(default)]
    pub transaction_date: String,
    /// The credited account.
    #[serde(default)]
    pub account_number: String,
    /// The transfer content, which carries the payment's reference.
    #[serde(default)]
    pub content: String,
    /// `in` (money received) or `out`; only `in` can pay an attempt.
    pub transfer_type: String,
    #[schema(value_type = i64, minimum = 0)]
    pub amount: domain::Vnd,
    #[serde(default)]
    pub reference_code: String,
}

/// What a notification did.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BankResult {
    /// It paid an attempt.
    Paid,
    /// It was received before.
    Replay,
    /// Money out, or nothing of ours.
    Ignored,
    /// Money for us that could not be matched: staff reconcile it.
    Exception,
}

/// The answer to a notification.
#[derive(Debug, Serialize, ToSchema)]
pub struct BankAnswer {
    pub success: bool,
    pub result: BankResult,
    /// The kind of exception recorded, if any: `unknown_reference`, `wrong_account`,
    /// `wrong_amount`, `late`, `notice_paid` or `duplicate` (`domain::payment::ExceptionKind`).
    pub exception: Option<String>,
}

/// A bank's balance-change notification, signed
/// `X-Motcua-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
#[utoipa::path(post, path = "/payment-notifications/bank", tag = "providers",
    params(("X-Motcua-Signature" = String, Header, description = "t=<unix>,v1=<hex>")),
    request_body = BankNotification,
    responses(
        (status = 200, description = "Received", body = BankAnswer),
        (status = 400, description = "Not a notification", body = ErrorDoc),
        (status = 401, description = "Missing, wrong or stale signature", body = ErrorDoc),
    ))]
pub async fn bank(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<BankAnswer>, ApiError> {
    let header = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    // A body that is not UTF-8 cannot carry a valid signature over what it became.
    let raw = String::from_utf8_lossy(&body);
    let outcome = receive_bank(&state.services, &raw, header).await;
    state.metrics.notification(
        "bank",
        match &outcome {
            Ok(Outcome::Paid { .. }) => "applied",
            Ok(Outcome::Replay) => "duplicate",
            Ok(Outcome::Ignored) => "ignored",
            Ok(Outcome::Exception { .. }) => "exception",
            Err(services::ServiceError::Unexpected(_)) => "error",
            Err(_) => "refused",
        },
    );
    let outcome = outcome?;
    let (result, exception) = match outcome {
        Outcome::Paid { .. } => (BankResult::Paid, None),
        Outcome::Replay => (BankResult::Replay, None),
        Outcome::Ignored => (BankResult::Ignored, None),
        Outcome::Exception { kind } => (BankResult::Exception, Some(kind.as_str().to_owned())),
    };
    Ok(Json(BankAnswer {
        success: true,
        result,
        exception,
    }))
}

/// The IPN's parameters (VNPAY 2.1.0); every one is checked by the signature, so none
/// is refused here: a missing or forged one is answered in the body.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code, non_snake_case)]
pub struct IpnQuery {
    vnp_TmnCode: Option<String>,
    vnp_Amount: Option<String>,
    vnp_BankCode: Option<String>,
    vnp_OrderInfo: Option<String>,
    vnp_PayDate: Option<String>,
    vnp_ResponseCode: Option<String>,
    vnp_TransactionNo: Option<String>,
    vnp_TransactionStatus: Option<String>,
    vnp_TxnRef: Option<String>,
    /// Hex HMAC-SHA512 of the other parameters, sorted and form-encoded.
    vnp_SecureHash: Option<String>,
}

/// VNPAY's answer codes.
#[derive(Debug, Serialize, ToSchema)]
#[allow(non_snake_case)]
pub struct IpnAnswer {
    /// `00` confirmed, `01` order not found, `02` already confirmed, `04` invalid amount,
    /// `97` invalid signature, `99` unknown error.
    #[schema(example = "00")]
    pub RspCode: String,
    pub Message: String,
}

/// VNPAY IPN: always HTTP 200, the outcome in `RspCode`.
#[utoipa::path(get, path = "/payment-notifications/vnpay", tag = "providers", params(IpnQuery),
    responses((status = 200, description = "Answered", body = IpnAnswer)))]
pub async fn vnpay_ipn(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Json<IpnAnswer> {
    let query = query.unwrap_or_default();
    let answer = vnpay::ipn(&state.services, &query).await;
    tracing::info!(rsp_code = answer.code(), "VNPAY IPN answered");
    state.metrics.notification(
        "vnpay",
        match answer.code() {
            "00" => "applied",
            "02" => "duplicate",
            "01" | "04" => "exception",
            "97" => "refused",
            _ => "error",
        },
    );
    Json(IpnAnswer {
        RspCode: answer.code().to_owned(),
        Message: answer.message().to_owned(),
    })
}
