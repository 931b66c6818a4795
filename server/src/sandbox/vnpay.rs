//! The sandbox VNPAY gateway (development only): opens a payment URL like VNPAY's
//! page does (checking its signature), lets the tester pay or cancel, calls this
//! server's IPN over real HTTP (retrying until it answers), then sends the browser to
//! the return URL with the signed result.

use crate::state::AppState;
use crate::web::html::escape;
use axum::extract::{Form, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::vnpay;
use rand::Rng as _;
use serde::Deserialize;
use services::payments::vnpay::{sign, verify};
use std::collections::BTreeMap;
use std::time::Duration;

fn page(status: StatusCode, body: &str) -> Response {
    (
        status,
        Html(format!(
            "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>VNPAY thử nghiệm</title><link rel=\"stylesheet\" href=\"/pkg/motcua.css\"></head>\
             <body class=\"sandbox-page\"><h1>Cổng VNPAY thử nghiệm</h1>\
             <p>Không có tiền thật. Trang này đóng vai cổng thanh toán VNPAY.</p>{body}</body></html>"
        )),
    )
        .into_response()
}

/// The checked request, or why the "gateway" refuses it.
fn check(state: &AppState, query: &str) -> Result<BTreeMap<String, String>, &'static str> {
    let cfg = state
        .services
        .vnpay
        .clone()
        .ok_or("Cổng VNPAY chưa được cấu hình")?;
    let params = vnpay::parse_query(query);
    if !verify(&cfg.hash_secret, &params) {
        return Err("Sai chữ ký (vnp_SecureHash): giao dịch bị từ chối");
    }
    if params.get("vnp_TmnCode") != Some(&cfg.tmn_code) {
        return Err("Sai mã website (vnp_TmnCode)");
    }
    let expired = params
        .get("vnp_ExpireDate")
        .is_some_and(|e| e.as_str() < vnpay::timestamp(state.services.now()).as_str());
    if expired {
        return Err("Giao dịch đã quá thời gian chờ thanh toán");
    }
    Ok(params)
}

/// `GET /sandbox/vnpay/pay?…`.
pub async fn show(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let query = query.unwrap_or_default();
    let params = match check(&state, &query) {
        Ok(p) => p,
        Err(why) => {
            return page(
                StatusCode::BAD_REQUEST,
                &format!("<p role=\"alert\" data-testid=\"vnpay-error\">{why}</p>"),
            );
        }
    };
    let amount = params
        .get("vnp_Amount")
        .and_then(|a| vnpay::parse_amount(a))
        .unwrap_or(0);
    let info = params.get("vnp_OrderInfo").cloned().unwrap_or_default();
    let q = escape(&query);
    page(
        StatusCode::OK,
        &format!(
            "<p>Thanh toán <strong data-testid=\"vnpay-amount\">{}</strong> cho: {}</p>\
             <form method=\"post\" action=\"/sandbox/vnpay/pay\"><input type=\"hidden\" name=\"query\" value=\"{q}\">\
             <input type=\"hidden\" name=\"decision\" value=\"pay\"><p><button type=\"submit\">Thanh toán</button></p></form>\
             <form method=\"post\" action=\"/sandbox/vnpay/pay\"><input type=\"hidden\" name=\"query\" value=\"{q}\">\
             <input type=\"hidden\" name=\"decision\" value=\"cancel\"><p><button type=\"submit\">Huỷ giao dịch</button></p></form>",
            domain::Vnd::try_new(amount)
                .map(domain::Vnd::display_vi)
                .unwrap_or_default(),
            escape(&info),
        ),
    )
}

#[derive(Debug, Deserialize)]
pub struct Decision {
    query: String,
    decision: String,
}

/// `POST /sandbox/vnpay/pay`: pay or cancel, tell the server, send the browser back.
pub async fn decide(State(state): State<AppState>, Form(d): Form<Decision>) -> Response {
    let params = match check(&state, &d.query) {
        Ok(p) => p,
        Err(why) => {
            return page(
                StatusCode::BAD_REQUEST,
                &format!("<p role=\"alert\" data-testid=\"vnpay-error\">{why}</p>"),
            );
        }
    };
    let Some(cfg) = state.services.vnpay.clone() else {
        return page(StatusCode::BAD_REQUEST, "");
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
