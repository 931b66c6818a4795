//! VNPAY over HTTP: the IPN (`GET /api/v1/payment-notifications/vnpay`, answered
//! `{"RspCode","Message"}` with HTTP 200 as VNPAY requires) and the return URL
//! (`GET /thanh-toan/vnpay/ket-qua`), which only sends the payer to the payment page:
//! what that page shows comes from the database, never from the return parameters.

use crate::state::AppState;
use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde_json::{Value, json};
use services::payments::vnpay;

/// `GET /api/v1/payment-notifications/vnpay`.
pub async fn ipn(State(state): State<AppState>, RawQuery(query): RawQuery) -> Json<Value> {
    let query = query.unwrap_or_default();
    let answer = vnpay::ipn(&state.services, &query).await;
    tracing::info!(rsp_code = answer.code(), "VNPAY IPN answered");
    Json(json!({ "RspCode": answer.code(), "Message": answer.message() }))
}

/// `GET /thanh-toan/vnpay/ket-qua`.
pub async fn returned(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let query = query.unwrap_or_default();
    match vnpay::returned(&state.services, &query).await {
        Ok((id, code)) => {
            let code: String = code.chars().filter(char::is_ascii_digit).take(2).collect();
            Redirect::to(&format!("/thanh-toan/{id}?vnpay={code}")).into_response()
        }
        Err(e) => {
            tracing::warn!(error = ?e, "VNPAY return refused");
            (
                StatusCode::BAD_REQUEST,
                Html(
                    "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">\
                     <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
                     <title>Một Cửa</title><link rel=\"stylesheet\" href=\"/pkg/motcua.css\"></head>\
                     <body class=\"sandbox-page\"><h1>Không xác nhận được kết quả từ VNPAY</h1>\
                     <p data-testid=\"vnpay-return-error\">Dữ liệu trả về không hợp lệ. Trạng thái thanh toán \
                     của bạn vẫn được cập nhật tự động; xem lại tại mục <a href=\"/ho-so\">Hồ sơ của tôi</a>.</p>\
                     <p>(The data VNPAY sent back is not valid. Your payment status still updates by itself; \
                     see <a href=\"/ho-so\">My dossiers</a>.)</p></body></html>",
                ),
            )
                .into_response()
        }
    }
}
