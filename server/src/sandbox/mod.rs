//! Development-only sandbox: the SMS outbox as a page and as JSON, and the sandbox bank.

pub mod bank;
pub mod vnpay;

use crate::api::error::ApiError;
use crate::state::AppState;
use crate::web::html::escape;
use axum::Json;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use domain::PhoneNumber;
use serde::Deserialize;
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sms", get(sms))
        .route(
            "/bank",
            get(crate::sandbox::bank::show).post(crate::sandbox::bank::transfer_form),
        )
        .route(
            "/bank/transfers",
            axum::routing::post(crate::sandbox::bank::transfer_json),
        )
        .route(
            "/vnpay/pay",
            get(crate::sandbox::vnpay::show).post(crate::sandbox::vnpay::decide),
        )
}

#[derive(Debug, Deserialize)]
pub struct SmsQuery {
    phone: Option<String>,
}

/// The outbox, newest first: JSON when asked for it (or when filtered by phone), a page otherwise.
async fn sms(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<SmsQuery>,
) -> Result<Response, ApiError> {
    let phone = match q.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => {
            Some(PhoneNumber::parse(p).map_err(|e| ApiError::bad_request("invalid_phone", e))?)
        }
        None => None,
    };
    let messages = services::sms::outbox(&state.services.db, phone.as_ref(), 200)
        .await
        .map_err(|e| ApiError::from(services::ServiceError::Unexpected(e)))?;
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    if !wants_html {
        return Ok(Json(json!({ "messages": messages })).into_response());
    }
    let rows: String = messages
        .iter()
        .map(|m| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&m.to),
                escape(&m.body),
                domain::Date::from_unix_vn(m.sent_at).display_vi()
            )
        })
        .collect();
    Ok(Html(format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Hộp thư SMS thử nghiệm</title><link rel=\"stylesheet\" href=\"/pkg/motcua.css\"></head>\
         <body class=\"sandbox-page\"><h1>Hộp thư SMS thử nghiệm</h1><p>Tin nhắn không được gửi đến điện thoại thật. JSON: <code>/sandbox/sms?phone=0912345678</code></p>\
         <form method=\"get\"><label for=\"p\">Số điện thoại</label> <input id=\"p\" name=\"phone\" value=\"{}\"> <button>Lọc</button></form>\
         <table><thead><tr><th>Đến</th><th>Nội dung</th><th>Ngày</th></tr></thead><tbody>{rows}</tbody></table></body></html>",
        escape(&phone.map(|p| p.national()).unwrap_or_default())
    ))
    .into_response())
}
