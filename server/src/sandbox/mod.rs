//! Development-only sandbox: the SMS outbox as a page and as JSON, the sandbox bank and
//! the sandbox VNPAY gateway. Their pages are the app's (`app::routes::sandbox`, in the
//! Layout, without scripts), rendered from here ([`page`]) with what each shows; they
//! exist only while the sandbox is on (these routes are mounted only then).

pub mod bank;
pub mod vnpay;

use crate::api::error::ApiError;
use crate::state::AppState;
use app::i18n::Sandbox;
use app::routes::sandbox::{Outbox, OutboxLine};
use axum::Json;
use axum::Router;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::PhoneNumber;
use serde::Deserialize;
use serde_json::json;

/// The sandbox's page for the request's path, showing `value`.
async fn page<T: Clone + Send + Sync + 'static>(
    state: &AppState,
    req: Request,
    value: T,
) -> Response {
    crate::web::render_in(state, req, value, app::sandbox_shell).await
}

/// The sandbox's routes, at their full paths (not nested: the app renders its pages
/// for the request's own path).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sandbox/sms", get(sms))
        .route(
            "/sandbox/bank",
            get(crate::sandbox::bank::show).post(crate::sandbox::bank::transfer_form),
        )
        .route(
            "/sandbox/bank/transfers",
            axum::routing::post(crate::sandbox::bank::transfer_json),
        )
        .route(
            "/sandbox/vnpay/pay",
            get(crate::sandbox::vnpay::show).post(crate::sandbox::vnpay::decide),
        )
        .route(
            "/sandbox/vnpay/merchant_webapi/api/transaction",
            axum::routing::post(crate::sandbox::vnpay::transaction_api),
        )
}

/// Why a sandbox page refuses a post it cannot read.
fn unreadable_form() -> domain::Text {
    app::text!(Sandbox.form_could_not_be)
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
    req: Request,
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
    let outbox = Outbox {
        phone: phone.map(|p| p.national()).unwrap_or_default(),
        messages: messages
            .into_iter()
            .map(|m| OutboxLine {
                to: m.to,
                body: m.body,
                sent: domain::Date::from_unix_vn(m.sent_at).display_vi(),
            })
            .collect(),
    };
    Ok(page(&state, req, outbox).await)
}
