//! The sandbox VNPAY gateway (development only): opens a payment URL like VNPAY's
//! page does (checking its signature), lets the tester pay or cancel, calls this
//! server's IPN over real HTTP (retrying until it answers), then sends the browser to
//! the return URL with the signed result.

use crate::state::AppState;
use app::i18n::Sandbox;
use app::routes::sandbox::GatewayOrder;
use axum::extract::{RawQuery, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::{Text, vnpay};
use rand::Rng as _;
use serde::Deserialize;
use services::payments::vnpay::{VnpayConfig, sign, verify};
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
                .unwrap_or(0),
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
    let paid = d.decision == "pay";
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
