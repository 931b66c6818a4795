//! The sandbox VNPAY gateway (development only): opens a payment URL like VNPAY's
//! page does (checking its signature), lets the tester pay or cancel, calls this
//! server's IPN over real HTTP (retrying until it answers; or not at all, to play a
//! lost IPN), then sends the browser to the return URL with the signed result. Its
//! transaction API answers `querydr` about the orders it decided.

use crate::state::AppState;
use app::i18n::Sandbox;
use app::routes::sandbox::GatewayOrder;
use axum::extract::{RawQuery, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::{Text, vnpay};
use rand::Rng as _;
use serde::Deserialize;
use services::payments::vnpay::{VnpayConfig, querydr, sign, verify};
use std::collections::BTreeMap;
use std::time::Duration;

/// The checked request, or why the "gateway" refuses it.
fn check(
    state: &AppState,
    query: &str,
) -> Result<(BTreeMap<String, String>, std::sync::Arc<VnpayConfig>), Text> {
    let cfg = state
        .services
        .vnpay
        .clone()
        .ok_or_else(|| app::text!(Sandbox.vnpay_gateway_is_not))?;
    let params = vnpay::parse_query(query);
    if !verify(&cfg.hash_secret, &params) {
        return Err(app::text!(Sandbox.wrong_signature_vnp_securehash));
    }
    if params.get("vnp_TmnCode") != Some(&cfg.tmn_code) {
        return Err(app::text!(Sandbox.wrong_merchant_code_vnp));
    }
    let expired = params
        .get("vnp_ExpireDate")
        .is_some_and(|e| e.as_str() < vnpay::timestamp(state.services.now()).as_str());
    if expired {
        return Err(app::text!(Sandbox.time_to_pay_this));
    }
    Ok((params, cfg))
}

/// `GET /sandbox/vnpay/pay?…`: the app's gateway page with the order, or the refusal.
pub async fn show(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    req: Request,
) -> Response {
    let query = query.unwrap_or_default();
    let order = match check(&state, &query) {
        Ok((params, _)) => GatewayOrder::Pay {
            amount_vnd: params
                .get("vnp_Amount")
                .and_then(|a| vnpay::parse_amount(a))
                .unwrap_or_default(),
            info: params.get("vnp_OrderInfo").cloned().unwrap_or_default(),
            query,
        },
        Err(why) => GatewayOrder::Refused(why),
    };
    super::page(&state, req, order).await
}

#[derive(Debug, Deserialize)]
pub struct Decision {
    query: String,
    decision: String,
}

/// `POST /sandbox/vnpay/pay`: pay or cancel, tell the server, send the browser back.
pub async fn decide(State(state): State<AppState>, req: Request) -> Response {
    let (form, page_request) = crate::web::read_form::<Decision>(&state, req).await;
    let checked = form
        .ok_or_else(super::unreadable_form)
        .and_then(|d| Ok((check(&state, &d.query)?, d)));
    let ((params, cfg), d) = match checked {
        Ok(checked) => checked,
        Err(why) => {
            return super::page(&state, page_request, GatewayOrder::Refused(why)).await;
        }
    };
    let silent = d.decision == "pay_without_ipn";
    let paid = d.decision == "pay" || silent;
    let mut result = BTreeMap::new();
    let mut put = |k: &str, v: String| {
        result.insert(k.to_owned(), v);
    };
    for k in ["vnp_Amount", "vnp_OrderInfo", "vnp_TmnCode", "vnp_TxnRef"] {
        put(k, params.get(k).cloned().unwrap_or_default());
    }
    let txn_no = if paid {
        rand::thread_rng()
            .gen_range(10_000_000..99_999_999)
            .to_string()
    } else {
        "0".to_owned()
    };
    put("vnp_BankCode", "NCB".to_owned());
    put("vnp_CardType", "ATM".to_owned());
    put("vnp_PayDate", vnpay::timestamp(state.services.now()));
    put(
        "vnp_ResponseCode",
        if paid { "00" } else { "24" }.to_owned(),
    );
    put(
        "vnp_TransactionStatus",
        if paid { "00" } else { "02" }.to_owned(),
    );
    put("vnp_TransactionNo", txn_no);
    let query = format!(
        "{}&{}={}",
        vnpay::signing_string(&result),
        vnpay::HASH_PARAM,
        sign(&cfg.hash_secret, &result)
    );
    state.sandbox_vnpay.record(&result);
    if silent {
        tracing::info!("sandbox VNPAY: paid, IPN withheld");
        let back = params.get("vnp_ReturnUrl").cloned().unwrap_or_default();
        return Redirect::to(&format!("{back}?{query}")).into_response();
    }
    let ipn_url = format!(
        "{}/api/v1/payment-notifications/vnpay?{query}",
        state.self_url
    );
    let deliver = move || {
        let url = ipn_url.clone();
        async move {
            let res = reqwest::Client::new()
                .get(&url)
                .timeout(Duration::from_secs(10))
                .send()
                .await
                .map_err(|e| e.to_string())?;
            if res.status().is_success() {
                Ok(())
            } else {
                Err(format!("HTTP {}", res.status()))
            }
        }
    };
    if let Err(first) = deliver().await {
        tracing::warn!(error = %first, "sandbox VNPAY: IPN not delivered, retrying");
        tokio::spawn(async move {
            let mut wait = Duration::from_millis(500);
            for attempt in 2..=8 {
                tokio::time::sleep(wait).await;
                if deliver().await.is_ok() {
                    return;
                }
                tracing::warn!(attempt, "sandbox VNPAY: IPN retry failed");
                wait *= 2;
            }
        });
    }
    let back = params.get("vnp_ReturnUrl").cloned().unwrap_or_default();
    Redirect::to(&format!("{back}?{query}")).into_response()
}

/// The orders the sandbox gateway decided: the result it signed, by `vnp_TxnRef`.
#[derive(Debug, Default)]
pub struct Orders(std::sync::Mutex<std::collections::HashMap<String, BTreeMap<String, String>>>);

impl Orders {
    fn record(&self, result: &BTreeMap<String, String>) {
        if let Some(r) = result.get("vnp_TxnRef") {
            self.0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(r.clone(), result.clone());
        }
    }

    fn get(&self, txn_ref: &str) -> Option<BTreeMap<String, String>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(txn_ref)
            .cloned()
    }
}

/// `POST /sandbox/vnpay/merchant_webapi/api/transaction`: `querydr` as VNPAY answers it
/// (HTTP 200, the outcome in `vnp_ResponseCode`: 00 found, 91 not found, 97 bad
/// checksum, 03 unreadable), signed over its fields joined by `|`.
pub async fn transaction_api(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    let Some(cfg) = state.services.vnpay.clone() else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let answer = |fields: Vec<(&str, String)>| {
        let mut a: BTreeMap<String, String> =
            fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        a.insert(
            "vnp_ResponseId".into(),
            uuid::Uuid::new_v4().simple().to_string(),
        );
        a.insert("vnp_Command".into(), vnpay::QUERY_COMMAND.into());
        a.insert("vnp_TmnCode".into(), cfg.tmn_code.clone());
        let hash = querydr::sign_data(&cfg.hash_secret, &vnpay::query_response_data(&a));
        a.insert(vnpay::HASH_PARAM.into(), hash);
        axum::Json(a).into_response()
    };
    let code = |c: &str, m: &str| {
        vec![
            ("vnp_ResponseCode", c.to_owned()),
            ("vnp_Message", m.to_owned()),
        ]
    };
    let Ok(request) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return answer(code("03", "Invalid data format"));
    };
    let q = querydr::fields(&request);
    let get = |k: &str| q.get(k).map_or("", String::as_str);
    let data = vnpay::query_request_data(&vnpay::QueryDr {
        request_id: get("vnp_RequestId"),
        tmn_code: get("vnp_TmnCode"),
        txn_ref: get("vnp_TxnRef"),
        transaction_date: get("vnp_TransactionDate"),
        create_date: get("vnp_CreateDate"),
        ip_addr: get("vnp_IpAddr"),
        order_info: get("vnp_OrderInfo"),
    });
    if get("vnp_Command") != vnpay::QUERY_COMMAND || get("vnp_TmnCode") != cfg.tmn_code {
        return answer(code("02", "Merchant is not valid"));
    }
    if !querydr::verify_data(&cfg.hash_secret, &data, get(vnpay::HASH_PARAM)) {
        return answer(code("97", "Invalid Checksum"));
    }
    let Some(order) = state.sandbox_vnpay.get(get("vnp_TxnRef")) else {
        return answer(code("91", "Transaction not found"));
    };
    let mut fields = code("00", "QueryDR Success");
    for k in [
        "vnp_TxnRef",
        "vnp_Amount",
        "vnp_BankCode",
        "vnp_PayDate",
        "vnp_TransactionNo",
        "vnp_TransactionStatus",
        "vnp_OrderInfo",
    ] {
        fields.push((k, order.get(k).cloned().unwrap_or_default()));
    }
    fields.push(("vnp_TransactionType", "01".to_owned()));
    answer(fields)
}
