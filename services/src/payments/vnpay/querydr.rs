//! Asking VNPAY what became of an order (`vnp_Command=querydr`, POST JSON to the
//! transaction API): VNPAY sends no IPN when a payment window merely lapses, and an
//! IPN can be lost, so orders past their deadline without an answer are asked about
//! (research/payments.md §C.2). Both the request and the answer are signed: HMAC-SHA512
//! of their fields joined by `|`.

use super::{VnpayConfig, mac};
use crate::Services;
use crate::error::ServiceResult;
use crate::payments::gateway::{Inbound, Movement, Queried};
use domain::vnpay::{self, QueryDr};
use hmac::Mac as _;
use std::collections::BTreeMap;
use std::time::Duration;

/// Hex HMAC-SHA512 of `data`.
#[must_use]
pub fn sign_data(secret: &str, data: &str) -> String {
    let mut m = mac(secret);
    m.update(data.as_bytes());
    hex::encode(m.finalize().into_bytes())
}

/// Checks a hex HMAC-SHA512 of `data` (any case) in constant time.
#[must_use]
pub fn verify_data(secret: &str, data: &str, given: &str) -> bool {
    let Ok(given) = hex::decode(given.trim().to_ascii_lowercase()) else {
        return false;
    };
    let mut m = mac(secret);
    m.update(data.as_bytes());
    m.verify_slice(&given).is_ok()
}

/// The signed request body for `attempt`, asked at `now` under `request_id`.
#[must_use]
pub fn request(
    cfg: &VnpayConfig,
    attempt: &Queried,
    request_id: &str,
    now: i64,
) -> serde_json::Value {
    let transaction_date = vnpay::timestamp(attempt.created_at);
    let create_date = vnpay::timestamp(now);
    let order_info = format!("Truy van {}", attempt.reference);
    let q = QueryDr {
        request_id,
        tmn_code: &cfg.tmn_code,
        txn_ref: &attempt.reference,
        transaction_date: &transaction_date,
        create_date: &create_date,
        ip_addr: "127.0.0.1",
        order_info: &order_info,
    };
    serde_json::json!({
        "vnp_RequestId": request_id,
        "vnp_Version": vnpay::VERSION,
        "vnp_Command": vnpay::QUERY_COMMAND,
        "vnp_TmnCode": cfg.tmn_code,
        "vnp_TxnRef": attempt.reference,
        "vnp_OrderInfo": order_info,
        "vnp_TransactionDate": transaction_date,
        "vnp_CreateDate": create_date,
        "vnp_IpAddr": "127.0.0.1",
        "vnp_SecureHash": sign_data(&cfg.hash_secret, &vnpay::query_request_data(&q)),
    })
}

/// A JSON object's values as text (VNPAY writes some numbers unquoted).
#[must_use]
pub fn fields(answer: &serde_json::Value) -> BTreeMap<String, String> {
    answer
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| {
                    let v = match v {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    (k.clone(), v)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// What a verified answer says about `attempt`: a message as if VNPAY had sent an IPN,
/// or `None` while VNPAY knows no completed payment.
///
/// # Errors
/// A bad checksum, an answer about another order, or an error code.
pub fn read(
    cfg: &VnpayConfig,
    attempt: &Queried,
    answer: &BTreeMap<String, String>,
) -> anyhow::Result<Option<Inbound>> {
    let get = |k: &str| answer.get(k).map_or("", String::as_str);
    anyhow::ensure!(
        verify_data(
            &cfg.hash_secret,
            &vnpay::query_response_data(answer),
            get(vnpay::HASH_PARAM)
        ),
        "querydr answer with a bad checksum"
    );
    match get("vnp_ResponseCode") {
        "00" => {}
        // The order is not known to VNPAY: nobody paid it.
        "91" => return Ok(None),
        code => anyhow::bail!("querydr answered {code}: {}", get("vnp_Message")),
    }
    anyhow::ensure!(
        get("vnp_TxnRef") == attempt.reference && get("vnp_TmnCode") == cfg.tmn_code,
        "querydr answered about another order"
    );
    let movement = match get("vnp_TransactionStatus") {
        "00" => Movement::In,
        // Not finished (01) or under review (04, 05, 06, 07): ask again later.
        "01" | "04" | "05" | "06" | "07" => return Ok(None),
        _ => Movement::Failed,
    };
    let amount = vnpay::parse_amount(get("vnp_Amount"))
        .ok_or_else(|| anyhow::anyhow!("querydr amount {:?}", get("vnp_Amount")))?;
    let txn_no = get("vnp_TransactionNo");
    Ok(Some(Inbound {
        // The IPN of the same success has this id (`ref:TransactionNo:00`), so whichever
        // arrives second is a replay.
        event_id: match movement {
            Movement::In => format!("{}:{txn_no}:00", attempt.reference),
            _ => format!(
                "{}:{txn_no}:q{}",
                attempt.reference,
                get("vnp_TransactionStatus")
            ),
        },
        amount_vnd: amount,
        content: get("vnp_OrderInfo").to_owned(),
        account_number: None,
        bank_reference: txn_no.to_owned(),
        references: vec![attempt.reference.clone()],
        movement,
        // The deadline is checked against when VNPAY took the money, not when we asked.
        at: vnpay::parse_timestamp(get("vnp_PayDate")),
    }))
}

/// Asks VNPAY about `attempt`; returns the answer as a message and its raw text.
///
/// # Errors
/// When VNPAY cannot be reached or its answer cannot be trusted.
pub async fn ask(
    s: &Services,
    cfg: &VnpayConfig,
    attempt: &Queried,
) -> ServiceResult<Option<(Inbound, String)>> {
    let request_id = uuid::Uuid::new_v4().simple().to_string();
    let body = request(cfg, attempt, &request_id, s.now());
    let res = reqwest::Client::new()
        .post(&cfg.api_url)
        .json(&body)
        .timeout(Duration::from_secs(10))
        .send()
        .await
        .map_err(|e| anyhow::anyhow!("querydr: {e}"))?;
    if !res.status().is_success() {
        return Err(anyhow::anyhow!("querydr: HTTP {}", res.status()).into());
    }
    let raw = res
        .text()
        .await
        .map_err(|e| anyhow::anyhow!("querydr: {e}"))?;
    let answer: serde_json::Value =
        serde_json::from_str(&raw).map_err(|e| anyhow::anyhow!("querydr answer: {e}"))?;
    Ok(read(cfg, attempt, &fields(&answer))?.map(|inbound| (inbound, raw)))
}
